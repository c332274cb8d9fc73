//! `vmlint lsp`: the language server. Diagnostics as the user types (open, change, save),
//! cleared on close; quick fixes that suppress a finding or remove a passed-through device;
//! hovers that explain the rule; repository rules (duplicate MACs, backup storms, …) against
//! the last known state of every other file of the workspace.
//!
//! Built on `lsp-server` and `lsp-types`, rust-analyzer's synchronous libraries: a main loop
//! over a crossbeam channel fits a linter whose work is CPU-bound and already parallel (rayon),
//! and needs no async runtime. tower-lsp is unmaintained; its fork tower-lsp-server needs tokio.
//!
//! The loop never waits for the workspace: a background thread scans it once (every file's
//! summary, see [`crate::pipeline::estate`]) and hands the result back; until then, open documents are
//! judged on their own. Changes that arrive together are coalesced: each document is linted
//! once per burst, with its latest text, so the main loop is busy at most one lint per open
//! document that changed.
//!
//! The server opens its [`Project`] like every command — the workspace's `.vmlint.toml`
//! validated, the command line's resource limits applied — and reads files through an
//! [`Overlay`] of the open buffers over the disk: an unsaved edit of a sibling `.tf` file
//! changes what its module deploys, and every open document of that directory is judged
//! again.

pub mod actions;
pub mod convert;

mod dependency;
mod transport;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{select, Receiver};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionOrCommand, CodeActionProviderCapability, HoverProviderCapability,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    Uri,
};

use crate::diagnostic::Diagnostic;
use crate::formats::{self, Detection};
use crate::pipeline::context::RepositoryContext;
use crate::pipeline::estate::FileSummary;
use crate::pipeline::source::{FileSystem, Overlay};
use crate::pipeline::{self, discover};
use crate::project::{Project, ProjectSpec};

/// An open document.
struct Document {
    path: PathBuf,
    text: String,
    version: i32,
    /// What was last published for it.
    diagnostics: Vec<Diagnostic>,
}

/// The workspace as the server knows it.
struct Server {
    connection: Connection,
    /// The workspace's project, reading through `overlay`.
    project: Project,
    overlay: Arc<Overlay>,
    context: RepositoryContext,
    /// Every workspace file's last summary, by path (from the scan, then from each lint).
    summaries: HashMap<PathBuf, Arc<FileSummary>>,
    documents: HashMap<String, (Uri, Document)>,
}

/// What the background scan found.
struct Scan {
    summaries: Vec<Arc<FileSummary>>,
    context: RepositoryContext,
}

/// Serve on stdin/stdout until the client says `exit`. `spec` is the project the command line
/// describes; its root becomes the workspace's.
pub fn run(spec: ProjectSpec) -> Result<(), String> {
    let (connection, io_threads) = transport::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities).map_err(|error| error.to_string())?;
    let initialize = connection
        .initialize(capabilities)
        .map_err(|error| format!("initialize: {error}"))?;
    let spec = ProjectSpec {
        root: workspace_root(&initialize),
        ..spec
    };
    let overlay = Arc::new(Overlay::new(Arc::new(FileSystem)));
    let project = Project::open(&spec)?.with_tree(overlay.clone());
    let mut server = Server {
        connection,
        project,
        overlay,
        context: RepositoryContext::default(),
        summaries: HashMap::new(),
        documents: HashMap::new(),
    };
    let scan = server.start_scan();
    server.main_loop(scan)?;
    drop(server);
    io_threads.join();
    Ok(())
}

/// The first workspace folder, else the root URI, else the current directory.
fn workspace_root(initialize: &serde_json::Value) -> PathBuf {
    let from_uri = |value: &serde_json::Value| {
        value
            .as_str()
            .and_then(|text| text.parse::<Uri>().ok())
            .and_then(|uri| convert::uri_to_path(&uri))
    };
    initialize
        .get("workspaceFolders")
        .and_then(|folders| folders.get(0))
        .and_then(|folder| from_uri(&folder["uri"]))
        .or_else(|| initialize.get("rootUri").and_then(from_uri))
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default())
}

