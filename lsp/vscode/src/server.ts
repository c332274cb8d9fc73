// Where the vmlint executable is, whichever way it was installed: the `vmlint.path` setting;
// a virtual environment of the workspace (`pip install vmlint` into .venv); the PATH; then the
// places the installers put it when the editor was not started from a shell that has them on
// its PATH — pipx and `uv tool` (~/.local/bin, $PIPX_BIN_DIR, $UV_TOOL_BIN_DIR,
// $XDG_BIN_HOME), `cargo install` and `cargo binstall` ($CARGO_HOME/bin, ~/.cargo/bin),
// Homebrew, and the environments pre-commit built for either vmlint hook. No `vscode` import,
// so that it is tested under plain Node.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface Environment {
  /** The `vmlint.path` setting ("vmlint" when not set). */
  setting: string;
  /** The workspace folders' paths. */
  workspaceFolders: string[];
  /** Environment variables (PATH, HOME, CARGO_HOME, …). */
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

export interface Found {
  executable: string;
  /** How it was found, for the output channel. */
  how: string;
}

export function defaultEnvironment(setting: string, workspaceFolders: string[]): Environment {
  return {
    setting,
    workspaceFolders,
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
  };
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function executableName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "vmlint.exe" : "vmlint";
}

/** Every place looked at, in order, with the reason it is looked at. */
export function candidates(environment: Environment): Array<[string, string]> {
  const { env, home, platform, workspaceFolders } = environment;
  const name = executableName(platform);
  const binDir = platform === "win32" ? "Scripts" : "bin";
  const places: Array<[string, string]> = [];
  for (const folder of workspaceFolders) {
    for (const venv of [".venv", "venv", "env"]) {
      places.push([path.join(folder, venv, binDir, name), `the workspace's ${venv}`]);
    }
  }
  const pathSeparator = platform === "win32" ? ";" : ":";
  for (const dir of (env.PATH ?? env.Path ?? "").split(pathSeparator)) {
    if (dir) {
      places.push([path.join(dir, name), "PATH"]);
    }
  }
  const installers: Array<[string | undefined, string]> = [
    [env.UV_TOOL_BIN_DIR, "uv tool ($UV_TOOL_BIN_DIR)"],
    [env.PIPX_BIN_DIR, "pipx ($PIPX_BIN_DIR)"],
    [env.XDG_BIN_HOME, "pipx / uv tool ($XDG_BIN_HOME)"],
    [path.join(home, ".local", "bin"), "pipx / uv tool (~/.local/bin)"],
    [env.CARGO_HOME && path.join(env.CARGO_HOME, "bin"), "cargo install / binstall ($CARGO_HOME)"],
    [path.join(home, ".cargo", "bin"), "cargo install / binstall (~/.cargo/bin)"],
    ["/opt/homebrew/bin", "Homebrew"],
    ["/usr/local/bin", "/usr/local/bin"],
  ];
  for (const [dir, how] of installers) {
    if (dir) {
      places.push([path.join(dir, name), how]);
    }
  }
  const preCommitHome = env.PRE_COMMIT_HOME ?? path.join(env.XDG_CACHE_HOME ?? path.join(home, ".cache"), "pre-commit");
  for (const repo of safeList(preCommitHome)) {
    for (const hookEnv of safeList(path.join(preCommitHome, repo))) {
      if (hookEnv.startsWith("py_env-") || hookEnv.startsWith("rustenv-")) {
        places.push([path.join(preCommitHome, repo, hookEnv, binDir, name), "a pre-commit hook's environment"]);
      }
    }
  }
  return places;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The vmlint to start, or undefined (with every place looked at) when there is none. */
export function findVmlint(environment: Environment): Found | { looked: string[] } {
  const setting = environment.setting.trim();
  if (setting && setting !== "vmlint") {
    const folder = environment.workspaceFolders[0];
    const configured = path.isAbsolute(setting) || !folder ? setting : path.join(folder, setting);
    if (isExecutable(configured, environment.platform)) {
      return { executable: configured, how: "the vmlint.path setting" };
    }
    return { looked: [`${configured} (the vmlint.path setting)`] };
  }
  const looked: string[] = [];
  for (const [file, how] of candidates(environment)) {
    if (isExecutable(file, environment.platform)) {
      return { executable: file, how };
    }
    looked.push(`${file} (${how})`);
  }
  return { looked };
}
