//! `vmlint test`: runs the Rego unit tests of the built-in and user policies, as `opa test` and
//! `conftest verify` do. regorus has no test runner: every rule named `test_*` in a
//! `*_test.rego` file is evaluated and passes when it is `true`.

use regorus::Value;

use super::sources::PolicyFile;
use super::PolicyError;

/// The outcome of one test rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// `data.<package>.<rule>`
    pub name: String,
    pub file: String,
    /// `None` when the test passed, else why it failed.
    pub failure: Option<String>,
}

/// Compile all `files` together and evaluate every test rule of the test files.
pub fn run(files: &[PolicyFile]) -> Result<Vec<TestResult>, PolicyError> {
    let mut engine = super::compile::base_engine(&serde_json::Value::Null)?;
    let mut tests = Vec::new();
    for file in files {
        let Some(package) = super::compile::add_file(&mut engine, file)? else {
            continue;
        };
        if file.is_test {
            for rule in test_rule_names(&file.contents) {
                tests.push((format!("{package}.{rule}"), file.path.clone()));
            }
        }
    }
    engine.set_input(Value::new_object());
    Ok(tests
        .into_iter()
        .map(|(name, file)| {
            let failure = match engine.eval_rule(name.clone()) {
                Ok(Value::Bool(true)) => None,
                Ok(Value::Undefined) => Some("undefined (a condition did not hold)".to_string()),
                Ok(other) => Some(format!("evaluated to {other}, expected true")),
                Err(error) => Some(super::first_line(&error.to_string())),
            };
            TestResult {
                name,
                file,
                failure,
            }
        })
        .collect())
}

/// Names of the rules defined at the start of a line as `test_…`, in order, once each.
fn test_rule_names(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in source.lines() {
        if !line.starts_with("test_") {
            continue;
        }
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str, is_test: bool) -> PolicyFile {
        PolicyFile {
            path: path.into(),
            contents: contents.into(),
            is_test,
            is_builtin: false,
            data_at: None,
        }
    }

    #[test]
    fn passing_failing_and_erroring_tests_are_told_apart() {
        let results = run(&[
            file("p.rego", "package p\nanswer := 42\n", false),
            file(
                "p_test.rego",
                "package p_test\nimport data.p\ntest_ok if { p.answer == 42 }\ntest_wrong if { p.answer == 41 }\ntest_value := 3\n",
                true,
            ),
        ])
        .unwrap();
        let outcomes: Vec<(&str, bool)> = results
            .iter()
            .map(|result| (result.name.as_str(), result.failure.is_none()))
            .collect();
        assert_eq!(
            outcomes,
            vec![
                ("data.p_test.test_ok", true),
                ("data.p_test.test_wrong", false),
                ("data.p_test.test_value", false)
            ]
        );
        assert!(results[2]
            .failure
            .as_deref()
            .unwrap()
            .contains("expected true"));
    }
}
