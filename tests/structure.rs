//! The shape of the code, kept: no file under `src/` over 600 lines, no function over 100
//! lines (except flat key-dispatch tables, named below), and no import cycle between the
//! top-level modules of `src/` — a module's dependencies are the `crate::<module>` paths in
//! its code (comments and `#[cfg(test)]` blocks aside).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FUNCTION_LINES: usize = 100;

/// Functions that are one `match` over a format's keys: each arm is a line or two, and
/// splitting them would scatter one table over several functions.
const DISPATCH_TABLES: [(&str, &str); 2] = [
    ("src/formats/proxmox/workloads.rs", "fill"),
    ("src/formats/vmx/workloads.rs", "fill"),
];

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut pending = vec![root];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// (name, first line, length in lines) of every function, by rustfmt's layout: a function ends
/// at the first line that closes at the indentation its signature opened at.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("const ")
            .trim_start_matches("unsafe ");
        let Some(rest) = signature.strip_prefix("fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        let end = lines[index..].iter().position(|candidate| {
            candidate.trim_end() == close
                || candidate.ends_with(';') && candidate.starts_with(&format!("{indent}fn "))
        });
        if let Some(end) = end {
            found.push((name, index + 1, end + 1));
        }
    }
    found
}

#[test]
fn no_file_is_over_600_lines_and_no_function_over_100() {
    let mut problems = Vec::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = relative(&path);
        let count = text.lines().count();
        if count > MAX_FILE_LINES {
            problems.push(format!("{name}: {count} lines"));
        }
        for (function, line, length) in functions(&text) {
            let allowed = DISPATCH_TABLES.contains(&(name.as_str(), function.as_str()));
            if length > MAX_FUNCTION_LINES && !allowed {
                problems.push(format!("{name}:{line}: fn {function} is {length} lines"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_line_counter_sees_long_functions() {
    let long = format!("fn long() {{\n{}}}\n", "    x();\n".repeat(120));
    assert_eq!(functions(&long), vec![("long".to_string(), 1, 122)]);
}

/// The top-level module a file belongs to (`src/pipeline/run.rs` → `pipeline`).
fn top_module(path: &str) -> Option<String> {
    let inside = path.strip_prefix("src/")?;
    let first = inside.split('/').next()?;
    let module = first.trim_end_matches(".rs");
    (module != "lib" && module != "main").then(|| module.to_string())
}

/// The `crate::<module>` paths of a file's code, comments and test modules aside.
fn dependencies(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or_default();
        for (index, _) in line.match_indices("crate::") {
            let name: String = line[index + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

#[test]
fn top_level_modules_import_each_other_without_cycles() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources() {
        let name = relative(&path);
        let Some(module) = top_module(&name) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(dependencies(&text).into_iter().filter(|dep| *dep != module));
    }
    let modules: Vec<String> = graph.keys().cloned().collect();
    assert!(modules.contains(&"pipeline".to_string()), "{modules:?}");
    // Depth-first search for a back edge; the cycle is printed.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|known| known == module) {
            let mut cycle = path[start..].to_vec();
            cycle.push(module.to_string());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_string());
        for next in graph.get(module).into_iter().flatten() {
            if graph.contains_key(next) {
                if let Some(cycle) = visit(next, graph, path, done) {
                    return Some(cycle);
                }
            }
        }
        path.pop();
        done.insert(module.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for module in &modules {
        let cycle = visit(module, &graph, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap().join(" → ")
        );
    }
}

#[test]
fn the_cycle_finder_reads_crate_paths_in_code_only() {
    let text = "use crate::pipeline::run;\n// crate::report in a comment\nfn f() { crate::paths::absolute(p); }\n#[cfg(test)]\nmod tests { use crate::cli; }\n";
    let found: Vec<String> = dependencies(text).into_iter().collect();
    assert_eq!(found, vec!["paths".to_string(), "pipeline".to_string()]);
}

#[test]
fn every_package_carries_the_projects_licence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(
        cargo.contains("license = \"Apache-2.0\""),
        "Cargo.toml's licence"
    );
    let licence = std::fs::read_to_string(root.join("LICENSE")).unwrap();
    assert!(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004"));
    // The VS Code extension is packaged on its own (vsce): the same licence, and its text.
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("lsp/vscode/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(package["license"], "Apache-2.0");
    assert_eq!(
        std::fs::read_to_string(root.join("lsp/vscode/LICENSE")).unwrap(),
        licence
    );
}
