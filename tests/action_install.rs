//! The Action's install step (`deploy/action/install.sh`), run as a runner runs it against a
//! local directory that stands in for the GitHub release (`release-url` = `file://…`): the
//! release's archives and SHA256SUMS, made by the release workflow's own scripts
//! (`.github/release/package.sh`, `checksums.sh`).
//!
//! - the archive for the runner is downloaded, checked and installed, and taken from the cache
//!   (checked again) on the next run;
//! - a tampered archive is refused, and nothing is installed;
//! - a cache holding another archive under the right name is not trusted: the release's is
//!   downloaded and checked;
//! - a runner the release has no archive for builds vmlint from source with the real `cargo
//!   install` (with `--debug` and this build's target directory, so that it costs a link).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::action::{run_step_with, step};
use common::repo;
use common::yaml::documents;
use serde_json::Value;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn install_step() -> Value {
    let action = documents(&std::fs::read_to_string(repo().join("action.yml")).unwrap()).remove(0);
    step(&action, "install").clone()
}

/// `dir/v<version>/` as the release workflow makes it: an archive per target packed by
/// `.github/release/package.sh` (this build's binary inside), and SHA256SUMS written by
/// `.github/release/checksums.sh`.
fn fake_release(dir: &Path, targets: &[&str]) -> PathBuf {
    let release = dir.join(format!("v{VERSION}"));
    for target in targets {
        let status = Command::new(repo().join(".github/release/package.sh"))
            .arg(target)
            .arg(env!("CARGO_BIN_EXE_vmlint"))
            .arg(&release)
            .status()
            .unwrap();
        assert!(status.success(), "package.sh {target}");
    }
    let status = Command::new(repo().join(".github/release/checksums.sh"))
        .arg(&release)
        .status()
        .unwrap();
    assert!(status.success(), "checksums.sh");
    let sums = std::fs::read_to_string(release.join("SHA256SUMS")).unwrap();
    assert_eq!(sums.lines().count(), targets.len(), "{sums}");
    release
}

/// A scratch directory with a stand-in release of `targets` (`releases/`) and an empty runner
/// temporary directory (`runner/`).
struct Stage {
    _dir: tempfile::TempDir,
    releases: PathBuf,
    release: PathBuf,
    runner_temp: PathBuf,
}

fn stage(targets: &[&str]) -> Stage {
    let dir = tempfile::tempdir().unwrap();
    let releases = dir.path().join("releases");
    let release = fake_release(&releases, targets);
    let runner_temp = dir.path().join("runner");
    std::fs::create_dir_all(&runner_temp).unwrap();
    Stage {
        _dir: dir,
        releases,
        release,
        runner_temp,
    }
}

fn install(
    releases: &Path,
    runner_temp: &Path,
    runner: (&str, &str),
    more: &[(&str, &str)],
) -> (Output, String) {
    let inputs = BTreeMap::from([
        ("version".to_string(), String::new()),
        (
            "release-url".to_string(),
            format!("file://{}", releases.display()),
        ),
    ]);
    let mut environment = vec![("RUNNER_OS", runner.0), ("RUNNER_ARCH", runner.1)];
    environment.extend_from_slice(more);
    let (output, _) = run_step_with(
        &install_step(),
        &inputs,
        runner_temp,
        runner_temp,
        &environment,
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output, text)
}

fn installed_version(runner_temp: &Path) -> String {
    let output = Command::new(runner_temp.join("vmlint/bin/vmlint"))
        .arg("--version")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

fn built_version() -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .arg("--version")
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_runners_archive_is_downloaded_checked_installed_and_then_taken_from_the_cache() {
    let Stage {
        releases,
        runner_temp,
        ..
    } = &stage(&["x86_64-unknown-linux-musl", "aarch64-apple-darwin"]);

    let (output, text) = install(releases, runner_temp, ("Linux", "X64"), &[]);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains(&format!(
            "vmlint {VERSION} for x86_64-unknown-linux-musl downloaded (SHA-256"
        )),
        "{text}"
    );
    assert_eq!(installed_version(runner_temp), built_version());

    std::fs::remove_dir_all(runner_temp.join("vmlint")).unwrap();
    let (output, text) = install(releases, runner_temp, ("Linux", "X64"), &[]);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("from the cache (SHA-256 checked)"), "{text}");
    assert_eq!(installed_version(runner_temp), built_version());
}

#[test]
fn a_tampered_archive_is_refused_and_nothing_is_installed() {
    let Stage {
        releases,
        release,
        runner_temp,
        ..
    } = &stage(&["x86_64-unknown-linux-musl"]);
    let archive = release.join("vmlint-x86_64-unknown-linux-musl.tar.gz");
    let mut bytes = std::fs::read(&archive).unwrap();
    bytes.extend_from_slice(b"tampered");
    std::fs::write(&archive, bytes).unwrap();

    let (output, text) = install(releases, runner_temp, ("Linux", "X64"), &[]);
    assert!(!output.status.success(), "{text}");
    assert!(
        text.contains("::error title=vmlint install::vmlint-x86_64-unknown-linux-musl.tar.gz does not match SHA256SUMS"),
        "{text}"
    );
    assert!(text.contains("refusing to install it"), "{text}");
    assert!(!runner_temp.join("vmlint/bin/vmlint").exists());
    assert!(
        !text.contains("cargo install") && !text.contains("from source"),
        "a checksum failure never falls back to a build: {text}"
    );
}

#[test]
fn a_cached_archive_that_does_not_match_the_checksums_is_replaced_by_the_releases() {
    let Stage {
        releases,
        runner_temp,
        ..
    } = &stage(&["x86_64-unknown-linux-musl"]);
    let cache = runner_temp.join("vmlint-cache");
    std::fs::create_dir_all(&cache).unwrap();
    let poisoned = cache.join(format!("{VERSION}-vmlint-x86_64-unknown-linux-musl.tar.gz"));
    std::fs::write(&poisoned, b"not the release's archive").unwrap();

    let (output, text) = install(releases, runner_temp, ("Linux", "X64"), &[]);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("downloaded (SHA-256"), "{text}");
    assert!(!text.contains("from the cache"), "{text}");
    assert_eq!(installed_version(runner_temp), built_version());
}

#[test]
fn a_runner_the_release_has_no_archive_for_builds_vmlint_from_source() {
    let Stage {
        releases,
        runner_temp,
        ..
    } = &stage(&["x86_64-unknown-linux-musl"]);
    // This build's own target directory: the source build reuses its compiled dependencies.
    let target_dir = Path::new(env!("CARGO_BIN_EXE_vmlint"))
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .to_path_buf();
    let target_dir = target_dir.to_str().unwrap();

    let (output, text) = install(
        releases,
        runner_temp,
        ("Linux", "ARM64"),
        &[
            ("CARGO_TARGET_DIR", target_dir),
            ("VMLINT_CARGO_INSTALL_ARGS", "--debug"),
        ],
    );
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains(&format!(
            "release v{VERSION} has no vmlint-aarch64-unknown-linux-musl.tar.gz: building vmlint {VERSION} from source"
        )),
        "{text}"
    );
    assert_eq!(installed_version(runner_temp), built_version());
    // The action's own checkout moves within a version: its build is not cached.
    let cached: Vec<_> = std::fs::read_dir(runner_temp.join("vmlint-cache"))
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("source-"))
        .collect();
    assert!(cached.is_empty(), "{cached:?}");
}
