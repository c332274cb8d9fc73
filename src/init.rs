//! `vmlint init`: a commented `.vmlint.toml` with every setting at its default, and the
//! snippets that wire vmlint into pre-commit and GitHub Actions.

use std::path::Path;

/// Where TOML editors (taplo / Even Better TOML) find the schema of `.vmlint.toml`.
pub const SCHEMA_URL: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/raw/main/schemas/vmlint-config.schema.json"
);

/// The configuration `vmlint init` writes: every key, at its default, explained.
pub fn template() -> String {
    format!(
        r#"#:schema {SCHEMA_URL}
# vmlint configuration. Every key is optional; the values below are the defaults.
# vmlint reads the nearest .vmlint.toml in a linted file's directory or above.

# Rules to run: IDs (VML101), ID prefixes (VML1), slugs (usb-passthrough) or categories
# (hardware, realtime, storage, network, operations, suppressions). Empty: every rule.
select = []

# Rules not to run.
ignore = []

# Exit 1 when a finding is at or above this severity: error, warning, info or never.
fail-on = "warning"

# Globs of files not to lint, relative to this file; a directory means everything below it.
exclude = []

# Extra directories of Rego policies (your own rules), relative to this file.
policies = []

# Severity per rule, by ID or slug: error, warning or info.
[severity]
# VML104 = "error"

# Per-path changes, applied in order to the files matching `paths`.
# [[overrides]]
# paths = ["lab/**"]
# ignore = ["VML101"]
# severity = {{ VML201 = "warning" }}

# Rule parameters, given to policies as data.vmlint.params["<slug>"]; each rule's README
# (vmlint explain <rule>) lists its own.
[params]
# [params.usb-passthrough]
# dongle_vendors = {{ "1234" = {{ name = "Acme licence key", kind = "dongle" }} }}
# [params.roles]            # words your names use, added to role inference
# database = ["ledger"]

# Host capacity, by host or node name, for rules that judge a host's load.
[hosts]
# [hosts.pve-01]
# cpus = 32
# memory = "256GiB"

# How inline suppressions (# vmlint:ignore VML101 reason="…" until=YYYY-MM-DD) are governed.
[suppressions]
# Rules that may never be suppressed inline.
forbid = []
# A suppression without reason= is an error (VML001) rather than a warning.
require-reason = false
"#
    )
}

/// What to add to `.pre-commit-config.yaml` and to a GitHub workflow.
pub fn snippets() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let version = env!("CARGO_PKG_VERSION");
    format!(
        r#"Add vmlint to .pre-commit-config.yaml:

  repos:
    - repo: {repository}-pre-commit   # the prebuilt wheel; {repository} builds from source
      rev: v{version}
      hooks:
        - id: vmlint

Add a GitHub workflow (.github/workflows/vmlint.yml):

  name: vmlint
  on: pull_request
  permissions:
    contents: read
    security-events: write
  jobs:
    vmlint:
      runs-on: ubuntu-24.04
      steps:
        - uses: actions/checkout@v7
          with:
            fetch-depth: 0
            persist-credentials: false
        - uses: vmlint/vmlint@v{version}   # installs the release binary (SHA-256 checked)
          with:
            diff-base: ${{{{ github.event.pull_request.base.sha }}}}
"#
    )
}

/// Write the template into `dir`; refuses to overwrite unless `force`.
pub fn write(dir: &Path, force: bool) -> Result<std::path::PathBuf, String> {
    let path = dir.join(crate::config::FILE_NAME);
    if path.exists() && !force {
        return Err(format!(
            "{} already exists: use --force to overwrite it",
            path.display()
        ));
    }
    std::fs::write(&path, template())
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_template_is_a_valid_configuration() {
        let config = Config::parse(Path::new(".vmlint.toml"), template()).expect("parses");
        assert_eq!(config.file.fail_on, Some(crate::config::FailOn::Warning));
        assert!(!config.file.suppressions.require_reason);
    }
}
