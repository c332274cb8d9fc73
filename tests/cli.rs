//! End-to-end tests of the `vmlint` binary: output shape, exit codes, bad input.

use serde_json::Value;

mod common;
use common::{json_of, repo, vmlint, write};

fn assert_valid_output(report: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/check-output.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "output violates the schema: {errors:#?}");
}

const DONGLE_XML: &str = "<domain type='kvm'>\n  <name>lic-01</name>\n  <devices>\n    <hostdev mode='subsystem' type='usb'>\n      <source><vendor id='0x0529'/><product id='0x0001'/></source>\n    </hostdev>\n  </devices>\n</domain>\n";

#[test]
fn examples_show_all_three_rules_in_both_formats_with_valid_json() {
    let output = vmlint(&["check", "examples", "--format", "json"], &repo());
    assert_eq!(output.status.code(), Some(1), "findings exit 1");
    let report = json_of(&output);
    assert_valid_output(&report);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    for rule in ["VML101", "VML104", "VML201"] {
        for extension in [".tf", ".xml"] {
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d["rule"] == rule && d["file"].as_str().unwrap().contains(extension)),
                "{rule} has no finding in a {extension} file of examples/"
            );
        }
    }
    let signing = diagnostics
        .iter()
        .find(|d| d["file"] == "examples/libvirt/signing-station.xml")
        .expect("the YubiKey finding");
    assert_eq!(signing["rule"], "VML101");
    assert_eq!(signing["severity"], "error");
    assert_eq!(
        (signing["line"].as_u64(), signing["column"].as_u64()),
        (Some(10), Some(5))
    );
    assert_eq!(
        (signing["end_line"].as_u64(), signing["end_column"].as_u64()),
        (Some(10), Some(56))
    );
    assert!(signing["message"]
        .as_str()
        .unwrap()
        .contains("1050:0407 (Yubico security key) passed to `release-signing-01`"));
    // Sorted by file, then line, then column.
    let keys: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(report["summary"]["files"], 15);
    for rule in ["VML102", "VML202", "VML301", "VML302", "VML401"] {
        assert!(
            diagnostics.iter().any(|d| d["rule"] == rule),
            "{rule} has no finding in examples/"
        );
    }
    assert_eq!(report["summary"]["diagnostics"], diagnostics.len());
}

#[test]
fn human_output_shows_location_snippet_rule_and_help() {
    let output = vmlint(&["check", "examples/libvirt/signing-station.xml"], &repo());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text.contains("VML101(usb-passthrough)"), "{text}");
    assert!(
        text.contains("[examples/libvirt/signing-station.xml:10:5]"),
        "{text}"
    );
    assert!(
        text.contains("<hostdev mode='subsystem' type='usb' managed='yes'>"),
        "{text}"
    );
    assert!(text.contains("help: Run dongle-bound software"), "{text}");
    assert!(
        text.contains("1 finding (1 error, 0 warnings) in 1 of 1 files, "),
        "{text}"
    );
}

#[test]
fn a_broken_file_is_a_located_error_and_does_not_hide_other_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken.tf",
        "resource \"a\" \"b\" {\n  name = \n}\n",
    );
    write(dir.path(), "dongle.xml", DONGLE_XML);
    let output = vmlint(&["check", ".", "--format", "json"], dir.path());
    assert_eq!(output.status.code(), Some(2), "parse errors exit 2");
    let report = json_of(&output);
    assert_valid_output(&report);
    assert_eq!(report["errors"][0]["file"], "broken.tf");
    assert_eq!(report["errors"][0]["line"], 2);
    assert_eq!(report["errors"][0]["column"], 10);
    assert!(report["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("cannot parse as terraform: invalid expression"));
    assert_eq!(report["diagnostics"][0]["file"], "dongle.xml");
    assert_eq!(report["diagnostics"][0]["rule"], "VML101");
    assert_eq!(report["summary"]["errors"], 1);

    let human = vmlint(&["check", "."], dir.path());
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("[broken.tf:2:10]"), "{text}");
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "gpu.tf",
        "resource \"proxmox_vm_qemu\" \"a\" {\n  name = \"nas\"\n  hostpci {\n    host = \"0000:01:00.0\"\n  }\n}\n",
    );
    let cwd = dir.path();
    assert_eq!(vmlint(&["check", "."], cwd).status.code(), Some(1));
    assert_eq!(
        vmlint(&["check", ".", "--fail-on", "info"], cwd)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        vmlint(&["check", ".", "--fail-on", "error"], cwd)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        vmlint(&["check", ".", "--fail-on", "never"], cwd)
            .status
            .code(),
        Some(0)
    );

    let clean = tempfile::tempdir().unwrap();
    write(
        clean.path(),
        "web.tf",
        "resource \"proxmox_vm_qemu\" \"w\" {\n  name = \"web\"\n}\n",
    );
    assert_eq!(vmlint(&["check", "."], clean.path()).status.code(), Some(0));
    assert_eq!(
        vmlint(&["check", "--format", "yaml"], clean.path())
            .status
            .code(),
        Some(2),
        "usage errors exit 2"
    );
}

