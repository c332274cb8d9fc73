//! The pipeline: discover → read → detect → parse → extract workloads → evaluate rules →
//! locate findings → select and suppress, one file per rayon task (parse, extract and evaluate
//! together, each worker with its own clone of the prepared engine), then sort.
//!
//! The CLI, the fixture harness and (later) the language server and history audit all call
//! [`lint_paths`] or [`lint_source`]; none re-implements a stage.

pub mod baseline;
pub mod changes;
pub mod context;
pub mod discover;
pub mod estate;
pub mod read;
pub mod suppress;
pub mod timings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::json;

use crate::config::{self, CliSelection, ConfigResolver, Selection, SuppressionSettings};
use crate::diagnostic::{Diagnostic, ErrorKind, LintError};
use crate::document::{Document, Span};
use crate::formats::{self, Detection, Format};
use crate::limits::ParseLimits;
use crate::model::roles::ExtraVocabulary;
use crate::pipeline::context::RepositoryContext;
use crate::pipeline::timings::{Stage, StageTimes};
use crate::policy::{Evaluator, PolicySet};
use discover::Candidate;
use estate::FileSummary;
use suppress::Suppressed;

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

/// How a run selects rules: configuration files and command-line selection.
pub struct LintOptions {
    pub configs: ConfigResolver,
    pub cli: CliSelection,
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

pub use crate::limits::DEFAULT_MAX_FILE_BYTES;

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            configs: ConfigResolver::fixed(None),
            cli: CliSelection::default(),
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
    /// Nesting, document and alias ceilings for the parse.
    pub parse_limits: ParseLimits,
}

impl FileSettings {
    fn enabled(&self, rule: usize) -> bool {
        self.selection.get(rule).is_none_or(Option::is_some)
    }

    fn severity(&self, rule: usize) -> Option<crate::diagnostic::Severity> {
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
    let file_config = options.configs.for_path(path);
    if let Some(file_config) = &file_config {
        if file_config.excludes(path) {
            return Err(format!("excluded by {}", file_config.path.display()));
        }
    }
    Ok(FileSettings {
        selection: config::selection(file_config.as_deref(), &options.cli, rules, path),
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
    })
}

/// What happened to one file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub source: Option<Arc<str>>,
    pub linted: bool,
    pub skipped: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<LintError>,
    pub suppressed: Vec<Suppressed>,
    /// What the repository stage reads of this file.
    pub summary: Option<Arc<FileSummary>>,
    /// Located findings not yet matched with the file's suppressions (see [`finish`]).
    pending: Vec<Diagnostic>,
    suppressions: Vec<suppress::Suppression>,
    settings: Option<FileSettings>,
}

/// Lint every supported file under `paths`.
pub fn lint_paths(paths: &[PathBuf], policies: &PolicySet, options: &LintOptions) -> LintRun {
    let started = Instant::now();
    let discovery = discover::discover_with(paths, options.follow_symlinks);
    lint_discovered(discovery, started, policies, options)
}

