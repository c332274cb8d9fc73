//! The command line: argument parsing (clap) and the commands, each returning the process exit
//! code — 0 clean, 1 findings at or above `--fail-on`, 2 usage, policy, parse or I/O errors.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{CliSelection, Config, ConfigResolver, FailOn};
use crate::diagnostic::Severity;
use crate::limits::{EvaluationLimits, ParseLimits};
use crate::pipeline::baseline::{self, Baseline};
use crate::pipeline::changes;
use crate::pipeline::{self, LintOptions, LintRun};
use crate::policy::{self, PolicyOptions, PolicySet};
use crate::report;

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "vmlint",
    version,
    about = "Finds workloads that do not belong on a hypervisor — USB dongles, PCI passthrough, \
             real-time guests, … — in Terraform and VM definitions, before they ship."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and directories.
    ///
    /// Example: vmlint check infra/ --format json --fail-on error
    Check(CheckArgs),
    /// List the rules of the loaded policies.
    ///
    /// Example: vmlint rules --policy ./my-policies
    Rules(RulesArgs),
    /// Explain one rule: why it matters, an example that fires, the fix, how to suppress it.
    ///
    /// Example: vmlint explain VML101   (or: vmlint explain usb-passthrough)
    Explain(ExplainArgs),
    /// Run the Rego unit tests (`test_*` rules in `*_test.rego`) of the built-in pack and of
    /// the given policy directories.
    ///
    /// Example: vmlint test ./my-policies
    Test(TestArgs),
    /// Print what policies receive as `input` for a file: its format and workloads (and with
    /// `--document`, the parsed document), as JSON.
    ///
    /// Example: vmlint inspect qemu-server/100.conf
    Inspect(InspectArgs),
    /// Show the configuration that applies to a path.
    ///
    /// Example: vmlint config --show infra/lab
    Config(ConfigCommandArgs),
    /// Record today's findings so that `check --baseline` reports only new ones.
    ///
    /// Example: vmlint baseline write infra/ && vmlint check infra/ --baseline .vmlint-baseline.json
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Write a commented .vmlint.toml (every setting at its default) and print the snippets
    /// for pre-commit and GitHub Actions.
    ///
    /// Example: vmlint init && git add .vmlint.toml
    Init(InitArgs),
    /// Walk the git history: when each finding came in, when it left, whether it is still there.
    ///
    /// Example: vmlint audit --since 2025-01-01 --format csv > findings.csv
    Audit(AuditArgs),
    /// Serve diagnostics, quick fixes and rule explanations to an editor (Language Server
    /// Protocol over stdin/stdout).
    ///
    /// Example: (from an editor's LSP configuration) vmlint lsp
    Lsp {
        /// Accepted for clients that always pass it: stdin/stdout is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Print a shell completion script.
    ///
    /// Example: vmlint completions bash > /etc/bash_completion.d/vmlint
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    ///
    /// Example: vmlint man > /usr/local/share/man/man1/vmlint.1
    Man,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The directory to write .vmlint.toml into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing .vmlint.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

#[derive(Subcommand, Debug)]
pub enum BaselineCommand {
    /// Write every current finding to the baseline file.
    Write(BaselineArgs),
    /// Drop the entries that no longer match a finding.
    Prune(BaselineArgs),
}

#[derive(clap::Args, Debug)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub lint: LintArgs,
    /// The baseline file.
    #[arg(long, value_name = "FILE", default_value = baseline::DEFAULT_FILE)]
    pub file: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct InspectArgs {
    /// The file to read.
    pub file: PathBuf,
    /// Include the parsed document tree (`input.document`).
    #[arg(long)]
    pub document: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// Directories of user policies and their tests.
    pub dirs: Vec<PathBuf>,
    /// Test only the given directories, not the built-in pack.
    #[arg(long)]
    pub no_builtin_policies: bool,
}

#[derive(clap::Args, Debug, Clone)]
pub struct PolicyArgs {
    /// Add a directory of Rego policies (repeatable).
    #[arg(long = "policy", value_name = "DIR")]
    pub policy_dirs: Vec<PathBuf>,
    /// Do not load the built-in policy pack.
    #[arg(long)]
    pub no_builtin_policies: bool,
    /// Stop a rule that takes longer than this on one file, and report it.
    #[arg(long, value_name = "SECONDS", help_heading = "Resource limits",
          value_parser = positive_seconds, default_value = "5")]
    pub policy_timeout: std::time::Duration,
    /// Stop evaluating a file whose rules together take longer than this.
    #[arg(long, value_name = "SECONDS", help_heading = "Resource limits",
          value_parser = positive_seconds, default_value = "30")]
    pub file_policy_timeout: std::time::Duration,
    /// Stop evaluating once the run's rules have taken this long (0: no budget).
    #[arg(long, value_name = "SECONDS", help_heading = "Resource limits",
          value_parser = seconds_or_zero, default_value = "600")]
    pub run_policy_timeout: std::time::Duration,
    /// Stop an evaluation when the process heap is above this many MiB (0: no ceiling).
    #[arg(
        long,
        value_name = "MIB",
        help_heading = "Resource limits",
        default_value_t = 4096
    )]
    pub policy_memory_limit: u64,
}

