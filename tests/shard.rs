//! Shards and merge, end to end: N = 1, 2, 3 and 8 shard processes over the example estate and
//! over a generated benchmark estate, merged, give the single machine's JSON (repository
//! findings included: a MAC duplicated across two shards, backup storms); the same for an
//! audit of several repositories; and a set of partials that is not one whole is refused
//! with the file at fault named.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::{git_in, json_of, repo, vmlint, write};

/// A report without its run time, which two runs never share.
fn comparable(mut report: Value) -> Value {
    report["summary"]["duration_ms"] = Value::Null;
    report
}

/// Run every shard of `count` as its own process (`args` + `--shard K/N --format partial`),
/// then merge them with `merge_args`; the partial files and the merge's output.
fn shard_and_merge(
    cwd: &Path,
    args: &[&str],
    count: usize,
    out: &Path,
    merge_args: &[&str],
) -> (Vec<PathBuf>, Output) {
    let mut partials = Vec::new();
    for index in 1..=count {
        let partial = out.join(format!("shard-{index}-of-{count}.json"));
        let shard = format!("{index}/{count}");
        let mut command: Vec<&str> = args.to_vec();
        let partial_text = partial.to_string_lossy().to_string();
        command.extend([
            "--shard",
            &shard,
            "--format",
            "partial",
            "--output",
            &partial_text,
        ]);
        let output = vmlint(&command, cwd);
        assert_eq!(
            output.status.code(),
            Some(0),
            "shard {shard}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        partials.push(partial);
    }
    let mut command: Vec<String> = vec!["merge".to_string()];
    command.extend(
        partials
            .iter()
            .map(|path| path.to_string_lossy().to_string()),
    );
    command.extend(merge_args.iter().map(|arg| arg.to_string()));
    let command: Vec<&str> = command.iter().map(String::as_str).collect();
    (partials, vmlint(&command, cwd))
}

fn rules(report: &Value) -> Vec<String> {
    let mut rules: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn merged_shards_of_the_examples_are_the_single_machines_report() {
    let single = vmlint(
        &["check", "examples", "--format", "json", "--no-cache"],
        &repo(),
    );
    assert_eq!(single.status.code(), Some(1));
    let single = comparable(json_of(&single));
    assert!(rules(&single).contains(&"VML303".to_string()), "{single}");
    for count in [1, 2, 3, 8] {
        let out = tempfile::tempdir().unwrap();
        let (_, merged) = shard_and_merge(
            &repo(),
            &["check", "examples"],
            count,
            out.path(),
            &["--format", "json"],
        );
        assert_eq!(
            merged.status.code(),
            Some(1),
            "merge of {count} shards exits as check does"
        );
        assert_eq!(comparable(json_of(&merged)), single, "{count} shards");
    }
    // The HTML report draws the backup week and host load from the summaries: the merge's
    // summaries draw the same page.
    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("single.html");
    let written = vmlint(
        &[
            "check",
            "examples",
            "--format",
            "html",
            "--output",
            page.to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(written.status.code(), Some(1));
    let merged_page = out.path().join("merged.html");
    let (_, merged) = shard_and_merge(
        &repo(),
        &["check", "examples"],
        3,
        out.path(),
        &[
            "--format",
            "html",
            "--output",
            merged_page.to_str().unwrap(),
        ],
    );
    assert_eq!(merged.status.code(), Some(1));
    let without_stamp = |path: &Path| -> String {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|line| !line.contains("generated 20"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let page = without_stamp(&page);
    assert!(page.contains("pbs-01"), "the backup week is drawn");
    assert_eq!(without_stamp(&merged_page), page);
}

/// The benchmark estate generator, built by `cargo test` beside the binary.
fn generator() -> PathBuf {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_vmlint"));
    let built = binary.parent().unwrap().join("examples/gen_corpus");
    if !built.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--example", "gen_corpus"])
            .current_dir(repo())
            .status()
            .unwrap();
        assert!(status.success());
    }
    built
}

/// Two Proxmox guests with one MAC, placed in files that 2, 3 and 8 shards all split.
fn duplicated_mac(root: &Path) -> (String, String) {
    let shards = |path: &str, count: usize| {
        (1..=count)
            .find(|&index| {
                vmlint::shard::check::owns(
                    vmlint::shard::ShardSpec { index, count },
                    Path::new(path),
                )
            })
            .unwrap()
    };
    let names: Vec<String> = (0..400)
        .map(|n| format!("estate/pve-mac/qemu-server/{}.conf", 900 + n))
        .collect();
    let first = names[0].clone();
    let second = names[1..]
        .iter()
        .find(|name| {
            [2, 3, 8]
                .iter()
                .all(|&count| shards(name, count) != shards(&first, count))
        })
        .expect("some file lands in another shard at every count")
        .clone();
    let mac = "net0: virtio=BC:24:11:5E:A7:01,bridge=vmbr0\n";
    write(root, &first, &format!("name: erp-a\nmemory: 4096\n{mac}"));
    write(root, &second, &format!("name: erp-b\nmemory: 4096\n{mac}"));
    (first, second)
}

#[test]
fn merged_shards_of_the_benchmark_estate_are_the_single_machines_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let generated = Command::new(generator())
        .args([root.join("estate").to_str().unwrap(), "600", "11"])
        .output()
        .unwrap();
    assert!(generated.status.success());
    let (first, second) = duplicated_mac(root);
    let single = vmlint(&["check", "estate", "--format", "json", "--no-cache"], root);
    let single = comparable(json_of(&single));
    assert_eq!(single["summary"]["files"], 602);
    assert!(
        single["errors"].as_array().unwrap().is_empty(),
        "{}",
        single["errors"]
    );
    // Repository findings: the MAC across files, backup storms across modules.
    let duplicate = single["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["rule"] == "VML103" && item["file"] == first.as_str())
        .expect("the duplicated MAC is found");
    assert_eq!(duplicate["related"][0]["file"], second.as_str());
    let storms = single["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["rule"] == "VML303")
        .count();
    assert!(storms > 5, "{storms} storms");
    for count in [1, 2, 3, 8] {
        let out = tempfile::tempdir().unwrap();
        let (partials, merged) = shard_and_merge(
            root,
            &["check", "estate"],
            count,
            out.path(),
            &["--format", "json"],
        );
        assert_eq!(comparable(json_of(&merged)), single, "{count} shards");
        // Every shard did a share of the work: none holds every file.
        if count > 1 {
            for partial in &partials {
                let part: Value =
                    serde_json::from_str(&std::fs::read_to_string(partial).unwrap()).unwrap();
                let owned = part["estate"]["owned"].as_u64().unwrap();
                assert!(owned > 0 && owned < 602, "{partial:?} owns {owned}");
            }
        }
    }
}

#[test]
fn a_partial_set_that_is_not_one_whole_is_refused_by_name() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let (partials, merged) = shard_and_merge(
        &repo(),
        &["check", "examples"],
        3,
        dir,
        &["--format", "json"],
    );
    assert_eq!(merged.status.code(), Some(1));
    let path = |index: usize| partials[index].to_string_lossy().to_string();
    let merge = |args: &[String]| {
        let mut command = vec!["merge".to_string()];
        command.extend(args.iter().cloned());
        let command: Vec<&str> = command.iter().map(String::as_str).collect();
        let output = vmlint(&command, &repo());
        assert_eq!(output.status.code(), Some(2), "{command:?} must be refused");
        assert!(output.stdout.is_empty(), "nothing is reported");
        String::from_utf8_lossy(&output.stderr).to_string()
    };
    let missing = merge(&[path(0), path(2)]);
    assert!(missing.contains("shard 2/3 missing"), "{missing}");
    let twice = merge(&[path(0), path(1), path(1), path(2)]);
    assert!(twice.contains("shard 2/3 is given twice"), "{twice}");

    let text = std::fs::read_to_string(&partials[1]).unwrap();
    let truncated = dir.join("truncated.json");
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let cut = merge(&[path(0), truncated.to_string_lossy().to_string(), path(2)]);
    assert!(
        cut.contains("truncated.json") && cut.contains("truncated"),
        "{cut}"
    );

    // A shard run with one more policy directory: another policy set.
    let policies = dir.join("policies");
    write(
        &policies,
        "extra.rego",
        "# METADATA\n# title: Extra\n# custom:\n#   id: ACME900\n#   slug: extra\n#   severity: info\n#   category: custom\npackage acme.extra\n\nimport rego.v1\n\ndeny contains result if {\n  false\n  result := {}\n}\n",
    );
    let other = dir.join("other.json");
    let output = vmlint(
        &[
            "check",
            "examples",
            "--policy",
            policies.to_str().unwrap(),
            "--shard",
            "2/3",
            "--format",
            "partial",
            "--output",
            other.to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mixed = merge(&[path(0), other.to_string_lossy().to_string(), path(2)]);
    assert!(
        mixed.contains("other.json") && mixed.contains("policy set differs"),
        "{mixed}"
    );

    // Every shard of another policy set, merged without it.
    let others = tempfile::tempdir().unwrap();
    let policy = policies.to_string_lossy().to_string();
    let (foreign, _) = shard_and_merge(
        &repo(),
        &["check", "examples", "--policy", &policy],
        2,
        others.path(),
        &["--format", "json", "--policy", &policy],
    );
    let foreign: Vec<String> = foreign
        .iter()
        .map(|path| path.to_string_lossy().to_string())
        .collect();
    let refused = merge(&foreign);
    assert!(
        refused.contains("another policy set than this merge loads"),
        "{refused}"
    );

    // Edited by hand: a shard that cannot exist.
    let zero = dir.join("zero.json");
    std::fs::write(&zero, text.replacen("\"index\":2", "\"index\":0", 1)).unwrap();
    let impossible = merge(&[path(0), zero.to_string_lossy().to_string(), path(2)]);
    assert!(
        impossible.contains("shard 0/3, which does not exist"),
        "{impossible}"
    );
    // Edited by hand: a version this vmlint does not read.
    let edited = dir.join("edited.json");
    std::fs::write(&edited, text.replacen("\"version\":1", "\"version\":7", 1)).unwrap();
    let version = merge(&[path(0), edited.to_string_lossy().to_string(), path(2)]);
    assert!(
        version.contains("edited.json") && version.contains("version 7"),
        "{version}"
    );
    // Every shard made by another vmlint build than the merge's.
    let older: Vec<String> = partials
        .iter()
        .enumerate()
        .map(|(index, partial)| {
            let text = std::fs::read_to_string(partial).unwrap();
            let start = text.find("\"vmlint\":\"").unwrap() + "\"vmlint\":\"".len();
            let end = start + text[start..].find('"').unwrap();
            let path = dir.join(format!("older-{index}.json"));
            let edited = format!(
                "{}vmlint 0.0.9 (0123456789){}",
                &text[..start],
                &text[end..]
            );
            std::fs::write(&path, edited).unwrap();
            path.to_string_lossy().to_string()
        })
        .collect();
    let older = merge(&older);
    assert!(
        older.contains("made by vmlint 0.0.9 (0123456789)"),
        "{older}"
    );
    let report = merge(&[repo()
        .join("examples/.vmlint.toml")
        .to_string_lossy()
        .to_string()]);
    assert!(report.contains("not a whole partial result"), "{report}");
}

#[test]
fn an_indexed_job_shards_by_its_completion_index() {
    let out = tempfile::tempdir().unwrap();
    let mut from_job = Vec::new();
    for index in 0..2 {
        let partial = out.path().join(format!("job-{index}.json"));
        let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
            .args(["check", "examples", "--format", "partial", "--output"])
            .arg(&partial)
            .env("JOB_COMPLETION_INDEX", index.to_string())
            .env("JOB_COMPLETIONS", "2")
            .env_remove("VMLINT_SHARD")
            .current_dir(repo())
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let part: Value =
            serde_json::from_str(&std::fs::read_to_string(&partial).unwrap()).unwrap();
        assert_eq!(part["shard"]["index"], index + 1);
        assert_eq!(part["shard"]["count"], 2);
        from_job.push(part);
    }
    let (by_flag, _) = shard_and_merge(&repo(), &["check", "examples"], 2, out.path(), &[]);
    for (job, flag) in from_job.iter().zip(&by_flag) {
        let flag: Value = serde_json::from_str(&std::fs::read_to_string(flag).unwrap()).unwrap();
        assert_eq!(
            job["body"]["check"]["files"],
            flag["body"]["check"]["files"]
        );
        assert!(!job["body"]["check"]["files"].as_array().unwrap().is_empty());
    }
    let incomplete = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(["check", "examples", "--format", "partial"])
        .env("JOB_COMPLETION_INDEX", "0")
        .env_remove("JOB_COMPLETIONS")
        .env_remove("VMLINT_SHARD")
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(incomplete.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&incomplete.stderr).contains("JOB_COMPLETIONS"));
}

#[test]
fn partial_results_follow_their_published_schema() {
    let printed = vmlint(&["merge", "--print-schema"], &repo());
    assert_eq!(printed.status.code(), Some(0));
    let published = std::fs::read_to_string(repo().join("schemas/partial.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&printed.stdout),
        published,
        "schemas/partial.schema.json is stale: run `cargo run -- merge --print-schema > schemas/partial.schema.json`"
    );
    let schema: Value = serde_json::from_str(&published).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let out = tempfile::tempdir().unwrap();
    let (partials, _) = shard_and_merge(&repo(), &["check", "examples"], 2, out.path(), &[]);
    for partial in partials {
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(&partial).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|error| format!("{error} at {}", error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{partial:?}: {errors:#?}");
        // And a partial that breaks it is caught: the check is not vacuous.
        let mut broken = value.clone();
        broken["shard"]["index"] = Value::String("one".into());
        assert!(!validator.is_valid(&broken));
    }
}

/// `git args…` in `dir` at a fixed date.
fn git(dir: &Path, date: &str, args: &[&str]) {
    git_in(dir, Some(date), args);
}

/// A repository whose history adds a dongle (VML101), then a GPU (VML102), then removes the
/// dongle.
fn history(root: &Path, name: &str, vmid: usize) {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, "2026-01-01T00:00:00Z", &["init", "-q", "-b", "main"]);
    let conf = format!("qemu-server/{vmid}.conf");
    write(
        &dir,
        &conf,
        &format!("name: {name}-cad\ncores: 2\nusb0: host=0529:0001\n"),
    );
    git(&dir, "2026-01-02T00:00:00Z", &["add", "-A"]);
    git(
        &dir,
        "2026-01-02T00:00:00Z",
        &["commit", "-q", "-m", "dongle"],
    );
    write(
        &dir,
        &format!("qemu-server/{}.conf", vmid + 1),
        &format!("name: {name}-render\nhostpci0: 0000:01:00.0\n"),
    );
    git(&dir, "2026-02-01T00:00:00Z", &["add", "-A"]);
    git(&dir, "2026-02-01T00:00:00Z", &["commit", "-q", "-m", "gpu"]);
    write(&dir, &conf, &format!("name: {name}-cad\ncores: 2\n"));
    git(&dir, "2026-03-01T00:00:00Z", &["add", "-A"]);
    git(
        &dir,
        "2026-03-01T00:00:00Z",
        &["commit", "-q", "-m", "no dongle"],
    );
}

#[test]
fn a_sharded_audit_of_many_repositories_merges_to_the_single_machines() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (index, name) in ["alpha", "bravo", "charlie", "delta", "echo"]
        .iter()
        .enumerate()
    {
        history(&root.join("clones"), name, 100 + index * 10);
    }
    let list = "# the estate's repositories\nclones/alpha\nclones/bravo\n\nfile://CLONES/charlie\nclones/delta\nclones/echo\nclones/missing\n"
        .replace("CLONES", &root.join("clones").to_string_lossy());
    write(root, "repos.txt", &list);
    let single = vmlint(
        &[
            "audit",
            "--repos",
            "repos.txt",
            "--format",
            "json",
            "--no-cache",
        ],
        root,
    );
    assert_eq!(
        single.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&single.stderr)
    );
    let single = json_of(&single);
    let repositories = single["repositories"].as_array().unwrap();
    assert_eq!(repositories.len(), 6);
    assert_eq!(repositories[0]["repository"], "clones/alpha");
    assert_eq!(repositories[0]["commits"], 3);
    let findings = repositories[0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{findings:?}");
    let dongle = findings
        .iter()
        .find(|item| item["rule"] == "VML101")
        .unwrap();
    assert_eq!(dongle["introduced"]["summary"], "dongle");
    assert_eq!(dongle["fixed"]["summary"], "no dongle");
    assert!(repositories[2]["repository"]
        .as_str()
        .unwrap()
        .starts_with("file://"));
    assert_eq!(repositories[2]["commits"], 3);
    let missing = repositories[5]["errors"][0].as_str().unwrap();
    assert!(missing.contains("clones/missing"), "{missing}");
    assert_eq!(single["summary"]["findings"], 10);
    for count in [1, 2, 3] {
        let out = tempfile::tempdir().unwrap();
        let (_, merged) = shard_and_merge(
            root,
            &["audit", "--repos", "repos.txt", "--no-cache"],
            count,
            out.path(),
            &["--format", "json"],
        );
        assert_eq!(
            merged.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&merged.stderr)
        );
        assert_eq!(json_of(&merged), single, "{count} shards");
    }
    // CSV and SARIF name each repository.
    let out = tempfile::tempdir().unwrap();
    let (_, csv) = shard_and_merge(
        root,
        &["audit", "--repos", "repos.txt", "--no-cache"],
        2,
        out.path(),
        &["--format", "csv"],
    );
    let csv = String::from_utf8_lossy(&csv.stdout).to_string();
    assert!(csv.starts_with("repository,rule,file,"), "{csv}");
    assert_eq!(
        csv.lines()
            .filter(|line| line.starts_with("clones/bravo,"))
            .count(),
        2
    );
    // A check's report of an audit is refused, named as on the command line.
    let out = tempfile::tempdir().unwrap();
    let (_, refused) = shard_and_merge(
        root,
        &["audit", "--repos", "repos.txt", "--no-cache"],
        2,
        out.path(),
        &["--format", "concise"],
    );
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("concise is a check's report"), "{said}");
}

#[test]
fn merged_shards_keep_suppressions_parse_errors_configurations_and_the_baseline() {
    // The fixtures: inline suppressions (used, unused, expired), parse errors, per-directory
    // configurations, every repository rule.
    let single = comparable(json_of(&vmlint(
        &["check", "fixtures", "--format", "json", "--no-cache"],
        &repo(),
    )));
    assert!(single["summary"]["suppressed"].as_u64().unwrap() > 5);
    assert!(!single["errors"].as_array().unwrap().is_empty());
    for count in [2, 3] {
        let out = tempfile::tempdir().unwrap();
        let (_, merged) = shard_and_merge(
            &repo(),
            &["check", "fixtures"],
            count,
            out.path(),
            &["--format", "json"],
        );
        assert_eq!(
            merged.status.code(),
            Some(2),
            "parse errors exit 2 after a merge too"
        );
        assert_eq!(comparable(json_of(&merged)), single, "{count} shards");
    }
    // A baseline accepts the same findings after a merge as in one run (SARIF shows them as
    // suppressed, so the comparison sees what it accepted).
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pve/qemu-server/100.conf",
        "name: lic-01\nusb0: host=0529:0001\n",
    );
    let written = vmlint(&["baseline", "write", "pve"], root);
    assert_eq!(written.status.code(), Some(0));
    write(
        root,
        "pve/qemu-server/101.conf",
        "name: lic-02\nusb0: host=0529:0001\n",
    );
    let one = vmlint(
        &[
            "check",
            "pve",
            "--baseline",
            ".vmlint-baseline.json",
            "--format",
            "sarif",
            "--no-cache",
        ],
        root,
    );
    assert_eq!(one.status.code(), Some(1));
    let one = json_of(&one);
    let out = tempfile::tempdir().unwrap();
    let (_, merged) = shard_and_merge(
        root,
        &["check", "pve"],
        2,
        out.path(),
        &["--format", "sarif", "--baseline", ".vmlint-baseline.json"],
    );
    assert_eq!(merged.status.code(), Some(1));
    let merged = json_of(&merged);
    let results = &one["runs"][0]["results"];
    assert_eq!(&merged["runs"][0]["results"], results);
    let accepted = results
        .as_array()
        .unwrap()
        .iter()
        .filter(|result| result.get("suppressions").is_some())
        .count();
    assert_eq!(accepted, 1, "{results}");
}

#[test]
fn gzipped_partials_merge_the_same_and_a_cut_stream_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let mut partials = Vec::new();
    for index in 1..=2 {
        let partial = dir.join(format!("{index}.json.gz"));
        let shard = format!("{index}/2");
        let output = vmlint(
            &[
                "check",
                "examples",
                "--shard",
                &shard,
                "--format",
                "partial",
                "--output",
                partial.to_str().unwrap(),
            ],
            &repo(),
        );
        assert_eq!(output.status.code(), Some(0));
        let bytes = std::fs::read(&partial).unwrap();
        assert_eq!(&bytes[..2], &[0x1f, 0x8b], "a .gz partial is gzip");
        partials.push(partial.to_string_lossy().to_string());
    }
    let single = comparable(json_of(&vmlint(
        &["check", "examples", "--format", "json", "--no-cache"],
        &repo(),
    )));
    let mut args = vec!["merge", &partials[0], &partials[1], "--format", "json"];
    assert_eq!(comparable(json_of(&vmlint(&args, &repo()))), single);
    let bytes = std::fs::read(&partials[1]).unwrap();
    let cut = dir.join("cut.json.gz");
    std::fs::write(&cut, &bytes[..bytes.len() - 40]).unwrap();
    let cut = cut.to_string_lossy().to_string();
    args[2] = &cut;
    let refused = vmlint(&args, &repo());
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("cut.json.gz") && stderr.contains("gzip"),
        "{stderr}"
    );
}
