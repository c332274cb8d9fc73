//! The blobs of the walk, linted through the pipeline: each distinct blob once (its findings
//! cached on disk by blob id and project fingerprint), read through a [`GitTree`] at the
//! commit being audited — so a Terraform file's module is the commit's, not today's disk — and
//! judged with today's project (configuration, selection, params; inline suppressions from the
//! blob itself). A Terraform blob's cache key also holds what it reads of its module: the
//! stamps of the called modules' files and tfvars, and of its own directory's `.tf` files what
//! the module reader keeps of them (their declarations, `module::declarations_key`), so that
//! editing one VM of a 50-file directory re-lints that VM alone.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use git2::{ObjectType, Oid, Repository};

use super::cache::{BlobFinding, Cache};
use super::Audit;
use crate::formats;
use crate::pipeline::context::RepositoryContext;
use crate::pipeline::estate::FileSummary;
use crate::pipeline::source::{GitTree, SourceTree};
use crate::project::Project;

/// What the walk needs to lint a blob.
pub struct Blobs<'a> {
    pub repository: &'a Repository,
    /// Today's project, reading from `tree`.
    pub project: &'a Project,
    pub tree: Arc<GitTree>,
    pub globs: Option<globset::GlobSet>,
    pub max_bytes: usize,
    pub cache: Cache,
    /// Blobs counted in the audit's statistics.
    pub seen: HashSet<Oid>,
    /// Summaries for the repository rules, by cache key.
    pub summaries: HashMap<String, Option<Arc<FileSummary>>>,
    pub context: RepositoryContext,
    /// The module calls of the tree at the commit being audited.
    pub calls: crate::pipeline::module_calls::ModuleCalls,
    /// A digest of what the module reader keeps of the `.tf` blob with this stamp (`None`: the
    /// whole blob counts), by stamp.
    pub declarations: std::sync::Mutex<HashMap<u64, Option<u64>>>,
}

