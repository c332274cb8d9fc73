//! Documentation that cannot drift: the `vmlint inspect` examples of `docs/model.md` must be
//! what vmlint prints today. `UPDATE_DOCS=1 cargo test --test docs` rewrites them.

use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn inspect(path: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(["inspect", path])
        .current_dir(repo())
        .output()
        .expect("vmlint runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `docs/model.md` with every block after `<!-- inspect: PATH -->` replaced by the output.
fn regenerate(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        let Some(path) = line
            .trim()
            .strip_prefix("<!-- inspect: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        let fence = lines.next().expect("a ```json block follows the marker");
        assert_eq!(fence.trim(), "```json", "after {path}");
        out.push_str(fence);
        for skipped in lines.by_ref() {
            if skipped.trim() == "```" {
                break;
            }
        }
        out.push_str(&inspect(path));
        out.push_str("```\n");
    }
    out
}

#[test]
fn model_examples_are_current() {
    let path = repo().join("docs/model.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let expected = regenerate(&text);
    assert!(
        text.matches("<!-- inspect: ").count() >= 7,
        "one example per format"
    );
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    assert!(
        text == expected,
        "docs/model.md is stale: run `UPDATE_DOCS=1 cargo test --test docs` and commit it"
    );
}
