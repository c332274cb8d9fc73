//! Source trees: where the pipeline reads files from. Every read of a file's text — the file
//! being linted, and every second file a stage consults (a Terraform module's sibling files,
//! inventories, Proxmox cluster files) — goes through a [`SourceTree`], never straight to disk:
//!
//! - [`FileSystem`]: the disk, read defensively (`read.rs`); used by `check` and `baseline`.
//! - [`Overlay`]: the editor's open buffers over another tree; used by the language server, so
//!   that an unsaved edit of a sibling file counts.
//! - [`GitTree`]: a commit's tree in a git repository; used by `audit`, so that history is
//!   judged with the files of the commit, not today's disk.
//!
//! A tree also gives each file a *stamp* that changes when its content does (size and mtime,
//! a buffer's text, a blob id), so that what is derived from a set of files can be cached by
//! their stamps and is never stale.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use super::read::{self, ReadError};

/// A set of files that can be read and listed.
pub trait SourceTree: Send + Sync {
    /// The UTF-8 text of the file at `path`, at most `max_bytes` long.
    fn read_text(&self, path: &Path, max_bytes: u64) -> Result<String, ReadError>;
    /// The files (not directories) directly in `dir`, sorted; empty when it cannot be listed.
    fn list(&self, dir: &Path) -> Vec<PathBuf>;
    /// A value that changes when the file's content changes; `None` when there is no file.
    fn stamp(&self, path: &Path) -> Option<u64>;
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The disk.
#[derive(Debug, Default, Clone, Copy)]
pub struct FileSystem;

impl SourceTree for FileSystem {
    fn read_text(&self, path: &Path, max_bytes: u64) -> Result<String, ReadError> {
        read::read_text(path, max_bytes)
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
            .map(|entry| strip_dot(&entry.path()))
            .collect();
        files.sort();
        files
    }

    fn stamp(&self, path: &Path) -> Option<u64> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(hash_of((metadata.len(), metadata.modified().ok())))
    }
}

