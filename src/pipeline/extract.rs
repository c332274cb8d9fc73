//! Extraction: a parsed document → the workloads and schedules it defines (the format
//! adapters, with the Terraform module read by `siblings.rs`), roles the configuration adds,
//! the facts other files state about them (`context.rs`), then the rule input and the summary
//! the repository stage will read.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::context::RepositoryContext;
use super::estate::FileSummary;
use super::locate::file_error;
use super::settings::{FileSettings, Sources};
use crate::diagnostic::{ErrorKind, LintError};
use crate::document::Document;
use crate::formats;
use crate::model::roles::ExtraVocabulary;
use crate::model::schedule::Schedule;
use crate::model::Workload;

/// What one document yields for the rules.
pub struct Extracted {
    /// `input` of the document rules: file, format, workloads (and the document tree when a
    /// loaded rule reads it).
    pub input: regorus::Value,
    /// Workload root pointers and ids, to name the workload a finding is in.
    pub owners: Vec<(String, String)>,
    /// What the repository stage reads of the document.
    pub summary: Arc<FileSummary>,
    /// Other files that traced pointers name (module files, tfvars).
    pub foreign: Vec<Arc<Document>>,
}

/// What a document yields, with the other files read to evaluate it.
pub struct Found {
    pub workloads: Vec<Workload>,
    pub schedules: Vec<Schedule>,
    /// Other files that traced pointers may name.
    pub foreign: Vec<Arc<Document>>,
}

/// The workloads and schedules of a document, with the configuration's extra role words and
/// the repository's cross-file facts applied.
pub fn workloads_and_schedules(
    document: &Document,
    context: &RepositoryContext,
    roles: &ExtraVocabulary,
    sources: &Sources,
    max_bytes: u64,
) -> Found {
    let called = context.calls_module(&super::siblings::directory_of(&document.path));
    let neighbourhood = sources.modules.neighbourhood(
        &sources.tree,
        document,
        max_bytes,
        super::siblings::RunFacts {
            called,
            inventory: context.inventory(),
            command_line: &sources.root_values,
        },
    );
    let mut workloads = formats::extract_workloads_with(document, &neighbourhood, roles);
    context.apply(document, &mut workloads, roles);
    let schedules = formats::extract_schedules(document, &neighbourhood);
    let mut foreign = neighbourhood.documents();
    foreign.extend(context.documents_for(document));
    Found {
        workloads,
        schedules,
        foreign,
    }
}

/// `value` as a Rego value, through JSON text: regorus parses it with object keys interned
/// (workloads share their keys), which is faster and smaller than converting a
/// `serde_json::Value` node by node. Undefined when it cannot be built (the heap above the
/// evaluation memory ceiling), which `extract` reports.
pub fn rego_value(value: &impl serde::Serialize) -> regorus::Value {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| regorus::Value::from_json_str(&text).ok())
        .unwrap_or(regorus::Value::Undefined)
}

/// Extract what the rules read of `document`. An input that could not be built (the heap
/// above the evaluation memory ceiling) is an error, never a clean file.
pub fn extract(
    document: &Document,
    context: &RepositoryContext,
    settings: &FileSettings,
    with_document: bool,
) -> Result<Extracted, LintError> {
    let Found {
        workloads,
        schedules,
        foreign,
    } = workloads_and_schedules(
        document,
        context,
        &settings.roles,
        &settings.sources,
        settings.parse_limits.max_file_bytes,
    );
    let summary = Arc::new(FileSummary::new(document, &foreign, &workloads, &schedules));
    let owners: Vec<(String, String)> = workloads
        .iter()
        .map(|workload| (workload.pointer.clone(), workload.id.clone()))
        .collect();
    let mut input = BTreeMap::new();
    input.insert(
        regorus::Value::from("file"),
        regorus::Value::from(crate::paths::slash_path(&document.path)),
    );
    input.insert(
        regorus::Value::from("format"),
        regorus::Value::from(document.format.name()),
    );
    input.insert(regorus::Value::from("workloads"), rego_value(&workloads));
    if with_document {
        input.insert(
            regorus::Value::from("document"),
            regorus::Value::from(document.tree.clone()),
        );
    }
    // regorus converts JSON through serde under the memory ceiling: above it, a value comes
    // back undefined, and the rules would see nothing. Say so instead of reporting a clean file.
    let incomplete = input
        .values()
        .any(|value| *value == regorus::Value::Undefined)
        || summary
            .workloads
            .iter()
            .chain(&summary.schedules)
            .any(|value| *value == regorus::Value::Undefined);
    if incomplete {
        return Err(file_error(
            ErrorKind::Policy,
            &document.path,
            None,
            "rules not run: the policy input could not be built, the process heap is above \
             the evaluation memory ceiling (--policy-memory-limit)"
                .to_string(),
        ));
    }
    Ok(Extracted {
        input: regorus::Value::from(input),
        owners,
        summary,
        foreign,
    })
}
