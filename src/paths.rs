//! Paths as vmlint shows and compares them: absolute and normalised for comparison, relative to
//! the working directory for display, with forward slashes in every report, percent-encoded
//! for SARIF's URIs. Every module that prints or compares a path uses these.

use std::path::{Path, PathBuf};

/// `path` with forward slashes, as every report prints it. A name that is not UTF-8 is shown
/// losslessly: each byte that is not part of valid UTF-8 becomes `\xNN` (and a backslash
/// becomes `\\`, so the display can be read back), where a lossy display would print U+FFFD
/// and make two different files look the same.
pub fn slash_path(path: &Path) -> String {
    match path.to_str() {
        Some(text) => text.replace('\\', "/"),
        None => escaped_bytes(&path_bytes(path)),
    }
}

/// `path` as the relative URI SARIF's `artifactLocation.uri` wants: `/` separators, and every
/// byte outside RFC 3986's unreserved characters percent-encoded (spaces, `#`, `%`, bytes
/// that are not UTF-8).
pub fn uri_path(path: &Path) -> String {
    let mut uri = String::new();
    for byte in path_bytes(path) {
        match byte {
            b'\\' | b'/' => uri.push('/'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                uri.push(char::from(byte))
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

fn escaped_bytes(bytes: &[u8]) -> String {
    let mut text = String::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(&chunk.valid().replace('\\', "\\\\"));
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
        }
    }
    text
}

/// `path` made absolute against the working directory and normalized lexically (`.` and
/// `..` resolved without touching the file system), so that paths given from different
/// directories compare equal.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut normalized = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normalized.pop();
            }
            other => normalized.push(other),
        }
    }
    normalized
}

/// The path as reports show it: relative to the working directory when under it, without a
/// leading `./`.
pub fn display_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let shown = relative
        .strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or(relative);
    if shown.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        shown
    }
}

/// The directory a file is in (`.` for a bare name).
pub fn directory_of(path: &std::path::Path) -> std::path::PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// `path` with `.` components dropped and `dir/..` pairs folded, without touching the disk
/// (a module source `./modules/../vm` names the same directory as `vm`).
pub fn normalize(path: &std::path::Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(component),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return std::path::PathBuf::from(".");
    }
    out.iter().collect()
}

/// The directory a local module source (`./…` or `../…`) names, seen from `caller_dir`.
pub fn local_module_dir(caller_dir: &std::path::Path, source: &str) -> Option<std::path::PathBuf> {
    (source.starts_with("./") || source.starts_with("../"))
        .then(|| normalize(&caller_dir.join(source)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_shown_losslessly() {
        use std::os::unix::ffi::OsStrExt;
        let path = std::path::Path::new(std::ffi::OsStr::from_bytes(b"vms/caf\xe9 b\\x.tf"));
        assert_eq!(slash_path(path), "vms/caf\\xE9 b\\\\x.tf");
        assert_eq!(uri_path(path), "vms/caf%E9%20b/x.tf");
        assert_eq!(slash_path(std::path::Path::new("a/b c.tf")), "a/b c.tf");
        assert_eq!(
            uri_path(std::path::Path::new("a/b c#1.tf")),
            "a/b%20c%231.tf"
        );
    }
}
