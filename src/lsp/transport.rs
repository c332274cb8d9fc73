//! The stdio transport: LSP base-protocol framing (`Content-Length` headers) read and written on
//! two threads, as `lsp-server`'s own transport does — except that a frame whose body is not a
//! JSON-RPC message (not JSON, or JSON that is not an object) does not end the session. Its
//! framing was intact, so the error is logged to the client (`window/logMessage`) and on
//! stderr, and the next frame is read. A broken header, or the end of input, ends it.

use std::io::{self, BufRead};
use std::thread;

use crossbeam_channel::{bounded, Sender};
use lsp_server::{Connection, Message, Notification};

/// The threads behind a connection; joined when the session ends.
pub struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl IoThreads {
    pub fn join(self) {
        let _ = self.reader.join();
        let _ = self.writer.join();
    }
}

/// A connection over this process's stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    let (writer_sender, writer_receiver) = bounded::<Message>(16);
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut stdout = stdout.lock();
        for message in writer_receiver {
            if message.write(&mut stdout).is_err() {
                // The client went away: nothing more can be said to it.
                break;
            }
        }
    });
    let (reader_sender, reader_receiver) = bounded::<Message>(0);
    let log = writer_sender.clone();
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        let mut stdin = stdin.lock();
        read_frames(&mut stdin, &reader_sender, &log);
    });
    let connection = Connection {
        sender: writer_sender,
        receiver: reader_receiver,
    };
    (connection, IoThreads { reader, writer })
}

/// Read frames until the input ends, the header is broken, or `exit` arrives.
pub fn read_frames(input: &mut impl BufRead, messages: &Sender<Message>, log: &Sender<Message>) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(error) => {
                eprintln!("vmlint lsp: {error}; ending the session");
                return;
            }
        };
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => {
                let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if messages.send(message).is_err() || is_exit {
                    return;
                }
            }
            Err(error) => {
                let shown: String = String::from_utf8_lossy(&body).chars().take(200).collect();
                let text = format!("vmlint lsp: ignoring a malformed message ({error}): {shown}");
                eprintln!("{text}");
                let _ = log.send(Message::Notification(Notification::new(
                    "window/logMessage".to_string(),
                    serde_json::json!({"type": 1, "message": text}),
                )));
            }
        }
    }
}

/// One frame's body; `None` at the end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        let (name, value) = header.split_once(':').ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("malformed header `{header}`"),
            )
        })?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let parsed = value.trim().parse().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("bad Content-Length `{value}`"),
                )
            })?;
            length = Some(parsed);
        }
    }
    let length = length.unwrap_or_default();
    if length > 512 * 1024 * 1024 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {length} bytes is over the 512 MiB limit"),
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Write one message framed (for tests and tools that speak to the server).
    fn write_frame(output: &mut impl Write, body: &str) -> io::Result<()> {
        write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        output.flush()
    }

    #[test]
    fn a_malformed_body_is_logged_and_the_next_frame_read() {
        let mut input = Vec::new();
        write_frame(&mut input, "not json").unwrap();
        write_frame(&mut input, "[1, 2]").unwrap();
        write_frame(
            &mut input,
            r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#,
        )
        .unwrap();
        let (messages, received) = bounded(8);
        let (log, logged) = bounded(8);
        read_frames(&mut input.as_slice(), &messages, &log);
        let request = received.try_recv().unwrap();
        assert!(matches!(request, Message::Request(r) if r.method == "shutdown"));
        assert_eq!(logged.len(), 2);
        let Message::Notification(first) = logged.try_recv().unwrap() else {
            panic!("a notification")
        };
        assert_eq!(first.method, "window/logMessage");
        assert!(first.params["message"]
            .as_str()
            .unwrap()
            .contains("not json"));
    }
}
