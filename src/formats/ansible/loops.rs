//! Task loops: `loop`, `with_items`, `with_list`, `with_dict` (and `loop_control.loop_var`)
//! over a list that is known — written in the task, or a variable whose value is known — give
//! one run of the task per item, with the item in scope. A loop over anything unknown gives one
//! run with nothing bound (the task is then one `replicated` workload).

use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::jinja;
use super::vars::Vars;
use crate::document::pointer;
use crate::formats::traced::{Place, Traced, Val};

/// The runs of a task: the loop item's index (if any) and the variables it runs with.
pub fn iterations(
    task: &Map<String, Value>,
    at: &str,
    file: &Arc<Path>,
    vars: &Vars,
) -> Vec<(Option<usize>, Vars)> {
    let once = || vec![(None, vars.clone())];
    let Some((key, written)) = ["loop", "with_items", "with_list", "with_dict"]
        .iter()
        .find_map(|key| task.get(*key).map(|value| (*key, value)))
    else {
        return once();
    };
    let place = Place::new(file, pointer::push(at, key));
    let value = match written {
        Value::String(text) => jinja::render(text, vars).bound_at(&place),
        other => vars.value(other, &place),
    };
    let items = match (key, value.val) {
        ("with_dict", Val::Object(entries)) => entries
            .into_iter()
            .map(|(name, item)| {
                Traced::new(Val::Object(vec![
                    ("key".to_string(), Traced::new(Val::String(name))),
                    ("value".to_string(), item),
                ]))
            })
            .collect(),
        ("with_items", Val::List(items)) => items
            .into_iter()
            .flat_map(|item| match item.val {
                Val::List(inner) => inner,
                _ => vec![item],
            })
            .collect(),
        ("loop" | "with_list", Val::List(items)) => items,
        _ => return once(),
    };
    if items.iter().any(|item| !item.is_known()) {
        return once();
    }
    let loop_var = task
        .get("loop_control")
        .and_then(|control| control.get("loop_var"))
        .and_then(Value::as_str)
        .unwrap_or("item");
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let mut bound = vars.clone();
            bound.push_one(loop_var, item);
            (Some(index), bound)
        })
        .collect()
}
