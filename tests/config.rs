//! `.vmlint.toml` and the suppression discipline, end to end through the binary.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{json_of, vmlint, write};

/// (file, line, rule, severity) of every diagnostic.
fn findings(report: &Value) -> Vec<(String, u64, String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const DONGLE_CONF: &str =
    "name: cad-01\ncores: 2\nmemory: 2048\nusb0: host=0529:0001\nhostpci0: 0000:01:00.0\n";

fn estate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod/qemu-server/100.conf", DONGLE_CONF);
    write(dir.path(), "lab/qemu-server/200.conf", DONGLE_CONF);
    write(dir.path(), "legacy/qemu-server/300.conf", DONGLE_CONF);
    dir
}

#[test]
fn selection_severity_overrides_and_exclude_from_the_nearest_config() {
    let dir = estate();
    write(
        dir.path(),
        ".vmlint.toml",
        r#"ignore = ["pci-passthrough"]
exclude = ["legacy"]
fail-on = "error"

[severity]
VML101 = "warning"

[[overrides]]
paths = ["lab/**"]
ignore = ["VML101"]
select = ["VML104"]
"#,
    );
    let output = vmlint(&["check", ".", "--format", "json"], dir.path());
    let report = json_of(&output);
    assert_eq!(
        findings(&report),
        vec![
            (
                "lab/qemu-server/200.conf".into(),
                5,
                "VML104".into(),
                "warning".into()
            ),
            (
                "prod/qemu-server/100.conf".into(),
                4,
                "VML101".into(),
                "warning".into()
            ),
        ]
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "fail-on = error and only warnings"
    );
    assert_eq!(report["summary"]["files"], 2, "legacy/ is excluded");

    // The command line wins: --fail-on, --select, --ignore, --severity.
    let output = vmlint(
        &["check", ".", "--format", "json", "--fail-on", "warning"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let output = vmlint(
        &["check", ".", "--format", "json", "--select", "VML104"],
        dir.path(),
    );
    let rules: Vec<String> = findings(&json_of(&output))
        .into_iter()
        .map(|f| f.2)
        .collect();
    assert_eq!(rules, vec!["VML104", "VML104"]);
    let output = vmlint(
        &["check", ".", "--format", "json", "--severity", "error"],
        dir.path(),
    );
    assert_eq!(findings(&json_of(&output)), vec![]);
    let output = vmlint(
        &["check", ".", "--format", "json", "--no-config"],
        dir.path(),
    );
    assert_eq!(
        findings(&json_of(&output)).len(),
        6,
        "no config: every rule, every file"
    );

    // A nearer configuration wins for the files below it.
    write(dir.path(), "lab/.vmlint.toml", "select = [\"VML101\"]\n");
    let output = vmlint(&["check", ".", "--format", "json"], dir.path());
    let lab: Vec<(String, String)> = findings(&json_of(&output))
        .into_iter()
        .filter(|f| f.0.starts_with("lab/"))
        .map(|f| (f.2, f.3))
        .collect();
    assert_eq!(lab, vec![("VML101".to_string(), "error".to_string())]);
}

#[test]
fn config_errors_are_located_and_exit_2() {
    let dir = estate();
    write(
        dir.path(),
        ".vmlint.toml",
        "select = [\"VML101\"]\n\n[suppressions]\nrequire_reason = true\n",
    );
    let output = vmlint(&["check", "."], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: .vmlint.toml:4:1: unknown field `require_reason`"),
        "{stderr}"
    );

    write(dir.path(), ".vmlint.toml", "ignore = [\"VML999\"]\n");
    let output = vmlint(&["check", "."], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: .vmlint.toml:1:11: `VML999` names no loaded rule"),
        "{stderr}"
    );

    let output = vmlint(&["check", ".", "--config", "missing.toml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn forbidden_and_reasonless_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "qemu-server/100.conf",
        "name: cad-01\ncores: 2\n# vmlint:ignore VML101\nusb0: host=0529:0001\n# vmlint:ignore VML104 reason=\"approved\"\nhostpci0: 0000:01:00.0\n",
    );
    write(
        dir.path(),
        ".vmlint.toml",
        "[suppressions]\nforbid = [\"pci-passthrough\"]\nrequire-reason = true\n",
    );
    let output = vmlint(&["check", ".", "--format", "json"], dir.path());
    let report = json_of(&output);
    assert_eq!(
        findings(&report),
        vec![
            (
                "qemu-server/100.conf".into(),
                3,
                "VML001".into(),
                "error".into()
            ),
            (
                "qemu-server/100.conf".into(),
                5,
                "VML003".into(),
                "warning".into()
            ),
            (
                "qemu-server/100.conf".into(),
                6,
                "VML104".into(),
                "warning".into()
            ),
        ]
    );
    assert!(report["diagnostics"][1]["message"]
        .as_str()
        .unwrap()
        .starts_with("VML104 may not be suppressed inline"));
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn params_reach_policies_and_extra_policy_directories_load() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "qemu-server/100.conf",
        "name: big-01\ncores: 64\nmemory: 2048\n",
    );
    write(
        dir.path(),
        "team-policies/max_cpus.rego",
        r#"package vmlint.rules.acme.max_cpus

import data.vmlint.lib.result

metadata := {"id": "ACME010", "slug": "max-cpus", "severity": "warning", "title": "Too many vCPUs"}

limit := data.vmlint.params["max-cpus"].limit

report contains result.fail(metadata, w.cpu.count.pointer, sprintf("%d vCPUs > %d", [w.cpu.count.value, limit])) if {
  some w in input.workloads
  w.cpu.count.value > limit
}
"#,
    );
    write(
        dir.path(),
        ".vmlint.toml",
        "policies = [\"team-policies\"]\n\n[params.max-cpus]\nlimit = 32\n",
    );
    let output = vmlint(&["check", ".", "--format", "json"], dir.path());
    let report = json_of(&output);
    assert_eq!(report["diagnostics"][0]["rule"], "ACME010");
    assert_eq!(report["diagnostics"][0]["message"], "64 vCPUs > 32");
    assert_eq!(report["diagnostics"][0]["line"], 2);

    let shown = vmlint(&["config", "--show", "qemu-server"], dir.path());
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(text.contains("# from .vmlint.toml"), "{text}");
    assert!(text.contains("policies = [\"team-policies\"]"), "{text}");
    assert!(text.contains("limit = 32"), "{text}");
}

#[test]
fn params_extend_the_vocabularies_of_built_in_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "qemu-server/100.conf",
        "name: cad-01\nusb0: host=1234:5678\nostype: l26\n",
    );
    let before = json_of(&vmlint(&["check", ".", "--format", "json"], dir.path()));
    assert_eq!(before["diagnostics"][0]["severity"], "warning");

    write(
        dir.path(),
        ".vmlint.toml",
        "[params.usb-passthrough]\ndongle_vendors = { \"1234\" = { name = \"Acme licence key\", kind = \"dongle\" } }\n\n[params.legacy-guest-os]\nextra_os_types = [\"l26\"]\n",
    );
    let after = json_of(&vmlint(&["check", ".", "--format", "json"], dir.path()));
    let found: Vec<(String, String, u64)> = after["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["rule"].as_str().unwrap().to_string(),
                diagnostic["severity"].as_str().unwrap().to_string(),
                diagnostic["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("VML101".to_string(), "error".to_string(), 2),
            ("VML502".to_string(), "warning".to_string(), 3)
        ]
    );
    assert!(after["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Acme licence key"));
}

