//! The result cache of `vmlint check`: a run's findings, errors and counts, stored under
//! `.vmlint-cache/check-<scope>.json` with every input they were made from, so that a second
//! run over an unchanged tree costs little more than noticing that nothing changed.
//!
//! What a result depends on, and how each is checked on the next run:
//! - the key: vmlint's version, the project fingerprint (policies and their params, the
//!   configuration given, the selection, the limits, command-line Terraform values), the
//!   options of the run, host capacities and today's date (rules compare dates);
//! - the files discovery finds, in order, and how each was named;
//! - every read the run made through its source tree — the linted files, but also a module's
//!   sibling files, tfvars, inventories and cluster files read as context — each with a
//!   128-bit SipHash of what the read returned, and every directory listing and file stamp;
//! - every `.vmlint.toml` looked for, found or not.
//!
//! A read is trusted without re-reading only when the file's size and modification time are
//! those recorded and the file was not modified in the two seconds before it was recorded (a
//! write within the timestamp's resolution could go unseen, git's "racy" case); otherwise it is
//! read and hashed again. A cache file that is missing, truncated, corrupted or from another
//! key is ignored and rewritten; it is written to a temporary file and renamed, so two runs at
//! once (two pre-commit hooks) each see a whole file. A run in which a policy failed (a time
//! limit on a loaded machine) is not stored. `check` does not use the cache with
//! `--repo-context` or `--diff-base`, whose context files are found by a second discovery.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

use super::discover::{self, Discovery};
use super::read::ReadError;
use super::source::{FileSystem, SourceTree};
use super::suppress::Suppressed;
use super::{LintOptions, LintRun};
use crate::diagnostic::{Diagnostic, ErrorKind, LintError};
use crate::policy::PolicySet;

/// The version of the stored layout; a file of another is ignored.
const LAYOUT: u32 = 1;

/// Where cached results live.
pub struct ResultCache {
    dir: PathBuf,
}

/// One input of a run, with what it held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Input {
    Read {
        path: PathBuf,
        max_bytes: u64,
        digest: String,
        /// (size, modified as nanoseconds since the epoch) when the stat can be trusted.
        stat: Option<(u64, u128)>,
    },
    Listing {
        dir: PathBuf,
        digest: String,
    },
    Stamp {
        path: PathBuf,
        value: Option<u64>,
    },
}

impl Input {
    /// What the input is about (a read, listing or stamp of one path): a later record of the
    /// same replaces it.
    fn identity(&self) -> (u8, PathBuf) {
        match self {
            Input::Read { path, .. } => (0, path.clone()),
            Input::Listing { dir, .. } => (1, dir.clone()),
            Input::Stamp { path, .. } => (2, path.clone()),
        }
    }
}

/// What a run reported, as stored.
#[derive(Debug, Default, Serialize, Deserialize)]
struct CachedRun {
    diagnostics: Vec<Diagnostic>,
    errors: Vec<LintError>,
    files_linted: usize,
    linted_files: Vec<PathBuf>,
    skipped: Vec<(PathBuf, String)>,
    suppressed: Vec<Suppressed>,
    notes: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    layout: u32,
    key: String,
    /// The discovered files, then a digest of discovery's errors and skipped paths.
    candidates: Vec<(PathBuf, bool)>,
    inputs: Vec<Input>,
    run: CachedRun,
}

impl ResultCache {
    pub fn new(dir: PathBuf) -> Self {
        ResultCache { dir }
    }

    /// Remove every cached result and audit cache in `dir`; how many files went.
    pub fn clean(dir: &Path) -> std::io::Result<usize> {
        if !dir.exists() {
            return Ok(0);
        }
        let count = walk_count(dir);
        std::fs::remove_dir_all(dir)?;
        Ok(count)
    }

    /// The file that holds the result of linting `paths` from here.
    fn file_for(&self, paths: &[PathBuf]) -> PathBuf {
        let cwd = std::env::current_dir().unwrap_or_default();
        let scope = digest(|hasher| {
            feed(hasher, cwd.to_string_lossy().as_bytes());
            for path in paths {
                feed(hasher, path.to_string_lossy().as_bytes());
            }
        });
        self.dir.join(format!("check-{}.json", &scope[..16]))
    }

    fn load(&self, file: &Path, key: &str) -> Option<Stored> {
        let bytes = std::fs::read(file).ok()?;
        let stored: Stored = serde_json::from_slice(&bytes).ok()?;
        (stored.layout == LAYOUT && stored.key == key).then_some(stored)
    }

