//! `vmlint config`: the effective configuration for a path, or the JSON schema of
//! `.vmlint.toml`.

use std::path::PathBuf;

use super::args::ConfigArgs;
use super::{output, EXIT_CLEAN, EXIT_ERROR};

#[derive(clap::Args, Debug)]
pub struct ConfigCommandArgs {
    /// Print the effective configuration for PATH (default: the current directory).
    #[arg(long)]
    pub show: bool,
    /// Print the JSON schema of .vmlint.toml.
    #[arg(long, conflicts_with = "show")]
    pub schema: bool,
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

pub fn run(args: &ConfigCommandArgs) -> i32 {
    if args.schema {
        let schema = crate::config::json_schema();
        let text = serde_json::to_string_pretty(&schema).expect("plain data");
        return output::print_then(&format!("{text}\n"), EXIT_CLEAN);
    }
    if !args.show {
        eprintln!("error: nothing to do: use `vmlint config --show [PATH]` or `--schema`");
        return EXIT_ERROR;
    }
    let resolver = match args.config.resolver() {
        Ok(resolver) => resolver,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let config = resolver.for_path(&path);
    if let Some(error) = resolver.errors().first() {
        eprintln!("error: {error}");
        return EXIT_ERROR;
    }
    let mut text = format!("# effective configuration for {}\n", path.display());
    match config {
        Some(config) => {
            text.push_str(&format!("# from {}\n", config.path.display()));
            text.push_str(&toml::to_string_pretty(&config.file).unwrap_or_default());
        }
        None => text.push_str(
            "# no .vmlint.toml found: every rule runs at its default severity, fail-on = \"warning\"\n",
        ),
    }
    output::print_then(&text, EXIT_CLEAN)
}
