//! The GitHub Action's composite steps, run as a runner runs them: `bash --noprofile --norc -eo
//! pipefail`, inputs through the step's `env`, outputs through `$GITHUB_OUTPUT`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::repo;

/// A composite action's step run as a runner runs it, in `cwd`; its output and the outputs it
/// wrote.
pub fn run_step(
    step: &Value,
    inputs: &BTreeMap<String, String>,
    runner_temp: &Path,
    cwd: &Path,
) -> (Output, BTreeMap<String, String>) {
    run_step_with(step, inputs, runner_temp, cwd, &[])
}

/// [`run_step`] with more of the runner's environment (`RUNNER_OS`, `RUNNER_ARCH`, …).
pub fn run_step_with(
    step: &Value,
    inputs: &BTreeMap<String, String>,
    runner_temp: &Path,
    cwd: &Path,
    environment: &[(&str, &str)],
) -> (Output, BTreeMap<String, String>) {
    assert_eq!(step["shell"], "bash");
    let script = runner_temp.join("step.sh");
    std::fs::write(&script, step["run"].as_str().unwrap()).unwrap();
    let outputs = runner_temp.join("github_output");
    std::fs::write(&outputs, "").unwrap();
    let mut command = Command::new("bash");
    command
        .args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .current_dir(cwd)
        .env("RUNNER_TEMP", runner_temp)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_ACTION_PATH", repo())
        .env_remove("VMLINT_SHARD")
        .env("NO_COLOR", "1")
        .envs(environment.iter().copied());
    for (name, value) in step["env"].as_object().into_iter().flatten() {
        let expression = value.as_str().unwrap();
        let input = expression
            .strip_prefix("${{ inputs.")
            .and_then(|rest| rest.strip_suffix(" }}"))
            .unwrap_or_else(|| panic!("{name}: {expression} is not an input"));
        command.env(name, &inputs[input]);
    }
    let output = command.output().unwrap();
    let written = std::fs::read_to_string(&outputs)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    (output, written)
}

/// A runner's temporary directory with vmlint installed where the action's install step puts it.
pub fn runner() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("vmlint/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_vmlint"), bin.join("vmlint")).unwrap();
    dir
}

pub fn step<'a>(action: &'a Value, id: &str) -> &'a Value {
    action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| step["id"] == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}
