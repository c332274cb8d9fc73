//! KubeVirt manifests: `VirtualMachine`, `VirtualMachineInstance`,
//! `VirtualMachineInstanceReplicaSet` and `VirtualMachinePool`, in single- or multi-document
//! YAML, and the Kubernetes jobs that back them up (`schedules.rs`). Parsing is the shared YAML
//! reader; `workloads.rs` reads the VMI spec, which the Ansible `kubevirt_vm` module reuses.

mod guarantees;
mod placement;
pub mod schedules;
pub mod workloads;

use std::path::PathBuf;
use std::sync::Arc;

use crate::document::Document;
use crate::formats::{yaml, Format, ParseError};
use crate::limits::ParseLimits;

/// The kinds that define VMs.
pub const KINDS: [&str; 4] = [
    "VirtualMachine",
    "VirtualMachineInstance",
    "VirtualMachineInstanceReplicaSet",
    "VirtualMachinePool",
];

/// The kind a line declares (`kind: VirtualMachine` at the start of a line), if any.
fn declared_kind(line: &str) -> Option<&str> {
    let kind = line.strip_prefix("kind:")?.trim();
    let kind = kind.split('#').next().unwrap_or_default().trim();
    Some(kind.trim_matches(['"', '\'']))
}

/// Kinds read for their schedules: backup `CronJob`s and Velero `Schedule`s.
pub const SCHEDULE_KINDS: [&str; 2] = ["CronJob", "Schedule"];

/// True when some document of the stream declares a KubeVirt VM kind, or a kind that may
/// schedule backups.
pub fn declares_vm(source: &str) -> bool {
    source
        .lines()
        .filter_map(declared_kind)
        .any(|kind| KINDS.contains(&kind) || SCHEDULE_KINDS.contains(&kind))
}

/// The first `kind:` of a Kubernetes-style manifest (`apiVersion` and `kind` at the top level).
pub fn manifest_kind(source: &str) -> Option<String> {
    let has_api_version = source.lines().any(|line| line.starts_with("apiVersion:"));
    has_api_version
        .then(|| source.lines().find_map(declared_kind).map(str::to_string))
        .flatten()
}

/// Parse `source`, refusing what goes beyond `limits` (nesting, documents, aliases).
pub fn parse(
    path: PathBuf,
    source: Arc<str>,
    limits: &ParseLimits,
) -> Result<Document, ParseError> {
    yaml::document(path, Format::KubeVirt, source, limits)
}
