//! The engine files, run here: the GitHub Actions matrix workflow and the action's shard and
//! merge steps (their shell, as a runner runs it: `bash --noprofile --norc -eo pipefail`,
//! inputs through `env`, outputs through `$GITHUB_OUTPUT`, artifacts handed over as
//! download-artifact's `merge-multiple` would), and the Kubernetes Indexed Job and merge Job
//! (their containers' scripts, with the Job's environment and a completion index per pod),
//! which are also validated offline against the Kubernetes API schema by
//! `kubernetes-validate --strict` (from PyPI). Each ends in the single machine's report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::action::{run_step, runner, step};
use common::yaml::documents;
use common::{json_of, repo, vmlint, with_git_identity};

fn read_yaml(path: &str) -> Vec<Value> {
    documents(&std::fs::read_to_string(repo().join(path)).unwrap())
}

/// A workspace holding a copy of `examples/`, as a checkout would.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("examples"), &dir.path().join("examples"));
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn without_duration(mut report: Value) -> Value {
    report["summary"]["duration_ms"] = Value::Null;
    report
}

fn with_of(job: &Value) -> &Value {
    &job["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| step["uses"] == "./")
        .expect("the job uses the action")["with"]
}

#[test]
fn the_workflows_matrix_shards_and_merge_job_give_the_single_jobs_report() {
    let workflow = &read_yaml(".github/workflows/vmlint-sharded.yml")[0];
    let action = &read_yaml("action.yml")[0];
    let defaults: BTreeMap<String, String> = action["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, input)| (name.clone(), input["default"].as_str().unwrap().to_string()))
        .collect();
    let shards = workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"]
        .as_array()
        .unwrap();
    let total = shards.len();
    assert!(total > 1);
    let shard_with = with_of(&workflow["jobs"]["shard"]);
    assert_eq!(
        shard_with["shard"],
        "${{ matrix.shard }}/${{ strategy.job-total }}"
    );
    assert_eq!(step(action, "shard")["if"], "inputs.shard != ''");
    assert_eq!(step(action, "merge")["if"], "inputs.merge != ''");
    assert_eq!(
        step(action, "lint")["if"],
        "inputs.shard == '' && inputs.merge == ''"
    );

    let checkout = workspace();
    let merge_with = with_of(&workflow["jobs"]["merge"]);
    let downloaded = checkout.path().join(merge_with["merge"].as_str().unwrap());
    std::fs::create_dir_all(&downloaded).unwrap();
    for shard in shards {
        let temp = runner();
        let mut inputs = defaults.clone();
        inputs.insert("paths".into(), shard_with["paths"].as_str().unwrap().into());
        inputs.insert(
            "shard".into(),
            format!("{}/{total}", shard.as_i64().unwrap()),
        );
        let (output, written) =
            run_step(step(action, "shard"), &inputs, temp.path(), checkout.path());
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            written["artifact"],
            format!("vmlint-partial-{shard}-of-{total}")
        );
        let partial = PathBuf::from(&written["partial"]);
        // upload-artifact, then download-artifact with merge-multiple: one flat directory.
        std::fs::copy(&partial, downloaded.join(partial.file_name().unwrap())).unwrap();
    }

    let temp = runner();
    let mut inputs = defaults.clone();
    for (name, value) in merge_with.as_object().unwrap() {
        inputs.insert(name.clone(), value.as_str().unwrap().to_string());
    }
    let (merged, written) = run_step(step(action, "merge"), &inputs, temp.path(), checkout.path());
    assert_eq!(
        merged.status.code(),
        Some(0),
        "fail-on never: {}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let single = vmlint(
        &["check", "examples", "--format", "github", "--no-cache"],
        checkout.path(),
    );
    let annotations = |output: &Output| -> Vec<String> {
        let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter(|line| line.starts_with("::"))
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    };
    assert!(annotations(&single).len() > 20);
    assert_eq!(annotations(&merged), annotations(&single));
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&written["sarif"]).unwrap()).unwrap();
    let single_sarif = json_of(&vmlint(
        &["check", "examples", "--format", "sarif", "--no-cache"],
        checkout.path(),
    ));
    assert_eq!(
        sarif["runs"][0]["results"],
        single_sarif["runs"][0]["results"]
    );

    // A shard that failed to upload: the merge job names it and fails.
    let first = std::fs::read_dir(&downloaded)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::remove_file(&first).unwrap();
    let (refused, _) = run_step(step(action, "merge"), &inputs, temp.path(), checkout.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("missing"));
}

/// `kubernetes-validate` from PyPI (its schemas ship in the package), if installed.
fn kubernetes_validate() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("kubernetes-validate"))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("VMLINT_KUBERNETES_VALIDATE_REQUIRED").is_none(),
            "kubernetes-validate is required here (pip install kubernetes-validate)"
        );
        eprintln!(
            "skipped: kubernetes-validate is not installed (pip install kubernetes-validate)"
        );
    }
    found
}

