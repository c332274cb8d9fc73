//! `vmlint merge`: complete the shards' partial results into the reports one machine would
//! have printed. A check's partials go through the repository stage, each file's
//! suppressions, the baseline and the severity floor, and exit as `check` does; an audit's
//! partials become one report of every repository. The set is refused, with the file at
//! fault named, unless it is one whole (see `shard::partial`).

use std::path::PathBuf;

use clap::ValueEnum;

use super::args::{FindingsArgs, ProjectArgs};
use super::audit::AuditFormat;
use super::check::{self, ReportFormat, ReportStyle};
use super::{EXIT_CLEAN, EXIT_ERROR};
use crate::diagnostic::Severity;
use crate::pipeline::filter::{self, RunFilters};
use crate::shard::partial::{self, Body, Loaded};

#[derive(clap::Args, Debug)]
pub struct MergeArgs {
    /// Every shard's partial result, each once (`vmlint check --shard K/N --format partial`).
    #[arg(value_name = "PARTIAL", required_unless_present = "print_schema")]
    pub partials: Vec<PathBuf>,
    /// Report format; repeat with `--output` for several reports.
    #[arg(long, value_enum)]
    pub format: Vec<MergeFormat>,
    #[command(flatten)]
    pub findings: FindingsArgs,
    /// Print where the time went (reading the partials, the repository stage, the reports) on
    /// stderr.
    #[arg(long)]
    pub timings: bool,
    /// Print the JSON schema of partial results and exit.
    #[arg(long)]
    pub print_schema: bool,
    /// The shards' policies and configuration (merge refuses partials made with others).
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// What `merge` can print: `check`'s reports for a check, `audit`'s for an audit.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeFormat {
    Human,
    Concise,
    Json,
    Sarif,
    Junit,
    Github,
    Html,
    /// An audit's findings as CSV.
    Csv,
}

pub fn run(args: &MergeArgs) -> i32 {
    if args.print_schema {
        let schema = schemars::schema_for!(partial::Partial);
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        return super::output::print_then(&format!("{text}\n"), EXIT_CLEAN);
    }
    match merge(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

fn merge(args: &MergeArgs) -> Result<i32, String> {
    let started = std::time::Instant::now();
    let loaded = partial::load_set(&args.partials)?;
    if args.timings {
        eprintln!(
            "read {} partials: {:.1} ms",
            loaded.len(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    let formats = if args.format.is_empty() {
        vec![MergeFormat::Human]
    } else {
        args.format.clone()
    };
    match &loaded[0].partial.body {
        Body::Check(part) => {
            let root = part
                .paths
                .first()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            merge_check(args, loaded, &formats, root)
        }
        Body::Audit(_) => merge_audit(args, loaded, &formats),
    }
}

fn merge_check(
    args: &MergeArgs,
    loaded: Vec<Loaded>,
    formats: &[MergeFormat],
    root: PathBuf,
) -> Result<i32, String> {
    let reports: Vec<ReportFormat> = formats
        .iter()
        .map(|format| match format {
            MergeFormat::Human => Ok(ReportFormat::Human),
            MergeFormat::Concise => Ok(ReportFormat::Concise),
            MergeFormat::Json => Ok(ReportFormat::Json),
            MergeFormat::Sarif => Ok(ReportFormat::Sarif),
            MergeFormat::Junit => Ok(ReportFormat::Junit),
            MergeFormat::Github => Ok(ReportFormat::Github),
            MergeFormat::Html => Ok(ReportFormat::Html),
            MergeFormat::Csv => Err("csv is an audit's report, not a check's".to_string()),
        })
        .collect::<Result<_, _>>()?;
    let reports = check::pair_outputs(&reports, &args.findings.output)?;
    let mut project = crate::project::Project::open(&args.project.spec(&root))?;
    partial::check_project(&loaded, &project.policy_hash(), &project.config_hash())?;
    project.options.keep_summaries = reports
        .iter()
        .any(|(format, _)| *format == ReportFormat::Html);
    let scope = match &loaded[0].partial.body {
        Body::Check(part) => part
            .paths
            .iter()
            .map(|path| crate::paths::slash_path(path))
            .collect::<Vec<_>>()
            .join(" "),
        Body::Audit(_) => String::new(),
    };
    let parts = crate::shard::check::parts(loaded)?;
    let mut run = crate::shard::check::merge(parts, &project)?;
    let baseline = args.findings.baseline()?;
    let filters = RunFilters {
        changed_lines: None,
        baseline: baseline
            .as_ref()
            .map(|(known, path)| (known, path.as_path())),
        floor: args.findings.severity.map(Severity::from),
    };
    filter::post(&mut run, &filters);
    let style = ReportStyle {
        color: args.findings.color.enabled(),
        quiet: args.findings.quiet,
        statistics: args.findings.statistics,
        scope,
    };
    let report_started = std::time::Instant::now();
    if !check::write_reports(&style, &reports, &run, &project) {
        return Ok(EXIT_ERROR);
    }
    if args.timings {
        check::print_stage_times(&run, report_started.elapsed());
    }
    let fail_on = args.findings.fail_on(&project);
    Ok(check::exit_code(&run, fail_on))
}

fn merge_audit(
    args: &MergeArgs,
    loaded: Vec<Loaded>,
    formats: &[MergeFormat],
) -> Result<i32, String> {
    let reports: Vec<AuditFormat> = formats
        .iter()
        .map(|format| match format {
            MergeFormat::Human => Ok(AuditFormat::Human),
            MergeFormat::Json => Ok(AuditFormat::Json),
            MergeFormat::Sarif => Ok(AuditFormat::Sarif),
            MergeFormat::Html => Ok(AuditFormat::Html),
            MergeFormat::Csv => Ok(AuditFormat::Csv),
            other => Err(format!(
                "{} is a check's report; an audit merges to human, json, csv, sarif or html",
                other
                    .to_possible_value()
                    .map_or_else(|| format!("{other:?}"), |value| value.get_name().to_owned())
            )
            .to_lowercase()),
        })
        .collect::<Result<_, _>>()?;
    let reports = check::pair_outputs(&reports, &args.findings.output)?;
    if args.findings.baseline.is_some() || args.findings.severity.is_some() {
        return Err(
            "--baseline and --severity filter a check's findings, not an audit's".to_string(),
        );
    }
    let base = crate::project::Project::open(&args.project.spec(std::path::Path::new(".")))?;
    partial::check_project(&loaded, &base.policy_hash(), &base.config_hash())?;
    let audits = crate::shard::audit::merge(loaded)?;
    for (format, destination) in reports {
        let text = super::audit::render_many(format, &audits, base.policies.rules())?;
        let code = super::audit::write(destination.as_deref(), &text);
        if code != EXIT_CLEAN {
            return Ok(code);
        }
    }
    Ok(EXIT_CLEAN)
}
