//! `--format concise`: one `file:line:col: VML101 message` line per finding, for grep and for
//! editors without a language server; errors as `file:line:col: error: message`.

use std::fmt::Write as _;

use super::slash_path;
use crate::pipeline::LintRun;

pub fn render(run: &LintRun) -> String {
    let mut out = String::new();
    for error in &run.errors {
        let file = error
            .file
            .as_deref()
            .map(slash_path)
            .unwrap_or_else(|| "vmlint".to_string());
        match error.start {
            Some(start) => {
                let _ = writeln!(
                    out,
                    "{file}:{}:{}: error: {}",
                    start.line, start.column, error.message
                );
            }
            None => {
                let _ = writeln!(out, "{file}: error: {}", error.message);
            }
        }
    }
    for diagnostic in &run.diagnostics {
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            slash_path(&diagnostic.file),
            diagnostic.start.line,
            diagnostic.start.column,
            diagnostic.rule,
            diagnostic.severity,
            diagnostic.message
        );
    }
    out
}
