//! The pre-commit hook, with the real `pre-commit` tool (from PyPI): in a temporary git
//! repository whose `.pre-commit-config.yaml` points at this checkout, a commit that passes a
//! licence dongle into a VM is refused with the diagnostic shown, and a clean commit passes.
//!
//! pre-commit builds the hook from the committed HEAD of this checkout (`language: rust`,
//! `cargo install`), so the first run takes minutes; `PRE_COMMIT_HOME` under `target/` keeps the
//! build between runs. Without `pre-commit` on PATH the test says so and returns, unless
//! `VMLINT_PRECOMMIT_REQUIRED` is set (as `.ci/run` does).

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{repo, with_git_identity};

fn run(program: &str, args: &[&str], cwd: &Path) -> Output {
    with_git_identity(Command::new(program).args(args).current_dir(cwd))
        .env("PRE_COMMIT_HOME", repo().join("target/pre-commit-home"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("{program} runs: {error}"))
}

fn ok(output: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    text
}

#[test]
fn a_commit_with_a_dongle_is_refused_and_a_clean_commit_passes() {
    let available = Command::new("pre-commit").arg("--version").output().is_ok();
    if !available {
        assert!(
            std::env::var_os("VMLINT_PRECOMMIT_REQUIRED").is_none(),
            "VMLINT_PRECOMMIT_REQUIRED is set but pre-commit is not on PATH"
        );
        eprintln!("note: pre-commit is not installed; the hook test did not run");
        return;
    }
    let head = ok(&run("git", &["rev-parse", "HEAD"], &repo()))
        .trim()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    ok(&run("git", &["init", "-q", "-b", "main"], root));
    std::fs::write(
        root.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: vmlint\n",
            repo().display()
        ),
    )
    .unwrap();
    ok(&run("pre-commit", &["install"], root));

    std::fs::write(
        root.join("web.tf"),
        "resource \"proxmox_vm_qemu\" \"web\" {\n  name = \"web-01\"\n}\n",
    )
    .unwrap();
    ok(&run("git", &["add", "."], root));
    let clean = run("git", &["commit", "-q", "-m", "web VM"], root);
    let text = ok(&clean);
    assert!(text.contains("vmlint") && text.contains("Passed"), "{text}");

    std::fs::write(
        root.join("cad.conf"),
        "name: cad-01\ncores: 2\nmemory: 4096\nusb0: host=0529:0001\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("qemu-server")).unwrap();
    std::fs::rename(root.join("cad.conf"), root.join("qemu-server/100.conf")).unwrap();
    ok(&run("git", &["add", "."], root));
    let refused = run("git", &["commit", "-q", "-m", "add a dongle"], root);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&refused.stdout),
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        !refused.status.success(),
        "the commit must be refused: {text}"
    );
    assert!(text.contains("Failed"), "{text}");
    assert!(text.contains("VML101(usb-passthrough)"), "{text}");
    assert!(text.contains("qemu-server/100.conf:4:1"), "{text}");
    let log = ok(&run("git", &["log", "--oneline"], root));
    assert_eq!(
        log.lines().count(),
        1,
        "only the clean commit landed: {log}"
    );
}