impl Blobs<'_> {
    /// Whether the audit judges `path` at all.
    pub fn wanted(&self, path: &str) -> bool {
        formats::is_candidate(Path::new(path))
            && self.globs.as_ref().is_none_or(|globs| globs.is_match(path))
    }

    /// The blob's cache key: its id, and for a Terraform file the stamps of its module's
    /// files at this commit (their variables change what the file deploys).
    fn key(&self, path: &str, oid: Oid) -> String {
        let path = Path::new(path);
        // The same blob at two paths may be governed by different configuration (overrides,
        // excludes): the settings are part of the key.
        let times = Arc::default();
        let settings = crate::pipeline::file_settings(
            &self.project.options,
            self.project.policies.rules(),
            path,
            &times,
        );
        let governed = match settings {
            Ok(settings) => format!(
                "{:?}{:?}{:?}",
                settings.selection, settings.suppressions, settings.roles
            ),
            Err(reason) => reason,
        };
        let oid = format!("{oid}+{:016x}", fnv1a(governed.as_bytes()));
        let name = path.to_string_lossy().to_ascii_lowercase();
        if !(name.ends_with(".tf") || name.ends_with(".tf.json")) {
            return oid;
        }
        // What the file deploys depends on its module's files and tfvars, on every module it
        // calls (through its directory's calls), and on whether its directory is called.
        let dir = crate::pipeline::siblings::directory_of(path);
        let called = self.context.calls_module(&dir);
        let mut module = format!("called={called};");
        let mut dirs = vec![dir.clone()];
        dirs.extend(self.calls.called_from(&dir));
        for (index, dir) in dirs.into_iter().enumerate() {
            for sibling in self.tree.list(&dir) {
                let sibling_name = sibling.to_string_lossy().to_ascii_lowercase();
                let counts = [".tf", ".tf.json", ".tfvars", ".tfvars.json"]
                    .iter()
                    .any(|suffix| sibling_name.ends_with(suffix));
                if counts {
                    let stamp = self.tree.stamp(&sibling).unwrap_or_default();
                    // The own directory's other files are read for their declarations only.
                    let declarations =
                        (index == 0 && sibling != path && sibling_name.ends_with(".tf"))
                            .then(|| self.declarations(&sibling, stamp))
                            .flatten();
                    match declarations {
                        // Declares nothing: as if it were not there (adding one changes nothing).
                        Some(digest) if digest == fnv1a(b"") => {}
                        Some(digest) => {
                            module.push_str(&format!("{}=declares {digest:x};", sibling.display()))
                        }
                        None => module.push_str(&format!("{}={stamp:x};", sibling.display())),
                    }
                }
            }
        }
        format!("{oid}+{:016x}", fnv1a(module.as_bytes()))
    }

    /// A digest of what the module reader keeps of the `.tf` file at `path` (its blob
    /// `stamp`); `None` when it reads the whole file.
    fn declarations(&self, path: &Path, stamp: u64) -> Option<u64> {
        if let Some(known) = self
            .declarations
            .lock()
            .ok()
            .and_then(|known| known.get(&stamp).copied())
        {
            return known;
        }
        let digest = self
            .tree
            .read_text(path, self.max_bytes as u64)
            .ok()
            .and_then(|text| crate::formats::terraform::module::declarations_key(&text))
            .map(|key| fnv1a(key.as_bytes()));
        if let Ok(mut known) = self.declarations.lock() {
            known.insert(stamp, digest);
        }
        digest
    }

    /// The text of a blob the audit may read: `None` (with a note or an error in the audit)
    /// for an unreadable, oversized or binary blob.
    pub(super) fn text(&self, path: &str, oid: Oid, audit: &mut Audit) -> Option<String> {
        let blob = match self.repository.find_object(oid, Some(ObjectType::Blob)) {
            Ok(object) => object.into_blob().ok()?,
            Err(error) => {
                audit.errors.push(format!(
                    "{path}: blob {oid} cannot be read: {}",
                    error.message()
                ));
                return None;
            }
        };
        if blob.size() > self.max_bytes {
            audit.notes.push(format!(
                "{path}: blob {oid} skipped: {} bytes, above the limit of {}",
                blob.size(),
                self.max_bytes
            ));
            return None;
        }
        match crate::pipeline::read::decode(blob.content().to_vec()) {
            Ok(text) => Some(text),
            Err(error) => {
                audit
                    .notes
                    .push(format!("{path}: blob {oid} skipped: {}", error.message));
                None
            }
        }
    }

    /// The document-rule findings of the blob at `path`: from the cache, else linted once.
    pub fn findings(&mut self, path: &str, oid: Oid, audit: &mut Audit) -> Vec<BlobFinding> {
        let key = self.key(path, oid);
        let first_time = self.seen.insert(oid);
        if let Some(findings) = self.cache.get(&key) {
            if first_time {
                audit.blobs_cached += 1;
            }
            return findings.clone();
        }
        let findings = match self.text(path, oid, audit) {
            None => {
                self.summaries.insert(key.clone(), None);
                Vec::new()
            }
            Some(text) => {
                // The repository rules are judged over each commit's whole tree (tree_estate.rs).
                let linted = crate::pipeline::lint_buffer(
                    Path::new(path),
                    &text,
                    &self.project.policies,
                    &self.project.options,
                    &self.context,
                    None,
                );
                self.summaries.insert(key.clone(), linted.summary);
                linted
                    .diagnostics
                    .into_iter()
                    .map(BlobFinding::from)
                    .collect()
            }
        };
        audit.blobs_linted += 1;
        self.cache.insert(key, findings.clone());
        findings
    }

    /// What the repository rules read of the blob at `path` (parsed once per key).
    pub fn summary(&mut self, path: &str, oid: Oid, audit: &mut Audit) -> Option<Arc<FileSummary>> {
        let key = self.key(path, oid);
        if let Some(known) = self.summaries.get(&key) {
            return known.clone();
        }
        let summary = self.text(path, oid, audit).and_then(|text| {
            crate::pipeline::summarize(Path::new(path), &text, &self.project.options, &self.context)
        });
        self.summaries.insert(key, summary.clone());
        summary
    }
}

/// FNV-1a: a stable hash for cache keys.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
