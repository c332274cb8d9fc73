//! Walking the XML tree of `xml.rs`: an element's children by name with their pointers, its
//! attributes (`@name`) and its text (`#text`).

use serde_json::{Map, Value};

use crate::document::pointer;

type Element = Map<String, Value>;

pub fn children<'a>(element: &'a Element, name: &str, at: &str) -> Vec<(&'a Element, String)> {
    let list_at = pointer::push(at, name);
    element
        .get(name)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| {
                    item.as_object()
                        .map(|child| (child, pointer::push_index(&list_at, index)))
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn first<'a>(element: &'a Element, name: &str, at: &str) -> Option<(&'a Element, String)> {
    children(element, name, at).into_iter().next()
}

pub fn attribute<'a>(element: &'a Element, name: &str) -> Option<&'a str> {
    element.get(&format!("@{name}")).and_then(Value::as_str)
}

pub fn text(element: &Element) -> Option<String> {
    element
        .get("#text")
        .and_then(Value::as_str)
        .map(str::to_string)
}
