//! Values that remember where they were written: a [`Place`] is a node of a file, a
//! [`Traced`] value carries the places it came from (a tfvars entry, a module argument, a play
//! variable, a list element) on its way to where a definition uses it. The Terraform
//! evaluator and the Ansible variable resolver produce them; `provenance.rs` turns them into
//! the traced pointers findings are located by.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::document::pointer;

/// A node of a file: the file as the run names it and a JSON pointer into its tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    pub file: Arc<Path>,
    pub pointer: String,
}

impl Place {
    pub fn new(file: &Arc<Path>, pointer: impl Into<String>) -> Place {
        Place {
            file: file.clone(),
            pointer: pointer.into(),
        }
    }

    /// The place of a child node.
    pub fn push(&self, key: &str) -> Place {
        Place::new(&self.file, pointer::push(&self.pointer, key))
    }

    pub fn push_index(&self, index: usize) -> Place {
        Place::new(&self.file, pointer::push_index(&self.pointer, index))
    }
}

/// An evaluated value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Traced>),
    Object(Vec<(String, Traced)>),
    /// Not known before apply (or not modelled): never guessed.
    Unknown,
    /// A lookup that fails on a known value (a missing key or index): `try` falls back.
    Absent,
}

/// A value and where it came from: `from[0]` is where it was written, later places are the
/// bindings it passed through (a module argument, a local). Empty: written where it is used.
#[derive(Clone, Debug, PartialEq)]
pub struct Traced {
    pub val: Val,
    pub from: Vec<Place>,
}

impl Traced {
    pub fn new(val: Val) -> Traced {
        Traced {
            val,
            from: Vec::new(),
        }
    }

    pub fn unknown() -> Traced {
        Traced::new(Val::Unknown)
    }

    pub fn is_known(&self) -> bool {
        match &self.val {
            Val::Unknown | Val::Absent => false,
            Val::List(items) => items.iter().all(Traced::is_known),
            Val::Object(entries) => entries.iter().all(|(_, item)| item.is_known()),
            _ => true,
        }
    }

    /// This value bound at `place` (a variable, an argument, a local): values with no origin
    /// yet were written there, element by element; others keep theirs and pass through it.
    pub fn bound_at(mut self, place: &Place) -> Traced {
        match &mut self.val {
            Val::List(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    *item = std::mem::replace(item, Traced::unknown())
                        .bound_at(&place.push_index(index));
                }
            }
            Val::Object(entries) => {
                for (key, item) in entries.iter_mut() {
                    *item = std::mem::replace(item, Traced::unknown()).bound_at(&place.push(key));
                }
            }
            _ => {}
        }
        if self.from.last() != Some(place) {
            self.from.push(place.clone());
        }
        self
    }

    /// The value as a document tree: what the adapters read. Unknown parts become
    /// `${unknown}` (a computed marker), an unknown whole is `fallback` (its own expression).
    pub fn to_json(&self, fallback: &Value) -> Value {
        match &self.val {
            Val::Unknown | Val::Absent => fallback.clone(),
            _ => self.to_json_inner(),
        }
    }

    fn to_json_inner(&self) -> Value {
        match &self.val {
            Val::Null => Value::Null,
            Val::Bool(flag) => Value::Bool(*flag),
            Val::Number(number) => number_json(*number),
            Val::String(text) => Value::String(text.clone()),
            Val::List(items) => Value::Array(items.iter().map(Traced::to_json_inner).collect()),
            Val::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, item)| (key.clone(), item.to_json_inner()))
                    .collect(),
            ),
            Val::Unknown | Val::Absent => Value::String("${unknown}".to_string()),
        }
    }

    /// A literal tree value with no origin (decoded JSON).
    pub fn plain(value: &Value) -> Traced {
        let val = match value {
            Value::Null => Val::Null,
            Value::Bool(flag) => Val::Bool(*flag),
            Value::Number(number) => Val::Number(number.as_f64().unwrap_or(0.0)),
            Value::String(text) => Val::String(text.clone()),
            Value::Array(items) => Val::List(items.iter().map(Traced::plain).collect()),
            Value::Object(entries) => Val::Object(
                entries
                    .iter()
                    .map(|(key, item)| (key.clone(), Traced::plain(item)))
                    .collect(),
            ),
        };
        Traced::new(val)
    }

    /// A literal tree value (no expressions in it) as a traced value written at `place`.
    /// The entry `key` of an object value.
    pub fn field(&self, key: &str) -> Option<&Traced> {
        match &self.val {
            Val::Object(entries) => entries
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, item)| item),
            _ => None,
        }
    }

    pub fn from_literal(value: &Value, place: &Place) -> Traced {
        // Each element written at its own place: what binding a plain value there does.
        Traced::plain(value).bound_at(place)
    }
}

/// A number as JSON: integral values as integers, as Terraform prints them.
pub fn number_json(number: f64) -> Value {
    if number.fract() == 0.0 && number.abs() < 9.0e15 {
        Value::from(number as i64)
    } else {
        serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
    }
}

/// Record the origins of `traced` (placed at `at` in the resolved body) and its elements.
pub fn record_origins(traced: &Traced, at: &str, origins: &mut Vec<(String, Vec<Place>)>) {
    if !traced.from.is_empty() && traced.is_known() {
        origins.push((at.to_string(), traced.from.clone()));
    }
    match &traced.val {
        Val::List(items) => {
            for (index, item) in items.iter().enumerate() {
                record_origins(item, &pointer::push_index(at, index), origins);
            }
        }
        Val::Object(entries) => {
            for (key, item) in entries {
                record_origins(item, &pointer::push(at, key), origins);
            }
        }
        _ => {}
    }
}
