//! `vmlint test`: the Rego unit tests (`test_*` in `*_test.rego`) of the built-in pack and of
//! user policy directories.

use std::path::PathBuf;

use super::{output, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::limits::EvaluationLimits;
use crate::policy::{self, PolicyOptions};

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// Directories of user policies and their tests.
    pub dirs: Vec<PathBuf>,
    /// Test only the given directories, not the built-in pack.
    #[arg(long)]
    pub no_builtin_policies: bool,
}

pub fn run(args: &TestArgs) -> i32 {
    let options = PolicyOptions {
        no_builtin: args.no_builtin_policies,
        user_dirs: args.dirs.clone(),
        include_tests: true,
        params: serde_json::Value::Null,
        limits: EvaluationLimits::default(),
    };
    let results =
        match policy::policy_files(&options).and_then(|files| policy::testing::run(&files)) {
            Ok(results) => results,
            Err(error) => {
                eprintln!("error: {error}");
                return EXIT_ERROR;
            }
        };
    let mut failed = 0;
    let mut text = String::new();
    for result in &results {
        let name = result.name.trim_start_matches("data.");
        match &result.failure {
            None => text.push_str(&format!("ok    {name}\n")),
            Some(reason) => {
                failed += 1;
                text.push_str(&format!("FAIL  {name} ({}): {reason}\n", result.file));
            }
        }
    }
    text.push_str(&format!(
        "{} passed, {failed} failed\n",
        results.len() - failed
    ));
    if output::print(&text) == output::Written::Failed {
        return EXIT_ERROR;
    }
    if results.is_empty() {
        eprintln!("error: no test rules found (rules named test_* in *_test.rego files)");
        return EXIT_ERROR;
    }
    if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
