//! The pipeline, one file per stage; the front-ends (`check`, `lsp`, `audit`) call it and
//! differ only in the [`source::SourceTree`] their files come from and where findings go:
//!
//! ```text
//! discover.rs   which files (a walk honouring .gitignore; the editor's buffer; a commit's diff)
//! read.rs       bytes → UTF-8 text, defensively          (through source.rs: disk, overlay, git)
//! file.rs       detect the format, parse                 → Document
//! extract.rs    format adapters → workloads, schedules, the rule input, the file's summary
//!   siblings.rs   second files of the same directory (a Terraform module's variables)
//!   context.rs    cross-file facts (inventories, Proxmox cluster files, time-sync plays)
//! evaluate.rs   the document rules (regorus)
//! estate.rs     the repository stage: rules over every file's summary
//! locate.rs     the one place a Diagnostic is built: pointer → file:line:column
//! filter.rs     inline suppressions, severity overrides; baseline, changed lines, floor
//! result_cache.rs  a whole run's result with every input it read (`vmlint check`'s cache)
//! run.rs        strings the stages together over many files, in parallel (rayon)
//! ```
//!
//! [`run::lint_paths`] lints a set of paths; [`buffer::lint_buffer`] one text against the
//! repository facts of a previous run (the language server, the audit).

pub mod baseline;
pub mod buffer;
pub mod changes;
pub mod context;
pub mod discover;
pub mod estate;
pub mod evaluate;
pub mod extract;
pub mod file;
pub mod filter;
pub mod inspect;
pub mod locate;
pub mod module_calls;
pub mod read;
pub mod records;
mod repository_view;
pub mod result_cache;
pub mod run;
pub mod settings;
pub mod siblings;
pub mod source;
pub mod suppress;
pub mod timings;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{CliSelection, ConfigResolver};
use crate::diagnostic::{Diagnostic, LintError};
use crate::limits::ParseLimits;
use estate::FileSummary;
use suppress::Suppressed;
use timings::StageTimes;

pub use crate::limits::DEFAULT_MAX_FILE_BYTES;
pub use buffer::{lint_buffer, summarize, BufferLint};
pub use file::{analyze_source, lint_source, FileOutcome};
pub use run::{lint_discovered, lint_paths};
pub use settings::{file_settings, FileSettings, Sources};

/// Everything one run found.
#[derive(Debug, Default)]
pub struct LintRun {
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<LintError>,
    /// Source text of every file that has a diagnostic or error, for reporters to quote.
    pub sources: BTreeMap<PathBuf, Arc<str>>,
    /// Files parsed and judged.
    pub files_linted: usize,
    /// Their paths, sorted.
    pub linted_files: Vec<PathBuf>,
    /// Files read but deliberately not linted, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Findings silenced by a suppression or a baseline (reported by SARIF, counted elsewhere).
    pub suppressed: Vec<Suppressed>,
    pub duration: Duration,
    /// Wall-clock time of the whole-run stages, in order.
    pub stage_walls: Vec<(&'static str, Duration)>,
    /// Per-file stages summed over threads.
    pub stage_times: Arc<StageTimes>,
    /// What a run could not judge and why (`--verbose`), e.g. hosts without known capacity.
    pub notes: Vec<String>,
    /// Every read file's summary, when `LintOptions::keep_summaries` asks for them.
    pub summaries: Vec<Arc<FileSummary>>,
}

impl LintRun {
    /// Findings silenced in the source (`InSource`) or by a baseline (`External`).
    pub fn count_suppressed(&self, kind: suppress::SuppressionKind) -> usize {
        self.suppressed
            .iter()
            .filter(|item| item.kind == kind)
            .count()
    }
}

/// How a run reads and selects: where files come from, configuration files and command-line
/// selection, limits. The project (`project.rs`) makes one for every command.
pub struct LintOptions {
    pub configs: ConfigResolver,
    /// Configuration is looked up for `config_root.join(path)` when set (the audit's paths are
    /// relative to the repository's top, wherever vmlint runs).
    pub config_root: Option<PathBuf>,
    pub cli: CliSelection,
    /// Where files are read from, and the caches of what is derived from them.
    pub sources: Sources,
    /// Directories whose inventories and cluster files feed the repository context even when
    /// only some files are linted (`--repo-context`, `--diff-base`).
    pub context_roots: Vec<PathBuf>,
    /// Show a progress line on stderr when the run takes more than a second.
    pub progress: bool,
    /// Read and parse only: no workloads, no rules (`--parse-only`, the benchmark floor).
    pub parse_only: bool,
    /// Host capacities for repository rules (`input.hosts`, from `[hosts]`).
    pub hosts: serde_json::Value,
    /// Keep every file's summary in the run (`LintRun::summaries`), for the language server.
    pub keep_summaries: bool,
    /// Size, nesting, document and alias ceilings for every file (`--max-file-size`, …).
    pub parse_limits: ParseLimits,
    /// Follow symbolic links found in directories (`--follow-symlinks`).
    pub follow_symlinks: bool,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            configs: ConfigResolver::fixed(None),
            config_root: None,
            cli: CliSelection::default(),
            sources: Sources::default(),
            context_roots: Vec::new(),
            progress: false,
            parse_only: false,
            hosts: serde_json::Value::Object(serde_json::Map::new()),
            keep_summaries: false,
            parse_limits: ParseLimits::default(),
            follow_symlinks: false,
        }
    }
}
