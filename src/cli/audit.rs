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
    /// Audit many repositories: a file naming local clones, one per line (a path relative to
    /// the file, or a file:// URL; `#` starts a comment). One timeline per repository.
    #[arg(long, value_name = "FILE")]
    pub repos: Option<PathBuf>,
    /// With `--repos` and `--format partial`: audit only shard K of N of the repositories
    /// (`vmlint merge` completes the shards). Without it, a Kubernetes Indexed Job's
    /// JOB_COMPLETION_INDEX and JOB_COMPLETIONS name the shard.
    #[arg(long, value_name = "K/N", env = "VMLINT_SHARD", requires = "repos")]
    pub shard: Option<crate::shard::ShardSpec>,
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
    /// A shard's partial result for `vmlint merge` (with `--repos`).
    Partial,
}

pub fn run(args: &AuditArgs) -> i32 {
    if args
        .since
        .as_deref()
        .is_some_and(|since| parse_date(since).is_none())
    {
        eprintln!("error: --since expects a date YYYY-MM-DD");
        return EXIT_ERROR;
    }
    let outcome = match &args.repos {
        Some(list) => many(args, list),
        None => one(args),
    };
    match outcome {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

/// `vmlint audit --repo DIR`.
fn one(args: &AuditArgs) -> Result<i32, String> {
    if args.format == AuditFormat::Partial {
        return Err(
            "--format partial shards an audit of many repositories: give --repos FILE".to_string(),
        );
    }
    let (audit, rules, root) = audit_repository(args, &args.repo)?;
    let text = match args.format {
        AuditFormat::Human => crate::audit::report::human(&audit),
        AuditFormat::Json => crate::audit::report::json(&audit),
        AuditFormat::Csv => crate::audit::report::csv(&audit),
        AuditFormat::Sarif => crate::audit::report::sarif(&audit, &rules),
        AuditFormat::Html | AuditFormat::Partial => crate::audit::html::render(
            &audit,
            &rules,
            &crate::paths::slash_path(&crate::paths::absolute(&root)),
        ),
    };
    Ok(write(args.output.as_deref(), &text))
}

/// `vmlint audit --repos FILE`: every listed repository (or a shard's share of them).
fn many(args: &AuditArgs, list: &std::path::Path) -> Result<i32, String> {
    use crate::shard::{audit as sharded, partial, ShardSpec};
    let entries = sharded::read_list(list)?;
    let list_dir = list
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let shard = match args.format {
        AuditFormat::Partial => ShardSpec::resolve(args.shard)?,
        _ if args.shard.is_some() => {
            return Err("--shard audits a share of the repositories: write it with --format partial --output FILE and complete the shards with `vmlint merge`".to_string());
        }
        _ => ShardSpec::WHOLE,
    };
    let audit_one = |path: &std::path::Path| audit_repository(args, path).map(|(audit, ..)| audit);
    let audits = sharded::audit_owned(&entries, list_dir, shard, &audit_one);
    let base = args
        .project
        .open(std::path::Path::new("."))
        .map_err(|_| "cannot open the project of the current directory".to_string())?;
    if args.format == AuditFormat::Partial {
        let estate = partial::Estate {
            units: entries.len(),
            digest: sharded::list_digest(&entries),
            owned: audits.len(),
        };
        let hashes = [base.policy_hash(), base.config_hash(), base.options_hash()];
        let body = partial::Body::Audit(sharded::AuditPart {
            repositories: audits,
        });
        let written = partial::Partial::new(hashes, shard, estate, body);
        return match &args.output {
            Some(path) => written.write(path).map(|()| EXIT_CLEAN),
            None => {
                let text = serde_json::to_string(&written).map_err(|error| error.to_string())?;
                Ok(output::print_then(&format!("{text}\n"), EXIT_CLEAN))
            }
        };
    }
    let text = render_many(args.format, &audits, base.policies.rules())?;
    Ok(write(args.output.as_deref(), &text))
}

/// The report of many repositories' audits in `format`.
pub fn render_many(
    format: AuditFormat,
    audits: &[crate::audit::many::RepositoryAudit],
    rules: &[crate::policy::Rule],
) -> Result<String, String> {
    use crate::audit::many;
    Ok(match format {
        AuditFormat::Human => many::human(audits),
        AuditFormat::Json => many::json(audits),
        AuditFormat::Csv => many::csv(audits),
        AuditFormat::Sarif => many::sarif(audits, rules),
        AuditFormat::Html => match audits {
            [only] => crate::audit::html::render(&only.audit, rules, &only.repository),
            _ => return Err("the HTML audit page draws one repository's history: use --format json, csv, sarif or human for many".to_string()),
        },
        AuditFormat::Partial => return Err("a partial result is not a report".to_string()),
    })
}

/// Audit the repository at `repo` with the command line's options and its own project;
/// the audit, the rules that judged it and the repository's top.
fn audit_repository(
    args: &AuditArgs,
    repo: &std::path::Path,
) -> Result<(crate::audit::Audit, Vec<crate::policy::Rule>, PathBuf), String> {
    let since = match args.since.as_deref().map(parse_date) {
        Some(Some(time)) => Some(time),
        Some(None) => return Err("--since expects a date YYYY-MM-DD".to_string()),
        None => None,
    };
    if !repo.exists() {
        return Err(format!("no repository at `{}`", repo.display()));
    }
    let root =
        crate::pipeline::changes::repository_root(repo).unwrap_or_else(|| repo.to_path_buf());
    let project = crate::project::Project::open(&args.project.spec(&root))?;
    let rules = project.policies.rules().to_vec();
    let cache_dir = (!args.no_cache).then(|| {
        if args.cache_dir.is_absolute() {
            args.cache_dir.clone()
        } else {
            root.join(&args.cache_dir)
        }
    });
    let options = crate::audit::AuditOptions {
        repo: repo.to_path_buf(),
        range: args.rev_range.clone(),
        all_branches: args.all_branches,
        all_parents: args.all_parents,
        since,
        paths: args.paths.clone(),
        cache_dir,
        max_blob_bytes: args.max_blob_size,
        progress: args.format == AuditFormat::Human && args.repos.is_none(),
    };
    let audit = crate::audit::run(project, &options)?;
    Ok((audit, rules, root))
}

/// Write `text` to `output` or standard output; the exit code.
pub fn write(output: Option<&std::path::Path>, text: &str) -> i32 {
    match output {
        Some(path) => match std::fs::write(path, text.as_bytes()) {
            Ok(()) => EXIT_CLEAN,
            Err(error) => {
                eprintln!("error: cannot write `{}`: {error}", path.display());
                EXIT_ERROR
            }
        },
        None => output::print_then(text, EXIT_CLEAN),
    }
}

/// `YYYY-MM-DD` → Unix seconds at 00:00 UTC.
fn parse_date(text: &str) -> Option<i64> {
    crate::dates::parse(text).map(|date| crate::dates::to_days(date) * 86_400)
}
