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
use crate::document::Document;
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

/// A module's files parsed for their declarations (`variable` and `locals` blocks; the rest
/// of a `terraform fmt`-formatted file is blanked before parsing, keeping every offset), and
/// the context of literal values built from them. A file that does not parse is left out: it
/// is reported when it is linted itself.
pub fn build(files: &[(PathBuf, String)]) -> (ModuleContext, Vec<Arc<Document>>) {
    let mut context = ModuleContext::default();
    let mut documents = Vec::new();
    for (path, text) in files {
        let format = format_of(path);
        let source = match format {
            Format::Terraform => declarations_only(text).unwrap_or_else(|| text.clone()),
            _ => text.clone(),
        };
        let Ok(mut document) = crate::formats::parse(format, path.clone(), Arc::from(source))
        else {
            continue;
        };
        document.source = Arc::from(text.as_str());
        collect(&document.tree, &mut context);
        documents.push(Arc::new(document));
    }
    (context, documents)
}

/// Every file of a module parsed whole (a module another configuration calls).
pub fn parse_all(files: &[(PathBuf, String)]) -> Vec<Arc<Document>> {
    files
        .iter()
        .filter_map(|(path, text)| parse_file(path.clone(), text))
        .collect()
}

/// One `.tf`, `.tf.json`, `.tfvars` or `.tfvars.json` file parsed (`None` if it does not).
pub fn parse_file(path: PathBuf, text: &str) -> Option<Arc<Document>> {
    let format = format_of(&path);
    crate::formats::parse(format, path, Arc::from(text))
        .ok()
        .map(Arc::new)
}

fn format_of(path: &std::path::Path) -> Format {
    match path
        .to_string_lossy()
        .to_ascii_lowercase()
        .ends_with(".json")
    {
        true => Format::TerraformJson,
        false => Format::Terraform,
    }
}

/// `text` with every line outside a top-level `variable` or `locals` block blanked (spaces,
/// newlines kept, so offsets stay the file's), when the file is laid out as `terraform fmt`
/// writes it (blocks start and end at column 0); `None` when a block is left open.
fn declarations_only(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let opens = content.starts_with("variable ") || content.starts_with("locals ");
        if inside || opens {
            out.push_str(line);
            inside = !(content == "}" || (!inside && content.trim_end().ends_with('}')));
        } else {
            out.extend(
                line.chars()
                    .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
            );
        }
    }
    (!inside).then_some(out)
}

/// The tfvars files Terraform loads by itself for a root module, in its order:
/// `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars(.json)` by name.
pub fn automatic_tfvars(files: &[PathBuf]) -> Vec<PathBuf> {
    let name = |path: &PathBuf| {
        path.file_name()
            .map(|name| name.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    let mut found: Vec<PathBuf> = ["terraform.tfvars", "terraform.tfvars.json"]
        .iter()
        .filter_map(|wanted| files.iter().find(|path| name(path) == *wanted).cloned())
        .collect();
    let mut auto: Vec<PathBuf> = files
        .iter()
        .filter(|path| {
            let name = name(path);
            name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json")
        })
        .cloned()
        .collect();
    auto.sort_by_key(name);
    found.extend(auto);
    found
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

/// The local sources (`./…`, `../…`) of the `module` blocks of a `.tf` file, found by a
/// scan of its lines (cheap enough to run on every file before linting): a `source = "…"`
/// line inside a block opened by a line starting with `module "`.
pub fn local_module_sources(text: &str) -> Vec<String> {
    let mut sources = Vec::new();
    if !text.contains("module") {
        return sources;
    }
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("module ") {
            inside = true;
        } else if line.starts_with('}') {
            inside = false;
        } else if inside {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("source") {
                let value = rest.trim_start().trim_start_matches('=').trim();
                let value = value.trim_matches('"');
                if value.starts_with("./") || value.starts_with("../") {
                    sources.push(value.to_string());
                }
            }
        }
    }
    sources
}

/// Add the literal values a tfvars file sets (its top-level attributes) as variables.
pub fn collect_values(tree: &Value, context: &mut ModuleContext) {
    if let Some(entries) = tree.as_object() {
        for (name, value) in entries {
            if is_literal(value) {
                context.variables.insert(name.clone(), value.clone());
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
    fn declarations_keep_their_offsets_and_the_rest_is_blanked() {
        let text = "variable \"a\" {\n  default = 1\n}\n\nresource \"x\" \"y\" {\n  name = var.a\n}\nlocals {\n  b = {\n    c = 2\n  }\n}\n";
        let kept = declarations_only(text).unwrap();
        assert_eq!(kept.len(), text.len());
        assert_eq!(kept.lines().count(), text.lines().count());
        assert!(!kept.contains("resource"));
        assert!(kept.contains("locals {"));
        assert_eq!(declarations_only("variable \"a\" {\n  default = 1\n"), None);
        assert_eq!(
            declarations_only("variable \"a\" {}\nvariable \"b\" {\n}\n").unwrap(),
            "variable \"a\" {}\nvariable \"b\" {\n}\n"
        );
    }

    #[test]
    fn terraform_loads_tfvars_in_its_order() {
        let files: Vec<PathBuf> = [
            "b.auto.tfvars",
            "terraform.tfvars.json",
            "a.auto.tfvars.json",
            "main.tf",
            "terraform.tfvars",
            "x.tfvars",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            automatic_tfvars(&files),
            [
                "terraform.tfvars",
                "terraform.tfvars.json",
                "a.auto.tfvars.json",
                "b.auto.tfvars"
            ]
            .map(PathBuf::from)
        );
    }
}
