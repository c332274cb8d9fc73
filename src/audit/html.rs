//! `vmlint audit --format html`: the history of the findings, in the HTML report's page
//! (`report::html`: its layout, assets and rules reference) — a chart of the open findings
//! per rule over time (commit dates; the eight rules with the highest peak drawn, the rest as
//! one line, and the total), the longest-lived findings, the commits that introduced and fixed
//! the most, and every finding's life with the same filters as the check report.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use askama::Template;

use super::{Audit, CommitInfo, Record};
use crate::policy::Rule;
use crate::report::html::{assets, generated_now, rule_reference, RuleReference};

/// Rules drawn as their own line.
const LINES: usize = 8;
/// Rows of the longest-lived and most-introducing/fixing tables.
const TOP: usize = 15;
const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 24.0;
const TOP_MARGIN: f64 = 10.0;

pub struct Series {
    pub name: String,
    pub class: String,
    pub points: String,
    pub peak: usize,
    pub open_now: usize,
}

pub struct Tick {
    pub at: f64,
    pub label: String,
}

pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub bottom_y: f64,
    pub right_x: f64,
    pub series: Vec<Series>,
    pub total: Series,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
}

pub struct Life {
    pub rule: String,
    pub file: String,
    pub line: usize,
    pub message: String,
    pub introduced: String,
    pub fixed: String,
    pub days: i64,
    pub open: bool,
}

pub struct CommitCount {
    pub commit: String,
    pub short: String,
    pub date: String,
    pub author: String,
    pub summary: String,
    pub count: usize,
}

