//! What a tree can do to the walker and the reader: links, FIFOs, permissions, names that are
//! not UTF-8, files that vanish while vmlint runs.

use std::path::Path;

use crate::harness::{
    assert_healthy_finding, check, error_about, run, run_program, write, BUDGET, HEALTHY,
};

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn symlink_loops_and_fifos_are_not_followed_or_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("loop/up")).unwrap();
    std::os::unix::fs::symlink("/etc", dir.path().join("outside")).unwrap();
    mkfifo(&dir.path().join("qemu-server/104.conf"));
    // A FIFO that nobody writes to would block a reader for ever: it must not be opened.
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
    // Named on the command line, it is reported, not opened.
    let named = run(
        &["check", "qemu-server/104.conf", "--format", "json"],
        dir.path(),
    );
    named.assert_within(BUDGET);
    assert_eq!(named.code, Some(2));
    assert_eq!(
        named.json()["errors"][0]["message"],
        "not a regular file (a FIFO, a socket or a device): not read"
    );
}

#[test]
fn symlinks_are_followed_only_when_asked_and_loops_are_reported() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "qemu-server/200.conf", HEALTHY);
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
    // Not followed by default, and `--verbose` says which link was left alone.
    write(dir.path(), "healthy/qemu-server/100.conf", HEALTHY);
    let plain = run(&["check", ".", "--format", "json", "--verbose"], dir.path());
    plain.assert_within(BUDGET);
    let report = plain.json();
    assert!(
        !report.to_string().contains("linked/qemu-server/200.conf"),
        "{report}"
    );
    assert!(
        plain
            .stderr
            .contains("skipped linked: a symbolic link, not followed (--follow-symlinks)"),
        "{}",
        plain.stderr
    );
    // Followed on request, wherever it points.
    let (report, code) = check(dir.path(), &["--follow-symlinks"], BUDGET);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["file"] == "linked/qemu-server/200.conf" && d["rule"] == "VML101"),
        "{report}"
    );
    // A loop is walked once and reported with the link that closes it.
    std::os::unix::fs::symlink("..", dir.path().join("healthy/up")).unwrap();
    let (report, code) = check(dir.path(), &["--follow-symlinks"], BUDGET);
    assert_eq!(code, Some(2), "{report}");
    let error = error_about(&report, "healthy/up");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("symbolic link loop: it points to `.`"),
        "{error}"
    );
}

/// Root reads everything; the unreadable cases then run vmlint as `nobody` (setpriv), from a
/// copy of the binary that `nobody` can execute.
#[test]
fn unreadable_files_and_directories_are_errors_and_the_rest_is_linted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "tree/healthy/qemu-server/100.conf", HEALTHY);
    write(root, "tree/locked/qemu-server/105.conf", HEALTHY);
    write(root, "tree/sealed/qemu-server/106.conf", HEALTHY);
    let binary = root.join("vmlint");
    std::fs::copy(env!("CARGO_BIN_EXE_vmlint"), &binary).unwrap();
    for (path, mode) in [
        ("", 0o755),
        ("vmlint", 0o755),
        ("tree", 0o755),
        ("tree/healthy", 0o755),
        ("tree/healthy/qemu-server", 0o755),
        ("tree/healthy/qemu-server/100.conf", 0o644),
        ("tree/locked", 0o755),
        ("tree/locked/qemu-server", 0o755),
        ("tree/locked/qemu-server/105.conf", 0o000),
        ("tree/sealed", 0o000),
    ] {
        std::fs::set_permissions(root.join(path), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let as_nobody: &[&str] = if unsafe { libc::geteuid() } == 0 {
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
    } else {
        &[]
    };
    let result = run_program(
        &binary,
        &["check", ".", "--format", "json", "--no-config"],
        &root.join("tree"),
        as_nobody,
    );
    std::fs::set_permissions(
        root.join("tree/sealed"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    result.assert_within(BUDGET);
    assert_eq!(result.code, Some(2), "{}", result.stderr);
    let report = result.json();
    assert_healthy_finding(&report);
    assert_eq!(
        error_about(&report, "locked/qemu-server/105.conf")["message"],
        "cannot read file: permission denied"
    );
    let sealed = error_about(&report, "sealed");
    assert!(
        sealed["message"]
            .as_str()
            .unwrap()
            .contains("Permission denied"),
        "{sealed}"
    );
}

#[test]
fn names_that_are_not_utf8_are_reported_losslessly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let region = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"r\xe9gion/qemu-server"));
    std::fs::create_dir_all(&region).unwrap();
    std::fs::write(region.join("105.conf"), HEALTHY).unwrap();
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(1));
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["file"] == "r\\xE9gion/qemu-server/105.conf"),
        "{report}"
    );
    let sarif = run(&["check", ".", "--format", "sarif"], dir.path());
    sarif.assert_within(BUDGET);
    let uris: Vec<String> = sarif.json()["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        uris.contains(&"r%E9gion/qemu-server/105.conf".to_string()),
        "{uris:?}"
    );
}

/// A file found by the walk and gone before it is read (a checkout switching branches under a
/// running hook): an error naming it, and the other files are linted.
#[test]
fn a_file_that_vanishes_after_discovery_is_an_error_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "healthy/qemu-server/100.conf", HEALTHY);
    write(dir.path(), "gone/qemu-server/107.conf", HEALTHY);
    let started = std::time::Instant::now();
    let discovery = vmlint::pipeline::discover::discover(&[dir.path().to_path_buf()]);
    assert_eq!(discovery.candidates.len(), 2);
    std::fs::remove_file(dir.path().join("gone/qemu-server/107.conf")).unwrap();
    let policies = vmlint::policy::PolicySet::load(&Default::default()).unwrap();
    let run = vmlint::pipeline::lint_discovered(
        discovery,
        started,
        &policies,
        &vmlint::pipeline::LintOptions::default(),
    );
    let error = run
        .errors
        .iter()
        .find(|error| {
            error
                .file
                .as_ref()
                .is_some_and(|file| file.ends_with("gone/qemu-server/107.conf"))
        })
        .unwrap_or_else(|| panic!("no error for the vanished file: {:?}", run.errors));
    assert_eq!(
        error.message,
        "cannot read file: it no longer exists (removed or renamed while vmlint ran)"
    );
    assert!(run
        .diagnostics
        .iter()
        .any(|d| d.rule == "VML101" && d.file.ends_with("healthy/qemu-server/100.conf")));
}
