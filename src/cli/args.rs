//! The argument groups several commands share: how a project is opened (configuration,
//! policies, rule selection, limits) and how human output is coloured. A command's own
//! arguments live beside it.

use std::path::{Path, PathBuf};

use crate::config::{CliSelection, Config, ConfigResolver};
use crate::diagnostic::Severity;
use crate::limits::{EvaluationLimits, ParseLimits};
use crate::policy::PolicyOptions;
use crate::project::{ConfigChoice, Project, ProjectSpec};

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
    pub fn options(&self) -> PolicyOptions {
        PolicyOptions {
            no_builtin: self.no_builtin_policies,
            user_dirs: self.policy_dirs.clone(),
            include_tests: false,
            params: serde_json::Value::Null,
            limits: self.limits(),
        }
    }

    pub fn limits(&self) -> EvaluationLimits {
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
    pub fn limits(&self) -> ParseLimits {
        ParseLimits {
            max_depth: self.max_depth,
            max_documents: self.max_documents,
            max_alias_nodes: self.max_yaml_alias_nodes,
            // `check` sets it from `--max-file-size`; `audit` has `--max-blob-size`.
            ..ParseLimits::default()
        }
    }
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
    /// Which configuration these flags ask for.
    pub fn choice(&self) -> ConfigChoice {
        match (&self.config, self.no_config) {
            (_, true) => ConfigChoice::Ignore,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            (None, false) => ConfigChoice::Discover,
        }
    }

    /// The resolver these flags ask for; a `--config` file that cannot be read is an error.
    pub fn resolver(&self) -> Result<ConfigResolver, String> {
        match self.choice() {
            ConfigChoice::Ignore => Ok(ConfigResolver::fixed(None)),
            ConfigChoice::File(path) => Config::load(&path)
                .map(|config| ConfigResolver::fixed(Some(config)))
                .map_err(|error| error.to_string()),
            ConfigChoice::Discover => Ok(ConfigResolver::discover()),
        }
    }
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
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

/// Rule selection on the command line.
#[derive(clap::Args, Debug, Clone)]
pub struct SelectionArgs {
    /// Run only these rules (IDs, ID prefixes, slugs or categories; comma-separated or
    /// repeated). Replaces the configuration's `select`.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules (added to the configuration's `ignore`).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
}

/// Values for the root Terraform modules, as `terraform plan` takes them.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TerraformArgs {
    /// A tfvars file for the root modules linted (after terraform.tfvars and *.auto.tfvars,
    /// in the order given), as `terraform plan -var-file`.
    #[arg(long = "var-file", value_name = "FILE", help_heading = "Terraform")]
    pub var_files: Vec<PathBuf>,
    /// A variable value for the root modules linted, as `terraform plan -var`; wins over files.
    #[arg(long = "var", value_name = "NAME=VALUE", help_heading = "Terraform")]
    pub vars: Vec<String>,
}

/// Everything that opens a project: configuration, policies, selection, limits.
#[derive(clap::Args, Debug, Clone)]
pub struct ProjectArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,
    #[command(flatten)]
    pub terraform: TerraformArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub policies: PolicyArgs,
    #[command(flatten)]
    pub parse_limits: ParseLimitArgs,
}

impl ProjectArgs {
    /// The project these arguments describe, rooted at `root`.
    pub fn spec(&self, root: &Path) -> ProjectSpec {
        ProjectSpec {
            root: root.to_path_buf(),
            config: self.config.choice(),
            policy_dirs: self.policies.policy_dirs.clone(),
            no_builtin_policies: self.policies.no_builtin_policies,
            evaluation_limits: self.policies.limits(),
            parse_limits: self.parse_limits.limits(),
            selection: CliSelection {
                select: self.selection.select.clone(),
                ignore: self.selection.ignore.clone(),
            },
            follow_symlinks: false,
            terraform_vars: crate::project::TerraformVars {
                files: self.terraform.var_files.clone(),
                values: self.terraform.vars.clone(),
            },
        }
    }

    /// Open the project at `root`; the error is printed, and the exit code returned.
    pub fn open(&self, root: &Path) -> Result<Project, i32> {
        open(&self.spec(root))
    }
}

/// Open a project, printing why it cannot be.
pub fn open(spec: &ProjectSpec) -> Result<Project, i32> {
    Project::open(spec).map_err(|message| {
        eprintln!("error: {message}");
        super::EXIT_ERROR
    })
}

/// What every linting command shares: the paths and the project.
#[derive(clap::Args, Debug, Clone)]
pub struct LintArgs {
    /// Files or directories to lint (directories are walked honouring .gitignore).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Follow symbolic links inside directories, wherever they point (off by default: a link
    /// may lead out of the repository under review).
    #[arg(long)]
    pub follow_symlinks: bool,
}

impl LintArgs {
    /// The project of the first path linted.
    pub fn spec(&self) -> ProjectSpec {
        let first = self
            .paths
            .first()
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        ProjectSpec {
            follow_symlinks: self.follow_symlinks,
            ..self.project.spec(&first)
        }
    }
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour what goes to standard output.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Where the result cache lives (`check`, `cache clean`).
#[derive(clap::Args, Debug, Clone)]
pub struct CacheDirArgs {
    /// The cache directory: a `check` over an unchanged tree is answered from it.
    #[arg(
        long,
        value_name = "DIR",
        default_value = ".vmlint-cache",
        env = "VMLINT_CACHE_DIR"
    )]
    pub cache_dir: PathBuf,
}

/// What `check` and `merge` share: which findings are reported, where, how, and the exit code.
#[derive(clap::Args, Debug, Clone)]
pub struct FindingsArgs {
    /// Report only findings that this baseline does not accept (see `vmlint baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the report of the `--format` in the same position to FILE (formats without an
    /// `--output` go to standard output).
    #[arg(long, value_name = "FILE")]
    pub output: Vec<PathBuf>,
    /// Exit 1 when a finding is at or above this severity [default: the configuration's
    /// `fail-on`, else warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<crate::config::FailOn>,
    /// Report only findings at or above this severity.
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Human output: a count per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Human output: only the findings, no summary line or progress.
    #[arg(long, short)]
    pub quiet: bool,
}

impl FindingsArgs {
    /// `--fail-on`, else the configuration's `fail-on`, else warning.
    pub fn fail_on(&self, project: &crate::project::Project) -> crate::config::FailOn {
        self.fail_on
            .or(project.fail_on())
            .unwrap_or(crate::config::FailOn::Warning)
    }

    /// The `--baseline` read, with its path.
    pub fn baseline(
        &self,
    ) -> Result<Option<(crate::pipeline::baseline::Baseline, PathBuf)>, String> {
        self.baseline
            .as_ref()
            .map(|path| {
                Ok((
                    crate::pipeline::baseline::Baseline::load(path)?,
                    path.clone(),
                ))
            })
            .transpose()
    }
}
