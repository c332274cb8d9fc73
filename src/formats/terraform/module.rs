//! The module a Terraform file belongs to (its directory): variable defaults and locals,
//! so that `var.x` and `local.x` resolve to literals where the module states them.
//!
//! Only whole-value references are resolved (`"${var.gpu}"`), never partial templates, and only
//! to literal values: a default that is itself an expression stays unknown. The adapter does no
//! I/O: the pipeline reads the module's files through its source tree and caches the context
//! (`pipeline/siblings.rs`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use super::workloads::bodies;
use crate::formats::Format;
use crate::model::is_computed;

/// Literal variable defaults and locals of one module.
#[derive(Debug, Default, PartialEq)]
pub struct ModuleContext {
    pub variables: HashMap<String, Value>,
    pub locals: HashMap<String, Value>,
    /// The module's shared context, consulted after this one (a file's own declarations on top
    /// of its module's, without copying the module's maps for every file).
    pub parent: Option<Arc<ModuleContext>>,
}

/// The context of a module from the text of its files (the pipeline reads them, see
/// `pipeline/siblings.rs`); a file that does not parse is left out.
pub fn build(files: &[(PathBuf, String)]) -> ModuleContext {
    let mut context = ModuleContext::default();
    for (path, text) in files {
        let text = text.clone();
        let format = if path
            .to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(".tf.json")
        {
            Format::TerraformJson
        } else {
            Format::Terraform
        };
        // Only `variable` and `locals` blocks matter: parse just those when the file is laid
        // out as `terraform fmt` writes it (blocks start and end at column 0), else the whole
        // file. Files that do not parse are reported when they are linted themselves.
        let source = match (format, declaration_blocks(&text)) {
            (Format::Terraform, Some(blocks)) if blocks.is_empty() => continue,
            (Format::Terraform, Some(blocks)) => blocks,
            _ => text,
        };
        let Ok(document) = crate::formats::parse(format, path.clone(), Arc::from(source)) else {
            continue;
        };
        collect(&document.tree, &mut context);
    }
    context
}

/// The top-level `variable` and `locals` blocks of formatted HCL, as text: from a line that
/// starts one at column 0 through the next line that is exactly `}`. `None` when the layout is
/// not that (a block left open), so that the caller parses the whole file.
fn declaration_blocks(text: &str) -> Option<String> {
    let mut blocks = String::new();
    let mut inside = false;
    for line in text.lines() {
        let opens = line.starts_with("variable ") || line.starts_with("locals ");
        if !inside && !opens {
            continue;
        }
        blocks.push_str(line);
        blocks.push('\n');
        // A block ends at a lone `}`, or on its own first line (`variable "a" {}`).
        inside = !(line == "}" || (!inside && line.trim_end().ends_with('}')));
    }
    (!inside).then_some(blocks)
}

/// Add the variable defaults and locals of one file's tree.
pub fn collect(tree: &Value, context: &mut ModuleContext) {
    if let Some(variables) = tree.get("variable").and_then(Value::as_object) {
        for (name, declaration) in variables {
            for (body, _) in bodies(declaration, "") {
                if let Some(default) = body.get("default").filter(|value| is_literal(value)) {
                    context.variables.insert(name.clone(), default.clone());
                }
            }
        }
    }
    if let Some(locals) = tree.get("locals") {
        for (body, _) in bodies(locals, "") {
            for (name, value) in body {
                if is_literal(value) {
                    context.locals.insert(name.clone(), value.clone());
                }
            }
        }
    }
}

fn is_literal(value: &Value) -> bool {
    match value {
        Value::String(text) => !is_computed(text),
        Value::Array(items) => items.iter().all(is_literal),
        Value::Object(entries) => entries.values().all(is_literal),
        _ => true,
    }
}

impl ModuleContext {
    /// A resource body with its references resolved (a copy only where it changes nothing
    /// is cheap: bodies are small).
    pub fn resolve_body(
        &self,
        body: &serde_json::Map<String, Value>,
    ) -> serde_json::Map<String, Value> {
        body.iter()
            .map(|(key, value)| (key.clone(), self.resolve(value)))
            .collect()
    }

    /// `value` with whole-value `${var.x}` / `${local.x}` references replaced by literals.
    pub fn resolve(&self, value: &Value) -> Value {
        match value {
            Value::String(text) => self.lookup(text).cloned().unwrap_or_else(|| value.clone()),
            Value::Array(items) => {
                Value::Array(items.iter().map(|item| self.resolve(item)).collect())
            }
            Value::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, item)| (key.clone(), self.resolve(item)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn lookup(&self, text: &str) -> Option<&Value> {
        let reference = text.strip_prefix("${")?.strip_suffix('}')?.trim();
        let own = if let Some(name) = reference.strip_prefix("var.") {
            self.variables.get(name)
        } else if let Some(name) = reference.strip_prefix("local.") {
            self.locals.get(name)
        } else {
            return None;
        };
        own.or_else(|| {
            self.parent
                .as_deref()
                .and_then(|parent| parent.lookup(text))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_blocks_are_cut_from_formatted_files() {
        let text = "variable \"a\" {\n  default = 1\n}\n\nresource \"x\" \"y\" {\n  name = var.a\n}\nlocals {\n  b = {\n    c = 2\n  }\n}\n";
        assert_eq!(
            declaration_blocks(text).as_deref(),
            Some("variable \"a\" {\n  default = 1\n}\nlocals {\n  b = {\n    c = 2\n  }\n}\n")
        );
        assert_eq!(
            declaration_blocks("variable \"a\" {\n  default = 1\n").as_deref(),
            None
        );
        assert_eq!(
            declaration_blocks("resource \"x\" \"y\" {}\n").as_deref(),
            Some("")
        );
        assert_eq!(
            declaration_blocks("variable \"a\" {}\nvariable \"b\" {\n}\n").as_deref(),
            Some("variable \"a\" {}\nvariable \"b\" {\n}\n")
        );
    }
}
