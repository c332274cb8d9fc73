//! What the pipeline hands the Terraform adapter about the files around a document: the
//! other files of its module, the tfvars of a root module, whether the run calls it as a
//! module, and a loader for the modules it calls (the adapter does no I/O itself).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::eval::{self, Place, Traced};
use super::instances::plain_scope;
use crate::document::{pointer, Document};

/// The files of one module directory, parsed.
#[derive(Debug, Default)]
pub struct ModuleFiles {
    pub dir: PathBuf,
    pub documents: Vec<Arc<Document>>,
}

/// Reads the module a `module` block calls (the pipeline implements it through its source tree).
pub trait ModuleLoader: Send + Sync {
    /// The module a call in `caller_dir` names with `source` (a local path, or one that
    /// `terraform init` downloaded), or `None`.
    fn load(&self, caller_dir: &Path, call: &str, source: &str) -> Option<Arc<ModuleFiles>>;
    /// Every document loaded so far (the places a finding may name).
    fn loaded(&self) -> Vec<Arc<Document>>;
}

/// What the pipeline read around a Terraform file: its module's other files, the values a
/// root module receives, whether another configuration of the run calls this module, and a
/// way to read the modules it calls.
#[derive(Default)]
pub struct Surroundings {
    /// The files of the document's module (declarations only), the document's own copy too.
    pub module_files: Vec<Arc<Document>>,
    /// tfvars documents in the order Terraform applies them (later wins).
    pub root_values: Vec<Arc<Document>>,
    /// Another configuration in the run calls this directory as a module: its resources are
    /// reported per instance, where they are called.
    pub called: bool,
    pub loader: Option<Arc<dyn ModuleLoader>>,
}

impl std::fmt::Debug for Surroundings {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Surroundings")
            .field("module_files", &self.module_files.len())
            .field("root_values", &self.root_values.len())
            .field("called", &self.called)
            .finish()
    }
}

impl Surroundings {
    /// The variables tfvars set, each written at its entry.
    pub fn root_variables(&self) -> HashMap<String, Traced> {
        let mut variables = HashMap::new();
        for document in &self.root_values {
            let file: Arc<Path> = Arc::from(document.path.as_path());
            if let Some(entries) = document.tree.as_object() {
                for (name, value) in entries {
                    let place = Place::new(&file, pointer::push("", name));
                    let value = plain_scope(|scope| eval::evaluate(value, &place, scope));
                    variables.insert(name.clone(), value.bound_at(&place));
                }
            }
        }
        variables
    }
}
