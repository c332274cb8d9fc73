//! Terraform's common built-in functions, where every argument is known: string, collection,
//! conversion and encoding functions. Any other function, or an unknown argument, gives
//! [`Val::Unknown`]. Results keep the origin of the value they pass on (`lookup`, `element`,
//! `concat` return the elements themselves).

use hcl_edit::expr::Expression;

use super::expr::{element, expression, get, pairs, string_of};
use super::{Scope, Traced, Val};

pub fn call(name: &str, arguments: &[&Expression], expand_final: bool, scope: &Scope) -> Traced {
    if name == "try" {
        return try_each(arguments, scope);
    }
    if name == "can" {
        let value = arguments
            .first()
            .map(|argument| expression(argument, scope));
        return match value.map(|value| value.val) {
            Some(Val::Absent) => Traced::new(Val::Bool(false)),
            Some(Val::Unknown) | None => Traced::unknown(),
            Some(_) => Traced::new(Val::Bool(true)),
        };
    }
    let mut values: Vec<Traced> = arguments
        .iter()
        .map(|argument| expression(argument, scope))
        .collect();
    if expand_final {
        match values.pop().map(|last| last.val) {
            Some(Val::List(items)) => values.extend(items),
            _ => return Traced::unknown(),
        }
    }
    if name == "coalesce" {
        return coalesce(values);
    }
    if name == "lookup" && values.len() == 3 && values[0].is_known() {
        if let Some(key) = string_of(&values[1]) {
            let found = get(&values[0], &key);
            return if found.val == Val::Absent {
                values.swap_remove(2)
            } else {
                found
            };
        }
    }
    if values
        .iter()
        .any(|value| matches!(value.val, Val::Unknown | Val::Absent))
    {
        return Traced::unknown();
    }
    let from = values
        .iter()
        .find(|value| !value.from.is_empty())
        .map(|value| value.from.clone())
        .unwrap_or_default();
    let result = known(name, values);
    match result.val {
        // A new string or number made of one argument keeps that argument's origin.
        Val::String(_) | Val::Number(_) | Val::Bool(_) if result.from.is_empty() => {
            Traced { from, ..result }
        }
        _ => result,
    }
}

/// The first argument that evaluates without failing (unknown if that cannot be told).
fn try_each(arguments: &[&Expression], scope: &Scope) -> Traced {
    for argument in arguments {
        let value = expression(argument, scope);
        match value.val {
            Val::Absent => continue,
            _ => return value,
        }
    }
    Traced::unknown()
}

fn coalesce(values: Vec<Traced>) -> Traced {
    for value in values {
        match &value.val {
            Val::Unknown | Val::Absent => return Traced::unknown(),
            Val::Null => continue,
            Val::String(text) if text.is_empty() => continue,
            _ => return value,
        }
    }
    Traced::unknown()
}

fn text(value: &Traced) -> Option<String> {
    string_of(value)
}

fn list(value: &Traced) -> Option<&Vec<Traced>> {
    match &value.val {
        Val::List(items) => Some(items),
        _ => None,
    }
}

fn string(text: String) -> Traced {
    Traced::new(Val::String(text))
}

/// A function of known arguments.
fn known(name: &str, values: Vec<Traced>) -> Traced {
    strings(name, &values)
        .or_else(|| collections(name, &values))
        .unwrap_or_else(Traced::unknown)
}

/// String and conversion functions.
fn strings(name: &str, values: &[Traced]) -> Option<Traced> {
    match (name, values) {
        ("upper", [value]) => text(value).map(|text| string(text.to_uppercase())),
        ("lower", [value]) => text(value).map(|text| string(text.to_lowercase())),
        ("trimspace", [value]) => text(value).map(|text| string(text.trim().to_string())),
        ("tostring", [value]) => text(value).map(string),
        ("tonumber", [value]) => text(value)
            .and_then(|text| text.trim().parse().ok())
            .map(|number| Traced::new(Val::Number(number))),
        ("tobool", [value]) => match text(value).as_deref() {
            Some("true") => Some(Traced::new(Val::Bool(true))),
            Some("false") => Some(Traced::new(Val::Bool(false))),
            _ => None,
        },
        ("replace", [value, search, with]) => match (text(value), text(search), text(with)) {
            (Some(value), Some(search), Some(with)) if !search.starts_with('/') => {
                Some(string(value.replace(&search, &with)))
            }
            _ => None,
        },
        ("split", [separator, value]) => match (text(separator), text(value)) {
            (Some(separator), Some(value)) if !separator.is_empty() => {
                Some(Traced::new(Val::List(
                    value
                        .split(&separator)
                        .map(|part| string(part.to_string()))
                        .collect(),
                )))
            }
            _ => None,
        },
        ("join", [separator, items]) => {
            let separator = text(separator);
            let parts: Option<Vec<String>> =
                list(items).and_then(|items| items.iter().map(text).collect());
            separator
                .zip(parts)
                .map(|(separator, parts)| string(parts.join(&separator)))
        }
        ("format", [pattern, arguments @ ..]) => text(pattern)
            .and_then(|pattern| format(&pattern, arguments))
            .map(string),
        _ => None,
    }
}

