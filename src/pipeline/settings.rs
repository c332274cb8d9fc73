//! What applies to one file before it is read: which rules run and at what severity (the
//! configuration that governs its path, the command line's selection), the suppression
//! discipline, the limits, and the source tree it is read from.

use std::path::Path;
use std::sync::Arc;

use super::siblings::ModuleCache;
use super::source::{FileSystem, SourceTree};
use super::timings::StageTimes;
use super::LintOptions;
use crate::config::{self, Selection, SuppressionSettings};
use crate::limits::ParseLimits;
use crate::model::roles::ExtraVocabulary;

/// Where a run reads files, and the caches of what it derives from sets of them.
#[derive(Clone)]
pub struct Sources {
    pub tree: Arc<dyn SourceTree>,
    /// Terraform module contexts by directory (see `siblings.rs`).
    pub modules: Arc<ModuleCache>,
    /// Terraform values from the command line (`--var-file`, `--var`), for root modules.
    pub root_values: Arc<[Arc<crate::document::Document>]>,
}

impl Default for Sources {
    fn default() -> Self {
        Sources::new(Arc::new(FileSystem))
    }
}

impl Sources {
    pub fn new(tree: Arc<dyn SourceTree>) -> Self {
        Sources {
            tree,
            modules: Arc::new(ModuleCache::default()),
            root_values: Arc::from(Vec::new()),
        }
    }
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Sources")
    }
}

/// What applies to one file: which rules run and at what severity, and the suppression
/// discipline.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// Per loaded rule; empty means every rule at its own severity.
    pub selection: Selection,
    pub suppressions: SuppressionSettings,
    /// Stop after parsing.
    pub parse_only: bool,
    /// Where per-file stage times are added up.
    pub times: Arc<StageTimes>,
    /// Words the configuration adds to role inference (`[params.roles]`).
    pub roles: Arc<ExtraVocabulary>,
    /// Size, nesting, document and alias ceilings for the read and the parse.
    pub parse_limits: ParseLimits,
    /// Where the file and its neighbours are read from.
    pub sources: Sources,
}

impl FileSettings {
    /// Whether the rule at this index runs for the file.
    pub fn enabled(&self, rule: usize) -> bool {
        self.selection.get(rule).is_none_or(Option::is_some)
    }

    /// The severity the configuration gives the rule here, if it changes it.
    pub fn severity(&self, rule: usize) -> Option<crate::diagnostic::Severity> {
        self.selection.get(rule).copied().flatten().flatten()
    }
}

/// What applies to `path` under `options`; `Err` says why the file is excluded.
pub fn file_settings(
    options: &LintOptions,
    rules: &[crate::policy::Rule],
    path: &Path,
    times: &Arc<StageTimes>,
) -> Result<FileSettings, String> {
    let governed = options
        .config_root
        .as_ref()
        .map_or_else(|| path.to_path_buf(), |root| root.join(path));
    let file_config = options.configs.for_path(&governed);
    if let Some(file_config) = &file_config {
        if file_config.excludes(&governed) {
            return Err(format!("excluded by {}", file_config.path.display()));
        }
    }
    Ok(FileSettings {
        selection: config::selection(file_config.as_deref(), &options.cli, rules, &governed),
        suppressions: file_config
            .as_ref()
            .map(|config| config.file.suppressions.clone())
            .unwrap_or_default(),
        parse_only: options.parse_only,
        parse_limits: options.parse_limits,
        times: times.clone(),
        roles: file_config
            .map(|config| Arc::new(ExtraVocabulary::from_params(&config.params_json())))
            .unwrap_or_default(),
        sources: options.sources.clone(),
    })
}
