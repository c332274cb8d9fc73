//! Quick fixes and hovers: suppress a finding with a `vmlint:ignore` comment in the file's own
//! comment syntax (with a reason placeholder), remove a passthrough line where that is the
//! whole fix, replace a setting where one value is the whole fix (`balloon: 0`), and explain
//! the rule under the cursor.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, Hover, HoverContents, MarkupContent, MarkupKind, Position, Range,
    TextEdit, Uri, WorkspaceEdit,
};

use crate::diagnostic::Diagnostic;
use crate::formats::Format;
use crate::policy::{PolicySet, RuleMeta};

/// The comment that suppresses `rule` on the next line, in `format`'s syntax; `None` where
/// the format has no line comment (JSON).
fn suppression_comment(format: Format, rule: &str) -> Option<String> {
    let body = format!("vmlint:ignore {rule} reason=\"TODO: why this is accepted\"");
    match format {
        Format::Libvirt => Some(format!("<!-- {body} -->")),
        Format::TerraformJson => None,
        _ => Some(format!("# {body}")),
    }
}

/// The fixes for the diagnostics at `range` of a document.
pub fn code_actions(
    uri: &Uri,
    text: &str,
    format: Format,
    diagnostics: &[Diagnostic],
    range: Range,
    policies: &PolicySet,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for diagnostic in diagnostics {
        let line = diagnostic.start.line.saturating_sub(1);
        if (line as u32) < range.start.line || (line as u32) > range.end.line {
            continue;
        }
        let line_text = lines.get(line).copied().unwrap_or_default();
        let indent: String = line_text
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let lsp_diagnostic = super::convert::diagnostic(text, diagnostic);
        if let Some(comment) = suppression_comment(format, &diagnostic.rule) {
            let at = Position::new(line as u32, 0);
            actions.push(action(
                format!("Suppress {} on this line (with a reason)", diagnostic.rule),
                uri,
                vec![TextEdit::new(
                    Range::new(at, at),
                    format!("{indent}{comment}\n"),
                )],
                &lsp_diagnostic,
            ));
        }
        let meta = policies.rule(&diagnostic.rule).map(|rule| &rule.meta);
        if let Some((title, replacement)) =
            meta.and_then(|meta| replacement_line(format, meta, line_text))
        {
            let start = Position::new(line as u32, 0);
            let end = Position::new(line as u32, line_text.encode_utf16().count() as u32);
            actions.push(action(
                title,
                uri,
                vec![TextEdit::new(
                    Range::new(start, end),
                    format!("{indent}{replacement}"),
                )],
                &lsp_diagnostic,
            ));
        }
        let removable = meta;
        if let Some(title) = removable.and_then(|meta| removable_line(format, meta, line_text)) {
            let start = Position::new(line as u32, 0);
            let end = Position::new(line as u32 + 1, 0);
            actions.push(action(
                title,
                uri,
                vec![TextEdit::new(Range::new(start, end), String::new())],
                &lsp_diagnostic,
            ));
        }
    }
    actions
}

/// A passthrough that one line makes, where the rule's metadata says that removing the line is
/// the fix (`removable_keys`).
fn removable_line(format: Format, meta: &RuleMeta, line: &str) -> Option<String> {
    let key = line.split([':', '=']).next()?.trim();
    let lower = key.to_ascii_lowercase();
    let prefixes = meta.removable_keys.get(format.name())?;
    let is_device = prefixes
        .iter()
        .any(|prefix| lower.starts_with(&prefix.to_ascii_lowercase()));
    is_device.then(|| format!("Remove `{key}` (the passed-through device)"))
}

/// The setting that replaces the finding's line, where the rule's metadata names one for the
/// line's key (`replacements`): the title and the new line, without indentation.
fn replacement_line(format: Format, meta: &RuleMeta, line: &str) -> Option<(String, String)> {
    let key = line.split([':', '=']).next()?.trim();
    let replacement = meta
        .replacements
        .get(format.name())?
        .iter()
        .find_map(|(prefix, new)| key.eq_ignore_ascii_case(prefix).then_some(new))?;
    Some((format!("Set `{replacement}`"), replacement.clone()))
}

fn action(
    title: String,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diagnostic: &lsp_types::Diagnostic,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }
}

/// The explanation of the rule whose finding covers `position`.
pub fn hover(
    text: &str,
    diagnostics: &[Diagnostic],
    position: Position,
    policies: &PolicySet,
) -> Option<Hover> {
    let at = super::convert::from_lsp_position(text, position);
    let diagnostic = diagnostics.iter().find(|diagnostic| {
        (diagnostic.start.line, diagnostic.start.column) <= (at.line, at.column)
            && (at.line, at.column) <= (diagnostic.end.line, diagnostic.end.column)
    })?;
    let rule = policies.rule(&diagnostic.rule)?;
    let explanation = crate::report::explain::explain(rule);
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: format!("**{}**\n\n{explanation}", diagnostic.message),
        }),
        range: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_follow_the_format_and_json_has_none() {
        assert_eq!(
            suppression_comment(Format::Libvirt, "VML101").unwrap(),
            "<!-- vmlint:ignore VML101 reason=\"TODO: why this is accepted\" -->"
        );
        assert!(suppression_comment(Format::Proxmox, "VML104")
            .unwrap()
            .starts_with("# vmlint:ignore VML104"));
        assert!(suppression_comment(Format::TerraformJson, "VML101").is_none());
    }

    #[test]
    fn only_device_lines_the_rule_names_are_offered_for_removal() {
        // The keys come from the built-in pack's metadata, not from Rust.
        let policies = PolicySet::load(&crate::policy::PolicyOptions::default()).unwrap();
        let usb = &policies.rule("VML101").unwrap().meta;
        assert!(removable_line(Format::Proxmox, usb, "usb0: host=0529:0001").is_some());
        assert!(removable_line(Format::Proxmox, usb, "name: cad").is_none());
        assert!(removable_line(Format::Terraform, usb, "usb {").is_none());
        assert!(removable_line(
            Format::Vmx,
            usb,
            "usb.autoConnect.device0 = \"0x0529:0x0001\""
        )
        .is_some());
        let pci = &policies.rule("VML104").unwrap().meta;
        assert!(removable_line(Format::Proxmox, pci, "hostpci0: 0000:01:00.0").is_some());
        assert!(removable_line(Format::Proxmox, pci, "usb0: host=0529:0001").is_none());
    }
}
