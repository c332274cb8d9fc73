//! `vmlint audit`: a repository's history, read with git2 — for every finding, the commit that
//! introduced it, the commit that removed it (if any) and whether it is still there at HEAD.
//!
//! Commits are walked oldest first along the first parent (`--all-parents` walks merged
//! branches too). Each commit's changes against its first parent are applied to the current
//! state of the tree (renames followed with git's similarity detection); each changed blob of a
//! format vmlint reads is linted once per blob id — the findings are cached under
//! `.vmlint-cache/`, keyed by blob id and the policy set, so a second audit of a grown history
//! lints only new blobs. A finding's identity is its rule, its file path and the fingerprint of
//! the flagged content (as for baselines): moving lines keeps it, editing the flagged block
//! replaces it.
//!
//! Repository rules (duplicate identities, backup storms, …) judge each commit's whole tree:
//! every file's summary is kept (parsed once per blob), and the rules are evaluated again at the
//! commits that change what they read, so a MAC copied into a second file is introduced by the
//! commit that copied it and fixed by the one that changed either copy.

pub mod cache;
pub mod html;
pub mod many;
pub mod report;

mod blobs;
mod records;
mod tree_estate;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use git2::{Delta, DiffFindOptions, Oid, Repository, Sort};
use serde::{Deserialize, Serialize};

use crate::pipeline::context::RepositoryContext;
use crate::pipeline::source::GitTree;
use crate::project::Project;
use blobs::Blobs;
use cache::Cache;
use records::{close_all, move_records, reconcile, Open};
use tree_estate::TreeEstate;

/// What to walk and how.
pub struct AuditOptions {
    pub repo: PathBuf,
    /// `A..B`, or a single revision to walk back from; HEAD when absent.
    pub range: Option<String>,
    /// Every local branch instead of HEAD.
    pub all_branches: bool,
    /// Follow merged branches too, not only the first parent.
    pub all_parents: bool,
    /// Report only findings introduced or removed at or after this time (Unix seconds).
    pub since: Option<i64>,
    /// Only paths matching these globs (all when empty).
    pub paths: Vec<String>,
    /// Where the blob cache lives; `None` keeps it in memory.
    pub cache_dir: Option<PathBuf>,
    /// Blobs larger than this are skipped (and counted).
    pub max_blob_bytes: usize,
    /// Show a progress bar on a terminal.
    pub progress: bool,
}

/// A commit as the report names it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct CommitInfo {
    pub commit: String,
    pub author: String,
    /// Unix seconds.
    pub time: i64,
    pub summary: String,
}

/// One finding's life.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Record {
    pub rule: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub fingerprint: String,
    pub introduced: CommitInfo,
    pub fixed: Option<CommitInfo>,
    pub present_at_head: bool,
}

/// What an audit found and did.
#[derive(Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Audit {
    pub commits: usize,
    /// Distinct blobs linted in this run (not found in the cache).
    pub blobs_linted: usize,
    /// Distinct blobs whose findings came from the cache.
    pub blobs_cached: usize,
    pub records: Vec<Record>,
    /// What was skipped and why (shallow history, submodules, large or binary blobs).
    pub notes: Vec<String>,
    /// Objects that could not be read; the audit went on.
    pub errors: Vec<String>,
    #[serde(skip)]
    pub seconds: f64,
    /// The first and the last commit walked (the history's span, for charts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<CommitInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<CommitInfo>,
}

/// Walk the history and judge every blob with `project` (today's configuration, policies,
/// selection, params and hosts; each commit's own files for inline suppressions and for the
/// second files a stage reads).
pub fn run(project: Project, options: &AuditOptions) -> Result<Audit, String> {
    let started = Instant::now();
    let repository = Repository::discover(&options.repo)
        .map_err(|error| format!("not a git repository: {}", error.message()))?;
    let mut audit = Audit::default();
    if repository.is_shallow() {
        audit.notes.push(
            "shallow clone: only the history that was fetched is audited; findings older than its first commit show it as their origin".to_string(),
        );
    }
    let commits = walk(&repository, options)?;
    let Some(first) = commits.first() else {
        return Ok(audit);
    };
    let tree = Arc::new(GitTree::open(repository.path(), *first)?);
    let mut project = project.with_tree(tree.clone());
    project.options.config_root = repository.workdir().map(crate::paths::absolute);
    let key = project.fingerprint();
    let mut blobs = Blobs {
        repository: &repository,
        project: &project,
        tree,
        globs: path_filter(&options.paths)?,
        max_bytes: options.max_blob_bytes,
        cache: Cache::open(options.cache_dir.as_deref(), &key),
        seen: Default::default(),
        summaries: HashMap::new(),
        context: RepositoryContext::default(),
        calls: crate::pipeline::module_calls::ModuleCalls::default(),
        declarations: std::sync::Mutex::default(),
    };
    let mut walk = Walk {
        estate: TreeEstate::new(&project),
        open: HashMap::new(),
        closed: Vec::new(),
        submodule_noted: false,
        gone: Vec::new(),
    };
    let progress =
        crate::progress::Progress::new(options.progress, "auditing", "commits", commits.len());
    for oid in &commits {
        progress.tick();
        walk.commit(&repository, *oid, &mut blobs, &mut audit);
    }
    progress.finish();
    if let Err(error) = blobs.cache.save() {
        audit.errors.push(error);
    }
    audit.records = walk.records(options.since);
    audit.seconds = started.elapsed().as_secs_f64();
    Ok(audit)
}

