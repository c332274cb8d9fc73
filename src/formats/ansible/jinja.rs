//! The part of Jinja that Ansible variables are written in, evaluated where every input is
//! known: variable paths (`item.usb`, `vms[0]['name']`), string and number literals, and the
//! common filters (`default`/`d`, `omit`, `lower`, `upper`, `int`, `bool`, `string`, `trim`,
//! `join`, `replace`, `format`, `dict2items`, `list`, `first`, `last`, `length`). Anything
//! else — lookups, vault values, tests, arithmetic — is unknown and never guessed.

use crate::formats::traced::{Traced, Val};

/// The placeholder Ansible substitutes for `omit`: an argument that renders to it is left out.
pub const OMIT: &str = "__omit_place_holder__vmlint";

/// Variables by name, innermost binding first.
pub trait Lookup {
    fn get(&self, name: &str) -> Option<Traced>;
}

/// Render a string that may hold `{{ … }}`: one whole expression keeps its value (a list
/// stays a list), a template with text around expressions becomes a string.
pub fn render(text: &str, vars: &dyn Lookup) -> Traced {
    if !text.contains("{{") {
        return Traced::new(Val::String(text.to_string()));
    }
    if text.contains("{%") {
        return Traced::unknown();
    }
    let trimmed = text.trim();
    if let Some(inner) = trimmed
        .strip_prefix("{{")
        .and_then(|rest| rest.strip_suffix("}}"))
        .filter(|inner| !inner.contains("{{") && !inner.contains("}}"))
    {
        return expression(inner, vars);
    }
    let mut out = String::new();
    let mut from = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}").map(|end| end + start) else {
            return Traced::unknown();
        };
        out.push_str(&rest[..start]);
        let part = expression(&rest[start + 2..end], vars);
        match scalar_text(&part) {
            Some(text) => out.push_str(&text),
            None => return Traced::unknown(),
        }
        if from.is_empty() {
            from = part.from;
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Traced {
        val: Val::String(out),
        from,
    }
}

/// A scalar as Jinja prints it.
pub fn scalar_text(value: &Traced) -> Option<String> {
    match &value.val {
        Val::String(text) => Some(text.clone()),
        Val::Number(number) => Some(crate::formats::traced::number_json(*number).to_string()),
        Val::Bool(true) => Some("True".to_string()),
        Val::Bool(false) => Some("False".to_string()),
        _ => None,
    }
}

/// `primary | filter(args) | …`.
fn expression(text: &str, vars: &dyn Lookup) -> Traced {
    let parts = split_top(text, '|');
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Traced::unknown();
    };
    let mut value = primary(first.trim(), vars);
    for filter in parts {
        value = apply(filter.trim(), value, vars);
    }
    value
}

/// `text` split at `separator` outside quotes, brackets and parentheses.
fn split_top(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (index, c) in text.char_indices() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, c) if c == separator && depth == 0 => {
                parts.push(&text[start..index]);
                start = index + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A literal or a variable path; `Absent` for a variable nobody defines (what `default` fills).
fn primary(text: &str, vars: &dyn Lookup) -> Traced {
    if let Some(literal) = string_literal(text) {
        return Traced::new(Val::String(literal));
    }
    if let Ok(number) = text.parse::<f64>() {
        return Traced::new(Val::Number(number));
    }
    match text {
        "true" | "True" => return Traced::new(Val::Bool(true)),
        "false" | "False" => return Traced::new(Val::Bool(false)),
        "omit" => return Traced::new(Val::String(OMIT.to_string())),
        _ => {}
    }
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let (name, mut rest) = text.split_at(name_end);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return Traced::unknown();
    }
    let mut value = match vars.get(name) {
        Some(value) => value,
        None => return Traced::new(Val::Absent),
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            value = attribute(&value, &after[..end]);
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let Some(end) = after.find(']') else {
                return Traced::unknown();
            };
            let index = after[..end].trim();
            value = match (string_literal(index), index.parse::<usize>()) {
                (Some(key), _) => attribute(&value, &key),
                (None, Ok(position)) => match &value.val {
                    Val::List(items) => items
                        .get(position)
                        .cloned()
                        .unwrap_or_else(|| Traced::new(Val::Absent)),
                    _ => Traced::unknown(),
                },
                _ => Traced::unknown(),
            };
            rest = &after[end + 1..];
        } else {
            // Arithmetic, tests, method calls: not evaluated.
            return Traced::unknown();
        }
    }
    value
}

fn attribute(value: &Traced, key: &str) -> Traced {
    match (&value.val, value.field(key)) {
        (_, Some(item)) => item.clone(),
        (Val::Object(_) | Val::Absent, None) => Traced::new(Val::Absent),
        _ => Traced::unknown(),
    }
}

fn string_literal(text: &str) -> Option<String> {
    let quote = text.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote)).then(|| inner.to_string())
}

/// The arguments of `name(a, b)`, evaluated.
fn arguments(text: &str, vars: &dyn Lookup) -> Option<(String, Vec<Traced>)> {
    match text.find('(') {
        None => Some((text.to_string(), Vec::new())),
        Some(open) => {
            let inner = text[open + 1..].strip_suffix(')')?;
            let values = if inner.trim().is_empty() {
                Vec::new()
            } else {
                split_top(inner, ',')
                    .into_iter()
                    .map(|argument| expression(argument.trim(), vars))
                    .collect()
            };
            Some((text[..open].trim().to_string(), values))
        }
    }
}