    /// Write `stored` whole or not at all (a temporary file, then a rename).
    fn save(&self, file: &Path, stored: &Stored) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|error| format!("cannot create {}: {error}", self.dir.display()))?;
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(ignore, "# vmlint cache\n*\n");
        }
        let bytes = serde_json::to_vec(stored).map_err(|error| error.to_string())?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let temporary = file.with_extension(format!("{}-{nanos}.tmp", std::process::id()));
        std::fs::write(&temporary, bytes)
            .and_then(|()| std::fs::rename(&temporary, file))
            .map_err(|error| {
                let _ = std::fs::remove_file(&temporary);
                format!("cannot write {}: {error}", file.display())
            })
    }
}

fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                walk_count(&path)
            } else {
                1
            }
        })
        .sum()
}

/// Lint `paths` as [`super::lint_paths`] does, answering from `cache` when every input of the
/// stored result is unchanged. `fingerprint` is the project's (see `Project::fingerprint`).
pub fn lint_paths_cached(
    paths: &[PathBuf],
    policies: &PolicySet,
    options: &mut LintOptions,
    cache: &ResultCache,
    fingerprint: &str,
) -> LintRun {
    let started = Instant::now();
    let discovery = discover::discover_with(paths, options.follow_symlinks);
    let discovered = started.elapsed();
    let key = run_key(fingerprint, options);
    let file = cache.file_for(paths);
    let candidates = candidates_of(&discovery);
    let checking = Instant::now();
    let stored = cache
        .load(&file, &key)
        .filter(|stored| stored.candidates == candidates && unchanged(&stored.inputs));
    if let Some(stored) = stored {
        return from_cache(stored, started, discovered, checking.elapsed());
    }
    let recording = Arc::new(RecordingTree::new(options.sources.tree.clone()));
    let base = std::mem::replace(&mut options.sources.tree, recording.clone());
    let run = super::lint_discovered(discovery, started, policies, options);
    options.sources.tree = base;
    let policy_failed = run
        .errors
        .iter()
        .any(|error| error.kind == ErrorKind::Policy);
    if !policy_failed {
        let mut inputs = recording.inputs();
        inputs.extend(
            options.configs.consulted().iter().map(|config| {
                read_record(config, u64::MAX, &FileSystem.read_text(config, u64::MAX))
            }),
        );
        let stored = Stored {
            layout: LAYOUT,
            key,
            candidates,
            inputs,
            run: CachedRun {
                diagnostics: run.diagnostics.clone(),
                errors: run.errors.clone(),
                files_linted: run.files_linted,
                linted_files: run.linted_files.clone(),
                skipped: run.skipped.clone(),
                suppressed: run.suppressed.clone(),
                notes: run.notes.clone(),
            },
        };
        // A cache that cannot be written costs the next run time, never a result.
        let _ = cache.save(&file, &stored);
    }
    run
}

/// Everything besides the files that a result depends on.
fn run_key(fingerprint: &str, options: &LintOptions) -> String {
    digest(|hasher| {
        feed(hasher, crate::BUILD_VERSION.as_bytes());
        feed(hasher, fingerprint.as_bytes());
        feed(hasher, format!("{:?}", crate::dates::today()).as_bytes());
        feed(hasher, options.hosts.to_string().as_bytes());
        feed(
            hasher,
            format!(
                "{:?} {:?} {} {} {:?}",
                options.config_root,
                options.context_roots,
                options.parse_only,
                options.follow_symlinks,
                options.parse_limits
            )
            .as_bytes(),
        );
    })
}

/// What discovery found: the candidates in order and how each was named, and a digest of
/// what it reported (a symbolic-link loop, a link not followed, a path that does not exist).
fn candidates_of(discovery: &Discovery) -> Vec<(PathBuf, bool)> {
    let reported = digest(|hasher| {
        for error in &discovery.errors {
            feed(hasher, format!("{error:?}").as_bytes());
        }
        for (path, reason) in &discovery.skipped {
            feed(hasher, path.to_string_lossy().as_bytes());
            feed(hasher, reason.as_bytes());
        }
    });
    discovery
        .candidates
        .iter()
        .map(|candidate| (candidate.path.clone(), candidate.explicit))
        .chain(std::iter::once((PathBuf::from(reported), false)))
        .collect()
}

/// Whether every input (configuration files looked for included) holds what it held.
fn unchanged(inputs: &[Input]) -> bool {
    inputs.par_iter().all(|input| match input {
        Input::Read {
            path,
            max_bytes,
            digest: expected,
            stat,
        } => {
            if stat.is_some() && *stat == trusted_stat(path) {
                return true;
            }
            read_digest(&FileSystem.read_text(path, *max_bytes)) == *expected
        }
        Input::Listing {
            dir,
            digest: expected,
        } => listing_digest(&FileSystem.list(dir)) == *expected,
        Input::Stamp { path, value } => FileSystem.stamp(path) == *value,
    })
}

