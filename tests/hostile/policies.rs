//! Untrusted Rego: policies that reach for the network or the host, never end, eat memory, or
//! spend a file's or a run's evaluation budget.

use std::time::Duration;

use crate::harness::{check, error_about, run, write, Budget, BUDGET, HEALTHY};

/// A policy package `name` under `dir/<name>/` with rule `id` whose report body is `body`.
fn policy(dir: &std::path::Path, name: &str, id: &str, preamble: &str, body: &str) {
    write(
        dir,
        &format!("{name}/{name}.rego"),
        &format!(
            "package vmlint.rules.hostile.{name}\n\nimport rego.v1\n\nmetadata := {{\"id\": \"{id}\", \"slug\": \"{name}\", \"severity\": \"warning\", \"title\": \"t\"}}\n\n{preamble}\n\nreport contains {{\"rule\": \"{id}\", \"pointer\": \"\", \"message\": \"never\"}} if {{\n  {body}\n}}\n"
        ),
    );
}

/// A body that spins for far longer than any limit here.
const SPIN: &str = "n := count([1 | some x in numbers.range(1, 100000); some y in numbers.range(1, 100000)])\n  n < 0";

#[test]
fn policies_cannot_reach_the_network_or_the_host() {
    let dir = tempfile::tempdir().unwrap();
    for (name, call) in [
        (
            "net",
            "http.send({\"method\": \"get\", \"url\": \"http://169.254.169.254/\"})",
        ),
        ("env", "opa.runtime()"),
        ("clock", "time.now_ns()"),
        ("cidr", "net.cidr_contains(\"10.0.0.0/8\", \"10.1.1.1\")"),
        ("uuid", "uuid.rfc4122(\"seed\")"),
    ] {
        policy(
            dir.path(),
            name,
            "EVIL1",
            "",
            &format!("x := {call}\n  x != null"),
        );
        let (report, code) = check(dir.path(), &["--policy", name], BUDGET);
        assert_eq!(code, Some(2), "{name}: {report}");
        // The error names the rule and the function that does not exist here.
        let message = error_about(&report, "healthy/qemu-server/100.conf")["message"]
            .as_str()
            .unwrap()
            .to_string();
        let builtin = call.split('(').next().unwrap();
        assert!(
            message.starts_with("rule EVIL1 failed")
                && message.contains(&format!("could not find function {builtin}")),
            "{name}: {message}"
        );
    }
}

#[test]
fn a_policy_that_runs_for_ever_is_stopped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    policy(dir.path(), "spin", "SLOW1", "", SPIN);
    let (report, code) = check(
        dir.path(),
        &["--policy", "spin", "--policy-timeout", "0.5"],
        BUDGET,
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        error_about(&report, "healthy/qemu-server/100.conf")["message"],
        "rule SLOW1 failed: execution exceeded time limit: stopped after 0.5 s (--policy-timeout)"
    );
}

/// Each doubling copies the string: without a ceiling, `a30` is 100 GiB.
#[test]
fn a_policy_that_eats_memory_is_stopped_at_the_ceiling() {
    let dir = tempfile::tempdir().unwrap();
    let mut chain = String::from(
        "a0 := concat(\"\", [sprintf(\"%010d\", [x]) | some x in numbers.range(1, 100)])\n",
    );
    for level in 1..=30 {
        chain.push_str(&format!(
            "a{level} := concat(\"\", [a{}, a{}])\n",
            level - 1,
            level - 1
        ));
    }
    policy(dir.path(), "hog", "HOG1", &chain, "count(a30) < 0");
    let (report, code) = check(
        dir.path(),
        &["--policy", "hog", "--policy-memory-limit", "128"],
        Budget {
            time: Duration::from_secs(30),
            memory_mib: 1024,
        },
    );
    assert_eq!(code, Some(2));
    let message = error_about(&report, "healthy/qemu-server/100.conf")["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.starts_with(
            "rule HOG1 failed: execution exceeded memory limit: the process heap reached "
        ) && message.ends_with("above the ceiling of 128 MiB (--policy-memory-limit)"),
        "{message}"
    );
}

/// Three spinning rules on one file with 0.5 s each and 0.8 s for the file: the first is
/// stopped by its own limit, the second by what is left of the file's, the third never runs.
#[test]
fn a_file_budget_stops_the_rules_after_it_is_spent() {
    let dir = tempfile::tempdir().unwrap();
    // IDs after `VML…`: rules run in ID order, and the built-in ones must find the dongle first.
    for (name, id) in [
        ("spina", "XSLOW1"),
        ("spinb", "XSLOW2"),
        ("spinc", "XSLOW3"),
    ] {
        policy(&dir.path().join("spin"), name, id, "", SPIN);
    }
    let (report, code) = check(
        dir.path(),
        &[
            "--policy",
            "spin",
            "--policy-timeout",
            "0.5",
            "--file-policy-timeout",
            "0.8",
        ],
        BUDGET,
    );
    assert_eq!(code, Some(2));
    let messages: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|error| error["file"] == "healthy/qemu-server/100.conf")
        .map(|error| error["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "rule XSLOW1 failed: execution exceeded time limit: stopped after 0.5 s (--policy-timeout)",
            "rule XSLOW2 failed: execution exceeded time limit: the evaluation budget of this file, 0.8 s, is spent (--file-policy-timeout)",
            "rule XSLOW3 failed: not run: the evaluation budget of this file, 0.8 s, is spent (--file-policy-timeout)",
        ],
        "{report}"
    );
}

/// A spinning rule on ten files with 0.4 s each and 1 s for the run: the files evaluated
/// once the second is over are not evaluated at all, and say why.
#[test]
fn a_run_budget_stops_evaluation_once_it_is_spent() {
    let dir = tempfile::tempdir().unwrap();
    policy(dir.path(), "spin", "SLOW1", "", SPIN);
    for vmid in 100..110 {
        write(dir.path(), &format!("vms/qemu-server/{vmid}.conf"), HEALTHY);
    }
    let result = run(
        &[
            "check",
            "vms",
            "--format",
            "json",
            "--policy",
            "spin",
            "--policy-timeout",
            "0.4",
            "--run-policy-timeout",
            "1",
        ],
        dir.path(),
    );
    result.assert_within(BUDGET);
    assert_eq!(result.code, Some(2));
    let report = result.json();
    let messages: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["message"].as_str().unwrap())
        .collect();
    let spent = "the evaluation budget of the run, 1 s, is spent (--run-policy-timeout)";
    assert!(
        messages
            .iter()
            .any(|message| message.ends_with(&format!("failed: not run: {spent}"))),
        "{messages:#?}"
    );
    assert!(
        messages.iter().all(|message| message.starts_with("rule ")
            && (message.ends_with(spent) || message.ends_with("(--policy-timeout)"))),
        "{messages:#?}"
    );
}
