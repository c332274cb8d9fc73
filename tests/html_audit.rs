//! The audit's HTML report in a real browser: a git repository with a known history (a dongle
//! added and removed, a backup storm introduced and staggered away, a GPU guest left open) is
//! audited with `--format html`, and headless Chromium checks the chart's lines, the
//! longest-lived findings, the commits and the filters (see `tests/html_report.rs`).

use std::path::Path;

mod common;
use common::chromium::Browser;
use common::page::{assert_png, assert_quiet, browser, count, screenshot_path, text};
use common::{vmlint, write};

/// Commit everything in `dir` at `date`, as `author`.
fn commit_at(dir: &Path, date: &str, author: &str, message: &str) {
    for args in [vec!["add", "-A"], vec!["commit", "-q", "-m", message]] {
        let output = common::with_git_identity(&mut std::process::Command::new("git"))
            .args(&args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .expect("git runs");
        assert!(output.status.success(), "git {args:?}: {output:?}");
    }
}

fn storm(times: [&str; 6]) -> String {
    times
        .iter()
        .enumerate()
        .map(|(n, time)| {
            format!("vzdump: job-{n}\n\tschedule {time}\n\tstorage nfs\n\tvmid 10{n}\n\n")
        })
        .collect()
}

#[test]
fn the_audit_report_draws_the_history_of_a_real_repository() {
    let Some(mut browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    write(
        root,
        "qemu-server/100.conf",
        "name: cad-01\nusb0: host=0529:0001\n",
    );
    commit_at(
        root,
        "2025-01-01T09:00:00Z",
        "Ann",
        "cad workstation with its dongle",
    );
    write(root, "jobs.cfg", &storm(["01:00"; 6]));
    commit_at(
        root,
        "2025-02-01T09:00:00Z",
        "Bob",
        "nightly backups <b>all at one</b>",
    );
    write(root, "qemu-server/100.conf", "name: cad-01\n");
    write(
        root,
        "qemu-server/101.conf",
        "name: gpu-01\nhostpci0: 0000:01:00.0\n",
    );
    commit_at(
        root,
        "2025-03-01T09:00:00Z",
        "Ann",
        "dongle to a network licence server; gpu guest",
    );
    write(
        root,
        "jobs.cfg",
        &storm(["01:00", "02:00", "03:00", "04:00", "05:00", "06:00"]),
    );
    commit_at(root, "2025-04-15T09:00:00Z", "Cy", "stagger the backups");
    let html = root.join("audit.html");
    let output = vmlint(
        &[
            "audit",
            "--no-cache",
            "--format",
            "html",
            "--output",
            html.to_str().unwrap(),
        ],
        root,
    );
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    browser.open_file(&html, "").unwrap();
    assert_quiet(&mut browser);
    assert_eq!(text(&mut browser, "#count-records"), "8");
    assert_eq!(text(&mut browser, "#count-open"), "1");
    let series = |browser: &mut Browser, name: &str, attribute: &str| {
        browser
            .eval(&format!(
                "document.querySelector('#chart polyline[data-series=\"{name}\"]').getAttribute('{attribute}')"
            ))
            .unwrap()
    };
    assert_eq!(series(&mut browser, "VML303", "data-peak"), "6");
    assert_eq!(series(&mut browser, "VML303", "data-open"), "0");
    assert_eq!(series(&mut browser, "VML104", "data-open"), "1");
    assert_eq!(series(&mut browser, "all", "data-peak"), "7");
    assert_eq!(series(&mut browser, "all", "data-open"), "1");
    // One line per rule and the total.
    assert_eq!(count(&mut browser, "#chart polyline"), 4);
    // The storm lived from February 1 to April 15: the longest.
    assert_eq!(
        text(&mut browser, "#longest-list tr:nth-child(2) td:first-child"),
        "73"
    );
    assert!(text(&mut browser, "#longest-list tr:nth-child(2)").contains("VML303"));
    let introducer = text(&mut browser, "#introducers tr:first-child");
    assert!(
        introducer.starts_with('6') && introducer.contains("Bob"),
        "{introducer}"
    );
    // A commit message is text, not markup.
    assert!(
        introducer.contains("nightly backups <b>all at one</b>"),
        "{introducer}"
    );
    assert!(text(&mut browser, "#fixers tr:first-child").contains("stagger the backups"));
    // Filters: open findings only, then one rule.
    browser
        .eval("const s = document.querySelector('select[name=state]'); s.value = 'open'; s.dispatchEvent(new Event('change', {bubbles: true}))")
        .unwrap();
    assert_eq!(count(&mut browser, "#record-list > tr:not([hidden])"), 1);
    browser.open_file(&html, "#rule=VML303").unwrap();
    assert_eq!(count(&mut browser, "#record-list > tr:not([hidden])"), 6);
    assert_quiet(&mut browser);
    browser
        .screenshot(None, 1400, &screenshot_path("audit"))
        .unwrap();
    assert_png(&screenshot_path("audit"));
}
