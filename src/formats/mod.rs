//! The formats vmlint reads: detection by file name *and* content, and dispatch to the parser
//! that turns a file into a [`Document`] and to the adapter that extracts its workloads.
//!
//! A format module parses and extracts; it never decides severity or whether a rule fires.

pub mod ansible;
pub mod kubevirt;
pub mod libvirt;
pub mod lines;
pub mod provenance;
pub mod proxmox;
pub mod qemu_args;
pub mod terraform;
pub mod traced;
pub mod vmx;
pub mod yaml;
mod yaml_leniency;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Document;
use crate::limits::{self, ParseLimits};
use crate::model::Workload;

pub use crate::document::{Format, ParseError};

/// What detection concluded about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detection {
    /// vmlint lints this file as `Format`.
    Lint(Format),
    /// A file of a family vmlint knows, deliberately not linted, with the reason
    /// (e.g. an XML file whose root is not `<domain>`).
    Skip(String),
    /// Nothing vmlint reads.
    Unknown,
}

/// Candidate format from the file name alone; `None` when the name says nothing.
fn candidate_by_name(path: &Path) -> Option<NameHint> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf.json") {
        Some(NameHint::TerraformJson)
    } else if name.ends_with(".json") {
        Some(NameHint::Json)
    } else if name.ends_with(".tf") {
        Some(NameHint::Terraform)
    } else if name.ends_with(".xml") || name.ends_with(".xml.j2") || name.ends_with(".xml.jinja") {
        // Ansible renders libvirt domains from `templates/*.xml.j2` for `community.libvirt.virt`.
        Some(NameHint::Xml)
    } else if name.ends_with(".yml") || name.ends_with(".yaml") {
        Some(NameHint::Yaml)
    } else if name.ends_with(".conf") {
        Some(NameHint::Conf)
    } else if name.ends_with(".vmx") {
        Some(NameHint::Vmx)
    } else if name == "hosts" || name == "inventory" || name.ends_with(".ini") {
        Some(NameHint::Inventory)
    } else if matches!(
        name.as_str(),
        "jobs.cfg"
            | "resources.cfg"
            | "groups.cfg"
            | "rules.cfg"
            | "storage.cfg"
            | "replication.cfg"
            | "vzdump.cron"
    ) {
        Some(NameHint::ProxmoxCluster)
    } else {
        None
    }
}

enum NameHint {
    Terraform,
    TerraformJson,
    Json,
    Xml,
    Yaml,
    Conf,
    Vmx,
    Inventory,
    ProxmoxCluster,
}

/// True when the file may state facts about workloads of other files (inventories,
/// `host_vars`/`group_vars`, Proxmox cluster files): read before the per-file stage.
pub fn may_hold_context(path: &Path) -> bool {
    matches!(
        candidate_by_name(path),
        Some(NameHint::Inventory) | Some(NameHint::ProxmoxCluster)
    ) || (matches!(candidate_by_name(path), Some(NameHint::Yaml))
        && path.iter().any(|part| {
            part == "host_vars"
                || part == "group_vars"
                || part == "inventories"
                || part == "inventory"
        }))
        || path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("inventory.") || name.starts_with("hosts."))
}

/// A YAML file that may be a playbook (whose plays may configure time sync in their hosts).
pub fn may_be_playbook(path: &Path) -> bool {
    matches!(candidate_by_name(path), Some(NameHint::Yaml))
}

/// True when the name alone tells that the file may be one of ours and is worth reading.
pub fn is_candidate(path: &Path) -> bool {
    candidate_by_name(path).is_some()
}

/// Detect the format of a file from its name and content.
pub fn detect(path: &Path, source: &str) -> Detection {
    match candidate_by_name(path) {
        Some(NameHint::Terraform) => Detection::Lint(Format::Terraform),
        Some(NameHint::TerraformJson) => Detection::Lint(Format::TerraformJson),
        Some(NameHint::Json) if terraform::plan::looks_like(source) => {
            Detection::Lint(Format::TerraformPlan)
        }
        Some(NameHint::Json) => Detection::Unknown,
        Some(NameHint::Xml) => {
            if libvirt::xml::looks_like_diff(source) {
                return Detection::Skip("a diff of XML, not an XML document".to_string());
            }
            match libvirt::xml::root_element_name(source) {
                Some(root) if root == "domain" => Detection::Lint(Format::Libvirt),
                Some(root) => Detection::Skip(format!(
                    "XML whose root is <{root}>, not a libvirt <domain>"
                )),
                None => Detection::Skip("not an XML document: no root element".to_string()),
            }
        }
        Some(NameHint::Yaml) => {
            if kubevirt::declares_vm(source) {
                Detection::Lint(Format::KubeVirt)
            } else if let Some(kind) = kubevirt::manifest_kind(source) {
                Detection::Skip(format!("a Kubernetes {kind}, not a KubeVirt VM"))
            } else if ansible::looks_like(path, source) {
                Detection::Lint(Format::Ansible)
            } else {
                Detection::Skip("YAML that is neither Ansible nor a KubeVirt manifest".to_string())
            }
        }
        Some(NameHint::Conf) => match proxmox::conf::classify(path, source) {
            proxmox::conf::ConfKind::Vm => Detection::Lint(Format::Proxmox),
            proxmox::conf::ConfKind::Other(reason) => Detection::Skip(reason),
        },
        Some(NameHint::Vmx) => Detection::Lint(Format::Vmx),
        Some(NameHint::Inventory) => {
            if ansible::inventory::looks_like(path, source) {
                Detection::Lint(Format::AnsibleInventory)
            } else {
                Detection::Skip("not an Ansible INI inventory".to_string())
            }
        }
        Some(NameHint::ProxmoxCluster) => {
            if proxmox::cluster::is_cluster_file(path) {
                Detection::Lint(Format::ProxmoxCluster)
            } else {
                Detection::Skip("a .cfg file that is not a Proxmox cluster file".to_string())
            }
        }
        None => Detection::Unknown,
    }
}