/// Lint the files a discovery found (`started`: when the run began, for its timings). Files
/// may change between the two: one that vanished or became something else than a regular file
/// is an error of its own, and the others are linted.
pub fn lint_discovered(
    discovery: discover::Discovery,
    started: Instant,
    policies: &PolicySet,
    options: &LintOptions,
) -> LintRun {
    let times = Arc::new(StageTimes::default());
    let mut walls = vec![("discover", started.elapsed())];
    let context_started = Instant::now();
    // Files of the repository that are not linted but whose workloads and schedules the
    // repository rules must see (`--repo-context`, `--diff-base`, the fixture harness).
    let mut context_only: Vec<Candidate> = Vec::new();
    let context = if options.context_roots.is_empty() {
        repository_context(&discovery.candidates, &options.parse_limits)
    } else {
        let mut all =
            discover::discover_with(&options.context_roots, options.follow_symlinks).candidates;
        all.extend(discovery.candidates.iter().cloned());
        all.sort();
        all.dedup_by(|a, b| a.path == b.path);
        let linted: std::collections::HashSet<&Path> = discovery
            .candidates
            .iter()
            .map(|candidate| candidate.path.as_path())
            .collect();
        context_only = all
            .iter()
            .filter(|candidate| !linted.contains(candidate.path.as_path()))
            .cloned()
            .collect();
        repository_context(&all, &options.parse_limits)
    };
    walls.push(("repository context", context_started.elapsed()));
    let files_started = Instant::now();
    let progress = crate::progress::Progress::new(
        options.progress,
        "linting",
        "files",
        discovery.candidates.len(),
    );
    let outcomes: Vec<FileOutcome> = discovery
        .candidates
        .par_iter()
        .map_init(
            || policies.evaluator(),
            |evaluator, candidate| {
                progress.tick();
                match file_settings(options, evaluator.rules(), &candidate.path, &times) {
                    Ok(settings) => {
                        let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            lint_candidate(candidate, evaluator, &context, &settings)
                        }));
                        linted.unwrap_or_else(|panic| {
                            // The evaluator may have been left mid-evaluation: start afresh.
                            *evaluator = policies.evaluator();
                            internal_error(&candidate.path, panic.as_ref())
                        })
                    }
                    Err(reason) => FileOutcome {
                        path: candidate.path.clone(),
                        skipped: Some(reason),
                        ..FileOutcome::default()
                    },
                }
            },
        )
        .collect();

    progress.finish();
    walls.push(("per-file stage (wall)", files_started.elapsed()));

    let mut outcomes = outcomes;
    let mut repository_errors = Vec::new();
    let mut notes = Vec::new();
    let mut kept_summaries = Vec::new();
    let has_repository_rules = policies
        .rules()
        .iter()
        .any(|rule| !rule.meta.scope.is_document());
    if has_repository_rules && !options.parse_only {
        let repository_started = Instant::now();
        let mut summaries: Vec<Arc<FileSummary>> = outcomes
            .iter()
            .filter_map(|outcome| outcome.summary.clone())
            .collect();
        summaries.par_extend(
            context_only
                .par_iter()
                .filter_map(|candidate| context_summary(candidate, &context, options)),
        );
        let mut evaluator = policies.evaluator();
        if options.keep_summaries {
            kept_summaries = summaries.clone();
        }
        // A repository rule runs when some linted file selects it.
        let repository_rules: Vec<bool> = policies
            .rules()
            .iter()
            .enumerate()
            .map(|(index, rule)| {
                !rule.meta.scope.is_document()
                    && outcomes.iter().any(|outcome| {
                        outcome
                            .settings
                            .as_ref()
                            .is_some_and(|settings| settings.enabled(index))
                    })
            })
            .collect();
        let mut found =
            estate::evaluate(&mut evaluator, &summaries, options.hosts.clone(), &|rule| {
                repository_rules[rule]
            });
        for problem in found.problems {
            repository_errors.push(LintError {
                kind: ErrorKind::Policy,
                file: None,
                span: None,
                start: None,
                message: problem,
            });
        }
        walls.push(("repository stage", repository_started.elapsed()));
        if policies
            .rules()
            .iter()
            .any(|rule| rule.meta.slug == "host-overcommit")
        {
            notes.extend(estate::hosts_without_capacity(&summaries, &options.hosts).into_iter().map(
                |(host, count)| {
                    format!(
                        "host-overcommit: host `{host}` ({count} workloads) has no capacity in [hosts.{host}] of .vmlint.toml: not judged"
                    )
                },
            ));
        }
        let rules = policies.rules();
        for outcome in &mut outcomes {
            let here = found.by_file.remove(&outcome.path).unwrap_or_default();
            finish(outcome, rules, here);
        }
    } else {
        let rules = policies.rules();
        outcomes
            .par_iter_mut()
            .for_each(|outcome| finish(outcome, rules, Vec::new()));
    }
    let mut errors = discovery.errors;
    let discovery_skipped = discovery.skipped;
    errors.extend(repository_errors);
    let mut run = LintRun {
        errors,
        notes,
        summaries: kept_summaries,
        stage_walls: walls,
        stage_times: times,
        ..LintRun::default()
    };
    run.skipped.extend(discovery_skipped);
    for outcome in outcomes {
        if outcome.linted {
            run.files_linted += 1;
            run.linted_files.push(outcome.path.clone());
        }
        if let Some(reason) = outcome.skipped {
            run.skipped.push((outcome.path.clone(), reason));
        }
        if !outcome.diagnostics.is_empty() || !outcome.errors.is_empty() {
            if let Some(source) = outcome.source {
                run.sources.insert(outcome.path.clone(), source);
            }
        }
        run.diagnostics.extend(outcome.diagnostics);
        run.errors.extend(outcome.errors);
        run.suppressed.extend(outcome.suppressed);
    }
    for error in options.configs.errors() {
        run.errors.push(LintError {
            kind: ErrorKind::Config,
            file: None,
            span: None,
            start: None,
            message: error.to_string(),
        });
    }
    run.diagnostics.sort();
    run.diagnostics.dedup();
    run.errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    run.duration = started.elapsed();
    run
}

