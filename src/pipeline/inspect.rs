//! `vmlint inspect`: the Rego input the pipeline builds for one file — read, detected, parsed
//! and extracted by the same stages, with the same settings, as a lint of it.

use std::path::Path;
use std::sync::Arc;

use serde_json::json;

use super::context::RepositoryContext;
use super::settings::file_settings;
use super::timings::StageTimes;
use super::{discover, extract, file, LintOptions};
use crate::formats::{self, Detection};

/// File, format, workloads and, when asked, the document tree.
pub fn inspect(
    path: &Path,
    with_document: bool,
    options: &LintOptions,
) -> Result<serde_json::Value, String> {
    let shown = discover::display_path(path);
    let times = Arc::new(StageTimes::default());
    let settings = file_settings(options, &[], path, &times)
        .map_err(|reason| format!("{}: not linted: {reason}", shown.display()))?;
    let source = settings
        .sources
        .tree
        .read_text(path, settings.parse_limits.max_file_bytes)
        .map_err(|error| format!("`{}`: {}", path.display(), error.message))?;
    let format = match formats::detect(path, &source) {
        Detection::Lint(format) => format,
        Detection::Skip(reason) => {
            return Err(format!("{}: not linted: {reason}", shown.display()))
        }
        Detection::Unknown => {
            return Err(format!("{}: not a format vmlint reads", shown.display()))
        }
    };
    let document = file::parse(&shown, &Arc::from(source), format, &settings)
        .map_err(|error| format!("{}: {}", shown.display(), error.message))?;
    let workloads = extract::workloads_and_schedules(
        &document,
        &RepositoryContext::default(),
        &settings.roles,
        &settings.sources,
        settings.parse_limits.max_file_bytes,
    )
    .workloads;
    let mut input = json!({
        "file": crate::paths::slash_path(&shown),
        "format": format.name(),
        "workloads": workloads,
    });
    if with_document {
        input["document"] = document.tree;
    }
    Ok(input)
}