pub struct RecordView {
    pub rule: String,
    pub severity: &'static str,
    pub file: String,
    pub line: usize,
    pub message: String,
    pub introduced: String,
    pub fixed: String,
    pub state: &'static str,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage<'a> {
    head: assets::Head,
    version: &'static str,
    generated: String,
    repository: &'a str,
    commits: usize,
    span: String,
    open: usize,
    fixed: usize,
    chart: Option<Chart>,
    longest: Vec<Life>,
    introducers: Vec<CommitCount>,
    fixers: Vec<CommitCount>,
    records: Vec<RecordView>,
    rule_ids: Vec<(String, usize)>,
    rules: Vec<RuleReference>,
    notes: &'a [String],
    errors: &'a [String],
}

fn date(time: i64) -> String {
    crate::dates::format_unix(time)
}

fn label(commit: &CommitInfo) -> String {
    format!(
        "{} {}",
        &commit.commit[..commit.commit.len().min(10)],
        date(commit.time)
    )
}

/// When the history ends: the last commit walked, else the newest event.
fn end_time(audit: &Audit) -> i64 {
    audit
        .head
        .as_ref()
        .map(|head| head.time)
        .unwrap_or_else(|| {
            audit
                .records
                .iter()
                .flat_map(|r| {
                    std::iter::once(r.introduced.time).chain(r.fixed.as_ref().map(|f| f.time))
                })
                .max()
                .unwrap_or(0)
        })
}

/// Open findings of one group over time, as (time, count) steps.
fn steps(records: &[&Record]) -> Vec<(i64, usize)> {
    let mut deltas: BTreeMap<i64, i64> = BTreeMap::new();
    for record in records {
        *deltas.entry(record.introduced.time).or_default() += 1;
        if let Some(fixed) = &record.fixed {
            *deltas.entry(fixed.time).or_default() -= 1;
        }
    }
    let mut open = 0i64;
    deltas
        .into_iter()
        .map(|(time, delta)| {
            open += delta;
            (time, open.max(0) as usize)
        })
        .collect()
}

fn chart(audit: &Audit) -> Option<Chart> {
    if audit.records.is_empty() {
        return None;
    }
    let start = audit
        .first
        .as_ref()
        .map(|first| first.time)
        .into_iter()
        .chain(audit.records.iter().map(|r| r.introduced.time))
        .min()?;
    let end = end_time(audit).max(start + 86_400);
    let mut by_rule: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for record in &audit.records {
        by_rule.entry(&record.rule).or_default().push(record);
    }
    let mut groups: Vec<(String, Vec<(i64, usize)>)> = by_rule
        .into_iter()
        .map(|(rule, records)| (rule.to_string(), steps(&records)))
        .collect();
    let peak = |steps: &[(i64, usize)]| steps.iter().map(|s| s.1).max().unwrap_or(0);
    groups.sort_by(|a, b| peak(&b.1).cmp(&peak(&a.1)).then_with(|| a.0.cmp(&b.0)));
    if groups.len() > LINES {
        let rest: Vec<&str> = groups[LINES..].iter().map(|g| g.0.as_str()).collect();
        let records: Vec<&Record> = audit
            .records
            .iter()
            .filter(|r| rest.contains(&r.rule.as_str()))
            .collect();
        let noun = if rest.len() == 1 { "rule" } else { "rules" };
        let other = (format!("{} other {noun}", rest.len()), steps(&records));
        groups.truncate(LINES);
        groups.push(other);
    }
    let all: Vec<&Record> = audit.records.iter().collect();
    let total_steps = steps(&all);
    let highest = peak(&total_steps).max(1);
    let right = WIDTH - 10.0;
    let bottom = HEIGHT - BOTTOM;
    let x = |time: i64| LEFT + (time - start) as f64 / (end - start) as f64 * (right - LEFT);
    let y = |count: usize| bottom - count as f64 / highest as f64 * (bottom - TOP_MARGIN);
    let line = |name: String, class: String, steps: &[(i64, usize)]| {
        let mut points = vec![format!("{:.1},{:.1}", x(start), y(0))];
        let mut last = 0;
        for (time, count) in steps {
            points.push(format!("{:.1},{:.1}", x(*time), y(last)));
            points.push(format!("{:.1},{:.1}", x(*time), y(*count)));
            last = *count;
        }
        points.push(format!("{:.1},{:.1}", x(end), y(last)));
        Series {
            name,
            class,
            points: points.join(" "),
            peak: peak(steps),
            open_now: last,
        }
    };
    let series = groups
        .iter()
        .enumerate()
        .map(|(index, (name, steps))| line(name.clone(), format!("c{index}"), steps))
        .collect();
    let x_ticks = (0..=5)
        .map(|step| {
            let time = start + (end - start) * step / 5;
            Tick {
                at: x(time),
                label: date(time),
            }
        })
        .collect();
    let mut y_values = vec![0, highest / 2, highest];
    y_values.dedup();
    Some(Chart {
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        bottom_y: bottom,
        right_x: right,
        total: line(
            "all findings".to_string(),
            "total".to_string(),
            &total_steps,
        ),
        series,
        x_ticks,
        y_ticks: y_values
            .into_iter()
            .map(|count| Tick {
                at: y(count),
                label: count.to_string(),
            })
            .collect(),
    })
}

fn commit_counts<'a>(commits: impl Iterator<Item = &'a CommitInfo>) -> Vec<CommitCount> {
    let mut counts: HashMap<&str, (usize, &CommitInfo)> = HashMap::new();
    for commit in commits {
        counts.entry(&commit.commit).or_insert((0, commit)).0 += 1;
    }
    let mut rows: Vec<(usize, &CommitInfo)> = counts.into_values().collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.time.cmp(&a.1.time)));
    rows.into_iter()
        .take(TOP)
        .map(|(count, commit)| CommitCount {
            commit: commit.commit.clone(),
            short: commit.commit[..commit.commit.len().min(10)].to_string(),
            date: date(commit.time),
            author: commit.author.clone(),
            summary: commit.summary.clone(),
            count,
        })
        .collect()
}

fn longest(audit: &Audit) -> Vec<Life> {
    let end = end_time(audit);
    let mut lives: Vec<(i64, &Record)> = audit
        .records
        .iter()
        .map(|r| {
            (
                r.fixed.as_ref().map_or(end, |f| f.time) - r.introduced.time,
                r,
            )
        })
        .collect();
    lives.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.file.cmp(&b.1.file)));
    lives
        .into_iter()
        .take(TOP)
        .map(|(seconds, r)| Life {
            rule: r.rule.clone(),
            file: r.file.clone(),
            line: r.line,
            message: r.message.clone(),
            introduced: label(&r.introduced),
            fixed: r
                .fixed
                .as_ref()
                .map_or_else(|| "open at HEAD".to_string(), label),
            days: seconds.max(0) / 86_400,
            open: r.fixed.is_none(),
        })
        .collect()
}

