//! What the HTML report tests share: a browser (or a skip where Chromium is missing and not
//! required), DOM queries, the page's silence (no request, no console output, no policy
//! violation) and the screenshots kept under `target/browser/`.
#![allow(dead_code)] // each test crate uses a part of them

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::chromium::{self, Browser};
use super::repo;

pub fn browser() -> Option<Browser> {
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
pub fn screenshot_path(name: &str) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo().join("target"), PathBuf::from);
    target.join("browser").join(format!("{name}.png"))
}

pub fn assert_png(path: &Path) {
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

pub fn count(browser: &mut Browser, selector: &str) -> u64 {
    browser
        .eval(&format!(
            "document.querySelectorAll({}).length",
            Value::from(selector)
        ))
        .unwrap()
        .as_u64()
        .unwrap()
}

pub fn text(browser: &mut Browser, selector: &str) -> String {
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
pub fn assert_quiet(browser: &mut Browser) {
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
