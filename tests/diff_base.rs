//! `--diff-base` on a real temporary git repository: only changed files are linted, and only
//! findings on changed lines are reported unless `--all`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::with_git_identity;

fn git(args: &[&str], cwd: &Path) {
    let status = with_git_identity(Command::new("git").args(args).current_dir(cwd))
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn findings(args: &[&str], cwd: &Path) -> Vec<(String, u64)> {
    let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("vmlint runs");
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stderr)));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

const VM: &str = "resource \"proxmox_virtual_environment_vm\" \"a\" {\n  name = \"cad-01\"\n  usb {\n    host = \"0529:0001\"\n  }\n}\n";

#[test]
fn only_changed_files_and_lines_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(&["init", "-q", "-b", "main"], root);
    std::fs::write(root.join("main.tf"), VM).unwrap();
    std::fs::write(root.join("old.tf"), VM).unwrap();
    git(&["add", "."], root);
    git(&["commit", "-q", "-m", "initial"], root);

    // A second VM appended to main.tf, and a new libvirt domain, uncommitted (one staged).
    let grown = format!(
        "{VM}\n{}",
        VM.replace("\"a\"", "\"b\"")
            .replace("0529:0001", "064f:2af9")
    );
    std::fs::write(root.join("main.tf"), grown).unwrap();
    std::fs::create_dir_all(root.join("vms")).unwrap();
    std::fs::write(
        root.join("vms/new.xml"),
        "<domain>\n  <name>x</name>\n  <devices>\n    <hostdev mode='subsystem' type='pci'>\n      <source><address bus='0x01' slot='0x00' function='0x0'/></source>\n    </hostdev>\n  </devices>\n</domain>\n",
    )
    .unwrap();
    git(&["add", "vms/new.xml"], root);

    let changed = findings(
        &[
            "check",
            "--diff-base",
            "HEAD",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        root,
    );
    assert_eq!(
        changed,
        vec![("main.tf".to_string(), 10), ("vms/new.xml".to_string(), 4)]
    );

    let all = findings(
        &[
            "check",
            "--diff-base",
            "HEAD",
            "--all",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        root,
    );
    assert_eq!(
        all,
        vec![
            ("main.tf".to_string(), 3),
            ("main.tf".to_string(), 10),
            ("vms/new.xml".to_string(), 4)
        ]
    );

    // Committed changes count against an older base too.
    git(&["add", "."], root);
    git(&["commit", "-q", "-m", "grow"], root);
    let since_initial = findings(
        &[
            "check",
            "--diff-base",
            "HEAD~1",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        root,
    );
    assert_eq!(since_initial, changed);
    let nothing = findings(&["check", "--diff-base", "HEAD", "--format", "json"], root);
    assert_eq!(nothing, vec![]);
}

/// A change to a module (or to tfvars) reaches the files that deploy it: the caller is judged
/// and its finding, which relates the changed module line, is reported.
#[test]
fn a_changed_module_or_tfvars_reports_what_its_callers_deploy() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(&["init", "-q", "-b", "main"], root);
    let module = |usb: bool| {
        let block = if usb {
            "  dynamic \"usb\" {\n    for_each = var.usb_ids\n    content {\n      host = usb.value\n    }\n  }\n"
        } else {
            ""
        };
        format!("variable \"usb_ids\" {{\n  default = []\n}}\n\nresource \"proxmox_virtual_environment_vm\" \"this\" {{\n  name = \"flexlm-01\"\n{block}}}\n")
    };
    std::fs::create_dir_all(root.join("modules/vm")).unwrap();
    std::fs::write(root.join("modules/vm/main.tf"), module(false)).unwrap();
    std::fs::write(
        root.join("main.tf"),
        "module \"licence\" {\n  source  = \"./modules/vm\"\n  usb_ids = var.dongles\n}\n\nvariable \"dongles\" {}\n",
    )
    .unwrap();
    std::fs::write(root.join("terraform.tfvars"), "dongles = [\"0529:0001\"]\n").unwrap();
    git(&["add", "."], root);
    git(&["commit", "-q", "-m", "initial"], root);

    // The module starts passing USB devices: the dongle the tfvars name is reported there.
    std::fs::write(root.join("modules/vm/main.tf"), module(true)).unwrap();
    let found = findings(&["check", "--diff-base", "HEAD", "--format", "json"], root);
    assert_eq!(
        found,
        vec![("terraform.tfvars".to_string(), 1)],
        "{found:?}"
    );

    // Only the tfvars change: the caller is judged again.
    git(&["add", "."], root);
    git(&["commit", "-q", "-m", "usb"], root);
    std::fs::write(root.join("terraform.tfvars"), "dongles = [\"064f:2af9\"]\n").unwrap();
    let found = findings(&["check", "--diff-base", "HEAD", "--format", "json"], root);
    assert_eq!(
        found,
        vec![("terraform.tfvars".to_string(), 1)],
        "{found:?}"
    );
}
