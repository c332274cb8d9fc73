//! Where policies come from: the built-in pack embedded at build time, and user directories
//! given with `--policy DIR`.

use std::path::{Path, PathBuf};

use super::PolicyError;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/builtin_policies.rs"));
}

/// One Rego file: a display path (used in error messages) and its text.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    pub path: String,
    pub contents: String,
    pub is_test: bool,
    /// Part of vmlint's own pack (the only place `VML` rule ids may come from).
    pub is_builtin: bool,
}

fn is_test_file(path: &str) -> bool {
    path.ends_with("_test.rego")
}

/// The built-in Rego files.
pub fn builtin() -> Vec<PolicyFile> {
    generated::BUILTIN_FILES
        .iter()
        .filter(|(path, _)| path.ends_with(".rego"))
        .map(|(path, contents)| PolicyFile {
            path: path.to_string(),
            contents: contents.to_string(),
            is_test: is_test_file(path),
            is_builtin: true,
        })
        .collect()
}

/// The README of a built-in rule directory, if it has one (`policies/<category>/<slug>/`).
pub fn builtin_readme(rule_file: &str) -> Option<&'static str> {
    let directory = Path::new(rule_file).parent()?;
    let readme = directory.join("README.md");
    let readme = readme.to_string_lossy().replace('\\', "/");
    generated::BUILTIN_FILES
        .iter()
        .find(|(path, _)| *path == readme)
        .map(|(_, contents)| *contents)
}

/// Every `.rego` file under `dir`, sorted by path.
pub fn from_directory(dir: &Path) -> Result<Vec<PolicyFile>, PolicyError> {
    if !dir.is_dir() {
        return Err(PolicyError::Load(format!(
            "policy directory `{}` does not exist or is not a directory",
            dir.display()
        )));
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = entry.map_err(|error| PolicyError::Load(error.to_string()))?;
        let path = entry.path();
        if path.is_file()
            && path
                .extension()
                .is_some_and(|extension| extension == "rego")
        {
            paths.push(path.to_path_buf());
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let contents = std::fs::read_to_string(&path).map_err(|error| {
                PolicyError::Load(format!("cannot read policy `{}`: {error}", path.display()))
            })?;
            let display = path.to_string_lossy().replace('\\', "/");
            Ok(PolicyFile {
                is_test: is_test_file(&display),
                is_builtin: false,
                path: display,
                contents,
            })
        })
        .collect()
}
