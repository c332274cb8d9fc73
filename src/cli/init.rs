//! `vmlint init` (a commented `.vmlint.toml` and the CI snippets), `vmlint completions` and
//! `vmlint man`: the commands that write files or text about vmlint itself.

use std::path::PathBuf;

use super::{output, Cli, EXIT_CLEAN, EXIT_ERROR};

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// The directory to write .vmlint.toml into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing .vmlint.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

pub fn run(args: &InitArgs) -> i32 {
    match crate::init::write(&args.dir, args.force) {
        Ok(path) => {
            let text = format!("wrote {}\n\n{}", path.display(), crate::init::snippets());
            output::print_then(&text, EXIT_CLEAN)
        }
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_ERROR
        }
    }
}

/// A shell completion script.
pub fn completions(args: &CompletionsArgs) -> i32 {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "vmlint", &mut script);
    output::print_then(&String::from_utf8_lossy(&script), EXIT_CLEAN)
}

/// The manual page (roff).
pub fn man() -> i32 {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    match clap_mangen::Man::new(command).render(&mut page) {
        Ok(()) => output::print_then(&String::from_utf8_lossy(&page), EXIT_CLEAN),
        Err(_) => EXIT_ERROR,
    }
}