/// `./a/b` → `a/b`, as discovery names files.
fn strip_dot(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// Open editor buffers over another tree: a buffer wins over the file it shadows, and a buffer
/// of a file not yet saved is listed in its directory.
pub struct Overlay {
    base: Arc<dyn SourceTree>,
    /// Absolute path → text.
    buffers: RwLock<HashMap<PathBuf, Arc<str>>>,
}

impl Overlay {
    pub fn new(base: Arc<dyn SourceTree>) -> Self {
        Overlay {
            base,
            buffers: RwLock::new(HashMap::new()),
        }
    }

    /// The buffer of `path` now holds `text`.
    pub fn set(&self, path: &Path, text: Arc<str>) {
        if let Ok(mut buffers) = self.buffers.write() {
            buffers.insert(crate::paths::absolute(path), text);
        }
    }

    /// The buffer of `path` was closed: the file on the base tree counts again.
    pub fn remove(&self, path: &Path) {
        if let Ok(mut buffers) = self.buffers.write() {
            buffers.remove(&crate::paths::absolute(path));
        }
    }

    fn buffer(&self, path: &Path) -> Option<Arc<str>> {
        let buffers = self.buffers.read().ok()?;
        buffers.get(&crate::paths::absolute(path)).cloned()
    }
}

impl SourceTree for Overlay {
    fn read_text(&self, path: &Path, max_bytes: u64) -> Result<String, ReadError> {
        match self.buffer(path) {
            Some(text) if text.len() as u64 > max_bytes => Err(ReadError::whole(format!(
                "buffer is {} bytes, above the limit of {max_bytes} (--max-file-size): not read",
                text.len()
            ))),
            Some(text) => Ok(text.to_string()),
            None => self.base.read_text(path, max_bytes),
        }
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let mut files = self.base.list(dir);
        let wanted = crate::paths::absolute(dir);
        if let Ok(buffers) = self.buffers.read() {
            for open in buffers.keys() {
                if open.parent() == Some(wanted.as_path()) {
                    let name = open.file_name().map(|name| dir.join(name));
                    if let Some(name) = name.filter(|name| !files.contains(name)) {
                        files.push(name);
                    }
                }
            }
        }
        files.sort();
        files
    }

    fn stamp(&self, path: &Path) -> Option<u64> {
        match self.buffer(path) {
            Some(text) => Some(hash_of(("buffer", &*text))),
            None => self.base.stamp(path),
        }
    }
}

/// The tree of one commit. Paths are relative to the repository's top (an absolute path under
/// the work tree is taken relative to it).
pub struct GitTree {
    repository: Mutex<git2::Repository>,
    tree: Mutex<git2::Oid>,
    workdir: Option<PathBuf>,
}

impl GitTree {
    /// The tree of `commit` in the repository at `git_dir` (opened anew: a `Repository` is
    /// not shared between threads).
    pub fn open(git_dir: &Path, commit: git2::Oid) -> Result<Self, String> {
        let repository = git2::Repository::open(git_dir)
            .map_err(|error| format!("cannot open {}: {}", git_dir.display(), error.message()))?;
        let tree = repository
            .find_commit(commit)
            .and_then(|commit| commit.tree())
            .map(|tree| tree.id())
            .map_err(|error| format!("tree of {commit}: {}", error.message()))?;
        let workdir = repository.workdir().map(crate::paths::absolute);
        Ok(GitTree {
            repository: Mutex::new(repository),
            tree: Mutex::new(tree),
            workdir,
        })
    }

    /// Read another commit of the same repository from now on.
    pub fn set_commit(&self, commit: git2::Oid) -> Result<(), String> {
        let repository = self
            .repository
            .lock()
            .map_err(|_| "repository lock poisoned")?;
        let tree = repository
            .find_commit(commit)
            .and_then(|commit| commit.tree())
            .map(|tree| tree.id())
            .map_err(|error| format!("tree of {commit}: {}", error.message()))?;
        if let Ok(mut current) = self.tree.lock() {
            *current = tree;
        }
        Ok(())
    }

    /// The blob at `path` in the current commit.
    pub fn blob(&self, path: &Path) -> Option<git2::Oid> {
        self.entry(path, |_, oid| Some(oid))
    }

    fn relative(&self, path: &Path) -> PathBuf {
        let path = match (&self.workdir, path.is_absolute()) {
            (Some(workdir), true) => path.strip_prefix(workdir).unwrap_or(path),
            _ => path,
        };
        path.components()
            .filter(|component| !matches!(component, Component::CurDir))
            .collect()
    }

    fn entry<T>(
        &self,
        path: &Path,
        read: impl FnOnce(&git2::Repository, git2::Oid) -> Option<T>,
    ) -> Option<T> {
        let repository = self.repository.lock().ok()?;
        let tree_id = *self.tree.lock().ok()?;
        let tree = repository.find_tree(tree_id).ok()?;
        let relative = self.relative(path);
        if relative.as_os_str().is_empty() {
            return read(&repository, tree.id());
        }
        let entry = tree.get_path(&relative).ok()?;
        read(&repository, entry.id())
    }
}

impl SourceTree for GitTree {
    fn read_text(&self, path: &Path, max_bytes: u64) -> Result<String, ReadError> {
        let bytes = self.entry(path, |repository, oid| {
            let blob = repository.find_blob(oid).ok()?;
            Some(if blob.size() as u64 > max_bytes {
                Err(blob.size())
            } else {
                Ok(blob.content().to_vec())
            })
        });
        match bytes {
            None => Err(ReadError::whole(format!(
                "cannot read file: no blob `{}` in the commit's tree",
                crate::paths::slash_path(path)
            ))),
            Some(Err(size)) => Err(ReadError::whole(format!(
                "blob is {size} bytes, above the limit of {max_bytes}: not read"
            ))),
            Some(Ok(bytes)) => read::decode(bytes),
        }
    }

    fn list(&self, dir: &Path) -> Vec<PathBuf> {
        let names = self.entry(dir, |repository, oid| {
            let tree = repository.find_tree(oid).ok()?;
            Some(
                tree.iter()
                    .filter(|entry| entry.kind() == Some(git2::ObjectType::Blob))
                    .filter_map(|entry| entry.name().ok().map(str::to_string))
                    .collect::<Vec<_>>(),
            )
        });
        let mut files: Vec<PathBuf> = names
            .unwrap_or_default()
            .into_iter()
            .map(|name| dir.join(name))
            .collect();
        files.sort();
        files
    }

    fn stamp(&self, path: &Path) -> Option<u64> {
        self.entry(path, |_, oid| Some(hash_of(oid.as_bytes())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overlay_buffer_shadows_the_disk_and_is_listed() {
        let dir = tempfile::tempdir().unwrap();
        let saved = dir.path().join("main.tf");
        std::fs::write(&saved, "on disk").unwrap();
        let overlay = Overlay::new(Arc::new(FileSystem));
        let disk_stamp = overlay.stamp(&saved);
        overlay.set(&saved, Arc::from("in the editor"));
        assert_eq!(overlay.read_text(&saved, 100).unwrap(), "in the editor");
        assert_ne!(overlay.stamp(&saved), disk_stamp);
        let unsaved = dir.path().join("new.tf");
        overlay.set(&unsaved, Arc::from("x"));
        assert_eq!(overlay.list(dir.path()), vec![saved.clone(), unsaved]);
        overlay.remove(&saved);
        assert_eq!(overlay.read_text(&saved, 100).unwrap(), "on disk");
        assert_eq!(overlay.stamp(&saved), disk_stamp);
    }

    #[test]
    fn a_git_tree_reads_the_commit_not_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let repository = git2::Repository::init(dir.path()).unwrap();
        std::fs::create_dir(dir.path().join("vm")).unwrap();
        std::fs::write(dir.path().join("vm/a.tf"), "committed").unwrap();
        let mut index = repository.index().unwrap();
        index.add_path(Path::new("vm/a.tf")).unwrap();
        let tree = repository.find_tree(index.write_tree().unwrap()).unwrap();
        let signature = git2::Signature::now("t", "t@example.com").unwrap();
        let commit = repository
            .commit(Some("HEAD"), &signature, &signature, "one", &tree, &[])
            .unwrap();
        std::fs::write(dir.path().join("vm/a.tf"), "changed on disk").unwrap();
        let git = GitTree::open(dir.path(), commit).unwrap();
        assert_eq!(
            git.read_text(Path::new("vm/a.tf"), 100).unwrap(),
            "committed"
        );
        assert_eq!(
            git.read_text(&dir.path().join("vm/a.tf"), 100).unwrap(),
            "committed"
        );
        assert_eq!(git.list(Path::new("vm")), vec![PathBuf::from("vm/a.tf")]);
        assert!(git.stamp(Path::new("vm/a.tf")).is_some());
        assert!(git.read_text(Path::new("vm/b.tf"), 100).is_err());
        assert!(git.read_text(Path::new("vm/a.tf"), 3).is_err());
    }
}
