//! `vmlint explain RULE`: why a rule matters, an example that fires, the fix, how to suppress.

use super::args::PolicyArgs;
use super::{output, EXIT_CLEAN, EXIT_ERROR};
use crate::report;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The rule's ID (VML101) or slug (usb-passthrough).
    #[arg(value_name = "RULE")]
    pub rule: String,
    #[command(flatten)]
    pub policies: PolicyArgs,
}

pub fn run(args: &ExplainArgs) -> i32 {
    let policies = match super::rules::load(&args.policies) {
        Ok(policies) => policies,
        Err(code) => return code,
    };
    match report::explain::find(policies.rules(), &args.rule) {
        Some(rule) => output::print_then(&report::explain::explain(rule), EXIT_CLEAN),
        None => {
            eprintln!(
                "error: no rule `{}`; `vmlint rules` lists the rules",
                args.rule
            );
            EXIT_ERROR
        }
    }
}
