//! `--format junit`: JUnit XML (quick-junit), which CI systems show as test results. One test
//! suite per linted file; in it one test case per rule (passed, or failed with every finding's
//! location and message), and a failed `parse` case when the file could not be read.

use std::collections::BTreeMap;
use std::path::PathBuf;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::slash_path;
use crate::diagnostic::Diagnostic;
use crate::pipeline::LintRun;
use crate::policy::Rule;

pub fn render(run: &LintRun, rules: &[Rule]) -> String {
    let mut by_file: BTreeMap<PathBuf, Vec<&Diagnostic>> = run
        .linted_files
        .iter()
        .map(|file| (file.clone(), Vec::new()))
        .collect();
    for diagnostic in &run.diagnostics {
        by_file
            .entry(diagnostic.file.clone())
            .or_default()
            .push(diagnostic);
    }
    let mut report = Report::new("vmlint");
    for (file, diagnostics) in &by_file {
        let name = slash_path(file);
        let mut suite = TestSuite::new(name.clone());
        for rule in rules {
            let found: Vec<&&Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.rule == rule.meta.id)
                .collect();
            let status = if found.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let first = found[0];
                status
                    .set_message(format!(
                        "{}:{}:{}: {}",
                        name, first.start.line, first.start.column, first.message
                    ))
                    .set_type(format!("{} {}", rule.meta.id, rule.meta.slug))
                    .set_description(
                        found
                            .iter()
                            .map(|d| {
                                format!(
                                    "{}:{}:{}: [{}] {}",
                                    name, d.start.line, d.start.column, d.severity, d.message
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
                status
            };
            let mut case = TestCase::new(format!("{} {}", rule.meta.id, rule.meta.slug), status);
            case.set_classname(name.clone());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    for error in &run.errors {
        let name = error
            .file
            .as_deref()
            .map(slash_path)
            .unwrap_or_else(|| "vmlint".to_string());
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        let location = match error.start {
            Some(start) => format!("{name}:{}:{}", start.line, start.column),
            None => name.clone(),
        };
        status
            .set_message(format!("{location}: {}", error.message))
            .set_type("error");
        let mut case = TestCase::new("parse", status);
        case.set_classname(name.clone());
        let mut suite = TestSuite::new(name);
        suite.add_test_case(case);
        report.add_test_suite(suite);
    }
    report.set_time(run.duration);
    let mut text = report.to_string().unwrap_or_default();
    text.push('\n');
    text
}
