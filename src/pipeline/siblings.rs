//! Second files of a document's directory, read through the run's [`SourceTree`]: the
//! Terraform module a `.tf` file belongs to (its directory's variable defaults and locals).
//! The format adapter stays pure — it receives the module context in a
//! [`Neighbourhood`](crate::formats::Neighbourhood) — and this stage does the reading.
//!
//! Contexts are cached per directory by the stamps of its files, so a run reads each module
//! once, and a long-lived front-end (the language server, an audit walking commits) never sees
//! a stale one. The cache belongs to whoever runs the pipeline: there is no process-global
//! state.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::source::SourceTree;
use crate::formats::terraform::module::{self, ModuleContext};
use crate::formats::{Format, Neighbourhood};

/// The module's `.tf` / `.tf.json` files and their stamps.
type Signature = Vec<(PathBuf, u64)>;

/// Module directory → the signature its context was built from, and the context.
#[derive(Default)]
pub struct ModuleCache {
    modules: Mutex<HashMap<PathBuf, (Signature, Arc<ModuleContext>)>>,
}

impl std::fmt::Debug for ModuleCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("ModuleCache")
    }
}

fn is_terraform(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

impl ModuleCache {
    /// What the adapter of `format` needs to know of the files beside `path`.
    pub fn neighbourhood(
        &self,
        tree: &dyn SourceTree,
        format: Format,
        path: &Path,
        max_bytes: u64,
    ) -> Neighbourhood {
        match format {
            Format::Terraform | Format::TerraformJson => Neighbourhood {
                terraform_module: Some(self.module(tree, &directory_of(path), max_bytes)),
            },
            _ => Neighbourhood::default(),
        }
    }

    /// The context of the module in `dir` (empty when it cannot be read).
    pub fn module(&self, tree: &dyn SourceTree, dir: &Path, max_bytes: u64) -> Arc<ModuleContext> {
        let signature: Signature = tree
            .list(dir)
            .into_iter()
            .filter(|path| is_terraform(path))
            .filter_map(|path| tree.stamp(&path).map(|stamp| (path, stamp)))
            .collect();
        if let Ok(modules) = self.modules.lock() {
            if let Some((known, context)) = modules.get(dir) {
                if *known == signature {
                    return context.clone();
                }
            }
        }
        // A file that cannot be read or parsed is reported when it is linted itself.
        let files: Vec<(PathBuf, String)> = signature
            .iter()
            .filter_map(|(path, _)| {
                let text = tree.read_text(path, max_bytes).ok()?;
                Some((path.clone(), text))
            })
            .collect();
        let context = Arc::new(module::build(&files));
        if let Ok(mut modules) = self.modules.lock() {
            modules.insert(dir.to_path_buf(), (signature, context.clone()));
        }
        context
    }
}

/// The directory a file is in (`.` for a bare name).
pub fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::source::FileSystem;
    use serde_json::json;

    #[test]
    fn resolves_variables_and_locals_across_the_module_and_sees_changes() {
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
        let cache = ModuleCache::default();
        let context = cache.module(&FileSystem, dir.path(), 1 << 20);
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
        // A changed file is read again (its stamp changed).
        std::fs::write(
            dir.path().join("variables.tf"),
            "variable \"dongle\" {\n  default = \"064f:2af9\"\n}\n",
        )
        .unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        let file = std::fs::File::options()
            .write(true)
            .open(dir.path().join("variables.tf"))
            .unwrap();
        file.set_modified(later).unwrap();
        assert_eq!(
            cache
                .module(&FileSystem, dir.path(), 1 << 20)
                .resolve(&json!("${var.dongle}")),
            json!("064f:2af9")
        );
    }
}
