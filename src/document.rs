//! The Document model every format parses into: a JSON value tree, a source map from JSON
//! pointer to byte spans, and the comments of the file.
//!
//! A Document owns no format knowledge: parsers in `formats/` fill it, adapters read it, the
//! engine resolves the pointers that rules blame into `file:line:column` through it.

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

/// A half-open byte range into a file's source text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// The spans recorded for one node of the tree.
///
/// `focus` is what a diagnostic underlines: the key or element that triggers a rule, kept short
/// (an attribute, a block header, a start tag). `full` covers the whole node.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct NodeSpan {
    pub focus: Span,
    pub full: Span,
}

/// JSON pointer (RFC 6901) → spans of the node it names. Hashed with FxHash: the keys are
/// the parser's own pointers, not attacker-chosen in a way that matters for a per-file map.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    nodes: FxHashMap<String, NodeSpan>,
}

impl SourceMap {
    pub fn insert(&mut self, pointer: String, focus: Span, full: Span) {
        self.nodes
            .entry(pointer)
            .or_insert(NodeSpan { focus, full });
    }

    /// Record spans for `pointer`, replacing earlier ones (for formats where the last duplicate
    /// key wins).
    pub fn set(&mut self, pointer: String, focus: Span, full: Span) {
        self.nodes.insert(pointer, NodeSpan { focus, full });
    }

    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        self.nodes.get(pointer).copied()
    }

    /// The spans of `pointer`, or of its nearest ancestor that has spans.
    ///
    /// Rules may blame a value the parser did not record (a computed field); the closest
    /// enclosing node is the honest location for it.
    pub fn resolve(&self, pointer: &str) -> Option<NodeSpan> {
        let mut current = pointer;
        loop {
            if let Some(span) = self.get(current) {
                return Some(span);
            }
            if current.is_empty() {
                return None;
            }
            current = match current.rfind('/') {
                Some(index) => &current[..index],
                None => "",
            };
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// A comment of the source file, in the file's own syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment's text without its delimiters (`#`, `//`, `/* */`, `<!-- -->`), trimmed.
    pub text: String,
    /// The whole comment, delimiters included.
    pub span: Span,
    /// True when nothing but whitespace precedes the comment on its line: such a comment
    /// speaks about the next line, a trailing one about its own line.
    pub own_line: bool,
}

/// Byte offset → 1-based line and column (columns count Unicode scalar values).
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

/// A 1-based line and column.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|(_, byte)| *byte == b'\n')
                .map(|(index, _)| index + 1),
        );
        LineIndex { line_starts }
    }

    pub fn position(&self, source: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next - 1,
        };
        let line_start = self.line_starts[line];
        let column = source[line_start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte offset where 1-based `line` starts, if the file has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while offset > 0 && !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The span a diagnostic underlines: the whole node when it fits on one line, else `short`
/// (its key or header), so that a finding on a block does not underline the whole block.
pub fn one_line(source: &str, full: Span, short: Span) -> Span {
    if source[full.start..full.end].contains('\n') {
        short
    } else {
        full
    }
}

/// True when only whitespace precedes `offset` on its line.
pub fn starts_own_line(source: &str, offset: usize) -> bool {
    let line_start = source[..offset].rfind('\n').map_or(0, |index| index + 1);
    source[line_start..offset].trim().is_empty()
}

/// A parsed file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as given to vmlint (relative to where it runs when possible).
    pub path: PathBuf,
    pub format: Format,
    pub source: Arc<str>,
    pub tree: Value,
    pub source_map: SourceMap,
    pub comments: Vec<Comment>,
    pub line_index: LineIndex,
}

impl Document {
    pub fn new(
        path: PathBuf,
        format: Format,
        source: Arc<str>,
        tree: Value,
        source_map: SourceMap,
        comments: Vec<Comment>,
    ) -> Self {
        let line_index = LineIndex::new(&source);
        Document {
            path,
            format,
            source,
            tree,
            source_map,
            comments,
            line_index,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.line_index.position(&self.source, offset)
    }

    /// Where `pointer` stands, for a message about another file: `` `path` line N `` (line 1
    /// when the pointer names no node).
    pub fn place(&self, pointer: &str) -> String {
        let line = self
            .source_map
            .resolve(pointer)
            .map(|span| self.position(span.focus.start).line)
            .unwrap_or(1);
        format!("`{}` line {line}", crate::paths::slash_path(&self.path))
    }
}

/// JSON pointer helpers (RFC 6901).
pub mod pointer {
    /// `base` + one reference token, escaped.
    pub fn push(base: &str, token: &str) -> String {
        let mut out = String::with_capacity(base.len() + token.len() + 1);
        out.push_str(base);
        out.push('/');
        for ch in token.chars() {
            match ch {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                other => out.push(other),
            }
        }
        out
    }

