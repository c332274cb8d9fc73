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
pub mod report;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

use git2::{Delta, DiffFindOptions, ObjectType, Oid, Repository, Sort};
use serde::Serialize;

use crate::formats::{self, Detection};
use crate::pipeline::context::RepositoryContext;
use crate::pipeline::{self, LintOptions};
use crate::policy::PolicySet;
use cache::{BlobFinding, Cache};

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
    /// Nesting, document and alias ceilings for every blob.
    pub parse_limits: crate::limits::ParseLimits,
}

/// A commit as the report names it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CommitInfo {
    pub commit: String,
    pub author: String,
    /// Unix seconds.
    pub time: i64,
    pub summary: String,
}

/// One finding's life.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Default, Serialize)]
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
}

/// Open findings of one path, by identity (rule, fingerprint, occurrence).
type Open = BTreeMap<(String, String, usize), Record>;

pub fn run(policies: &PolicySet, options: &AuditOptions) -> Result<Audit, String> {
    let started = Instant::now();
    let repository = Repository::discover(&options.repo)
        .map_err(|error| format!("not a git repository: {}", error.message()))?;
    let globs = path_filter(&options.paths)?;
    let mut audit = Audit::default();
    if repository.is_shallow() {
        audit.notes.push(
            "shallow clone: only the history that was fetched is audited; findings older than its first commit show it as their origin".to_string(),
        );
    }
    let commits = walk(&repository, options)?;
    let key = cache::policy_key(
        &crate::policy::policy_files(&crate::policy::PolicyOptions::default())
            .unwrap_or_default()
            .into_iter()
            .map(|file| file.contents)
            .chain(policies.rules().iter().map(|rule| rule.meta.id.clone()))
            // A blob within the limits of one run may be refused by another's.
            .chain(std::iter::once(format!("{:?}", options.parse_limits)))
            .collect::<Vec<_>>(),
    );
    let mut cache = Cache::open(options.cache_dir.as_deref(), &key);
    let lint_options = LintOptions {
        parse_limits: options.parse_limits,
        ..LintOptions::default()
    };
    let context = RepositoryContext::default();
    let progress =
        crate::progress::Progress::new(options.progress, "auditing", "commits", commits.len());
    let mut open: HashMap<String, Open> = HashMap::new();
    let mut closed: Vec<Record> = Vec::new();
    let mut seen_blobs: std::collections::HashSet<Oid> = std::collections::HashSet::new();
    let mut submodule_noted = false;
    let mut estate = TreeEstate::new(policies);
    for oid in &commits {
        progress.tick();
        let (info, diff) = match commit_changes(&repository, *oid) {
            Ok(read) => read,
            Err(error) => {
                audit.errors.push(error);
                continue;
            }
        };
        audit.commits += 1;
        let mut blobs = Update {
            repository: &repository,
            policies,
            options: &lint_options,
            context: &context,
            globs: &globs,
            max_bytes: options.max_blob_bytes,
            cache: &mut cache,
            seen: &mut seen_blobs,
            audit: &mut audit,
        };
        for delta in diff.deltas() {
            let old_path = delta
                .old_file()
                .path()
                .map(|path| path.to_string_lossy().into_owned());
            let new_path = delta
                .new_file()
                .path()
                .map(|path| path.to_string_lossy().into_owned());
            if delta.new_file().mode() == git2::FileMode::Commit
                || delta.old_file().mode() == git2::FileMode::Commit
            {
                if !submodule_noted {
                    blobs.audit.notes.push(
                        "submodules are not audited (their history is their own repository's)"
                            .to_string(),
                    );
                    submodule_noted = true;
                }
                continue;
            }
            let changed = match delta.status() {
                Delta::Deleted => {
                    if let Some(path) = old_path {
                        close_all(&mut open, &path, &info, &mut closed);
                        estate.remove(&path);
                    }
                    None
                }
                Delta::Renamed => {
                    if let (Some(old), Some(new)) = (&old_path, &new_path) {
                        estate.rename(old, new);
                        move_records(&mut open, old, new);
                    }
                    new_path
                }
                Delta::Added | Delta::Modified | Delta::Copied | Delta::Typechange => new_path,
                _ => None,
            };
            if let Some(path) = changed {
                update(
                    &mut blobs,
                    &path,
                    delta.new_file().id(),
                    &info,
                    &mut open,
                    &mut closed,
                );
                estate.set(&blobs, &path, delta.new_file().id());
            }
        }
        estate.evaluate(&info, &mut closed);
    }
    progress.finish();
    if let Err(error) = cache.save() {
        audit.errors.push(error);
    }
    let mut records = closed;
    records.extend(
        estate
            .open
            .into_values()
            .chain(open.into_values())
            .flat_map(|records| {
                records.into_values().map(|mut record| {
                    record.present_at_head = true;
                    record
                })
            }),
    );
    if let Some(since) = options.since {
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
    audit.records = records;
    audit.seconds = started.elapsed().as_secs_f64();
    Ok(audit)
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

struct Update<'a> {
    repository: &'a Repository,
    policies: &'a PolicySet,
    options: &'a LintOptions,
    context: &'a RepositoryContext,
    globs: &'a Option<globset::GlobSet>,
    max_bytes: usize,
    cache: &'a mut Cache,
    seen: &'a mut std::collections::HashSet<Oid>,
    audit: &'a mut Audit,
}

/// A path's new content: close the findings it no longer has, open the new ones.
fn update(
    context: &mut Update,
    path: &str,
    blob: Oid,
    commit: &CommitInfo,
    open: &mut HashMap<String, Open>,
    closed: &mut Vec<Record>,
) {
    if !wanted(context, path) {
        return;
    }
    let Some(findings) = blob_findings(context, path, blob) else {
        return;
    };
    reconcile(open, path, findings, commit, closed);
}

/// Whether the audit judges `path` at all.
fn wanted(context: &Update, path: &str) -> bool {
    formats::is_candidate(Path::new(path))
        && context
            .globs
            .as_ref()
            .is_none_or(|globs| globs.is_match(path))
}

/// `path`'s findings are now `findings`: close the open ones that are gone, open the new ones.
fn reconcile(
    open: &mut HashMap<String, Open>,
    path: &str,
    findings: Vec<BlobFinding>,
    commit: &CommitInfo,
    closed: &mut Vec<Record>,
) {
    // Identity: rule, fingerprint and which occurrence of the pair (two equal blocks).
    let mut now: Open = BTreeMap::new();
    let mut occurrences: HashMap<(String, String), usize> = HashMap::new();
    for finding in findings {
        let pair = (finding.rule.clone(), finding.fingerprint.clone());
        let occurrence = occurrences.entry(pair.clone()).or_default();
        let key = (pair.0, pair.1, *occurrence);
        *occurrence += 1;
        now.insert(
            key,
            Record {
                rule: finding.rule,
                file: path.to_string(),
                line: finding.line,
                column: finding.column,
                message: finding.message,
                fingerprint: finding.fingerprint,
                introduced: commit.clone(),
                fixed: None,
                present_at_head: false,
            },
        );
    }
    let previous = open.remove(path).unwrap_or_default();
    let mut next: Open = BTreeMap::new();
    for (key, record) in previous {
        match now.remove(&key) {
            // Still there: keep its origin, take its current place.
            Some(current) => {
                next.insert(
                    key,
                    Record {
                        line: current.line,
                        column: current.column,
                        message: current.message,
                        ..record
                    },
                );
            }
            None => {
                closed.push(Record {
                    fixed: Some(commit.clone()),
                    ..record
                });
            }
        }
    }
    next.extend(now);
    if !next.is_empty() {
        open.insert(path.to_string(), next);
    }
}

/// A renamed file's open findings move with it: their origin stays.
fn move_records(open: &mut HashMap<String, Open>, old: &str, new: &str) {
    if let Some(records) = open.remove(old) {
        let moved = records
            .into_iter()
            .map(|(key, mut record)| {
                record.file = new.to_string();
                (key, record)
            })
            .collect();
        open.insert(new.to_string(), moved);
    }
}

fn close_all(
    open: &mut HashMap<String, Open>,
    path: &str,
    commit: &CommitInfo,
    closed: &mut Vec<Record>,
) {
    if let Some(records) = open.remove(path) {
        closed.extend(records.into_values().map(|record| Record {
            fixed: Some(commit.clone()),
            ..record
        }));
    }
}

/// The text of a blob the audit may read: `None` for an unreadable, oversized or binary blob
/// (`blob_findings` reports why).
fn blob_text(context: &Update, oid: Oid) -> Option<String> {
    let blob = context.repository.find_blob(oid).ok()?;
    if blob.size() > context.max_bytes {
        return None;
    }
    crate::pipeline::read::decode(blob.content().to_vec()).ok()
}

/// The repository rules over each commit's tree: every file's summary, re-evaluated at the
/// commits that change what those rules read (the summaries' repository keys).
struct TreeEstate<'a> {
    evaluator: crate::policy::Evaluator<'a>,
    rules: Vec<bool>,
    summaries: BTreeMap<String, std::sync::Arc<crate::pipeline::estate::FileSummary>>,
    by_blob: HashMap<Oid, Option<std::sync::Arc<crate::pipeline::estate::FileSummary>>>,
    open: HashMap<String, Open>,
    dirty: bool,
}

