//! `vmlint baseline write|prune`: record today's findings so that `check --baseline` reports
//! only new ones, and drop the entries no finding matches any more.

use std::path::PathBuf;

use clap::Subcommand;

use super::args::LintArgs;
use super::{output, EXIT_CLEAN, EXIT_ERROR};
use crate::pipeline;
use crate::pipeline::baseline::{self, Baseline};

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

pub fn run(command: &BaselineCommand) -> i32 {
    let (args, prune) = match command {
        BaselineCommand::Write(args) => (args, false),
        BaselineCommand::Prune(args) => (args, true),
    };
    let project = match super::args::open(&args.lint.spec()) {
        Ok(project) => project,
        Err(code) => return code,
    };
    let run = pipeline::lint_paths(&args.lint.paths, &project.policies, &project.options);
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
    output::print_then(&format!("{}: {summary}\n", args.file.display()), EXIT_CLEAN)
}
