//! The fixture harness: lints every file under `fixtures/` and compares what vmlint reports
//! with the expectations written in the fixture's own comments.
//!
//! Expectation syntax, in any comment the format allows (`#`, `//`, `<!-- -->`, or a `"//"`
//! property in JSON): `expect: VML101` — a diagnostic of that rule on the line; several may be
//! listed (`expect: VML101, VML104`). `VML101:7` pins the column; without it the column is the
//! first non-blank character of the line; `VML201@warning` (or `VML201:24@warning`) pins the
//! severity too. `parse-error` stands for a parse error. A comment
//! alone on its line speaks about the next line that is not itself an expectation comment; a
//! trailing comment about its own line.
//!
//! Any missing or extra diagnostic fails, with a readable diff. A rule is covered when every
//! format its metadata claims has a fixture where it fires and a clean fixture.

use std::path::{Path, PathBuf};

use vmlint::pipeline;
use vmlint::policy::{PolicyOptions, PolicySet};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expected {
    line: usize,
    column: usize,
    rule: String,
    /// Checked only when the expectation names it.
    severity: Option<String>,
}

/// `12:5 VML201@warning`, as the diff shows an expectation.
impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} {}", self.line, self.column, self.rule)?;
        match &self.severity {
            Some(severity) => write!(f, "@{severity}"),
            None => Ok(()),
        }
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn all_fixtures() -> Vec<PathBuf> {
    files_under(&fixtures_dir())
}

/// Every fixture file under `root`, sorted (a `.vmlint.toml` configures its directory's
/// fixtures and is none itself).
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten() {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|name| name != ".vmlint.toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn policies() -> PolicySet {
    PolicySet::load(&PolicyOptions::default()).expect("built-in policies load")
}

const OPENERS: [&str; 5] = ["\"//\"", "<!--", "/*", "//", "#"];

/// Where the comment holding the `expect:` at `marker` starts on `line`.
fn comment_start(line: &str, marker: usize) -> Option<usize> {
    let start = OPENERS
        .iter()
        .filter_map(|opener| line[..marker].rfind(opener))
        .max()?;
    // `//` inside the JSON comment key `"//"` belongs to the key.
    if line[start..].starts_with("//") && line[..start].ends_with('"') {
        Some(start - 1)
    } else {
        Some(start)
    }
}

fn first_non_blank_column(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count() + 1
}

fn parse_expectations(source: &str) -> Result<Vec<Expected>, String> {
    let lines: Vec<&str> = source.lines().collect();
    let mut expected = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(marker) = line.find("expect:") else {
            continue;
        };
        let Some(start) = comment_start(line, marker) else {
            return Err(format!("line {}: `expect:` outside a comment", index + 1));
        };
        let own_line = line[..start].trim().is_empty();
        let target = if own_line {
            (index + 1..lines.len())
                .find(|&next| !lines[next].contains("expect:"))
                .ok_or_else(|| format!("line {}: expectation with no line after it", index + 1))?
        } else {
            index
        };
        let text = &line[marker + "expect:".len()..];
        // The expectation ends with its comment: `-->`, `*/`, or the JSON string's quote.
        let end = ["-->", "*/", "\""]
            .iter()
            .filter_map(|closer| text.find(closer))
            .min()
            .unwrap_or(text.len());
        let text = &text[..end];
        for item in text.split([',', ' ']).filter(|item| !item.is_empty()) {
            let (item, severity) = match item.split_once('@') {
                Some((item, severity)) => (item, Some(severity.to_string())),
                None => (item, None),
            };
            let (rule, column) = match item.split_once(':') {
                Some((rule, column)) => (
                    rule,
                    column
                        .parse()
                        .map_err(|_| format!("line {}: bad column in `{item}`", index + 1))?,
                ),
                None => (item, first_non_blank_column(lines[target])),
            };
            expected.push(Expected {
                line: target + 1,
                column,
                rule: rule.to_string(),
                severity,
            });
        }
    }
    expected.sort();
    Ok(expected)
}

