//! Second files of a Terraform document, read through the run's [`SourceTree`]: the other
//! files of its module (variable defaults and locals), the tfvars a root module receives, and
//! the modules it calls. The format adapter stays pure — it receives them in a
//! [`Neighbourhood`](crate::formats::Neighbourhood) — and this stage does the reading.
//!
//! Everything is cached per directory by the stamps of its files, so a run reads each module
//! once, and a long-lived front-end (the language server, an audit walking commits) never sees
//! a stale one. The cache belongs to whoever runs the pipeline: there is no process-global
//! state.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::source::SourceTree;
use crate::document::Document;
use crate::formats::ansible::inventory_vars::InventoryVars;
use crate::formats::ansible::surroundings::Surroundings as AnsibleSurroundings;
use crate::formats::terraform::instances::{ModuleFiles, ModuleLoader, Surroundings};
use crate::formats::terraform::module;
use crate::formats::{Format, Neighbourhood};

pub use crate::paths::directory_of;

/// A file read once, with the stamp it had (`None`: it did not parse).
type StampedFile = (u64, Option<Arc<Document>>);

/// The files read for a directory, with their stamps.
type Signature = Vec<(PathBuf, u64)>;

/// How many directories' parsed files the cache keeps: a run lints a directory's files close
/// together (discovery sorts them), so a small window keeps nearly every hit while memory stays
/// flat on large estates.
const KEPT_DIRECTORIES: usize = 64;

/// Directory → what was built from its files (with their signature), the oldest dropped first.
struct Bounded<T> {
    entries: HashMap<PathBuf, (Signature, Arc<T>)>,
    order: std::collections::VecDeque<PathBuf>,
}

impl<T> Default for Bounded<T> {
    fn default() -> Self {
        Bounded {
            entries: HashMap::new(),
            order: std::collections::VecDeque::new(),
        }
    }
}

impl<T> Bounded<T> {
    fn get(&self, dir: &Path) -> Option<&(Signature, Arc<T>)> {
        self.entries.get(dir)
    }

    fn insert(&mut self, dir: PathBuf, signature: Signature, value: Arc<T>) {
        if self
            .entries
            .insert(dir.clone(), (signature, value))
            .is_none()
        {
            self.order.push_back(dir);
        }
        while self.order.len() > KEPT_DIRECTORIES {
            if let Some(oldest) = self.order.pop_front() {
                self.entries.remove(&oldest);
            }
        }
    }
}

/// What the run knows that the files around a document do not say.
pub struct RunFacts<'a> {
    /// Another configuration of the run calls the document's directory as a module.
    pub called: bool,
    /// The repository's Ansible inventory.
    pub inventory: Option<Arc<InventoryVars>>,
    /// `--var-file` / `--var` values for root Terraform modules.
    pub command_line: &'a [Arc<Document>],
}

/// What a directory declares: its declaration documents and its tfvars.
struct Declared {
    documents: Vec<Arc<Document>>,
    root_values: Vec<Arc<Document>>,
}

/// Module directory → the signature its context was built from, and the context.
#[derive(Default)]
pub struct ModuleCache {
    declared: Mutex<Bounded<Declared>>,
    called: Mutex<Bounded<ModuleFiles>>,
    /// Ansible role `defaults/` and `vars/` files by path, with their stamp.
    role_files: Mutex<HashMap<PathBuf, StampedFile>>,
}