fn positive_seconds(text: &str) -> Result<std::time::Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 && seconds < 1e9 => {
            Ok(std::time::Duration::from_secs_f64(seconds))
        }
        _ => Err(format!("`{text}` is not a positive number of seconds")),
    }
}

fn seconds_or_zero(text: &str) -> Result<std::time::Duration, String> {
    if text.parse::<f64>() == Ok(0.0) {
        return Ok(std::time::Duration::ZERO);
    }
    positive_seconds(text)
}

impl PolicyArgs {
    fn options(&self) -> PolicyOptions {
        PolicyOptions {
            no_builtin: self.no_builtin_policies,
            user_dirs: self.policy_dirs.clone(),
            include_tests: false,
            params: serde_json::Value::Null,
            limits: self.limits(),
        }
    }

    fn limits(&self) -> EvaluationLimits {
        EvaluationLimits {
            rule_time: self.policy_timeout,
            file_time: self.file_policy_timeout,
            run_time: (!self.run_policy_timeout.is_zero()).then_some(self.run_policy_timeout),
            memory_bytes: (self.policy_memory_limit > 0)
                .then(|| self.policy_memory_limit.saturating_mul(1024 * 1024)),
        }
    }
}

/// Ceilings on what one file may hold (see `limits.rs`).
#[derive(clap::Args, Debug, Clone)]
pub struct ParseLimitArgs {
    /// Refuse files nested deeper than this (YAML collections, XML elements, HCL and JSON
    /// values).
    #[arg(long, value_name = "LEVELS", help_heading = "Resource limits",
          default_value_t = crate::limits::DEFAULT_MAX_DEPTH)]
    pub max_depth: usize,
    /// Refuse files with more YAML documents (or top-level XML elements) than this.
    #[arg(long, value_name = "N", help_heading = "Resource limits",
          default_value_t = crate::limits::DEFAULT_MAX_DOCUMENTS)]
    pub max_documents: usize,
    /// Refuse YAML files whose aliases expand to more nodes than this (billion laughs).
    #[arg(long, value_name = "NODES", help_heading = "Resource limits",
          default_value_t = crate::limits::DEFAULT_MAX_ALIAS_NODES)]
    pub max_yaml_alias_nodes: usize,
}

impl ParseLimitArgs {
    fn limits(&self) -> ParseLimits {
        ParseLimits {
            max_depth: self.max_depth,
            max_documents: self.max_documents,
            max_alias_nodes: self.max_yaml_alias_nodes,
            // `check` sets it from `--max-file-size`; `audit` has `--max-blob-size`.
            ..ParseLimits::default()
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub lint: LintArgs,
    /// Report only findings that this baseline does not accept (see `vmlint baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
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
    /// Human output: a count per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Human output: only the findings, no summary line or progress.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print where the time went (per stage) on stderr.
    #[arg(long)]
    pub timings: bool,
    /// Read and parse only; run no rule (the floor the benchmarks compare against).
    #[arg(long)]
    pub parse_only: bool,
    /// Write the report of the `--format` in the same position to FILE (formats without an
    /// `--output` go to standard output).
    #[arg(long, value_name = "FILE")]
    pub output: Vec<PathBuf>,
    /// Exit 1 when a finding is at or above this severity [default: the configuration's
    /// `fail-on`, else warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Report only findings at or above this severity.
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Also list files that were read but not linted, and why (on stderr).
    #[arg(long, short)]
    pub verbose: bool,
    /// Files larger than this many bytes are reported, not read.
    #[arg(long, value_name = "BYTES", help_heading = "Resource limits",
          default_value_t = crate::pipeline::DEFAULT_MAX_FILE_BYTES)]
    pub max_file_size: u64,
}

