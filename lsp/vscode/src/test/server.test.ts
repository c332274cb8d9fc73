// findVmlint against real directory layouts, one per way of installing vmlint, in a temporary
// home: each install is found, the setting and the workspace's venv come first, and when
// nothing is installed every place looked at is named. With VMLINT_BIN set (the tests of the
// Rust side set it to the built binary), the vmlint found is started and answers --version.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Environment, findVmlint } from "../server";

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "vmlint-vscode-"));
}

/** A vmlint executable at `file`: the real binary when VMLINT_BIN is set, else a script. */
function install(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const real = process.env.VMLINT_BIN;
  if (real) {
    fs.copyFileSync(real, file);
  } else {
    fs.writeFileSync(file, "#!/bin/sh\necho 'vmlint (script)'\n");
  }
  fs.chmodSync(file, 0o755);
}

function environment(home: string, overrides: Partial<Environment> = {}): Environment {
  return {
    setting: "vmlint",
    workspaceFolders: [],
    env: { PATH: "/nonexistent", PRE_COMMIT_HOME: path.join(home, "pre-commit") },
    platform: "linux",
    home,
    ...overrides,
  };
}

function found(env: Environment): { executable: string; how: string } {
  const result = findVmlint(env);
  assert.ok("executable" in result, `not found: ${JSON.stringify(result)}`);
  return result;
}

test("pipx and uv tool installs in ~/.local/bin are found", () => {
  const home = scratch();
  install(path.join(home, ".local", "bin", "vmlint"));
  const result = found(environment(home));
  assert.equal(result.executable, path.join(home, ".local", "bin", "vmlint"));
  assert.match(result.how, /pipx \/ uv tool/);
  if (process.env.VMLINT_BIN) {
    const version = execFileSync(result.executable, ["--version"]).toString();
    assert.match(version, /^vmlint \d+\.\d+\.\d+ \(/);
  }
});

test("cargo install and cargo binstall in $CARGO_HOME/bin and ~/.cargo/bin are found", () => {
  const home = scratch();
  install(path.join(home, ".cargo", "bin", "vmlint"));
  assert.equal(found(environment(home)).executable, path.join(home, ".cargo", "bin", "vmlint"));
  const cargoHome = path.join(home, "rust", "cargo");
  install(path.join(cargoHome, "bin", "vmlint"));
  const env = environment(home, { env: { PATH: "", CARGO_HOME: cargoHome } });
  assert.equal(found(env).executable, path.join(cargoHome, "bin", "vmlint"));
});

test("uv tool's $UV_TOOL_BIN_DIR and pipx's $PIPX_BIN_DIR are found", () => {
  const home = scratch();
  const uv = path.join(home, "uv-bin");
  install(path.join(uv, "vmlint"));
  assert.equal(found(environment(home, { env: { UV_TOOL_BIN_DIR: uv } })).executable, path.join(uv, "vmlint"));
  const pipx = path.join(home, "pipx-bin");
  install(path.join(pipx, "vmlint"));
  assert.equal(found(environment(home, { env: { PIPX_BIN_DIR: pipx } })).executable, path.join(pipx, "vmlint"));
});

test("pip install into the workspace's .venv comes before the PATH", () => {
  const home = scratch();
  const workspace = path.join(home, "project");
  install(path.join(workspace, ".venv", "bin", "vmlint"));
  const onPath = path.join(home, "on-path");
  install(path.join(onPath, "vmlint"));
  const env = environment(home, { workspaceFolders: [workspace], env: { PATH: onPath } });
  assert.equal(found(env).executable, path.join(workspace, ".venv", "bin", "vmlint"));
  const withoutVenv = environment(home, { env: { PATH: `/nonexistent:${onPath}` } });
  assert.deepEqual(found(withoutVenv), { executable: path.join(onPath, "vmlint"), how: "PATH" });
});

test("the environment of either pre-commit hook is found last", () => {
  const home = scratch();
  const hook = path.join(home, "pre-commit", "repoabc123", "py_env-python3", "bin", "vmlint");
  install(hook);
  assert.deepEqual(found(environment(home)), { executable: hook, how: "a pre-commit hook's environment" });
});

test("the vmlint.path setting wins, relative to the workspace, and is not second-guessed", () => {
  const home = scratch();
  const workspace = path.join(home, "project");
  install(path.join(workspace, "tools", "vmlint"));
  install(path.join(home, ".local", "bin", "vmlint"));
  const env = environment(home, { setting: "tools/vmlint", workspaceFolders: [workspace] });
  assert.deepEqual(found(env), {
    executable: path.join(workspace, "tools", "vmlint"),
    how: "the vmlint.path setting",
  });
  const missing = findVmlint(environment(home, { setting: "/nowhere/vmlint" }));
  assert.deepEqual(missing, { looked: ["/nowhere/vmlint (the vmlint.path setting)"] });
});

test("a file that is not executable is not taken, and nothing found names every place", () => {
  const home = scratch();
  const plain = path.join(home, ".local", "bin", "vmlint");
  fs.mkdirSync(path.dirname(plain), { recursive: true });
  fs.writeFileSync(plain, "not a program");
  const result = findVmlint(environment(home));
  assert.ok("looked" in result);
  assert.ok(result.looked.includes(`${plain} (pipx / uv tool (~/.local/bin))`), result.looked.join("\n"));
  assert.ok(result.looked.some((place) => place.includes(path.join(".cargo", "bin"))));
});
