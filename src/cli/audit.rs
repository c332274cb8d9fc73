//! `vmlint audit`: the repository's history, judged with today's project: the nearest
//! `.vmlint.toml` of the repository's top (or `--config`), its params, `[hosts]`, per-path
//! overrides and `select`/`ignore`, and the command line's selection, apply to every commit;
//! each commit's own files are read for inline suppressions and for the second files a stage
//! reads (a Terraform module's variables).

use std::path::PathBuf;

use super::args::ProjectArgs;
use super::{output, EXIT_CLEAN, EXIT_ERROR};

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// The repository (any directory inside it).
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// Commits to walk: `A..B`, or one revision to walk back from (default HEAD).
    #[arg(long, value_name = "RANGE", conflicts_with = "all_branches")]
    pub rev_range: Option<String>,
    /// Report findings introduced or removed since this date (YYYY-MM-DD), and all present.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Walk every local branch.
    #[arg(long)]
    pub all_branches: bool,
    /// Follow merged branches too, not only the first parent.
    #[arg(long)]
    pub all_parents: bool,
    /// Only paths matching this glob (repeatable).
    #[arg(long = "path", value_name = "GLOB")]
    pub paths: Vec<String>,
    /// Where the blob cache lives.
    #[arg(long, value_name = "DIR", default_value = ".vmlint-cache")]
    pub cache_dir: PathBuf,
    /// Keep no cache on disk.
    #[arg(long)]
    pub no_cache: bool,
    /// Skip blobs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_blob_size: usize,
    /// Report format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub format: AuditFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Today's configuration, policies and selection judge every commit (a rule ignored
    /// today is ignored in history; inline suppressions come from each commit's own files).
    #[command(flatten)]
    pub project: ProjectArgs,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditFormat {
    Human,
    Json,
    Csv,
    /// The findings present at HEAD, with their first detection.
    Sarif,
    /// One self-contained HTML page: open findings per rule over time, the longest-lived
    /// findings, the commits that introduced and fixed the most.
    Html,
}

pub fn run(args: &AuditArgs) -> i32 {
    let since = match args.since.as_deref().map(parse_date) {
        Some(Some(time)) => Some(time),
        Some(None) => {
            eprintln!("error: --since expects a date YYYY-MM-DD");
            return EXIT_ERROR;
        }
        None => None,
    };
    let root =
        crate::pipeline::changes::repository_root(&args.repo).unwrap_or_else(|| args.repo.clone());
    let project = match args.project.open(&root) {
        Ok(project) => project,
        Err(code) => return code,
    };
    let rules = project.policies.rules().to_vec();
    let cache_dir = (!args.no_cache).then(|| {
        if args.cache_dir.is_absolute() {
            args.cache_dir.clone()
        } else {
            root.join(&args.cache_dir)
        }
    });
    let options = crate::audit::AuditOptions {
        repo: args.repo.clone(),
        range: args.rev_range.clone(),
        all_branches: args.all_branches,
        all_parents: args.all_parents,
        since,
        paths: args.paths.clone(),
        cache_dir,
        max_blob_bytes: args.max_blob_size,
        progress: args.format == AuditFormat::Human,
    };
    let audit = match crate::audit::run(project, &options) {
        Ok(audit) => audit,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    let text = match args.format {
        AuditFormat::Human => crate::audit::report::human(&audit),
        AuditFormat::Json => crate::audit::report::json(&audit),
        AuditFormat::Csv => crate::audit::report::csv(&audit),
        AuditFormat::Sarif => crate::audit::report::sarif(&audit, &rules),
        AuditFormat::Html => crate::audit::html::render(
            &audit,
            &rules,
            &crate::paths::slash_path(&crate::paths::absolute(&root)),
        ),
    };
    match &args.output {
        Some(path) => match std::fs::write(path, text.as_bytes()) {
            Ok(()) => EXIT_CLEAN,
            Err(error) => {
                eprintln!("error: cannot write `{}`: {error}", path.display());
                EXIT_ERROR
            }
        },
        None => output::print_then(&text, EXIT_CLEAN),
    }
}

/// `YYYY-MM-DD` → Unix seconds at 00:00 UTC.
fn parse_date(text: &str) -> Option<i64> {
    crate::dates::parse(text).map(|date| crate::dates::to_days(date) * 86_400)
}