/// The state of the walk: open findings by path, closed ones, the tree's repository rules.
struct Walk<'a> {
    estate: TreeEstate<'a>,
    open: HashMap<String, Open>,
    closed: Vec<Record>,
    submodule_noted: bool,
    /// Paths deleted or renamed away by the commit being applied.
    gone: Vec<String>,
}

impl Walk<'_> {
    /// Apply one commit's changes.
    fn commit(&mut self, repository: &Repository, oid: Oid, blobs: &mut Blobs, audit: &mut Audit) {
        let (info, diff) = match commit_changes(repository, oid) {
            Ok(read) => read,
            Err(error) => {
                audit.errors.push(error);
                return;
            }
        };
        if let Err(error) = blobs.tree.set_commit(oid) {
            audit.errors.push(error);
            return;
        }
        audit.commits += 1;
        if audit.first.is_none() {
            audit.first = Some(info.clone());
        }
        audit.head = Some(info.clone());
        let mut changed: Vec<(String, Oid)> = Vec::new();
        for delta in diff.deltas() {
            if let Some(change) = self.delta(&delta, &info, audit) {
                changed.push(change);
            }
        }
        // A Terraform file's module is its directory, and a module deploys through its callers:
        // when one file of a module changes, its other files and its callers' may deploy
        // something else; a directory that becomes (or stops being) called is judged anew.
        let dependants = self.module_dependants(blobs, &changed, audit);
        let mut touched = changed.clone();
        touched.extend(terraform_files(blobs, &dependants, &changed));
        for (path, blob) in touched {
            if blobs.wanted(&path) {
                let findings = blobs.findings(&path, blob, audit);
                reconcile(&mut self.open, &path, findings, &info, &mut self.closed);
            }
        }
        for (path, blob) in &changed {
            self.estate.set(blobs, path, *blob, audit);
        }
        self.estate.evaluate(&info, &mut self.closed);
    }

    /// Follow one delta: deletions close findings, renames move them; a path with new content
    /// is returned with its blob.
    fn delta(
        &mut self,
        delta: &git2::DiffDelta,
        info: &CommitInfo,
        audit: &mut Audit,
    ) -> Option<(String, Oid)> {
        let path_of =
            |file: git2::DiffFile| file.path().map(|path| path.to_string_lossy().into_owned());
        let old_path = path_of(delta.old_file());
        let new_path = path_of(delta.new_file());
        if delta.new_file().mode() == git2::FileMode::Commit
            || delta.old_file().mode() == git2::FileMode::Commit
        {
            if !self.submodule_noted {
                audit.notes.push(
                    "submodules are not audited (their history is their own repository's)"
                        .to_string(),
                );
                self.submodule_noted = true;
            }
            return None;
        }
        let changed = match delta.status() {
            Delta::Deleted => {
                if let Some(path) = old_path {
                    close_all(&mut self.open, &path, info, &mut self.closed);
                    self.estate.remove(&path);
                    self.gone.push(path);
                }
                None
            }
            Delta::Renamed => {
                if let (Some(old), Some(new)) = (&old_path, &new_path) {
                    self.estate.rename(old, new);
                    move_records(&mut self.open, old, new);
                    self.gone.push(old.clone());
                }
                new_path
            }
            Delta::Added | Delta::Modified | Delta::Copied | Delta::Typechange => new_path,
            _ => None,
        };
        changed.map(|path| (path, delta.new_file().id()))
    }

    /// Every finding's record, newest first within each rule; with `since`, only those that
    /// moved after it or are still present.
    fn records(self, since: Option<i64>) -> Vec<Record> {
        let mut records = self.closed;
        records.extend(
            self.estate
                .open
                .into_values()
                .chain(self.open.into_values())
                .flat_map(|records| {
                    records.into_values().map(|mut record| {
                        record.present_at_head = true;
                        record
                    })
                }),
        );
        if let Some(since) = since {
            records.retain(|record| {
                record.introduced.time >= since
                    || record
                        .fixed
                        .as_ref()
                        .is_some_and(|fixed| fixed.time >= since)
                    || record.present_at_head
            });
        }
        records.sort_by(|a, b| {
            (
                &a.rule,
                std::cmp::Reverse(a.introduced.time),
                &a.file,
                a.line,
            )
                .cmp(&(
                    &b.rule,
                    std::cmp::Reverse(b.introduced.time),
                    &b.file,
                    b.line,
                ))
        });
        records
    }
}