fn apply(filter: &str, value: Traced, vars: &dyn Lookup) -> Traced {
    let Some((name, args)) = arguments(filter, vars) else {
        return Traced::unknown();
    };
    if matches!(name.as_str(), "default" | "d") {
        return match value.val {
            Val::Absent => args.into_iter().next().unwrap_or_else(Traced::unknown),
            _ => value,
        };
    }
    if !value.is_known() {
        return Traced::unknown();
    }
    let from = value.from.clone();
    let text = scalar_text(&value);
    let result = match (name.as_str(), args.as_slice()) {
        ("lower", []) => text.map(|text| Val::String(text.to_lowercase())),
        ("upper", []) => text.map(|text| Val::String(text.to_uppercase())),
        ("trim", []) => text.map(|text| Val::String(text.trim().to_string())),
        ("string", []) => text.map(Val::String),
        ("int", []) => text
            .and_then(|text| text.trim().parse::<f64>().ok())
            .map(|number| Val::Number(number.trunc())),
        ("bool", []) => text.map(|text| {
            Val::Bool(matches!(
                text.to_ascii_lowercase().as_str(),
                "true" | "yes" | "on" | "1"
            ))
        }),
        ("replace", [old, new]) => match (text, scalar_text(old), scalar_text(new)) {
            (Some(text), Some(old), Some(new)) => Some(Val::String(text.replace(&old, &new))),
            _ => None,
        },
        ("join", separator) => match &value.val {
            Val::List(items) => {
                let separator = separator.first().and_then(scalar_text).unwrap_or_default();
                items
                    .iter()
                    .map(scalar_text)
                    .collect::<Option<Vec<_>>>()
                    .map(|parts| Val::String(parts.join(&separator)))
            }
            _ => None,
        },
        ("format", values) => text.and_then(|pattern| {
            let mut out = pattern;
            for value in values {
                let position = out.find("%s").or_else(|| out.find("%d"))?;
                out.replace_range(position..position + 2, &scalar_text(value)?);
            }
            Some(Val::String(out))
        }),
        ("dict2items", []) => match &value.val {
            Val::Object(entries) => Some(Val::List(
                entries
                    .iter()
                    .map(|(key, item)| {
                        Traced::new(Val::Object(vec![
                            ("key".to_string(), Traced::new(Val::String(key.clone()))),
                            ("value".to_string(), item.clone()),
                        ]))
                    })
                    .collect(),
            )),
            _ => None,
        },
        ("list", []) => Some(value.val.clone()),
        ("first", []) | ("last", []) => match &value.val {
            Val::List(items) => {
                let item = if name == "first" {
                    items.first()
                } else {
                    items.last()
                };
                return item.cloned().unwrap_or_else(Traced::unknown);
            }
            _ => None,
        },
        ("length" | "count", []) => match &value.val {
            Val::List(items) => Some(Val::Number(items.len() as f64)),
            Val::Object(entries) => Some(Val::Number(entries.len() as f64)),
            Val::String(text) => Some(Val::Number(text.chars().count() as f64)),
            _ => None,
        },
        _ => None,
    };
    match result {
        Some(val) => Traced { val, from },
        None => Traced::unknown(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::formats::traced::Place;

    struct Vars(Vec<(String, Traced)>);

    impl Lookup for Vars {
        fn get(&self, name: &str) -> Option<Traced> {
            self.0
                .iter()
                .find(|(bound, _)| bound == name)
                .map(|(_, value)| value.clone())
        }
    }

    fn vars() -> Vars {
        let file: Arc<Path> = Arc::from(Path::new("site.yml"));
        Vars(vec![
            (
                "item".to_string(),
                Traced::from_literal(
                    &json!({"name": "flexlm-02", "usb": "host=0529:0001"}),
                    &Place::new(&file, "/0/0/vars/vms/1"),
                ),
            ),
            (
                "sizes".to_string(),
                Traced::from_literal(&json!({"a": 1}), &Place::new(&file, "/0/0/vars/sizes")),
            ),
            ("vault".to_string(), Traced::unknown()),
        ])
    }

    fn show(text: &str) -> serde_json::Value {
        render(text, &vars()).to_json(&json!("UNKNOWN"))
    }

    #[test]
    fn paths_filters_and_templates() {
        assert_eq!(show("{{ item.name }}"), json!("flexlm-02"));
        assert_eq!(show("{{ item['usb'] }}"), json!("host=0529:0001"));
        assert_eq!(show("vm-{{ item.name | upper }}"), json!("vm-FLEXLM-02"));
        assert_eq!(show("{{ missing | default('x') }}"), json!("x"));
        assert_eq!(show("{{ missing | d(omit) }}"), json!(OMIT));
        assert_eq!(
            show("{{ item.name | replace('-', '_') }}"),
            json!("flexlm_02")
        );
        assert_eq!(
            show("{{ sizes | dict2items | first }}"),
            json!({"key": "a", "value": 1})
        );
        assert_eq!(show("{{ '8' | int }}"), json!(8));
        assert_eq!(show("{{ ['a', 'b'] | join(',') }}"), json!("UNKNOWN"));
        assert_eq!(show("plain"), json!("plain"));
    }

    #[test]
    fn unknown_stays_unknown_and_origins_are_kept() {
        assert_eq!(show("{{ vault }}"), json!("UNKNOWN"));
        assert_eq!(show("{{ vault | default('x') }}"), json!("UNKNOWN"));
        assert_eq!(show("{{ lookup('env', 'HOME') }}"), json!("UNKNOWN"));
        assert_eq!(show("{{ item.name + 'x' }}"), json!("UNKNOWN"));
        assert_eq!(show("{{ missing }}"), json!("UNKNOWN"));
        let usb = render("{{ item.usb }}", &vars());
        assert_eq!(usb.from[0].pointer, "/0/0/vars/vms/1/usb");
    }
}
