//! Where a planned resource is written: its address (`module.a["x"].module.b.type.name[0]`)
//! followed through the configuration beside the plan — each `module` call's source, then the
//! `resource "type" "name"` block — so that a plan's finding is reported in the `.tf` source
//! a reviewer changes, with the plan's value as a related location.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::surroundings::Surroundings;
use crate::document::Document;
use crate::model::trace;
use crate::model::Workload;

/// The document and pointer of the block that defines the resource at `address`.
pub fn definition(address: &str, surroundings: &Surroundings) -> Option<(Arc<Document>, String)> {
    let super::address::Address {
        modules,
        kind,
        name,
        ..
    } = super::address::parse(address)?;
    let mut documents: Vec<Arc<Document>> = surroundings.module_files.clone();
    for module in modules {
        let (caller, source) = documents.iter().find_map(|document| {
            let source = document
                .tree
                .get("module")?
                .get(module)?
                .pointer("/0/source")
                .or_else(|| document.tree.get("module")?.get(module)?.get("source"))?
                .as_str()?;
            Some((document.clone(), source.to_string()))
        })?;
        let loader = surroundings.loader.as_ref()?;
        let files = loader.load(&crate::paths::directory_of(&caller.path), module, &source)?;
        documents = files.documents.clone();
    }
    let document = documents.into_iter().find(|document| {
        document
            .tree
            .get("resource")
            .and_then(|resources| resources.get(kind))
            .and_then(|by_name| by_name.get(name))
            .is_some()
    })?;
    let at =
        crate::document::pointer::push(&crate::document::pointer::push("/resource", kind), name);
    let at = match document.tree.pointer(&at) {
        Some(Value::Array(_)) => crate::document::pointer::push_index(&at, 0),
        _ => at,
    };
    Some((document, at))
}

/// `workload`'s pointers into the plan's `values` (at `values_at`) traced to the same place in
/// the resource block `definition` (file, pointer): reported there, the plan related.
pub fn trace_to_source(
    workload: &mut Workload,
    values_at: &str,
    linted: &Path,
    definition: (&Path, &str),
    address: &str,
) {
    let (file, block) = definition;
    let file = (file != linted).then(|| crate::paths::slash_path(file));
    crate::model::pointers::visit(workload, &mut |pointer| {
        if trace::is_traced(pointer) {
            return;
        }
        let Some(rest) = pointer.strip_prefix(values_at) else {
            return;
        };
        if !(rest.is_empty() || rest.starts_with('/')) {
            return;
        }
        let source = (file.clone(), format!("{block}{rest}"));
        *pointer = trace::encode(&[source, (None, pointer.clone())], None, Some(address));
    });
}
