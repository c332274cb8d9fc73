//! Reads one file to lint, defensively: only a regular file is read (the check is made on the
//! open handle, so a file swapped for a FIFO after discovery cannot block the run), never more
//! than the size limit (even if the file grows while it is read), and every way this can fail —
//! the file vanished, permission denied, not UTF-8, UTF-16 — is a message that says so.

use std::io::Read;
use std::path::Path;

/// Why a file was not read, with the byte offset when the content is to blame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub message: String,
    /// Where in the bytes the problem is (not UTF-8); `None` for the file as a whole.
    pub offset: Option<usize>,
    /// The text as far as it could be decoded, for reports to quote.
    pub lossy: Option<String>,
}

impl ReadError {
    pub fn whole(message: String) -> Self {
        ReadError {
            message,
            offset: None,
            lossy: None,
        }
    }
}

/// The UTF-8 text of the regular file at `path`, at most `max_bytes` long. A UTF-8 byte-order
/// mark is dropped (editors do not count it in columns either).
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String, ReadError> {
    let file = open_without_blocking(path).map_err(|error| ReadError::whole(io_message(&error)))?;
    let metadata = file
        .metadata()
        .map_err(|error| ReadError::whole(io_message(&error)))?;
    if !metadata.is_file() {
        return Err(ReadError::whole(
            "not a regular file (a FIFO, a socket or a device): not read".to_string(),
        ));
    }
    let too_big = |size: u64| {
        ReadError::whole(format!(
            "file is {size} bytes, above the limit of {max_bytes} (--max-file-size): not read"
        ))
    };
    if metadata.len() > max_bytes {
        return Err(too_big(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| ReadError::whole(io_message(&error)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    decode(bytes)
}

/// UTF-8 text from `bytes`: a UTF-8 byte-order mark is dropped, UTF-16 (by its mark) and any
/// other invalid byte are errors located at the first byte that is not UTF-8.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some("UTF-16 little-endian"),
        Some([0xFE, 0xFF]) => Some("UTF-16 big-endian"),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        return Err(ReadError {
            message: format!(
                "{encoding} text (byte-order mark at offset 0): vmlint reads UTF-8; convert the file (iconv -f UTF-16 -t UTF-8)"
            ),
            offset: Some(0),
            lossy: Some(String::new()),
        });
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        ReadError {
            message: format!("not UTF-8 text: invalid byte at offset {valid}"),
            offset: Some(valid),
            lossy: Some(String::from_utf8_lossy(error.as_bytes()).into_owned()),
        }
    })
}

/// Open for reading without waiting: opening a FIFO for reading blocks until someone opens it
/// for writing, which a hostile tree can arrange never to happen.
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => {
            "cannot read file: it no longer exists (removed or renamed while vmlint ran)"
                .to_string()
        }
        std::io::ErrorKind::PermissionDenied => "cannot read file: permission denied".to_string(),
        _ => format!("cannot read file: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf8_byte_order_mark_is_dropped_and_utf16_is_named() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFname: x\n".to_vec()).unwrap(),
            "name: x\n"
        );
        let wide = decode(vec![0xFF, 0xFE, b'n', 0]).unwrap_err();
        assert!(
            wide.message.starts_with("UTF-16 little-endian text"),
            "{wide:?}"
        );
        assert_eq!(wide.offset, Some(0));
        let latin = decode(b"ok\n\xe9t\xe9\n".to_vec()).unwrap_err();
        assert_eq!(latin.message, "not UTF-8 text: invalid byte at offset 3");
    }

    #[test]
    fn a_vanished_file_and_an_oversized_one_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let gone = read_text(&dir.path().join("gone.tf"), 100).unwrap_err();
        assert!(gone.message.contains("no longer exists"), "{gone:?}");
        let big = dir.path().join("big.tf");
        std::fs::write(&big, "x".repeat(101)).unwrap();
        let refused = read_text(&big, 100).unwrap_err();
        assert_eq!(
            refused.message,
            "file is 101 bytes, above the limit of 100 (--max-file-size): not read"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("100.conf");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let refused = read_text(&fifo, 100).unwrap_err();
        assert!(
            refused.message.starts_with("not a regular file"),
            "{refused:?}"
        );
    }
}
