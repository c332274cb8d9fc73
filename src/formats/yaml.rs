//! YAML → JSON tree with spans, shared by the Ansible and KubeVirt formats.
//!
//! Parser: **saphyr** (`MarkedYamlOwned`). serde_yaml is archived, and its serde forks
//! (serde_yaml_ng, serde_norway) report a position only for errors, never for nodes;
//! yaml-rust2's maintainers moved on to saphyr; marked-yaml rejects tags such as Ansible's
//! `!vault`. saphyr keeps a start/end marker on every key and value, keeps tags
//! (`Tagged(tag, node)`), and bounds alias expansion (100,000 nodes by default), so a
//! "billion laughs" file is a located parse error rather than an exhausted machine.
//!
//! Shape: the root is an array with one element per YAML document of the stream (`/0/...`),
//! mapping keys become strings, `<<` merge keys are applied, and tagged values keep their inner
//! value — except `!vault` (encrypted), which becomes the unknown marker `{{ !vault }}`.
//! saphyr drops comments, so a small line scanner finds them ([`comments`]).

use saphyr::{MarkedYamlOwned, Marker, ScalarOwned, YamlDataOwned, YamlLoader};
use saphyr_parser::{
    BufferedInput, Event, Parser, ScanError, Span as YamlSpan, SpannedEventReceiver,
};
use serde_json::{Map, Value};

use crate::document::{one_line, pointer, starts_own_line, Comment, SourceMap, Span};
use crate::formats::{yaml_leniency, ParseError};
use crate::limits::{self, ParseLimits};

/// The tree, source map and comments of a YAML stream.
#[derive(Debug)]
pub struct YamlTree {
    pub tree: Value,
    pub source_map: SourceMap,
    pub comments: Vec<Comment>,
}

pub fn parse(source: &str) -> Result<YamlTree, ParseError> {
    parse_within(source, &ParseLimits::default())
}

/// Parse `source`, refusing streams deeper, longer or more aliased than `limits` allow.
pub fn parse_within(source: &str, limits: &ParseLimits) -> Result<YamlTree, ParseError> {
    let offsets = CharOffsets::new(source);
    let mut lenient: Option<String> = None;
    let mut repaired = Vec::new();
    let documents = loop {
        let text = lenient.as_deref().unwrap_or(source);
        match load(text, limits) {
            Ok(documents) => break documents,
            Err(error) => {
                let at = offsets.byte(error.marker().index());
                // What libyaml accepts is read as libyaml reads it (see `yaml_leniency`).
                if error.info() == yaml_leniency::UNDER_INDENTED_QUOTE
                    && repaired.len() < yaml_leniency::MAX_REPAIRS
                {
                    let text = lenient.get_or_insert_with(|| source.to_string());
                    if let Some(range) = yaml_leniency::unfold_quoted(text, at) {
                        repaired.push(range);
                        continue;
                    }
                }
                return Err(ParseError::at(at, error.info().to_string()));
            }
        }
    };
    let mut builder = Builder {
        source,
        offsets,
        map: SourceMap::default(),
        repaired,
    };
    let mut items = Vec::with_capacity(documents.len());
    for (index, document) in documents.iter().enumerate() {
        let at = pointer::push_index("", index);
        let span = builder.span(document);
        builder.map.insert(at.clone(), span, span);
        items.push(builder.node(document, &at)?);
    }
    Ok(YamlTree {
        tree: Value::Array(items),
        source_map: builder.map,
        comments: comments(source),
    })
}

/// A YAML file as a [`Document`] of `format` (Ansible and KubeVirt read the same way).
pub fn document(
    path: std::path::PathBuf,
    format: crate::formats::Format,
    source: std::sync::Arc<str>,
    limits: &ParseLimits,
) -> Result<crate::document::Document, ParseError> {
    let parsed = parse_within(&source, limits)?;
    Ok(crate::document::Document::new(
        path,
        format,
        source,
        parsed.tree,
        parsed.source_map,
        parsed.comments,
    ))
}