/// Read the files that state facts about other files' workloads (inventories, Proxmox
/// cluster files, playbooks that configure time sync). Files that fail here are reported by
/// the per-file stage.
fn repository_context(candidates: &[Candidate], limits: &ParseLimits) -> RepositoryContext {
    let documents: Vec<Document> = candidates
        .par_iter()
        .filter(|candidate| {
            formats::may_hold_context(&candidate.path) || formats::may_be_playbook(&candidate.path)
        })
        .filter_map(|candidate| {
            let source = read::read_text(&candidate.path, limits.max_file_bytes).ok()?;
            if !formats::may_hold_context(&candidate.path)
                && !formats::ansible::timesync::mentions_time_sync(&source)
            {
                return None;
            }
            let Detection::Lint(format) = formats::detect(&candidate.path, &source) else {
                return None;
            };
            formats::parse_within(format, candidate.path.clone(), Arc::from(source), limits).ok()
        })
        .collect();
    RepositoryContext::build(&documents)
}

/// The repository context (inventories, cluster files, time-sync plays) of every file under
/// `roots`.
pub fn context_for_roots(roots: &[PathBuf]) -> RepositoryContext {
    repository_context(
        &discover::discover(roots).candidates,
        &ParseLimits::default(),
    )
}

/// The summary of one text (its workloads and schedules for the repository rules), without
/// judging it; `None` when it is not a format vmlint reads or does not parse.
pub fn summarize(path: &Path, text: &str) -> Option<Arc<FileSummary>> {
    let Detection::Lint(format) = formats::detect(path, text) else {
        return None;
    };
    let document = formats::parse(format, path.to_path_buf(), Arc::from(text)).ok()?;
    let workloads = formats::extract_workloads(&document);
    let schedules = formats::extract_schedules(&document);
    Some(Arc::new(FileSummary::new(
        &document, &workloads, &schedules,
    )))
}

/// A buffer linted as the language server sees it: the document rules on `text`, and the
/// repository rules over `others` (the other files' last summaries) with this file's new one.
#[derive(Debug, Default)]
pub struct BufferLint {
    pub diagnostics: Vec<Diagnostic>,
    pub errors: Vec<LintError>,
    pub summary: Option<Arc<FileSummary>>,
    /// Not a format vmlint reads, or excluded: why.
    pub skipped: Option<String>,
}

pub fn lint_buffer(
    path: &Path,
    text: &str,
    policies: &PolicySet,
    options: &LintOptions,
    context: &RepositoryContext,
    others: &[Arc<FileSummary>],
) -> BufferLint {
    let format = match formats::detect(path, text) {
        Detection::Lint(format) => format,
        Detection::Skip(reason) => {
            return BufferLint {
                skipped: Some(reason),
                ..BufferLint::default()
            }
        }
        Detection::Unknown => {
            return BufferLint {
                skipped: Some("not a format vmlint reads".to_string()),
                ..BufferLint::default()
            }
        }
    };
    let times = Arc::new(StageTimes::default());
    let mut evaluator = policies.evaluator();
    let settings = match file_settings(options, policies.rules(), path, &times) {
        Ok(settings) => settings,
        Err(reason) => {
            return BufferLint {
                skipped: Some(reason),
                ..BufferLint::default()
            }
        }
    };
    let analyzed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze_source(
            path.to_path_buf(),
            Arc::from(text),
            format,
            &mut evaluator,
            context,
            &settings,
        )
    }));
    let mut outcome = analyzed.unwrap_or_else(|panic| internal_error(path, panic.as_ref()));
    let mut repository = Vec::new();
    if let Some(summary) = &outcome.summary {
        let rules = policies.rules();
        let enabled: Vec<bool> = rules
            .iter()
            .enumerate()
            .map(|(index, rule)| !rule.meta.scope.is_document() && settings.enabled(index))
            .collect();
        if enabled.iter().any(|enabled| *enabled) {
            let mut estate: Vec<Arc<FileSummary>> = others
                .iter()
                .filter(|other| other.path != summary.path)
                .cloned()
                .collect();
            estate.push(summary.clone());
            let mut found =
                estate::evaluate(&mut evaluator, &estate, options.hosts.clone(), &|rule| {
                    enabled[rule]
                });
            repository = found.by_file.remove(&summary.path).unwrap_or_default();
        }
    }
    finish(&mut outcome, policies.rules(), repository);
    BufferLint {
        diagnostics: outcome.diagnostics,
        errors: outcome.errors,
        summary: outcome.summary,
        skipped: None,
    }
}