/// Parse `source` as `format`.
pub fn parse(format: Format, path: PathBuf, source: Arc<str>) -> Result<Document, ParseError> {
    parse_within(format, path, source, &ParseLimits::default())
}

/// Parse `source` as `format`, refusing what goes beyond `limits` (a located error).
pub fn parse_within(
    format: Format,
    path: PathBuf,
    source: Arc<str>,
    limits: &ParseLimits,
) -> Result<Document, ParseError> {
    let document = match format {
        Format::Terraform => terraform::hcl::parse(path, source)?,
        Format::TerraformJson => terraform::json::parse(path, source)?,
        Format::TerraformPlan => terraform::json::parse_as(path, source, Format::TerraformPlan)?,
        Format::Libvirt => libvirt::parse(path, source, limits)?,
        Format::Ansible => ansible::parse(path, source, limits)?,
        Format::KubeVirt => kubevirt::parse(path, source, limits)?,
        Format::Proxmox => proxmox::conf::parse(path, source)?,
        Format::Vmx => vmx::parse(path, source)?,
        Format::AnsibleInventory => ansible::inventory::parse(path, source)?,
        Format::ProxmoxCluster => proxmox::cluster::parse(path, source)?,
    };
    // The YAML and XML readers count depth in the source as they read; HCL and JSON have
    // fixed ceilings of their own (64 and 512 levels), which `--max-depth` may lower.
    if matches!(format, Format::Terraform | Format::TerraformJson) {
        if let Some(deep) = limits::too_deep(&document.tree, limits.max_depth) {
            return Err(limits::depth_error(&document, &deep, limits.max_depth));
        }
    }
    Ok(document)
}

/// What an adapter may know of the files beside the one it reads. The adapters do no I/O: the
/// pipeline reads those files through its source tree (`pipeline/siblings.rs`).
#[derive(Debug, Default, Clone)]
pub struct Neighbourhood {
    /// A Terraform file's module files, root values and called modules, for instantiation.
    pub terraform: Option<Arc<terraform::instances::Surroundings>>,
    /// An Ansible file's inventory variables and role defaults / vars.
    pub ansible: Option<Arc<ansible::surroundings::Surroundings>>,
}

impl Neighbourhood {
    /// The other files read for the document (module files, tfvars, called modules): the
    /// places a traced pointer may name.
    pub fn documents(&self) -> Vec<Arc<Document>> {
        let mut documents: Vec<Arc<Document>> = Vec::new();
        if let Some(ansible) = &self.ansible {
            documents.extend(ansible.documents());
        }
        let Some(terraform) = &self.terraform else {
            return documents;
        };
        documents.extend(terraform.module_files.iter().cloned());
        documents.extend(terraform.root_values.iter().cloned());
        if let Some(loader) = &terraform.loader {
            documents.extend(loader.loaded());
        }
        documents
    }
}

/// The backup and snapshot schedules a document defines.
pub fn extract_schedules(
    document: &Document,
    neighbourhood: &Neighbourhood,
) -> Vec<crate::model::schedule::Schedule> {
    match document.format {
        Format::Terraform | Format::TerraformJson => {
            terraform::workloads::schedules(document, neighbourhood)
        }
        Format::Ansible => ansible::schedules::extract(document),
        Format::KubeVirt => kubevirt::schedules::extract(document),
        Format::ProxmoxCluster => proxmox::cluster::schedules(document),
        Format::Libvirt
        | Format::Proxmox
        | Format::Vmx
        | Format::AnsibleInventory
        | Format::TerraformPlan => Vec::new(),
    }
}

/// The workloads a document defines.
pub fn extract_workloads(document: &Document, neighbourhood: &Neighbourhood) -> Vec<Workload> {
    extract_workloads_with(document, neighbourhood, &Default::default())
}

/// [`extract_workloads`], with a team's extra role words.
pub fn extract_workloads_with(
    document: &Document,
    neighbourhood: &Neighbourhood,
    roles: &crate::model::roles::ExtraVocabulary,
) -> Vec<Workload> {
    let mut workloads = defined_workloads(document, neighbourhood);
    for workload in &mut workloads {
        crate::model::roles::assign_with(workload, roles, document.format);
    }
    workloads
}

fn defined_workloads(document: &Document, neighbourhood: &Neighbourhood) -> Vec<Workload> {
    match document.format {
        Format::Terraform | Format::TerraformJson => {
            terraform::workloads::extract(document, neighbourhood)
        }
        Format::Libvirt => libvirt::workloads::extract(document),
        Format::Ansible => {
            ansible::workloads::extract_in(document, neighbourhood.ansible.as_deref())
        }
        Format::TerraformPlan => {
            terraform::plan::workloads(document, neighbourhood.terraform.as_deref())
        }
        Format::KubeVirt => kubevirt::workloads::extract(document),
        Format::Proxmox => proxmox::workloads::extract(document),
        Format::Vmx => vmx::workloads::extract(document),
        Format::AnsibleInventory | Format::ProxmoxCluster => Vec::new(),
    }
}