/// Collection and encoding functions.
fn collections(name: &str, values: &[Traced]) -> Option<Traced> {
    match (name, values) {
        ("concat", lists) => lists
            .iter()
            .map(list)
            .collect::<Option<Vec<_>>>()
            .map(|lists| Traced::new(Val::List(lists.into_iter().flatten().cloned().collect()))),
        ("flatten", [items]) => list(items).map(|items| Traced::new(Val::List(flatten(items)))),
        ("merge", objects) => {
            let mut merged: Vec<(String, Traced)> = Vec::new();
            for object in objects {
                match &object.val {
                    Val::Object(entries) => {
                        for (key, value) in entries {
                            merged.retain(|(existing, _)| existing != key);
                            merged.push((key.clone(), value.clone()));
                        }
                    }
                    Val::Null => {}
                    _ => return None,
                }
            }
            Some(Traced::new(Val::Object(merged)))
        }
        ("element", [items, index]) => match (list(items), &index.val) {
            (Some(items), Val::Number(index)) if !items.is_empty() => Some(element(
                &Traced::new(Val::List(items.clone())),
                index.rem_euclid(items.len() as f64),
            )),
            _ => None,
        },
        ("lookup", [object, key]) => text(key).map(|key| get(object, &key)),
        ("keys", [object]) => pairs(object)
            .map(|pairs| Traced::new(Val::List(pairs.into_iter().map(|(key, _)| key).collect()))),
        ("values", [object]) => pairs(object).map(|pairs| {
            Traced::new(Val::List(
                pairs.into_iter().map(|(_, value)| value).collect(),
            ))
        }),
        ("length", [value]) => match &value.val {
            Val::List(items) => Some(items.len()),
            Val::Object(entries) => Some(entries.len()),
            Val::String(text) => Some(text.chars().count()),
            _ => None,
        }
        .map(|length| Traced::new(Val::Number(length as f64))),
        ("range", bounds) => range(bounds),
        ("toset" | "distinct", [items]) => list(items).map(|items| {
            let mut unique: Vec<Traced> = Vec::new();
            for item in items {
                if !unique.iter().any(|seen| seen.val == item.val) {
                    unique.push(item.clone());
                }
            }
            Traced::new(Val::List(unique))
        }),
        ("tolist" | "tomap", [value]) => Some(value.clone()),
        ("contains", [items, value]) => list(items)
            .map(|items| Traced::new(Val::Bool(items.iter().any(|item| item.val == value.val)))),
        ("jsonencode", [value]) => {
            Some(string(value.to_json(&serde_json::Value::Null).to_string()))
        }
        ("jsondecode", [value]) => text(value)
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .map(|decoded| Traced::plain(&decoded)),
        _ => None,
    }
}

fn flatten(items: &[Traced]) -> Vec<Traced> {
    items
        .iter()
        .flat_map(|item| match &item.val {
            Val::List(inner) => flatten(inner),
            _ => vec![item.clone()],
        })
        .collect()
}

fn range(bounds: &[Traced]) -> Option<Traced> {
    let numbers: Option<Vec<f64>> = bounds
        .iter()
        .map(|bound| match bound.val {
            Val::Number(number) => Some(number),
            _ => None,
        })
        .collect();
    let (start, end, step) = match numbers?.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, if start <= end { 1.0 } else { -1.0 }),
        [start, end, step] if *step != 0.0 => (*start, *end, *step),
        _ => return None,
    };
    let mut items = Vec::new();
    let mut current = start;
    // Terraform caps ranges at 1024 elements.
    while ((step > 0.0 && current < end) || (step < 0.0 && current > end)) && items.len() < 1024 {
        items.push(Traced::new(Val::Number(current)));
        current += step;
    }
    Some(Traced::new(Val::List(items)))
}

/// `format("%s-%02d", …)`: the verbs `%s %d %v %q %%` with an optional zero-padded width.
fn format(pattern: &str, arguments: &[Traced]) -> Option<String> {
    let mut out = String::new();
    let mut arguments = arguments.iter();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&next) = chars.peek() {
            if next.is_ascii_digit() {
                spec.push(next);
                chars.next();
            } else {
                break;
            }
        }
        match chars.next()? {
            '%' => out.push('%'),
            verb @ ('s' | 'd' | 'v' | 'q') => {
                let argument = arguments.next()?;
                let mut value = text(argument)?;
                if verb == 'd' {
                    value = value.parse::<f64>().ok().map(|n| (n as i64).to_string())?;
                }
                if verb == 'q' {
                    value = serde_json::Value::String(value).to_string();
                }
                let width: usize = spec.parse().unwrap_or(0);
                let pad = if spec.starts_with('0') { '0' } else { ' ' };
                for _ in value.chars().count()..width {
                    out.push(pad);
                }
                out.push_str(&value);
            }
            _ => return None,
        }
    }
    Some(out)
}
