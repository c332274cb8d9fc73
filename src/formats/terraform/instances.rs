//! Instantiation: a Terraform module's definitions → the resources that would be deployed.
//! Variables take their values from module arguments, tfvars or defaults; `count` and
//! `for_each` stamp out one instance per index or key; `dynamic` blocks become the blocks they
//! generate; local modules called with `module "…" { source = "./…" }` are instantiated with
//! their arguments, nested ones too. Every value keeps the places it came from (see
//! [`eval`](super::eval)); what is not known stays as written.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::eval::{self, Place, Scope, Traced, Val};
use super::resolve::Resolution;
pub use super::surroundings::{ModuleFiles, ModuleLoader, Surroundings};
use super::workloads::bodies;
use crate::document::{pointer, Document};

/// Keys of a resource body that are meta-arguments, not settings.
pub(super) const META: &[&str] = &[
    "count",
    "for_each",
    "lifecycle",
    "depends_on",
    "provider",
    "provisioner",
    "connection",
];

/// How deep module calls may nest (Terraform has no limit; cycles and runaway trees stop here).
const MAX_DEPTH: usize = 8;

/// One resource as it would be deployed.
#[derive(Debug)]
pub struct Instance {
    /// `module.flexlm.proxmox_virtual_environment_vm.this[0]`.
    pub address: String,
    pub resource_type: String,
    pub label: String,
    /// The resource block that defines it.
    pub template: Place,
    /// The body with every known value in place.
    pub body: Map<String, Value>,
    /// Body pointer → the places its value came from (origin first).
    pub origins: Vec<(String, Vec<Place>)>,
    /// Body pointer of a generated block → the `dynamic` block that generated it and its
    /// `content` block.
    pub uses: Vec<(String, String, String)>,
    /// The module call blocks, outermost first (empty in the module being linted).
    pub calls: Vec<Place>,
    /// Stamped out by `count` / `for_each` with a known value.
    pub expanded: bool,
}

/// A resource's first body and the index of its file.
type Definition<'a> = (&'a Map<String, Value>, usize);

/// One module being evaluated: its files, variables, locals and resources. Declarations are
/// indexed by reference and evaluated on first use, so a module of many files costs little
/// for each of its files that is linted.
pub struct Module<'a> {
    pub file_of: Vec<(&'a Document, Arc<Path>)>,
    /// Values given to the module (call arguments, tfvars): they win over defaults.
    arguments: HashMap<String, Traced>,
    /// Variable name → its default, and the file and pointer of the `default` attribute.
    defaults: HashMap<&'a str, (&'a Value, usize, String)>,
    /// Local name → its expression, file and the index of its `locals` block.
    locals: HashMap<&'a str, (&'a Value, usize, usize)>,
    /// Evaluated variables (`var.x`) and locals (`local.x`).
    values: RefCell<HashMap<String, Traced>>,
    /// (type, label) → the resource's first body and its file.
    resources: HashMap<(&'a str, &'a str), Definition<'a>>,
    depth: RefCell<usize>,
    /// Instantiated by a call: a `dynamic` block over an unknown collection generates
    /// nothing we can know of, rather than one block of unknown content.
    called: bool,
}