/// Everything a fixture directory reports, by file: its files are linted together (the
/// directory is their repository), once per test run.
#[allow(clippy::type_complexity)]
fn findings_of(
    dir: &Path,
    policies: &PolicySet,
) -> (Vec<PathBuf>, Vec<(PathBuf, Expected, String)>) {
    static RUNS: std::sync::OnceLock<
        std::sync::Mutex<
            std::collections::HashMap<PathBuf, (Vec<PathBuf>, Vec<(PathBuf, Expected, String)>)>,
        >,
    > = std::sync::OnceLock::new();
    let runs = RUNS.get_or_init(Default::default);
    // Fixtures are read once; a copy elsewhere (the harness's own test) changes between checks.
    let memo = dir.starts_with(fixtures_dir());
    if let Some(known) = runs.lock().unwrap().get(dir).filter(|_| memo) {
        return known.clone();
    }
    let config = dir.join(".vmlint.toml");
    let config = config
        .is_file()
        .then(|| vmlint::config::Config::load(&config).expect("fixture .vmlint.toml is valid"));
    let hosts = config.as_ref().map(|config| config.hosts_json());
    let options = pipeline::LintOptions {
        context_roots: vec![dir.to_path_buf()],
        configs: vmlint::config::ConfigResolver::fixed(config),
        hosts: hosts.unwrap_or_else(|| serde_json::json!({})),
        ..pipeline::LintOptions::default()
    };
    let run = pipeline::lint_paths(&[dir.to_path_buf()], policies, &options);
    let mut found: Vec<(PathBuf, Expected, String)> = run
        .diagnostics
        .iter()
        .map(|diagnostic| {
            (
                diagnostic.file.clone(),
                Expected {
                    line: diagnostic.start.line,
                    column: diagnostic.start.column,
                    rule: diagnostic.rule.clone(),
                    severity: Some(diagnostic.severity.to_string()),
                },
                diagnostic.message.clone(),
            )
        })
        .collect();
    for error in &run.errors {
        let start = error
            .start
            .unwrap_or(vmlint::document::Position { line: 0, column: 0 });
        found.push((
            error.file.clone().unwrap_or_default(),
            Expected {
                line: start.line,
                column: start.column,
                rule: "parse-error".to_string(),
                severity: None,
            },
            error.message.clone(),
        ));
    }
    // Discovery names files relative to where the tests run; fixtures are absolute.
    let absolute = |file: &Path| std::env::current_dir().unwrap().join(file);
    let linted = run.linted_files.iter().map(|file| absolute(file)).collect();
    let found = found
        .into_iter()
        .map(|(file, expected, message)| (absolute(&file), expected, message))
        .collect();
    let result = (linted, found);
    if memo {
        runs.lock()
            .unwrap()
            .insert(dir.to_path_buf(), result.clone());
    }
    result
}

/// Lint one fixture and compare; `Err` holds the readable diff.
fn check_fixture(path: &Path, policies: &PolicySet) -> Result<usize, String> {
    let source = std::fs::read_to_string(path).map_err(|error| error.to_string())?;
    let expected = parse_expectations(&source)?;
    // The fixture's directory is its repository: inventories and cluster files beside it count.
    // The fixture's repository is its `<slug>/<format>/` directory, sub-directories included;
    // a `.vmlint.toml` there gives its fixtures host capacities and parameters.
    let dir = match path.strip_prefix(fixtures_dir()) {
        Ok(relative) if relative.iter().count() > 2 => {
            fixtures_dir().join(relative.iter().take(2).collect::<PathBuf>())
        }
        // A copy elsewhere (the harness's own test): its directory.
        _ => path.parent().unwrap().to_path_buf(),
    };
    let (linted, mut actual) = findings_of(&dir, policies);
    // A fixture states what is reported in it, whichever file's definition the finding is
    // about (a value set in `host_vars/` is reported there).
    actual.retain(|(file, _, _)| file == path);
    // A severity counts only where the expectation names one.
    let mut actual: Vec<(Expected, String)> = actual
        .into_iter()
        .map(|(_, mut found, message)| {
            let pinned = expected.iter().any(|item| {
                item.severity.is_some()
                    && (item.line, item.column, &item.rule)
                        == (found.line, found.column, &found.rule)
            });
            if !pinned {
                found.severity = None;
            }
            (found, message)
        })
        .collect();
    actual.sort();
    let actual_keys: Vec<Expected> = actual.iter().map(|(key, _)| key.clone()).collect();
    if actual_keys == expected {
        if !linted.contains(&path.to_path_buf()) && actual.is_empty() {
            return Err("was not linted (not detected as a supported format)".to_string());
        }
        return Ok(expected.len());
    }
    let mut diff = String::new();
    for item in &expected {
        if !actual_keys.contains(item) {
            diff.push_str(&format!("  - missing   {item}\n"));
        }
    }
    for (item, message) in &actual {
        if !expected.contains(item) {
            diff.push_str(&format!("  + unexpected {item}  {message}\n"));
        }
    }
    Err(diff)
}

