//! The VS Code extension as users get it. `.ci/run` builds it the way the release does (`npm
//! ci` from the lockfile, `tsc`, `@vscode/vsce package`); here its Node tests run with this
//! build's binary (each way of installing vmlint laid out in a temporary home, the one found
//! started with `--version`), and the `.vsix` is opened: the compiled extension, its runtime
//! dependency, the licence of the project and a manifest that says Apache-2.0.
//!
//! Without the built extension the tests say so and return, unless `VMLINT_VSCODE_REQUIRED`
//! is set (as `.ci/run` does).

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::{present_or_required, repo};
use serde_json::Value;

fn built(file: &str) -> Option<PathBuf> {
    let path = repo().join("lsp/vscode").join(file);
    present_or_required(
        path.exists(),
        "VMLINT_VSCODE_REQUIRED",
        &format!("lsp/vscode/{file} (npm ci && npm run compile && npm run package)"),
    )
    .then_some(path)
}

#[test]
fn the_extension_finds_vmlint_however_it_was_installed() {
    let Some(tests) = built("out/test") else {
        return;
    };
    let output = Command::new("node")
        .arg("--test")
        .arg(&tests)
        .current_dir(repo().join("lsp/vscode"))
        .env("VMLINT_BIN", env!("CARGO_BIN_EXE_vmlint"))
        .output()
        .expect("node runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("# fail 0"), "{text}");
    let passed: usize = text
        .lines()
        .find_map(|line| line.strip_prefix("# pass "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(passed >= 7, "{text}");
}

#[test]
fn the_vsix_holds_the_extension_its_dependency_and_the_projects_licence() {
    let package: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("lsp/vscode/package.json")).unwrap(),
    )
    .unwrap();
    let version = package["version"].as_str().unwrap();
    assert_eq!(
        version,
        env!("CARGO_PKG_VERSION"),
        "the extension's version is vmlint's"
    );
    let Some(vsix) = built(&format!("vmlint-{version}.vsix")) else {
        return;
    };
    let listing = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&vsix)
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    for file in [
        "extension/package.json",
        "extension/out/extension.js",
        "extension/out/server.js",
        "extension/LICENSE.txt",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        assert!(
            listing.lines().any(|l| l == file),
            "{file} in the .vsix:\n{listing}"
        );
    }
    assert!(
        !listing
            .lines()
            .any(|l| l.starts_with("extension/src/") || l.starts_with("extension/out/test/")),
        "sources and tests stay out: {listing}"
    );
    let read = |name: &str| {
        let output = Command::new("python3")
            .args(["-c", "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())"])
            .arg(&vsix)
            .arg(name)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(
        read("extension/LICENSE.txt"),
        std::fs::read_to_string(repo().join("LICENSE")).unwrap()
    );
    let manifest = read("extension.vsixmanifest");
    assert!(manifest.contains("extension/LICENSE.txt"), "{manifest}");
    let packaged: Value = serde_json::from_str(&read("extension/package.json")).unwrap();
    assert_eq!(packaged["license"], "Apache-2.0");
    assert!(
        manifest.contains(&format!("Version=\"{version}\"")),
        "{manifest}"
    );
}
