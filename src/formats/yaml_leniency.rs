//! What libyaml (and so Ansible, PyYAML and kubectl) accepts but saphyr refuses, rewritten in
//! place so that no character moves and every position stays true.
//!
//! The one case today: a multi-line quoted scalar whose continuation lines sit at (or left of)
//! the indentation of its key. libyaml folds such lines; saphyr stops with "invalid
//! indentation in quoted scalar". The line breaks inside that scalar become spaces (one byte
//! for one byte), the stream is parsed again, and the scalar's value is folded as libyaml
//! folds it: each line break and the blanks around it become one space.

/// saphyr's message for the case.
pub const UNDER_INDENTED_QUOTE: &str = "invalid indentation in quoted scalar";

/// How many scalars one file may need repaired before the error stands.
pub const MAX_REPAIRS: usize = 64;

/// Rewrite the quoted scalar that starts at byte `start` of `text` (its quote, or the key
/// before it on the same line): its line breaks become spaces, blank lines aside (a blank line
/// in a quoted scalar is a kept newline). Returns the byte range of the scalar, or `None` when
/// no quoted scalar starts there.
pub fn unfold_quoted(text: &mut String, start: usize) -> Option<std::ops::Range<usize>> {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let (open, quote) = text[start..line_end]
        .char_indices()
        .find(|(_, c)| *c == '\'' || *c == '"')
        .map(|(i, c)| (start + i, c))?;
    let bytes = text.as_bytes();
    let mut index = open + 1;
    let mut close = None;
    while index < bytes.len() {
        let byte = bytes[index];
        if quote == '"' && byte == b'\\' {
            index += 2;
            continue;
        }
        if byte == quote as u8 {
            if quote == '\'' && bytes.get(index + 1) == Some(&b'\'') {
                index += 2;
                continue;
            }
            close = Some(index);
            break;
        }
        index += 1;
    }
    let close = close?;
    let breaks: Vec<usize> = (open..close)
        .filter(|&i| bytes[i] == b'\n')
        .filter(|&i| {
            // A blank next line is a kept newline, not a fold.
            let rest = &text[i + 1..close];
            let next_line = rest.split('\n').next().unwrap_or("");
            !next_line.trim().is_empty()
        })
        .collect();
    if breaks.is_empty() {
        return None;
    }
    // SAFETY of positions: `\n` and ` ` are one byte each, so no offset moves.
    let mut replaced = std::mem::take(text).into_bytes();
    for at in breaks {
        replaced[at] = b' ';
        if at > 0 && replaced[at - 1] == b'\r' {
            replaced[at - 1] = b' ';
        }
    }
    *text = String::from_utf8(replaced).expect("ASCII bytes replaced by ASCII bytes");
    Some(open..close + 1)
}

/// A repaired scalar's value as libyaml reads it: each run of blanks that held a line break
/// folds to one space.
pub fn fold(value: &str) -> String {
    let mut folded = String::with_capacity(value.len());
    let mut blanks = 0;
    for ch in value.chars() {
        if ch == ' ' || ch == '\t' {
            blanks += 1;
            continue;
        }
        // Blanks after a kept newline are the next line's indentation.
        if blanks > 0 && !folded.ends_with('\n') && ch != '\n' {
            folded.push(' ');
        }
        blanks = 0;
        folded.push(ch);
    }
    if blanks > 0 {
        folded.push(' ');
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_of_the_scalar_become_spaces_and_nothing_moves() {
        let mut text = "a: 'one\n  two'\nb: 'x\n\n  y'\n".to_string();
        let before = text.len();
        assert_eq!(unfold_quoted(&mut text, 0), Some(3..14));
        assert_eq!(text, "a: 'one   two'\nb: 'x\n\n  y'\n");
        assert_eq!(text.len(), before);
        assert_eq!(fold("one   two"), "one two");
        // The next scalar only when asked; a blank line in it stays a newline.
        assert_eq!(unfold_quoted(&mut text, 15), Some(18..26));
        assert_eq!(&text[18..26], "'x\n   y'");
        assert_eq!(fold("x\n   y"), "x\ny");
    }

    #[test]
    fn quotes_inside_the_scalar_do_not_end_it() {
        let mut text = "k: \"a \\\" b\nc\"\nl: 'it''s\nd'\n".to_string();
        assert_eq!(unfold_quoted(&mut text, 0), Some(3..13));
        assert_eq!(unfold_quoted(&mut text, 14), Some(17..26));
        assert_eq!(text, "k: \"a \\\" b c\"\nl: 'it''s d'\n");
    }
}