#[test]
fn missing_paths_and_unsupported_files_are_errors_without_panics() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "hello\n");
    let output = vmlint(
        &["check", "nope/", "notes.txt", "--format", "json"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let report = json_of(&output);
    assert_valid_output(&report);
    let messages: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("cannot read `nope/`: no such file or directory")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("not a format vmlint reads")),
        "{messages:?}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_policy_that_does_not_compile_is_a_one_line_error_naming_its_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policies/bad.rego",
        "package vmlint.rules.acme.bad\n\nreport contains x if {\n",
    );
    write(dir.path(), "vm.xml", DONGLE_XML);
    let output = vmlint(&["check", "vm.xml", "--policy", "policies"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: policy policies/bad.rego:4:1: "),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

#[test]
fn user_policies_add_rules_that_report_like_built_ins() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policies/acme/big_vm.rego",
        r#"package vmlint.rules.acme.no_hostdev_on_web

import data.vmlint.lib.result

metadata := {"id": "ACME001", "slug": "no-usb-on-licence-servers", "severity": "info",
  "title": "Licence servers must use a network dongle", "formats": ["libvirt"]}

report contains result.fail(metadata, w.pointer, sprintf("`%s` checked by ACME", [w.name])) if {
  some w in input.workloads
  count(w.usb_devices) > 0
}
"#,
    );
    write(dir.path(), "vm.xml", DONGLE_XML);
    let output = vmlint(
        &[
            "check",
            "vm.xml",
            "--policy",
            "policies",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    let report = json_of(&output);
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["ACME001", "VML101"]);
    assert_eq!(
        report["diagnostics"][0]["line"], 1,
        "blames the <domain> element"
    );
    assert_eq!(report["diagnostics"][0]["severity"], "info");

    let listed = vmlint(&["rules", "--policy", "policies"], dir.path());
    let text = String::from_utf8(listed.stdout).unwrap();
    assert!(
        text.contains("ACME001") && text.contains("VML201"),
        "{text}"
    );
}

#[test]
fn rego_unit_tests_of_the_builtin_pack_pass() {
    let output = vmlint(&["test"], &repo());
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{text}");
    let summary = text.lines().last().unwrap();
    assert!(summary.ends_with(" passed, 0 failed"), "{summary}");
    let passed: usize = summary.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 14, "{summary}");
}

#[test]
fn a_failing_rego_test_fails_vmlint_test() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p/x.rego", "package acme.x\nanswer := 41\n");
    write(
        dir.path(),
        "p/x_test.rego",
        "package acme.x_test\nimport data.acme.x\ntest_answer if { x.answer == 42 }\n",
    );
    let output = vmlint(&["test", "--no-builtin-policies", "p"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("FAIL  acme.x_test.test_answer"), "{text}");
    assert!(text.trim_end().ends_with("0 passed, 1 failed"), "{text}");
}

#[test]
fn policies_can_read_the_raw_document() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policies/raw.rego",
        r##"package vmlint.rules.acme.raw_memory

import data.vmlint.lib.result

metadata := {"id": "ACME002", "slug": "raw-memory", "severity": "warning", "title": "t"}

