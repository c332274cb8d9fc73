//! The resource limits of a run: every ceiling that keeps hostile input — a file, a
//! configuration or a policy from a repository under review — from crashing vmlint, hanging it
//! or exhausting its memory. One struct, its defaults, and the check of a parsed tree's depth.
//!
//! Limits are set on the command line only, never by `.vmlint.toml`: the configuration comes
//! with the repository being linted, and an untrusted repository must not be able to lift the
//! ceilings that protect the machine linting it (see `SECURITY.md`).
//!
//! | limit | default | flag | enforced by |
//! |---|---|---|---|
//! | file size | 10 MiB | `--max-file-size` | `lint` (before reading) |
//! | nesting depth | 64 | `--max-depth` | the YAML event guard, the XML reader, [`check_depth`] |
//! | documents per file | 1,000 | `--max-documents` | the YAML event guard, the XML reader |
//! | YAML alias expansion | 100,000 nodes | `--max-yaml-alias-nodes` | saphyr's loader |
//! | one rule on one file | 5 s | `--policy-timeout` | regorus's execution timer |
//! | all rules on one file | 30 s | `--file-policy-timeout` | the evaluator |
//! | all rules of a run | 10 min | `--run-policy-timeout` | the evaluator |
//! | heap during evaluation | 4 GiB | `--policy-memory-limit` | regorus's allocator accounting |
//!
//! HCL has a fixed ceiling of its own (hcl-edit stops at 64 levels) and `.tf.json` another
//! (jsonc-parser, 512): `--max-depth` can lower them, not raise them.

use std::time::Duration;

use serde_json::Value;

use crate::document::pointer;
use crate::document::ParseError;

/// Ceilings applied while reading and parsing one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Larger files are not read (`--max-file-size`).
    pub max_file_bytes: u64,
    /// Deepest nesting of arrays and objects (YAML, JSON, HCL) or elements (XML).
    pub max_depth: usize,
    /// Most YAML documents in one stream, or top-level elements in one XML file.
    pub max_documents: usize,
    /// Most nodes that YAML alias expansion may produce in one file (billion laughs).
    pub max_alias_nodes: usize,
}

/// 10 MiB, far above any real VM definition.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
pub const DEFAULT_MAX_DEPTH: usize = 64;
pub const DEFAULT_MAX_DOCUMENTS: usize = 1_000;
pub const DEFAULT_MAX_ALIAS_NODES: usize = 100_000;

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_documents: DEFAULT_MAX_DOCUMENTS,
            max_alias_nodes: DEFAULT_MAX_ALIAS_NODES,
        }
    }
}

/// Ceilings applied while policies evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvaluationLimits {
    /// One rule on one file.
    pub rule_time: Duration,
    /// Every rule on one file, together.
    pub file_time: Duration,
    /// Every evaluation of the run, from the first one on; `None`: no budget.
    pub run_time: Option<Duration>,
    /// The process heap above which an evaluation is stopped; `None`: no ceiling.
    pub memory_bytes: Option<u64>,
}

pub const DEFAULT_RULE_TIME: Duration = Duration::from_secs(5);
pub const DEFAULT_FILE_TIME: Duration = Duration::from_secs(30);
pub const DEFAULT_RUN_TIME: Duration = Duration::from_secs(600);
pub const DEFAULT_MEMORY_BYTES: u64 = 4 * 1024 * 1024 * 1024;

impl Default for EvaluationLimits {
    fn default() -> Self {
        EvaluationLimits {
            rule_time: DEFAULT_RULE_TIME,
            file_time: DEFAULT_FILE_TIME,
            run_time: Some(DEFAULT_RUN_TIME),
            memory_bytes: Some(DEFAULT_MEMORY_BYTES),
        }
    }
}

impl EvaluationLimits {
    /// Install the memory ceiling for this process (regorus checks it while it evaluates).
    pub fn install_memory_ceiling(&self) {
        regorus::set_global_memory_limit(self.memory_bytes);
    }
}

/// The first array or object nested deeper than `max_depth` in `tree` (the root collection is
/// level 1), as a JSON pointer, found without recursion so that the check itself cannot exhaust
/// the stack.
pub fn too_deep(tree: &Value, max_depth: usize) -> Option<String> {
    let mut stack: Vec<(&Value, usize)> = vec![(tree, 1)];
    while let Some((value, level)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(members) => Box::new(members.values()),
            _ => continue,
        };
        if level > max_depth {
            return Some(first_collection_at(tree, level));
        }
        for child in children {
            stack.push((child, level + 1));
        }
    }
    None
}

fn is_collection(value: &Value) -> bool {
    matches!(value, Value::Array(_) | Value::Object(_))
}

/// The pointer of the first collection (in document order) at `level`.
fn first_collection_at(tree: &Value, level: usize) -> String {
    let mut stack: Vec<(&Value, String, usize)> = vec![(tree, String::new(), 1)];
    while let Some((value, at, depth)) = stack.pop() {
        if depth == level {
            return at;
        }
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate().rev() {
                    if is_collection(item) {
                        stack.push((item, pointer::push_index(&at, index), depth + 1));
                    }
                }
            }
            Value::Object(members) => {
                let entries: Vec<_> = members
                    .iter()
                    .filter(|(_, item)| is_collection(item))
                    .collect();
                for (key, item) in entries.into_iter().rev() {
                    stack.push((item, pointer::push(&at, key), depth + 1));
                }
            }
            _ => {}
        }
    }
    String::new()
}

/// The parse error for a tree nested deeper than the limit, located at the first such node.
pub fn depth_error(
    document: &crate::document::Document,
    pointer: &str,
    limit: usize,
) -> ParseError {
    let offset = document
        .source_map
        .resolve(pointer)
        .map(|span| span.focus.start)
        .unwrap_or(0);
    ParseError::at(offset, depth_message(limit))
}

/// The message every format gives for nesting beyond the limit.
pub fn depth_message(limit: usize) -> String {
    format!("nested more than {limit} levels deep (--max-depth): not read")
}

/// The message every format gives for too many documents.
pub fn documents_message(limit: usize) -> String {
    format!("more than {limit} documents in one file (--max-documents): not read")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_value_beyond_the_depth_is_named_by_its_pointer() {
        // Levels: the root object 1, `/a` 2, `/a/1` 3, `/a/1/b` 4, `/a/1/b/0` 5.
        let tree = json!({"c": {"d": 1}, "a": [1, {"b": [[2]]}]});
        assert_eq!(too_deep(&tree, 5), None);
        assert_eq!(too_deep(&tree, 4).as_deref(), Some("/a/1/b/0"));
        assert_eq!(too_deep(&tree, 2).as_deref(), Some("/a/1"));
        assert_eq!(too_deep(&tree, 1).as_deref(), Some("/c"));
    }

    #[test]
    fn a_tree_deeper_than_any_stack_is_checked_without_recursion() {
        let mut tree = json!(1);
        for _ in 0..200_000 {
            tree = Value::Array(vec![tree]);
        }
        let found = too_deep(&tree, 64).expect("too deep");
        assert_eq!(found, "/0".repeat(64));
        // Dropping such a tree recursively would overflow the stack; take it apart by hand.
        let mut next = Some(tree);
        while let Some(Value::Array(mut items)) = next.take() {
            next = items.pop();
        }
    }
}
