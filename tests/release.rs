//! The release's pieces agree with one another: the targets the release workflow builds are
//! the ones the Action's install step asks for and `cargo binstall`'s metadata names (archive
//! name and the binary's place inside, as `.github/release/package.sh` packs them); the release
//! notes are the tag's CHANGELOG.md section (`.github/release/notes.sh`), and a tag that is not
//! Cargo.toml's version is refused; the vmlint-pre-commit repository (`deploy/pre-commit/`)
//! pins this version's wheel and declares the same hook as `.pre-commit-hooks.yaml` but for its
//! language.

use std::process::Command;

mod common;
use common::repo;
use common::yaml::documents;
use serde_json::Value;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap()
}

fn release_targets() -> Vec<String> {
    let workflow = documents(&read(".github/workflows/release.yml")).remove(0);
    workflow["jobs"]["binaries"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["target"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_release_builds_every_target_the_action_and_binstall_ask_for() {
    let targets = release_targets();
    for wanted in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(
            targets.iter().any(|t| t == wanted),
            "{wanted} in {targets:?}"
        );
    }
    let install = read("deploy/action/install.sh");
    for target in &targets {
        assert!(
            install.contains(&format!("target={target}")),
            "the install step maps a runner to {target}"
        );
    }

    let manifest: toml::Value = toml::from_str(&read("Cargo.toml")).unwrap();
    let binstall = &manifest["package"]["metadata"]["binstall"];
    let repository = manifest["package"]["repository"].as_str().unwrap();
    for target in &targets {
        let windows = target.contains("windows");
        let setting = |key: &str| {
            binstall
                .get("overrides")
                .and_then(|o| o.get(target.as_str()))
                .and_then(|o| o.get(key))
                .or_else(|| binstall.get(key))
                .and_then(toml::Value::as_str)
                .unwrap()
                .replace("{ repo }", repository)
                .replace("{ version }", VERSION)
                .replace("{ name }", "vmlint")
                .replace("{ target }", target)
                .replace("{ bin }", "vmlint")
                .replace("{ binary-ext }", if windows { ".exe" } else { "" })
        };
        let archive = format!("vmlint-{target}.{}", if windows { "zip" } else { "tar.gz" });
        assert_eq!(
            setting("pkg-url"),
            format!("{repository}/releases/download/v{VERSION}/{archive}")
        );
        assert_eq!(setting("pkg-fmt"), if windows { "zip" } else { "tgz" });
        let binary = format!(
            "vmlint-{target}/vmlint{}",
            if windows { ".exe" } else { "" }
        );
        assert_eq!(setting("bin-dir"), binary);
    }

    // package.sh packs the binary where bin-dir says (a Unix target; the zip is 7z's).
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(repo().join(".github/release/package.sh"))
        .args(["x86_64-unknown-linux-musl", env!("CARGO_BIN_EXE_vmlint")])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(dir.path().join("vmlint-x86_64-unknown-linux-musl.tar.gz"))
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    for file in ["vmlint", "LICENSE", "README.md", "CHANGELOG.md"] {
        assert!(
            listing
                .lines()
                .any(|l| l == format!("vmlint-x86_64-unknown-linux-musl/{file}")),
            "{file} in {listing}"
        );
    }
}

#[test]
fn the_release_notes_are_the_tags_changelog_section() {
    let notes = Command::new(repo().join(".github/release/notes.sh"))
        .arg(format!("v{VERSION}"))
        .output()
        .unwrap();
    assert!(
        notes.status.success(),
        "{}",
        String::from_utf8_lossy(&notes.stderr)
    );
    let notes = String::from_utf8(notes.stdout).unwrap();
    let changelog = read("CHANGELOG.md");
    let heading = format!("## [{VERSION}]");
    let section = &changelog[changelog.find(&heading).unwrap() + heading.len()..];
    let section = section.split("\n## [").next().unwrap().trim();
    assert!(!section.is_empty());
    assert_eq!(notes.trim(), section);
    assert!(!notes.contains("## [Unreleased]"), "{notes}");

    let refused = Command::new(repo().join(".github/release/notes.sh"))
        .arg("v99.0.0")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("is not the version of Cargo.toml"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

#[test]
fn the_pre_commit_mirror_pins_this_version_and_declares_the_same_hook() {
    let mirror: toml::Value = toml::from_str(&read("deploy/pre-commit/pyproject.toml")).unwrap();
    assert_eq!(mirror["project"]["version"].as_str(), Some(VERSION));
    assert_eq!(
        mirror["project"]["dependencies"].as_array().unwrap(),
        &vec![toml::Value::String(format!("vmlint=={VERSION}"))]
    );
    let hooks = |path: &str| -> Value { documents(&read(path)).remove(0)[0].clone() };
    let mut python = hooks("deploy/pre-commit/.pre-commit-hooks.yaml");
    let mut rust = hooks(".pre-commit-hooks.yaml");
    assert_eq!(python["language"], "python");
    assert_eq!(rust["language"], "rust");
    python["language"] = Value::Null;
    rust["language"] = Value::Null;
    assert_eq!(
        python, rust,
        "the two hooks differ only in how vmlint is installed"
    );
    assert_eq!(read("deploy/pre-commit/LICENSE"), read("LICENSE"));
}
