//! The HTML report in a real browser: Debian's headless Chromium opens the page vmlint wrote
//! (`tests/common/chromium.rs` drives it over the DevTools protocol) and the tests assert on
//! the DOM after the page's own script ran — the findings shown, a filter applied by clicking,
//! the heat map's cells for known schedules, host load, hostile names shown as text and never
//! run, no request and no Content-Security-Policy violation. Each test keeps a screenshot under
//! `target/browser/`.
//!
//! `.ci/run` installs Debian's `chromium` and sets `VMLINT_BROWSER_REQUIRED`, so CI fails
//! rather than skips when it is missing; elsewhere the tests say they skipped.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::chromium::{self, Browser};
use common::{repo, vmlint, write};

fn browser() -> Option<Browser> {
    let Some(binary) = chromium::find() else {
        assert!(
            std::env::var_os("VMLINT_BROWSER_REQUIRED").is_none(),
            "chromium is required here (VMLINT_BROWSER_REQUIRED) but not found"
        );
        eprintln!("skipped: chromium not found");
        return None;
    };
    Some(Browser::launch(&binary, 1366, 900).expect("chromium starts"))
}

/// Where a test keeps its screenshot.
fn screenshot_path(name: &str) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    target.join("browser").join(format!("{name}.png"))
}

fn assert_png(path: &Path) {
    let bytes = std::fs::read(path).expect("the screenshot was written");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        path.display()
    );
    assert!(
        bytes.len() > 5_000,
        "{} is nearly empty ({} bytes)",
        path.display(),
        bytes.len()
    );
}

fn count(browser: &mut Browser, selector: &str) -> u64 {
    browser
        .eval(&format!(
            "document.querySelectorAll({}).length",
            Value::from(selector)
        ))
        .unwrap()
        .as_u64()
        .unwrap()
}