impl std::fmt::Debug for ModuleCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("ModuleCache")
    }
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_terraform(path: &Path) -> bool {
    let name = name_of(path);
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

fn is_tfvars(path: &Path) -> bool {
    let name = name_of(path);
    name.ends_with(".tfvars") || name.ends_with(".tfvars.json")
}

fn signature(tree: &dyn SourceTree, dir: &Path, wanted: &dyn Fn(&Path) -> bool) -> Signature {
    tree.list(dir)
        .into_iter()
        .filter(|path| wanted(path))
        .filter_map(|path| tree.stamp(&path).map(|stamp| (path, stamp)))
        .collect()
}

fn read_all(tree: &dyn SourceTree, files: &[PathBuf], max_bytes: u64) -> Vec<(PathBuf, String)> {
    // A file that cannot be read or parsed is reported when it is linted itself.
    files
        .iter()
        .filter_map(|path| Some((path.clone(), tree.read_text(path, max_bytes).ok()?)))
        .collect()
}

impl ModuleCache {
    /// What the adapter of `format` needs to know of the files around `path`; `called` says
    /// that another configuration of the run calls its directory as a module.
    pub fn neighbourhood(
        self: &Arc<Self>,
        tree: &Arc<dyn SourceTree>,
        document: &Document,
        max_bytes: u64,
        run: RunFacts,
    ) -> Neighbourhood {
        let (format, path) = (document.format, document.path.as_path());
        let RunFacts {
            called,
            inventory,
            command_line,
        } = run;
        match format {
            Format::Ansible => {
                let role = role_dir(path);
                let file = |kind: &str| {
                    let dir = role.as_ref()?.join(kind);
                    ["main.yml", "main.yaml"]
                        .iter()
                        .find_map(|name| self.yaml_file(tree.as_ref(), &dir.join(name), max_bytes))
                };
                let surroundings = AnsibleSurroundings {
                    inventory: inventory.filter(|inventory| !inventory.is_empty()),
                    role_defaults: file("defaults"),
                    role_vars: file("vars"),
                    vars_files: self.vars_files(
                        tree.as_ref(),
                        document,
                        role.as_deref(),
                        max_bytes,
                    ),
                };
                Neighbourhood {
                    ansible: Some(Arc::new(surroundings)),
                    ..Neighbourhood::default()
                }
            }
            Format::TerraformPlan => {
                // The configuration beside a plan: where its resources are written.
                let dir = directory_of(path);
                let Some(files) = self.called_module(tree.as_ref(), &dir, max_bytes) else {
                    return Neighbourhood::default();
                };
                let surroundings = Surroundings {
                    module_files: files.documents.clone(),
                    loader: Some(Arc::new(TreeLoader {
                        tree: tree.clone(),
                        cache: self.clone(),
                        max_bytes,
                        loaded: Mutex::new(Vec::new()),
                    })),
                    ..Surroundings::default()
                };
                Neighbourhood {
                    terraform: Some(Arc::new(surroundings)),
                    ..Neighbourhood::default()
                }
            }
            Format::Terraform | Format::TerraformJson => {
                let declared = self.declared(tree.as_ref(), &directory_of(path), max_bytes);
                let surroundings = Surroundings {
                    module_files: declared.documents.clone(),
                    root_values: if called {
                        Vec::new()
                    } else {
                        let mut values = declared.root_values.clone();
                        values.extend(command_line.iter().cloned());
                        values
                    },
                    called,
                    loader: Some(Arc::new(TreeLoader {
                        tree: tree.clone(),
                        cache: self.clone(),
                        max_bytes,
                        loaded: Mutex::new(Vec::new()),
                    })),
                };
                Neighbourhood {
                    terraform: Some(Arc::new(surroundings)),
                    ansible: None,
                }
            }
            _ => Neighbourhood::default(),
        }
    }

    /// The files a playbook or task file loads with `vars_files:` or `include_vars:`, by the
    /// name as written: beside the file, or in its role's `vars/`.
    fn vars_files(
        &self,
        tree: &dyn SourceTree,
        document: &Document,
        role: Option<&Path>,
        max_bytes: u64,
    ) -> Vec<(String, Arc<Document>)> {
        let mut names = Vec::new();
        collect_vars_files(&document.tree, &mut names);
        names.sort();
        names.dedup();
        let dir = directory_of(&document.path);
        names
            .into_iter()
            .filter_map(|name| {
                let candidates = [
                    Some(dir.join(&name)),
                    role.map(|role| role.join("vars").join(&name)),
                ];
                let found = candidates.into_iter().flatten().find_map(|path| {
                    self.yaml_file(tree, &crate::paths::normalize(&path), max_bytes)
                })?;
                Some((name, found))
            })
            .collect()
    }

    /// A role's `defaults/main.yml` or `vars/main.yml`, parsed (`None` when absent or broken).
    fn yaml_file(
        &self,
        tree: &dyn SourceTree,
        path: &Path,
        max_bytes: u64,
    ) -> Option<Arc<Document>> {
        let stamp = tree.stamp(path)?;
        if let Ok(cache) = self.role_files.lock() {
            if let Some((known, document)) = cache.get(path) {
                if *known == stamp {
                    return document.clone();
                }
            }
        }
        let document = tree.read_text(path, max_bytes).ok().and_then(|text| {
            crate::formats::parse(Format::Ansible, path.to_path_buf(), Arc::from(text))
                .ok()
                .map(Arc::new)
        });
        if let Ok(mut cache) = self.role_files.lock() {
            cache.insert(path.to_path_buf(), (stamp, document.clone()));
        }
        document
    }

    fn declared(&self, tree: &dyn SourceTree, dir: &Path, max_bytes: u64) -> Arc<Declared> {
        let signature = signature(tree, dir, &|path| is_terraform(path) || is_tfvars(path));
        if let Ok(cache) = self.declared.lock() {
            if let Some((known, declared)) = cache.get(dir) {
                if *known == signature {
                    return declared.clone();
                }
            }
        }
        let paths: Vec<PathBuf> = signature.iter().map(|(path, _)| path.clone()).collect();
        let sources: Vec<PathBuf> = paths
            .iter()
            .filter(|path| is_terraform(path))
            .cloned()
            .collect();
        let documents = module::build(&read_all(tree, &sources, max_bytes));
        let root_values: Vec<Arc<Document>> =
            read_all(tree, &module::automatic_tfvars(&paths), max_bytes)
                .into_iter()
                .filter_map(|(path, text)| module::parse_file(path, &text))
                .collect();
        let declared = Arc::new(Declared {
            documents,
            root_values,
        });
        if let Ok(mut cache) = self.declared.lock() {
            cache.insert(dir.to_path_buf(), signature, declared.clone());
        }
        declared
    }

    /// Every file of the module in `dir`, parsed whole.
    fn called_module(
        &self,
        tree: &dyn SourceTree,
        dir: &Path,
        max_bytes: u64,
    ) -> Option<Arc<ModuleFiles>> {
        let signature = signature(tree, dir, &is_terraform);
        if signature.is_empty() {
            return None;
        }
        if let Ok(cache) = self.called.lock() {
            if let Some((known, files)) = cache.get(dir) {
                if *known == signature {
                    return Some(files.clone());
                }
            }
        }
        let paths: Vec<PathBuf> = signature.iter().map(|(path, _)| path.clone()).collect();
        let files = Arc::new(ModuleFiles {
            dir: dir.to_path_buf(),
            documents: module::parse_all(&read_all(tree, &paths, max_bytes)),
        });
        if let Ok(mut cache) = self.called.lock() {
            cache.insert(dir.to_path_buf(), signature, files.clone());
        }
        Some(files)
    }
}

/// Every literal `vars_files:` entry and `include_vars:` file in an Ansible tree.
fn collect_vars_files(value: &serde_json::Value, names: &mut Vec<String>) {
    use crate::formats::ansible::surroundings::{include_vars_file, vars_files_of};
    match value {
        serde_json::Value::Object(object) => {
            names.extend(vars_files_of(object));
            names.extend(include_vars_file(object));
            object
                .values()
                .for_each(|item| collect_vars_files(item, names));
        }
        serde_json::Value::Array(items) => items
            .iter()
            .for_each(|item| collect_vars_files(item, names)),
        _ => {}
    }
}

/// The role a task file belongs to: `roles/<name>` above its `tasks/` directory.
fn role_dir(path: &Path) -> Option<PathBuf> {
    let tasks = path.parent()?;
    (tasks.file_name()? == "tasks").then(|| tasks.parent().map(Path::to_path_buf))?
}

/// Reads called modules through the run's tree and remembers what it read (the places a
/// finding may name).
struct TreeLoader {
    tree: Arc<dyn SourceTree>,
    cache: Arc<ModuleCache>,
    max_bytes: u64,
    loaded: Mutex<Vec<Arc<Document>>>,
}

impl ModuleLoader for TreeLoader {
    fn load(&self, caller_dir: &Path, call: &str, source: &str) -> Option<Arc<ModuleFiles>> {
        let dir = crate::paths::local_module_dir(caller_dir, source)
            .or_else(|| self.downloaded(caller_dir, call))?;
        let files = self
            .cache
            .called_module(self.tree.as_ref(), &dir, self.max_bytes)?;
        if let Ok(mut loaded) = self.loaded.lock() {
            loaded.extend(files.documents.iter().cloned());
        }
        Some(files)
    }

    fn loaded(&self) -> Vec<Arc<Document>> {
        self.loaded
            .lock()
            .map(|loaded| loaded.clone())
            .unwrap_or_default()
    }
}

impl TreeLoader {
    /// A registry or git module that `terraform init` downloaded: its directory from
    /// `.terraform/modules/modules.json` beside the caller (`{"Modules": [{"Key", "Dir"}]}`).
    fn downloaded(&self, caller_dir: &Path, call: &str) -> Option<PathBuf> {
        let manifest = caller_dir.join(".terraform/modules/modules.json");
        let text = self.tree.read_text(&manifest, self.max_bytes).ok()?;
        let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
        let entry = manifest
            .get("Modules")?
            .as_array()?
            .iter()
            .find(|entry| entry.get("Key").and_then(|key| key.as_str()) == Some(call))?;
        let dir = entry.get("Dir")?.as_str()?;
        Some(crate::paths::normalize(&caller_dir.join(dir)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::source::FileSystem;
    use serde_json::json;

    /// `expression` evaluated in the module of `dir`'s `main.tf`, as the neighbourhood the
    /// pipeline builds gives it (unknown: as written).
    fn resolve(cache: &Arc<ModuleCache>, dir: &Path, expression: &str) -> serde_json::Value {
        let tree: Arc<dyn SourceTree> = Arc::new(FileSystem);
        let path = dir.join("main.tf");
        let document = crate::formats::parse(
            Format::Terraform,
            path.clone(),
            Arc::from(std::fs::read_to_string(&path).unwrap().as_str()),
        )
        .unwrap();
        let run = RunFacts {
            called: false,
            inventory: None,
            command_line: &[],
        };
        let neighbourhood = cache.neighbourhood(&tree, &document, 1 << 20, run);
        let surroundings = neighbourhood.terraform.unwrap();
        let module = crate::formats::terraform::deployed::module_of(&document, &surroundings);
        let body = serde_json::json!({ "x": expression });
        module.resolve_body(body.as_object().unwrap())["x"].clone()
    }

    #[test]
    fn resolves_variables_locals_and_tfvars_across_the_module_and_sees_changes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), "# the linted file\n").unwrap();
        std::fs::write(
            dir.path().join("variables.tf"),
            "variable \"dongle\" {\n  default = \"0529:0001\"\n}\nvariable \"computed\" {\n  default = var.other\n}\nvariable \"from_tfvars\" {}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("locals.tf.json"),
            r#"{"locals": {"gpu": "0000:01:00.0"}}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("terraform.tfvars"), "from_tfvars = \"a\"\n").unwrap();
        let cache = Arc::new(ModuleCache::default());
        let resolve = |expression: &str| resolve(&cache, dir.path(), expression);
        assert_eq!(resolve("${var.dongle}"), json!("0529:0001"));
        assert_eq!(resolve("${var.from_tfvars}"), json!("a"));
        assert_eq!(resolve("${local.gpu}"), json!("0000:01:00.0"));
        // A default that refers to an unknown variable stays as written.
        assert_eq!(resolve("${var.computed}"), json!("${var.computed}"));
        // Templates are rendered when every part is known.
        assert_eq!(resolve("x-${var.dongle}"), json!("x-0529:0001"));
        // A changed file is read again (its stamp changed).
        std::fs::write(
            dir.path().join("variables.tf"),
            "variable \"dongle\" {\n  default = \"064f:2af9\"\n}\n",
        )
        .unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        let file = std::fs::File::options()
            .write(true)
            .open(dir.path().join("variables.tf"))
            .unwrap();
        file.set_modified(later).unwrap();
        assert_eq!(resolve("${var.dongle}"), json!("064f:2af9"));
    }
}
