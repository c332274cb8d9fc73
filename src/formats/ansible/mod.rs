//! Ansible: playbooks, role files (`tasks/`, `handlers/`, `vars/`, `defaults/`, `meta/`), task
//! files, YAML inventories and `group_vars`/`host_vars`. Parsing is the shared YAML reader;
//! `workloads.rs` finds the VM-creating tasks.

pub mod inventory;
pub mod inventory_vars;
pub mod jinja;
pub mod loops;
mod modules;
pub mod plays;
pub mod schedules;
pub mod software;
pub mod surroundings;
pub mod timesync;
pub mod vars;
pub mod workloads;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Document;
use crate::formats::{yaml, Format, ParseError};
use crate::limits::ParseLimits;

/// The keys of a play or task that hold task lists.
pub const TASK_LISTS: [&str; 4] = ["tasks", "pre_tasks", "post_tasks", "handlers"];
/// The keys of a `block` task that hold task lists.
pub const BLOCK_LISTS: [&str; 3] = ["block", "rescue", "always"];

/// Directories whose YAML files are Ansible content.
const ANSIBLE_DIRS: [&str; 8] = [
    "tasks",
    "handlers",
    "vars",
    "defaults",
    "meta",
    "group_vars",
    "host_vars",
    "playbooks",
];

/// True when the path or the content says the YAML file is Ansible: it sits in an Ansible
/// directory, or it is a list (of plays or tasks), or a YAML inventory (`all:`).
pub fn looks_like(path: &Path, source: &str) -> bool {
    let in_ansible_dir = path
        .parent()
        .into_iter()
        .flat_map(Path::iter)
        .filter_map(|part| part.to_str())
        .any(|part| ANSIBLE_DIRS.contains(&part));
    if in_ansible_dir {
        return true;
    }
    let first = source
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#') && *line != "---");
    match first {
        Some(line) => line.starts_with("- ") || line == "-" || line.starts_with("all:"),
        None => false,
    }
}

/// Parse `source`, refusing what goes beyond `limits` (nesting, documents, aliases).
pub fn parse(
    path: PathBuf,
    source: Arc<str>,
    limits: &ParseLimits,
) -> Result<Document, ParseError> {
    yaml::document(path, Format::Ansible, source, limits)
}
