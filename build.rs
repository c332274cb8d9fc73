//! Embeds the built-in policy pack (`policies/**/*.rego`, `data.json` documents and the rule
//! READMEs) in the binary, and the commit it is built from (`VMLINT_COMMIT`, for `--version`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "rego" || extension == "md")
            || path.file_name().is_some_and(|name| name == "data.json")
        {
            out.push(path);
        }
    }
}

/// The commit being built: `$VMLINT_BUILD_COMMIT` when set (a build from a source archive or a
/// wheel, where there is no `.git`), else `git rev-parse --short=10 HEAD`, else `unknown`.
/// Rebuilt when HEAD moves.
fn commit(root: &Path) -> String {
    println!("cargo:rerun-if-env-changed=VMLINT_BUILD_COMMIT");
    if let Ok(commit) = env::var("VMLINT_BUILD_COMMIT") {
        return commit;
    }
    let git = root.join(".git");
    if git.is_dir() {
        println!("cargo:rerun-if-changed={}", git.join("HEAD").display());
        println!(
            "cargo:rerun-if-changed={}",
            git.join("packed-refs").display()
        );
        if let Some(reference) = fs::read_to_string(git.join("HEAD"))
            .ok()
            .and_then(|head| head.strip_prefix("ref: ").map(|r| r.trim().to_string()))
        {
            println!("cargo:rerun-if-changed={}", git.join(reference).display());
        }
    }
    std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|commit| commit.trim().to_string())
        .filter(|commit| !commit.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo:rustc-env=VMLINT_COMMIT={}", commit(&root));
    let policies = root.join("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    collect(&policies, &mut files);
    files.sort();
    let mut code = String::from("/// (path relative to the repository, contents)\npub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        // Directories are tracked for added files; each file for edits.
        println!("cargo:rerun-if-changed={}", file.display());
        if let Some(parent) = file.parent() {
            println!("cargo:rerun-if-changed={}", parent.display());
        }
        let relative = file
            .strip_prefix(&root)
            .expect("under the manifest dir")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to a String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("builtin_policies.rs");
    fs::write(out, code).expect("write generated file");
}
