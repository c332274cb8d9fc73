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
use common::page::{assert_png, assert_quiet, browser, count, screenshot_path, text};
use common::{repo, vmlint, write};

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

    // The examples' nightly backups crowd pbs-01 at 01:00 every day: seven outlined hours.
    assert_eq!(
        count(
            &mut browser,
            "#week-hours tr[data-storage=pbs-01] td.windowed"
        ),
        7
    );
    assert_eq!(
        count(
            &mut browser,
            "#week-hours tr[data-storage=pbs-02] td.windowed"
        ),
        0
    );
    // The reference of every rule that fired, from its metadata.
    assert_eq!(count(&mut browser, "article.rule"), per_rule.len() as u64);
    for id in per_rule.keys() {
        let article = text(&mut browser, &format!("#rule-{id}"));
        assert!(
            article.contains("Why") && article.contains("Fix"),
            "{id}: {article}"
        );
    }
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

/// `vmlint check .` in `root` as `report.html`, exiting with `code`.
fn render(root: &Path, code: i32) -> PathBuf {
    let output = vmlint(
        &["check", ".", "--format", "html", "--output", "report.html"],
        root,
    );
    assert_eq!(output.status.code(), Some(code), "{output:?}");
    root.join("report.html")
}

#[test]
fn hostile_names_and_messages_are_text_and_never_run() {
    let Some(mut browser) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    hostile_estate(dir.path());
    // A file that does not parse, with a hostile line: an error with its place, as text.
    write(
        dir.path(),
        "broken.tf",
        "resource \"proxmox_virtual_environment_vm\" \"x\" {\n  name = \"<b>bold</b>\"\n",
    );
    let html = render(dir.path(), 2);
    browser.open_file(&html, "").unwrap();
    assert_eq!(browser.eval("window.__pwned === undefined").unwrap(), true);
    assert_eq!(text(&mut browser, "#count-errors"), "1");
    let error = text(&mut browser, "#error-list tr:nth-child(2)");
    assert!(error.starts_with("broken.tf:"), "{error}");
    assert_eq!(count(&mut browser, "#error-list b"), 0);
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
    let html = render(dir.path(), 1);
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
    let html = render(dir.path(), 1);
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
