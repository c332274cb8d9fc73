//! The front door: one way to open a project. A [`Project`] resolves, once and for every
//! command — `check`, `baseline`, `inspect`, `lsp`, `audit` — the configuration (the nearest
//! `.vmlint.toml`, `--config` or none), the policies (built-in pack, the configuration's
//! policy directories, `--policy`) with the configuration's params, the command line's rule
//! selection, the hosts, the parse and evaluation limits; it validates the configuration
//! against the loaded rules; and it hands the pipeline its [`LintOptions`]. The front-ends then
//! differ only in where files come from (the source tree) and where findings go.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{CliSelection, Config, ConfigResolver, FailOn};
use crate::limits::{EvaluationLimits, ParseLimits};
use crate::pipeline::source::SourceTree;
use crate::pipeline::{LintOptions, Sources};
use crate::policy::{PolicyOptions, PolicySet};

/// Which configuration applies.
#[derive(Debug, Clone, Default)]
pub enum ConfigChoice {
    /// The nearest `.vmlint.toml` of each file (the default).
    #[default]
    Discover,
    /// This file for every file (`--config`).
    File(PathBuf),
    /// None (`--no-config`).
    Ignore,
}

/// What a command asks of a project: everything the command line can say.
#[derive(Debug, Clone, Default)]
pub struct ProjectSpec {
    /// Where the project is: the first path linted, the workspace, the repository's top.
    pub root: PathBuf,
    pub config: ConfigChoice,
    /// `--policy` directories.
    pub policy_dirs: Vec<PathBuf>,
    pub no_builtin_policies: bool,
    pub evaluation_limits: EvaluationLimits,
    pub parse_limits: ParseLimits,
    /// `--select`, `--ignore`.
    pub selection: CliSelection,
    pub follow_symlinks: bool,
    /// `--var-file` and `--var`: values for the root Terraform modules linted.
    pub terraform_vars: TerraformVars,
}

/// Terraform variable values given on the command line, in Terraform's order (var files,
/// then single values; later wins).
#[derive(Debug, Clone, Default)]
pub struct TerraformVars {
    pub files: Vec<PathBuf>,
    /// `NAME=VALUE`: the value is an HCL expression when it parses as a literal one (a
    /// number, a list, an object), else a string, as Terraform reads `-var`.
    pub values: Vec<String>,
}

impl TerraformVars {
    /// The var files and values as tfvars documents (a value as a document of its own).
    pub fn documents(&self) -> Result<Vec<Arc<crate::document::Document>>, String> {
        let mut documents = Vec::new();
        for file in &self.files {
            let text = std::fs::read_to_string(file)
                .map_err(|error| format!("--var-file {}: {error}", file.display()))?;
            let format = match file.to_string_lossy().ends_with(".json") {
                true => crate::formats::Format::TerraformJson,
                false => crate::formats::Format::Terraform,
            };
            let document = crate::formats::parse(format, file.clone(), Arc::from(text.as_str()))
                .map_err(|error| {
                    let at = error.span.map_or(0, |span| span.start).min(text.len());
                    let line = crate::document::LineIndex::new(&text)
                        .position(&text, at)
                        .line;
                    format!("--var-file {}:{line}: {}", file.display(), error.message)
                })?;
            documents.push(Arc::new(document));
        }
        for value in &self.values {
            let Some((name, raw)) = value.split_once('=') else {
                return Err(format!("--var {value}: expected NAME=VALUE"));
            };
            let name = name.trim();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(format!("--var {value}: `{name}` is not a variable name"));
            }
            let as_expression = format!("{name} = {raw}\n");
            let as_string = format!("{name} = {}\n", serde_json::Value::String(raw.to_string()));
            let path = PathBuf::from(format!("(--var {name})"));
            let literal = crate::formats::parse(
                crate::formats::Format::Terraform,
                path.clone(),
                Arc::from(as_expression.as_str()),
            )
            .ok()
            .filter(|document| {
                document
                    .tree
                    .get(name)
                    .is_some_and(|value| !value.as_str().is_some_and(crate::model::is_computed))
            });
            let document = match literal {
                Some(document) => document,
                None => crate::formats::parse(
                    crate::formats::Format::Terraform,
                    path,
                    Arc::from(as_string.as_str()),
                )
                .map_err(|error| format!("--var {value}: {}", error.message))?,
            };
            documents.push(Arc::new(document));
        }
        Ok(documents)
    }
}

/// An opened project.
pub struct Project {
    pub policies: PolicySet,
    /// The configuration that governs the project's root (params, hosts, policy directories,
    /// `fail-on`); files below may have nearer ones, which `options.configs` resolves.
    pub config: Option<Arc<Config>>,
    /// What the pipeline needs, ready.
    pub options: LintOptions,
    spec: ProjectSpec,
}

