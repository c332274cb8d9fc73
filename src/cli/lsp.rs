//! `vmlint lsp`: the language server on stdin/stdout, opened on the same project as `check`
//! (configuration validated, the same resource limits).

use super::args::ProjectArgs;
use super::{EXIT_CLEAN, EXIT_ERROR};

#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Accepted for clients that always pass it: stdin/stdout is the only transport.
    #[arg(long)]
    pub stdio: bool,
    #[command(flatten)]
    pub project: ProjectArgs,
}

pub fn run(args: &LspArgs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_default();
    match crate::lsp::run(args.project.spec(&cwd)) {
        Ok(()) => EXIT_CLEAN,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}