fn text(browser: &mut Browser, selector: &str) -> String {
    browser
        .eval(&format!(
            "document.querySelector({}).textContent",
            Value::from(selector)
        ))
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// The page made no request, ran into no CSP violation and threw nothing.
fn assert_quiet(browser: &mut Browser) {
    assert_eq!(
        browser
            .eval("performance.getEntriesByType('resource').length")
            .unwrap(),
        0,
        "the report requested something"
    );
    assert!(
        browser.console.is_empty(),
        "console or log output: {:#?}",
        browser.console
    );
}

const SHOWN: &str = "#finding-list li.finding:not([hidden])";

#[test]
fn the_examples_report_shows_every_finding_and_filters_them_by_clicking() {
    let Some(mut browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let json = dir.path().join("report.json");
    let output = vmlint(
        &[
            "check",
            "examples",
            "--no-cache",
            "--format",
            "json",
            "--output",
            json.to_str().unwrap(),
            "--format",
            "html",
            "--output",
            html.to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let total = diagnostics.len() as u64;
    assert!(total > 10);
    browser.open_file(&html, "").unwrap();
    assert_quiet(&mut browser);
    assert_eq!(count(&mut browser, SHOWN), total);
    assert_eq!(
        text(&mut browser, "#shown"),
        format!("{total} of {total} findings shown")
    );
    assert_eq!(text(&mut browser, "#count-findings"), total.to_string());

    // The rule with the most findings, chosen by clicking its name in the summary.
    let mut per_rule: std::collections::BTreeMap<&str, u64> = Default::default();
    for diagnostic in diagnostics {
        *per_rule
            .entry(diagnostic["rule"].as_str().unwrap())
            .or_default() += 1;
    }
    let (rule, expected) = per_rule.iter().max_by_key(|(_, n)| **n).unwrap();
    browser
        .eval(&format!(
            "document.querySelector('#by-rule button[data-rule=\"{rule}\"]').click()"
        ))
        .unwrap();
    assert_eq!(count(&mut browser, SHOWN), *expected);
    assert_eq!(
        browser.eval("location.hash").unwrap(),
        format!("#rule={rule}")
    );
    // Then warnings and infos unticked: the rule's errors remain.
    browser
        .eval("document.querySelector('input[value=warning]').click(); document.querySelector('input[value=info]').click()")
        .unwrap();
    let errors = diagnostics
        .iter()
        .filter(|d| d["rule"] == *rule && d["severity"] == "error")
        .count() as u64;
    assert_eq!(count(&mut browser, SHOWN), errors);

    // A path typed into the path filter, on a fresh page opened at a filtered address.
    browser.open_file(&html, "#path=proxmox").unwrap();
    let in_proxmox = diagnostics
        .iter()
        .filter(|d| d["file"].as_str().unwrap().contains("proxmox"))
        .count() as u64;
    assert!(in_proxmox > 0 && in_proxmox < total);
    assert_eq!(count(&mut browser, SHOWN), in_proxmox);
    browser
        .eval("const p = document.querySelector('input[name=path]'); p.value = 'terraform/'; p.dispatchEvent(new Event('input', {bubbles: true}))")
        .unwrap();
    let in_terraform = diagnostics
        .iter()
        .filter(|d| d["file"].as_str().unwrap().contains("terraform/"))
        .count() as u64;
    assert_eq!(count(&mut browser, SHOWN), in_terraform);

    // Each finding's snippet marks its blamed line.
    browser.open_file(&html, "").unwrap();
    let first = &diagnostics[0];
    let marked = text(&mut browser, "#finding-0 .snippet pre.ln b");
    assert_eq!(marked, first["line"].to_string());
    browser
        .screenshot(None, 1400, &screenshot_path("check-examples"))
        .unwrap();
    assert_png(&screenshot_path("check-examples"));
    assert_quiet(&mut browser);
}

/// An estate with a backup storm, an overcommitted host and hostile names.
fn hostile_estate(root: &Path) {
    let mut jobs = String::new();
    for (name, time) in [
        ("a", "01:00"),
        ("b", "01:00"),
        ("c", "01:00"),
        ("d", "01:05"),
        ("e", "01:10"),
        ("f", "01:10"),
    ] {
        jobs.push_str(&format!(
            "vzdump: nightly-{name}\n\tschedule {time}\n\tstorage nfs-backup\n\tvmid 10{name}\n\n"
        ));
    }
    jobs.push_str("vzdump: weekly\n\tschedule sat 03:30\n\tstorage pbs-02\n\tvmid 106\n");
    write(root, "jobs.cfg", &jobs);
    write(
        root,
        ".vmlint.toml",
        "[hosts.pve-01]\ncpus = 8\nmemory = \"32GiB\"\n",
    );
    let vm = |name: &str, cores: u32, memory: u32| {
        format!("resource \"proxmox_virtual_environment_vm\" \"{name}\" {{\n  name      = \"{name}-01\"\n  node_name = \"pve-01\"\n  cpu {{\n    cores = {cores}\n  }}\n  memory {{\n    dedicated = {memory}\n  }}\n}}\n")
    };
    write(
        root,
        "main.tf",
        &format!("{}{}", vm("build", 20, 16384), vm("ci", 16, 8192)),
    );
    write(
        root,
        HOSTILE_FILE,
        "resource \"proxmox_virtual_environment_vm\" \"dongle\" {\n  name      = \"<script>window.__pwned=2</script>\"\n  node_name = \"pve-02\"\n  usb {\n    host = \"0529:0001\" # <script>window.__pwned=3</script>\n  }\n}\n",
    );
}

const HOSTILE_FILE: &str = "<img src=x onerror=\"window.__pwned=1\">.tf";

fn render(root: &Path) -> PathBuf {
    let html = root.join("report.html");
    let output = vmlint(
        &["check", ".", "--format", "html", "--output", "report.html"],
        root,
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    html
}

#[test]
fn hostile_names_and_messages_are_text_and_never_run() {
    let Some(mut browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    hostile_estate(dir.path());
    let html = render(dir.path());
    browser.open_file(&html, "").unwrap();
    assert_eq!(browser.eval("window.__pwned === undefined").unwrap(), true);
    assert_eq!(
        count(&mut browser, "main img, main script, main [onerror]"),
        0
    );
    let usb = "#finding-list li[data-rule=VML101]";
    assert_eq!(count(&mut browser, usb), 1);
    assert!(text(&mut browser, usb).contains(&format!("{HOSTILE_FILE}:4:3")));
    assert!(text(&mut browser, &format!("{usb} .message"))
        .contains("`<script>window.__pwned=2</script>`"));
    assert!(text(&mut browser, &format!("{usb} .snippet"))
        .contains("host = \"0529:0001\" # <script>window.__pwned=3</script>"));
    assert_eq!(
        text(&mut browser, &format!("{usb} code.path")),
        HOSTILE_FILE
    );
    // The path filter matches the hostile name as text.
    browser
        .eval("const p = document.querySelector('input[name=path]'); p.value = '<img'; p.dispatchEvent(new Event('input', {bubbles: true}))")
        .unwrap();
    assert_eq!(count(&mut browser, SHOWN), 1);
    assert_quiet(&mut browser);
    browser
        .screenshot(Some("#findings"), 2000, &screenshot_path("check-hostile"))
        .unwrap();
    assert_png(&screenshot_path("check-hostile"));
}

#[test]
fn the_backup_week_draws_known_schedules_and_outlines_the_storm() {
    let Some(mut browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    hostile_estate(dir.path());
    let html = render(dir.path());
    browser.open_file(&html, "").unwrap();
    let row = "#week-hours tr[data-storage=nfs-backup]";
    assert_eq!(count(&mut browser, &format!("{row} td")), 7 * 24);
    // Six jobs start every day between 01:00 and 01:10: the 01:00 cell of each day.
    for day in 0..7 {
        let cell = format!("{row} td[data-day=\"{day}\"][data-hour=\"1\"]");
        assert_eq!(
            browser
                .eval(&format!(
                    "document.querySelector('{cell}').getAttribute('data-count')"
                ))
                .unwrap(),
            "6"
        );
        assert_eq!(
            browser
                .eval(&format!(
                    "document.querySelector('{cell}').classList.contains('windowed')"
                ))
                .unwrap(),
            true,
            "day {day}"
        );
    }
    let title = browser
        .eval(&format!(
            "document.querySelector('{row} td[data-day=\"2\"][data-hour=\"1\"]').title"
        ))
        .unwrap();
    let title = title.as_str().unwrap();
    assert!(
        title.starts_with("Wed 01:00–02:00 UTC: 6 jobs start"),
        "{title}"
    );
    assert!(
        title.contains("vzdump job `nightly-d` (01:05) jobs.cfg:"),
        "{title}"
    );
    // Only the storm's hours are outlined, and only those with starts are counted.
    assert_eq!(count(&mut browser, &format!("{row} td.windowed")), 7);
    assert_eq!(count(&mut browser, &format!("{row} td[data-count]")), 7);
    // The weekly job on its own storage: Saturday 03:00, no storm.
    let weekly = "#week-hours tr[data-storage=pbs-02]";
    assert_eq!(count(&mut browser, &format!("{weekly} td[data-count]")), 1);
    assert_eq!(
        count(
            &mut browser,
            &format!("{weekly} td[data-day=\"5\"][data-hour=\"3\"][data-count=\"1\"]")
        ),
        1
    );
    assert_eq!(count(&mut browser, &format!("{weekly} td.windowed")), 0);
    // At 15-minute resolution: 01:00–01:15 holds all six, in the storm window.
    let quarters = "table.quarters[data-storage=nfs-backup]";
    assert_eq!(count(&mut browser, &format!("{quarters} td")), 7 * 96);
    assert_eq!(
        count(
            &mut browser,
            &format!("{quarters} td[data-quarter=\"4\"][data-count=\"6\"].windowed")
        ),
        7
    );
    let storms = text(&mut browser, "ul.windows[data-storage=nfs-backup]");
    assert!(storms.contains("Mon 01:00–01:15 UTC: 6 jobs"), "{storms}");

    // Host load: 36 vCPUs on 8 CPUs × 4:1 = 32 allowed; 24 GiB of 32 GiB.
    let cpu = "#hosts tr[data-host=pve-01] td.cpu span[data-used]";
    assert_eq!(text(&mut browser, cpu), "36 vCPUs of 32 allowed");
    assert_eq!(
        browser
            .eval(&format!(
                "document.querySelector('{cpu}').classList.contains('over')"
            ))
            .unwrap(),
        true
    );
    assert_eq!(
        text(
            &mut browser,
            "#hosts tr[data-host=pve-01] td.memory span[data-used]"
        ),
        "24576 MiB of 32768 allowed"
    );
    assert!(
        text(&mut browser, "#host-load").contains("pve-02"),
        "unknown capacity is named"
    );
    assert_quiet(&mut browser);
    browser
        .screenshot(
            Some("#backup-week"),
            2000,
            &screenshot_path("check-backup-week"),
        )
        .unwrap();
    assert_png(&screenshot_path("check-backup-week"));
    browser
        .screenshot(
            Some("#host-load"),
            2000,
            &screenshot_path("check-host-load"),
        )
        .unwrap();
    assert_png(&screenshot_path("check-host-load"));
}

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

#[test]
fn the_failover_view_weighs_the_ha_workloads_against_the_cluster_without_its_largest_host() {
    let Some(mut browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let fixture = repo().join("fixtures/failover-capacity/terraform");
    for name in [".vmlint.toml", "fires.tf"] {
        std::fs::copy(fixture.join(name), dir.path().join(name)).unwrap();
    }
    let html = render(dir.path());
    browser.open_file(&html, "").unwrap();
    let prod = "#failover tr[data-cluster=prod]";
    assert_eq!(count(&mut browser, prod), 1);
    assert_eq!(
        text(&mut browser, &format!("{prod} td:nth-child(2)")),
        "pve-01, pve-02"
    );
    assert_eq!(
        text(&mut browser, &format!("{prod} td:nth-child(3)")),
        "pve-02"
    );
    // Two HA VMs of 24 GiB against the 32 GiB left when a host fails.
    let memory = format!("{prod} td.memory span[data-used]");
    assert_eq!(text(&mut browser, &memory), "49152 MiB of 32768 allowed");
    assert_eq!(
        browser
            .eval(&format!(
                "document.querySelector('{memory}').classList.contains('over')"
            ))
            .unwrap(),
        true
    );
    assert_eq!(
        text(&mut browser, &format!("{prod} td.cpu span[data-used]")),
        "8 vCPUs of 32 allowed"
    );
    assert_quiet(&mut browser);
}