impl Server {
    /// Scan the workspace on another thread (the same project, opened again there); the
    /// result arrives on the returned channel.
    fn start_scan(&self) -> Receiver<Scan> {
        let (sender, receiver) = crossbeam_channel::bounded(1);
        let spec = self.project.spec().clone();
        let overlay = self.overlay.clone();
        std::thread::spawn(move || {
            let Ok(project) = Project::open(&spec) else {
                return;
            };
            let mut project = project.with_tree(overlay);
            project.options.keep_summaries = true;
            let root = spec.root.clone();
            let run = pipeline::lint_paths(
                std::slice::from_ref(&root),
                &project.policies,
                &project.options,
            );
            let candidates = discover::discover(&[root]).candidates;
            let context = crate::pipeline::context::gather(
                project.options.sources.tree.as_ref(),
                &candidates,
                &project.options.parse_limits,
            );
            let _ = sender.send(Scan {
                summaries: run.summaries,
                context,
            });
        });
        receiver
    }

    fn main_loop(&mut self, scan: Receiver<Scan>) -> Result<(), String> {
        let receiver = self.connection.receiver.clone();
        let mut scan = Some(scan);
        loop {
            let never = crossbeam_channel::never();
            let scan_receiver = scan.as_ref().unwrap_or(&never);
            let mut dirty: Vec<String> = Vec::new();
            select! {
                recv(receiver) -> message => {
                    let Ok(message) = message else { return Ok(()) };
                    if self.handle(message, &mut dirty)? {
                        return Ok(());
                    }
                    // Coalesce what has already arrived: one lint per document and burst.
                    while let Ok(message) = receiver.try_recv() {
                        if self.handle(message, &mut dirty)? {
                            return Ok(());
                        }
                    }
                }
                recv(scan_receiver) -> result => {
                    scan = None;
                    if let Ok(result) = result {
                        self.context = result.context;
                        for summary in result.summaries {
                            let path = crate::pipeline::discover::absolute(&summary.path);
                            // An open document's own lint is newer than the scan.
                            self.summaries.entry(path).or_insert(summary);
                        }
                        dirty.extend(self.documents.keys().cloned());
                    }
                }
            }
            if self.add_dependants(&mut dirty) && scan.is_none() {
                scan = Some(self.start_scan());
            }
            dirty.sort();
            dirty.dedup();
            for key in dirty {
                self.lint_and_publish(&key);
            }
        }
    }

