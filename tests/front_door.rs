//! One front door, one pipeline: the commands that open a project (`check`, `audit`,
//! `inspect`, `lsp`) apply the same configuration and limits, read second files through the
//! source tree of their front-end, and end quietly when their reader goes away. Through the
//! real binary, on real git repositories.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{git_in, json_of, sarif_validator, vmlint, write};

fn git(dir: &Path, args: &[&str]) {
    git_in(dir, None, args);
}

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

fn new_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

fn audit(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["audit", "--format", "json", "--no-cache"];
    args.extend_from_slice(extra);
    json_of(&vmlint(&args, dir))
}

/// (rule, file) of each finding in a JSON array of them, sorted.
fn rule_and_file(findings: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = findings
        .as_array()
        .unwrap_or_else(|| panic!("not an array of findings: {findings}"))
        .iter()
        .map(|finding| {
            (
                finding["rule"].as_str().unwrap().to_string(),
                finding["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

fn audit_findings(report: &Value) -> Vec<(String, String)> {
    rule_and_file(&report["findings"])
}

fn check_findings(dir: &Path) -> Vec<(String, String)> {
    rule_and_file(&json_of(&vmlint(&["check", ".", "--format", "json"], dir))["diagnostics"])
}

const DONGLE_VM: &str = "name: cad-01\ncores: 2\nusb0: host=0529:0001\n";

/// Two Proxmox VMs on pve-01 with 20 + 16 vCPUs (VML203 once the host has a capacity).
const BUSY_HOST: &str = r#"resource "proxmox_virtual_environment_vm" "build" {
  name      = "build-01"
  node_name = "pve-01"
  cpu {
    cores = 20
  }
}

resource "proxmox_vm_qemu" "ci" {
  name        = "ci-runner-01"
  target_node = "pve-01"
  cores       = 16
  cpu         = "x86-64-v2-AES"
}
"#;

#[test]
fn audit_applies_todays_configuration_like_check() {
    let dir = new_repository();
    let root = dir.path();
    write(root, "qemu-server/100.conf", DONGLE_VM);
    write(root, "legacy/qemu-server/200.conf", DONGLE_VM);
    write(root, "hosts.tf", BUSY_HOST);
    commit_all(root, "estate");

    // No configuration: the dongles are found; VML203 has no capacity to judge against.
    let plain = audit_findings(&audit(root, &[]));
    assert_eq!(
        plain,
        vec![
            ("VML101".into(), "legacy/qemu-server/200.conf".into()),
            ("VML101".into(), "qemu-server/100.conf".into()),
        ]
    );

    // `ignore`: check and audit are both silent about VML101.
    write(root, ".vmlint.toml", "ignore = [\"VML101\"]\n");
    assert_eq!(check_findings(root), vec![]);
    assert_eq!(audit_findings(&audit(root, &[])), vec![]);

    // `[hosts]` (a repository rule's input) and per-path `overrides`.
    write(
        root,
        ".vmlint.toml",
        "[hosts.pve-01]\ncpus = 8\n\n[[overrides]]\npaths = [\"legacy/**\"]\nignore = [\"VML101\"]\n",
    );
    let expected: Vec<(String, String)> = vec![
        ("VML101".into(), "qemu-server/100.conf".into()),
        ("VML203".into(), "hosts.tf".into()),
        ("VML203".into(), "hosts.tf".into()),
    ];
    assert_eq!(check_findings(root), expected);
    assert_eq!(audit_findings(&audit(root, &[])), expected);

    // `select`, and params: a cpu_ratio of 8 makes 36 vCPUs on 8 CPUs acceptable.
    write(
        root,
        ".vmlint.toml",
        "select = [\"VML203\"]\n\n[hosts.pve-01]\ncpus = 8\n\n[params.host-overcommit]\ncpu_ratio = 8\n",
    );
    assert_eq!(check_findings(root), vec![]);
    assert_eq!(audit_findings(&audit(root, &[])), vec![]);

    // The command line's selection applies too.
    std::fs::remove_file(root.join(".vmlint.toml")).unwrap();
    let selected = audit_findings(&audit(root, &["--ignore", "VML101"]));
    assert_eq!(selected, vec![]);
}

#[test]
fn audit_reads_the_commits_module_not_todays_disk() {
    let dir = new_repository();
    let root = dir.path();
    write(
        root,
        "vm/main.tf",
        "resource \"proxmox_virtual_environment_vm\" \"licence_server\" {\n  name      = \"flex-01\"\n  node_name = \"pve-01\"\n\n  usb {\n    host = var.licence_dongle\n  }\n}\n",
    );
    write(
        root,
        "vm/variables.tf",
        "variable \"licence_dongle\" {\n  default = \"0529:0001\"\n}\n",
    );
    commit_all(root, "a HASP dongle");
    // Today's disk (uncommitted) says another device.
    write(
        root,
        "vm/variables.tf",
        "variable \"licence_dongle\" {\n  default = \"1050:0407\"\n}\n",
    );
    let report = audit(root, &[]);
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 1, "{report}");
    assert!(messages[0].contains("0529:0001"), "{report}");

    // A later commit changes only the module's variables: main.tf's finding is judged again
    // and now names the committed Yubikey.
    commit_all(root, "a Yubikey instead");
    let report = audit(root, &[]);
    let present: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["present_at_head"] == true)
        .map(|finding| finding["message"].as_str().unwrap())
        .collect();
    assert_eq!(present.len(), 1, "{report}");
    assert!(present[0].contains("1050:0407"), "{report}");
}

#[test]
fn audit_sarif_is_schema_valid_with_spaces_and_non_ascii_in_paths() {
    let dir = new_repository();
    let root = dir.path();
    write(root, "sites/Zürich lab/qemu-server/100.conf", DONGLE_VM);
    commit_all(root, "a dongle in Zürich");
    let output = vmlint(&["audit", "--format", "sarif", "--no-cache"], root);
    assert!(output.status.success(), "{output:?}");
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "VML101");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "sites/Z%C3%BCrich%20lab/qemu-server/100.conf"
    );
    assert_eq!(
        result["properties"]["firstDetection"]["summary"],
        "a dongle in Zürich"
    );
}

/// Run `vmlint ARGS | head -1` in `dir`; (vmlint's exit code, its stderr).
fn piped_to_head(dir: &Path, args: &str) -> (i32, String) {
    let script = format!(
        "\"{}\" {args} 2>stderr.txt | head -1 > /dev/null; echo ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_vmlint")
    );
    let output = Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir)
        .output()
        .unwrap();
    let code = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap();
    let stderr = std::fs::read_to_string(dir.join("stderr.txt")).unwrap();
    (code, stderr)
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Enough output to overflow a pipe's buffer after `head` has gone.
    let mut big = String::new();
    for index in 0..2_000 {
        big.push_str(&format!(
            "resource \"proxmox_vm_qemu\" \"vm{index}\" {{\n  name = \"vm-{index}\"\n  usb {{\n    host = \"0529:0001\"\n  }}\n}}\n"
        ));
    }
    write(dir.path(), "estate/main.tf", &big);
    for (args, expected) in [
        ("inspect estate/main.tf --document", 0),
        ("check estate --format concise", 1),
        ("check estate", 1),
        ("rules --format json", 0),
        ("config --schema", 0),
    ] {
        let (code, stderr) = piped_to_head(dir.path(), args);
        assert!(!stderr.contains("panicked"), "{args}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args}: {stderr}");
        assert_eq!(code, expected, "{args}: {stderr}");
    }
}
