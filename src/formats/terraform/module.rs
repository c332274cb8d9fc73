//! The module a Terraform file belongs to (its directory): variable defaults and locals,
//! so that `var.x` and `local.x` resolve to literals where the module states them.
//!
//! Only whole-value references are resolved (`"${var.gpu}"`), never partial templates, and only
//! to literal values: a default that is itself an expression stays unknown. The context of a
//! directory is built once and reused while its files are unchanged (same names, sizes and
//! modification times).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

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

/// The module's files with their sizes and modification times.
type Signature = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// Module directory → the signature its context was built from, and the context.
type Cache = Mutex<HashMap<PathBuf, (Signature, Arc<ModuleContext>)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn module_files(dir: &Path) -> Signature {
    let mut files: Signature = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let name = path.file_name()?.to_str()?.to_ascii_lowercase();
            if !(name.ends_with(".tf") || name.ends_with(".tf.json")) {
                return None;
            }
            let metadata = entry.metadata().ok()?;
            Some((path, metadata.len(), metadata.modified().ok()))
        })
        .collect();
    files.sort();
    files
}

/// The context of the module in `dir` (empty when it cannot be read).
pub fn context_for(dir: &Path) -> Arc<ModuleContext> {
    let signature = module_files(dir);
    if let Ok(cache) = cache().lock() {
        if let Some((known, context)) = cache.get(dir) {
            if *known == signature {
                return context.clone();
            }
        }
    }
    let context = Arc::new(build(&signature));
    if let Ok(mut cache) = cache().lock() {
        cache.insert(dir.to_path_buf(), (signature, context.clone()));
    }
    context
}

fn build(files: &Signature) -> ModuleContext {
    let mut context = ModuleContext::default();
    for (path, _, _) in files {
        let Ok(text) =
            crate::pipeline::read::read_text(path, crate::pipeline::DEFAULT_MAX_FILE_BYTES)
        else {
            continue;
        };
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
    use serde_json::json;

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

    #[test]
    fn resolves_variables_and_locals_across_the_module() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("variables.tf"),
            "variable \"dongle\" {\n  default = \"0529:0001\"\n}\nvariable \"computed\" {\n  default = var.other\n}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("locals.tf.json"),
            r#"{"locals": {"gpu": "0000:01:00.0"}}"#,
        )
        .unwrap();
        let context = context_for(dir.path());
        assert_eq!(context.resolve(&json!("${var.dongle}")), json!("0529:0001"));
        assert_eq!(
            context.resolve(&json!("${local.gpu}")),
            json!("0000:01:00.0")
        );
        assert_eq!(
            context.resolve(&json!("${var.computed}")),
            json!("${var.computed}")
        );
        assert_eq!(
            context.resolve(&json!("x-${var.dongle}")),
            json!("x-${var.dongle}")
        );

        // A changed file is read again.
        std::fs::write(
            dir.path().join("variables.tf"),
            "variable \"dongle\" {\n  default = \"064f:2af9\"\n}\n",
        )
        .unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        let file = std::fs::File::options()
            .write(true)
            .open(dir.path().join("variables.tf"))
            .unwrap();
        file.set_modified(later).unwrap();
        assert_eq!(
            context_for(dir.path()).resolve(&json!("${var.dongle}")),
            json!("064f:2af9")
        );
    }
}
