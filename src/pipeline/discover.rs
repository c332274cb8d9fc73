//! Finds the files to lint: walks directories with the `ignore` crate (ripgrep's walker:
//! `.gitignore`, `.ignore` and global git excludes are honoured, hidden directories such as
//! `.git` and `.terraform` are skipped, inside or outside a git repository) and keeps the files
//! whose names a format claims. Files named explicitly are always linted.
//!
//! `ignore` rather than walkdir + hand-written ignore rules: gitignore semantics (negation,
//! anchoring, nested files) are subtle, and `ignore` is the implementation ripgrep users trust.

use std::path::{Path, PathBuf};

use crate::diagnostic::{ErrorKind, LintError};
use crate::formats;

/// A file to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// Named on the command line (rather than found in a directory).
    pub explicit: bool,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub candidates: Vec<Candidate>,
    pub errors: Vec<LintError>,
    /// Files of a known format that were not read, and why (symbolic links not followed).
    pub skipped: Vec<(PathBuf, String)>,
}

/// Walk `paths` without following symbolic links found inside directories.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    discover_with(paths, false)
}

/// Walk `paths`; with `follow_symlinks`, links inside directories are followed wherever they
/// point (loops are reported, not walked twice). Without it they are listed as skipped: a link
/// can point outside the tree being linted, and a repository under review chooses its links.
pub fn discover_with(paths: &[PathBuf], follow_symlinks: bool) -> Discovery {
    let mut discovery = Discovery::default();
    for path in paths {
        let shown = display_path(path);
        match std::fs::metadata(path) {
            Err(error) => discovery.errors.push(LintError {
                kind: ErrorKind::Io,
                file: Some(shown),
                span: None,
                start: None,
                message: format!("cannot read `{}`: {}", path.display(), io_reason(&error)),
            }),
            Ok(metadata) if metadata.is_dir() => walk(path, follow_symlinks, &mut discovery),
            Ok(metadata) if metadata.is_file() => discovery.candidates.push(Candidate {
                path: shown,
                explicit: true,
            }),
            // A FIFO nobody writes to would block the reader for ever; a device has no end.
            Ok(_) => discovery.errors.push(LintError {
                kind: ErrorKind::Io,
                file: Some(shown),
                span: None,
                start: None,
                message: "not a regular file (a FIFO, a socket or a device): not read".to_string(),
            }),
        }
    }
    discovery.candidates.sort();
    discovery.candidates.dedup_by(|a, b| a.path == b.path);
    discovery
}

fn walk(root: &Path, follow_symlinks: bool, discovery: &mut Discovery) {
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(follow_symlinks)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let kind = entry.file_type();
                let is_file = kind.is_some_and(|kind| kind.is_file());
                if is_file && formats::is_candidate(entry.path()) {
                    discovery.candidates.push(Candidate {
                        path: display_path(entry.path()),
                        explicit: false,
                    });
                } else if kind.is_some_and(|kind| kind.is_symlink())
                    && (formats::is_candidate(entry.path()) || entry.path().is_dir())
                {
                    discovery.skipped.push((
                        display_path(entry.path()),
                        "a symbolic link, not followed (--follow-symlinks)".to_string(),
                    ));
                }
            }
            Err(error) => discovery.errors.push(LintError {
                kind: ErrorKind::Io,
                file: error_path(&error).map(display_path),
                span: None,
                start: None,
                message: walk_message(&error),
            }),
        }
    }
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The walker's error in words that name no path twice (the error's `file` names it).
fn walk_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Loop { ancestor, .. } => format!(
            "symbolic link loop: it points to `{}`, a directory being walked; not followed again",
            crate::paths::slash_path(&display_path(ancestor))
        ),
        ignore::Error::WithDepth { err, .. } => walk_message(err),
        _ => error.to_string(),
    }
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

pub use crate::paths::{absolute, display_path};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_honouring_ignore_files_and_keeps_known_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("mod/.terraform")).unwrap();
        std::fs::create_dir_all(root.join("skipped")).unwrap();
        for name in [
            "main.tf",
            "mod/vm.tf.json",
            "mod/.terraform/cached.tf",
            "skipped/x.tf",
            "notes.txt",
            "dom.xml",
        ] {
            std::fs::write(root.join(name), "").unwrap();
        }
        std::fs::write(root.join(".gitignore"), "skipped/\n").unwrap();
        let found: Vec<PathBuf> = discover(&[root.to_path_buf()])
            .candidates
            .into_iter()
            .map(|candidate| candidate.path.strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            found,
            vec![
                PathBuf::from("dom.xml"),
                PathBuf::from("main.tf"),
                PathBuf::from("mod/vm.tf.json")
            ]
        );
    }

    #[test]
    fn a_missing_path_is_an_error_not_a_panic() {
        let discovery = discover(&[PathBuf::from("/definitely/not/here")]);
        assert!(discovery.candidates.is_empty());
        assert_eq!(discovery.errors.len(), 1);
        assert!(discovery.errors[0]
            .message
            .contains("no such file or directory"));
    }
}
