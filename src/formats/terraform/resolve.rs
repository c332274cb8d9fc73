//! Resolving one resource body in a scope: every `${…}` value evaluated (its origins
//! recorded by body pointer), and `dynamic` blocks over known collections expanded into the
//! blocks they generate, each remembering the element that generated it.

use serde_json::{Map, Value};

use super::eval::{self, Place, Scope, Traced, Val};
use super::instances::META;
use super::workloads::bodies;
use crate::document::pointer;

/// The origins and generated blocks found while resolving one body.
#[derive(Default)]
pub(super) struct Resolution {
    pub origins: Vec<(String, Vec<Place>)>,
    pub uses: Vec<(String, String, String)>,
    pub drop_unknown_dynamic: bool,
}

impl Resolution {
    /// A body with its values evaluated and its `dynamic` blocks expanded where their
    /// collection is known.
    pub fn object(
        &mut self,
        body: &Map<String, Value>,
        at: &str,
        template: &Place,
        scope: &Scope,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        for (key, value) in body {
            let key_at = pointer::push(at, key);
            if META.contains(&key.as_str()) || key == "dynamic" {
                out.insert(key.clone(), value.clone());
                continue;
            }
            out.insert(key.clone(), self.value(value, &key_at, template, scope));
        }
        if let Some(dynamic) = body.get("dynamic").and_then(Value::as_object) {
            let mut remaining = Map::new();
            for (name, blocks) in dynamic {
                if !self.dynamic(name, blocks, at, template, scope, &mut out) {
                    remaining.insert(name.clone(), blocks.clone());
                }
            }
            match remaining.is_empty() || self.drop_unknown_dynamic {
                true => out.remove("dynamic"),
                false => out.insert("dynamic".to_string(), Value::Object(remaining)),
            };
        }
        out
    }

    fn value(&mut self, value: &Value, at: &str, template: &Place, scope: &Scope) -> Value {
        match value {
            Value::Object(body) => Value::Object(self.object(body, at, template, scope)),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        self.value(item, &pointer::push_index(at, index), template, scope)
                    })
                    .collect(),
            ),
            Value::String(text) if text.contains("${") || text.contains("%{") => {
                let place = Place::new(&template.file, at);
                let traced = eval::evaluate(value, &place, scope);
                eval::record_origins(&traced, at, &mut self.origins);
                traced.to_json(value)
            }
            literal => literal.clone(),
        }
    }

    /// Expand `dynamic "<name>"` blocks into `out[name]`; false when a collection is unknown.
    fn dynamic(
        &mut self,
        name: &str,
        blocks: &Value,
        at: &str,
        template: &Place,
        scope: &Scope,
        out: &mut Map<String, Value>,
    ) -> bool {
        let dynamic_at = pointer::push(&pointer::push(at, "dynamic"), name);
        let mut generated = Vec::new();
        for (block, block_at) in bodies(blocks, &dynamic_at) {
            let place = Place::new(&template.file, pointer::push(&block_at, "for_each"));
            let collection = block
                .get("for_each")
                .map(|value| eval::evaluate(value, &place, scope));
            let Some(pairs) = collection
                .as_ref()
                .filter(|value| value.is_known())
                .and_then(eval::pairs)
            else {
                return false;
            };
            let iterator = block
                .get("iterator")
                .and_then(Value::as_str)
                .map(|text| {
                    text.trim_start_matches("${")
                        .trim_end_matches('}')
                        .to_string()
                })
                .unwrap_or_else(|| name.to_string());
            let Some((content, content_at)) = block.get("content").and_then(|content| {
                bodies(content, &pointer::push(&block_at, "content"))
                    .into_iter()
                    .next()
            }) else {
                return false;
            };
            for (key, item) in pairs {
                let item_from = item.from.clone();
                let bound = Traced::new(Val::Object(vec![
                    ("key".to_string(), key),
                    ("value".to_string(), item),
                ]));
                let mut inner = Scope {
                    variables: scope.variables,
                    locals: scope.locals,
                    resources: scope.resources,
                    iteration: scope.iteration.clone(),
                };
                inner.iteration.push((iterator.clone(), bound));
                generated.push((
                    content,
                    content_at.clone(),
                    block_at.clone(),
                    item_from,
                    inner,
                ));
            }
        }
        let existing = out.get(name).and_then(Value::as_array).map_or(0, Vec::len);
        let mut blocks_out: Vec<Value> = out
            .get(name)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (offset, (content, content_at, block_at, item_from, inner)) in
            generated.into_iter().enumerate()
        {
            let generated_at = pointer::push_index(&pointer::push(at, name), existing + offset);
            let resolved = self.object(content, &content_at, template, &inner);
            // Findings in generated blocks are about the element that generated them.
            let prefix = content_at.clone();
            let moved: Vec<(String, Vec<Place>)> = self
                .origins
                .iter()
                .filter(|(pointer, _)| pointer.starts_with(&prefix))
                .map(|(pointer, from)| {
                    (
                        format!("{generated_at}{}", &pointer[prefix.len()..]),
                        from.clone(),
                    )
                })
                .collect();
            self.origins
                .retain(|(pointer, _)| !pointer.starts_with(&prefix));
            self.origins.extend(moved);
            if !item_from.is_empty() {
                self.origins.push((generated_at.clone(), item_from));
            }
            self.uses.push((generated_at, block_at, content_at));
            blocks_out.push(Value::Object(resolved));
        }
        out.insert(name.to_string(), Value::Array(blocks_out));
        true
    }
}
