//! Terraform's expression language, evaluated where every input is known: variables (module
//! arguments, tfvars, defaults), locals, `count.index`, `each.key` / `each.value`, `dynamic`
//! iterators, references to other resources' literal attributes, and the common functions.
//!
//! Every value remembers where it came from (a chain of [`Place`]s, the place it was written
//! first), so that a finding can point at the module argument or tfvars entry a reviewer
//! changes, not at the template that uses it. Anything not known evaluates to
//! [`Val::Unknown`] and is never guessed; a lookup that fails on a known value is
//! [`Val::Absent`] (what `try` skips).

mod expr;
mod functions;

pub use expr::{pairs, string_of as expr_string};

use serde_json::Value;

pub use crate::formats::traced::{number_json, record_origins, Place, Traced, Val};

/// What an expression of a module can refer to.
pub struct Scope<'a> {
    /// `var.<name>`.
    pub variables: &'a dyn Fn(&str) -> Option<Traced>,
    /// `local.<name>`, evaluated on first use.
    pub locals: &'a dyn Fn(&str) -> Option<Traced>,
    /// `<type>.<label>` of a resource of the same module, as far as it is known.
    pub resources: &'a dyn Fn(&str, &str) -> Option<Traced>,
    /// `count`, `each`, a `dynamic` block's iterator, a `for` expression's variables.
    pub iteration: Vec<(String, Traced)>,
}

impl Scope<'_> {
    fn lookup_iteration(&self, name: &str) -> Option<&Traced> {
        self.iteration
            .iter()
            .rev()
            .find(|(bound, _)| bound == name)
            .map(|(_, value)| value)
    }
}

/// Evaluate a node of a document tree (a literal, or a `${…}` expression kept as text by the
/// parser; see `hcl.rs`) written at `place`.
pub fn evaluate(value: &Value, place: &Place, scope: &Scope) -> Traced {
    match value {
        Value::String(text) if text.contains("${") || text.contains("%{") => {
            expr::template(text, scope)
        }
        Value::Array(items) => Traced::new(Val::List(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| evaluate(item, &place.push_index(index), scope))
                .collect(),
        )),
        Value::Object(entries) => Traced::new(Val::Object(
            entries
                .iter()
                .map(|(key, item)| (key.clone(), evaluate(item, &place.push(key), scope)))
                .collect(),
        )),
        literal => Traced {
            from: Vec::new(),
            ..Traced::from_literal(literal, place)
        },
    }
}

#[cfg(test)]
mod tests;
