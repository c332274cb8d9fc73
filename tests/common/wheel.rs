//! The wheel `.ci/run` builds with maturin (from PyPI) before the tests: where it is, and a
//! fresh virtual environment with it installed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{present_or_required, repo};

/// The directory holding this version's wheel: `$VMLINT_WHEEL_DIR`, else `target/wheels`.
/// `None` (with a note) when there is none, unless `VMLINT_WHEEL_REQUIRED` is set, as
/// `.ci/run` does: then a missing wheel fails the test.
pub fn wheel_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("VMLINT_WHEEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/wheels"));
    let prefix = format!("vmlint-{}-", env!("CARGO_PKG_VERSION"));
    let found = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".whl")
        });
    let what = format!(
        "{prefix}*.whl in {} (maturin build --profile dev --out target/wheels)",
        dir.display()
    );
    present_or_required(found, "VMLINT_WHEEL_REQUIRED", &what).then_some(dir)
}

/// `PIP_FIND_LINKS` with the wheel directory first (pip takes a space-separated list).
pub fn find_links(wheels: &Path) -> String {
    match std::env::var("PIP_FIND_LINKS") {
        Ok(existing) if !existing.is_empty() => format!("{} {existing}", wheels.display()),
        _ => wheels.display().to_string(),
    }
}

/// A new virtual environment in `dir` with vmlint installed from `wheels` alone (no index):
/// the environment's `bin` directory, and how long `pip install` took.
pub fn install_into_fresh_venv(wheels: &Path, dir: &Path) -> (PathBuf, Duration) {
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(dir)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "python3 -m venv {}", dir.display());
    let bin = dir.join(if cfg!(windows) { "Scripts" } else { "bin" });
    let started = Instant::now();
    let output = Command::new(bin.join("python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--find-links",
        ])
        .arg(wheels)
        .arg(format!("vmlint=={}", env!("CARGO_PKG_VERSION")))
        .output()
        .expect("pip runs");
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "pip install vmlint: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (bin, took)
}