impl<'a> Module<'a> {
    /// A module of `documents` whose variables are `arguments` over their defaults.
    pub fn new(documents: &[&'a Document], arguments: HashMap<String, Traced>) -> Module<'a> {
        let file_of: Vec<(&Document, Arc<Path>)> = documents
            .iter()
            .map(|document| (*document, Arc::from(document.path.as_path())))
            .collect();
        let mut module = Module {
            file_of: Vec::new(),
            arguments,
            defaults: HashMap::new(),
            locals: HashMap::new(),
            values: RefCell::new(HashMap::new()),
            resources: HashMap::new(),
            depth: RefCell::new(0),
            called: false,
        };
        for (index, (document, _)) in file_of.iter().enumerate() {
            module.declare(document, index);
        }
        module.file_of = file_of;
        module
    }

    fn declare(&mut self, document: &'a Document, file: usize) {
        let tree = &document.tree;
        if let Some(variables) = tree.get("variable").and_then(Value::as_object) {
            for (name, declaration) in variables {
                if self.arguments.contains_key(name) || self.defaults.contains_key(name.as_str()) {
                    continue;
                }
                let declared_at = pointer::push("/variable", name);
                let with_default = match declaration {
                    Value::Array(items) => items
                        .iter()
                        .position(|item| item.get("default").is_some())
                        .map(|index| {
                            let body_at = pointer::push_index(&declared_at, index);
                            (&items[index]["default"], body_at)
                        }),
                    Value::Object(body) => body
                        .get("default")
                        .map(|default| (default, declared_at.clone())),
                    _ => None,
                };
                if let Some((default, body_at)) = with_default {
                    let at = pointer::push(&body_at, "default");
                    self.defaults.insert(name, (default, file, at));
                }
            }
        }
        match tree.get("locals") {
            Some(Value::Array(blocks)) => {
                for (index, block) in blocks.iter().enumerate() {
                    for (name, value) in block.as_object().into_iter().flatten() {
                        self.locals.insert(name, (value, file, index));
                    }
                }
            }
            Some(Value::Object(block)) => {
                for (name, value) in block {
                    self.locals.insert(name, (value, file, usize::MAX));
                }
            }
            _ => {}
        }
        if let Some(resources) = tree.get("resource").and_then(Value::as_object) {
            for (kind, by_label) in resources {
                for (label, value) in by_label.as_object().into_iter().flatten() {
                    let body = match value {
                        Value::Array(items) => items.first().and_then(Value::as_object),
                        Value::Object(body) => Some(body),
                        _ => None,
                    };
                    if let Some(body) = body {
                        self.resources.insert((kind, label), (body, file));
                    }
                }
            }
        }
    }

    /// The file of one of this module's documents.
    fn file_for(&self, document: &Document) -> Option<Arc<Path>> {
        self.file_of
            .iter()
            .find(|(known, _)| std::ptr::eq(*known, document))
            .map(|(_, file)| file.clone())
    }

    fn file(&self, index: usize) -> &Arc<Path> {
        &self.file_of[index].1
    }

    /// `var.<name>`: the argument, else the default (evaluated once).
    fn variable(&self, name: &str) -> Option<Traced> {
        if let Some(value) = self.arguments.get(name) {
            return Some(value.clone());
        }
        let key = format!("var.{name}");
        if let Some(value) = self.values.borrow().get(&key) {
            return Some(value.clone());
        }
        let (default, file, at) = self.defaults.get(name)?;
        let place = Place::new(self.file(*file), at.clone());
        let value = plain_scope(|scope| eval::evaluate(default, &place, scope)).bound_at(&place);
        self.values.borrow_mut().insert(key, value.clone());
        Some(value)
    }

    /// Evaluate with this module's names in scope and `iteration` bound.
    pub fn with_scope<T>(
        &self,
        iteration: Vec<(String, Traced)>,
        run: impl FnOnce(&Scope) -> T,
    ) -> T {
        let variables = |name: &str| self.variable(name);
        let locals = |name: &str| self.local(name);
        let resources = |kind: &str, label: &str| self.resource(kind, label);
        let scope = Scope {
            variables: &variables,
            locals: &locals,
            resources: &resources,
            iteration,
        };
        run(&scope)
    }

    fn guarded<T>(&self, run: impl FnOnce() -> Option<T>) -> Option<T> {
        if *self.depth.borrow() > 32 {
            return None;
        }
        *self.depth.borrow_mut() += 1;
        let result = run();
        *self.depth.borrow_mut() -= 1;
        result
    }

    fn local(&self, name: &str) -> Option<Traced> {
        let key = format!("local.{name}");
        if let Some(value) = self.values.borrow().get(&key) {
            return Some(value.clone());
        }
        let (value, file, block) = self.locals.get(name)?;
        let block_at = match *block {
            usize::MAX => "/locals".to_string(),
            index => pointer::push_index("/locals", index),
        };
        let place = Place::new(self.file(*file), pointer::push(&block_at, name));
        let evaluated = self.guarded(|| {
            Some(self.with_scope(Vec::new(), |scope| eval::evaluate(value, &place, scope)))
        })?;
        let evaluated = evaluated.bound_at(&place);
        self.values.borrow_mut().insert(key, evaluated.clone());
        Some(evaluated)
    }

    /// The attributes of a single (not counted) resource of this module, as far as known.
    fn resource(&self, kind: &str, label: &str) -> Option<Traced> {
        let (body, file) = self.resources.get(&(kind, label))?;
        if body.contains_key("count") || body.contains_key("for_each") {
            return None;
        }
        let place = Place::new(
            self.file(*file),
            pointer::push_index(&pointer::push(&pointer::push("/resource", kind), label), 0),
        );
        self.guarded(|| {
            let entries = body
                .iter()
                .filter(|(_, value)| !is_block(value))
                .map(|(key, value)| {
                    let at = place.push(key);
                    let value =
                        self.with_scope(Vec::new(), |scope| eval::evaluate(value, &at, scope));
                    (key.clone(), value)
                })
                .collect();
            Some(Traced::new(Val::Object(entries)))
        })
    }

    /// A body (a backup job, a schedule) with every value this module knows evaluated; what
    /// is not known stays as written.
    pub fn resolve_body(&self, body: &Map<String, Value>) -> Map<String, Value> {
        let place = Place::new(self.file(0), "");
        self.with_scope(Vec::new(), |scope| {
            body.iter()
                .map(|(key, value)| {
                    (
                        key.clone(),
                        eval::evaluate(value, &place, scope).to_json(value),
                    )
                })
                .collect()
        })
    }

    /// The instances of the resources of `kinds` in `document` of this module.
    pub fn instances(
        &self,
        document: &Document,
        kinds: &dyn Fn(&str) -> bool,
        prefix: &str,
    ) -> Vec<Instance> {
        let mut found = Vec::new();
        let Some(file) = self.file_for(document) else {
            return found;
        };
        let Some(resources) = document.tree.get("resource").and_then(Value::as_object) else {
            return found;
        };
        for (kind, by_label) in resources {
            if !kinds(kind) {
                continue;
            }
            let Some(by_label) = by_label.as_object() else {
                continue;
            };
            for (label, value) in by_label {
                let at = pointer::push(&pointer::push("/resource", kind), label);
                let several = bodies(value, &at).len() > 1;
                for (index, (body, at)) in bodies(value, &at).into_iter().enumerate() {
                    let base = match several {
                        true => format!("{prefix}{kind}.{label}[{index}]"),
                        false => format!("{prefix}{kind}.{label}"),
                    };
                    let template = Place::new(&file, at);
                    for (suffix, iteration) in self.repetitions(body, &template) {
                        let expanded = !suffix.is_empty();
                        let mut resolved = Resolution {
                            drop_unknown_dynamic: self.called,
                            ..Resolution::default()
                        };
                        let body = self.with_scope(iteration, |scope| {
                            resolved.object(body, &template.pointer, &template, scope)
                        });
                        found.push(Instance {
                            address: format!("{base}{suffix}"),
                            resource_type: kind.clone(),
                            label: label.clone(),
                            template: template.clone(),
                            body,
                            origins: resolved.origins,
                            uses: resolved.uses,
                            calls: Vec::new(),
                            expanded,
                        });
                    }
                }
            }
        }
        found
    }

    /// The `count` / `for_each` repetitions of a resource: an address suffix and the names
    /// bound for each; one unsuffixed repetition when there is neither or it is unknown.
    fn repetitions(
        &self,
        body: &Map<String, Value>,
        template: &Place,
    ) -> Vec<(String, Vec<(String, Traced)>)> {
        let unknown_count = || {
            vec![(
                String::new(),
                vec![(
                    "count".to_string(),
                    Traced::new(Val::Object(vec![("index".to_string(), Traced::unknown())])),
                )],
            )]
        };
        if let Some(count) = body.get("count") {
            let value = self.with_scope(Vec::new(), |scope| {
                eval::evaluate(count, &template.push("count"), scope)
            });
            return match value.val {
                Val::Number(count) if (0.0..=1024.0).contains(&count) => (0..count as usize)
                    .map(|index| {
                        let index_value = Traced::new(Val::Number(index as f64));
                        (
                            format!("[{index}]"),
                            vec![(
                                "count".to_string(),
                                Traced::new(Val::Object(vec![("index".to_string(), index_value)])),
                            )],
                        )
                    })
                    .collect(),
                _ => unknown_count(),
            };
        }
        if let Some(for_each) = body.get("for_each") {
            let at = template.push("for_each");
            let value = self.with_scope(Vec::new(), |scope| {
                eval::evaluate(for_each, &at, scope).bound_at(&at)
            });
            let pairs: Option<Vec<(Traced, Traced)>> = match &value.val {
                Val::Object(entries) => Some(
                    entries
                        .iter()
                        .map(|(key, item)| (Traced::new(Val::String(key.clone())), item.clone()))
                        .collect(),
                ),
                Val::List(items) if items.iter().all(|item| matches!(item.val, Val::String(_))) => {
                    Some(
                        items
                            .iter()
                            .map(|item| (item.clone(), item.clone()))
                            .collect(),
                    )
                }
                _ => None,
            };
            return match pairs {
                // Terraform needs the keys known, not the values.
                Some(pairs) => pairs
                    .into_iter()
                    .map(|(key, item)| {
                        let name = eval::expr_string(&key).unwrap_or_default();
                        let each = Traced::new(Val::Object(vec![
                            ("key".to_string(), key),
                            ("value".to_string(), item),
                        ]));
                        (format!("[\"{name}\"]"), vec![("each".to_string(), each)])
                    })
                    .collect(),
                _ => vec![(String::new(), vec![("each".to_string(), Traced::unknown())])],
            };
        }
        vec![(String::new(), Vec::new())]
    }
}

impl Module<'_> {
    /// The instances of the modules that `document` calls, and of the modules they call.
    pub fn module_instances(
        &self,
        document: &Document,
        loader: &dyn ModuleLoader,
        kinds: &dyn Fn(&str) -> bool,
        prefix: &str,
        depth: usize,
    ) -> Vec<Instance> {
        let mut found = Vec::new();
        let Some(file) = self.file_for(document) else {
            return found;
        };
        let Some(calls) = document.tree.get("module").and_then(Value::as_object) else {
            return found;
        };
        if depth >= MAX_DEPTH {
            return found;
        }
        let caller_dir = crate::paths::directory_of(&document.path);
        for (name, value) in calls {
            for (body, at) in bodies(value, &pointer::push("/module", name)) {
                let Some(source) = body.get("source").and_then(Value::as_str) else {
                    continue;
                };
                let Some(files) = loader.load(&caller_dir, name, source) else {
                    continue;
                };
                let call = Place::new(&file, at.clone());
                for (suffix, iteration) in self.repetitions(body, &call) {
                    let arguments: HashMap<String, Traced> = self.with_scope(iteration, |scope| {
                        body.iter()
                            .filter(|(key, _)| {
                                !matches!(
                                    key.as_str(),
                                    "source"
                                        | "version"
                                        | "count"
                                        | "for_each"
                                        | "providers"
                                        | "depends_on"
                                )
                            })
                            .map(|(key, value)| {
                                let place = call.push(key);
                                (
                                    key.clone(),
                                    eval::evaluate(value, &place, scope).bound_at(&place),
                                )
                            })
                            .collect()
                    });
                    let documents: Vec<&Document> =
                        files.documents.iter().map(Arc::as_ref).collect();
                    let mut child = Module::new(&documents, arguments);
                    child.called = true;
                    let child_prefix = format!("{prefix}module.{name}{suffix}.");
                    for child_document in &documents {
                        let mut instances = child.instances(child_document, kinds, &child_prefix);
                        instances.extend(child.module_instances(
                            child_document,
                            loader,
                            kinds,
                            &child_prefix,
                            depth + 1,
                        ));
                        for mut instance in instances {
                            instance.calls.insert(0, call.clone());
                            found.push(instance);
                        }
                    }
                }
            }
        }
        found
    }
}

/// Evaluate where nothing is in scope (a variable default).
pub(super) fn plain_scope<T>(run: impl FnOnce(&Scope) -> T) -> T {
    let scope = Scope {
        variables: &|_| None,
        locals: &|_| None,
        resources: &|_, _| None,
        iteration: Vec::new(),
    };
    run(&scope)
}

/// A nested block (or a list of objects) rather than a value.
fn is_block(value: &Value) -> bool {
    matches!(value, Value::Array(items) if items.first().is_some_and(Value::is_object))
}
