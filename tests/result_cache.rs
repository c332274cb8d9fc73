//! `vmlint check`'s result cache, end to end with the built binary: a second run over an
//! unchanged tree is answered from the cache with the same report; any input the result came
//! from — a linted file, a module's sibling read as context, a configuration file — makes it
//! lint again; a corrupted cache is ignored and rewritten; two runs at once both succeed;
//! `--no-cache` and `vmlint cache clean`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use common::{json_of, vmlint, write};

const MAIN_TF: &str = "resource \"proxmox_virtual_environment_vm\" \"licence_server\" {\n  name      = \"flex-01\"\n  node_name = \"pve-01\"\n\n  usb {\n    host = var.licence_dongle\n  }\n}\n";

fn variables(device: &str) -> String {
    format!("variable \"licence_dongle\" {{\n  default = \"{device}\"\n}}\n")
}

/// A tree with a Terraform module (its device comes from `variables.tf`) and a Proxmox config.
fn estate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/vm/main.tf", MAIN_TF);
    write(dir.path(), "infra/vm/variables.tf", &variables("0529:0001"));
    write(
        dir.path(),
        "infra/pve/qemu-server/100.conf",
        "name: plc-01\nmemory: 2048\nhostpci0: 0000:01:00.0\n",
    );
    dir
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "infra/vm/main.tf", "infra/pve", "--format", "json"];
    args.extend_from_slice(extra);
    vmlint(&args, dir)
}

/// The report without its run time.
fn findings(output: &Output) -> Value {
    let mut report = json_of(output);
    report["summary"]["duration_ms"] = Value::Null;
    report
}

fn rules_of(report: &Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|item| {
            (
                item["rule"].as_str().unwrap_or_default().to_string(),
                item["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn answered_from_cache(dir: &Path) -> bool {
    let output = check(dir, &["--timings"]);
    String::from_utf8_lossy(&output.stderr).contains("result cache (hit)")
}

fn cache_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir.join(".vmlint-cache"))
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_unchanged_tree_is_answered_from_the_cache_with_the_same_report() {
    let dir = estate();
    let first = check(dir.path(), &[]);
    assert_eq!(first.status.code(), Some(1), "findings fail the run");
    assert_eq!(
        cache_files(dir.path()).len(),
        1,
        "the first run stores its result"
    );
    assert!(answered_from_cache(dir.path()));
    let second = check(dir.path(), &[]);
    assert_eq!(second.status.code(), Some(1), "the exit code is the same");
    assert_eq!(findings(&first), findings(&second));
    assert!(rules_of(&findings(&second))
        .iter()
        .any(|(rule, message)| rule == "VML101" && message.contains("0529")));
    // The human report quotes the source from disk: the snippet of the value's origin is there.
    let human = vmlint(&["check", "infra/vm/main.tf", "infra/pve"], dir.path());
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("default = \"0529:0001\""), "{text}");
    assert!(text.contains("infra/vm/main.tf:5:3: used here"), "{text}");
}

#[test]
fn a_sibling_read_as_context_a_new_file_and_the_configuration_each_invalidate() {
    let dir = estate();
    check(dir.path(), &[]);
    // variables.tf is not linted (only main.tf is named) but decides what main.tf deploys.
    write(dir.path(), "infra/vm/variables.tf", &variables("1234:5678"));
    assert!(!answered_from_cache(dir.path()));
    let report = findings(&check(dir.path(), &[]));
    assert!(
        !rules_of(&report)
            .iter()
            .any(|(rule, message)| rule == "VML101" && message.contains("HASP")),
        "the old device is gone: {report}"
    );
    // A new file in a linted directory.
    write(
        dir.path(),
        "infra/pve/qemu-server/101.conf",
        "name: db-01\nmemory: 2048\nusb0: host=0529:0001\n",
    );
    let report = findings(&check(dir.path(), &[]));
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|item| item["file"]
            .as_str()
            .unwrap_or_default()
            .ends_with("101.conf")));
    // A configuration file where there was none.
    assert!(answered_from_cache(dir.path()));
    write(
        dir.path(),
        ".vmlint.toml",
        "ignore = [\"VML101\", \"VML104\"]\n",
    );
    let report = findings(&check(dir.path(), &[]));
    assert!(
        !rules_of(&report)
            .iter()
            .any(|(rule, _)| rule == "VML101" || rule == "VML104"),
        "{report}"
    );
}