/// The summary of a file that is read for the repository rules but not linted; a file that
/// cannot be read or parsed is left out (it is reported when it is linted itself).
fn context_summary(
    candidate: &Candidate,
    context: &RepositoryContext,
    options: &LintOptions,
) -> Option<Arc<FileSummary>> {
    let source = read::read_text(&candidate.path, options.parse_limits.max_file_bytes).ok()?;
    let Detection::Lint(format) = formats::detect(&candidate.path, &source) else {
        return None;
    };
    let document = formats::parse_within(
        format,
        candidate.path.clone(),
        Arc::from(source),
        &options.parse_limits,
    )
    .ok()?;
    let mut workloads = formats::extract_workloads(&document);
    if let Some(config) = options.configs.for_path(&candidate.path) {
        apply_extra_roles(
            &mut workloads,
            &ExtraVocabulary::from_params(&config.params_json()),
        );
    }
    context.apply(&document, &mut workloads);
    let schedules = formats::extract_schedules(&document);
    Some(Arc::new(FileSummary::new(
        &document, &workloads, &schedules,
    )))
}

/// A file whose reading panicked (a bug in vmlint or a parser it uses): an error naming the
/// file, so that one file cannot take the whole run down. The panic message was printed on
/// standard error as it happened.
fn internal_error(path: &Path, panic: &(dyn std::any::Any + Send)) -> FileOutcome {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    FileOutcome {
        errors: vec![file_error(
            ErrorKind::Io,
            path,
            None,
            format!(
                "internal error while linting this file, please report it with the file: {message}"
            ),
        )],
        path: path.to_path_buf(),
        ..FileOutcome::default()
    }
}

fn lint_candidate(
    candidate: &Candidate,
    evaluator: &mut Evaluator,
    context: &RepositoryContext,
    settings: &FileSettings,
) -> FileOutcome {
    let path = candidate.path.clone();
    let read_started = Instant::now();
    let source: Arc<str> = match read::read_text(&path, settings.parse_limits.max_file_bytes) {
        Ok(text) => Arc::from(text),
        Err(error) => {
            let lossy: Option<Arc<str>> = error.lossy.map(Arc::from);
            let located = error.offset.zip(lossy.clone());
            let mut outcome = FileOutcome {
                errors: vec![match located {
                    Some((offset, text)) => located_error(
                        ErrorKind::Parse,
                        &path,
                        &text,
                        Span::new(offset, offset),
                        error.message,
                    ),
                    None => file_error(ErrorKind::Io, &path, None, error.message),
                }],
                path,
                ..FileOutcome::default()
            };
            outcome.source = lossy;
            return outcome;
        }
    };
    let detection = formats::detect(&path, &source);
    settings.times.add(Stage::Read, read_started.elapsed());
    match detection {
        Detection::Lint(format) => {
            analyze_source(path, source, format, evaluator, context, settings)
        }
        Detection::Skip(reason) => FileOutcome {
            path,
            skipped: Some(reason),
            ..FileOutcome::default()
        },
        Detection::Unknown if candidate.explicit => FileOutcome {
            errors: vec![file_error(
                ErrorKind::Unsupported,
                &path,
                None,
                format!(
                    "not a format vmlint reads (supported: {})",
                    Format::ALL.map(Format::name).join(", ")
                ),
            )],
            path,
            ..FileOutcome::default()
        },
        Detection::Unknown => FileOutcome {
            path,
            skipped: Some("not a supported format".to_string()),
            ..FileOutcome::default()
        },
    }
}

/// Infer roles again with a team's extra words (`[params.roles]`), when it has any.
fn apply_extra_roles(workloads: &mut [crate::model::Workload], roles: &ExtraVocabulary) {
    if !roles.is_empty() {
        for workload in workloads {
            crate::model::roles::assign_with(workload, roles);
        }
    }
}

