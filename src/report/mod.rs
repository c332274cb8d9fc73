//! Reporters: turn a [`LintRun`](crate::lint::LintRun) into text. A reporter never re-reads
//! files or re-runs rules; it formats what the run holds.

pub mod concise;
pub mod explain;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules;
pub mod sarif;

/// `path` with forward slashes, as every report prints it. A name that is not UTF-8 is shown
/// losslessly: each byte that is not part of valid UTF-8 becomes `\xNN` (and a backslash
/// becomes `\\`, so the display can be read back), where a lossy display would print U+FFFD
/// and make two different files look the same.
pub fn slash_path(path: &std::path::Path) -> String {
    match path.to_str() {
        Some(text) => text.replace('\\', "/"),
        None => escaped_bytes(&path_bytes(path)),
    }
}

/// `path` as the relative URI SARIF's `artifactLocation.uri` wants: `/` separators, and every
/// byte outside RFC 3986's unreserved characters percent-encoded (spaces, `#`, `%`, bytes
/// that are not UTF-8).
pub fn uri_path(path: &std::path::Path) -> String {
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
fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &std::path::Path) -> Vec<u8> {
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