impl Project {
    /// Resolve and validate everything `spec` asks for. The error is one sentence naming the
    /// file and place at fault (a configuration that does not parse, a policy that does not
    /// compile, a rule the configuration names that does not exist).
    pub fn open(spec: &ProjectSpec) -> Result<Project, String> {
        let configs = match &spec.config {
            ConfigChoice::Ignore => ConfigResolver::fixed(None),
            ConfigChoice::File(path) => {
                ConfigResolver::fixed(Some(Config::load(path).map_err(|error| error.to_string())?))
            }
            ConfigChoice::Discover => ConfigResolver::discover(),
        };
        let config = configs.for_path(&spec.root);
        if let Some(error) = configs.errors().first() {
            return Err(error.to_string());
        }
        let mut policy_options = PolicyOptions {
            no_builtin: spec.no_builtin_policies,
            user_dirs: spec.policy_dirs.clone(),
            include_tests: false,
            params: serde_json::Value::Null,
            limits: spec.evaluation_limits,
        };
        if let Some(config) = &config {
            policy_options.user_dirs.extend(config.policy_dirs());
            policy_options.params = config.params_json();
        }
        let policies = PolicySet::load(&policy_options).map_err(|error| error.to_string())?;
        if let Some(config) = &config {
            config
                .validate(policies.rules())
                .map_err(|error| error.to_string())?;
        }
        let options = LintOptions {
            configs,
            cli: spec.selection.clone(),
            parse_limits: spec.parse_limits,
            follow_symlinks: spec.follow_symlinks,
            hosts: config
                .as_ref()
                .map_or_else(|| serde_json::json!({}), |config| config.hosts_json()),
            ..LintOptions::default()
        };
        let mut options = options;
        options.sources.root_values = spec.terraform_vars.documents()?.into();
        Ok(Project {
            policies,
            config,
            options,
            spec: spec.clone(),
        })
    }

    /// The same project read from another source tree (the editor's buffers, a commit).
    pub fn with_tree(mut self, tree: Arc<dyn SourceTree>) -> Self {
        let root_values = self.options.sources.root_values.clone();
        self.options.sources = Sources::new(tree);
        self.options.sources.root_values = root_values;
        self
    }

    /// The `fail-on` of the configuration, if it sets one.
    pub fn fail_on(&self) -> Option<FailOn> {
        self.config.as_ref().and_then(|config| config.file.fail_on)
    }

    /// What the project was opened from.
    pub fn spec(&self) -> &ProjectSpec {
        &self.spec
    }

    /// The project opened again (the configuration changed on disk), keeping its source tree.
    pub fn reopen(&self) -> Result<Project, String> {
        let sources = self.options.sources.clone();
        let mut project = Project::open(&self.spec)?;
        project.options.sources = sources;
        Ok(project)
    }

    /// A key that changes whenever a result of this project could: the policies (text, rule
    /// set, params), the configuration's text, the command line's selection and the limits.
    /// The audit keys its cache of blob findings on it.
    pub fn fingerprint(&self) -> String {
        let mut parts = self.policy_parts();
        parts.extend(self.config_parts());
        parts.extend(self.options_parts());
        stable_hash(&parts)
    }

    /// A hash of the policy set alone: the policy texts and the rules they define (a shard's
    /// partial result records it; `merge` refuses partials of another policy set).
    pub fn policy_hash(&self) -> String {
        stable_hash(&self.policy_parts())
    }

    /// A hash of the configuration's text (params, hosts, overrides, selection).
    pub fn config_hash(&self) -> String {
        stable_hash(&self.config_parts())
    }

    /// A hash of the command line's part: its rule selection, the limits and the Terraform
    /// values (what the per-file stage reads besides the configuration).
    pub fn options_hash(&self) -> String {
        stable_hash(&self.options_parts())
    }

    fn policy_parts(&self) -> Vec<String> {
        let mut user_dirs = self.spec.policy_dirs.clone();
        if let Some(config) = &self.config {
            user_dirs.extend(config.policy_dirs());
        }
        let mut parts: Vec<String> = crate::policy::policy_files(&PolicyOptions {
            no_builtin: self.spec.no_builtin_policies,
            user_dirs,
            ..PolicyOptions::default()
        })
        .unwrap_or_default()
        .into_iter()
        .map(|file| file.contents)
        .collect();
        parts.extend(
            self.policies
                .rules()
                .iter()
                .map(|rule| rule.meta.id.clone()),
        );
        parts
    }

    fn config_parts(&self) -> Vec<String> {
        vec![self
            .config
            .as_ref()
            .map_or_else(String::new, |config| config.source().to_string())]
    }

    fn options_parts(&self) -> Vec<String> {
        let mut parts = vec![format!(
            "{:?} {:?} {:?}",
            self.spec.selection, self.spec.parse_limits, self.spec.evaluation_limits
        )];
        // Command-line Terraform values change what root modules deploy.
        parts.extend(
            self.options
                .sources
                .root_values
                .iter()
                .map(|document| document.source.to_string()),
        );
        parts
    }
}

/// A stable hash (FNV-1a, hex) of the vmlint version and the policy texts.
fn stable_hash(texts: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(crate::BUILD_VERSION.as_bytes());
    for text in texts {
        feed(text.as_bytes());
        feed(&[0]);
    }
    format!("{hash:016x}")
}
