//! XML → JSON tree with spans, through roxmltree (read-only DOM with byte positions).
//!
//! Shape: an element is an object; its attributes are `@name` keys; its child elements are
//! grouped by name into arrays (always arrays, so pointers do not change when a second `<disk>`
//! appears); its non-blank text is `#text`. The root is `{"<root name>": [element, …]}`: a
//! file may hold several top-level elements one after another (see [`top_level_segments`]).
//! Namespaced names keep the prefix written in the file (`libosinfo:os`).
//!
//! DTDs are refused (roxmltree's default): no entity expansion, nothing fetched.

use roxmltree::{Document as XmlDocument, Node};
use serde_json::{Map, Value};

use crate::document::{one_line, pointer, starts_own_line, Comment, LineIndex, SourceMap, Span};
use crate::formats::ParseError;
use crate::limits::{self, ParseLimits};

/// The tree, source map and comments of an XML file.
#[derive(Debug)]
pub struct XmlTree {
    pub tree: Value,
    pub source_map: SourceMap,
    pub comments: Vec<Comment>,
}

pub fn parse(source: &str) -> Result<XmlTree, ParseError> {
    parse_within(source, &ParseLimits::default())
}

/// Parse `source`, refusing files with more top-level elements or deeper nesting than `limits`
/// allow.
pub fn parse_within(source: &str, limits: &ParseLimits) -> Result<XmlTree, ParseError> {
    let mut map = SourceMap::default();
    let mut tree = Map::new();
    let mut comments = Vec::new();
    let segments = top_level_segments(source);
    if let Some(extra) = segments.get(limits.max_documents) {
        let text = &source[extra.start..extra.end];
        let blank = text.len() - text.trim_start().len();
        return Err(ParseError::at(
            extra.start + blank,
            limits::documents_message(limits.max_documents),
        ));
    }
    for segment in segments {
        parse_segment(source, segment, limits, &mut tree, &mut map, &mut comments)?;
    }
    Ok(XmlTree {
        tree: Value::Object(tree),
        source_map: map,
        comments,
    })
}

/// Parse one top-level element (with the prolog and comments before it) of `source`.
fn parse_segment(
    source: &str,
    segment: Span,
    limits: &ParseLimits,
    tree: &mut Map<String, Value>,
    map: &mut SourceMap,
    comments: &mut Vec<Comment>,
) -> Result<(), ParseError> {
    let text = &source[segment.start..segment.end];
    let base = segment.start;
    let document = XmlDocument::parse(text).map_err(|error| {
        let position = error.pos();
        let offset = offset_of(text, position.row as usize, position.col as usize);
        ParseError::at(base + offset, error.to_string())
    })?;
    if let Some(deep) = element_beyond_depth(&document, limits.max_depth) {
        return Err(ParseError::at(
            base + deep,
            limits::depth_message(limits.max_depth),
        ));
    }
    let root = document.root_element();
    let name = qualified_name(root);
    let siblings = tree
        .entry(name.clone())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(items) = siblings {
        let at = pointer::push_index(&pointer::push("", &name), items.len());
        let builder = Builder { source, base };
        items.push(builder.element(root, &at, map));
    }
    comments.extend(
        document
            .descendants()
            .filter(|node| node.is_comment())
            .map(|node| {
                let start = base + node.range().start;
                Comment {
                    text: node.text().unwrap_or_default().trim().to_string(),
                    span: Span::new(start, base + node.range().end),
                    own_line: starts_own_line(source, start),
                }
            }),
    );
    Ok(())
}

/// The offset (in the segment) of the first element nested deeper than `max_depth` (the root
/// element is level 1). roxmltree stores nodes in document order, parents first, so each
/// element's level is its parent's plus one: no recursion, which a hostile depth would overflow.
fn element_beyond_depth(document: &XmlDocument, max_depth: usize) -> Option<usize> {
    let mut levels = vec![0usize; document.descendants().count() + 1];
    for node in document.descendants().filter(|node| node.is_element()) {
        let parent = node
            .parent()
            .map(|parent| levels[parent.id().get_usize()])
            .unwrap_or(0);
        let level = parent + 1;
        if level > max_depth {
            return Some(node.range().start);
        }
        levels[node.id().get_usize()] = level;
    }
    None
}

struct Builder<'a> {
    source: &'a str,
    /// Offset of the parsed segment in `source`.
    base: usize,
}