/// saphyr's loader behind a guard that counts nesting and documents as the events stream by.
/// saphyr's scanner bounds only flow collections (`[[[…`); block sequences (`- - - - 1`) nest
/// without limit, and a tree a million levels deep overflows the stack of whatever walks or
/// drops it. The guard stops feeding the loader at the first event beyond a limit, so no such
/// tree is ever built. (saphyr's own `Parser::load` recurses per level too, so the events are
/// pulled here in a loop.)
fn load(source: &str, limits: &ParseLimits) -> Result<Vec<MarkedYamlOwned>, ScanError> {
    let mut guard = Guard {
        loader: YamlLoader::default(),
        limits: *limits,
        depth: 0,
        documents: 0,
        refused: None,
    };
    guard.loader.alias_limit(limits.max_alias_nodes);
    // Events are pulled one by one: `Parser::load` recurses once per nesting level, and the
    // guard could not stop it before the stack ran out.
    for next in Parser::new(BufferedInput::new(source.chars())) {
        let (event, span) = next?;
        guard.on_event(event, span);
        if guard.refused.is_some() {
            break;
        }
    }
    if let Some(error) = guard.refused.take() {
        return Err(error);
    }
    if let Some(error) = guard.loader.error() {
        return Err(error.clone());
    }
    Ok(guard.loader.into_documents())
}

struct Guard<'input> {
    loader: YamlLoader<'input, MarkedYamlOwned>,
    limits: ParseLimits,
    depth: usize,
    documents: usize,
    refused: Option<ScanError>,
}

impl<'input> SpannedEventReceiver<'input> for Guard<'input> {
    fn on_event(&mut self, event: Event<'input>, span: YamlSpan) {
        if self.refused.is_some() {
            return;
        }
        match event {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                self.depth += 1;
                if self.depth > self.limits.max_depth {
                    let message = limits::depth_message(self.limits.max_depth);
                    self.refused = Some(ScanError::new(span.start, message));
                    return;
                }
            }
            Event::SequenceEnd | Event::MappingEnd => self.depth = self.depth.saturating_sub(1),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > self.limits.max_documents {
                    let message = limits::documents_message(self.limits.max_documents);
                    self.refused = Some(ScanError::new(span.start, message));
                    return;
                }
            }
            _ => {}
        }
        self.loader.on_event(event, span);
    }
}