/// The Rego input vmlint builds for one file (`vmlint inspect`): file, format, workloads and,
/// when asked, the document tree.
pub fn inspect(
    path: &Path,
    with_document: bool,
    roles: &ExtraVocabulary,
) -> Result<serde_json::Value, String> {
    let source = read::read_text(path, DEFAULT_MAX_FILE_BYTES)
        .map_err(|error| format!("`{}`: {}", path.display(), error.message))?;
    let shown = discover::display_path(path);
    let format = match formats::detect(path, &source) {
        Detection::Lint(format) => format,
        Detection::Skip(reason) => {
            return Err(format!("{}: not linted: {reason}", shown.display()))
        }
        Detection::Unknown => {
            return Err(format!("{}: not a format vmlint reads", shown.display()))
        }
    };
    let document = formats::parse(format, shown.clone(), Arc::from(source)).map_err(|error| {
        format!(
            "{}: cannot parse as {format}: {}",
            shown.display(),
            error.message
        )
    })?;
    let mut workloads = formats::extract_workloads(&document);
    apply_extra_roles(&mut workloads, roles);
    let mut input = json!({
        "file": shown.to_string_lossy().replace('\\', "/"),
        "format": format.name(),
        "workloads": workloads,
    });
    if with_document {
        input["document"] = document.tree;
    }
    Ok(input)
}

/// Lint one file's text as `format`, on its own (no repository rules).
pub fn lint_source(
    path: PathBuf,
    source: Arc<str>,
    format: Format,
    evaluator: &mut Evaluator,
    context: &RepositoryContext,
    settings: &FileSettings,
) -> FileOutcome {
    let mut outcome = analyze_source(path, source, format, evaluator, context, settings);
    finish(&mut outcome, evaluator.rules(), Vec::new());
    outcome
}

/// Parse, extract and judge one file with the document rules; the findings wait in the
/// outcome for the repository stage's, then [`finish`] applies the file's suppressions to all.
pub fn analyze_source(
    path: PathBuf,
    source: Arc<str>,
    format: Format,
    evaluator: &mut Evaluator,
    context: &RepositoryContext,
    settings: &FileSettings,
) -> FileOutcome {
    let mut outcome = FileOutcome {
        path: path.clone(),
        source: Some(source.clone()),
        ..FileOutcome::default()
    };
    let parsed = settings.times.time(Stage::Parse, || {
        formats::parse_within(format, path.clone(), source.clone(), &settings.parse_limits)
    });
    let document = match parsed {
        Ok(document) => document,
        Err(error) => {
            let span = error.span.unwrap_or_default();
            outcome.errors.push(located_error(
                ErrorKind::Parse,
                &path,
                &source,
                span,
                format!("cannot parse as {format}: {}", error.message),
            ));
            return outcome;
        }
    };
    outcome.linted = true;
    if settings.parse_only {
        return outcome;
    }
    let extract_started = Instant::now();
    let mut workloads = formats::extract_workloads(&document);
    apply_extra_roles(&mut workloads, &settings.roles);
    context.apply(&document, &mut workloads);
    let schedules = formats::extract_schedules(&document);
    let summary = Arc::new(FileSummary::new(&document, &workloads, &schedules));
    let owners: Vec<(String, String)> = workloads
        .iter()
        .map(|workload| (workload.pointer.clone(), workload.id.clone()))
        .collect();
    let mut input = std::collections::BTreeMap::new();
    input.insert(
        regorus::Value::from("file"),
        regorus::Value::from(crate::paths::slash_path(&path)),
    );
    input.insert(
        regorus::Value::from("format"),
        regorus::Value::from(format.name()),
    );
    input.insert(
        regorus::Value::from("workloads"),
        regorus::Value::from(serde_json::to_value(&workloads).unwrap_or_default()),
    );
    if evaluator.reads_document() {
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
        outcome.errors.push(file_error(
            ErrorKind::Policy,
            &path,
            None,
            "rules not run: the policy input could not be built, the process heap is above \
             the evaluation memory ceiling (--policy-memory-limit)"
                .to_string(),
        ));
        return outcome;
    }
    let input = regorus::Value::from(input);
    outcome.summary = Some(summary);
    settings
        .times
        .add(Stage::Extract, extract_started.elapsed());
    let document_rules: Vec<bool> = evaluator
        .rules()
        .iter()
        .map(|rule| rule.meta.scope.is_document())
        .collect();
    let (findings, failures) = settings.times.time(Stage::Evaluate, || {
        evaluator.evaluate(input, &|rule| {
            document_rules[rule] && settings.enabled(rule)
        })
    });
    let finish_started = Instant::now();
    for failure in failures {
        outcome.errors.push(file_error(
            ErrorKind::Policy,
            &path,
            None,
            format!("rule {} failed: {}", failure.rule_id, failure.message),
        ));
    }
    let rules = evaluator.rules();
    let mut located = Vec::with_capacity(findings.len());
    for finding in findings {
        let index = finding.rule;
        let mut diagnostic = locate(&document, &rules[index], &owners, finding);
        if let Some(severity) = settings.severity(index) {
            diagnostic.severity = severity;
        }
        located.push(diagnostic);
    }
    outcome.suppressions = suppress::parse(&document);
    outcome.pending = located;
    outcome.settings = Some(settings.clone());
    settings.times.add(Stage::Finish, finish_started.elapsed());
    outcome
}

