//! What the pipeline hands the Ansible adapter about the files around a document: the
//! inventory, a role's `defaults/` and `vars/`, and the files `vars_files:` and
//! `include_vars:` name (the adapter does no I/O itself).

use std::sync::Arc;

use serde_json::{Map, Value};

use super::inventory_vars::InventoryVars;
use super::vars::Vars;
use crate::document::Document;

type Object = Map<String, Value>;

/// `include_vars` by its names.
const INCLUDE_VARS: [&str; 2] = ["ansible.builtin.include_vars", "include_vars"];

/// What the pipeline read around an Ansible file: the inventory, and the role's
/// `defaults/main.yml` and `vars/main.yml` when the file is one of a role's task files.
#[derive(Debug, Default)]
pub struct Surroundings {
    pub inventory: Option<Arc<InventoryVars>>,
    pub role_defaults: Option<Arc<Document>>,
    pub role_vars: Option<Arc<Document>>,
    /// The files `vars_files:` and `include_vars:` name literally, by the name as written.
    pub vars_files: Vec<(String, Arc<Document>)>,
}

impl Surroundings {
    /// The files whose places a finding may name.
    pub fn documents(&self) -> Vec<Arc<Document>> {
        let mut documents: Vec<Arc<Document>> = self
            .inventory
            .iter()
            .flat_map(|inventory| inventory.documents.iter().cloned())
            .collect();
        documents.extend(self.role_defaults.iter().cloned());
        documents.extend(self.role_vars.iter().cloned());
        documents.extend(self.vars_files.iter().map(|(_, document)| document.clone()));
        documents
    }

    /// Role defaults (lowest precedence) and role vars, in scope for the role's tasks.
    pub(super) fn base(&self) -> Vars {
        let mut vars = Vars::default();
        for document in self.role_defaults.iter().chain(&self.role_vars) {
            if let Some(values) = document.tree.get(0).and_then(Value::as_object) {
                vars.push_mapping(values, &Arc::from(document.path.as_path()), "/0");
            }
        }
        vars
    }
}

/// The literal files a play's `vars_files:` names.
pub fn vars_files_of(play: &Object) -> Vec<String> {
    play.get("vars_files")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|name| !name.contains("{{"))
        .map(str::to_string)
        .collect()
}

/// The literal file an `include_vars` task loads (`include_vars: x.yml` or `file: x.yml`).
pub fn include_vars_file(task: &Object) -> Option<String> {
    let value = task
        .iter()
        .find(|(key, _)| INCLUDE_VARS.contains(&key.as_str()))?
        .1;
    let name = match value {
        Value::String(name) => name.as_str(),
        Value::Object(args) => args.get("file").and_then(Value::as_str)?,
        _ => return None,
    };
    (!name.contains("{{")).then(|| name.to_string())
}