#[derive(clap::Args, Debug, Clone)]
pub struct ConfigArgs {
    /// Use this configuration file for every linted file instead of the nearest
    /// `.vmlint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every `.vmlint.toml`.
    #[arg(long)]
    pub no_config: bool,
}

impl ConfigArgs {
    /// The resolver these flags ask for; a `--config` file that cannot be read is an error.
    fn resolver(&self) -> Result<ConfigResolver, i32> {
        if self.no_config {
            return Ok(ConfigResolver::fixed(None));
        }
        match &self.config {
            Some(path) => Config::load(path)
                .map(|config| ConfigResolver::fixed(Some(config)))
                .map_err(|error| {
                    eprintln!("error: {error}");
                    EXIT_ERROR
                }),
            None => Ok(ConfigResolver::discover()),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(value: SeverityArg) -> Self {
        match value {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct ConfigCommandArgs {
    /// Print the effective configuration for PATH (default: the current directory).
    #[arg(long)]
    pub show: bool,
    /// Print the JSON schema of .vmlint.toml.
    #[arg(long, conflicts_with = "show")]
    pub schema: bool,
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    #[command(flatten)]
    pub policies: PolicyArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

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
    #[command(flatten)]
    pub policies: PolicyArgs,
    #[command(flatten)]
    pub parse_limits: ParseLimitArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditFormat {
    Human,
    Json,
    Csv,
    /// The findings present at HEAD, with their first detection.
    Sarif,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The rule's ID (VML101) or slug (usb-passthrough).
    #[arg(value_name = "RULE")]
    pub rule: String,
    #[command(flatten)]
    pub policies: PolicyArgs,
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
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesFormat {
    Human,
    Json,
    /// The rule reference (docs/rules.md).
    Markdown,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Parse the process arguments and run; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules(args) => rules(&args),
        Command::Explain(args) => explain(&args),
        Command::Audit(args) => audit(&args),
        Command::Lsp { .. } => match crate::lsp::run() {
            Ok(()) => EXIT_CLEAN,
            Err(message) => {
                eprintln!("error: {message}");
                EXIT_ERROR
            }
        },
        Command::Test(args) => test(&args),
        Command::Inspect(args) => inspect(&args),
        Command::Config(args) => config_command(&args),
        Command::Baseline(command) => baseline_command(&command),
        Command::Init(args) => init_command(&args),
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut command, "vmlint", &mut std::io::stdout());
            EXIT_CLEAN
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(command).render(&mut std::io::stdout()) {
                Ok(()) => EXIT_CLEAN,
                Err(_) => EXIT_ERROR,
            }
        }
    }
}

fn load_policies(args: &PolicyArgs) -> Result<PolicySet, i32> {
    load_policies_with(args.options())
}

fn load_policies_with(options: PolicyOptions) -> Result<PolicySet, i32> {
    PolicySet::load(&options).map_err(|error| {
        eprintln!("error: {error}");
        EXIT_ERROR
    })
}

/// The configuration of the project: the one that applies to the first path linted.
fn project_config(
    resolver: &ConfigResolver,
    paths: &[PathBuf],
) -> Result<Option<std::sync::Arc<Config>>, i32> {
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let config = resolver.for_path(&first);
    if let Some(error) = resolver.errors().first() {
        eprintln!("error: {error}");
        return Err(EXIT_ERROR);
    }
    Ok(config)
}

/// What every linting command shares: the configuration, the policies, the selection.
#[derive(clap::Args, Debug, Clone)]
pub struct LintArgs {
    /// Files or directories to lint (directories are walked honouring .gitignore).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Run only these rules (IDs, ID prefixes, slugs or categories; comma-separated or
    /// repeated). Replaces the configuration's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (added to the configuration's `ignore`).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub policies: PolicyArgs,
    #[command(flatten)]
    pub parse_limits: ParseLimitArgs,
    /// Follow symbolic links inside directories, wherever they point (off by default: a link
    /// may lead out of the repository under review).
    #[arg(long)]
    pub follow_symlinks: bool,
}

/// A lint run's inputs, ready.
struct Prepared {
    policies: PolicySet,
    options: LintOptions,
    project: Option<std::sync::Arc<Config>>,
}

fn prepare(args: &LintArgs) -> Result<Prepared, i32> {
    let resolver = args.config.resolver()?;
    let project = project_config(&resolver, &args.paths)?;
    let mut options = args.policies.options();
    if let Some(project) = &project {
        options.user_dirs.extend(project.policy_dirs());
        options.params = project.params_json();
    }
    let policies = load_policies_with(options)?;
    if let Some(project) = &project {
        if let Err(error) = project.validate(policies.rules()) {
            eprintln!("error: {error}");
            return Err(EXIT_ERROR);
        }
    }
    let mut lint_options = LintOptions {
        configs: resolver,
        cli: CliSelection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
        },
        parse_limits: args.parse_limits.limits(),
        follow_symlinks: args.follow_symlinks,
        ..LintOptions::default()
    };
    if let Some(project) = &project {
        lint_options.hosts = project.hosts_json();
    }
    Ok(Prepared {
        policies,
        options: lint_options,
        project,
    })
}

/// Pair each `--format` with the `--output` in the same position; at most one report goes to
/// standard output.
fn report_destinations(args: &CheckArgs) -> Result<Vec<(ReportFormat, Option<PathBuf>)>, String> {
    let formats = if args.format.is_empty() {
        vec![ReportFormat::Human]
    } else {
        args.format.clone()
    };
    if args.output.len() > formats.len() {
        return Err("more --output than --format: give a --format for each --output".to_string());
    }
    let pairs: Vec<(ReportFormat, Option<PathBuf>)> = formats
        .into_iter()
        .enumerate()
        .map(|(index, format)| (format, args.output.get(index).cloned()))
        .collect();
    if pairs.iter().filter(|(_, output)| output.is_none()).count() > 1 {
        return Err(
            "several --format without --output would all write to standard output".to_string(),
        );
    }
    Ok(pairs)
}

pub fn check(args: &CheckArgs) -> i32 {
    let reports = match report_destinations(args) {
        Ok(reports) => reports,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    let Prepared {
        policies,
        mut options,
        project,
    } = match prepare(&args.lint) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    if args.repo_context || args.diff_base.is_some() {
        let root = changes::repository_root(&cwd).unwrap_or_else(|| cwd.clone());
        options.context_roots = vec![crate::pipeline::discover::display_path(&root)];
    }
    options.progress = !args.quiet
        && reports
            .iter()
            .all(|(format, _)| *format == ReportFormat::Human);
    options.parse_only = args.parse_only;
    options.parse_limits.max_file_bytes = args.max_file_size;
    let changes = match &args.diff_base {
        Some(base) => match changes::changes_since(&cwd, base) {
            Ok(changes) => Some(changes),
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let paths: Vec<PathBuf> = match &changes {
        Some(changes) => {
            let scopes: Vec<PathBuf> = args
                .lint
                .paths
                .iter()
                .map(|path| crate::pipeline::discover::absolute(path))
                .collect();
            changes
                .existing_files()
                .into_iter()
                .filter(|file| scopes.iter().any(|scope| file.starts_with(scope)))
                .filter(|file| crate::formats::is_candidate(file))
                .map(|file| crate::pipeline::discover::display_path(&file))
                .collect()
        }
        None => args.lint.paths.clone(),
    };
    let mut run = if paths.is_empty() {
        pipeline::LintRun::default()
    } else {
        pipeline::lint_paths(&paths, &policies, &options)
    };
    if let (Some(changes), false) = (&changes, args.all) {
        run.diagnostics.retain(|diagnostic| {
            changes.touches(&diagnostic.file, diagnostic.start.line, diagnostic.end.line)
        });
    }
    if let Some(path) = &args.baseline {
        match Baseline::load(path) {
            Ok(baseline) => {
                let diagnostics = std::mem::take(&mut run.diagnostics);
                let (new, accepted) = baseline.filter(diagnostics, &baseline::base_dir(path));
                run.diagnostics = new;
                run.suppressed.extend(accepted);
            }
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_ERROR;
            }
        }
    }
    if let Some(minimum) = args.severity {
        let minimum = Severity::from(minimum);
        run.diagnostics
            .retain(|diagnostic| diagnostic.severity >= minimum);
    }
    let fail_on = args
        .fail_on
        .or(project.as_ref().and_then(|project| project.file.fail_on))
        .unwrap_or(FailOn::Warning);
    if args.verbose {
        for (path, reason) in &run.skipped {
            eprintln!("skipped {}: {reason}", crate::paths::slash_path(path));
        }
        for note in &run.notes {
            eprintln!("note: {note}");
        }
    }
    let report_started = std::time::Instant::now();
    for (format, destination) in reports {
        let text = match format {
            ReportFormat::Json => report::json::render(&run),
            ReportFormat::Sarif => report::sarif::render(&run, policies.rules()),
            ReportFormat::Junit => report::junit::render(&run, policies.rules()),
            ReportFormat::Github => report::github::render(&run),
            ReportFormat::Concise => report::concise::render(&run),
            ReportFormat::Human => report::human::render(
                &run,
                &report::human::HumanOptions {
                    color: destination.is_none() && use_color(args.color),
                    quiet: args.quiet,
                    statistics: args.statistics,
                },
            ),
        };
        let written = match &destination {
            Some(path) => path
                .parent()
                .filter(|parent| !parent.as_os_str().is_empty())
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| std::fs::write(path, text.as_bytes()))
                .map_err(|error| {
                    eprintln!("error: cannot write `{}`: {error}", path.display());
                }),
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(text.as_bytes())
                    .and_then(|_| stdout.flush())
                    .map_err(|_| ())
            }
        };
        if written.is_err() {
            return EXIT_ERROR;
        }
    }
    if args.timings {
        let mut walls = run.stage_walls.clone();
        walls.push(("report", report_started.elapsed()));
        eprint!(
            "{}",
            crate::pipeline::timings::render(&walls, &run.stage_times)
        );
    }
    exit_code(&run, fail_on)
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

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn rules(args: &RulesArgs) -> i32 {
    let policies = match load_policies(&args.policies) {
        Ok(policies) => policies,
        Err(code) => return code,
    };
    let text = match args.format {
        RulesFormat::Markdown => report::rules::markdown(policies.rules()),
        RulesFormat::Json => {
            let metas: Vec<_> = policies.rules().iter().map(|rule| &rule.meta).collect();
            let mut text = serde_json::to_string_pretty(&metas).expect("plain data");
            text.push('\n');
            text
        }
        RulesFormat::Human => {
            let formats_of = |rule: &policy::Rule| match rule.meta.formats.len() {
                0 => "-".to_string(),
                7.. => "all".to_string(),
                _ => rule.meta.formats.join(","),
            };
            let width = policies
                .rules()
                .iter()
                .map(|rule| formats_of(rule).len())
                .max()
                .unwrap_or(0)
                .max("FORMATS".len());
            let mut text = format!(
                "{:<8} {:<28} {:<8} {:<width$} TITLE\n",
                "ID", "SLUG", "SEVERITY", "FORMATS"
            );
            for rule in policies.rules() {
                text.push_str(&format!(
                    "{:<8} {:<28} {:<8} {:<width$} {}\n",
                    rule.meta.id,
                    rule.meta.slug,
                    rule.meta.severity.to_string(),
                    formats_of(rule),
                    rule.meta.title
                ));
            }
            text
        }
    };
    print!("{text}");
    EXIT_CLEAN
}

fn audit(args: &AuditArgs) -> i32 {
    let policies = match load_policies(&args.policies) {
        Ok(policies) => policies,
        Err(code) => return code,
    };
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
        parse_limits: args.parse_limits.limits(),
    };
    let audit = match crate::audit::run(&policies, &options) {
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
        AuditFormat::Sarif => crate::audit::report::sarif(&audit, policies.rules()),
    };
    print!("{text}");
    EXIT_CLEAN
}

/// `YYYY-MM-DD` → Unix seconds at 00:00 UTC.
fn parse_date(text: &str) -> Option<i64> {
    crate::dates::parse(text).map(|date| crate::dates::to_days(date) * 86_400)
}

fn explain(args: &ExplainArgs) -> i32 {
    let policies = match load_policies(&args.policies) {
        Ok(policies) => policies,
        Err(code) => return code,
    };
    match report::explain::find(policies.rules(), &args.rule) {
        Some(rule) => {
            print!("{}", report::explain::explain(rule));
            EXIT_CLEAN
        }
        None => {
            eprintln!(
                "error: no rule `{}`; `vmlint rules` lists the rules",
                args.rule
            );
            EXIT_ERROR
        }
    }
}

fn test(args: &TestArgs) -> i32 {
    let options = PolicyOptions {
        no_builtin: args.no_builtin_policies,
        user_dirs: args.dirs.clone(),
        include_tests: true,
        params: serde_json::Value::Null,
        limits: EvaluationLimits::default(),
    };
    let results =
        match policy::policy_files(&options).and_then(|files| policy::testing::run(&files)) {
            Ok(results) => results,
            Err(error) => {
                eprintln!("error: {error}");
                return EXIT_ERROR;
            }
        };
    let mut failed = 0;
    for result in &results {
        match &result.failure {
            None => println!("ok    {}", result.name.trim_start_matches("data.")),
            Some(reason) => {
                failed += 1;
                println!(
                    "FAIL  {} ({}): {reason}",
                    result.name.trim_start_matches("data."),
                    result.file
                );
            }
        }
    }
    println!("{} passed, {failed} failed", results.len() - failed);
    if results.is_empty() {
        eprintln!("error: no test rules found (rules named test_* in *_test.rego files)");
        return EXIT_ERROR;
    }
    if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn inspect(args: &InspectArgs) -> i32 {
    let resolver = match args.config.resolver() {
        Ok(resolver) => resolver,
        Err(code) => return code,
    };
    let config = resolver.for_path(&args.file);
    if let Some(error) = resolver.errors().first() {
        eprintln!("error: {error}");
        return EXIT_ERROR;
    }
    let roles = config
        .map(|config| crate::model::roles::ExtraVocabulary::from_params(&config.params_json()))
        .unwrap_or_default();
    match pipeline::inspect(&args.file, args.document, &roles) {
        Ok(value) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&value).expect("plain data serializes")
            );
            EXIT_CLEAN
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

fn config_command(args: &ConfigCommandArgs) -> i32 {
    if args.schema {
        let schema = crate::config::json_schema();
        println!(
            "{}",
            serde_json::to_string_pretty(&schema).expect("plain data")
        );
        return EXIT_CLEAN;
    }
    if !args.show {
        eprintln!("error: nothing to do: use `vmlint config --show [PATH]` or `--schema`");
        return EXIT_ERROR;
    }
    let resolver = match args.config.resolver() {
        Ok(resolver) => resolver,
        Err(code) => return code,
    };
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let config = resolver.for_path(&path);
    if let Some(error) = resolver.errors().first() {
        eprintln!("error: {error}");
        return EXIT_ERROR;
    }
    match config {
        Some(config) => {
            println!("# effective configuration for {}", path.display());
            println!("# from {}", config.path.display());
            print!(
                "{}",
                toml::to_string_pretty(&config.file).unwrap_or_default()
            );
        }
        None => {
            println!("# effective configuration for {}", path.display());
            println!("# no .vmlint.toml found: every rule runs at its default severity, fail-on = \"warning\"");
        }
    }
    EXIT_CLEAN
}

fn baseline_command(command: &BaselineCommand) -> i32 {
    let (args, prune) = match command {
        BaselineCommand::Write(args) => (args, false),
        BaselineCommand::Prune(args) => (args, true),
    };
    let Prepared {
        policies, options, ..
    } = match prepare(&args.lint) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let run = pipeline::lint_paths(&args.lint.paths, &policies, &options);
    if !run.errors.is_empty() {
        for error in &run.errors {
            eprintln!("error: {}", error.message);
        }
        eprintln!("error: the baseline was not written: fix the errors above first");
        return EXIT_ERROR;
    }
    let base_dir = baseline::base_dir(&args.file);
    let (baseline, summary) = if prune {
        let existing = match Baseline::load(&args.file) {
            Ok(existing) => existing,
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_ERROR;
            }
        };
        let pruned = existing.pruned(&run.diagnostics, &base_dir);
        let dropped = existing
            .findings
            .iter()
            .map(|entry| entry.count)
            .sum::<usize>()
            - pruned
                .findings
                .iter()
                .map(|entry| entry.count)
                .sum::<usize>();
        let summary = format!("{dropped} findings no longer present were dropped");
        (pruned, summary)
    } else {
        let baseline = Baseline::from_diagnostics(&run.diagnostics, &base_dir);
        let summary = format!("{} findings recorded", run.diagnostics.len());
        (baseline, summary)
    };
    if let Err(message) = baseline.save(&args.file) {
        eprintln!("error: {message}");
        return EXIT_ERROR;
    }
    println!("{}: {summary}", args.file.display());
    EXIT_CLEAN
}

fn init_command(args: &InitArgs) -> i32 {
    match crate::init::write(&args.dir, args.force) {
        Ok(path) => {
            println!("wrote {}\n", path.display());
            print!("{}", crate::init::snippets());
            EXIT_CLEAN
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}
