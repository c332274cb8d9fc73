//! Hostile input through the CLI: each case gets its exact error and exit code, within a time
//! budget, and the healthy file beside it still produces its finding.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{json_of, vmlint, write};

const HEALTHY: &str = "name: cad-01\nusb0: host=0529:0001\n";

/// Lint `dir` as JSON; the healthy file's dongle must still be found, within `budget`.
fn check(dir: &Path, extra: &[&str], budget: Duration) -> (Value, Option<i32>) {
    write(dir, "healthy/qemu-server/100.conf", HEALTHY);
    let mut args = vec!["check", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let started = Instant::now();
    let output = vmlint(&args, dir);
    let elapsed = started.elapsed();
    assert!(elapsed < budget, "took {elapsed:?}, budget {budget:?}");
    let report = json_of(&output);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "VML101" && d["file"] == "healthy/qemu-server/100.conf"),
        "the healthy file's finding is missing: {report}"
    );
    (report, output.status.code())
}

fn error_about<'a>(report: &'a Value, file: &str) -> &'a Value {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|error| error["file"] == file)
        .unwrap_or_else(|| panic!("no error for {file}: {report}"))
}

const BUDGET: Duration = Duration::from_secs(10);

#[test]
fn a_billion_laughs_yaml_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from(
        "- hosts: all\n  vars:\n    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        yaml.push_str(&format!(
            "    a{level}: &a{level} [{}]\n",
            vec![previous; 10].join(", ")
        ));
    }
    write(dir.path(), "playbooks/laughs.yml", &yaml);
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(2));
    let error = error_about(&report, "playbooks/laughs.yml");
    assert!(
        error["message"].as_str().unwrap().contains("alias"),
        "{error}"
    );
}

#[test]
fn an_oversized_file_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "big/qemu-server/101.conf",
        &"# padding line\n".repeat(10_000),
    );
    let (report, code) = check(dir.path(), &["--max-file-size", "65536"], BUDGET);
    assert_eq!(code, Some(2));
    let error = error_about(&report, "big/qemu-server/101.conf");
    assert_eq!(
        error["message"],
        "file is 150000 bytes, above the limit of 65536 (--max-file-size): not read"
    );
}

#[test]
fn not_utf8_and_utf16_files_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("bad/qemu-server")).unwrap();
    std::fs::write(
        dir.path().join("bad/qemu-server/102.conf"),
        b"name: ok\nusb0: host=\xff\xfe\n",
    )
    .unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("name: x\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("bad/qemu-server/103.conf"), utf16).unwrap();
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(2));
    let latin = error_about(&report, "bad/qemu-server/102.conf");
    assert_eq!(
        latin["message"],
        "not UTF-8 text: invalid byte at offset 20"
    );
    assert_eq!(latin["line"], 2);
    let wide = error_about(&report, "bad/qemu-server/103.conf");
    assert_eq!(wide["message"], "not UTF-8 text: invalid byte at offset 0");
}

#[test]
fn crlf_line_endings_keep_columns_right() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "crlf/main.tf",
        "resource \"proxmox_virtual_environment_vm\" \"cad\" {\r\n  name = \"cad-02\"\r\n  usb {\r\n    host = \"0529:0001\"\r\n  }\r\n}\r\n",
    );
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(1));
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "crlf/main.tf")
        .unwrap();
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(3), Some(3))
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_fifos_are_not_followed_or_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("loop/up")).unwrap();
    std::os::unix::fs::symlink("/etc", dir.path().join("outside")).unwrap();
    let fifo = dir.path().join("qemu-server/104.conf");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    // A FIFO that nobody writes to would block a reader for ever: it must not be opened.
    let (report, code) = check(dir.path(), &[], BUDGET);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
    // Named on the command line, it is reported, not opened.
    let started = Instant::now();
    let named = json_of(&vmlint(
        &["check", "qemu-server/104.conf", "--format", "json"],
        dir.path(),
    ));
    assert!(started.elapsed() < BUDGET);
    assert_eq!(
        named["errors"][0]["message"],
        "not a regular file (a FIFO, a socket or a device): not read"
    );
}

#[test]
fn policies_cannot_reach_the_network_or_the_host() {
    let dir = tempfile::tempdir().unwrap();
    for (name, call) in [
        (
            "net",
            "http.send({\"method\": \"get\", \"url\": \"http://169.254.169.254/\"})",
        ),
        ("env", "opa.runtime()"),
    ] {
        write(
            dir.path(),
            &format!("{name}/p.rego"),
            &format!(
                "package vmlint.rules.evil.{name}\n\nmetadata := {{\"id\": \"EVIL1\", \"slug\": \"evil\", \"severity\": \"error\", \"title\": \"t\"}}\n\nreport contains x if {{\n  x := {call}\n}}\n"
            ),
        );
        write(dir.path(), "qemu-server/100.conf", HEALTHY);
        let output = vmlint(&["check", ".", "--policy", name], dir.path());
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name}: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        // The error names the rule and the function that does not exist here.
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let builtin = call.split('(').next().unwrap();
        assert!(
            text.contains("rule EVIL1 failed")
                && text.contains(&format!("could not find function {builtin}")),
            "{name}: {text}"
        );
    }
}

#[test]
fn a_policy_that_runs_for_ever_is_stopped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "slow/spin.rego",
        "package vmlint.rules.slow.spin\n\nimport rego.v1\n\nmetadata := {\"id\": \"SLOW1\", \"slug\": \"spin\", \"severity\": \"warning\", \"title\": \"Spins\"}\n\nreport contains {\"rule\": \"SLOW1\", \"pointer\": \"\", \"message\": \"never\"} if {\n  n := count([1 | some x in numbers.range(1, 100000); some y in numbers.range(1, 100000)])\n  n < 0\n}\n",
    );
    let (report, code) = check(
        dir.path(),
        &["--policy", "slow", "--policy-timeout", "0.5"],
        Duration::from_secs(8),
    );
    assert_eq!(code, Some(2));
    let error = error_about(&report, "healthy/qemu-server/100.conf");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("rule SLOW1 failed: execution exceeded time limit"),
        "{message}"
    );
}
