//! `vmlint inspect FILE`: what policies receive as `input` for a file, as JSON — read through
//! the same project (configuration, limits, role words) as `check`.

use std::path::PathBuf;

use super::args::ProjectArgs;
use super::{output, EXIT_CLEAN, EXIT_ERROR};

#[derive(clap::Args, Debug)]
pub struct InspectArgs {
    /// The file to read.
    pub file: PathBuf,
    /// Include the parsed document tree (`input.document`).
    #[arg(long)]
    pub document: bool,
    #[command(flatten)]
    pub project: ProjectArgs,
}

pub fn run(args: &InspectArgs) -> i32 {
    let project = match args.project.open(&args.file) {
        Ok(project) => project,
        Err(code) => return code,
    };
    match crate::pipeline::inspect::inspect(&args.file, args.document, &project.options) {
        Ok(value) => {
            let text = serde_json::to_string_pretty(&value).expect("plain data serializes");
            output::print_then(&format!("{text}\n"), EXIT_CLEAN)
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}
