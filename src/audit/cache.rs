//! The audit's memory: the findings of each blob, keyed by blob id and by the policy set that
//! judged it, kept under `.vmlint-cache/` (or `--cache-dir`) so that a second audit of a grown
//! history lints only the blobs it has not seen.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What one blob holds, as the audit needs it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BlobFinding {
    pub rule: String,
    pub fingerprint: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl From<crate::diagnostic::Diagnostic> for BlobFinding {
    fn from(diagnostic: crate::diagnostic::Diagnostic) -> Self {
        BlobFinding {
            rule: diagnostic.rule,
            fingerprint: diagnostic.fingerprint,
            line: diagnostic.start.line,
            column: diagnostic.start.column,
            message: diagnostic.message,
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    /// vmlint version and policy hash the findings were made with.
    key: String,
    blobs: HashMap<String, Vec<BlobFinding>>,
}

pub struct Cache {
    file: Option<PathBuf>,
    stored: Stored,
    dirty: bool,
}

impl Cache {
    /// The cache for `key` (version + policies) in `dir`; `None` keeps it in memory only.
    pub fn open(dir: Option<&Path>, key: &str) -> Cache {
        let file = dir.map(|dir| dir.join(format!("audit-{}.json", &key[..key.len().min(16)])));
        let stored = file
            .as_ref()
            .and_then(|file| std::fs::read(file).ok())
            .and_then(|bytes| serde_json::from_slice::<Stored>(&bytes).ok())
            .filter(|stored| stored.key == key)
            .unwrap_or_else(|| Stored {
                key: key.to_string(),
                blobs: HashMap::new(),
            });
        Cache {
            file,
            stored,
            dirty: false,
        }
    }

    pub fn get(&self, blob: &str) -> Option<&Vec<BlobFinding>> {
        self.stored.blobs.get(blob)
    }

    pub fn insert(&mut self, blob: String, findings: Vec<BlobFinding>) {
        self.stored.blobs.insert(blob, findings);
        self.dirty = true;
    }

    pub fn len(&self) -> usize {
        self.stored.blobs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stored.blobs.is_empty()
    }

    /// Write the cache back when it learned something.
    pub fn save(&self) -> Result<(), String> {
        let (Some(file), true) = (&self.file, self.dirty) else {
            return Ok(());
        };
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
            // Like `.pytest_cache`: the cache keeps itself out of git.
            let ignore = dir.join(".gitignore");
            if !ignore.exists() {
                let _ = std::fs::write(ignore, "# vmlint audit cache\n*\n");
            }
        }
        let bytes = serde_json::to_vec(&self.stored).map_err(|error| error.to_string())?;
        std::fs::write(file, bytes)
            .map_err(|error| format!("cannot write {}: {error}", file.display()))
    }
}
