//! `--format github`: GitHub Actions workflow commands, which annotate the pull request's
//! files: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=VML101 usb-passthrough::…`.

use std::fmt::Write as _;

use super::slash_path;
use crate::diagnostic::Severity;
use crate::pipeline::LintRun;

/// Message data: `%`, CR and LF are escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values: also `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(run: &LintRun) -> String {
    let mut out = String::new();
    for error in &run.errors {
        let mut properties = Vec::new();
        if let Some(file) = &error.file {
            properties.push(format!("file={}", escape_property(&slash_path(file))));
        }
        if let Some(start) = error.start {
            properties.push(format!("line={}", start.line));
            properties.push(format!("col={}", start.column));
        }
        properties.push("title=vmlint error".to_string());
        let _ = writeln!(
            out,
            "::error {}::{}",
            properties.join(","),
            escape_data(&error.message)
        );
    }
    for diagnostic in &run.diagnostics {
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&slash_path(&diagnostic.file)),
            diagnostic.start.line,
            diagnostic.start.column,
            diagnostic.end.line,
            diagnostic.end.column,
            escape_property(&format!("{} {}", diagnostic.rule, diagnostic.slug)),
            escape_data(&diagnostic.message),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_misread() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
