//! The command line: argument parsing (clap) and dispatch. One file per command, its arguments
//! beside it; `args.rs` holds the groups several commands share, `output.rs` standard output.
//! Each command returns the process exit code — 0 clean, 1 findings at or above `--fail-on`,
//! 2 usage, policy, parse or I/O errors.

pub mod args;
pub mod audit;
pub mod baseline;
pub mod cache;
pub mod check;
pub mod config;
pub mod explain;
pub mod init;
pub mod inspect;
pub mod lsp;
pub mod merge;
pub mod output;
pub mod rules;
pub mod test;

use clap::{Parser, Subcommand};

pub use check::exit_code;

/// `vmlint --version`: the version and the commit it was built from.
pub const VERSION: &str = crate::BUILD_VERSION;

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "vmlint",
    version = VERSION,
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
    Check(check::CheckArgs),
    /// List the rules of the loaded policies.
    ///
    /// Example: vmlint rules --policy ./my-policies
    Rules(rules::RulesArgs),
    /// Explain one rule: why it matters, an example that fires, the fix, how to suppress it.
    ///
    /// Example: vmlint explain VML101   (or: vmlint explain usb-passthrough)
    Explain(explain::ExplainArgs),
    /// Run the Rego unit tests (`test_*` rules in `*_test.rego`) of the built-in pack and of
    /// the given policy directories.
    ///
    /// Example: vmlint test ./my-policies
    Test(test::TestArgs),
    /// Print what policies receive as `input` for a file: its format and workloads (and with
    /// `--document`, the parsed document), as JSON.
    ///
    /// Example: vmlint inspect qemu-server/100.conf
    Inspect(inspect::InspectArgs),
    /// Show the configuration that applies to a path.
    ///
    /// Example: vmlint config --show infra/lab
    Config(config::ConfigCommandArgs),
    /// Record today's findings so that `check --baseline` reports only new ones.
    ///
    /// Example: vmlint baseline write infra/ && vmlint check infra/ --baseline .vmlint-baseline.json
    #[command(subcommand)]
    Baseline(baseline::BaselineCommand),
    /// Write a commented .vmlint.toml (every setting at its default) and print the snippets
    /// for pre-commit and GitHub Actions.
    ///
    /// Example: vmlint init && git add .vmlint.toml
    Init(init::InitArgs),
    /// Manage the result cache (`.vmlint-cache/`) that answers a run over an unchanged tree.
    ///
    /// Example: vmlint cache clean
    #[command(subcommand)]
    Cache(cache::CacheCommand),
    /// Walk the git history: when each finding came in, when it left, whether it is still there.
    /// Today's .vmlint.toml (ignore, select, params, [hosts], overrides) and the command
    /// line's selection judge every commit; inline suppressions come from each commit's files.
    ///
    /// Example: vmlint audit --since 2025-01-01 --format csv > findings.csv
    Audit(audit::AuditArgs),
    /// Complete the partial results of shards (`check --shard K/N --format partial`, `audit
    /// --repos FILE --shard K/N --format partial`) into the reports one machine would print.
    ///
    /// Example: vmlint merge shards/*.json --format sarif --output vmlint.sarif
    Merge(merge::MergeArgs),
    /// Serve diagnostics, quick fixes and rule explanations to an editor (Language Server
    /// Protocol over stdin/stdout).
    ///
    /// Example: (from an editor's LSP configuration) vmlint lsp
    Lsp(lsp::LspArgs),
    /// Print a shell completion script.
    ///
    /// Example: vmlint completions bash > /etc/bash_completion.d/vmlint
    Completions(init::CompletionsArgs),
    /// Print the manual page (roff).
    ///
    /// Example: vmlint man > /usr/local/share/man/man1/vmlint.1
    Man,
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
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Audit(args) => audit::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Config(args) => config::run(&args),
        Command::Baseline(command) => baseline::run(&command),
        Command::Init(args) => init::run(&args),
        Command::Cache(command) => cache::run(&command),
        Command::Completions(args) => init::completions(&args),
        Command::Man => init::man(),
    }
}
