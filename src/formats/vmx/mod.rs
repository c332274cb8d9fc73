//! VMware `.vmx` files: parsing and the adapter (`workloads.rs`).
//!
//! One `key = "value"` per line, `#` comments. Keys are case-insensitive and the last duplicate
//! wins, as VMware reads them: the tree has lower-case keys (`usb.autoconnect.device0`) and the
//! source map points at the line that wins.

pub mod defaults;
pub mod workloads;

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::document::{pointer, Document, SourceMap};
use crate::formats::lines;
use crate::formats::{Format, ParseError};

pub fn parse(path: PathBuf, source: Arc<str>) -> Result<Document, ParseError> {
    let mut map = SourceMap::default();
    let mut comments = Vec::new();
    let mut tree = Map::new();
    for line in lines::lines(&source) {
        let (trimmed, span) = (line.text, line.span);
        if let Some(comment) = lines::comment(&source, &line, &['#']) {
            comments.push(comment);
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(ParseError::at(
                span.start,
                format!("expected `key = \"value\"`, found `{trimmed}`"),
            ));
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(ParseError::at(
                span.start,
                format!("invalid key `{}`", key.trim()),
            ));
        }
        let value = unquote(value.trim()).ok_or_else(|| {
            ParseError::at(
                span.start + trimmed.find('=').unwrap_or(0) + 1,
                "unterminated quoted value",
            )
        })?;
        map.set(pointer::push("", &key), span, span);
        tree.insert(key, Value::String(value));
    }
    Ok(Document::new(
        path,
        Format::Vmx,
        source,
        Value::Object(tree),
        map,
        comments,
    ))
}

/// `"value"` → `value`, decoding VMware's `|XX` hex escapes; unquoted values are kept.
fn unquote(value: &str) -> Option<String> {
    match value.strip_prefix('"') {
        Some(inner) => Some(lines::decode_hex_escapes(inner.strip_suffix('"')?, b'|')),
        None => Some(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_case_insensitive_and_the_last_duplicate_wins() {
        let source = ".encoding = \"UTF-8\"\n# a comment\ndisplayName = \"plc\"\nUSB.autoConnect.device0 = \"0x0529:0x0001\"\nusb.autoconnect.device0 = \"0x064f:0x2af9\"\nannotation = \"line|0Atwo\"\n";
        let doc = parse(PathBuf::from("a.vmx"), Arc::from(source)).unwrap();
        assert_eq!(
            doc.tree,
            json!({".encoding": "UTF-8", "displayname": "plc",
                   "usb.autoconnect.device0": "0x064f:0x2af9", "annotation": "line\ntwo"})
        );
        let device = doc.source_map.get("/usb.autoconnect.device0").unwrap();
        assert_eq!(doc.position(device.focus.start).line, 5);
        assert_eq!(doc.comments.len(), 1);
    }

    #[test]
    fn malformed_lines_are_located_errors() {
        let error = parse(
            PathBuf::from("a.vmx"),
            Arc::from("a = \"1\"\nbroken line\n"),
        )
        .unwrap_err();
        assert_eq!(error.span.unwrap().start, 8);
        assert!(parse(PathBuf::from("a.vmx"), Arc::from("a = \"open\n")).is_err());
    }
}