impl<'a> TreeEstate<'a> {
    fn new(policies: &'a PolicySet) -> Self {
        TreeEstate {
            evaluator: policies.evaluator(),
            rules: policies
                .rules()
                .iter()
                .map(|rule| !rule.meta.scope.is_document())
                .collect(),
            summaries: BTreeMap::new(),
            by_blob: HashMap::new(),
            open: HashMap::new(),
            dirty: false,
        }
    }

    fn active(&self) -> bool {
        self.rules.iter().any(|enabled| *enabled)
    }

    fn remove(&mut self, path: &str) {
        if self.summaries.remove(path).is_some() {
            self.dirty = true;
        }
    }

    fn rename(&mut self, old: &str, new: &str) {
        if let Some(summary) = self.summaries.remove(old) {
            self.summaries.insert(new.to_string(), summary);
            self.dirty = true;
        }
        move_records(&mut self.open, old, new);
    }

    /// `path` now holds `blob`.
    fn set(&mut self, context: &Update, path: &str, blob: Oid) {
        if !self.active() || !wanted(context, path) {
            return;
        }
        let summary = self
            .by_blob
            .entry(blob)
            .or_insert_with(|| {
                blob_text(context, blob)
                    .and_then(|text| pipeline::summarize(Path::new(path), &text))
            })
            .clone();
        let before = self
            .summaries
            .get(path)
            .map(|summary| summary.repository_key);
        let after = summary.as_ref().map(|summary| summary.repository_key);
        if before != after {
            self.dirty = true;
        }
        match summary {
            Some(summary) => {
                self.summaries.insert(path.to_string(), summary);
            }
            None => {
                self.summaries.remove(path);
            }
        }
    }