#[test]
fn the_kubernetes_manifests_follow_the_kubernetes_api_schema() {
    let Some(validate) = kubernetes_validate() else {
        return;
    };
    let manifests: Vec<PathBuf> = std::fs::read_dir(repo().join("deploy/kubernetes"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .collect();
    assert_eq!(manifests.len(), 3);
    let check = |files: &[PathBuf]| {
        Command::new(&validate)
            .args(["--strict", "--kubernetes-version", "1.31.0"])
            .args(files)
            .output()
            .unwrap()
    };
    let valid = check(&manifests);
    assert!(
        valid.status.success(),
        "{}{}",
        String::from_utf8_lossy(&valid.stdout),
        String::from_utf8_lossy(&valid.stderr)
    );
    // The validator is strict: a misspelt field is refused.
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.yaml");
    let text =
        std::fs::read_to_string(repo().join("deploy/kubernetes/vmlint-shards.yaml")).unwrap();
    std::fs::write(&typo, text.replace("completionMode:", "completionMod:")).unwrap();
    assert!(!check(&[typo]).status.success());
}

/// A container's shell script and environment.
fn container(manifest: &Value, init: bool, name: &str) -> (String, BTreeMap<String, String>) {
    let key = if init { "initContainers" } else { "containers" };
    let container = manifest["spec"]["template"]["spec"][key]
        .as_array()
        .unwrap()
        .iter()
        .find(|container| container["name"] == name)
        .unwrap_or_else(|| panic!("no container {name}"));
    let command = container["command"].as_array().unwrap();
    assert_eq!(command[0], "/bin/sh");
    let env = container["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["name"].as_str().unwrap().to_string(),
                item["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (command[2].as_str().unwrap().to_string(), env)
}

fn sh(script: &str, env: &BTreeMap<String, String>) -> Output {
    let mut command = Command::new("sh");
    with_git_identity(&mut command)
        .args(["-c", script])
        .env_remove("VMLINT_SHARD")
        .env("NO_COLOR", "1");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
fn the_indexed_job_and_the_merge_job_run_here_to_the_single_machines_report() {
    let shards_job = &read_yaml("deploy/kubernetes/vmlint-shards.yaml")[0];
    let merge_job = &read_yaml("deploy/kubernetes/vmlint-merge.yaml")[0];
    assert_eq!(shards_job["spec"]["completionMode"], "Indexed");
    let completions = shards_job["spec"]["completions"].as_i64().unwrap();
    let (shard_script, shard_env) = container(shards_job, false, "shard");
    let (merge_script, merge_env) = container(merge_job, false, "merge");
    assert_eq!(shard_env["JOB_COMPLETIONS"], completions.to_string());
    assert_eq!(merge_env["SHARDS"], completions.to_string());

    // The repository the init containers clone: a git repository of the examples.
    let origin = workspace();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "estate"],
    ] {
        let status = with_git_identity(&mut Command::new("git"))
            .args(args)
            .current_dir(origin.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let volume = tempfile::tempdir().unwrap();
    let partials = volume.path().join("partials");
    let pod = |index: Option<i64>, script: &str, env: &BTreeMap<String, String>, job: &Value| {
        let pod_dir = tempfile::tempdir().unwrap();
        let repo_dir = pod_dir.path().join("workspace/repo");
        let (clone, clone_env) = container(job, true, "clone");
        let mut clone_env = clone_env;
        clone_env.insert(
            "REPO_URL".into(),
            format!("file://{}", origin.path().display()),
        );
        clone_env.insert("REPO_DIR".into(), repo_dir.to_string_lossy().into());
        let cloned = sh(&clone, &clone_env);
        assert!(
            cloned.status.success(),
            "{}",
            String::from_utf8_lossy(&cloned.stderr)
        );
        let mut env = env.clone();
        env.insert("REPO_DIR".into(), repo_dir.to_string_lossy().into());
        env.insert("PARTIALS_DIR".into(), partials.to_string_lossy().into());
        env.insert("VMLINT".into(), env!("CARGO_BIN_EXE_vmlint").into());
        env.insert("VMLINT_PATHS".into(), "examples".into());
        env.insert("WAIT_SECONDS".into(), "0".into());
        if let Some(index) = index {
            env.insert("JOB_COMPLETION_INDEX".into(), index.to_string());
        }
        sh(script, &env)
    };
    for index in 0..completions {
        let output = pod(Some(index), &shard_script, &shard_env, shards_job);
        assert!(
            output.status.success(),
            "pod {index}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let merged = pod(None, &merge_script, &merge_env, merge_job);
    assert_eq!(
        merged.status.code(),
        Some(1),
        "findings fail the Job: {}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(String::from_utf8_lossy(&merged.stdout).contains("VML303"));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(partials.join("vmlint.json")).unwrap())
            .unwrap();
    let single = vmlint(
        &["check", "examples", "--format", "json", "--no-cache"],
        origin.path(),
    );
    assert_eq!(without_duration(report), without_duration(json_of(&single)));
    assert!(partials.join("vmlint.sarif").is_file());

    // A pod that never wrote its partial: the merge waits, then names the missing shard.
    std::fs::remove_file(partials.join(format!("shard-2-of-{completions}.json"))).unwrap();
    let refused = pod(None, &merge_script, &merge_env, merge_job);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(&format!("shard 2/{completions} missing")),
        "{stderr}"
    );
}