fn is_terraform(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".tf") || lower.ends_with(".tf.json")
}

impl Walk<'_> {
    /// The directories whose Terraform files a commit's changes may make deploy something
    /// else: those of changed `.tf` and tfvars files, their callers, and directories that
    /// became or stopped being called. Updates the module calls and the context on the way.
    fn module_dependants(
        &mut self,
        blobs: &mut Blobs,
        changed: &[(String, Oid)],
        audit: &mut Audit,
    ) -> Vec<PathBuf> {
        let before = blobs.calls.called();
        for path in self.gone.drain(..) {
            blobs.calls.update(&path, None);
        }
        let mut dirs: Vec<PathBuf> = Vec::new();
        for (path, blob) in changed {
            let lower = path.to_ascii_lowercase();
            if is_terraform(path) {
                let text = blobs.text(path, *blob, audit);
                blobs.calls.update(path, text.as_deref());
            }
            if is_terraform(path) || lower.ends_with(".tfvars") || lower.ends_with(".tfvars.json") {
                dirs.push(crate::paths::normalize(
                    &crate::pipeline::siblings::directory_of(std::path::Path::new(path)),
                ));
            }
        }
        let after = blobs.calls.called();
        if before != after {
            dirs.extend(before.symmetric_difference(&after).cloned());
            blobs
                .context
                .set_called_modules(after.into_iter().collect());
        }
        let callers: Vec<PathBuf> = dirs
            .iter()
            .flat_map(|dir| blobs.calls.callers_of(dir))
            .collect();
        dirs.extend(callers);
        dirs.sort();
        dirs.dedup();
        dirs
    }
}

/// The unchanged Terraform files of `dirs`.
fn terraform_files(
    blobs: &Blobs,
    dirs: &[PathBuf],
    changed: &[(String, Oid)],
) -> Vec<(String, Oid)> {
    use crate::pipeline::source::SourceTree;
    let mut siblings = Vec::new();
    for dir in dirs {
        for sibling in blobs.tree.list(dir) {
            let name = crate::paths::slash_path(&sibling);
            let name = name.strip_prefix("./").unwrap_or(&name).to_string();
            if is_terraform(&name) && !changed.iter().any(|(path, _)| *path == name) {
                if let Some(blob) = blobs.tree.blob(&sibling) {
                    siblings.push((name, blob));
                }
            }
        }
    }
    siblings
}

/// A commit and its changes against its first parent, renames found; an object that cannot be
/// read is an error naming it.
fn commit_changes(
    repository: &Repository,
    oid: Oid,
) -> Result<(CommitInfo, git2::Diff<'_>), String> {
    let unreadable = |what: &str, error: git2::Error| format!("{what} {oid}: {}", error.message());
    let commit = repository
        .find_commit(oid)
        .map_err(|error| unreadable("commit", error))?;
    let info = CommitInfo {
        commit: oid.to_string(),
        author: commit.author().name().unwrap_or("?").to_string(),
        time: commit.time().seconds(),
        summary: commit
            .summary()
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_string(),
    };
    let tree = commit
        .tree()
        .map_err(|error| unreadable("tree of", error))?;
    let parent_tree = commit.parent(0).ok().and_then(|parent| parent.tree().ok());
    let mut diff = repository
        .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None)
        .map_err(|error| unreadable("diff of", error))?;
    let mut find = DiffFindOptions::new();
    find.renames(true);
    let _ = diff.find_similar(Some(&mut find));
    Ok((info, diff))
}

/// The commits to audit, oldest first.
fn walk(repository: &Repository, options: &AuditOptions) -> Result<Vec<Oid>, String> {
    let error = |error: git2::Error| format!("cannot walk the history: {}", error.message());
    let mut walk = repository.revwalk().map_err(error)?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
        .map_err(error)?;
    if options.all_branches {
        walk.push_glob("refs/heads/*").map_err(error)?;
    } else if let Some(range) = &options.range {
        if range.contains("..") {
            walk.push_range(range).map_err(error)?;
        } else {
            let object = repository.revparse_single(range).map_err(error)?;
            walk.push(object.id()).map_err(error)?;
        }
    } else {
        walk.push_head().map_err(error)?;
    }
    if !options.all_parents {
        walk.simplify_first_parent().map_err(error)?;
    }
    walk.collect::<Result<Vec<Oid>, git2::Error>>()
        .map_err(error)
}

fn path_filter(patterns: &[String]) -> Result<Option<globset::GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = globset::GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(
            globset::Glob::new(pattern).map_err(|error| format!("--path {pattern}: {error}"))?,
        );
    }
    builder.build().map(Some).map_err(|error| error.to_string())
}
