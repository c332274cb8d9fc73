//! `vmlint check`: lint files and directories, print one or more reports, exit by the worst
//! finding. Also `--diff-base` (only changed files and lines), `--baseline`, `--severity`.

use std::path::PathBuf;

use clap::ValueEnum;

use super::args::{CacheDirArgs, FindingsArgs, LintArgs};
use super::output::{self, Written};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::config::FailOn;
use crate::diagnostic::Severity;
use crate::pipeline::changes::{self, Changes};
use crate::pipeline::filter::{self, RunFilters};
use crate::pipeline::result_cache::{self, ResultCache};
use crate::pipeline::{self, LintRun};
use crate::project::Project;
use crate::report;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub lint: LintArgs,
    #[command(flatten)]
    pub findings: FindingsArgs,
    /// Lint only the files changed since this git revision (e.g. `origin/main`), and report
    /// only findings on changed lines (see `--all`).
    #[arg(long, value_name = "REF")]
    pub diff_base: Option<String>,
    /// With `--diff-base`: report every finding of the changed files, not only those on
    /// changed lines.
    #[arg(long, requires = "diff_base")]
    pub all: bool,
    /// Read inventories and cluster files of the whole repository even when only some files
    /// are linted (as a pre-commit hook does).
    #[arg(long)]
    pub repo_context: bool,
    /// Report format; repeat with `--output` for several reports from one lint
    /// (`--format sarif --output vmlint.sarif --format github`).
    #[arg(long, value_enum, alias = "output-format")]
    pub format: Vec<ReportFormat>,
    /// Print where the time went (per stage) on stderr.
    #[arg(long)]
    pub timings: bool,
    /// Lint only shard K of N (with `--format partial`; `vmlint merge` completes the shards).
    /// Without it, a Kubernetes Indexed Job's JOB_COMPLETION_INDEX and JOB_COMPLETIONS name
    /// the shard.
    #[arg(long, value_name = "K/N", env = "VMLINT_SHARD")]
    pub shard: Option<crate::shard::ShardSpec>,
    /// Read and parse only; run no rule (the floor the benchmarks compare against).
    #[arg(long)]
    pub parse_only: bool,
    #[command(flatten)]
    pub cache: CacheDirArgs,
    /// Neither read nor write the result cache.
    #[arg(long, env = "VMLINT_NO_CACHE")]
    pub no_cache: bool,
    /// Also list files that were read but not linted, and why (on stderr).
    #[arg(long, short)]
    pub verbose: bool,
    /// Files larger than this many bytes are reported, not read.
    #[arg(long, value_name = "BYTES", help_heading = "Resource limits",
          default_value_t = crate::pipeline::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Findings with source snippets (miette).
    Human,
    /// One `file:line:col: VML101 [severity] message` line per finding.
    Concise,
    /// The stable JSON shape (schemas/check-output.schema.json).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page: summary, findings with filters, the backup week, host
    /// load and the rules that fired.
    Html,
    /// A shard's partial result for `vmlint merge` (with `--shard K/N`;
    /// schemas/partial.schema.json). Not a report of `vmlint merge` itself.
    Partial,
}

/// Pair each `--format` with the `--output` in the same position; at most one report goes to
/// standard output.
fn report_destinations(args: &CheckArgs) -> Result<Vec<(ReportFormat, Option<PathBuf>)>, String> {
    let formats = if args.format.is_empty() {
        vec![ReportFormat::Human]
    } else {
        args.format.clone()
    };
    pair_outputs(&formats, &args.findings.output)
}

/// Each format with the output in the same position (standard output for the rest, at most
/// one).
pub fn pair_outputs<F: Copy>(
    formats: &[F],
    outputs: &[PathBuf],
) -> Result<Vec<(F, Option<PathBuf>)>, String> {
    if outputs.len() > formats.len() {
        return Err("more --output than --format: give a --format for each --output".to_string());
    }
    let pairs: Vec<(F, Option<PathBuf>)> = formats
        .iter()
        .enumerate()
        .map(|(index, format)| (*format, outputs.get(index).cloned()))
        .collect();
    if pairs.iter().filter(|(_, output)| output.is_none()).count() > 1 {
        return Err(
            "several --format without --output would all write to standard output".to_string(),
        );
    }
    Ok(pairs)
}