#[test]
fn every_fixture_reports_exactly_what_it_expects() {
    let policies = policies();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in all_fixtures() {
        match check_fixture(&path, &policies) {
            Ok(_) => checked += 1,
            Err(diff) => failures.push(format!("{}:\n{diff}", path.display())),
        }
    }
    assert!(checked >= 20, "only {checked} fixtures were checked");
    assert!(
        failures.is_empty(),
        "fixtures disagree with vmlint:\n{}",
        failures.join("\n")
    );
}

/// Every built-in rule has, for each format it claims, a fixture where it fires and a clean one
/// (`fixtures/<slug>/<format>/`).
#[test]
fn every_rule_is_covered_in_every_format_it_claims() {
    let policies = policies();
    let mut problems = Vec::new();
    for rule in policies.rules() {
        // Rules that judge comments rather than formats (VML001–003) are tested by the
        // suppression fixtures.
        if rule.meta.category == "suppressions" {
            assert!(rule.meta.formats.is_empty(), "{}", rule.meta.id);
            continue;
        }
        assert!(
            !rule.meta.formats.is_empty(),
            "{} claims no formats",
            rule.meta.id
        );
        for format in &rule.meta.formats {
            let dir = fixtures_dir().join(&rule.meta.slug).join(format);
            let mut fires = 0;
            let mut clean = 0;
            // A case may spread over sub-directories (Proxmox `nodes/<node>/qemu-server/`).
            for path in files_under(&dir) {
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                let expectations = parse_expectations(&source).unwrap_or_default();
                // Every fixture is checked exactly, so one that expects nothing of this rule
                // shows it silent (it may expect other rules: an SR-IOV NIC that keeps a
                // firewall silent is still a passthrough).
                if expectations.iter().any(|e| e.rule == rule.meta.id) {
                    fires += 1;
                } else {
                    clean += 1;
                }
            }
            if fires == 0 || clean == 0 {
                problems.push(format!(
                    "{} in {format}: {fires} firing and {clean} clean fixtures under {}",
                    rule.meta.id,
                    dir.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The harness must fail when a fixture's expectation changes: copy a fixture, move one
/// expectation to another rule, and the copy must be reported with a diff.
#[test]
fn a_changed_expectation_makes_the_harness_fail() {
    let policies = policies();
    let original = fixtures_dir().join("usb-passthrough/terraform/fires.tf");
    let source = std::fs::read_to_string(&original).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("fires.tf");

    // The module's variables come along: one of the dongles is a variable default.
    std::fs::copy(
        fixtures_dir().join("usb-passthrough/terraform/variables.tf"),
        dir.path().join("variables.tf"),
    )
    .unwrap();
    std::fs::write(&copy, &source).unwrap();
    assert_eq!(check_fixture(&copy, &policies), Ok(5));

    std::fs::write(
        &copy,
        source.replacen("expect: VML101", "expect: VML104", 1),
    )
    .unwrap();
    let diff = check_fixture(&copy, &policies).unwrap_err();
    assert!(diff.contains("- missing   8:3 VML104"), "{diff}");
    assert!(diff.contains("+ unexpected 8:3 VML101"), "{diff}");

    std::fs::write(
        &copy,
        source.replacen("expect: VML101", "expect: VML101:9", 1),
    )
    .unwrap();
    let diff = check_fixture(&copy, &policies).unwrap_err();
    assert!(diff.contains("- missing   8:9 VML101"), "{diff}");

    // A pinned severity is checked: the dongle is an error, not a warning.
    std::fs::write(
        &copy,
        source.replacen("expect: VML101", "expect: VML101@error", 1),
    )
    .unwrap();
    assert_eq!(check_fixture(&copy, &policies), Ok(5));
    std::fs::write(
        &copy,
        source.replacen("expect: VML101", "expect: VML101@warning", 1),
    )
    .unwrap();
    let diff = check_fixture(&copy, &policies).unwrap_err();
    assert!(diff.contains("- missing   8:3 VML101@warning"), "{diff}");
    assert!(diff.contains("+ unexpected 8:3 VML101@error"), "{diff}");
}

#[test]
fn expectation_comments_are_read_in_every_syntax() {
    let source = "x\n# expect: VML101\nusb {\n<a/> <!-- expect: VML104:5, VML201 -->\n  \"//\": \"expect: parse-error\",\n  \"k\": 1\n";
    let expected = parse_expectations(source).unwrap();
    let summary: Vec<(usize, usize, &str)> = expected
        .iter()
        .map(|e| (e.line, e.column, e.rule.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (3, 1, "VML101"),
            (4, 1, "VML201"),
            (4, 5, "VML104"),
            (6, 3, "parse-error")
        ]
    );
}
