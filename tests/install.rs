//! The Python wheel (maturin, `bindings = "bin"`), installed the way users install it: `.ci/run`
//! builds it with maturin from PyPI, and here a fresh virtual environment installs it from that
//! directory alone (no index), puts `vmlint` on the environment's PATH, and lints `examples/`
//! with the same findings and exit code as the binary cargo built. The package metadata a PyPI
//! page shows (summary, licence, project URLs, classifiers) is read back from the installed
//! distribution.

use std::process::Command;

mod common;
use common::wheel::{install_into_fresh_venv, wheel_dir};
use common::{json_of, repo};
use serde_json::Value;

fn stdout_of(program: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(program)
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("{} runs: {error}", program.display()));
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn the_wheel_installs_vmlint_on_the_path_of_a_fresh_venv_and_lints_the_examples() {
    let Some(wheels) = wheel_dir() else { return };
    let venv = tempfile::tempdir().unwrap();
    let (bin, took) = install_into_fresh_venv(&wheels, &venv.path().join("venv"));
    eprintln!(
        "pip install vmlint from the wheel: {:.1} s",
        took.as_secs_f64()
    );
    let installed = bin.join(if cfg!(windows) {
        "vmlint.exe"
    } else {
        "vmlint"
    });
    assert!(installed.is_file(), "{} is installed", installed.display());

    let built = std::path::PathBuf::from(env!("CARGO_BIN_EXE_vmlint"));
    let (_, wheel_version) = stdout_of(&installed, &["--version"]);
    let (_, built_version) = stdout_of(&built, &["--version"]);
    assert!(
        wheel_version.starts_with(&format!("vmlint {} (", env!("CARGO_PKG_VERSION"))),
        "{wheel_version}"
    );
    assert_eq!(
        wheel_version, built_version,
        "the wheel is of this checkout's commit (rebuild it: maturin build --profile dev --out target/wheels)"
    );

    let (code, text) = stdout_of(&installed, &["check", "examples"]);
    assert_eq!(code, Some(1), "findings at warning or above fail: {text}");
    assert!(text.contains("VML101"), "{text}");

    let json = |program: &std::path::Path| {
        let output = Command::new(program)
            .args(["check", "examples", "--format", "json"])
            .current_dir(repo())
            .output()
            .unwrap();
        json_of(&output)["diagnostics"].clone()
    };
    let from_wheel = json(&installed);
    assert!(
        from_wheel.as_array().is_some_and(|found| found.len() >= 20),
        "{from_wheel}"
    );
    assert_eq!(
        from_wheel,
        json(&built),
        "the same findings as the built binary"
    );
}

#[test]
fn the_wheel_carries_the_metadata_a_pypi_page_shows() {
    let Some(wheels) = wheel_dir() else { return };
    let venv = tempfile::tempdir().unwrap();
    let (bin, _) = install_into_fresh_venv(&wheels, &venv.path().join("venv"));
    let script = "import importlib.metadata as m, json; d = m.metadata('vmlint'); \
                  print(json.dumps({k: d.get_all(k) for k in set(d.keys())}))";
    let (code, text) = stdout_of(&bin.join("python"), &["-c", script]);
    assert_eq!(code, Some(0), "{text}");
    let metadata: Value = serde_json::from_str(&text).unwrap();
    let field = |name: &str| -> Vec<String> {
        metadata[name]
            .as_array()
            .map(|values| {
                values
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(field("Name"), ["vmlint"]);
    assert_eq!(field("Version"), [env!("CARGO_PKG_VERSION")]);
    assert_eq!(field("License-Expression"), ["Apache-2.0"], "{metadata}");
    assert_eq!(field("License-File"), ["LICENSE"], "{metadata}");
    assert!(field("Summary")[0].contains("hypervisor"), "{metadata}");
    assert!(
        field("Description-Content-Type")[0].starts_with("text/markdown"),
        "the README is the long description: {metadata}"
    );
    let urls = field("Project-URL");
    for label in ["Homepage", "Repository", "Issues", "Changelog"] {
        assert!(
            urls.iter()
                .any(|url| url.starts_with(&format!("{label}, https://"))),
            "{label} in {urls:?}"
        );
    }
    let classifiers = field("Classifier");
    for wanted in [
        "Environment :: Console",
        "Programming Language :: Rust",
        "Topic :: Software Development :: Quality Assurance",
    ] {
        assert!(
            classifiers.iter().any(|c| c == wanted),
            "{wanted} in {classifiers:?}"
        );
    }
}

#[test]
fn the_sdist_carries_what_a_build_from_it_needs() {
    let maturin = Command::new("maturin").arg("--version").output().is_ok();
    if !common::present_or_required(maturin, "VMLINT_WHEEL_REQUIRED", "maturin (on PATH)") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let output = Command::new("maturin")
        .args(["sdist", "--out"])
        .arg(out.path())
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let sdist = out
        .path()
        .join(format!("vmlint-{}.tar.gz", env!("CARGO_PKG_VERSION")));
    let listing = Command::new("tar")
        .arg("-tzf")
        .arg(&sdist)
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    let root = format!("vmlint-{}/", env!("CARGO_PKG_VERSION"));
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "pyproject.toml",
        "LICENSE",
        // The workspace's [patch] of hcl-edit points here: without it the build fails.
        "vendor/hcl-edit/Cargo.toml",
        "vendor/hcl-edit/src/parser/expr.rs",
        // Embedded in the binary at build time.
        "policies/lib/roles.rego",
    ] {
        assert!(
            listing
                .lines()
                .any(|line| line == format!("{root}{needed}")),
            "{needed} in the sdist:\n{listing}"
        );
    }
}
