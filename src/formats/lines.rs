//! Line-oriented formats (Proxmox configurations and cluster files, `.vmx`, INI inventories)
//! read their files the same way: every non-blank line with its byte span, and the lines that
//! start with a comment marker as [`Comment`]s. This module is that shared reading.

use crate::document::{starts_own_line, Comment, Span};

/// One non-blank line.
pub struct Line<'a> {
    /// The line without surrounding whitespace.
    pub text: &'a str,
    /// Where `text` stands in the file.
    pub span: Span,
    /// Leading whitespace, in bytes.
    pub indent: usize,
}

/// The non-blank lines of `source`.
pub fn lines(source: &str) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    source.split_inclusive('\n').filter_map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let text = line.trim();
        if text.is_empty() {
            return None;
        }
        let indent = line.len() - line.trim_start().len();
        Some(Line {
            text,
            span: Span::new(start + indent, start + line.len()),
            indent,
        })
    })
}

/// The comment a line holds when it starts with one of `markers`.
pub fn comment(source: &str, line: &Line, markers: &[char]) -> Option<Comment> {
    let body = line.text.strip_prefix(markers)?;
    Some(Comment {
        text: body.trim().to_string(),
        span: line.span,
        own_line: starts_own_line(source, line.span.start),
    })
}

/// `text` with `<marker>XX` hex escapes decoded (Proxmox descriptions use `%3A`, `.vmx` values
/// `|0A`); a marker not followed by two hex digits is kept as it is.
pub fn decode_hex_escapes(text: &str, marker: u8) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == marker {
            if let Some(byte) = text
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_trimmed_text_and_comments_are_recognised() {
        let source = "a: 1\n\n  # note\r\n\tkey value\n";
        let found: Vec<(&str, usize)> =
            lines(source).map(|line| (line.text, line.indent)).collect();
        assert_eq!(found, vec![("a: 1", 0), ("# note", 2), ("key value", 1)]);
        let line = lines(source).nth(1).unwrap();
        assert_eq!(&source[line.span.start..line.span.end], "# note");
        assert_eq!(comment(source, &line, &['#']).unwrap().text, "note");
        assert!(comment(source, &lines(source).next().unwrap(), &['#']).is_none());
    }

    #[test]
    fn hex_escapes_decode_and_stray_markers_stay() {
        assert_eq!(decode_hex_escapes("a%3Ab%zz%", b'%'), "a:b%zz%");
        assert_eq!(decode_hex_escapes("x|0Ay", b'|'), "x\ny");
    }
}
