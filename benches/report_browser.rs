//! The HTML report in headless Chromium, outside the tests: how long a report takes to load
//! and paint (for `benches/html-report.sh`), and screenshots (for `docs/screenshots.sh`).
//! Drives the browser with the tests' own DevTools client (`tests/common/chromium.rs`).
//!
//!   report_browser time REPORT.html [RUNS]
//!   report_browser screenshot REPORT.html OUT.png [SELECTOR|-] [MAX_HEIGHT] [FRAGMENT]

#[path = "../tests/common/chromium.rs"]
mod chromium;

use std::path::Path;
use std::time::Instant;

fn browser() -> chromium::Browser {
    let binary = chromium::find().expect("chromium not found: install Debian's `chromium`");
    chromium::Browser::launch(&binary, 1366, 900).expect("chromium starts")
}

/// Load the report `runs` times; print each run's wall time (navigation to the first paint
/// after the load event, as the page's own clock measures it) and the DOM it built.
fn time(report: &Path, runs: usize) {
    let mut browser = browser();
    browser
        .call("Performance.enable", serde_json::json!({}))
        .expect("performance metrics");
    let mut painted = Vec::new();
    for run in 1..=runs {
        let started = Instant::now();
        browser.open_file(report, "").expect("the report opens");
        let facts = browser
            .eval(
                "(async () => { await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); \
                 const n = performance.getEntriesByType('navigation')[0]; \
                 return {load: n.loadEventEnd, painted: performance.now(), \
                 nodes: document.getElementsByTagName('*').length, \
                 findings: document.querySelectorAll('#finding-list li.finding').length}; })()",
            )
            .expect("the page answers");
        let wall = started.elapsed().as_secs_f64() * 1000.0;
        let metrics = browser
            .call("Performance.getMetrics", serde_json::json!({}))
            .expect("performance metrics");
        let metric = |name: &str| {
            metrics["metrics"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|m| m["name"] == name)
                .and_then(|m| m["value"].as_f64())
                .unwrap_or_default()
                * 1000.0
        };
        let paint = facts["painted"].as_f64().unwrap_or_default();
        painted.push(paint);
        println!(
            "run {run}: load event {:.0} ms, painted {:.0} ms (wall {:.0} ms incl. a blank page first); {} elements, {} findings; \
             since the browser started: script {:.0} ms, style {:.0} ms, layout {:.0} ms, tasks {:.0} ms",
            facts["load"].as_f64().unwrap_or_default(),
            paint,
            wall,
            facts["nodes"],
            facts["findings"],
            metric("ScriptDuration"),
            metric("RecalcStyleDuration"),
            metric("LayoutDuration"),
            metric("TaskDuration"),
        );
    }
    // Filtering by a rule: how long the page's script takes to re-filter every finding.
    let filter = browser
        .eval(
            "(() => { const s = document.querySelector('select[name=rule]'); if (!s || s.options.length < 2) return 0; \
             const t = performance.now(); s.value = s.options[1].value; s.dispatchEvent(new Event('change', {bubbles: true})); \
             return performance.now() - t; })()",
        )
        .expect("the filter runs");
    painted.sort_by(f64::total_cmp);
    println!(
        "median painted {:.0} ms over {runs} runs; one rule filter {:.0} ms; console: {:?}",
        painted[painted.len() / 2],
        filter.as_f64().unwrap_or_default(),
        browser.console
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("time") if args.len() >= 2 => {
            let runs = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(3);
            time(Path::new(&args[1]), runs);
        }
        Some("screenshot") if args.len() >= 3 => {
            let selector = args.get(3).map(String::as_str).filter(|s| *s != "-");
            let max_height = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(1400);
            let fragment = args.get(5).map_or("", String::as_str);
            let mut browser = browser();
            browser
                .open_file(Path::new(&args[1]), fragment)
                .expect("the report opens");
            browser
                .screenshot(selector, max_height, Path::new(&args[2]))
                .expect("the screenshot is written");
            assert!(browser.console.is_empty(), "{:?}", browser.console);
        }
        _ => {
            eprintln!("usage: report_browser time REPORT.html [RUNS]\n       report_browser screenshot REPORT.html OUT.png [SELECTOR|-] [MAX_HEIGHT] [FRAGMENT]");
            std::process::exit(2);
        }
    }
}
