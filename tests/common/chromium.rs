//! A real browser for the HTML report's tests, its benchmark and its documentation
//! screenshots: Debian's headless Chromium driven over the DevTools protocol through a pipe
//! (`--remote-debugging-pipe`: commands on file descriptor 3, replies and events on 4, each
//! message a JSON text ended by a NUL byte). No port is opened and no driver or Node package is
//! needed. Chromium is found as `$VMLINT_CHROMIUM`, else `chromium`, `chromium-browser` or
//! `google-chrome` on the `PATH`.
#![allow(dead_code)] // each user takes a part

use std::io::{BufRead, BufReader, Write};
use std::os::unix::io::FromRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long one command may take (a 10,000-file report loads in seconds).
const PATIENCE: Duration = Duration::from_secs(120);

/// The Chromium binary, if one is installed.
pub fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VMLINT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"]
                .into_iter()
                .map(move |name| dir.join(name))
        })
        .find(|candidate| candidate.is_file())
}

pub struct Browser {
    child: Child,
    commands: std::fs::File,
    replies: Receiver<Value>,
    next_id: u64,
    session: String,
    /// Events received and not yet waited for.
    events: Vec<Value>,
    /// Console messages, log entries (CSP violations among them) and uncaught exceptions.
    pub console: Vec<String>,
    _profile: tempfile::TempDir,
}

fn pipe() -> (i32, i32) {
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    let status = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(status, 0, "pipe2: {}", std::io::Error::last_os_error());
    (fds[0], fds[1])
}

