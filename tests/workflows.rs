//! The GitHub workflows and the action, checked offline the way their authors' CI would:
//! `actionlint` (workflow syntax, expressions, runner labels, known actions' inputs, and each
//! `run:` script through shellcheck) and `zizmor --offline` (unpinned actions, credentials left
//! in checkouts, template injection, cache poisoning, permissions), both from PyPI. Every
//! finding is either fixed or answered in a comment next to it (`# zizmor: ignore[…]`). The
//! repository's shell scripts go through shellcheck too. A workflow written with the classic
//! mistakes is refused by both tools, so the clean results are not vacuous.
//!
//! Without the tools on PATH the tests say so and return, unless
//! `VMLINT_WORKFLOW_LINT_REQUIRED` is set (as `.ci/run` does).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::{present_or_required, repo};

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("--version").output().is_ok();
    present_or_required(
        found,
        "VMLINT_WORKFLOW_LINT_REQUIRED",
        &format!("{name} (on PATH)"),
    )
}

fn run(program: &str, args: &[&str], cwd: &Path) -> (bool, String) {
    let output: Output = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("{program} runs: {error}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn workflows(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(root.join(".github/workflows"))
        .unwrap()
        .flatten()
        .map(|entry| format!(".github/workflows/{}", entry.file_name().to_string_lossy()))
        .filter(|path| path.ends_with(".yml") || path.ends_with(".yaml"))
        .collect();
    found.sort();
    found
}

#[test]
fn actionlint_finds_nothing_in_the_workflows() {
    if !tool("actionlint") || !tool("shellcheck") {
        return;
    }
    let files = workflows(&repo());
    assert!(files.len() >= 3, "{files:?}");
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let (ok, text) = run("actionlint", &args, &repo());
    assert!(ok && text.trim().is_empty(), "actionlint:\n{text}");
}

#[test]
fn zizmor_finds_nothing_in_the_workflows_and_the_action() {
    if !tool("zizmor") {
        return;
    }
    let (ok, text) = run("zizmor", &["--offline", "--no-progress", "."], &repo());
    assert!(ok, "zizmor:\n{text}");
    assert!(text.contains("No findings to report"), "{text}");
}

#[test]
fn shellcheck_finds_nothing_in_the_repositorys_scripts() {
    if !tool("shellcheck") {
        return;
    }
    let mut scripts: Vec<PathBuf> = vec![repo().join(".ci/run")];
    for dir in ["deploy/action", ".github/release", "benches"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap().flatten() {
            if entry.path().extension().is_some_and(|e| e == "sh") {
                scripts.push(entry.path());
            }
        }
    }
    assert!(scripts.len() >= 6, "{scripts:?}");
    let args: Vec<&str> = scripts.iter().map(|p| p.to_str().unwrap()).collect();
    let (ok, text) = run("shellcheck", &args, &repo());
    assert!(ok, "shellcheck:\n{text}");
}

#[test]
fn a_workflow_with_the_classic_mistakes_is_refused_by_both_tools() {
    if !tool("actionlint") || !tool("zizmor") || !tool("shellcheck") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".github/workflows")).unwrap();
    std::fs::write(
        root.join(".github/workflows/bad.yml"),
        "on: pull_request_target\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n\
         \x20     - uses: actions/checkout@v4\n\
         \x20       with:\n          ref: ${{ github.event.pull_request.head.sha }}\n\
         \x20     - run: echo \"${{ github.event.pull_request.title }}\" && cd $HOME/x\n",
    )
    .unwrap();
    let (ok, text) = run("actionlint", &[".github/workflows/bad.yml"], root);
    assert!(!ok, "{text}");
    assert!(text.contains("potentially untrusted"), "{text}");
    assert!(
        text.contains("shellcheck"),
        "the run script went through shellcheck: {text}"
    );
    let (ok, text) = run("zizmor", &["--offline", "--no-progress", "."], root);
    assert!(!ok, "{text}");
    for audit in ["unpinned-uses", "template-injection", "dangerous-triggers"] {
        assert!(text.contains(audit), "{audit}: {text}");
    }
}