    /// When the commit changed what repository rules read, judge the whole tree again.
    fn evaluate(&mut self, commit: &CommitInfo, closed: &mut Vec<Record>) {
        if !std::mem::take(&mut self.dirty) {
            return;
        }
        let summaries: Vec<_> = self.summaries.values().cloned().collect();
        let rules = self.rules.clone();
        let mut found = crate::pipeline::estate::evaluate(
            &mut self.evaluator,
            &summaries,
            serde_json::json!({}),
            &|rule| rules[rule],
        );
        let mut paths: Vec<String> = self.open.keys().cloned().collect();
        let by_path: HashMap<String, Vec<BlobFinding>> = found
            .by_file
            .drain()
            .map(|(path, diagnostics)| {
                let findings = diagnostics.into_iter().map(BlobFinding::from).collect();
                (path.to_string_lossy().into_owned(), findings)
            })
            .collect();
        paths.extend(by_path.keys().cloned());
        paths.sort();
        paths.dedup();
        let mut by_path = by_path;
        for path in paths {
            let findings = by_path.remove(&path).unwrap_or_default();
            reconcile(&mut self.open, &path, findings, commit, closed);
        }
    }
}

/// The findings of one blob: from the cache, else linted once.
fn blob_findings(context: &mut Update, path: &str, oid: Oid) -> Option<Vec<BlobFinding>> {
    let id = oid.to_string();
    let first_time = context.seen.insert(oid);
    if let Some(findings) = context.cache.get(&id) {
        if first_time {
            context.audit.blobs_cached += 1;
        }
        return Some(findings.clone());
    }
    let blob = match context.repository.find_object(oid, Some(ObjectType::Blob)) {
        Ok(object) => match object.into_blob() {
            Ok(blob) => blob,
            Err(_) => return None,
        },
        Err(error) => {
            context.audit.errors.push(format!(
                "{path}: blob {oid} cannot be read: {}",
                error.message()
            ));
            return None;
        }
    };
    if blob.size() > context.max_bytes {
        context.audit.notes.push(format!(
            "{path}: blob {oid} skipped: {} bytes, above the limit of {}",
            blob.size(),
            context.max_bytes
        ));
        context.cache.insert(id, Vec::new());
        return Some(Vec::new());
    }
    let findings = match crate::pipeline::read::decode(blob.content().to_vec()) {
        Err(error) => {
            context
                .audit
                .notes
                .push(format!("{path}: blob {oid} skipped: {}", error.message));
            Vec::new()
        }
        Ok(text) => {
            let text = text.as_str();
            let file = PathBuf::from(path);
            match formats::detect(&file, text) {
                Detection::Lint(_) => {
                    let linted = pipeline::lint_buffer(
                        &file,
                        text,
                        context.policies,
                        context.options,
                        context.context,
                        &[],
                    );
                    // Repository rules are judged over each commit's whole tree (TreeEstate).
                    let document_rule = |id: &str| {
                        context
                            .policies
                            .rule(id)
                            .is_none_or(|rule| rule.meta.scope.is_document())
                    };
                    linted
                        .diagnostics
                        .into_iter()
                        .filter(|diagnostic| document_rule(&diagnostic.rule))
                        .map(BlobFinding::from)
                        .collect()
                }
                Detection::Skip(_) | Detection::Unknown => Vec::new(),
            }
        }
    };
    context.audit.blobs_linted += 1;
    context.cache.insert(id, findings.clone());
    Some(findings)
}