report contains result.fail(metadata, "/domain/0/memory/0", sprintf("memory %s", [m["#text"]])) if {
  some m in input.document.domain[0].memory
}
"##,
    );
    write(
        dir.path(),
        "vm.xml",
        "<domain>\n  <name>a</name>\n  <memory unit='GiB'>4</memory>\n</domain>\n",
    );
    let output = vmlint(
        &[
            "check", "vm.xml", "--policy", "policies", "--format", "json",
        ],
        dir.path(),
    );
    let report = json_of(&output);
    assert_eq!(report["diagnostics"][0]["rule"], "ACME002");
    assert_eq!(report["diagnostics"][0]["message"], "memory 4");
    assert_eq!(report["diagnostics"][0]["line"], 3);
    assert_eq!(report["diagnostics"][0]["column"], 3);
}

#[test]
fn inventories_and_cluster_files_state_facts_about_other_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inventories/prod/hosts",
        "[ot]\ngw-07 ansible_host=10.1.0.7 vmlint_role=realtime\n",
    );
    write(
        dir.path(),
        "playbooks/gateway.yml",
        "- hosts: pve\n  tasks:\n    - name: Gateway VM\n      community.general.proxmox_kvm:\n        name: gw-07\n        node: pve-01\n",
    );
    write(
        dir.path(),
        "pve/ha/resources.cfg",
        "vm: 100\n\tstate started\n",
    );
    write(
        dir.path(),
        "pve/qemu-server/100.conf",
        "name: app-01\ncores: 2\nmemory: 2048\n",
    );
    write(
        dir.path(),
        "policies/ha.rego",
        r#"package vmlint.rules.acme.ha_seen

import data.vmlint.lib.result

metadata := {"id": "ACME003", "slug": "ha-seen", "severity": "info", "title": "t"}

report contains result.fail(metadata, w.availability.ha.pointer, sprintf("`%s` is HA", [w.name])) if {
  some w in input.workloads
  w.availability.ha.value
}
"#,
    );
    let output = vmlint(
        &[
            "check",
            ".",
            "--policy",
            "policies",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        dir.path(),
    );
    let report = json_of(&output);
    assert_eq!(report["errors"], serde_json::json!([]));
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let realtime = diagnostics
        .iter()
        .find(|d| d["rule"] == "VML201")
        .expect("VML201");
    assert_eq!(realtime["file"], "playbooks/gateway.yml");
    assert_eq!(realtime["line"], 5);
    assert!(
        realtime["message"].as_str().unwrap().contains(
            "declared by `vmlint_role=realtime` for host `gw-07` in `inventories/prod/hosts` line 2"
        ),
        "{}",
        realtime["message"]
    );
    let ha = diagnostics
        .iter()
        .find(|d| d["rule"] == "ACME003")
        .expect("ACME003");
    // Reported at the `vm: 100` entry that makes the VM highly available.
    assert_eq!(ha["file"], "pve/ha/resources.cfg");
    assert_eq!(ha["message"], "`app-01` is HA");
}

#[test]
fn repo_context_reads_inventories_when_only_some_files_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "inventories/prod/hosts",
        "[ot]\ngw-07 vmlint_role=realtime\n",
    );
    write(
        dir.path(),
        "playbooks/gateway.yml",
        "- hosts: pve\n  tasks:\n    - name: Gateway VM\n      community.general.proxmox_kvm:\n        name: gw-07\n        node: pve-01\n",
    );
    let rules = |args: &[&str]| -> Vec<String> {
        let report = json_of(&vmlint(args, dir.path()));
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(&["check", "playbooks/gateway.yml", "--format", "json"]).is_empty());
    assert_eq!(
        rules(&[
            "check",
            "playbooks/gateway.yml",
            "--repo-context",
            "--format",
            "json"
        ]),
        vec!["VML201", "VML202"]
    );
}

