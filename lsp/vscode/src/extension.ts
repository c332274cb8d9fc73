// Starts `vmlint lsp` for the files vmlint reads and hands its diagnostics, quick fixes and
// hovers to VS Code. Everything else (what to lint, how) lives in the server.
import { workspace, ExtensionContext } from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const command = workspace.getConfiguration("vmlint").get<string>("path", "vmlint");
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
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
