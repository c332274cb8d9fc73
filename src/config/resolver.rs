//! Which configuration governs a file: the nearest `.vmlint.toml` in its directory or above
//! (read once per directory), one file for all (`--config`), or none (`--no-config`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{Config, ConfigError, FILE_NAME};
use crate::paths::absolute;

/// Finds the configuration of each file: the nearest `.vmlint.toml` in its directory or
/// above, read once per directory; or one file for all (`--config`); or none (`--no-config`).
pub struct ConfigResolver {
    fixed: Option<Option<Arc<Config>>>,
    by_directory: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
    errors: Mutex<Vec<ConfigError>>,
}

impl ConfigResolver {
    pub fn discover() -> Self {
        ConfigResolver {
            fixed: None,
            by_directory: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
        }
    }

    pub fn fixed(config: Option<Config>) -> Self {
        ConfigResolver {
            fixed: Some(config.map(Arc::new)),
            by_directory: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
        }
    }

    /// Every configuration file looked for so far (found or not): what a cached result depends
    /// on besides the linted files. Empty for a fixed configuration.
    pub fn consulted(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .by_directory
            .lock()
            .map(|known| known.keys().map(|dir| dir.join(FILE_NAME)).collect())
            .unwrap_or_default();
        files.sort();
        files
    }

    /// The configuration that applies to `path` (a file or a directory).
    pub fn for_path(&self, path: &Path) -> Option<Arc<Config>> {
        if let Some(fixed) = &self.fixed {
            return fixed.clone();
        }
        let start = absolute(path);
        let start = if start.is_dir() {
            start
        } else {
            start.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        self.for_directory(&start)
    }

    fn for_directory(&self, dir: &Path) -> Option<Arc<Config>> {
        if let Some(known) = self.by_directory.lock().ok()?.get(dir) {
            return known.clone();
        }
        let candidate = dir.join(FILE_NAME);
        let found = if candidate.is_file() {
            match Config::load(&relative_to_cwd(&candidate)) {
                Ok(config) => Some(Arc::new(config)),
                Err(error) => {
                    if let Ok(mut errors) = self.errors.lock() {
                        if !errors.contains(&error) {
                            errors.push(error);
                        }
                    }
                    None
                }
            }
        } else {
            dir.parent().and_then(|parent| self.for_directory(parent))
        };
        if let Ok(mut cache) = self.by_directory.lock() {
            cache.insert(dir.to_path_buf(), found.clone());
        }
        found
    }

    /// Configuration files that could not be read, found while resolving.
    pub fn errors(&self) -> Vec<ConfigError> {
        self.errors
            .lock()
            .map(|errors| errors.clone())
            .unwrap_or_default()
    }
}

fn relative_to_cwd(path: &Path) -> PathBuf {
    crate::paths::display_path(path)
}
