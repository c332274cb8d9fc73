//! Terraform plan JSON (`terraform show -json plan.out > plan.json`): every value Terraform
//! knows at plan time is resolved there — modules, variables, `count`/`for_each` — so each
//! resource of `planned_values` (the root module and its `child_modules`, nested) is read as
//! deployed, with its address (`module.flexlm.proxmox_virtual_environment_vm.this[0]`) as
//! its id. Values unknown until apply are absent (`null`) and stay unknown. A resource that
//! the plan deletes is not in `planned_values` and is not read.

use serde_json::{Map, Value};

use super::surroundings::Surroundings;
use super::workloads::{platform_of, vm_workload};
use crate::document::{pointer, Document};
use crate::model::{literal, Fact, Workload};

/// A resource of the plan: its address, type, name, values and their pointer.
struct Planned<'a> {
    address: &'a str,
    kind: &'a str,
    name: &'a str,
    values: &'a Map<String, Value>,
    at: String,
}

/// Whether a JSON text is a plan (or state) rendered by `terraform show -json`.
pub fn looks_like(source: &str) -> bool {
    let head = &source[..source.len().min(4096)];
    head.contains("\"format_version\"")
        && (source.contains("\"planned_values\"") || source.contains("\"resource_changes\""))
}

/// The plan's VMs; with the configuration beside the plan (`surroundings`), their findings
/// are reported in the `.tf` block that defines each.
pub fn workloads(document: &Document, surroundings: Option<&Surroundings>) -> Vec<Workload> {
    let mut planned = Vec::new();
    if let Some(root) = document.tree.pointer("/planned_values/root_module") {
        collect(root, "/planned_values/root_module", &mut planned);
    }
    let ha: Vec<(&str, String, String)> = planned
        .iter()
        .filter(|resource| resource.kind == "proxmox_virtual_environment_haresource")
        .filter_map(|resource| {
            let id = literal(resource.values.get("resource_id"))?;
            let id = id.strip_prefix("vm:")?.to_string();
            Some((
                super::address::module_path(resource.address),
                id,
                resource.at.clone(),
            ))
        })
        .collect();
    planned
        .iter()
        .filter_map(|resource| {
            let platform = platform_of(resource.kind)?;
            let mut workload = vm_workload(
                resource.kind,
                platform,
                resource.name,
                resource.address.to_string(),
                resource.values,
                &resource.at,
            );
            let vm_id = literal(resource.values.get("vm_id"));
            let module = super::address::module_path(resource.address);
            if let Some((_, _, at)) = ha
                .iter()
                .find(|(scope, id, _)| *scope == module && Some(id) == vm_id.as_ref())
            {
                workload.availability.ha = Some(Fact::new(true, at.clone()));
            }
            if let Some((source, block)) = surroundings.and_then(|surroundings| {
                super::plan_source::definition(resource.address, surroundings)
            }) {
                super::plan_source::trace_to_source(
                    &mut workload,
                    &resource.at,
                    &document.path,
                    (&source.path, &block),
                    resource.address,
                );
            }
            Some(workload)
        })
        .collect()
}

/// The managed resources of a plan module and of its child modules.
fn collect<'a>(module: &'a Value, at: &str, out: &mut Vec<Planned<'a>>) {
    let resources_at = pointer::push(at, "resources");
    for (index, resource) in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let field = |key: &str| resource.get(key).and_then(Value::as_str);
        if field("mode") == Some("data") {
            continue;
        }
        let (Some(address), Some(kind), Some(name), Some(values)) = (
            field("address"),
            field("type"),
            field("name"),
            resource.get("values").and_then(Value::as_object),
        ) else {
            continue;
        };
        let resource_at = pointer::push_index(&resources_at, index);
        out.push(Planned {
            address,
            kind,
            name,
            values,
            at: pointer::push(&resource_at, "values"),
        });
    }
    let children_at = pointer::push(at, "child_modules");
    for (index, child) in module
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        collect(child, &pointer::push_index(&children_at, index), out);
    }
}
