//! Standard output for every command. A reader that goes away (`vmlint … | head -1`) ends the
//! output quietly, as ripgrep does: no panic, no message; the command exits with the code its
//! findings call for. Any other write error is reported.

use std::io::Write;

/// Whether the text reached its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Yes,
    /// The reader closed the pipe: say nothing more.
    Closed,
    /// Another error, already reported on stderr.
    Failed,
}

/// Write `text` to standard output and flush.
pub fn print(text: &str) -> Written {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Written::Yes,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Written::Closed,
        Err(error) => {
            eprintln!("error: cannot write to standard output: {error}");
            Written::Failed
        }
    }
}

/// Print `text`; the exit code is `code` unless the write failed for another reason than a
/// closed pipe.
pub fn print_then(text: &str, code: i32) -> i32 {
    match print(text) {
        Written::Failed => super::EXIT_ERROR,
        Written::Yes | Written::Closed => code,
    }
}