/// The audit report; `repository` names what was audited.
pub fn render(audit: &Audit, rules: &[Rule], repository: &str) -> String {
    let severity = |id: &str| {
        rules
            .iter()
            .find(|rule| rule.meta.id == id)
            .map_or("info", |rule| rule.meta.severity.as_str())
    };
    let mut rule_ids: BTreeMap<String, usize> = BTreeMap::new();
    for record in &audit.records {
        *rule_ids.entry(record.rule.clone()).or_default() += 1;
    }
    let fired: BTreeSet<&str> = audit.records.iter().map(|r| r.rule.as_str()).collect();
    let open = audit.records.iter().filter(|r| r.fixed.is_none()).count();
    let span = match (&audit.first, &audit.head) {
        (Some(first), Some(head)) => format!("{} to {}", date(first.time), date(head.time)),
        _ => String::new(),
    };
    let page = AuditPage {
        head: assets::Head::new(),
        version: crate::BUILD_VERSION,
        generated: generated_now(),
        repository,
        commits: audit.commits,
        span,
        open,
        fixed: audit.records.len() - open,
        chart: chart(audit),
        longest: longest(audit),
        introducers: commit_counts(audit.records.iter().map(|r| &r.introduced)),
        fixers: commit_counts(audit.records.iter().filter_map(|r| r.fixed.as_ref())),
        records: audit
            .records
            .iter()
            .map(|r| RecordView {
                rule: r.rule.clone(),
                severity: severity(&r.rule),
                file: r.file.clone(),
                line: r.line,
                message: r.message.clone(),
                introduced: label(&r.introduced),
                fixed: r.fixed.as_ref().map_or_else(String::new, label),
                state: if r.fixed.is_some() { "fixed" } else { "open" },
            })
            .collect(),
        rule_ids: rule_ids.into_iter().collect(),
        rules: rule_reference(rules, &fired),
        notes: &audit.notes,
        errors: &audit.errors,
    };
    page.render().unwrap_or_else(|error| {
        format!("<!doctype html><p>report could not be rendered: {error}</p>")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(id: &str, time: i64) -> CommitInfo {
        CommitInfo {
            commit: id.repeat(40),
            author: "a".to_string(),
            time,
            summary: "s".to_string(),
        }
    }

    fn record(rule: &str, introduced: i64, fixed: Option<i64>) -> Record {
        Record {
            rule: rule.to_string(),
            file: "vm.conf".to_string(),
            line: 1,
            column: 1,
            message: "m".to_string(),
            fingerprint: String::new(),
            introduced: commit("a", introduced),
            fixed: fixed.map(|time| commit("b", time)),
            present_at_head: fixed.is_none(),
        }
    }

    #[test]
    fn open_findings_step_up_when_introduced_and_down_when_fixed() {
        let records = [record("VML101", 10, Some(30)), record("VML101", 20, None)];
        let refs: Vec<&Record> = records.iter().collect();
        assert_eq!(steps(&refs), [(10, 1), (20, 2), (30, 1)]);
    }

    #[test]
    fn the_chart_draws_each_rule_and_the_total_to_the_history_end() {
        let audit = Audit {
            records: vec![
                record("VML101", 0, Some(86_400 * 2)),
                record("VML303", 86_400, None),
            ],
            first: Some(commit("a", 0)),
            head: Some(commit("c", 86_400 * 4)),
            ..Audit::default()
        };
        let chart = chart(&audit).unwrap();
        assert_eq!(chart.series.len(), 2);
        assert_eq!(chart.total.peak, 2);
        assert_eq!(chart.total.open_now, 1);
        // The total ends at the right edge, at one open finding (half the height).
        let last = chart.total.points.split(' ').next_back().unwrap();
        assert_eq!(
            last,
            format!(
                "{:.1},{:.1}",
                WIDTH - 10.0,
                (HEIGHT - BOTTOM + TOP_MARGIN) / 2.0
            )
        );
        let lives = longest(&audit);
        assert_eq!(
            (lives[0].rule.as_str(), lives[0].days, lives[0].open),
            ("VML303", 3, true)
        );
    }
}