/// saphyr's markers count characters; spans here are bytes.
struct CharOffsets {
    /// Byte offset of each character, when the text is not pure ASCII.
    bytes: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(source: &str) -> Self {
        let bytes =
            (!source.is_ascii()).then(|| source.char_indices().map(|(offset, _)| offset).collect());
        CharOffsets {
            bytes,
            len: source.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.bytes {
            None => char_index.min(self.len),
            Some(table) => table.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

struct Builder<'a> {
    source: &'a str,
    offsets: CharOffsets,
    map: SourceMap,
    /// Quoted scalars whose line breaks leniency turned into spaces, folded when read.
    repaired: Vec<std::ops::Range<usize>>,
}

impl Builder<'_> {
    fn marker(&self, marker: &Marker) -> usize {
        self.offsets.byte(marker.index())
    }

    /// The node's span, trimmed of trailing whitespace (block collections end where the next
    /// token starts).
    fn span(&self, node: &MarkedYamlOwned) -> Span {
        let start = self.marker(&node.span.start);
        let end = self.marker(&node.span.end).max(start);
        let trimmed = self.source[start..end].trim_end().len();
        Span::new(start, start + trimmed)
    }

    fn node(&mut self, node: &MarkedYamlOwned, at: &str) -> Result<Value, ParseError> {
        Ok(match &node.data {
            YamlDataOwned::Value(ScalarOwned::String(text))
                if !self.repaired.is_empty()
                    && self
                        .repaired
                        .iter()
                        .any(|range| range.contains(&self.marker(&node.span.start))) =>
            {
                Value::String(yaml_leniency::fold(text))
            }
            YamlDataOwned::Value(scalar) => scalar_value(scalar),
            YamlDataOwned::Representation(text, _, _) => Value::String(text.clone()),
            YamlDataOwned::Sequence(items) => {
                let mut values = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    let item_at = pointer::push_index(at, index);
                    let span = self.span(item);
                    // A multi-line item (`- name: x` then more keys) is underlined on its
                    // first line.
                    let first_line_end = self.source[span.start..span.end]
                        .find('\n')
                        .map_or(span.end, |offset| span.start + offset);
                    let first_line = Span::new(span.start, first_line_end);
                    self.map.insert(item_at.clone(), first_line, span);
                    values.push(self.node(item, &item_at)?);
                }
                Value::Array(values)
            }
            YamlDataOwned::Mapping(entries) => {
                let mut values = Map::new();
                let mut merges = Vec::new();
                for (key, value) in entries {
                    let name = key_text(key);
                    if name == "<<" {
                        merges.push(value);
                        continue;
                    }
                    let entry_at = pointer::push(at, &name);
                    let key_span = self.span(key);
                    let value_span = self.span(value);
                    let full = Span::new(key_span.start, value_span.end.max(key_span.end));
                    self.map.insert(
                        entry_at.clone(),
                        one_line(self.source, full, key_span),
                        full,
                    );
                    let converted = self.node(value, &entry_at)?;
                    values.insert(name, converted);
                }
                // `<<: *defaults` merges keys the mapping does not set itself.
                for merge in merges {
                    let merged = self.node(merge, at)?;
                    let sources = match merged {
                        Value::Array(items) => items,
                        other => vec![other],
                    };
                    for source in sources {
                        if let Value::Object(entries) = source {
                            for (key, value) in entries {
                                values.entry(key).or_insert(value);
                            }
                        }
                    }
                }
                Value::Object(values)
            }
            YamlDataOwned::Tagged(tag, inner) => {
                if tag.suffix == "vault" || tag.suffix == "!vault" {
                    Value::String("{{ !vault }}".to_string())
                } else {
                    self.node(inner, at)?
                }
            }
            YamlDataOwned::Alias(_) => Value::Null,
            YamlDataOwned::BadValue => {
                return Err(ParseError::at(
                    self.span(node).start,
                    "a value that could not be read (an unknown alias?)",
                ))
            }
        })
    }
}

fn scalar_value(scalar: &ScalarOwned) -> Value {
    match scalar {
        ScalarOwned::Null => Value::Null,
        ScalarOwned::Boolean(flag) => Value::Bool(*flag),
        ScalarOwned::Integer(number) => Value::from(*number),
        ScalarOwned::FloatingPoint(number) => serde_json::Number::from_f64(number.into_inner())
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(number.to_string())),
        ScalarOwned::String(text) => Value::String(text.clone()),
    }
}

/// A mapping key as a string: scalars as written, anything else as compact JSON.
fn key_text(key: &MarkedYamlOwned) -> String {
    match &key.data {
        YamlDataOwned::Value(ScalarOwned::String(text)) => text.clone(),
        YamlDataOwned::Value(ScalarOwned::Null) => "null".to_string(),
        YamlDataOwned::Value(scalar) => match scalar_value(scalar) {
            Value::String(text) => text,
            other => other.to_string(),
        },
        YamlDataOwned::Representation(text, _, _) => text.clone(),
        YamlDataOwned::Tagged(_, inner) => key_text(inner),
        _ => "?".to_string(),
    }
}

/// The `#` comments of a YAML text: a `#` at the start of a line or after whitespace, outside
/// quoted scalars and block scalars (`|`, `>`).
pub fn comments(source: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut block_indent: Option<usize> = None;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let indent = text.len() - text.trim_start().len();
        if let Some(parent) = block_indent {
            if text.trim().is_empty() || indent > parent {
                continue; // inside a block scalar
            }
            block_indent = None;
        }
        if let Some(start) = comment_start(text) {
            let body = &text[start + 1..];
            comments.push(Comment {
                text: body.trim().to_string(),
                span: Span::new(line_start + start, line_start + text.len()),
                own_line: starts_own_line(source, line_start + start),
            });
        }
        let content = match comment_start(text) {
            Some(start) => text[..start].trim_end(),
            None => text.trim_end(),
        };
        if starts_block_scalar(content) {
            block_indent = Some(indent);
        }
    }
    comments
}

