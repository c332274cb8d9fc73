//! Finds the comments of an HCL file (`#`, `//`, `/* */`) with their byte spans.
//!
//! hcl-edit keeps comments inside whitespace decorations without positions of their own, so
//! this small lexer walks the source once, skipping string literals (with their `${ … }`
//! interpolations, which may nest strings) and heredocs, whose `#` and `//` are text.

use crate::document::{starts_own_line, Comment, Span};

enum Mode {
    /// Expression context; `braces` counts `{` opened inside a template interpolation.
    Code { braces: usize },
    /// Inside a quoted string literal or template.
    Quoted,
}

/// All comments of `source`, in order.
pub fn collect(source: &str) -> Vec<Comment> {
    let bytes = source.as_bytes();
    let mut comments = Vec::new();
    let mut stack = vec![Mode::Code { braces: 0 }];
    let mut i = 0;
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        let nested = stack.len() > 1;
        match stack.last_mut() {
            Some(Mode::Quoted) => match bytes[i] {
                b'\\' => i += 2,
                b'"' => {
                    stack.pop();
                    i += 1;
                }
                b'$' | b'%' if next == Some(b'{') => {
                    stack.push(Mode::Code { braces: 0 });
                    i += 2;
                }
                b'$' | b'%' if next == Some(bytes[i]) && bytes.get(i + 2) == Some(&b'{') => {
                    i += 3; // `$${` and `%%{` are escapes for a literal `${` / `%{`
                }
                b'\n' => {
                    // An unterminated string: the parser reports it; resume as code.
                    stack.pop();
                    i += 1;
                }
                _ => i += 1,
            },
            Some(Mode::Code { braces }) => match bytes[i] {
                b'"' => {
                    stack.push(Mode::Quoted);
                    i += 1;
                }
                b'{' => {
                    *braces += 1;
                    i += 1;
                }
                b'}' => {
                    if *braces == 0 && nested {
                        stack.pop();
                    } else {
                        *braces = braces.saturating_sub(1);
                    }
                    i += 1;
                }
                b'#' => i = line_comment(source, i, 1, &mut comments),
                b'/' if next == Some(b'/') => i = line_comment(source, i, 2, &mut comments),
                b'/' if next == Some(b'*') => {
                    // An unterminated comment runs to the end of the file (found by fuzzing:
                    // taking two bytes off for a `*/` that is not there cut a character).
                    let (inner_end, end) = match source[i + 2..].find("*/") {
                        Some(offset) => (i + 2 + offset, i + 2 + offset + 2),
                        None => (source.len(), source.len()),
                    };
                    push(source, i, end, &source[i + 2..inner_end], &mut comments);
                    i = end;
                }
                b'<' if next == Some(b'<') => i = skip_heredoc(source, i),
                _ => i += 1,
            },
            None => break,
        }
    }
    comments
}

fn line_comment(source: &str, start: usize, opener: usize, comments: &mut Vec<Comment>) -> usize {
    let end = source[start..]
        .find('\n')
        .map_or(source.len(), |offset| start + offset);
    let text_end = if source[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    push(
        source,
        start,
        text_end,
        &source[start + opener..text_end],
        comments,
    );
    end
}

fn push(source: &str, start: usize, end: usize, text: &str, comments: &mut Vec<Comment>) {
    comments.push(Comment {
        text: text.trim().to_string(),
        span: Span::new(start, end),
        own_line: starts_own_line(source, start),
    });
}

/// `<<EOF` / `<<-EOF` followed by a newline starts a heredoc that ends at a line holding only
/// the marker. Anything else after `<<` is not a heredoc (HCL has no shift operator).
fn skip_heredoc(source: &str, start: usize) -> usize {
    let rest = &source[start + 2..];
    let rest_trimmed = rest.strip_prefix('-').unwrap_or(rest);
    let marker_len = rest_trimmed
        .char_indices()
        .take_while(|(index, ch)| {
            ch.is_ascii_alphabetic()
                || *ch == '_'
                || (*index > 0 && (ch.is_ascii_alphanumeric() || *ch == '-'))
        })
        .count();
    if marker_len == 0 {
        return start + 2;
    }
    let marker = &rest_trimmed[..marker_len];
    let after_marker = &rest_trimmed[marker_len..];
    let Some(newline) = after_marker.find('\n') else {
        return source.len();
    };
    if !after_marker[..newline].trim().is_empty() {
        return start + 2;
    }
    let mut offset = source.len() - after_marker.len() + newline + 1;
    while offset < source.len() {
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |index| offset + index);
        if source[offset..line_end].trim() == marker {
            return line_end;
        }
        offset = line_end + 1;
    }
    source.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: the end of an unterminated comment was cut two bytes short, inside `ݯ`.
    #[test]
    fn an_unterminated_block_comment_runs_to_the_end_of_the_file() {
        let source = "RS=\"\ne;/**\"#\u{76f}/";
        let comments = collect(source);
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].text, "*\"#\u{76f}/");
        assert_eq!(comments[0].span, Span::new(7, source.len()));
    }

    fn texts(source: &str) -> Vec<(String, bool)> {
        collect(source)
            .into_iter()
            .map(|comment| (comment.text, comment.own_line))
            .collect()
    }

    #[test]
    fn finds_all_three_comment_styles() {
        let source = "# top\nx = 1 // trailing\n/* block\n spans */ y = 2\n";
        assert_eq!(
            texts(source),
            vec![
                ("top".to_string(), true),
                ("trailing".to_string(), false),
                ("block\n spans".to_string(), true),
            ]
        );
    }

    #[test]
    fn ignores_comment_markers_inside_strings_templates_and_heredocs() {
        let source = r##"a = "not # a comment ${lookup(m, "k#ey")} // nor this"
b = <<-EOT
  # heredoc text
  EOT
c = "$${literal}" # real
"##;
        assert_eq!(texts(source), vec![("real".to_string(), false)]);
    }

    #[test]
    fn spans_cover_the_delimiters() {
        let source = "x = 1 # note\n";
        let comment = &collect(source)[0];
        assert_eq!(&source[comment.span.start..comment.span.end], "# note");
    }
}
