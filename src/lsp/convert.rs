//! Between vmlint and the protocol: file URIs and paths, 1-based character columns and LSP's
//! 0-based UTF-16 positions, vmlint diagnostics and LSP diagnostics.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};

use crate::diagnostic::{Diagnostic, LintError, Severity};
use crate::document::Position as TextPosition;

/// Where the rule reference lives; each rule has an anchor (`#vml101-usb-passthrough`).
const RULES_URL: &str = "https://github.com/vmlint/vmlint/blob/main/docs/rules.md";

/// `file:///a/b%20c.tf` → `/a/b c.tf`; other schemes are not files.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&rest[index + 1..index + 3], 16) {
                decoded.push(byte);
                index += 3;
                continue;
            }
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    Some(PathBuf::from(String::from_utf8(decoded).ok()?))
}

/// An absolute path as a `file://` URI, percent-encoding what a URI may not hold.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let absolute = crate::pipeline::discover::absolute(path);
    let mut text = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            text.push(byte as char);
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&text).ok()
}

/// A 1-based line and character column in `text` → LSP's 0-based line and UTF-16 offset.
pub fn to_lsp_position(text: Option<&str>, position: TextPosition) -> Position {
    let line = position.line.saturating_sub(1) as u32;
    let column = position.column.saturating_sub(1);
    let character = text
        .and_then(|text| text.lines().nth(line as usize))
        .map(|line_text| {
            line_text
                .chars()
                .take(column)
                .map(char::len_utf16)
                .sum::<usize>()
        })
        .unwrap_or(column);
    Position::new(line, character as u32)
}

/// LSP's 0-based line and UTF-16 offset → a 1-based line and character column in `text`.
pub fn from_lsp_position(text: &str, position: Position) -> TextPosition {
    let line_text = text.lines().nth(position.line as usize).unwrap_or_default();
    let mut units = 0;
    let mut column = 0;
    for ch in line_text.chars() {
        if units >= position.character as usize {
            break;
        }
        units += ch.len_utf16();
        column += 1;
    }
    TextPosition {
        line: position.line as usize + 1,
        column: column + 1,
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A vmlint diagnostic as the editor shows it; `text` is the buffer's text.
pub fn diagnostic(text: &str, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let href = format!(
        "{RULES_URL}#{}-{}",
        diagnostic.rule.to_ascii_lowercase(),
        diagnostic.slug
    );
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .filter_map(|related| {
            let uri = path_to_uri(&related.file)?;
            let start = to_lsp_position(None, related.start);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, Range::new(start, start)),
                message: related.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: Range::new(
            to_lsp_position(Some(text), diagnostic.start),
            to_lsp_position(Some(text), diagnostic.end),
        ),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.clone())),
        code_description: Uri::from_str(&href)
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("vmlint".to_string()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A parse, policy or configuration error as one located diagnostic.
pub fn error(text: &str, error: &LintError) -> lsp_types::Diagnostic {
    let start = error
        .start
        .map(|start| to_lsp_position(Some(text), start))
        .unwrap_or_default();
    lsp_types::Diagnostic {
        range: Range::new(start, start),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("parse-error".to_string())),
        source: Some("vmlint".to_string()),
        message: error.message.clone(),
        ..lsp_types::Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths_round_trip_with_escapes() {
        let uri = path_to_uri(Path::new("/srv/infra/my vm.tf")).unwrap();
        assert_eq!(uri.as_str(), "file:///srv/infra/my%20vm.tf");
        assert_eq!(
            uri_to_path(&uri).unwrap(),
            PathBuf::from("/srv/infra/my vm.tf")
        );
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert!(uri_to_path(&untitled).is_none());
    }

    #[test]
    fn columns_count_characters_and_lsp_counts_utf16_units() {
        let text = "a\nname = \"😀x\" # é\n";
        // `x` is the 10th character of line 2 and the 11th UTF-16 unit (the emoji takes two).
        let position = TextPosition {
            line: 2,
            column: 10,
        };
        let lsp = to_lsp_position(Some(text), position);
        assert_eq!(lsp, Position::new(1, 10));
        assert_eq!(from_lsp_position(text, lsp), position);
    }
}
