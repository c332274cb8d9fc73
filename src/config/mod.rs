//! `.vmlint.toml`: finding it (walking up from each linted file, or `--config FILE`), reading
//! it strictly (an unknown key or a wrong type is an error at its file, line and column), and
//! answering what the pipeline asks: is this file excluded, which rules run on it and at what
//! severity, which parameters and extra policies the policies get.
//!
//! ```toml
//! select = ["hardware", "VML201"]      # IDs, ID prefixes, slugs or categories; default: all
//! ignore = ["VML106"]
//! fail-on = "error"                    # error | warning | info | never
//! exclude = ["legacy/**"]              # globs, relative to this file's directory
//! policies = ["policies"]              # extra Rego directories, relative to this file
//!
//! [severity]
//! VML104 = "error"                     # by ID or slug
//!
//! [[overrides]]
//! paths = ["lab/**"]
//! ignore = ["VML101"]
//! severity = { VML201 = "warning" }
//!
//! [params.usb-passthrough]             # data.vmlint.params["usb-passthrough"]
//! dongle_vendors = { "1234" = { name = "Acme licence key", kind = "dongle" } }
//! [params.roles]                        # extra words for role inference (`!word` removes one)
//! database = ["ledger"]
//! [params.role-words]                   # words that stop a guess: general, organisations, keys, clients
//! general = ["kiosk"]
//!
//! [hosts.pve-01]
//! cpus = 32
//! memory = "256GiB"
//! numa-nodes = 2                       # cpus and memory split evenly unless given per node
//! dedicated = true                     # one tenant: CPU isolation findings do not apply
//!
//! [clusters.prod]
//! hosts = ["pve-01", "pve-02", "pve-03"]
//!
//! [suppressions]
//! forbid = ["VML601"]                  # never suppressible inline
//! require-reason = true                # a suppression without reason is an error (VML001)
//! ```

mod hosts;
mod resolver;
pub use hosts::{ClusterMembers, HostCapacity};
pub use resolver::ConfigResolver;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::document::LineIndex;
use crate::paths::absolute;
use crate::policy::Rule;

pub const FILE_NAME: &str = ".vmlint.toml";

/// The `fail-on` setting.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Exit 1 for error findings.
    Error,
    /// Exit 1 for warnings and errors.
    Warning,
    /// Exit 1 for any finding.
    Info,
    /// Never exit 1 for findings (errors still exit 2).
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// vmlint's configuration file (`.vmlint.toml`). Every key is optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "vmlint configuration (.vmlint.toml)")]
pub struct ConfigFile {
    /// Run only these rules: IDs (`VML101`), ID prefixes (`VML1`), slugs or categories.
    /// Empty: every rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub select: Vec<Spanned<String>>,
    /// Do not run these rules (IDs, prefixes, slugs or categories).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub ignore: Vec<Spanned<String>>,
    /// Exit 1 when a finding is at or above this severity (default `warning`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    /// Globs of files not to lint, relative to this file; a directory means all below it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<Spanned<String>>,
    /// Extra directories of Rego policies, relative to this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<String>,
    /// Severity per rule (ID or slug).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Severity>")]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// Per-path changes, applied in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// Rule parameters, given to policies as `data.vmlint.params`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub params: BTreeMap<String, toml::Value>,
    /// Host capacity, by host or node name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hosts: BTreeMap<String, HostCapacity>,
    /// Cluster membership the definitions do not state, by cluster name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clusters: BTreeMap<String, ClusterMembers>,
    /// The suppression discipline.
    #[serde(default)]
    pub suppressions: SuppressionSettings,
}

/// Changes for the files matching `paths`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs relative to the configuration file.
    #[schemars(with = "Vec<String>")]
    pub paths: Vec<Spanned<String>>,
    /// Rules to run on these files in addition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub select: Vec<Spanned<String>>,
    /// Rules not to run on these files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub ignore: Vec<Spanned<String>>,
    /// Severities for these files.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, Severity>")]
    pub severity: BTreeMap<Spanned<String>, Severity>,
}

/// How inline suppressions are governed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SuppressionSettings {
    /// Rules that may never be suppressed inline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbid: Vec<String>,
    /// A suppression without `reason=` is an error (VML001) rather than a warning.
    #[serde(default)]
    pub require_reason: bool,
}

/// The JSON schema of `.vmlint.toml`, generated from the types above.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ConfigFile)).unwrap_or_default()
}

/// A configuration error, located in its file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ConfigError {
    /// `path:line:column`, or the path alone.
    pub location: String,
    pub message: String,
}

/// A read configuration, with its globs compiled.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// The directory globs and policy paths are relative to.
    pub dir: PathBuf,
    pub file: ConfigFile,
    source: String,
    exclude: GlobSet,
    overrides: Vec<GlobSet>,
}

