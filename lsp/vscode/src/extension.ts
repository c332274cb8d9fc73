// Starts `vmlint lsp` for the files vmlint reads and hands its diagnostics, quick fixes and
// hovers to VS Code. Everything else (what to lint, how) lives in the server; where the
// executable is comes from server.ts.
import { window, workspace, ExtensionContext } from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";
import { defaultEnvironment, findVmlint } from "./server";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel("vmlint");
  const setting = workspace.getConfiguration("vmlint").get<string>("path", "vmlint");
  const folders = (workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const found = findVmlint(defaultEnvironment(setting, folders));
  if ("looked" in found) {
    output.appendLine("vmlint was not found. Looked at:");
    found.looked.forEach((place) => output.appendLine(`  ${place}`));
    void window.showErrorMessage(
      "vmlint was not found. Install it (`pipx install vmlint`, `uv tool install vmlint`, " +
        "`pip install vmlint` or `cargo binstall vmlint`) or set `vmlint.path`.",
    );
    return;
  }
  output.appendLine(`Starting ${found.executable} lsp (found through ${found.how})`);
  const serverOptions: ServerOptions = { command: found.executable, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    outputChannel: output,
    documentSelector: [
      { scheme: "file", pattern: "**/*.tf" },
      { scheme: "file", pattern: "**/*.tf.json" },
      { scheme: "file", pattern: "**/*.{yml,yaml}" },
      { scheme: "file", pattern: "**/*.xml" },
      { scheme: "file", pattern: "**/*.xml.j2" },
      { scheme: "file", pattern: "**/qemu-server/*.conf" },
      { scheme: "file", pattern: "**/*.vmx" },
      { scheme: "file", pattern: "**/{jobs.cfg,vzdump.cron,resources.cfg}" },
    ],
    synchronize: {
      // A changed .vmlint.toml re-lints every open document.
      fileEvents: workspace.createFileSystemWatcher("**/.vmlint.toml"),
    },
  };
  client = new LanguageClient("vmlint", "vmlint", serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client?.stop() });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
