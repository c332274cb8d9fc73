//! The workloads of a Terraform document as deployed: the document's VM resources instantiated
//! in its module (tfvars, defaults, `count` / `for_each`, `dynamic` blocks), and the VM
//! resources of the local modules it calls, instantiated with their arguments. A fact whose
//! value came from elsewhere gets a traced pointer (`model/trace.rs`): the finding lands on
//! the line a reviewer changes — the module argument, the list element, the variable — and
//! the template goes into `related`.

use std::path::Path;
use std::sync::Arc;

use super::instances::{Instance, Module, Surroundings};
use super::workloads::{platform_of, vm_workload};
use crate::document::Document;
use crate::formats::provenance::Provenance;
use crate::model::{Fact, Workload};

const HA_RESOURCE: &str = "proxmox_virtual_environment_haresource";
const HA_GROUP: &str = "proxmox_virtual_environment_hagroup";

/// The module `document` belongs to: the document (its own text, which an editor buffer may
/// have changed) and the other files of its directory, with the values a root module receives.
pub fn module_of<'a>(document: &'a Document, surroundings: &'a Surroundings) -> Module<'a> {
    let mut documents: Vec<&Document> = vec![document];
    documents.extend(
        surroundings
            .module_files
            .iter()
            .filter(|other| other.path != document.path)
            .map(Arc::as_ref),
    );
    Module::new(&documents, surroundings.root_variables())
}

/// The deployed workloads of `document`; with no surroundings, the document is a root module
/// on its own.
/// `finish` completes each workload from facts of the document (backups, anti-affinity rules)
/// before its pointers are traced.
pub fn workloads(
    document: &Document,
    module: &Module,
    surroundings: &Surroundings,
    finish: &dyn Fn(&Instance, &mut Workload),
) -> Vec<Workload> {
    if surroundings.called {
        // Reported per instance, where the module is called.
        return Vec::new();
    }
    let wanted =
        |kind: &str| platform_of(kind).is_some() || kind == HA_RESOURCE || kind == HA_GROUP;
    let mut instances = module.instances(document, &wanted, "");
    if let Some(loader) = &surroundings.loader {
        instances.extend(module.module_instances(document, loader.as_ref(), &wanted, "", 0));
    }
    let ha = ha_targets(&instances, &document.path);
    instances
        .iter()
        .filter_map(|instance| {
            let platform = platform_of(&instance.resource_type)?;
            let mut workload = vm_workload(
                &instance.resource_type,
                platform,
                &instance.label,
                instance.address.clone(),
                &instance.body,
                &instance.template.pointer,
            );
            let scope = super::address::module_path(&instance.address);
            let vm_id = crate::model::literal(instance.body.get("vm_id"));
            if let Some(target) = ha
                .iter()
                .find(|target| target.module == scope && Some(&target.vm_id) == vm_id.as_ref())
            {
                workload.availability.ha = Some(Fact::new(true, target.pointer.clone()));
                if let Some(restriction) = &target.restriction {
                    workload.availability.restricted_to =
                        Some(Fact::new(restriction.clone(), target.pointer.clone()));
                }
            }
            if instance.expanded {
                // Stamped out into instances: each is a VM of its own, and what they share
                // (a static MAC) is found between them.
                workload.replicated = None;
            }
            finish(instance, &mut workload);
            Some(provenance(instance, &document.path).retrace(workload))
        })
        .collect()
}

/// A VM that an HA resource makes highly available.
struct HaTarget<'i> {
    module: &'i str,
    vm_id: String,
    /// The traced pointer of the HA resource.
    pointer: String,
    /// The HA group that keeps it on named nodes, described.
    restriction: Option<String>,
}

/// VM ids that HA resources (`resource_id = "vm:120"`, often by reference) make highly
/// available, by module instance. A `group` keeps the VM on the group's nodes when the group
/// (`proxmox_virtual_environment_hagroup`) is `restricted`; a group defined outside this
/// configuration is taken as the restriction it may be (silent rather than guessed).
fn ha_targets<'i>(instances: &'i [Instance], linted: &Path) -> Vec<HaTarget<'i>> {
    let literal = |instance: &Instance, key: &str| crate::model::literal(instance.body.get(key));
    let restriction = |group: &str| {
        let Some(defined) = instances.iter().find(|instance| {
            instance.resource_type == HA_GROUP
                && literal(instance, "group").as_deref() == Some(group)
        }) else {
            return Some(format!(
                "HA group `{group}` (defined outside this configuration)"
            ));
        };
        let nodes: Vec<&String> = defined
            .body
            .get("nodes")
            .and_then(serde_json::Value::as_object)
            .map(|nodes| nodes.keys().collect())
            .unwrap_or_default();
        let names: Vec<&str> = nodes.iter().map(|node| node.as_str()).collect();
        (literal(defined, "restricted").as_deref() == Some("true"))
            .then(|| format!("restricted HA group `{group}` ({})", names.join(", ")))
    };
    instances
        .iter()
        .filter(|instance| instance.resource_type == HA_RESOURCE)
        // `state = "disabled"` or `"ignored"`: the HA manager never relocates the VM.
        .filter(|instance| {
            !matches!(
                literal(instance, "state").as_deref(),
                Some("disabled" | "ignored")
            )
        })
        .filter_map(|instance| {
            let id = literal(instance, "resource_id")?;
            let id = id.strip_prefix("vm:")?.to_string();
            let at = provenance(instance, linted).trace(&instance.template.pointer);
            Some(HaTarget {
                module: super::address::module_path(&instance.address),
                vm_id: id,
                pointer: at,
                restriction: literal(instance, "group").and_then(|group| restriction(&group)),
            })
        })
        .collect()
}

/// How an instance's values came to be (see `formats/provenance.rs`).
fn provenance<'a>(instance: &'a Instance, linted: &'a Path) -> Provenance<'a> {
    // The instance is named where one definition makes several, or lives in a module.
    let named = instance.expanded || !instance.calls.is_empty();
    Provenance {
        linted,
        template_file: &instance.template.file,
        origins: &instance.origins,
        uses: &instance.uses,
        fallback: instance.calls.first(),
        root: &instance.template.pointer,
        instance: named.then_some(instance.address.as_str()),
    }
}
