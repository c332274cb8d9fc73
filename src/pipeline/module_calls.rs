//! Terraform module calls: which files call which local module directories, from the texts
//! of `.tf` files. The audit keeps it up to date commit by commit (to re-judge a module's
//! callers when the module changes, to know which directories are called, and to key a blob's
//! cached findings on the modules it calls); a check of changed files uses it to judge the
//! callers of a changed module or tfvars too.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Caller file → the directories its `module` blocks call.
#[derive(Debug, Default)]
pub struct ModuleCalls {
    by_file: HashMap<String, Vec<PathBuf>>,
}

impl ModuleCalls {
    /// Record the calls of the file at `path` (its text, or `None` when it is gone); `true`
    /// when they changed.
    pub fn update(&mut self, path: &str, text: Option<&str>) -> bool {
        let calls: Vec<PathBuf> = match text {
            Some(text) => {
                let dir = crate::paths::directory_of(Path::new(path));
                crate::formats::terraform::module::local_module_sources(text)
                    .iter()
                    .filter_map(|source| crate::paths::local_module_dir(&dir, source))
                    .collect()
            }
            None => Vec::new(),
        };
        let before = match calls.is_empty() {
            true => self.by_file.remove(path),
            false => self.by_file.insert(path.to_string(), calls.clone()),
        };
        before.unwrap_or_default() != calls
    }

    /// Every directory some file calls.
    pub fn called(&self) -> BTreeSet<PathBuf> {
        self.by_file.values().flatten().cloned().collect()
    }

    /// The directories whose files call `dir`, directly or through other modules.
    pub fn callers_of(&self, dir: &Path) -> BTreeSet<PathBuf> {
        let mut found = BTreeSet::new();
        let mut frontier = vec![crate::paths::normalize(dir)];
        while let Some(current) = frontier.pop() {
            for (file, calls) in &self.by_file {
                if calls.contains(&current) {
                    let caller =
                        crate::paths::normalize(&crate::paths::directory_of(Path::new(file)));
                    if found.insert(caller.clone()) && found.len() < 256 {
                        frontier.push(caller);
                    }
                }
            }
        }
        found
    }

    /// The directories that files of `dir` call, directly or through other modules.
    pub fn called_from(&self, dir: &Path) -> BTreeSet<PathBuf> {
        let mut found = BTreeSet::new();
        let mut frontier = vec![crate::paths::normalize(dir)];
        while let Some(current) = frontier.pop() {
            for (file, calls) in &self.by_file {
                let file_dir =
                    crate::paths::normalize(&crate::paths::directory_of(Path::new(file)));
                if file_dir == current {
                    for called in calls {
                        if found.insert(called.clone()) && found.len() < 256 {
                            frontier.push(called.clone());
                        }
                    }
                }
            }
        }
        found
    }
}

fn is_terraform_source(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

fn is_terraform_input(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    is_terraform_source(path) || name.ends_with(".tfvars") || name.ends_with(".tfvars.json")
}

/// The `.tf` files among `candidates` whose findings a change to the `changed` files may alter:
/// those of a changed `.tf` or tfvars file's directory and of every directory that calls it.
/// Paths are compared as given: pass them all absolute, or all relative to one place.
pub fn terraform_dependants(
    changed: &[PathBuf],
    candidates: &[PathBuf],
    read: &dyn Fn(&Path) -> Option<String>,
) -> Vec<PathBuf> {
    let dirs: BTreeSet<PathBuf> = changed
        .iter()
        .filter(|path| is_terraform_input(path))
        .map(|path| crate::paths::normalize(&crate::paths::directory_of(path)))
        .collect();
    if dirs.is_empty() {
        return Vec::new();
    }
    let mut calls = ModuleCalls::default();
    for candidate in candidates.iter().filter(|path| is_terraform_source(path)) {
        if let Some(text) = read(candidate) {
            calls.update(&candidate.to_string_lossy(), Some(&text));
        }
    }
    let mut reached = dirs.clone();
    for dir in &dirs {
        reached.extend(calls.callers_of(dir));
    }
    candidates
        .iter()
        .filter(|path| is_terraform_source(path))
        .filter(|path| {
            reached.contains(&crate::paths::normalize(&crate::paths::directory_of(path)))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_callers_and_what_a_directory_reaches() {
        let mut calls = ModuleCalls::default();
        let root = "module \"a\" {\n  source = \"./modules/a\"\n}\n";
        let nested = "module \"b\" {\n  source = \"../b\"\n}\n";
        assert!(calls.update("main.tf", Some(root)));
        assert!(!calls.update("main.tf", Some(root)));
        assert!(calls.update("modules/a/main.tf", Some(nested)));
        let called: Vec<PathBuf> = calls.called().into_iter().collect();
        assert_eq!(
            called,
            [PathBuf::from("modules/a"), PathBuf::from("modules/b")]
        );
        let callers: Vec<PathBuf> = calls
            .callers_of(Path::new("modules/b"))
            .into_iter()
            .collect();
        assert_eq!(callers, [PathBuf::from("."), PathBuf::from("modules/a")]);
        assert_eq!(calls.called_from(Path::new(".")).len(), 2);
        assert!(calls.update("main.tf", None));
        assert_eq!(calls.called().len(), 1);
    }
}
