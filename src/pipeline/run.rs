//! A run over many files: the stages strung together. Discovery, then the cross-file facts,
//! then the per-file stage in parallel (one rayon task per file, each worker with its own clone
//! of the prepared engine), then the repository stage over every file's summary, then each
//! file's findings are finished (suppressions) and the run is sorted.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use super::context::{self, RepositoryContext};
use super::discover::{self, Candidate, Discovery};
use super::estate::{self, FileSummary};
use super::file::{self, FileOutcome};
use super::locate::{internal_error, run_error};
use super::settings::file_settings;
use super::timings::StageTimes;
use super::{filter, LintOptions, LintRun};
use crate::diagnostic::{ErrorKind, LintError};
use crate::policy::PolicySet;

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
    discovery: Discovery,
    started: Instant,
    policies: &PolicySet,
    options: &LintOptions,
) -> LintRun {
    let judged = judge(discovery, started, policies, options, &|_| true);
    complete(judged, policies, options)
}

/// What the per-file stage left for the repository stage: every judged file's outcome (its
/// findings not yet matched with its suppressions), the summaries of files read only as
/// context, and what discovery and configuration reported. A shard writes this down; `merge`
/// reads every shard's back and completes it as one run would.
pub struct Judged {
    pub outcomes: Vec<FileOutcome>,
    /// Summaries of files read only for the repository rules (`--repo-context`).
    pub context_summaries: Vec<Arc<FileSummary>>,
    /// Discovery's errors and skipped paths.
    pub errors: Vec<LintError>,
    pub skipped: Vec<(PathBuf, String)>,
    /// Problems in the configuration files the run looked up.
    pub config_errors: Vec<LintError>,
    pub walls: Vec<(&'static str, std::time::Duration)>,
    pub times: Arc<StageTimes>,
    pub started: Instant,
}

impl Judged {
    /// A run's worth of outcomes gathered elsewhere (the shards' partial results).
    pub fn gathered(outcomes: Vec<FileOutcome>, context_summaries: Vec<Arc<FileSummary>>) -> Self {
        Judged {
            outcomes,
            context_summaries,
            errors: Vec::new(),
            skipped: Vec::new(),
            config_errors: Vec::new(),
            walls: Vec::new(),
            times: Arc::new(StageTimes::default()),
            started: Instant::now(),
        }
    }
}

/// Discovery's files through the per-file stage — only those `owned` says this run judges
/// (all of them, or a shard's) — with the cross-file facts of every discovered file, and the
/// context-only summaries the repository rules need (again only the owned ones).
pub fn judge(
    discovery: Discovery,
    started: Instant,
    policies: &PolicySet,
    options: &LintOptions,
    owned: &(dyn Fn(&Path) -> bool + Sync),
) -> Judged {
    let times = Arc::new(StageTimes::default());
    let mut walls = vec![("discover", started.elapsed())];
    let context_started = Instant::now();
    let (context, context_only) = cross_file_facts(&discovery.candidates, options);
    walls.push(("repository context", context_started.elapsed()));
    let files_started = Instant::now();
    let mine: Vec<Candidate> = discovery
        .candidates
        .iter()
        .filter(|candidate| owned(&candidate.path))
        .cloned()
        .collect();
    let outcomes = per_file(&mine, policies, options, &context, &times);
    walls.push(("per-file stage (wall)", files_started.elapsed()));
    let mut context_summaries = Vec::new();
    if needs_repository_stage(policies, options) && !context_only.is_empty() {
        let summaries_started = Instant::now();
        context_summaries = context_only
            .par_iter()
            .filter(|candidate| owned(&candidate.path))
            .filter_map(|candidate| context_summary(candidate, &context, options))
            .collect();
        walls.push(("context files", summaries_started.elapsed()));
    }
    let config_errors = options
        .configs
        .errors()
        .into_iter()
        .map(|error| run_error(ErrorKind::Config, error.to_string()))
        .collect();
    Judged {
        outcomes,
        context_summaries,
        errors: discovery.errors,
        skipped: discovery.skipped,
        config_errors,
        walls,
        times,
        started,
    }
}

/// The repository stage over what the per-file stage left, then each file's suppressions, and
/// the run gathered and sorted.
pub fn complete(judged: Judged, policies: &PolicySet, options: &LintOptions) -> LintRun {
    let Judged {
        mut outcomes,
        context_summaries,
        errors,
        skipped,
        config_errors,
        mut walls,
        times,
        started,
    } = judged;
    let repository_started = Instant::now();
    let repository = repository_stage(&mut outcomes, context_summaries, policies, options);
    if repository.ran {
        walls.push(("repository stage", repository_started.elapsed()));
    }
    let mut run = LintRun {
        errors,
        notes: repository.notes,
        summaries: repository.kept,
        stage_walls: walls,
        stage_times: times,
        ..LintRun::default()
    };
    run.skipped.extend(skipped);
    run.errors.extend(repository.errors);
    collect(&mut run, outcomes);
    run.errors.extend(config_errors);
    run.diagnostics.sort();
    run.diagnostics.dedup();
    run.errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    run.duration = started.elapsed();
    run
}

/// Whether any rule judges the whole repository (and the run evaluates rules at all).
fn needs_repository_stage(policies: &PolicySet, options: &LintOptions) -> bool {
    !options.parse_only
        && policies
            .rules()
            .iter()
            .any(|rule| !rule.meta.scope.is_document())
}

/// The cross-file facts, and the files read only for them and for the repository rules
/// (`--repo-context`, `--diff-base`: the rest of the repository when only some files are
/// linted).
fn cross_file_facts(
    linted: &[Candidate],
    options: &LintOptions,
) -> (RepositoryContext, Vec<Candidate>) {
    let tree = options.sources.tree.as_ref();
    if options.context_roots.is_empty() {
        return (
            context::gather(tree, linted, &options.parse_limits),
            Vec::new(),
        );
    }
    let mut all =
        discover::discover_with(&options.context_roots, options.follow_symlinks).candidates;
    all.extend(linted.iter().cloned());
    all.sort();
    all.dedup_by(|a, b| a.path == b.path);
    let linted_paths: HashSet<&Path> = linted
        .iter()
        .map(|candidate| candidate.path.as_path())
        .collect();
    let context_only = all
        .iter()
        .filter(|candidate| !linted_paths.contains(candidate.path.as_path()))
        .cloned()
        .collect();
    (
        context::gather(tree, &all, &options.parse_limits),
        context_only,
    )
}

/// Every file through read → … → evaluate, in parallel; a file that panics is an error of its
/// own (the worker's engine is started afresh).
fn per_file(
    candidates: &[Candidate],
    policies: &PolicySet,
    options: &LintOptions,
    context: &RepositoryContext,
    times: &Arc<StageTimes>,
) -> Vec<FileOutcome> {
    let progress =
        crate::progress::Progress::new(options.progress, "linting", "files", candidates.len());
    let outcomes = candidates
        .par_iter()
        .map_init(
            || policies.evaluator(),
            |evaluator, candidate| {
                progress.tick();
                let settings =
                    match file_settings(options, evaluator.rules(), &candidate.path, times) {
                        Ok(settings) => settings,
                        Err(reason) => return FileOutcome::skipped(candidate.path.clone(), reason),
                    };
                let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    file::lint_candidate(candidate, evaluator, context, &settings)
                }));
                linted.unwrap_or_else(|panic| {
                    *evaluator = policies.evaluator();
                    internal_error(&candidate.path, panic.as_ref())
                })
            },
        )
        .collect();
    progress.finish();
    outcomes
}