impl Builder<'_> {
    fn element(&self, node: Node, at: &str, map: &mut SourceMap) -> Value {
        let base = self.base;
        let full = Span::new(base + node.range().start, base + node.range().end);
        let start_tag = start_tag_span(self.source, full);
        let focus = one_line(self.source, full, start_tag);
        map.insert(at.to_string(), focus, full);

        let mut object = Map::new();
        for attribute in node.attributes() {
            let key = match attribute
                .namespace()
                .and_then(|uri| node.lookup_prefix(uri))
            {
                Some(prefix) if !prefix.is_empty() => format!("@{prefix}:{}", attribute.name()),
                _ => format!("@{}", attribute.name()),
            };
            let range = attribute.range();
            let span = Span::new(base + range.start, base + range.end);
            map.insert(pointer::push(at, &key), span, span);
            object.insert(key, Value::String(attribute.value().to_string()));
        }
        let mut text = String::new();
        for child in node.children() {
            if child.is_element() {
                let name = qualified_name(child);
                let siblings = object
                    .entry(name.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = siblings {
                    let child_at = pointer::push_index(&pointer::push(at, &name), items.len());
                    let value = self.element(child, &child_at, map);
                    items.push(value);
                }
            } else if child.is_text() {
                text.push_str(child.text().unwrap_or_default());
            }
        }
        let text = text.trim();
        if !text.is_empty() {
            object.insert("#text".to_string(), Value::String(text.to_string()));
        }
        Value::Object(object)
    }
}

/// The byte ranges of the top-level elements of `source`, each with what precedes it since the
/// previous one. `virt-install --print-xml` writes several `<domain>`s one after another (the
/// install and the boot configuration); each is parsed on its own. Anything the scanner cannot
/// follow yields one segment, the whole file, and the XML parser reports the problem.
fn top_level_segments(source: &str) -> Vec<Span> {
    let whole = vec![Span::new(0, source.len())];
    let bytes = source.as_bytes();
    let mut segments = Vec::new();
    let mut segment_start = 0;
    let mut depth: usize = 0;
    let mut i = 0;
    let skip_to = |from: usize, needle: &str| -> Option<usize> {
        source
            .get(from..)?
            .find(needle)
            .map(|offset| from + offset + needle.len())
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &source[i..];
        let next = if rest.starts_with("<!--") {
            skip_to(i + 4, "-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to(i + 9, "]]>")
        } else if rest.starts_with("<?") {
            skip_to(i + 2, "?>")
        } else if rest.starts_with("<!") {
            skip_to(i + 2, ">")
        } else if rest.starts_with("</") {
            if depth == 0 {
                return whole;
            }
            let end = skip_to(i + 2, ">");
            depth -= 1;
            if let (0, Some(end)) = (depth, end) {
                segments.push(Span::new(segment_start, end));
                segment_start = end;
            }
            end
        } else {
            let tag = start_tag_span(source, Span::new(i, source.len()));
            if !source[..tag.end].ends_with('>') {
                return whole;
            }
            if source[..tag.end].ends_with("/>") {
                if depth == 0 {
                    segments.push(Span::new(segment_start, tag.end));
                    segment_start = tag.end;
                }
            } else {
                depth += 1;
            }
            Some(tag.end)
        };
        match next {
            Some(next) => i = next,
            None => return whole,
        }
    }
    if segments.len() <= 1 || depth != 0 {
        return whole;
    }
    // Trailing whitespace and comments belong to the last element.
    if let Some(last) = segments.last_mut() {
        last.end = source.len();
    }
    segments
}

fn qualified_name(node: Node) -> String {
    let tag = node.tag_name();
    match tag.namespace().and_then(|uri| node.lookup_prefix(uri)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{}", tag.name()),
        _ => tag.name().to_string(),
    }
}

/// `<hostdev mode='subsystem' type='usb'>`: from `<` through the `>` that closes the start tag.
fn start_tag_span(source: &str, element: Span) -> Span {
    let bytes = source.as_bytes();
    let mut quote: Option<u8> = None;
    for (offset, byte) in bytes
        .iter()
        .enumerate()
        .take(element.end)
        .skip(element.start)
    {
        match (quote, *byte) {
            (Some(open), b) if b == open => quote = None,
            (None, b'"' | b'\'') => quote = Some(*byte),
            (None, b'>') => return Span::new(element.start, offset + 1),
            _ => {}
        }
    }
    element
}

/// Byte offset of 1-based `row`/`col` (columns in characters).
fn offset_of(source: &str, row: usize, col: usize) -> usize {
    let index = LineIndex::new(source);
    let Some(line_start) = index.line_start(row) else {
        return source.len();
    };
    source[line_start..]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(source.len(), |(offset, _)| line_start + offset)
}