/// Where a comment starts on a line, ignoring `#` inside quotes or words (`a#b`).
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (index, ch) in line.char_indices() {
        match quote {
            Some(open) if ch == open => quote = None,
            Some(_) => {}
            None => match ch {
                '"' | '\'' if previous.is_whitespace() || "[{:,-".contains(previous) => {
                    quote = Some(ch)
                }
                '#' if previous.is_whitespace() => return Some(index),
                _ => {}
            },
        }
        previous = ch;
    }
    None
}

/// `key: |`, `- >-`, `key: |2+`: the lines after it, more indented, are text.
fn starts_block_scalar(content: &str) -> bool {
    let Some(last) = content.split_whitespace().last() else {
        return false;
    };
    let mut chars = last.chars();
    matches!(chars.next(), Some('|') | Some('>'))
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        && (content.len() == last.len()
            || content[..content.len() - last.len()]
                .trim_end()
                .ends_with(':')
            || content[..content.len() - last.len()]
                .trim_end()
                .ends_with('-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_quoted_scalar_indented_like_its_key_is_read_as_libyaml_reads_it() {
        let source = "- name: Add key\n  shell: 'ssh-keyscan host\n  >> /tmp/known'\n  when: x\n";
        let parsed = parse(source).unwrap();
        assert_eq!(
            parsed.tree,
            serde_json::json!([[{"name": "Add key", "shell": "ssh-keyscan host >> /tmp/known", "when": "x"}]])
        );
        // Positions after the repaired scalar are those of the file as written.
        let when = parsed.source_map.get("/0/0/when").unwrap();
        assert_eq!(&source[when.focus.start..when.focus.end], "when: x");
        // Anything else saphyr refuses is still a located error.
        let error = parse("a: [1, 2\n").unwrap_err();
        assert!(error.span.is_some());
    }

    #[test]
    fn keys_and_values_have_spans_across_documents() {
        let source = "---\nkind: A\n---\nkind: VirtualMachine\nspec:\n  devices:\n    gpus:\n    - name: gpu1\n      deviceName: nvidia.com/P40\n";
        let parsed = parse(source).unwrap();
        assert_eq!(
            parsed.tree,
            json!([{"kind": "A"}, {"kind": "VirtualMachine", "spec": {"devices": {"gpus": [
                {"name": "gpu1", "deviceName": "nvidia.com/P40"}]}}}])
        );
        let gpu = parsed.source_map.get("/1/spec/devices/gpus/0").unwrap();
        let index = crate::document::LineIndex::new(source);
        let position = index.position(source, gpu.focus.start);
        assert_eq!((position.line, position.column), (8, 7));
        let kind = parsed.source_map.get("/1/kind").unwrap();
        assert_eq!(
            &source[kind.focus.start..kind.focus.end],
            "kind: VirtualMachine"
        );
    }

    #[test]
    fn vault_values_are_unknown_and_merges_apply() {
        let source = "defaults: &d\n  cores: 2\n  memory: 4\nvm:\n  <<: *d\n  cores: 8\nsecret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6162\n";
        let parsed = parse(source).unwrap();
        assert_eq!(parsed.tree[0]["vm"], json!({"cores": 8, "memory": 4}));
        assert_eq!(parsed.tree[0]["secret"], json!("{{ !vault }}"));
    }

    #[test]
    fn alias_bombs_are_a_located_error() {
        let mut source = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let previous = level - 1;
            source.push_str(&format!(
                "a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"
            ));
        }
        let error = parse(&source).unwrap_err();
        assert!(
            error.message.contains("alias expansion"),
            "{}",
            error.message
        );
        assert!(error.span.is_some());
    }

    #[test]
    fn errors_carry_a_location() {
        let error = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(error.span.is_some());
    }

    #[test]
    fn comments_skip_quotes_and_block_scalars() {
        let source = "# top\na: \"x # not\" # trailing\nb: |\n  # text\n  more\nc: d#e\n  # indented comment\n";
        let found: Vec<(String, bool)> = comments(source)
            .into_iter()
            .map(|comment| (comment.text, comment.own_line))
            .collect();
        assert_eq!(
            found,
            vec![
                ("top".to_string(), true),
                ("trailing".to_string(), false),
                ("indented comment".to_string(), true)
            ]
        );
    }
}
