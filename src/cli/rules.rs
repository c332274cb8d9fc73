//! `vmlint rules`: the loaded rules as a table, JSON, or the Markdown reference (`docs/rules.md`).

use clap::ValueEnum;

use super::args::PolicyArgs;
use super::{output, EXIT_CLEAN, EXIT_ERROR};
use crate::policy::{self, PolicySet};
use crate::report;

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    #[command(flatten)]
    pub policies: PolicyArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesFormat {
    Human,
    Json,
    /// The rule reference (docs/rules.md).
    Markdown,
}

/// The policies `args` ask for (no project: the rule list does not depend on files).
pub fn load(args: &PolicyArgs) -> Result<PolicySet, i32> {
    PolicySet::load(&args.options()).map_err(|error| {
        eprintln!("error: {error}");
        EXIT_ERROR
    })
}

pub fn run(args: &RulesArgs) -> i32 {
    let policies = match load(&args.policies) {
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
    output::print_then(&text, EXIT_CLEAN)
}