/// Add the repository stage's findings in this file (kept only for rules the file selects,
/// at its severity), then apply the file's suppressions to every finding.
pub fn finish(
    outcome: &mut FileOutcome,
    rules: &[crate::policy::Rule],
    repository: Vec<Diagnostic>,
) {
    let Some(settings) = outcome.settings.take() else {
        return;
    };
    let started = Instant::now();
    let mut located = std::mem::take(&mut outcome.pending);
    for mut diagnostic in repository {
        let Some(index) = rules
            .iter()
            .position(|rule| rule.meta.id == diagnostic.rule)
        else {
            continue;
        };
        if !settings.enabled(index) {
            continue;
        }
        if let Some(severity) = settings.severity(index) {
            diagnostic.severity = severity;
        }
        located.push(diagnostic);
    }
    let enabled = |id: &str| {
        rules
            .iter()
            .position(|rule| rule.meta.id == id)
            .is_some_and(|index| settings.enabled(index))
    };
    let suppressions = std::mem::take(&mut outcome.suppressions);
    let applied = suppress::apply(
        &outcome.path,
        &suppressions,
        located,
        rules,
        &settings.suppressions,
        &enabled,
        crate::dates::today(),
    );
    outcome.diagnostics.extend(applied.kept);
    outcome.diagnostics.extend(applied.findings);
    outcome.suppressed.extend(applied.suppressed);
    outcome.diagnostics.sort();
    settings.times.add(Stage::Finish, started.elapsed());
}

/// The workload whose definition holds `pointer` (the longest matching pointer).
fn owner(owners: &[(String, String)], pointer: &str) -> Option<String> {
    owners
        .iter()
        .filter(|(root, _)| {
            pointer == root
                || (pointer.starts_with(root.as_str()) && pointer[root.len()..].starts_with('/'))
        })
        .max_by_key(|(root, _)| root.len())
        .map(|(_, id)| id.clone())
}

fn locate(
    document: &Document,
    rule: &crate::policy::Rule,
    owners: &[(String, String)],
    finding: crate::policy::RawFinding,
) -> Diagnostic {
    let node = document.source_map.resolve(&finding.pointer);
    let span = node.map(|node| node.focus).unwrap_or_default();
    let content = node.map_or("", |node| &document.source[node.full.start..node.full.end]);
    Diagnostic {
        workload: owner(owners, &finding.pointer),
        fingerprint: crate::diagnostic::fingerprint(&rule.meta.id, content),
        rule: rule.meta.id.clone(),
        slug: rule.meta.slug.clone(),
        severity: finding.severity,
        message: finding.message,
        file: document.path.clone(),
        span,
        start: document.position(span.start),
        end: document.position(span.end),
        help: (!rule.meta.remediation.is_empty()).then(|| rule.meta.remediation.clone()),
        related: Vec::new(),
    }
}

fn file_error(kind: ErrorKind, path: &Path, span: Option<Span>, message: String) -> LintError {
    LintError {
        kind,
        file: Some(path.to_path_buf()),
        span,
        start: None,
        message,
    }
}

fn located_error(
    kind: ErrorKind,
    path: &Path,
    source: &str,
    span: Span,
    message: String,
) -> LintError {
    let index = crate::document::LineIndex::new(source);
    LintError {
        kind,
        file: Some(path.to_path_buf()),
        span: Some(span),
        start: Some(index.position(source, span.start)),
        message,
    }
}