/// The name of the root element, found by a cheap scan past the XML declaration, comments,
/// processing instructions and a DOCTYPE; `None` when there is no start tag to read.
pub fn root_element_name(source: &str) -> Option<String> {
    let mut rest = source.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!") {
            rest = &after[after.find('>')? + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let name: String = after
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            let local = name.rsplit(':').next().unwrap_or_default().to_string();
            return (!local.is_empty()).then_some(local);
        } else {
            return None;
        }
    }
}

/// True for a unified diff of XML (lines starting with `@@`, or `+`/`-` before a tag), which
/// test suites and patches keep under `.xml` names.
pub fn looks_like_diff(source: &str) -> bool {
    source.lines().any(|line| {
        line.starts_with("@@")
            || ["+", "-"].iter().any(|sign| {
                line.strip_prefix(sign)
                    .is_some_and(|rest| rest.trim_start().starts_with('<'))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn elements_attributes_and_text_become_a_tree_with_spans() {
        let source = "<domain type='kvm'>\n  <name>plc</name>\n  <devices>\n    <hostdev mode='subsystem'\n             type='usb'>\n    </hostdev>\n  </devices>\n</domain>\n";
        let parsed = parse(source).unwrap();
        assert_eq!(
            parsed.tree,
            json!({"domain": [{"@type": "kvm", "name": [{"#text": "plc"}],
                "devices": [{"hostdev": [{"@mode": "subsystem", "@type": "usb"}]}]}]})
        );
        let hostdev = parsed
            .source_map
            .get("/domain/0/devices/0/hostdev/0")
            .unwrap();
        assert_eq!(
            &source[hostdev.focus.start..hostdev.focus.end],
            "<hostdev mode='subsystem'\n             type='usb'>"
        );
        let name = parsed.source_map.get("/domain/0/name/0").unwrap();
        assert_eq!(
            &source[name.focus.start..name.focus.end],
            "<name>plc</name>"
        );
        let attribute = parsed
            .source_map
            .get("/domain/0/devices/0/hostdev/0/@type")
            .unwrap();
        assert_eq!(
            &source[attribute.focus.start..attribute.focus.end],
            "type='usb'"
        );
    }

    #[test]
    fn concatenated_domains_are_parsed_one_by_one_with_file_offsets() {
        let source = "<?xml version='1.0'?>\n<domain><name>a</name></domain>\n<!-- second -->\n<domain>\n  <name>b</name>\n</domain>\n";
        let parsed = parse(source).unwrap();
        assert_eq!(
            parsed.tree,
            json!({"domain": [{"name": [{"#text": "a"}]}, {"name": [{"#text": "b"}]}]})
        );
        let name = parsed.source_map.get("/domain/1/name/0").unwrap();
        assert_eq!(&source[name.focus.start..name.focus.end], "<name>b</name>");
        assert_eq!(parsed.comments.len(), 1);
        let comment = parsed.comments[0].span;
        assert_eq!(&source[comment.start..comment.end], "<!-- second -->");
    }

    #[test]
    fn an_error_in_the_second_domain_is_located_in_the_file() {
        let source = "<domain/>\n<domain>\n<name>x</nam>\n</domain>\n";
        let error = parse(source).unwrap_err();
        assert!(error.span.unwrap().start > "<domain/>\n<domain>\n".len());
    }

    #[test]
    fn diffs_are_recognised() {
        assert!(looks_like_diff(
            " <domain>\n-  <name>a</name>\n+  <name>b</name>\n"
        ));
        assert!(!looks_like_diff(
            "<domain>\n  <name>a-b</name>\n</domain>\n"
        ));
    }

    #[test]
    fn root_name_skips_prolog() {
        assert_eq!(
            root_element_name("<?xml version='1.0'?>\n<!-- c -->\n<domain type='kvm'>").as_deref(),
            Some("domain")
        );
        assert_eq!(
            root_element_name("<pool type='dir'/>").as_deref(),
            Some("pool")
        );
        assert_eq!(root_element_name("not xml"), None);
    }

    #[test]
    fn errors_carry_a_location_and_dtds_are_refused() {
        let error = parse("<domain>\n  <name>x</nam>\n</domain>").unwrap_err();
        // At the end tag that does not match.
        assert_eq!(error.span.unwrap().start, "<domain>\n  <name>x".len());
        let laughs = "<!DOCTYPE d [<!ENTITY a \"aaaa\">]>\n<domain>&a;</domain>";
        assert!(parse(laughs).is_err());
    }
}
