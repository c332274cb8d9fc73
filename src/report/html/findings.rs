//! The findings of a check as the page lists them: each with its rule, message, help, related
//! places and the source snippet with the blamed lines marked. Lines are cut around the blamed
//! column when long (a minified `.tf.json`), so that one file cannot blow up the page.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::pipeline::LintRun;
use crate::report::slash_path;

/// Lines shown before and after the blamed ones.
const CONTEXT: usize = 1;
/// Blamed lines shown before the rest is elided.
const MAX_MARKED: usize = 6;
/// Characters of one line shown.
const MAX_LINE: usize = 240;

pub struct FindingView {
    pub index: usize,
    pub rule: String,
    pub slug: String,
    pub severity: &'static str,
    pub message: String,
    pub help: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub snippet: Option<Snippet>,
    pub related: Vec<RelatedView>,
}

/// A snippet as the page draws it: the line numbers in one `<pre>` and the source in another,
/// the blamed lines in one `<mark>` between the context before and after — four elements for
/// any number of lines (a large report's load time is mostly style computed per element).
pub struct Snippet {
    pub numbers_before: String,
    pub numbers_marked: String,
    pub numbers_after: String,
    pub before: String,
    pub marked: String,
    pub after: String,
}

impl Snippet {
    fn from_lines(lines: &[SnippetLine]) -> Option<Snippet> {
        if lines.is_empty() {
            return None;
        }
        let first_marked = lines.iter().position(|line| line.marked).unwrap_or(0);
        let after_marked = lines[first_marked..]
            .iter()
            .position(|line| !line.marked)
            .map_or(lines.len(), |offset| first_marked + offset);
        let join = |part: &[SnippetLine], text: bool| -> String {
            part.iter()
                .map(|line| match (text, line.number) {
                    (true, _) => line.text.clone(),
                    (false, 0) => String::new(),
                    (false, number) => number.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (before, rest) = lines.split_at(first_marked);
        let (marked, after) = rest.split_at(after_marked - first_marked);
        Some(Snippet {
            numbers_before: join(before, false),
            numbers_marked: join(marked, false),
            numbers_after: join(after, false),
            before: join(before, true),
            marked: join(marked, true),
            after: join(after, true),
        })
    }
}

pub struct SnippetLine {
    /// 0 for the elision mark.
    pub number: usize,
    pub text: String,
    pub marked: bool,
}

pub struct RelatedView {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Byte offsets where each line of a source starts.
struct Lines<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(source: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(at, _)| at + 1));
        Lines { source, starts }
    }

    fn count(&self) -> usize {
        self.starts.len()
    }

    /// Line `number` (1-based) without its line break.
    fn line(&self, number: usize) -> &'a str {
        let start = self.starts[number - 1];
        let end = self
            .starts
            .get(number)
            .map_or(self.source.len(), |next| next - 1);
        self.source[start..end].trim_end_matches('\r')
    }
}

/// At most [`MAX_LINE`] characters of `text`, around the 1-based `column` when it is far in.
fn clip(text: &str, column: usize) -> String {
    let count = text.chars().count();
    if count <= MAX_LINE {
        return text.to_string();
    }
    let first = column.saturating_sub(MAX_LINE / 3).min(count - MAX_LINE);
    let mut clipped: String = text.chars().skip(first).take(MAX_LINE).collect();
    if first > 0 {
        clipped.insert(0, '…');
    }
    if first + MAX_LINE < count {
        clipped.push('…');
    }
    clipped
}

fn snippet(lines: &Lines, diagnostic: &Diagnostic) -> Vec<SnippetLine> {
    let last = lines.count();
    let first_marked = diagnostic.start.line.clamp(1, last);
    let last_marked = diagnostic.end.line.clamp(first_marked, last);
    let shown_marked = last_marked.min(first_marked + MAX_MARKED - 1);
    let mut out = Vec::new();
    for number in first_marked.saturating_sub(CONTEXT).max(1)..first_marked {
        out.push(SnippetLine {
            number,
            text: clip(lines.line(number), diagnostic.start.column),
            marked: false,
        });
    }
    for number in first_marked..=shown_marked {
        out.push(SnippetLine {
            number,
            text: clip(lines.line(number), diagnostic.start.column),
            marked: true,
        });
    }
    if shown_marked < last_marked {
        out.push(SnippetLine {
            number: 0,
            text: format!("… {} more lines", last_marked - shown_marked),
            marked: true,
        });
    }
    for number in last_marked + 1..=(last_marked + CONTEXT).min(last) {
        out.push(SnippetLine {
            number,
            text: clip(lines.line(number), 1),
            marked: false,
        });
    }
    out
}

/// Every finding of the run, in the run's order.
pub fn views(run: &LintRun) -> Vec<FindingView> {
    let mut lines_of: HashMap<&Path, Lines> = HashMap::new();
    run.diagnostics
        .iter()
        .enumerate()
        .map(|(index, diagnostic)| {
            let snippet = run.sources.get(&diagnostic.file).and_then(|source| {
                let lines = lines_of
                    .entry(diagnostic.file.as_path())
                    .or_insert_with(|| Lines::new(source));
                Snippet::from_lines(&snippet(lines, diagnostic))
            });
            FindingView {
                index,
                rule: diagnostic.rule.clone(),
                slug: diagnostic.slug.clone(),
                severity: diagnostic.severity.as_str(),
                message: diagnostic.message.clone(),
                help: diagnostic.help.clone().unwrap_or_default(),
                file: slash_path(&diagnostic.file),
                line: diagnostic.start.line,
                column: diagnostic.start.column,
                snippet,
                related: diagnostic
                    .related
                    .iter()
                    .map(|related| RelatedView {
                        file: slash_path(&related.file),
                        line: related.start.line,
                        column: related.start.column,
                        message: related.message.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}NEEDLE{}", "a".repeat(1000), "b".repeat(1000));
        let clipped = clip(&line, 1001);
        assert!(clipped.contains("NEEDLE"));
        assert!(clipped.starts_with('…') && clipped.ends_with('…'));
        assert_eq!(clipped.chars().count(), MAX_LINE + 2);
        assert_eq!(clip("short", 3), "short");
    }

    #[test]
    fn a_snippet_holds_its_context_and_blamed_lines_apart() {
        let source = "a\nb\nc\nd\ne\n";
        let lines = Lines::new(source);
        let line = |number, marked| SnippetLine {
            number,
            text: lines.line(number).to_string(),
            marked,
        };
        let drawn =
            Snippet::from_lines(&[line(1, false), line(2, true), line(3, true), line(4, false)])
                .unwrap();
        assert_eq!(
            (
                drawn.before.as_str(),
                drawn.marked.as_str(),
                drawn.after.as_str()
            ),
            ("a", "b\nc", "d")
        );
        assert_eq!(
            (
                drawn.numbers_before.as_str(),
                drawn.numbers_marked.as_str(),
                drawn.numbers_after.as_str()
            ),
            ("1", "2\n3", "4")
        );
        let top = Snippet::from_lines(&[line(1, true), line(2, false)]).unwrap();
        assert_eq!((top.before.as_str(), top.marked.as_str()), ("", "a"));
        assert!(Snippet::from_lines(&[]).is_none());
    }

    #[test]
    fn lines_are_split_without_their_breaks() {
        let lines = Lines::new("one\r\ntwo\nthree");
        assert_eq!(lines.count(), 3);
        assert_eq!(lines.line(1), "one");
        assert_eq!(lines.line(3), "three");
    }
}