fn glob_set(
    patterns: &[Spanned<String>],
    config: &Path,
    source: &str,
) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern.get_ref()).map_err(|error| ConfigError {
            location: location(config, source, pattern.span().start),
            message: format!("invalid glob `{}`: {error}", pattern.get_ref()),
        })?;
        builder.add(glob);
        // `dir` also matches everything below it.
        if !pattern.get_ref().contains('*') {
            if let Ok(below) = Glob::new(&format!("{}/**", pattern.get_ref().trim_end_matches('/')))
            {
                builder.add(below);
            }
        }
    }
    builder.build().map_err(|error| ConfigError {
        location: config.display().to_string(),
        message: error.to_string(),
    })
}

fn location(path: &Path, source: &str, offset: usize) -> String {
    let position = LineIndex::new(source).position(source, offset);
    format!("{}:{}:{}", path.display(), position.line, position.column)
}

impl Config {
    /// The file's text as read (what a cache of results keys on).
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let source = std::fs::read_to_string(path).map_err(|error| ConfigError {
            location: path.display().to_string(),
            message: format!("cannot read the configuration: {error}"),
        })?;
        Config::parse(path, source)
    }

    pub fn parse(path: &Path, source: String) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(&source).map_err(|error| ConfigError {
            location: error.span().map_or_else(
                || path.display().to_string(),
                |span| location(path, &source, span.start),
            ),
            message: error.message().trim().to_string(),
        })?;
        let dir = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let exclude = glob_set(&file.exclude, path, &source)?;
        let overrides = file
            .overrides
            .iter()
            .map(|item| glob_set(&item.paths, path, &source))
            .collect::<Result<_, _>>()?;
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            file,
            source,
            exclude,
            overrides,
        })
    }

    /// `file` relative to this configuration's directory, with forward slashes.
    fn relative(&self, file: &Path) -> Option<String> {
        let file = absolute(file);
        let dir = absolute(&self.dir);
        file.strip_prefix(&dir)
            .ok()
            .map(|relative| relative.to_string_lossy().replace('\\', "/"))
    }

    pub fn excludes(&self, file: &Path) -> bool {
        self.relative(file)
            .is_some_and(|relative| self.exclude.is_match(&relative))
    }

    /// Check that every rule reference names a loaded rule, ID prefix or category.
    pub fn validate(&self, rules: &[Rule]) -> Result<(), ConfigError> {
        let mut references: Vec<&Spanned<String>> = Vec::new();
        references.extend(self.file.select.iter().chain(self.file.ignore.iter()));
        references.extend(self.file.severity.keys());
        for item in &self.file.overrides {
            references.extend(item.select.iter().chain(item.ignore.iter()));
            references.extend(item.severity.keys());
        }
        for reference in references {
            if !rules
                .iter()
                .any(|rule| matches_rule(reference.get_ref(), rule))
            {
                return Err(ConfigError {
                    location: location(&self.path, &self.source, reference.span().start),
                    message: format!(
                        "`{}` names no loaded rule (an ID such as VML101, an ID prefix, a slug or a category)",
                        reference.get_ref()
                    ),
                });
            }
        }
        hosts::validate(&self.file.hosts, &self.file.clusters).map_err(|message| ConfigError {
            location: self.path.display().to_string(),
            message,
        })?;
        Ok(())
    }

    /// `[hosts]` and `[clusters]` as repository rules read them at `input.hosts`.
    pub fn hosts_json(&self) -> serde_json::Value {
        hosts::hosts_input(&self.file.hosts, &self.file.clusters)
    }

    /// `[params]` as the JSON policies read at `data.vmlint.params`.
    pub fn params_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.file.params).unwrap_or_default()
    }

    /// Extra policy directories, resolved against this file's directory.
    pub fn policy_dirs(&self) -> Vec<PathBuf> {
        self.file
            .policies
            .iter()
            .map(|dir| self.dir.join(dir))
            .collect()
    }
}

/// Does a `select`/`ignore`/`severity` entry name this rule? By ID (any case), ID prefix
/// (`VML1`), slug or category.
pub fn matches_rule(entry: &str, rule: &Rule) -> bool {
    let id = &rule.meta.id;
    entry.eq_ignore_ascii_case(id)
        || entry == rule.meta.slug
        || (!rule.meta.category.is_empty() && entry == rule.meta.category)
        || (entry.len() < id.len()
            && entry.chars().any(|c| c.is_ascii_digit())
            && id
                .to_ascii_uppercase()
                .starts_with(&entry.to_ascii_uppercase()))
        || entry.eq_ignore_ascii_case("all")
}

/// Rule selection and severity given on the command line (they win over the configuration).
#[derive(Debug, Clone, Default)]
pub struct CliSelection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// For each loaded rule (by index): `None` when it does not run on a file, else the severity
/// it reports at (`None` inside means: as the rule says).
pub type Selection = Vec<Option<Option<Severity>>>;

fn entry_matches(entries: &[Spanned<String>], rule: &Rule) -> bool {
    entries
        .iter()
        .any(|entry| matches_rule(entry.get_ref(), rule))
}

fn severity_for(map: &BTreeMap<Spanned<String>, Severity>, rule: &Rule) -> Option<Severity> {
    map.iter()
        .find(|(entry, _)| matches_rule(entry.get_ref(), rule))
        .map(|(_, severity)| *severity)
}