    /// Handle one message; `true` when the client asked to exit.
    fn handle(&mut self, message: Message, dirty: &mut Vec<String>) -> Result<bool, String> {
        match message {
            Message::Request(request) => {
                // A client that goes away after `shutdown` without sending `exit` (an editor
                // quitting) ends the session as well as one that says goodbye.
                if self.connection.handle_shutdown(&request).unwrap_or(true) {
                    return Ok(true);
                }
                let response = self.respond(request);
                self.send(Message::Response(response));
            }
            Message::Notification(notification) => self.notify(notification, dirty),
            Message::Response(_) => {}
        }
        Ok(false)
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    fn respond(&self, request: Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            lsp_types::request::CodeActionRequest::METHOD => {
                match serde_json::from_value::<lsp_types::CodeActionParams>(request.params) {
                    Ok(params) => {
                        let actions = self.code_actions(&params);
                        Response::new_ok(id, actions)
                    }
                    Err(error) => invalid(id, error),
                }
            }
            lsp_types::request::HoverRequest::METHOD => {
                match serde_json::from_value::<lsp_types::HoverParams>(request.params) {
                    Ok(params) => {
                        let position = params.text_document_position_params;
                        let hover = self
                            .documents
                            .get(position.text_document.uri.as_str())
                            .and_then(|(_, document)| {
                                actions::hover(
                                    &document.text,
                                    &document.diagnostics,
                                    position.position,
                                    &self.project.policies,
                                )
                            });
                        Response::new_ok(id, hover)
                    }
                    Err(error) => invalid(id, error),
                }
            }
            method => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("vmlint does not implement {method}"),
            ),
        }
    }

    fn code_actions(&self, params: &lsp_types::CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some((_, document)) = self.documents.get(uri.as_str()) else {
            return Vec::new();
        };
        let Detection::Lint(format) = formats::detect(&document.path, &document.text) else {
            return Vec::new();
        };
        actions::code_actions(
            uri,
            &document.text,
            format,
            &document.diagnostics,
            params.range,
            &self.project.policies,
        )
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
    }

    fn notify(&mut self, notification: Notification, dirty: &mut Vec<String>) {
        use lsp_types::notification as n;
        // A malformed notification is logged (stderr is the client's log) and skipped.
        fn parse<T: serde::de::DeserializeOwned>(
            method: &str,
            params: serde_json::Value,
        ) -> Option<T> {
            serde_json::from_value(params)
                .map_err(|error| eprintln!("vmlint lsp: ignoring malformed {method}: {error}"))
                .ok()
        }
        let method = notification.method.clone();
        let params = notification.params;
        match notification.method.as_str() {
            n::DidOpenTextDocument::METHOD => {
                if let Some(params) = parse::<lsp_types::DidOpenTextDocumentParams>(&method, params)
                {
                    let item = params.text_document;
                    let Some(path) = convert::uri_to_path(&item.uri) else {
                        return;
                    };
                    let key = item.uri.as_str().to_string();
                    self.overlay.set(&path, Arc::from(item.text.as_str()));
                    self.documents.insert(
                        key.clone(),
                        (
                            item.uri,
                            Document {
                                path,
                                text: item.text,
                                version: item.version,
                                diagnostics: Vec::new(),
                            },
                        ),
                    );
                    dirty.push(key);
                }
            }
            n::DidChangeTextDocument::METHOD => {
                if let Some(params) =
                    parse::<lsp_types::DidChangeTextDocumentParams>(&method, params)
                {
                    let key = params.text_document.uri.as_str().to_string();
                    if let Some((_, document)) = self.documents.get_mut(&key) {
                        // Full synchronisation: the last change holds the whole text.
                        if let Some(change) = params.content_changes.into_iter().last() {
                            self.overlay
                                .set(&document.path, Arc::from(change.text.as_str()));
                            document.text = change.text;
                            document.version = params.text_document.version;
                            dirty.push(key);
                        }
                    }
                }
            }
            n::DidSaveTextDocument::METHOD => {
                if let Some(params) = parse::<lsp_types::DidSaveTextDocumentParams>(&method, params)
                {
                    dirty.push(params.text_document.uri.as_str().to_string());
                }
            }
            n::DidCloseTextDocument::METHOD => {
                if let Some(params) =
                    parse::<lsp_types::DidCloseTextDocumentParams>(&method, params)
                {
                    let key = params.text_document.uri.as_str().to_string();
                    if let Some((uri, document)) = self.documents.remove(&key) {
                        self.overlay.remove(&document.path);
                        self.publish(uri, Vec::new(), None);
                    }
                }
            }
            n::DidChangeConfiguration::METHOD | n::DidChangeWatchedFiles::METHOD => {
                // `.vmlint.toml` or the settings changed: read the configuration again and
                // judge every open document under it.
                match self.project.reopen() {
                    Ok(project) => self.project = project,
                    Err(message) => self.log_error(&message),
                }
                dirty.extend(self.documents.keys().cloned());
            }
            // `initialized`, `$/cancelRequest` (every request is answered at once),
            // `$/setTrace` and the rest need nothing.
            _ => {}
        }
    }

    fn lint_and_publish(&mut self, key: &str) {
        let Some((uri, document)) = self.documents.get(key) else {
            return;
        };
        let here = crate::pipeline::discover::absolute(&document.path);
        let others: Vec<Arc<FileSummary>> = self
            .summaries
            .iter()
            .filter(|(path, _)| **path != here)
            .map(|(_, summary)| summary.clone())
            .collect();
        let result = pipeline::lint_buffer(
            &document.path,
            &document.text,
            &self.project.policies,
            &self.project.options,
            &self.context,
            Some(&others),
        );
        let mut diagnostics: Vec<lsp_types::Diagnostic> = result
            .diagnostics
            .iter()
            .map(|diagnostic| convert::diagnostic(&document.text, diagnostic))
            .collect();
        diagnostics.extend(
            result
                .errors
                .iter()
                .map(|error| convert::error(&document.text, error)),
        );
        let (uri, version) = (uri.clone(), document.version);
        if let Some(summary) = result.summary {
            self.summaries
                .insert(crate::pipeline::discover::absolute(&summary.path), summary);
        }
        if let Some((_, document)) = self.documents.get_mut(key) {
            document.diagnostics = result.diagnostics;
        }
        self.publish(uri, diagnostics, Some(version));
    }

    /// Open documents whose diagnostics depend on the dirty ones: the Terraform files of the
    /// same module, of a directory whose tfvars changed and of every module that calls a changed
    /// one; the Ansible files of a role whose `defaults/` or `vars/` changed. An inventory or
    /// `host_vars` / `group_vars` edit changes the repository context: `true` asks for a scan.
    fn add_dependants(&self, dirty: &mut Vec<String>) -> bool {
        let mut changed_modules: Vec<PathBuf> = Vec::new();
        let mut changed_roles: Vec<PathBuf> = Vec::new();
        let mut rescan = false;
        for (_, document) in dirty.iter().filter_map(|key| self.documents.get(key)) {
            let path = &document.path;
            if dependency::is_terraform(path) {
                changed_modules.extend(path.parent().map(crate::paths::normalize));
            }
            if crate::formats::may_hold_context(path) {
                rescan = true;
            }
            changed_roles.extend(dependency::role_of_vars_file(path));
        }
        let terraform: Vec<(&String, &Document)> = self
            .documents
            .iter()
            .filter(|(_, (_, document))| dependency::is_terraform(&document.path))
            .map(|(key, (_, document))| (key, document))
            .collect();
        // Callers of callers: until nothing new is reached (module trees are shallow).
        for _ in 0..8 {
            let before = changed_modules.len();
            for (_, document) in &terraform {
                let Some(dir) = document.path.parent().map(crate::paths::normalize) else {
                    continue;
                };
                let calls_changed =
                    crate::formats::terraform::module::local_module_sources(&document.text)
                        .iter()
                        .filter_map(|source| crate::paths::local_module_dir(&dir, source))
                        .any(|called| changed_modules.contains(&called));
                if calls_changed && !changed_modules.contains(&dir) {
                    changed_modules.push(dir);
                }
            }
            if changed_modules.len() == before {
                break;
            }
        }
        for (key, document) in &terraform {
            let dir = document.path.parent().map(crate::paths::normalize);
            if dir.is_some_and(|dir| changed_modules.contains(&dir)) {
                dirty.push((*key).clone());
            }
        }
        for (key, (_, document)) in &self.documents {
            if changed_roles
                .iter()
                .any(|role| document.path.starts_with(role.join("tasks")))
            {
                dirty.push(key.clone());
            }
        }
        rescan
    }

    /// Say something went wrong, in the client's log.
    fn log_error(&self, message: &str) {
        eprintln!("vmlint lsp: {message}");
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::LogMessage::METHOD.to_string(),
            serde_json::json!({"type": 1, "message": message}),
        )));
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
            params,
        )));
    }
}

fn invalid(id: lsp_server::RequestId, error: serde_json::Error) -> Response {
    Response::new_err(
        id,
        ErrorCode::InvalidParams as i32,
        format!("invalid parameters: {error}"),
    )
}
