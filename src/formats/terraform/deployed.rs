//! The workloads of a Terraform document as deployed: the document's VM resources instantiated
//! in its module (tfvars, defaults, `count` / `for_each`, `dynamic` blocks), and the VM
//! resources of the local modules it calls, instantiated with their arguments. A fact whose
//! value came from elsewhere gets a traced pointer (`model/trace.rs`): the finding lands on
//! the line a reviewer changes — the module argument, the list element, the variable — and
//! the template goes into `related`.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::eval::Place;
use super::instances::{Instance, Module, Surroundings};
use super::workloads::{platform_of, vm_workload};
use crate::document::Document;
use crate::model::trace;
use crate::model::{Fact, Workload};

const HA_RESOURCE: &str = "proxmox_virtual_environment_haresource";

/// The deployed workloads of `document`; with no surroundings, the document is a root module
/// on its own.
/// `finish` completes each workload from facts of the document (backups, anti-affinity rules)
/// before its pointers are traced.
pub fn workloads(
    document: &Document,
    surroundings: Option<&Surroundings>,
    finish: &dyn Fn(&Instance, &mut Workload),
) -> Vec<Workload> {
    let empty = Surroundings::default();
    let surroundings = surroundings.unwrap_or(&empty);
    if surroundings.called {
        // Reported per instance, where the module is called.
        return Vec::new();
    }
    let mut documents: Vec<&Document> = vec![document];
    documents.extend(
        surroundings
            .module_files
            .iter()
            .filter(|other| other.path != document.path)
            .map(Arc::as_ref),
    );
    let module = Module::new(&documents, surroundings.root_variables());
    let wanted = |kind: &str| platform_of(kind).is_some() || kind == HA_RESOURCE;
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
            let scope = module_of(&instance.address);
            let vm_id = crate::model::literal(instance.body.get("vm_id"));
            if let Some((_, _, ha_at)) = ha
                .iter()
                .find(|(module, id, _)| *module == scope && Some(id) == vm_id.as_ref())
            {
                workload.availability.ha = Some(Fact::new(true, ha_at.clone()));
            }
            if instance.expanded {
                // Stamped out into instances: each is a VM of its own, and what they share
                // (a static MAC) is found between them.
                workload.replicated = None;
            }
            finish(instance, &mut workload);
            Some(retrace(workload, instance, &document.path))
        })
        .collect()
}

/// `module.a.module.b.` of an instance address (empty in the root).
fn module_of(address: &str) -> String {
    let mut prefix = String::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find('.').map_or(after.len(), |end| end + 1);
        prefix.push_str("module.");
        prefix.push_str(&after[..end]);
        rest = &after[end..];
    }
    prefix
}

/// VM ids that HA resources (`resource_id = "vm:120"`, often by reference) make highly
/// available, by module instance, with the traced pointer of the HA resource.
fn ha_targets(instances: &[Instance], linted: &Path) -> Vec<(String, String, String)> {
    instances
        .iter()
        .filter(|instance| instance.resource_type == HA_RESOURCE)
        .filter_map(|instance| {
            let id = crate::model::literal(instance.body.get("resource_id"))?;
            let id = id.strip_prefix("vm:")?.to_string();
            let plain = instance.calls.is_empty() && !instance.expanded;
            let at = match plain {
                true => instance.template.pointer.clone(),
                false => trace_of(&instance.template.pointer, instance, linted),
            };
            Some((module_of(&instance.address), id, at))
        })
        .collect()
}

/// The workload with every pointer traced from the origin of its value to its use, when the
/// instance is not simply the definition as written.
fn retrace(workload: Workload, instance: &Instance, linted: &Path) -> Workload {
    let plain = instance.calls.is_empty()
        && instance.origins.is_empty()
        && instance.uses.is_empty()
        && !instance.expanded;
    if plain {
        return workload;
    }
    let texts = workload.texts.clone();
    let Ok(mut value) = serde_json::to_value(&workload) else {
        return workload;
    };
    rewrite_pointers(&mut value, &mut |pointer| {
        if trace::is_traced(pointer) {
            pointer.to_string()
        } else {
            trace_of(pointer, instance, linted)
        }
    });
    match serde_json::from_value::<Workload>(value) {
        Ok(mut traced) => {
            traced.texts = texts;
            traced
        }
        Err(_) => workload,
    }
}

fn rewrite_pointers(value: &mut Value, rewrite: &mut dyn FnMut(&str) -> String) {
    match value {
        Value::Object(object) => {
            for (key, item) in object.iter_mut() {
                match (key.as_str(), item) {
                    ("pointer", Value::String(pointer)) => *pointer = rewrite(pointer),
                    (_, item) => rewrite_pointers(item, rewrite),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rewrite_pointers(item, rewrite)),
        _ => {}
    }
}

fn is_within(pointer: &str, root: &str) -> bool {
    pointer == root || (pointer.starts_with(root) && pointer[root.len()..].starts_with('/'))
}

/// The trace of a body pointer of `instance`: where its value was written (itself, an
/// ancestor's, or else its first descendant's origin), the template place that uses it, and
/// the module call when neither is in the linted document.
fn trace_of(pointer: &str, instance: &Instance, linted: &Path) -> String {
    let origin = instance
        .origins
        .iter()
        .filter(|(at, _)| is_within(pointer, at))
        .max_by_key(|(at, _)| at.len())
        .or_else(|| {
            if pointer == instance.template.pointer {
                return None;
            }
            // A block whose one computed value came from elsewhere (`usb { host = var.x }`)
            // is about that value.
            let mut below = instance
                .origins
                .iter()
                .filter(|(at, _)| is_within(at, pointer));
            let first = below.next();
            match below.next() {
                None => first,
                Some(_) => None,
            }
        });
    let used_at = instance
        .uses
        .iter()
        .filter(|(generated, _, _)| is_within(pointer, generated))
        .max_by_key(|(generated, _, _)| generated.len())
        .map(|(generated, block, content)| match pointer == generated {
            true => block.clone(),
            false => format!("{content}{}", &pointer[generated.len()..]),
        })
        .unwrap_or_else(|| pointer.to_string());
    let mut places: Vec<Place> = origin.map(|(_, from)| from.clone()).unwrap_or_default();
    places.push(Place::new(&instance.template.file, used_at));
    let in_linted = |place: &Place| *place.file == *linted;
    if !places.iter().any(in_linted) {
        places.extend(instance.calls.first().cloned());
    }
    places.dedup();
    let encoded: Vec<(Option<String>, String)> = places
        .into_iter()
        .map(|place| {
            let file = (!in_linted(&place)).then(|| crate::paths::slash_path(&place.file));
            (file, place.pointer)
        })
        .collect();
    // The instance is named where one definition makes several, or lives in a module.
    let named = instance.expanded || !instance.calls.is_empty();
    trace::encode(&encoded, named.then_some(instance.address.as_str()))
}