/// Which rules run on `file` and at what severity.
pub fn selection(
    config: Option<&Config>,
    cli: &CliSelection,
    rules: &[Rule],
    file: &Path,
) -> Selection {
    rules
        .iter()
        .map(|rule| {
            let mut enabled = true;
            let mut severity = None;
            if let Some(config) = config {
                let file_config = &config.file;
                if !file_config.select.is_empty() {
                    enabled = entry_matches(&file_config.select, rule);
                }
                if entry_matches(&file_config.ignore, rule) {
                    enabled = false;
                }
                severity = severity_for(&file_config.severity, rule);
                let relative = config.relative(file);
                for (item, globs) in file_config.overrides.iter().zip(&config.overrides) {
                    if !relative
                        .as_ref()
                        .is_some_and(|relative| globs.is_match(relative))
                    {
                        continue;
                    }
                    if entry_matches(&item.select, rule) {
                        enabled = true;
                    }
                    if entry_matches(&item.ignore, rule) {
                        enabled = false;
                    }
                    if let Some(overridden) = severity_for(&item.severity, rule) {
                        severity = Some(overridden);
                    }
                }
            }
            if !cli.select.is_empty() {
                enabled = cli.select.iter().any(|entry| matches_rule(entry, rule));
            }
            if cli.ignore.iter().any(|entry| matches_rule(entry, rule)) {
                enabled = false;
            }
            enabled.then_some(severity)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{PolicyOptions, PolicySet};

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("repo/.vmlint.toml"), text.to_string())
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_located() {
        let error = parse("select = [\"VML101\"]\n\n[suppressions]\nforbidd = []\n").unwrap_err();
        assert_eq!(error.location, "repo/.vmlint.toml:4:1");
        assert!(
            error.message.contains("unknown field `forbidd`"),
            "{}",
            error.message
        );
        let error = parse("fail-on = 3\n").unwrap_err();
        assert_eq!(error.location, "repo/.vmlint.toml:1:11");
        let error = parse("[severity]\nVML101 = \"fatal\"\n").unwrap_err();
        assert_eq!(error.location, "repo/.vmlint.toml:2:10");
    }

    #[test]
    fn unknown_rule_references_are_located() {
        let policies = PolicySet::load(&PolicyOptions::default()).unwrap();
        let config = parse("ignore = [\"VML101\", \"VML999\"]\n").unwrap();
        let error = config.validate(policies.rules()).unwrap_err();
        assert_eq!(error.location, "repo/.vmlint.toml:1:21");
    }

    #[test]
    fn selection_by_id_prefix_slug_category_with_overrides() {
        let policies = PolicySet::load(&PolicyOptions::default()).unwrap();
        let rules = policies.rules();
        let config = parse(
            "select = [\"hardware\"]\nignore = [\"pci-passthrough\"]\n[severity]\nVML101 = \"info\"\n\n[[overrides]]\npaths = [\"lab\"]\nselect = [\"VML2\"]\nignore = [\"VML101\"]\n",
        )
        .unwrap();
        // A fixed sample of the pack, so that adding a rule does not change the expectations.
        let sample = ["VML101", "VML104", "VML105", "VML106", "VML201", "VML502"];
        let ids = |selection: Selection| -> Vec<(String, Option<Severity>)> {
            rules
                .iter()
                .zip(selection)
                .filter(|(rule, _)| sample.contains(&rule.meta.id.as_str()))
                .filter_map(|(rule, chosen)| {
                    chosen.map(|severity| (rule.meta.id.clone(), severity))
                })
                .collect()
        };
        let cli = CliSelection::default();
        assert_eq!(
            ids(selection(
                Some(&config),
                &cli,
                rules,
                Path::new("repo/prod/a.tf")
            )),
            vec![
                ("VML101".to_string(), Some(Severity::Info)),
                ("VML105".to_string(), None),
                ("VML106".to_string(), None)
            ]
        );
        assert_eq!(
            ids(selection(
                Some(&config),
                &cli,
                rules,
                Path::new("repo/lab/b.tf")
            )),
            vec![
                ("VML105".to_string(), None),
                ("VML106".to_string(), None),
                ("VML201".to_string(), None)
            ]
        );
        let cli = CliSelection {
            select: vec!["VML104".into()],
            ignore: vec![],
        };
        assert_eq!(
            ids(selection(
                Some(&config),
                &cli,
                rules,
                Path::new("repo/prod/a.tf")
            )),
            vec![("VML104".to_string(), None)]
        );
    }

    #[test]
    fn excludes_are_relative_to_the_config_directory() {
        let config = parse("exclude = [\"legacy\", \"**/*.tf.json\"]\n").unwrap();
        assert!(config.excludes(Path::new("repo/legacy/old.tf")));
        assert!(config.excludes(Path::new("repo/x/gen.tf.json")));
        assert!(!config.excludes(Path::new("repo/x/main.tf")));
        assert!(!config.excludes(Path::new("other/legacy/old.tf")));
    }
}
