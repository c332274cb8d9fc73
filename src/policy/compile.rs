//! Compiling a policy set: every Rego file into one regorus engine with the params as data,
//! then each rule package's `metadata` read and checked (ids unique, the built-in prefix
//! reserved).

use std::collections::HashMap;
use std::sync::Arc;

use regorus::Engine;

use super::sources::PolicyFile;
use super::*;

impl PolicySet {
    pub(super) fn compile_with_params(
        files: Vec<PolicyFile>,
        params: &serde_json::Value,
    ) -> Result<PolicySet, PolicyError> {
        let (mut engine, package_files) = engine_with(&files, params)?;
        let contents: HashMap<&str, &str> = files
            .iter()
            .map(|file| (file.path.as_str(), file.contents.as_str()))
            .collect();
        engine.set_input(regorus::Value::new_object());

        let mut rules: Vec<Rule> = Vec::new();
        for (package, file) in package_files {
            if !package.starts_with(RULES_PREFIX) {
                continue; // a library package
            }
            let source = contents.get(file.as_str()).copied().unwrap_or_default();
            let declares_metadata = files.iter().any(|candidate| {
                !candidate.is_test
                    && declared_package(&candidate.contents).as_deref()
                        == Some(package.trim_start_matches("data."))
                    && candidate
                        .contents
                        .lines()
                        .any(|line| line.starts_with("metadata"))
            });
            let invalid = |message: String| PolicyError::Invalid {
                file: file.clone(),
                line: line_of(source, "metadata"),
                message,
            };
            let value = if declares_metadata {
                engine
                    .eval_rule(format!("{package}.metadata"))
                    .map_err(|error| invalid(first_line(&error.to_string())))?
            } else {
                regorus::Value::Undefined
            };
            if value == regorus::Value::Undefined {
                return Err(PolicyError::Invalid {
                    file: file.clone(),
                    line: line_of(source, "package"),
                    message: format!(
                        "rule package `{}` has no `metadata` rule: every rule states its id, slug, severity and title",
                        package.trim_start_matches("data.")
                    ),
                });
            }
            let json = serde_json::to_value(&value).map_err(|error| invalid(error.to_string()))?;
            let meta = RuleMeta::from_value(json)
                .map_err(|message| invalid(format!("invalid metadata: {message}")))?;
            let builtin = files
                .iter()
                .any(|candidate| candidate.path == file && candidate.is_builtin);
            if !builtin && meta.id.starts_with(RESERVED_ID_PREFIX) {
                return Err(invalid(format!(
                    "rule id {} starts with `{RESERVED_ID_PREFIX}`, which is reserved for vmlint's built-in rules: give your rules your own prefix, e.g. `ACME101`",
                    meta.id
                )));
            }
            if let Some(existing) = rules.iter().find(|rule| rule.meta.id == meta.id) {
                return Err(invalid(format!(
                    "rule id {} is already used by {}",
                    meta.id, existing.file
                )));
            }
            let triggers = super::triggers::parse(&meta.triggers)
                .map_err(|message| invalid(format!("invalid metadata: {message}")))?;
            let never_reports = reports_nothing(source);
            rules.push(Rule {
                triggers,
                never_reports,
                meta,
                report: format!("{package}.report"),
                package,
                file,
            });
        }
        rules.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        let reads_document = files.iter().any(|file| {
            !file.is_test
                && file.data_at.is_none()
                && (file.contents.contains("input.document")
                    || file.contents.contains("\"document\"")
                    || file.contents.contains("input[")
                    || file.contents.contains("input with"))
        });
        Ok(PolicySet {
            limits: EvaluationLimits::default(),
            run_started: Arc::default(),
            rule_times: Arc::new(super::profile::RuleTimes::new(rules.len())),
            engine,
            rules,
            reads_document,
        })
    }
}

/// Today in UTC as `YYYY-MM-DD`, for rules whose data carries dates (`data.vmlint.today`).
fn today() -> String {
    let (year, month, day) = crate::dates::today();
    format!("{year:04}-{month:02}-{day:02}")
}

/// An engine with vmlint's built-ins and the data every policy may read:
/// `data.vmlint.params` and `data.vmlint.today`. `vmlint test` starts from the same engine, so
/// a policy's tests see what its checks see.
pub(super) fn base_engine(params: &serde_json::Value) -> Result<Engine, PolicyError> {
    let mut engine = Engine::new();
    extensions::register(&mut engine)
        .map_err(|error| PolicyError::Load(format!("vmlint built-ins: {error}")))?;
    let params = if params.is_object() {
        params.clone()
    } else {
        serde_json::json!({})
    };
    engine
        .add_data(regorus::Value::from(
            serde_json::json!({"vmlint": {"params": params, "today": today()}}),
        ))
        .map_err(|error| PolicyError::Load(format!("rule parameters: {error}")))?;
    Ok(engine)
}

/// An engine holding vmlint's built-ins, the params and every file; the packages of the
/// non-test files, with the file that declares each.
fn engine_with(
    files: &[PolicyFile],
    params: &serde_json::Value,
) -> Result<(Engine, Vec<(String, String)>), PolicyError> {
    let mut engine = base_engine(params)?;
    let mut package_files: Vec<(String, String)> = Vec::new();
    for file in files {
        let Some(package) = add_file(&mut engine, file)? else {
            continue;
        };
        if !file.is_test && !package_files.iter().any(|(known, _)| *known == package) {
            package_files.push((package, file.path.clone()));
        }
    }
    Ok((engine, package_files))
}

/// Add one policy file: a Rego module (its package is returned) or a data document.
pub(super) fn add_file(
    engine: &mut Engine,
    file: &PolicyFile,
) -> Result<Option<String>, PolicyError> {
    let Some(at) = &file.data_at else {
        return engine
            .add_policy(file.path.clone(), file.contents.clone())
            .map(Some)
            .map_err(|error| compile_error(&file.path, &error.to_string()));
    };
    let invalid = |line: usize, message: String| PolicyError::Invalid {
        file: file.path.clone(),
        line,
        message,
    };
    let value: serde_json::Value = serde_json::from_str(&file.contents)
        .map_err(|error| invalid(error.line(), format!("invalid data document: {error}")))?;
    if at.is_empty() && !value.is_object() {
        return Err(invalid(
            1,
            "a data document at the policy root must be an object".to_string(),
        ));
    }
    let placed = at.iter().rev().fold(
        value,
        |inner, key| serde_json::json!({ key.as_str(): inner }),
    );
    engine
        .add_data(regorus::Value::from(placed))
        .map_err(|error| {
            invalid(
                1,
                format!("data document: {}", first_line(&error.to_string())),
            )
        })?;
    Ok(None)
}

/// Whether a rule file defines its findings as the empty set (`report := set()`, the rules
/// the suppression layer judges): evaluating it could only ever give nothing. Rego refuses a
/// second definition of a complete `report`, so the line is the whole definition.
fn reports_nothing(contents: &str) -> bool {
    contents
        .lines()
        .any(|line| line.trim_end() == "report := set()")
}