#[test]
fn a_team_teaches_role_inference_its_own_names() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "qemu-server/300.conf",
        "name: gl-ledger-01\nscsi0: local-zfs:vm-300-disk-0,cache=unsafe,size=64G\n",
    );
    let rules = |dir: &std::path::Path| -> Vec<String> {
        json_of(&vmlint(&["check", ".", "--format", "json"], dir))["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(dir.path()).is_empty());
    write(
        dir.path(),
        ".vmlint.toml",
        "[params.roles]\ndatabase = [\"ledger\"]\n",
    );
    assert_eq!(rules(dir.path()), ["VML301"]);
    let inspected = json_of(&vmlint(&["inspect", "qemu-server/300.conf"], dir.path()));
    assert_eq!(inspected["workloads"][0]["roles"][0]["role"], "database");
    assert_eq!(
        inspected["workloads"][0]["roles"][0]["evidence"],
        "guessed from the word `ledger` in name `gl-ledger-01`; to confirm or correct it, declare the role: tag `vmlint-role-database` (or a line `vmlint-role: database` in the description)"
    );
}

const TF: &str = r#"resource "proxmox_virtual_environment_vm" "cad" {
  name      = "cad-01"
  node_name = "pve-01"

  usb {
    host = "0529:0001"
  }
}
"#;

#[test]
fn a_baseline_survives_line_shifts_and_never_hides_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/main.tf", TF);
    let written = vmlint(&["baseline", "write", "infra"], dir.path());
    assert_eq!(
        written.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    assert!(String::from_utf8_lossy(&written.stdout).contains("1 findings recorded"));
    let check = |cwd: &Path, args: &[&str]| json_of(&vmlint(args, cwd));
    let check_infra = || {
        let args = [
            "check",
            "infra",
            "--baseline",
            ".vmlint-baseline.json",
            "--format",
            "json",
        ];
        check(dir.path(), &args)
    };

    let report = check_infra();
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert_eq!(report["summary"]["baselined"], 1);

    // Ten lines inserted above the finding: still accepted.
    let shifted = format!("{}{TF}", "# comment\n".repeat(10));
    write(dir.path(), "infra/main.tf", &shifted);
    let report = check_infra();
    assert_eq!(report["diagnostics"], serde_json::json!([]));

    // From another working directory, the baseline still matches.
    let report = check(
        &dir.path().join("infra"),
        &[
            "check",
            ".",
            "--baseline",
            "../.vmlint-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(report["summary"]["baselined"], 1, "{report}");

    // A second dongle in the same file and workload is new, and reported.
    let grown = shifted.replace(
        "  usb {",
        "  usb {\n    host = \"064f:2af9\"\n  }\n\n  usb {",
    );
    write(dir.path(), "infra/main.tf", &grown);
    let report = check_infra();
    assert_eq!(findings(&report).len(), 1);
    assert!(report["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("064f:2af9"));
    assert_eq!(report["summary"]["baselined"], 1);

    // The baselined finding's content changes: it is new again.
    write(
        dir.path(),
        "infra/main.tf",
        &TF.replace("0529:0001", "0529:0002"),
    );
    let report = check_infra();
    assert_eq!(findings(&report).len(), 1);
    assert_eq!(report["summary"]["baselined"], 0);

    // Prune drops the entry that no longer matches.
    let pruned = vmlint(&["baseline", "prune", "infra"], dir.path());
    assert!(String::from_utf8_lossy(&pruned.stdout)
        .contains("1 findings no longer present were dropped"));
    let baseline: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join(".vmlint-baseline.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(baseline["findings"], serde_json::json!([]));
}