#[test]
fn the_example_user_policy_runs_with_its_tests_and_the_reserved_prefix_is_refused() {
    let tests = vmlint(&["test", "examples/policies"], &repo());
    let text = String::from_utf8_lossy(&tests.stdout);
    assert_eq!(tests.status.code(), Some(0), "{text}");
    assert_eq!(
        text.lines()
            .filter(|line| line.starts_with("ok    vmlint.rules.acme."))
            .count(),
        3,
        "{text}"
    );

    let report = json_of(&vmlint(
        &[
            "check",
            "examples/proxmox",
            "--policy",
            "examples/policies",
            "--select",
            "ACME101",
            "--format",
            "json",
        ],
        &repo(),
    ));
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![(
            "ACME101".to_string(),
            "examples/proxmox/qemu-server/221.conf".to_string(),
            6
        )]
    );

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mine/rule.rego",
        "package vmlint.rules.mine.rule\n\nmetadata := {\"id\": \"VML900\", \"slug\": \"mine\", \"severity\": \"warning\", \"title\": \"Mine\"}\n\nreport contains x if { x := 1; false }\n",
    );
    let refused = vmlint(&["rules", "--policy", "mine"], dir.path());
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("rule id VML900 starts with `VML`, which is reserved"),
        "{stderr}"
    );
}

/// Files of a known family that are not VMs — a Proxmox container, Proxmox's own QEMU
/// `-readconfig` file under `qemu-server/` — are skipped with a reason, counted in the summary,
/// and do not hide the VMs beside them; a YAML scalar libyaml accepts is read, not refused.
#[test]
fn containers_and_readconfig_files_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "etc/pve/lxc/101.conf",
        "arch: amd64\nhostname: ct-01\nnet0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01\nrootfs: local-lvm:vm-101-disk-0,size=8G\n",
    );
    write(
        dir.path(),
        "etc/pve/lxc/102.conf",
        "arch: amd64\nhostname: ct-02\nnet0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:02\nrootfs: local-lvm:vm-102-disk-0,size=8G\n",
    );
    write(
        dir.path(),
        "usr/share/qemu-server/pve-q35.conf",
        "[device \"ehci\"]\n  driver = \"ich9-usb-ehci1\"\n  multifunction = \"on\"\n",
    );
    write(
        dir.path(),
        "etc/pve/qemu-server/100.conf",
        "name: cad-01\ncores: 2\nusb0: host=0529:0001\n",
    );
    write(
        dir.path(),
        "site.yml",
        "- hosts: localhost\n  tasks:\n    - name: Keys\n      ansible.builtin.shell: 'ssh-keyscan host\n      >> /tmp/known'\n    - name: VM\n      community.general.proxmox_kvm:\n        name: cad-02\n        usb0: host=0529:0001\n",
    );
    let output = vmlint(
        &["check", ".", "--verbose", "--format", "concise"],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The two containers share no MAC with anything: no VML103, and the dongles are found.
    assert!(!stdout.contains("VML103"), "{stdout}");
    assert!(
        stdout.contains("etc/pve/qemu-server/100.conf:3:1: VML101"),
        "{stdout}"
    );
    assert!(stdout.contains("site.yml:9:9: VML101"), "{stdout}");
    assert!(
        stderr.contains("skipped etc/pve/lxc/101.conf: a Proxmox container (LXC) configuration"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped usr/share/qemu-server/pve-q35.conf: a .conf file that is not a Proxmox VM configuration (`driver = \"ich9-usb-ehci1\"` is not `key: value`)"),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    let human = vmlint(&["check", "."], dir.path());
    let summary = String::from_utf8_lossy(&human.stdout);
    assert!(
        summary.contains("3 files skipped (--verbose says why)"),
        "{summary}"
    );
}

#[test]
fn version_names_the_release_and_the_commit_it_was_built_from() {
    let output = vmlint(&["--version"], &repo());
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let prefix = format!("vmlint {} (", env!("CARGO_PKG_VERSION"));
    assert!(
        text.starts_with(&prefix) && text.trim_end().ends_with(')'),
        "{text}"
    );
    let commit = &text.trim_end()[prefix.len()..text.trim_end().len() - 1];
    // Built from this checkout: the commit is HEAD's (the build reruns when HEAD moves).
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(repo())
        .output();
    match head {
        Ok(head) if head.status.success() && std::env::var_os("VMLINT_BUILD_COMMIT").is_none() => {
            assert_eq!(commit, String::from_utf8(head.stdout).unwrap().trim());
        }
        _ => assert!(!commit.is_empty(), "{text}"),
    }
}
