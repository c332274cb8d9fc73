//! What changed since a git revision (`--diff-base REF`), read with git2: the files added or
//! modified between REF and the working tree (index and untracked files included), and for
//! each the lines that are new, so that a pull-request check reports findings on changed lines.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use git2::{DiffOptions, Repository};

/// Changed files (absolute paths) → their new line ranges; `None` means the whole file is new.
#[derive(Debug, Default)]
pub struct Changes {
    pub files: BTreeMap<PathBuf, Option<Vec<RangeInclusive<usize>>>>,
}

impl Changes {
    /// Whether a finding spanning `start..=end` (1-based lines) of `file` touches a change.
    pub fn touches(&self, file: &Path, start: usize, end: usize) -> bool {
        match self.files.get(&crate::pipeline::discover::absolute(file)) {
            None => false,
            Some(None) => true,
            Some(Some(ranges)) => ranges
                .iter()
                .any(|range| *range.start() <= end && start <= *range.end()),
        }
    }

    /// The changed files that still exist.
    pub fn existing_files(&self) -> Vec<PathBuf> {
        self.files
            .keys()
            .filter(|path| path.is_file())
            .cloned()
            .collect()
    }
}

/// The changes between `base` (any revision git understands: a branch, `origin/main`, a
/// commit) and the working tree of the repository that contains `dir`.
pub fn changes_since(dir: &Path, base: &str) -> Result<Changes, String> {
    let repository = Repository::discover(dir)
        .map_err(|error| format!("--diff-base needs a git repository: {}", error.message()))?;
    let workdir = repository
        .workdir()
        .ok_or("--diff-base needs a repository with a working tree (not bare)")?
        .to_path_buf();
    let tree = repository
        .revparse_single(base)
        .and_then(|object| object.peel_to_tree())
        .map_err(|error| format!("--diff-base {base}: {}", error.message()))?;
    let mut options = DiffOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .context_lines(0);
    let diff = repository
        .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))
        .map_err(|error| format!("--diff-base {base}: {}", error.message()))?;
    let mut changes = Changes::default();
    for delta in diff.deltas() {
        use git2::Delta;
        let Some(path) = delta.new_file().path() else {
            continue;
        };
        let whole = matches!(
            delta.status(),
            Delta::Added | Delta::Untracked | Delta::Copied
        );
        let absolute = crate::pipeline::discover::absolute(&workdir.join(path));
        match delta.status() {
            Delta::Deleted | Delta::Ignored | Delta::Unreadable => {}
            _ if whole => {
                changes.files.insert(absolute, None);
            }
            _ => {
                changes
                    .files
                    .entry(absolute)
                    .or_insert_with(|| Some(Vec::new()));
            }
        }
    }
    diff.foreach(
        &mut |_, _| true,
        None,
        Some(&mut |delta, hunk| {
            if let Some(path) = delta.new_file().path() {
                let absolute = crate::pipeline::discover::absolute(&workdir.join(path));
                if let Some(Some(ranges)) = changes.files.get_mut(&absolute) {
                    let start = hunk.new_start() as usize;
                    let lines = hunk.new_lines() as usize;
                    if lines > 0 {
                        ranges.push(start..=start + lines - 1);
                    }
                }
            }
            true
        }),
        None,
    )
    .map_err(|error| format!("--diff-base {base}: {}", error.message()))?;
    Ok(changes)
}

/// The top of the working tree of the repository containing `dir`, if any.
pub fn repository_root(dir: &Path) -> Option<PathBuf> {
    Repository::discover(dir)
        .ok()?
        .workdir()
        .map(Path::to_path_buf)
}
