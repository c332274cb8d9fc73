//! Ansible INI inventories (`hosts`, `inventory`, `*.ini`): groups, hosts with their inline
//! variables, `[group:vars]` and `[group:children]`. Host patterns with numeric or alphabetic
//! ranges (`db-[01:03]`) are expanded.
//!
//! Tree: `{"groups": {name: {"hosts": {host: {var: value}}, "vars": {…}, "children": […]}}}`;
//! hosts before any header belong to `ungrouped`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::document::{pointer, Document, SourceMap};
use crate::formats::lines;
use crate::formats::{Format, ParseError};

/// True for a file named like an inventory whose every line reads as INI inventory.
pub fn looks_like(path: &Path, source: &str) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let named = name == "hosts" || name == "inventory" || name.ends_with(".ini");
    let in_inventory_dir = path
        .iter()
        .any(|part| part == "inventories" || part == "inventory");
    if !(named || in_inventory_dir) {
        return false;
    }
    let mut section = "ungrouped".to_string();
    let mut entries = 0;
    for line in source.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            section = header.to_string();
            entries += 1;
            continue;
        }
        let valid = if section.ends_with(":vars") {
            line.contains('=')
        } else if section.ends_with(":children") {
            !line.contains(char::is_whitespace)
        } else {
            line.split_whitespace()
                .skip(1)
                .all(|token| token.contains('='))
        };
        if !valid {
            return false;
        }
        entries += 1;
    }
    entries > 0
}

pub fn parse(path: PathBuf, source: Arc<str>) -> Result<Document, ParseError> {
    let mut map = SourceMap::default();
    let mut comments = Vec::new();
    let mut groups = Map::new();
    let mut section = ("ungrouped".to_string(), Kind::Hosts);
    for line in lines::lines(&source) {
        let (trimmed, span) = (line.text, line.span);
        if let Some(comment) = lines::comment(&source, &line, &['#', ';']) {
            comments.push(comment);
            continue;
        }
        if let Some(header) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            section = match header.split_once(':') {
                Some((group, "vars")) => (group.to_string(), Kind::Vars),
                Some((group, "children")) => (group.to_string(), Kind::Children),
                Some((_, other)) => {
                    return Err(ParseError::at(
                        span.start,
                        format!("unknown section kind `:{other}`"),
                    ))
                }
                None => (header.to_string(), Kind::Hosts),
            };
            let group_at = pointer::push("/groups", &section.0);
            map.insert(group_at, span, span);
            group(&mut groups, &section.0);
            continue;
        }
        let group_at = pointer::push("/groups", &section.0);
        let entry = group(&mut groups, &section.0);
        match section.1 {
            Kind::Vars => {
                let Some((key, value)) = trimmed.split_once('=') else {
                    return Err(ParseError::at(
                        span.start,
                        format!("expected `name=value`, found `{trimmed}`"),
                    ));
                };
                let key = key.trim();
                map.insert(
                    pointer::push(&pointer::push(&group_at, "vars"), key),
                    span,
                    span,
                );
                entry["vars"][key] = Value::String(unquote(value.trim()));
            }
            Kind::Children => {
                if let Some(children) = entry["children"].as_array_mut() {
                    children.push(Value::String(trimmed.to_string()));
                }
            }
            Kind::Hosts => {
                let mut tokens = trimmed.split_whitespace();
                let pattern = tokens.next().unwrap_or_default();
                let mut vars = Map::new();
                for token in tokens {
                    let Some((key, value)) = token.split_once('=') else {
                        return Err(ParseError::at(
                            span.start,
                            format!("expected `name=value`, found `{token}`"),
                        ));
                    };
                    vars.insert(key.to_string(), Value::String(unquote(value)));
                }
                let Some(hosts) = expand(pattern, &mut MAX_HOSTS_PER_PATTERN.clone()) else {
                    return Err(ParseError::at(
                        span.start,
                        format!(
                            "host pattern `{pattern}` expands to more than {MAX_HOSTS_PER_PATTERN} hosts"
                        ),
                    ));
                };
                for host in hosts {
                    map.insert(
                        pointer::push(&pointer::push(&group_at, "hosts"), &host),
                        span,
                        span,
                    );
                    entry["hosts"][&host] = Value::Object(vars.clone());
                }
            }
        }
    }
    let tree = json!({ "groups": groups });
    Ok(Document::new(
        path,
        Format::AnsibleInventory,
        source,
        tree,
        map,
        comments,
    ))
}

enum Kind {
    Hosts,
    Vars,
    Children,
}

fn group<'a>(groups: &'a mut Map<String, Value>, name: &str) -> &'a mut Value {
    groups
        .entry(name.to_string())
        .or_insert_with(|| json!({"hosts": {}, "vars": {}, "children": []}))
}

