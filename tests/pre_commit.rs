//! The pre-commit hooks, with the real `pre-commit` tool (from PyPI): in a temporary git
//! repository whose `.pre-commit-config.yaml` points at a hook repository, a commit that passes a
//! licence dongle into a VM is refused with the diagnostic shown, and a clean commit passes —
//! once for each hook:
//!
//! - `language: python` (`deploy/pre-commit/`, the vmlint-pre-commit repository): pre-commit
//!   installs the hook repository with pip, which takes the prebuilt vmlint wheel `.ci/run`
//!   built (`PIP_FIND_LINKS`), in a fresh `PRE_COMMIT_HOME` — no compiler;
//! - `language: rust` (this checkout's `.pre-commit-hooks.yaml`): pre-commit runs `cargo
//!   install` of the committed HEAD; `PRE_COMMIT_HOME` under `target/` keeps the build between
//!   runs, so only the first run (every run of `.ci/run` on a clean clone) pays for it.
//!
//! Both installs (`pre-commit install-hooks`) are timed, one after the other, and written to
//! `target/hook-install-times.txt` (`.ci/run` prints it); when the rust hook had to build,
//! the python hook must have installed faster. Without `pre-commit` on PATH the test says so
//! and returns, unless `VMLINT_PRECOMMIT_REQUIRED` is set (as `.ci/run` does).

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

mod common;
use common::wheel::{find_links, wheel_dir};
use common::{present_or_required, repo, with_git_identity};

fn run(program: &str, args: &[&str], cwd: &Path, home: &Path) -> Output {
    let mut command = Command::new(program);
    with_git_identity(command.args(args).current_dir(cwd))
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1");
    if let Some(links) = wheel_links() {
        command.env("PIP_FIND_LINKS", links);
    }
    command
        .output()
        .unwrap_or_else(|error| panic!("{program} runs: {error}"))
}

/// `PIP_FIND_LINKS` with the wheel `.ci/run` built, looked up once for all the commands.
fn wheel_links() -> Option<&'static str> {
    static LINKS: OnceLock<Option<String>> = OnceLock::new();
    LINKS
        .get_or_init(|| wheel_dir().map(|wheels| find_links(&wheels)))
        .as_deref()
}

fn text_of(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn ok(output: &Output) -> String {
    let text = text_of(output);
    assert!(output.status.success(), "{text}");
    text
}

/// What installing a hook cost, and whether pre-commit built an environment for it.
struct Install {
    took: Duration,
    built: bool,
}

/// In a new git repository using `hook_repo` at `rev`: install the hook (timed), then a clean
/// commit passes and a commit with a USB dongle in a Proxmox guest is refused.
fn clean_commit_passes_and_dongle_is_refused(hook_repo: &Path, rev: &str, home: &Path) -> Install {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    ok(&run("git", &["init", "-q", "-b", "main"], root, home));
    std::fs::write(
        root.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: vmlint\n",
            hook_repo.display()
        ),
    )
    .unwrap();
    ok(&run("pre-commit", &["install"], root, home));
    let started = Instant::now();
    let installed = ok(&run("pre-commit", &["install-hooks"], root, home));
    let install = Install {
        took: started.elapsed(),
        built: installed.contains("Installing environment"),
    };

    std::fs::write(
        root.join("web.tf"),
        "resource \"proxmox_vm_qemu\" \"web\" {\n  name = \"web-01\"\n}\n",
    )
    .unwrap();
    ok(&run("git", &["add", "."], root, home));
    let text = ok(&run("git", &["commit", "-q", "-m", "web VM"], root, home));
    assert!(text.contains("vmlint") && text.contains("Passed"), "{text}");

    std::fs::create_dir_all(root.join("qemu-server")).unwrap();
    std::fs::write(
        root.join("qemu-server/100.conf"),
        "name: cad-01\ncores: 2\nmemory: 4096\nusb0: host=0529:0001\n",
    )
    .unwrap();
    ok(&run("git", &["add", "."], root, home));
    let refused = run("git", &["commit", "-q", "-m", "add a dongle"], root, home);
    let text = text_of(&refused);
    assert!(
        !refused.status.success(),
        "the commit must be refused: {text}"
    );
    assert!(text.contains("Failed"), "{text}");
    assert!(text.contains("VML101(usb-passthrough)"), "{text}");
    assert!(text.contains("qemu-server/100.conf:4:1"), "{text}");
    let log = ok(&run("git", &["log", "--oneline"], root, home));
    assert_eq!(
        log.lines().count(),
        1,
        "only the clean commit landed: {log}"
    );
    install
}

/// `deploy/pre-commit/` as the vmlint-pre-commit repository is published: its own git
/// repository, tagged with the version.
fn python_hook_repository(dir: &Path, home: &Path) -> String {
    let source = repo().join("deploy/pre-commit");
    for entry in std::fs::read_dir(&source).unwrap().flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    ok(&run("git", &["init", "-q", "-b", "main"], dir, home));
    ok(&run("git", &["add", "."], dir, home));
    ok(&run(
        "git",
        &["commit", "-q", "-m", "vmlint-pre-commit"],
        dir,
        home,
    ));
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    ok(&run("git", &["tag", &tag], dir, home));
    tag
}

#[test]
fn both_hooks_refuse_a_commit_with_a_dongle_and_pass_a_clean_commit() {
    let available = Command::new("pre-commit").arg("--version").output().is_ok();
    if !present_or_required(
        available,
        "VMLINT_PRECOMMIT_REQUIRED",
        "pre-commit (on PATH)",
    ) {
        return;
    }
    let python = wheel_links().map(|_| {
        let scratch = tempfile::tempdir().unwrap();
        let home = scratch.path().join("pre-commit-home");
        let hook_repo = scratch.path().join("vmlint-pre-commit");
        std::fs::create_dir_all(&hook_repo).unwrap();
        let tag = python_hook_repository(&hook_repo, &home);
        let install = clean_commit_passes_and_dongle_is_refused(&hook_repo, &tag, &home);
        assert!(
            install.built,
            "a fresh PRE_COMMIT_HOME installs the python hook"
        );
        install
    });

    let home = repo().join("target/pre-commit-home");
    let head = ok(&run("git", &["rev-parse", "HEAD"], &repo(), &home))
        .trim()
        .to_string();
    let rust = clean_commit_passes_and_dongle_is_refused(&repo(), &head, &home);

    let mut record = format!(
        "pre-commit install-hooks, language: rust: {:.1} s ({})\n",
        rust.took.as_secs_f64(),
        if rust.built {
            "cargo install of HEAD"
        } else {
            "environment kept from an earlier run"
        }
    );
    if let Some(python) = &python {
        record += &format!(
            "pre-commit install-hooks, language: python: {:.1} s (fresh PRE_COMMIT_HOME, the wheel from PIP_FIND_LINKS)\n",
            python.took.as_secs_f64()
        );
    }
    eprint!("{record}");
    std::fs::write(repo().join("target/hook-install-times.txt"), &record).unwrap();
    if let Some(python) = python {
        assert!(
            python.took < Duration::from_secs(90),
            "the python hook installs without compiling: {record}"
        );
        if rust.built {
            assert!(python.took < rust.took, "{record}");
        }
    }
}