impl Browser {
    /// Start Chromium headless with a fresh profile and open one blank page of
    /// `width` × `height` CSS pixels.
    pub fn launch(binary: &Path, width: u32, height: u32) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|error| error.to_string())?;
        let (command_read, command_write) = pipe();
        let (reply_read, reply_write) = pipe();
        let mut command = Command::new(binary);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--remote-debugging-pipe",
                &format!("--window-size={width},{height}"),
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork and exec.
        unsafe {
            command.pre_exec(move || {
                // Move both ends above 4 first, so that placing one cannot close the other.
                let commands = libc::fcntl(command_read, libc::F_DUPFD, 10);
                let replies = libc::fcntl(reply_write, libc::F_DUPFD, 10);
                if commands < 0
                    || replies < 0
                    || libc::dup2(commands, 3) < 0
                    || libc::dup2(replies, 4) < 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let spawned = command.spawn();
        // SAFETY: the descriptors come from pipe2 above and are owned here, once each.
        let (commands, replies) = unsafe {
            drop(std::fs::File::from_raw_fd(command_read));
            drop(std::fs::File::from_raw_fd(reply_write));
            (
                std::fs::File::from_raw_fd(command_write),
                std::fs::File::from_raw_fd(reply_read),
            )
        };
        let child =
            spawned.map_err(|error| format!("cannot start {}: {error}", binary.display()))?;
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(replies);
            let mut message = Vec::new();
            loop {
                message.clear();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        if message.last() == Some(&0) {
                            message.pop();
                        }
                        if let Ok(value) = serde_json::from_slice::<Value>(&message) {
                            if sender.send(value).is_err() {
                                return;
                            }
                        }
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            commands,
            replies: receiver,
            next_id: 0,
            session: String::new(),
            events: Vec::new(),
            console: Vec::new(),
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}))?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        )?;
        browser.session = attached["sessionId"]
            .as_str()
            .ok_or("no session id from Target.attachToTarget")?
            .to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            browser.call(domain, json!({}))?;
        }
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )?;
        Ok(browser)
    }

    fn note(&mut self, event: &Value) {
        let params = &event["params"];
        match event["method"].as_str() {
            Some("Runtime.consoleAPICalled") => {
                let text: Vec<String> = params["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|arg| arg["value"].to_string())
                    .collect();
                self.console
                    .push(format!("console.{}: {}", params["type"], text.join(" ")));
            }
            Some("Log.entryAdded") => self.console.push(format!(
                "{} {}: {}",
                params["entry"]["source"], params["entry"]["level"], params["entry"]["text"]
            )),
            Some("Runtime.exceptionThrown") => self.console.push(format!(
                "exception: {}",
                params["exceptionDetails"]["exception"]["description"]
            )),
            _ => {}
        }
    }

    fn receive(&mut self, deadline: Instant) -> Result<Value, String> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.replies.recv_timeout(left) {
            Ok(message) => Ok(message),
            Err(RecvTimeoutError::Timeout) => Err("Chromium did not answer in time".to_string()),
            Err(RecvTimeoutError::Disconnected) => Err("Chromium closed the pipe".to_string()),
        }
    }

    /// Send one command (to the page once attached) and wait for its result.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = Value::from(self.session.clone());
        }
        let mut bytes = serde_json::to_vec(&message).expect("a command serializes");
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .map_err(|error| format!("cannot write to Chromium: {error}"))?;
        let deadline = Instant::now() + PATIENCE;
        loop {
            let reply = self.receive(deadline)?;
            if reply["id"].as_u64() == Some(id) {
                if let Some(error) = reply.get("error") {
                    return Err(format!("{method}: {error}"));
                }
                return Ok(reply["result"].clone());
            }
            if reply.get("method").is_some() {
                self.note(&reply);
                self.events.push(reply);
            }
        }
    }

    /// Wait for an event of the page (one already received counts).
    pub fn wait_for(&mut self, method: &str) -> Result<Value, String> {
        if let Some(index) = self.events.iter().position(|e| e["method"] == method) {
            return Ok(self.events.remove(index));
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let event = self.receive(deadline)?;
            if event.get("method").is_some() {
                self.note(&event);
                if event["method"] == method {
                    return Ok(event);
                }
            }
        }
    }

    /// Open `url` and wait until the page has loaded (from a blank page: opening the same
    /// document at another fragment would only scroll it).
    pub fn open(&mut self, url: &str) -> Result<(), String> {
        if url != "about:blank" {
            self.open("about:blank")?;
        }
        self.events.retain(|e| e["method"] != "Page.loadEventFired");
        let navigated = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = navigated.get("errorText") {
            return Err(format!("cannot open {url}: {error}"));
        }
        self.wait_for("Page.loadEventFired").map(|_| ())
    }

    /// Open a local file.
    pub fn open_file(&mut self, path: &Path, fragment: &str) -> Result<(), String> {
        let path = path.canonicalize().map_err(|error| error.to_string())?;
        self.open(&format!("file://{}{fragment}", path.display()))
    }

    /// Evaluate a JavaScript expression in the page and return its value as JSON.
    pub fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            return Err(format!(
                "{expression}: {}",
                details["exception"]["description"]
            ));
        }
        Ok(result["result"]["value"].clone())
    }

    /// A PNG of the element `selector` (the whole page when `None`), at most `max_height`
    /// CSS pixels of it, written to `out`.
    pub fn screenshot(
        &mut self,
        selector: Option<&str>,
        max_height: u32,
        out: &Path,
    ) -> Result<(), String> {
        let target = selector.map_or("document.documentElement".to_string(), |selector| {
            format!("document.querySelector({})", Value::from(selector))
        });
        // Scrolled into view and painted first: parts of a page with `content-visibility: auto`
        // are laid out with placeholder sizes until they come near the viewport.
        let rect = self.eval(&format!(
            "(async () => {{ const e = {target}; e.scrollIntoView(); await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); const r = e.getBoundingClientRect(); return {{x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: Math.min(r.height, {max_height})}}; }})()"
        ))?;
        let shot = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true,
                   "clip": {"x": rect["x"], "y": rect["y"], "width": rect["width"], "height": rect["height"], "scale": 1}}),
        )?;
        use base64::Engine as _;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap_or_default())
            .map_err(|error| error.to_string())?;
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|error| error.to_string())?;
        }
        std::fs::write(out, png).map_err(|error| error.to_string())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A browser-wide command: not through the page's session.
        self.session.clear();
        let _ = self.call("Browser.close", json!({}));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
