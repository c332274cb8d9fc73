//! `vmlint cache clean`: remove the result cache of `check` and the audit's blob cache.

use clap::Subcommand;

use super::args::CacheDirArgs;
use super::{EXIT_CLEAN, EXIT_ERROR};
use crate::pipeline::result_cache::ResultCache;

#[derive(Subcommand, Debug)]
pub enum CacheCommand {
    /// Remove the cache directory and everything in it.
    Clean(CacheArgs),
}

#[derive(clap::Args, Debug)]
pub struct CacheArgs {
    #[command(flatten)]
    pub cache: CacheDirArgs,
}

pub fn run(command: &CacheCommand) -> i32 {
    let CacheCommand::Clean(args) = command;
    match ResultCache::clean(&args.cache.cache_dir) {
        Ok(removed) => {
            println!(
                "removed {} ({removed} files)",
                crate::paths::slash_path(&args.cache.cache_dir)
            );
            EXIT_CLEAN
        }
        Err(error) => {
            eprintln!(
                "error: cannot remove {}: {error}",
                crate::paths::slash_path(&args.cache.cache_dir)
            );
            EXIT_ERROR
        }
    }
}