#[test]
fn a_corrupted_or_truncated_cache_is_ignored_and_rewritten() {
    let dir = estate();
    let expected = findings(&check(dir.path(), &[]));
    let file = cache_files(dir.path()).pop().expect("a cache file");
    let whole = std::fs::read(&file).unwrap();
    for broken in [
        whole[..whole.len() / 2].to_vec(),
        b"{\"layout\": 1, \"key\": \"nonsense\"}".to_vec(),
        vec![0xff, 0x00, 0x13],
    ] {
        std::fs::write(&file, &broken).unwrap();
        assert!(
            !answered_from_cache(dir.path()),
            "a broken cache is not trusted"
        );
        assert_eq!(findings(&check(dir.path(), &[])), expected);
        let rewritten = std::fs::read(&file).unwrap();
        assert!(serde_json::from_slice::<Value>(&rewritten).is_ok());
    }
    // A cache that claims a tree it was not made from: the files' digests refuse it.
    let mut forged: Value = serde_json::from_slice(&whole).unwrap();
    forged["run"]["diagnostics"] = Value::Array(Vec::new());
    for input in forged["inputs"].as_array_mut().unwrap() {
        if let Some(read) = input.get_mut("Read") {
            read["stat"] = Value::Null;
            read["digest"] = Value::from("0".repeat(32));
        }
    }
    std::fs::write(&file, serde_json::to_vec(&forged).unwrap()).unwrap();
    assert_eq!(findings(&check(dir.path(), &[])), expected);
}

#[test]
fn two_runs_at_once_both_succeed_and_leave_a_whole_cache() {
    let dir = estate();
    let expected = findings(&check(dir.path(), &["--no-cache"]));
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_vmlint"))
            .args(["check", "infra/vm/main.tf", "infra/pve", "--format", "json"])
            .current_dir(dir.path())
            .output()
    };
    std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4).map(|_| scope.spawn(spawn)).collect();
        for run in runs {
            let output = run.join().unwrap().unwrap();
            assert_eq!(findings(&output), expected);
        }
    });
    let files = cache_files(dir.path());
    assert_eq!(files.len(), 1, "no temporary file is left: {files:?}");
    assert!(serde_json::from_slice::<Value>(&std::fs::read(&files[0]).unwrap()).is_ok());
    assert!(answered_from_cache(dir.path()));
}

#[test]
fn no_cache_writes_nothing_and_cache_clean_removes_it() {
    let dir = estate();
    check(dir.path(), &["--no-cache"]);
    assert!(!dir.path().join(".vmlint-cache").exists());
    check(dir.path(), &[]);
    assert!(
        dir.path().join(".vmlint-cache/.gitignore").exists(),
        "kept out of git"
    );
    // With the rest of the repository as context, files outside the linted paths count:
    // such a run is not cached (a new inventory there would go unseen).
    let context = estate();
    let with_context = check(context.path(), &["--repo-context"]);
    assert_eq!(with_context.status.code(), Some(1));
    assert!(!context.path().join(".vmlint-cache").exists());
    let cleaned = vmlint(&["cache", "clean"], dir.path());
    assert_eq!(cleaned.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&cleaned.stdout).contains("removed .vmlint-cache"));
    assert!(!dir.path().join(".vmlint-cache").exists());
    assert!(!answered_from_cache(dir.path()), "the next run lints again");
}