/// What the repository stage produced besides each file's findings.
#[derive(Default)]
struct RepositoryOutcome {
    ran: bool,
    errors: Vec<LintError>,
    notes: Vec<String>,
    kept: Vec<Arc<FileSummary>>,
}

/// The repository rules over every file's summary (the linted files' and the context-only
/// files'), each finding handed to its file; then every file is finished.
fn repository_stage(
    outcomes: &mut [FileOutcome],
    context_summaries: Vec<Arc<FileSummary>>,
    policies: &PolicySet,
    options: &LintOptions,
) -> RepositoryOutcome {
    let rules = policies.rules();
    if !needs_repository_stage(policies, options) {
        outcomes
            .par_iter_mut()
            .for_each(|outcome| filter::finish(outcome, rules, Vec::new()));
        return RepositoryOutcome::default();
    }
    let mut summaries: Vec<Arc<FileSummary>> = outcomes
        .iter()
        .filter_map(|outcome| outcome.summary.clone())
        .collect();
    summaries.extend(context_summaries);
    // A repository rule runs when some linted file selects it.
    let selected: Vec<bool> = rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            !rule.meta.scope.is_document() && outcomes.iter().any(|outcome| outcome.selects(index))
        })
        .collect();
    let mut evaluator = policies.evaluator();
    let mut found = estate::evaluate(&mut evaluator, &summaries, options.hosts.clone(), &|rule| {
        selected[rule]
    });
    for outcome in outcomes.iter_mut() {
        let here = found.by_file.remove(&outcome.path).unwrap_or_default();
        filter::finish(outcome, rules, here);
    }
    RepositoryOutcome {
        ran: true,
        errors: found
            .problems
            .into_iter()
            .map(|problem| run_error(ErrorKind::Policy, problem))
            .collect(),
        notes: estate::unjudged_notes(rules, &summaries, &options.hosts),
        kept: if options.keep_summaries {
            summaries
        } else {
            Vec::new()
        },
    }
}

/// The summary of a file that is read for the repository rules but not linted; a file that
/// cannot be read or parsed is left out (it is reported when it is linted itself).
fn context_summary(
    candidate: &Candidate,
    context: &RepositoryContext,
    options: &LintOptions,
) -> Option<Arc<FileSummary>> {
    let text = options
        .sources
        .tree
        .read_text(&candidate.path, options.parse_limits.max_file_bytes)
        .ok()?;
    super::buffer::summarize(&candidate.path, &text, options, context)
}

/// Gather every file's outcome into the run.
fn collect(run: &mut LintRun, outcomes: Vec<FileOutcome>) {
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
        // A finding reported where its value was set (a tfvars entry) shows that file's text.
        for diagnostic in &outcome.diagnostics {
            if diagnostic.file != outcome.path && !run.sources.contains_key(&diagnostic.file) {
                if let Some(document) = outcome
                    .foreign
                    .iter()
                    .find(|document| document.path == diagnostic.file)
                {
                    run.sources
                        .insert(diagnostic.file.clone(), document.source.clone());
                }
            }
        }
        run.diagnostics.extend(outcome.diagnostics);
        run.errors.extend(outcome.errors);
        run.suppressed.extend(outcome.suppressed);
    }
}