fn unquote(value: &str) -> String {
    value.trim_matches(['"', '\'']).to_string()
}

/// How many hosts one line's pattern may name (`web-[0001:9999]`); nested ranges multiply, so
/// the budget is for the whole expansion.
const MAX_HOSTS_PER_PATTERN: usize = 10_000;

/// `db-[01:03].lan` → `db-01.lan`, `db-02.lan`, `db-03.lan`; `[a:c]` ranges too. `None` when
/// the pattern names more hosts than `budget` allows.
fn expand(pattern: &str, budget: &mut usize) -> Option<Vec<String>> {
    let (Some(open), Some(close)) = (pattern.find('['), pattern.find(']')) else {
        return take(budget, vec![pattern.to_string()]);
    };
    if close < open {
        return take(budget, vec![pattern.to_string()]);
    }
    let (prefix, range, suffix) = (
        &pattern[..open],
        &pattern[open + 1..close],
        &pattern[close + 1..],
    );
    let Some((from, to)) = range.split_once(':') else {
        return take(budget, vec![pattern.to_string()]);
    };
    let items: Vec<String> =
        if let (Ok(from_n), Ok(to_n)) = (from.parse::<u64>(), to.parse::<u64>()) {
            if to_n.saturating_sub(from_n) >= *budget as u64 {
                return None;
            }
            let width = from.len();
            (from_n..=to_n).map(|n| format!("{n:0width$}")).collect()
        } else if from.len() == 1 && to.len() == 1 {
            let (from, to) = (from.as_bytes()[0], to.as_bytes()[0]);
            (from..=to).map(|byte| (byte as char).to_string()).collect()
        } else {
            return take(budget, vec![pattern.to_string()]);
        };
    let mut hosts = Vec::new();
    for item in items {
        hosts.extend(expand(&format!("{prefix}{item}{suffix}"), budget)?);
    }
    Some(hosts)
}

/// Spend `hosts.len()` of the budget; `None` when it runs out.
fn take(budget: &mut usize, hosts: Vec<String>) -> Option<Vec<String>> {
    *budget = budget.checked_sub(hosts.len())?;
    Some(hosts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVENTORY: &str = "# production\n[db]\npg-[01:02] ansible_host=10.0.0.5\n\n[db:vars]\nvmlint_role=database\n\n[prod:children]\ndb\n";

    #[test]
    fn groups_hosts_vars_and_children() {
        let doc = parse(PathBuf::from("hosts"), Arc::from(INVENTORY)).unwrap();
        assert_eq!(
            doc.tree["groups"]["db"]["hosts"]["pg-02"]["ansible_host"],
            "10.0.0.5"
        );
        assert_eq!(doc.tree["groups"]["db"]["vars"]["vmlint_role"], "database");
        assert_eq!(doc.tree["groups"]["prod"]["children"][0], "db");
        let var = doc.source_map.get("/groups/db/vars/vmlint_role").unwrap();
        assert_eq!(doc.position(var.focus.start).line, 6);
    }

    #[test]
    fn recognises_inventories_and_not_etc_hosts() {
        assert!(looks_like(Path::new("inventories/prod/hosts"), INVENTORY));
        assert!(!looks_like(
            Path::new("etc/hosts"),
            "127.0.0.1 localhost\n::1 ip6-localhost\n"
        ));
        assert!(!looks_like(
            Path::new("app/settings.ini"),
            "[server]\nport = 80\nhost = a b\n"
        ));
    }

    #[test]
    fn ranges_expand() {
        assert_eq!(
            expand("web[a:b]-[1:2]", &mut 100).unwrap(),
            vec!["weba-1", "weba-2", "webb-1", "webb-2"]
        );
    }

    /// Found by fuzzing (`fuzz/artifacts/inventory/oom-…`): nested ranges multiplied into
    /// billions of host names and ran out of memory.
    #[test]
    fn nested_ranges_that_name_too_many_hosts_are_a_located_error() {
        assert!(expand("h[0:999]-[0:999]", &mut MAX_HOSTS_PER_PATTERN.clone()).is_none());
        assert!(expand("h[0:99999999999]", &mut MAX_HOSTS_PER_PATTERN.clone()).is_none());
        assert_eq!(
            expand("h[0:99]-[0:99]", &mut MAX_HOSTS_PER_PATTERN.clone())
                .unwrap()
                .len(),
            10_000
        );
        let error = parse(
            PathBuf::from("hosts"),
            Arc::from("[web]\nok-1\nweb[0:999][0:999][0:999]\n"),
        )
        .unwrap_err();
        assert_eq!(error.span.unwrap().start, 11);
        assert!(
            error.message.contains("expands to more than 10000 hosts"),
            "{}",
            error.message
        );
    }
}
