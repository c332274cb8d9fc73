//! `--format html`: a report people would rather look at — one self-contained page (inline
//! style sheet and script admitted by hash in its Content-Security-Policy, SVG drawn inline,
//! nothing from the network) with the summary, every finding with its snippet and filters that
//! work without a server, the backup week, host load, and the reference of the rules that
//! fired; `vmlint audit --format html` draws the history the same way (`audit/html.rs`).
//!
//! Pages are askama templates (`templates/*.html`), compiled into the binary and checked at
//! build time, escaping every value by default: file names, messages and source lines are
//! text, never markup. The page models are built here; the templates only lay them out.

pub mod assets;
mod backup_week;
mod findings;
mod host_load;
mod summary;

use askama::Template;

use crate::pipeline::LintRun;
use crate::policy::{PolicySet, Rule};

/// What the check page needs besides the run.
pub struct CheckContext<'a> {
    pub policies: &'a PolicySet,
    /// `input.hosts`: host capacities and clusters from `[hosts]` and `[clusters]`.
    pub hosts: &'a serde_json::Value,
    /// What was checked, as the command line named it.
    pub scope: String,
}

/// A rule of the reference section.
pub struct RuleReference {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub severity: &'static str,
    pub category: String,
    pub scope: &'static str,
    pub rationale: String,
    pub remediation: String,
    pub related: String,
}

pub struct ErrorView {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage<'a> {
    head: assets::Head,
    scope: &'a str,
    generated: String,
    version: &'static str,
    summary: summary::Summary,
    findings: Vec<findings::FindingView>,
    errors: Vec<ErrorView>,
    week: Option<backup_week::BackupWeek>,
    load: host_load::HostLoad,
    rules: Vec<RuleReference>,
    days: [&'static str; 7],
}

/// The reference of the rules that `ids` names, in ID order.
pub fn rule_reference(
    rules: &[Rule],
    ids: &std::collections::BTreeSet<&str>,
) -> Vec<RuleReference> {
    rules
        .iter()
        .filter(|rule| ids.contains(rule.meta.id.as_str()))
        .map(|rule| RuleReference {
            id: rule.meta.id.clone(),
            slug: rule.meta.slug.clone(),
            title: rule.meta.title.clone(),
            severity: rule.meta.severity.as_str(),
            category: rule.meta.category.clone(),
            scope: if rule.meta.scope.is_document() {
                "one file at a time"
            } else {
                "the whole repository"
            },
            rationale: rule.meta.rationale.clone(),
            remediation: rule.meta.remediation.clone(),
            related: rule.meta.related.join(", "),
        })
        .collect()
}

/// When the report was made, in UTC.
pub fn generated_now() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64);
    let (hour, minute) = ((now % 86_400) / 3600, (now % 3600) / 60);
    format!(
        "{} {hour:02}:{minute:02} UTC",
        crate::dates::format_unix(now)
    )
}

/// The check report. The run must keep its file summaries (`LintOptions::keep_summaries`)
/// for the backup week and host load; without them those sections say there is nothing.
pub fn render_check(run: &LintRun, context: &CheckContext) -> String {
    let rules = context.policies.rules();
    let fired: std::collections::BTreeSet<&str> =
        run.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    let page = CheckPage {
        head: assets::Head::new(),
        scope: &context.scope,
        generated: generated_now(),
        version: crate::BUILD_VERSION,
        summary: summary::summarize(run, rules),
        findings: findings::views(run),
        errors: run
            .errors
            .iter()
            .map(|error| ErrorView {
                file: error
                    .file
                    .as_deref()
                    .map(crate::report::slash_path)
                    .unwrap_or_default(),
                line: error.start.map_or(0, |start| start.line),
                column: error.start.map_or(0, |start| start.column),
                message: error.message.clone(),
            })
            .collect(),
        week: backup_week::backup_week(&run.summaries, context.policies),
        load: host_load::host_load(&run.summaries, context.hosts, context.policies),
        rules: rule_reference(rules, &fired),
        days: backup_week::DAYS,
    };
    page.render().unwrap_or_else(|error| {
        format!("<!doctype html><p>report could not be rendered: {error}</p>")
    })
}
