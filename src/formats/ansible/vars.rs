//! Ansible variables in scope while a play's tasks are read, each remembering where it was
//! set: layers pushed innermost last (role defaults, inventory, play `vars`, block and task
//! `vars`, `set_fact`, a loop's item), looked up innermost first as Ansible's precedence
//! does for the sources a repository holds.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::jinja::{self, Lookup};
use crate::document::pointer;
use crate::formats::traced::{Place, Traced, Val};

/// Variables in scope.
#[derive(Clone, Default)]
pub struct Vars {
    layers: Vec<Arc<Vec<(String, Traced)>>>,
}

impl Lookup for Vars {
    fn get(&self, name: &str) -> Option<Traced> {
        self.layers.iter().rev().find_map(|layer| {
            layer
                .iter()
                .find(|(bound, _)| bound == name)
                .map(|(_, value)| value.clone())
        })
    }
}

impl Vars {
    /// Add the entries of a `vars:` mapping written at `at` in `file`; templated values are
    /// rendered with what is already in scope.
    pub fn push_mapping(
        &mut self,
        entries: &serde_json::Map<String, Value>,
        file: &Arc<Path>,
        at: &str,
    ) {
        let layer: Vec<(String, Traced)> = entries
            .iter()
            .map(|(name, value)| {
                let place = Place::new(file, pointer::push(at, name));
                (name.clone(), self.value(value, &place))
            })
            .collect();
        self.layers.push(Arc::new(layer));
    }

    /// Bind one name (a loop variable).
    pub fn push_one(&mut self, name: &str, value: Traced) {
        self.layers.push(Arc::new(vec![(name.to_string(), value)]));
    }

    /// A value written at `place`, templates rendered; what it renders to keeps its own
    /// origin and passes through `place`.
    pub fn value(&self, value: &Value, place: &Place) -> Traced {
        match value {
            Value::String(text) if text.contains("{{") => jinja::render(text, self).bound_at(place),
            Value::Array(items) => Traced {
                val: Val::List(
                    items
                        .iter()
                        .enumerate()
                        .map(|(index, item)| self.value(item, &place.push_index(index)))
                        .collect(),
                ),
                from: vec![place.clone()],
            },
            Value::Object(entries) => Traced {
                val: Val::Object(
                    entries
                        .iter()
                        .map(|(key, item)| (key.clone(), self.value(item, &place.push(key))))
                        .collect(),
                ),
                from: vec![place.clone()],
            },
            literal => Traced::from_literal(literal, place),
        }
    }

    /// The literal value of a variable as text (for declarations like `vmlint_role`).
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(|value| jinja::scalar_text(&value))
    }
}
