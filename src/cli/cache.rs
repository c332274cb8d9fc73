//! `vmlint cache clean`: remove the result cache of `check` and the audit's blob cache.

use std::path::PathBuf;

use clap::Subcommand;

use super::{EXIT_CLEAN, EXIT_ERROR};
use crate::pipeline::result_cache::ResultCache;

#[derive(Subcommand, Debug)]
pub enum CacheCommand {
    /// Remove the cache directory and everything in it.
    Clean(CacheArgs),
}

#[derive(clap::Args, Debug)]
pub struct CacheArgs {
    /// The cache directory (as given to `check --cache-dir` / `audit --cache-dir`).
    #[arg(
        long,
        value_name = "DIR",
        default_value = ".vmlint-cache",
        env = "VMLINT_CACHE_DIR"
    )]
    pub cache_dir: PathBuf,
}

pub fn run(command: &CacheCommand) -> i32 {
    let CacheCommand::Clean(args) = command;
    match ResultCache::clean(&args.cache_dir) {
        Ok(removed) => {
            println!(
                "removed {} ({removed} files)",
                crate::paths::slash_path(&args.cache_dir)
            );
            EXIT_CLEAN
        }
        Err(error) => {
            eprintln!(
                "error: cannot remove {}: {error}",
                crate::paths::slash_path(&args.cache_dir)
            );
            EXIT_ERROR
        }
    }
}