pub fn run(args: &CheckArgs) -> i32 {
    match check(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

fn check(args: &CheckArgs) -> Result<i32, String> {
    let reports = report_destinations(args)?;
    let mut spec = args.lint.spec();
    spec.parse_limits.max_file_bytes = args.max_file_size;
    let mut project = Project::open(&spec)?;
    if let Some(sharded) = sharded(args, &reports, &project) {
        return sharded;
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let options = &mut project.options;
    if args.repo_context || args.diff_base.is_some() {
        let root = changes::repository_root(&cwd).unwrap_or_else(|| cwd.clone());
        options.context_roots = vec![crate::paths::display_path(&root)];
    }
    options.progress = !args.findings.quiet
        && reports
            .iter()
            .all(|(format, _)| *format == ReportFormat::Human);
    options.parse_only = args.parse_only;
    // The HTML report draws the estate's schedules and placements from the file summaries.
    options.keep_summaries = reports
        .iter()
        .any(|(format, _)| *format == ReportFormat::Html);
    let changes = match &args.diff_base {
        Some(base) => Some(changes::changes_since(&cwd, base)?),
        None => None,
    };
    let mut dependants: Vec<PathBuf> = Vec::new();
    let paths = match &changes {
        Some(changes) => {
            let mut paths = changed_paths(changes, &args.lint.paths);
            dependants = terraform_dependants(changes, &args.lint.paths, &paths, &cwd);
            paths.extend(dependants.iter().cloned());
            paths
        }
        None => args.lint.paths.clone(),
    };
    let mut run = lint(args, &mut project, &paths);
    let baseline = args.findings.baseline()?;
    let filters = RunFilters {
        changed_lines: changes.as_ref().filter(|_| !args.all),
        baseline: baseline
            .as_ref()
            .map(|(known, path)| (known, path.as_path())),
        floor: args.findings.severity.map(Severity::from),
    };
    if let Some(changes) = &changes {
        // A file judged only because a module or tfvars it depends on changed shows the
        // findings that change makes, even with `--all`.
        run.diagnostics.retain(|diagnostic| {
            !dependants.contains(&diagnostic.file) || filter::touched(changes, diagnostic)
        });
    }
    filter::post(&mut run, &filters);
    let fail_on = args.findings.fail_on(&project);
    if args.verbose {
        for (path, reason) in &run.skipped {
            eprintln!("skipped {}: {reason}", crate::paths::slash_path(path));
        }
        for note in &run.notes {
            eprintln!("note: {note}");
        }
    }
    let report_started = std::time::Instant::now();
    if !write_reports(&ReportStyle::of(args), &reports, &run, &project) {
        return Ok(EXIT_ERROR);
    }
    if args.timings {
        print_stage_times(&run, report_started.elapsed());
        let ids: Vec<&str> = project
            .policies
            .rules()
            .iter()
            .map(|rule| rule.meta.id.as_str())
            .collect();
        eprint!(
            "{}",
            crate::policy::profile::render(&project.policies.rule_times, &ids)
        );
    }
    Ok(exit_code(&run, fail_on))
}

/// `--timings`: the run's stages, then the report's, on stderr.
pub fn print_stage_times(run: &LintRun, report: std::time::Duration) {
    let mut walls = run.stage_walls.clone();
    walls.push(("report", report));
    eprint!(
        "{}",
        crate::pipeline::timings::render(&walls, &run.stage_times)
    );
}

/// Lint `paths`, through the result cache unless `--no-cache` or the run reads the rest of
/// the repository as context (`--repo-context`, `--diff-base`: files a second discovery finds,
/// which the cache does not record — no cache rather than a stale one).
fn lint(args: &CheckArgs, project: &mut Project, paths: &[PathBuf]) -> LintRun {
    if paths.is_empty() {
        return LintRun::default();
    }
    // The cache keeps findings, not the file summaries an HTML report draws.
    if args.no_cache || !project.options.context_roots.is_empty() || project.options.keep_summaries
    {
        return pipeline::lint_paths(paths, &project.policies, &project.options);
    }
    let cache = ResultCache::new(args.cache.cache_dir.clone());
    let fingerprint = project.fingerprint();
    result_cache::lint_paths_cached(
        paths,
        &project.policies,
        &mut project.options,
        &cache,
        &fingerprint,
    )
}

/// The changed files under the linted paths that vmlint may read.
fn changed_paths(changes: &Changes, scopes: &[PathBuf]) -> Vec<PathBuf> {
    let scopes: Vec<PathBuf> = scopes
        .iter()
        .map(|path| crate::paths::absolute(path))
        .collect();
    changes
        .existing_files()
        .into_iter()
        .filter(|file| scopes.iter().any(|scope| file.starts_with(scope)))
        .filter(|file| crate::formats::is_candidate(file))
        .map(|file| crate::paths::display_path(&file))
        .collect()
}

/// The Terraform files a change reaches beyond its own files: the other files of a changed
/// module or tfvars' directory and of every module that calls it (a module deploys through its
/// callers; their findings relate the changed lines).
fn terraform_dependants(
    changes: &Changes,
    scopes: &[PathBuf],
    already: &[PathBuf],
    cwd: &std::path::Path,
) -> Vec<PathBuf> {
    let changed = changes.existing_files();
    let root = changes::repository_root(cwd).unwrap_or_else(|| cwd.to_path_buf());
    let candidates: Vec<PathBuf> = crate::pipeline::discover::discover(&[root])
        .candidates
        .into_iter()
        .map(|candidate| crate::paths::absolute(&candidate.path))
        .collect();
    let read = |path: &std::path::Path| std::fs::read_to_string(path).ok();
    let scopes: Vec<PathBuf> = scopes
        .iter()
        .map(|path| crate::paths::absolute(path))
        .collect();
    let already: Vec<PathBuf> = already
        .iter()
        .map(|path| crate::paths::absolute(path))
        .collect();
    crate::pipeline::module_calls::terraform_dependants(&changed, &candidates, &read)
        .into_iter()
        .filter(|file| scopes.iter().any(|scope| file.starts_with(scope)))
        .filter(|file| !already.contains(file))
        .map(|file| crate::paths::display_path(&file))
        .collect()
}

/// A shard's run (`--format partial`), written instead of reports; `None` for a whole run.
fn sharded(
    args: &CheckArgs,
    reports: &[(ReportFormat, Option<PathBuf>)],
    project: &Project,
) -> Option<Result<i32, String>> {
    if reports
        .iter()
        .any(|(format, _)| *format == ReportFormat::Partial)
    {
        return Some(write_partial(args, reports, project));
    }
    args.shard.is_some().then(|| {
        Err("--shard lints a share of the files: write it with --format partial --output FILE and complete the shards with `vmlint merge`".to_string())
    })
}

/// `--format partial`: lint this shard's files and write its partial result. A shard exits 0
/// once its partial is written — findings and errors are the merge's to judge.
fn write_partial(
    args: &CheckArgs,
    reports: &[(ReportFormat, Option<PathBuf>)],
    project: &Project,
) -> Result<i32, String> {
    if reports.len() != 1 {
        return Err(
            "--format partial is a shard's only output: run `vmlint merge --format …` for reports"
                .to_string(),
        );
    }
    let refused = [
        (args.diff_base.is_some(), "--diff-base"),
        (args.repo_context, "--repo-context"),
        (
            args.findings.baseline.is_some(),
            "--baseline (give it to `vmlint merge`)",
        ),
        (
            args.findings.severity.is_some(),
            "--severity (give it to `vmlint merge`)",
        ),
        (args.parse_only, "--parse-only"),
    ];
    if let Some((_, option)) = refused.iter().find(|(given, _)| *given) {
        return Err(format!("--format partial does not take {option}"));
    }
    let shard = crate::shard::ShardSpec::resolve(args.shard)?;
    let partial = crate::shard::check::shard(project, &args.lint.paths, shard);
    match &reports[0].1 {
        Some(path) => partial.write(path)?,
        None => {
            let text = serde_json::to_string(&partial).map_err(|error| error.to_string())?;
            if let Written::Failed = output::print(&format!("{text}\n")) {
                return Ok(EXIT_ERROR);
            }
        }
    }
    Ok(EXIT_CLEAN)
}

/// How human reports look, and what the HTML report names as its scope.
pub struct ReportStyle {
    pub color: bool,
    pub quiet: bool,
    pub statistics: bool,
    pub scope: String,
}

impl ReportStyle {
    fn of(args: &CheckArgs) -> Self {
        ReportStyle {
            color: args.findings.color.enabled(),
            quiet: args.findings.quiet,
            statistics: args.findings.statistics,
            scope: args
                .lint
                .paths
                .iter()
                .map(|path| crate::paths::slash_path(path))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// Render and write every report; `false` when one could not be written (already said why).
/// A closed standard output ends the output quietly.
pub fn write_reports(
    style: &ReportStyle,
    reports: &[(ReportFormat, Option<PathBuf>)],
    run: &LintRun,
    project: &Project,
) -> bool {
    let rules = project.policies.rules();
    for (format, destination) in reports {
        let text = match format {
            ReportFormat::Json => report::json::render(run),
            ReportFormat::Sarif => report::sarif::render(run, rules),
            ReportFormat::Junit => report::junit::render(run, rules),
            ReportFormat::Github => report::github::render(run),
            ReportFormat::Concise => report::concise::render(run),
            ReportFormat::Html => report::html::render_check(
                run,
                &report::html::CheckContext {
                    policies: &project.policies,
                    hosts: &project.options.hosts,
                    scope: style.scope.clone(),
                },
            ),
            ReportFormat::Human => report::human::render(
                run,
                &report::human::HumanOptions {
                    color: destination.is_none() && style.color,
                    quiet: style.quiet,
                    statistics: style.statistics,
                },
            ),
            ReportFormat::Partial => {
                eprintln!("error: a partial result is written by a shard (`vmlint check --shard K/N --format partial`), not by this command");
                return false;
            }
        };
        match destination {
            Some(path) => {
                let written = path
                    .parent()
                    .filter(|parent| !parent.as_os_str().is_empty())
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|_| std::fs::write(path, text.as_bytes()));
                if let Err(error) = written {
                    eprintln!("error: cannot write `{}`: {error}", path.display());
                    return false;
                }
            }
            None => match output::print(&text) {
                Written::Yes | Written::Closed => {}
                Written::Failed => return false,
            },
        }
    }
    true
}

/// 2 when anything could not be processed, else 1 when a finding reaches the threshold.
pub fn exit_code(run: &LintRun, fail_on: FailOn) -> i32 {
    if !run.errors.is_empty() {
        return EXIT_ERROR;
    }
    match fail_on.threshold() {
        Some(threshold) if run.diagnostics.iter().any(|d| d.severity >= threshold) => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}
