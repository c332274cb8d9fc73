//! Helpers the end-to-end tests share: run the built binary, write files, read JSON output.
#![allow(dead_code)] // each test crate uses a part of them

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod action;
pub mod chromium;
pub mod page;
pub mod wheel;
pub mod yaml;

use serde_json::Value;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether something from outside that a test needs (a tool, a built artefact) is here. When it
/// is not, a note says the test did not run — unless the environment variable `required` is
/// set (`.ci/run` sets them), which makes its absence a failure.
pub fn present_or_required(present: bool, required: &str, what: &str) -> bool {
    if !present {
        assert!(
            std::env::var_os(required).is_none(),
            "{required} is set but {what} is missing"
        );
        eprintln!("note: {what} is missing; the test did not run");
    }
    present
}

/// Run `vmlint args…` in `cwd`, without colour.
pub fn vmlint(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("vmlint runs")
}

/// A command with a fixed git identity, so that tests can commit on any machine.
pub fn with_git_identity(command: &mut Command) -> &mut Command {
    command
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
}

/// `git args…` in `dir` with the fixed identity (and `GIT_AUTHOR_DATE`/`GIT_COMMITTER_DATE`
/// when `date` is given): its standard output, or a panic that shows its errors.
pub fn git_in(dir: &Path, date: Option<&str>, args: &[&str]) -> String {
    let mut command = Command::new("git");
    with_git_identity(&mut command).args(args).current_dir(dir);
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let output = command.output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Write `contents` to `dir/name`, creating directories.
pub fn write(dir: &Path, name: &str, contents: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// Standard output as JSON, or a panic that shows both streams.
pub fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The official SARIF 2.1.0 schema (with its published regular-expression erratum corrected).
pub fn sarif_validator() -> jsonschema::Validator {
    let published =
        std::fs::read_to_string(repo().join("schemas/sarif-schema-2.1.0.json")).unwrap();
    let erratum = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(
        published.contains(erratum),
        "the shipped schema changed: review this workaround"
    );
    let corrected = published.replace(erratum, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: Value = serde_json::from_str(&corrected).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}
