//! SARIF (validated against the official 2.1.0 schema shipped in `schemas/`), JUnit, GitHub
//! annotations, and several reports from one lint.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{sarif_validator, vmlint, write};

const CONF: &str = "name: cad-01\ncores: 2\n# vmlint:ignore VML104 reason=\"approved GPU host\"\nhostpci0: 0000:01:00.0\nusb0: host=0529:0001\n";

fn estate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "qemu-server/100.conf", CONF);
    write(
        dir.path(),
        "broken.tf",
        "resource \"a\" \"b\" {\n  name = \n}\n",
    );
    dir
}

fn sarif_of(dir: &Path) -> Value {
    let output = vmlint(&["check", ".", "--format", "sarif"], dir);
    assert_eq!(
        output.status.code(),
        Some(2),
        "the broken file makes it exit 2"
    );
    serde_json::from_slice(&output.stdout).expect("SARIF is JSON")
}

/// The official SARIF 2.1.0 schema, unmodified on disk. Its pattern for `run.language` has a
/// stray `]` (an erratum of the published file) that an ECMA-262 regex checker rejects, so the
/// meta-validation of the schema itself would fail: that one pattern is corrected in memory.

#[test]
fn a_repository_finding_names_the_other_places_in_json_and_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let conf = |name: &str| format!("name: {name}\nnet0: virtio=BC:24:11:AA:00:01,bridge=vmbr0\n");
    write(dir.path(), "a/qemu-server/110.conf", &conf("erp-01"));
    write(dir.path(), "b/qemu-server/210.conf", &conf("erp-01-copy"));

    let json: Value = serde_json::from_slice(
        &vmlint(
            &["check", ".", "--format", "json", "--select", "VML103"],
            dir.path(),
        )
        .stdout,
    )
    .unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2);
    assert_eq!(diagnostics[0]["file"], "a/qemu-server/110.conf");
    assert_eq!(diagnostics[0]["line"], 2);
    assert_eq!(
        diagnostics[0]["related"],
        serde_json::json!([{"file": "b/qemu-server/210.conf", "line": 2, "column": 1,
            "message": "the same MAC on `erp-01-copy`"}])
    );

    let output = vmlint(
        &["check", ".", "--format", "sarif", "--select", "VML103"],
        dir.path(),
    );
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF violates the schema: {errors:#?}");
    let result = &log["runs"][0]["results"][1];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "b/qemu-server/210.conf"
    );
    let related = &result["relatedLocations"][0];
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "a/qemu-server/110.conf"
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 2);
    assert_eq!(related["message"]["text"], "the same MAC on `erp-01`");

    // Linting one file alone sees no copy; with the repository as context it does.
    let alone = vmlint(
        &["check", "a/qemu-server/110.conf", "--format", "json"],
        dir.path(),
    );
    let alone: Value = serde_json::from_slice(&alone.stdout).unwrap();
    assert!(alone["diagnostics"].as_array().unwrap().is_empty());
    let with_context = vmlint(
        &[
            "check",
            "a/qemu-server/110.conf",
            "--repo-context",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let with_context: Value = serde_json::from_slice(&with_context.stdout).unwrap();
    let found = with_context["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{with_context}");
    assert_eq!(found[0]["rule"], "VML103");
    assert_eq!(found[0]["file"], "a/qemu-server/110.conf");
}

#[test]
fn sarif_is_valid_against_the_official_schema_and_complete() {
    let dir = estate();
    let log = sarif_of(dir.path());
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF violates the schema: {errors:#?}");
    let mut tampered = log.clone();
    tampered["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(
        !validator.is_valid(&tampered),
        "the validator must catch a bad level"
    );

    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let usb = rules.iter().find(|rule| rule["id"] == "VML101").unwrap();
    assert_eq!(usb["name"], "usb-passthrough");
    assert_eq!(usb["defaultConfiguration"]["level"], "warning");
    assert!(usb["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("**Fix:**"));
    assert!(usb["helpUri"]
        .as_str()
        .unwrap()
        .ends_with("/policies/hardware/usb-passthrough/README.md"));

    let results = run["results"].as_array().unwrap();
    let dongle = results
        .iter()
        .find(|result| result["ruleId"] == "VML101")
        .unwrap();
    assert_eq!(dongle["level"], "error");
    let region = &dongle["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(
        dongle["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "qemu-server/100.conf"
    );
    assert_eq!(
        rules[dongle["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "VML101"
    );
    let suppressed = results
        .iter()
        .find(|result| result["ruleId"] == "VML104")
        .unwrap();
    assert_eq!(suppressed["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        suppressed["suppressions"][0]["justification"],
        "approved GPU host"
    );

    let notification = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
}

#[test]
fn sarif_fingerprints_survive_line_shifts_and_see_content() {
    let dir = estate();
    let fingerprint = |log: &Value| {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|result| result["ruleId"] == "VML101")
            .unwrap()["partialFingerprints"]["vmlint/v1"]
            .clone()
    };
    let before = fingerprint(&sarif_of(dir.path()));
    write(
        dir.path(),
        "qemu-server/100.conf",
        &format!("#notes\n#more notes\n{CONF}"),
    );
    assert_eq!(fingerprint(&sarif_of(dir.path())), before);
    write(
        dir.path(),
        "qemu-server/100.conf",
        &CONF.replace("0529:0001", "0529:0002"),
    );
    assert_ne!(fingerprint(&sarif_of(dir.path())), before);
}

#[test]
fn baselined_findings_are_external_suppressions_in_sarif() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "qemu-server/100.conf", CONF);
    assert_eq!(
        vmlint(&["baseline", "write", "."], dir.path())
            .status
            .code(),
        Some(0)
    );
    let output = vmlint(
        &[
            "check",
            ".",
            "--baseline",
            ".vmlint-baseline.json",
            "--format",
            "sarif",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let dongle = results
        .iter()
        .find(|result| result["ruleId"] == "VML101")
        .unwrap();
    assert_eq!(dongle["suppressions"][0]["kind"], "external");
}

#[test]
fn junit_has_a_suite_per_file_and_a_case_per_rule() {
    let dir = estate();
    let output = vmlint(&["check", ".", "--format", "junit"], dir.path());
    let text = String::from_utf8(output.stdout).unwrap();
    let document = roxmltree::Document::parse(&text).expect("JUnit is XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suite = root
        .children()
        .find(|node| node.attribute("name") == Some("qemu-server/100.conf"))
        .expect("a suite for the file");
    let cases: Vec<roxmltree::Node> = suite.children().filter(|node| node.is_element()).collect();
    assert!(cases
        .iter()
        .all(|case| case.tag_name().name() == "testcase"));
    assert!(cases.len() >= 6);
    let usb = cases
        .iter()
        .find(|case| case.attribute("name") == Some("VML101 usb-passthrough"))
        .unwrap();
    let failure = usb
        .children()
        .find(|node| node.has_tag_name("failure"))
        .unwrap();
    assert!(failure
        .attribute("message")
        .unwrap()
        .starts_with("qemu-server/100.conf:5:1: USB device 0529:0001"));
    let pci = cases
        .iter()
        .find(|case| case.attribute("name") == Some("VML104 pci-passthrough"))
        .unwrap();
    assert!(
        pci.children().all(|node| !node.is_element()),
        "suppressed: passes"
    );
    let broken = root
        .children()
        .find(|node| node.attribute("name") == Some("broken.tf"))
        .unwrap();
    assert!(broken.descendants().any(|node| node.has_tag_name("error")));
    assert_eq!(root.attribute("failures"), Some("1"));
    // What JUnit consumers (Jenkins, GitLab, Surefire's schema) require of every element.
    for suite in root.children().filter(|node| node.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        for attribute in ["name", "tests", "failures", "errors"] {
            assert!(
                suite.attribute(attribute).is_some(),
                "testsuite without {attribute}"
            );
        }
        let cases = suite.children().filter(|node| node.is_element()).count();
        assert_eq!(suite.attribute("tests"), Some(cases.to_string().as_str()));
        for case in suite.children().filter(|node| node.is_element()) {
            assert!(case.attribute("name").is_some() && case.attribute("classname").is_some());
            for outcome in case.children().filter(|node| node.is_element()) {
                assert!(["failure", "error"].contains(&outcome.tag_name().name()));
                assert!(
                    outcome.attribute("message").is_some() && outcome.attribute("type").is_some()
                );
            }
        }
    }
}

#[test]
fn github_annotations_and_several_reports_from_one_lint() {
    let dir = estate();
    let output = vmlint(
        &[
            "check",
            ".",
            "--format",
            "sarif",
            "--output",
            "out/vmlint.sarif",
            "--format",
            "github",
        ],
        dir.path(),
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("::error file=qemu-server/100.conf,line=5,col=1,endLine=5,endColumn=21,title=VML101 usb-passthrough::USB device 0529:0001"),
        "{text}"
    );
    assert!(
        text.contains(
            "::error file=broken.tf,line=2,col=10,title=vmlint error::cannot parse as terraform"
        ),
        "{text}"
    );
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/vmlint.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    let refused = vmlint(
        &["check", ".", "--format", "json", "--format", "github"],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("standard output"));
}
