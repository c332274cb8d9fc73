//! The report's summary: findings by severity, by rule and by format, the files with the most
//! findings, and the run's counts. Bars are drawn as SVG rectangles whose widths are attributes
//! (a `style` attribute would need `'unsafe-inline'` in the page's policy).

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Severity;
use crate::formats::Detection;
use crate::pipeline::suppress::SuppressionKind;
use crate::pipeline::LintRun;
use crate::policy::Rule;
use crate::report::slash_path;

/// Files listed among those with the most findings.
const TOP_FILES: usize = 10;
/// Width of a full bar, in SVG units.
pub const BAR: u32 = 200;

pub struct Count {
    pub name: String,
    /// A CSS class for the bar (a severity), or empty.
    pub class: &'static str,
    pub count: usize,
    /// Bar width, relative to the largest count of its table.
    pub width: u32,
}

pub struct RuleCount {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub severity: &'static str,
    pub count: usize,
    pub width: u32,
}

pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub suppressed: usize,
    pub baselined: usize,
    pub by_severity: Vec<Count>,
    pub by_rule: Vec<RuleCount>,
    pub by_format: Vec<Count>,
    pub top_files: Vec<Count>,
}

fn width(count: usize, largest: usize) -> u32 {
    if largest == 0 {
        return 0;
    }
    ((count as f64 / largest as f64) * f64::from(BAR)).ceil() as u32
}

fn counts(mut items: Vec<(String, usize)>, class: &'static str, limit: usize) -> Vec<Count> {
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    items.truncate(limit);
    let largest = items.first().map_or(0, |item| item.1);
    items
        .into_iter()
        .map(|(name, count)| Count {
            name,
            class,
            count,
            width: width(count, largest),
        })
        .collect()
}

pub fn summarize(run: &LintRun, rules: &[Rule]) -> Summary {
    let mut severities: HashMap<Severity, usize> = HashMap::new();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_file: HashMap<String, usize> = HashMap::new();
    let mut by_format: HashMap<String, usize> = HashMap::new();
    let mut format_of: HashMap<&std::path::Path, String> = HashMap::new();
    for diagnostic in &run.diagnostics {
        *severities.entry(diagnostic.severity).or_default() += 1;
        *by_rule.entry(&diagnostic.rule).or_default() += 1;
        *by_file.entry(slash_path(&diagnostic.file)).or_default() += 1;
        let format = format_of.entry(&diagnostic.file).or_insert_with(|| {
            let source = run
                .sources
                .get(&diagnostic.file)
                .map_or("", |source| source);
            match crate::formats::detect(&diagnostic.file, source) {
                Detection::Lint(format) => format.name().to_string(),
                _ => "other".to_string(),
            }
        });
        *by_format.entry(format.clone()).or_default() += 1;
    }
    let severity_rows: Vec<(Severity, usize)> =
        [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .map(|severity| (severity, severities.get(&severity).copied().unwrap_or(0)))
            .collect();
    let largest = severity_rows.iter().map(|row| row.1).max().unwrap_or(0);
    let mut rule_rows: Vec<RuleCount> = by_rule
        .into_iter()
        .map(|(id, count)| {
            let rule = rules.iter().find(|rule| rule.meta.id == id);
            RuleCount {
                id: id.to_string(),
                slug: rule.map_or_else(String::new, |rule| rule.meta.slug.clone()),
                title: rule.map_or_else(String::new, |rule| rule.meta.title.clone()),
                severity: rule.map_or("info", |rule| rule.meta.severity.as_str()),
                count,
                width: 0,
            }
        })
        .collect();
    rule_rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
    let largest_rule = rule_rows.first().map_or(0, |row| row.count);
    for row in &mut rule_rows {
        row.width = width(row.count, largest_rule);
    }
    Summary {
        files: run.files_linted,
        findings: run.diagnostics.len(),
        errors: run.errors.len(),
        suppressed: run.count_suppressed(SuppressionKind::InSource),
        baselined: run.count_suppressed(SuppressionKind::External),
        by_severity: severity_rows
            .into_iter()
            .map(|(severity, count)| Count {
                name: severity.as_str().to_string(),
                class: severity.as_str(),
                count,
                width: width(count, largest),
            })
            .collect(),
        by_rule: rule_rows,
        by_format: counts(by_format.into_iter().collect(), "", usize::MAX),
        top_files: counts(by_file.into_iter().collect(), "", TOP_FILES),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_relative_to_the_largest_count() {
        let rows = counts(
            vec![("a".into(), 1), ("b".into(), 4), ("c".into(), 2)],
            "",
            2,
        );
        let names: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
        assert_eq!(names, ["b", "c"]);
        assert_eq!(rows[0].width, BAR);
        assert_eq!(rows[1].width, BAR / 2);
        assert_eq!(width(3, 0), 0);
    }
}