fn from_cache(
    stored: Stored,
    started: Instant,
    discovered: Duration,
    checked: Duration,
) -> LintRun {
    let cached = stored.run;
    let mut sources = BTreeMap::new();
    let quoted = cached
        .diagnostics
        .iter()
        .flat_map(|diagnostic| {
            std::iter::once(&diagnostic.file)
                .chain(diagnostic.related.iter().map(|related| &related.file))
        })
        .chain(cached.errors.iter().filter_map(|error| error.file.as_ref()))
        .chain(cached.suppressed.iter().map(|item| &item.diagnostic.file));
    for path in quoted {
        if !sources.contains_key(path) {
            if let Ok(text) = FileSystem.read_text(path, u64::MAX) {
                sources.insert(path.clone(), Arc::from(text));
            }
        }
    }
    LintRun {
        diagnostics: cached.diagnostics,
        errors: cached.errors,
        sources,
        files_linted: cached.files_linted,
        linted_files: cached.linted_files,
        skipped: cached.skipped,
        suppressed: cached.suppressed,
        duration: started.elapsed(),
        stage_walls: vec![("discover", discovered), ("result cache (hit)", checked)],
        notes: cached.notes,
        ..LintRun::default()
    }
}

/// A source tree that remembers what it was asked and what it answered.
struct RecordingTree {
    inner: Arc<dyn SourceTree>,
    inputs: Mutex<BTreeMap<(u8, PathBuf), Input>>,
}

impl RecordingTree {
    fn new(inner: Arc<dyn SourceTree>) -> Self {
        RecordingTree {
            inner,
            inputs: Mutex::new(BTreeMap::new()),
        }
    }

    fn record(&self, input: Input) {
        if let Ok(mut inputs) = self.inputs.lock() {
            inputs.insert(input.identity(), input);
        }
    }

    fn inputs(&self) -> Vec<Input> {
        self.inputs
            .lock()
            .map(|inputs| inputs.values().cloned().collect())
            .unwrap_or_default()
    }
}

impl SourceTree for RecordingTree {
    fn read_text(&self, path: &Path, max_bytes: u64) -> Result<String, ReadError> {
        let read = self.inner.read_text(path, max_bytes);
        self.record(read_record(path, max_bytes, &read));
        read
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let files = self.inner.list(dir);
        self.record(Input::Listing {
            dir: dir.to_path_buf(),
            digest: listing_digest(&files),
        });
        files
    }

    fn stamp(&self, path: &Path) -> Option<u64> {
        let value = self.inner.stamp(path);
        self.record(Input::Stamp {
            path: path.to_path_buf(),
            value,
        });
        value
    }
}

/// What a read of `path` returned, as an input of the run.
fn read_record(path: &Path, max_bytes: u64, read: &Result<String, ReadError>) -> Input {
    Input::Read {
        path: path.to_path_buf(),
        max_bytes,
        digest: read_digest(read),
        stat: trusted_stat(path),
    }
}

/// A file's (size, modification time), unless it was modified in the last two seconds.
fn trusted_stat(path: &Path) -> Option<(u64, u128)> {
    let metadata = std::fs::metadata(path).ok()?;
    let modified = metadata.modified().ok()?;
    if SystemTime::now()
        .duration_since(modified)
        .is_ok_and(|age| age < Duration::from_secs(2))
    {
        return None;
    }
    let nanos = modified.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    Some((metadata.len(), nanos))
}

fn read_digest(read: &Result<String, ReadError>) -> String {
    digest(|hasher| match read {
        Ok(text) => {
            feed(hasher, b"text");
            feed(hasher, text.as_bytes());
        }
        Err(error) => {
            feed(hasher, b"error");
            feed(hasher, error.message.as_bytes());
        }
    })
}

fn listing_digest(files: &[PathBuf]) -> String {
    digest(|hasher| {
        for file in files {
            feed(hasher, file.to_string_lossy().as_bytes());
        }
    })
}

/// Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
fn feed(hasher: &mut SipHasher13, bytes: &[u8]) {
    hasher.write_u64(bytes.len() as u64);
    hasher.write(bytes);
}

fn digest(fill: impl FnOnce(&mut SipHasher13)) -> String {
    let mut hasher = SipHasher13::new();
    fill(&mut hasher);
    format!("{:032x}", hasher.finish128().as_u128())
}
