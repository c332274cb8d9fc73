//! Where policies come from: the built-in pack embedded at build time, and user directories
//! given with `--policy DIR`. Besides `.rego` files, a directory may hold a `data.json`: a
//! data document, placed as OPA bundles place it, at `data.<its directory's path>` — tables
//! that every evaluation reads without building them again (a Rego literal is rebuilt on each
//! evaluation, i.e. once per file).

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
    /// A `data.json`: where under `data` it goes (its directory, relative to the policy
    /// root); `None` for Rego.
    pub data_at: Option<Vec<String>>,
}

/// The name of a data document in a policy directory, as in an OPA bundle.
pub const DATA_FILE: &str = "data.json";

/// Where a `data.json` at `relative` (to its policy root, `/`-separated) goes under `data`.
fn data_path(relative: &str) -> Option<Vec<String>> {
    let directory = relative.strip_suffix(DATA_FILE)?;
    if !(directory.is_empty() || directory.ends_with('/')) {
        return None;
    }
    Some(
        directory
            .split('/')
            .filter(|part| !part.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

fn is_test_file(path: &str) -> bool {
    path.ends_with("_test.rego")
}

/// The built-in Rego files and data documents.
pub fn builtin() -> Vec<PolicyFile> {
    generated::BUILTIN_FILES
        .iter()
        .filter_map(|(path, contents)| {
            let data_at = path.strip_prefix("policies/").and_then(data_path);
            (path.ends_with(".rego") || data_at.is_some()).then(|| PolicyFile {
                path: path.to_string(),
                contents: contents.to_string(),
                is_test: is_test_file(path),
                is_builtin: true,
                data_at,
            })
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

/// Every `.rego` file and `data.json` under `dir`, sorted by path.
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
            && (path
                .extension()
                .is_some_and(|extension| extension == "rego")
                || path.file_name().is_some_and(|name| name == DATA_FILE))
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
            let relative = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            Ok(PolicyFile {
                is_test: is_test_file(&display),
                is_builtin: false,
                data_at: data_path(&relative),
                path: display,
                contents,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_document_goes_under_its_directory_path() {
        assert_eq!(
            data_path("operations/legacy-guest-os/data.json"),
            Some(vec![
                "operations".to_string(),
                "legacy-guest-os".to_string()
            ])
        );
        assert_eq!(data_path("data.json"), Some(Vec::new()));
        assert_eq!(data_path("operations/mydata.json"), None);
        assert_eq!(data_path("operations/rule.rego"), None);
    }

    #[test]
    fn the_built_in_pack_carries_its_data_documents() {
        let files = builtin();
        let data = files
            .iter()
            .find(|file| file.data_at.is_some())
            .expect("a data.json in policies/");
        assert!(data.path.ends_with("/data.json"), "{}", data.path);
        assert!(serde_json::from_str::<serde_json::Value>(&data.contents).is_ok());
    }
}
