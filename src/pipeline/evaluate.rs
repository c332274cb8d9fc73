//! Evaluation of the document rules: the rules the file selects run on its input (regorus,
//! with the time and memory budgets of `policy::limits`); each finding is located and given
//! the severity the configuration asks for.

use std::time::Instant;

use super::extract::Extracted;
use super::locate::{self, file_error};
use super::settings::FileSettings;
use super::timings::Stage;
use crate::diagnostic::{Diagnostic, ErrorKind, LintError};
use crate::document::Document;
use crate::policy::Evaluator;

/// The located findings of the document rules, and the rules that failed.
pub fn document_rules(
    evaluator: &mut Evaluator,
    document: &Document,
    extracted: Extracted,
    settings: &FileSettings,
) -> (Vec<Diagnostic>, Vec<LintError>) {
    let document_rules: Vec<bool> = evaluator
        .rules()
        .iter()
        .map(|rule| rule.meta.scope.is_document())
        .collect();
    let (findings, failures) = settings.times.time(Stage::Evaluate, || {
        evaluator.evaluate(extracted.input, &|rule| {
            document_rules[rule] && settings.enabled(rule)
        })
    });
    let started = Instant::now();
    let errors = failures
        .into_iter()
        .map(|failure| {
            file_error(
                ErrorKind::Policy,
                &document.path,
                None,
                format!("rule {} failed: {}", failure.rule_id, failure.message),
            )
        })
        .collect();
    let rules = evaluator.rules();
    let located = findings
        .into_iter()
        .map(|finding| {
            let index = finding.rule;
            let mut diagnostic = locate::finding(
                document,
                &extracted.foreign,
                &rules[index],
                &extracted.owners,
                finding,
            );
            if let Some(severity) = settings.severity(index) {
                diagnostic.severity = severity;
            }
            diagnostic
        })
        .collect();
    settings.times.add(Stage::Finish, started.elapsed());
    (located, errors)
}