    pub fn push_index(base: &str, index: usize) -> String {
        format!("{base}/{index}")
    }

    /// The unescaped reference tokens of a pointer.
    pub fn tokens(pointer: &str) -> Vec<String> {
        if pointer.is_empty() {
            return Vec::new();
        }
        pointer
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect()
    }
}

/// A format vmlint can lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Terraform native syntax (`.tf`).
    Terraform,
    /// Terraform JSON syntax (`.tf.json`).
    TerraformJson,
    /// A Terraform plan rendered as JSON (`terraform show -json plan.out`).
    TerraformPlan,
    /// A libvirt `<domain>` definition.
    Libvirt,
    /// Ansible playbooks, role files, task files and YAML inventories.
    Ansible,
    /// KubeVirt `VirtualMachine`-family manifests.
    KubeVirt,
    /// A Proxmox VE `qemu-server/<vmid>.conf`.
    Proxmox,
    /// A VMware `.vmx` file.
    Vmx,
    /// An Ansible INI inventory (roles of hosts; defines no workload).
    AnsibleInventory,
    /// Proxmox cluster files: `ha/resources.cfg`, `ha/groups.cfg`, `ha/rules.cfg`, `jobs.cfg`,
    /// `storage.cfg`, `replication.cfg`, `vzdump.cron` (define no
    /// workload; say which VMs are highly available and backed up).
    ProxmoxCluster,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Terraform => "terraform",
            Format::TerraformJson => "terraform-json",
            Format::TerraformPlan => "terraform-plan",
            Format::Libvirt => "libvirt",
            Format::Ansible => "ansible",
            Format::KubeVirt => "kubevirt",
            Format::Proxmox => "proxmox",
            Format::Vmx => "vmx",
            Format::AnsibleInventory => "ansible-inventory",
            Format::ProxmoxCluster => "proxmox-cluster",
        }
    }

    pub const ALL: [Format; 10] = [
        Format::Terraform,
        Format::TerraformJson,
        Format::TerraformPlan,
        Format::Libvirt,
        Format::Ansible,
        Format::KubeVirt,
        Format::Proxmox,
        Format::Vmx,
        Format::AnsibleInventory,
        Format::ProxmoxCluster,
    ];
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A file that does not parse: the parser's message at a location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Where the parser stopped; `None` only when the parser gave no position.
    pub span: Option<Span>,
}

impl ParseError {
    pub fn at(offset: usize, message: impl Into<String>) -> Self {
        ParseError {
            message: message.into(),
            span: Some(Span::new(offset, offset)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let source = "ab\nçd = 1\n";
        let index = LineIndex::new(source);
        assert_eq!(index.position(source, 0), Position { line: 1, column: 1 });
        let d = source.find('d').unwrap();
        assert_eq!(index.position(source, d), Position { line: 2, column: 2 });
        assert_eq!(
            index.position(source, source.len()),
            Position { line: 3, column: 1 }
        );
    }

    #[test]
    fn pointer_tokens_are_escaped_and_unescaped() {
        let pointer = push_two("", "a/b", "c~d");
        assert_eq!(pointer, "/a~1b/c~0d");
        assert_eq!(pointer::tokens(&pointer), vec!["a/b", "c~d"]);
    }

    fn push_two(base: &str, a: &str, b: &str) -> String {
        pointer::push(&pointer::push(base, a), b)
    }

    #[test]
    fn resolve_falls_back_to_the_nearest_ancestor() {
        let mut map = SourceMap::default();
        map.insert("/a".into(), Span::new(1, 2), Span::new(1, 9));
        assert_eq!(map.resolve("/a/b/3").unwrap().focus, Span::new(1, 2));
        assert!(map.resolve("/z").is_none());
    }
}
