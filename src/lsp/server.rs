//! The server proper, with no I/O of its own: bytes in ([`Server::receive`]), message
//! bodies out ([`Server::take_output`]), checks run when [`Server::check`] is called (the
//! stdio loop calls it once the debounce delay has passed). Tests and the fuzz target drive
//! it in-process, with no thread and no pipe.
//!
//! Bad input never ends it: a body that is no JSON gets a parse error (-32700), a message
//! that is no request an invalid-request error (-32600, with its id when it has a usable
//! one), a request with bad params an invalid-params error (-32602); a bad notification is
//! logged (stderr and `window/logMessage`) and ignored. A panic while handling a message or
//! checking is caught: the request gets an internal error (-32603) and serving goes on.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    InitializeParams, InitializeResult, Location, LogMessageParams, MessageType, NumberOrString,
    Position, PublishDiagnosticsParams, Range, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url,
};
use serde_json::{json, Value};

use super::convert::{offset_at, to_lsp, Utf16Index};
use super::fixes::{self, Findings};
use super::transport::{Frame, Framer, MAX_MESSAGE};
use crate::config::ConfigError;
use crate::diagnostic::Diagnostic;
use crate::engine::{self, Fatal, Options};
use crate::source::SourceFile;

/// Wait this long after the last change before checking (typing does not lint every key).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// At most this many findings are published for one document, errors first; one more
/// diagnostic says how many were left out. Editors slow down on many thousands.
pub const MAX_PUBLISHED: usize = 1000;

const PARSE_ERROR: i32 = -32700;
const INVALID_REQUEST: i32 = -32600;
const METHOD_NOT_FOUND: i32 = -32601;
const INVALID_PARAMS: i32 = -32602;
const INTERNAL_ERROR: i32 = -32603;
const SERVER_NOT_INITIALIZED: i32 = -32002;

/// How the server checks.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Buffers larger than this many bytes are not checked (one diagnostic says so), as
    /// `postlint check --max-file-size` skips files; 0 means the default.
    pub max_file_size: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_file_size: engine::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `initialize`.
    Starting,
    Running,
    /// After `shutdown`: only `exit` is left.
    ShutDown,
}

struct Open {
    version: i32,
    text: String,
}

/// A document's last check.
struct Checked {
    file: SourceFile,
    index: Utf16Index,
    crlf: bool,
    shown: Vec<Diagnostic>,
    fixable: Vec<Diagnostic>,
}

/// Why the last check ran no rule (an invalid configuration), as last shown to the user.
struct RunError {
    text: String,
    /// The file the error is in, which carries a diagnostic until it is mended.
    uri: Option<Url>,
}

/// A message that is not a request or notification one can act on.
struct Invalid {
    id: Value,
    why: String,
}

enum Incoming {
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// A response to the server (it sends no request): ignored.
    Response,
}

/// A result as JSON text (serialized straight from its type: a tree of `Value`s for 60,000
/// edits costs seconds), or an error code and message.
type Reply = Result<Vec<u8>, (i32, String)>;

/// One language-server session.
pub struct Server {
    settings: Settings,
    framer: Framer,
    phase: Phase,
    exit: Option<i32>,
    open: HashMap<Url, Open>,
    checked: HashMap<Url, Checked>,
    pending: BTreeSet<Url>,
    due: Option<Instant>,
    run_error: Option<RunError>,
    out: Vec<Vec<u8>>,
    panics: usize,
    /// The sites of the open documents, indexed once and kept current.
    index: super::incremental::SiteIndex,
}

impl Server {
    pub fn new(settings: Settings) -> Self {
        Server {
            settings,
            framer: Framer::default(),
            phase: Phase::Starting,
            exit: None,
            open: HashMap::new(),
            checked: HashMap::new(),
            pending: BTreeSet::new(),
            due: None,
            run_error: None,
            out: Vec::new(),
            panics: 0,
            index: Default::default(),
        }
    }

    /// Take in bytes from the client and handle every message they complete.
    pub fn receive(&mut self, bytes: &[u8]) {
        if self.exit.is_some() {
            return;
        }
        self.framer.push(bytes);
        while let Some(frame) = self.framer.next_frame() {
            self.on_frame(frame);
            if self.exit.is_some() {
                return;
            }
        }
    }

    /// When the pending checks are due (`None`: nothing to check).
    pub fn due(&self) -> Option<Instant> {
        self.due
    }

    /// The bodies of the messages to send, in order.
    pub fn take_output(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut self.out)
    }

    /// The exit status once the client said `exit`: 0 after `shutdown`, 1 without.
    pub fn exit_code(&self) -> Option<i32> {
        self.exit
    }

    /// The client closed the stream: the exit status, as for an `exit` at that point.
    pub fn end_of_input(&mut self) -> i32 {
        if self.phase == Phase::ShutDown {
            0
        } else {
            eprintln!("postlint server: the client went away without shutdown and exit");
            1
        }
    }

    /// Panics caught so far (each one a bug: the fuzz target fails on them).
    pub fn panics(&self) -> usize {
        self.panics
    }

    fn on_frame(&mut self, frame: Frame) {
        match frame {
            Frame::Body(body) => self.on_body(&body),
            Frame::BadHeader(why) => {
                eprintln!("postlint server: unreadable message header: {why}; skipping to the next message");
                self.respond(
                    Value::Null,
                    Err((PARSE_ERROR, format!("unreadable message header: {why}"))),
                );
            }
            Frame::TooLarge(length) => {
                let why = format!(
                    "a message of {length} bytes is over the limit of {MAX_MESSAGE} bytes; skipped"
                );
                eprintln!("postlint server: {why}");
                self.respond(Value::Null, Err((INVALID_REQUEST, why)));
            }
            Frame::Skipped(n) => {
                eprintln!("postlint server: skipped {n} bytes to get back to the next message");
            }
        }
    }

    fn on_body(&mut self, body: &[u8]) {
        let value: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("postlint server: a message that is no JSON: {e}");
                self.respond(Value::Null, Err((PARSE_ERROR, format!("not JSON: {e}"))));
                return;
            }
        };
        let incoming = match classify(value) {
            Ok(m) => m,
            Err(Invalid { id, why }) => {
                eprintln!("postlint server: an invalid message: {why}");
                self.respond(id, Err((INVALID_REQUEST, why)));
                return;
            }
        };
        match incoming {
            Incoming::Request { id, method, params } => {
                let reply = self.guarded(|s| s.on_request(&method, params));
                let reply = reply.unwrap_or_else(|why| {
                    Err((INTERNAL_ERROR, format!("internal error in {method}: {why}")))
                });
                self.respond(id, reply);
            }
            Incoming::Notification { method, params } => {
                let done = self.guarded(|s| s.on_notification(&method, params));
                if let Err(why) = done {
                    self.log(format!("internal error in {method}: {why}"));
                }
            }
            Incoming::Response => {}
        }
    }

    /// Run `f`, turning a panic (a bug) into its message so that serving goes on.
    fn guarded<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Result<T, String> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self))).map_err(|payload| {
            self.panics += 1;
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".into())
        })
    }

    fn on_request(&mut self, method: &str, params: Value) -> Reply {
        match (self.phase, method) {
            (Phase::Starting, "initialize") => {
                serde_json::from_value::<InitializeParams>(params).map_err(invalid_params)?;
                self.phase = Phase::Running;
                Ok(to_bytes(&initialize_result()))
            }
            (Phase::Starting, _) => Err((
                SERVER_NOT_INITIALIZED,
                format!("{method} before initialize"),
            )),
            (Phase::ShutDown, _) => Err((INVALID_REQUEST, format!("{method} after shutdown"))),
            (Phase::Running, "initialize") => {
                Err((INVALID_REQUEST, "initialize was received already".into()))
            }
            (Phase::Running, "shutdown") => {
                self.phase = Phase::ShutDown;
                Ok(b"null".to_vec())
            }
            (Phase::Running, "textDocument/codeAction") => {
                let p: CodeActionParams = serde_json::from_value(params).map_err(invalid_params)?;
                Ok(to_bytes(&self.code_actions(&p)))
            }
            _ => Err((METHOD_NOT_FOUND, format!("unsupported request {method}"))),
        }
    }

    fn on_notification(&mut self, method: &str, params: Value) {
        if method == "exit" {
            self.exit = Some(if self.phase == Phase::ShutDown { 0 } else { 1 });
            return;
        }
        if self.phase != Phase::Running {
            return;
        }
        match method {
            "textDocument/didOpen" => {
                match serde_json::from_value::<DidOpenTextDocumentParams>(params) {
                    Ok(p) => {
                        let doc = p.text_document;
                        self.open.insert(
                            doc.uri.clone(),
                            Open {
                                version: doc.version,
                                text: doc.text,
                            },
                        );
                        self.schedule(doc.uri, Duration::ZERO);
                    }
                    Err(e) => self.bad_notification(method, &e),
                }
            }
            "textDocument/didChange" => {
                match serde_json::from_value::<DidChangeTextDocumentParams>(params) {
                    Ok(p) => {
                        let uri = p.text_document.uri;
                        let Some(doc) = self.open.get_mut(&uri) else {
                            self.log(format!("{method} for {uri}, which is not open: ignored"));
                            return;
                        };
                        doc.version = p.text_document.version;
                        for change in p.content_changes {
                            match change.range {
                                // Full text, as the server asks for.
                                None => doc.text = change.text,
                                // A client that sends edits anyway: apply them.
                                Some(r) => {
                                    let a = offset_at(&doc.text, r.start);
                                    let b = offset_at(&doc.text, r.end).max(a);
                                    doc.text.replace_range(a..b, &change.text);
                                }
                            }
                        }
                        self.schedule(uri, DEBOUNCE);
                    }
                    Err(e) => self.bad_notification(method, &e),
                }
            }
            "textDocument/didClose" => {
                match serde_json::from_value::<DidCloseTextDocumentParams>(params) {
                    Ok(p) => {
                        let uri = p.text_document.uri;
                        self.open.remove(&uri);
                        self.checked.remove(&uri);
                        self.pending.remove(&uri);
                        self.publish(uri, Vec::new(), None);
                        // The others now read its file on disk instead of the buffer.
                        let uris: Vec<Url> = self.open.keys().cloned().collect();
                        for u in uris {
                            self.schedule(u, Duration::ZERO);
                        }
                    }
                    Err(e) => self.bad_notification(method, &e),
                }
            }
            // Other open documents may link to the saved one; postlint.toml, a pack or
            // another post changed: every check re-reads them, so check everything again.
            "textDocument/didSave" | "workspace/didChangeWatchedFiles" => {
                // Files on disk may have changed behind the buffers: index them again.
                self.index.forget();
                let uris: Vec<Url> = self.open.keys().cloned().collect();
                for u in uris {
                    self.schedule(u, Duration::ZERO);
                }
            }
            _ => {}
        }
    }

    fn bad_notification(&mut self, method: &str, e: &serde_json::Error) {
        self.log(format!("{method} with invalid params ({e}): ignored"));
    }

    /// Log to stderr, and to the client once it is initialized.
    fn log(&mut self, message: String) {
        eprintln!("postlint server: {message}");
        if self.phase == Phase::Running {
            let params = LogMessageParams {
                typ: MessageType::WARNING,
                message,
            };
            self.notify("window/logMessage", &params);
        }
    }

    fn schedule(&mut self, uri: Url, delay: Duration) {
        self.pending.insert(uri);
        self.due = Some(Instant::now() + delay);
    }

    fn limit(&self) -> u64 {
        match self.settings.max_file_size {
            0 => engine::DEFAULT_MAX_FILE_SIZE,
            n => n,
        }
    }

    /// Check the documents changed since the last check (one lint run for all of them:
    /// the site is indexed once) and publish what was found.
    pub fn check(&mut self) {
        self.due = None;
        if self.phase == Phase::ShutDown {
            // Nothing is published after shutdown.
            self.pending.clear();
        }
        if self.pending.is_empty() {
            return;
        }
        if let Err(why) = self.guarded(Self::check_pending) {
            self.log(format!("internal error while checking: {why}"));
        }
    }

    fn check_pending(&mut self) {
        let limit = self.limit();
        let mut targets: Vec<(Url, PathBuf)> = Vec::new();
        for uri in std::mem::take(&mut self.pending) {
            let Some(doc) = self.open.get(&uri) else {
                continue;
            };
            if doc.text.len() as u64 > limit {
                let (len, version) = (doc.text.len(), doc.version);
                self.checked.remove(&uri);
                self.publish(uri, vec![too_large(len, limit)], Some(version));
                continue;
            }
            if let Some(path) = file_path(&uri) {
                targets.push((uri, path));
            }
        }
        if targets.is_empty() {
            return;
        }
        // Oversize buffers stay out of the overlay too: as context for the others, they
        // are read from disk, where the limit applies.
        let overlay: HashMap<PathBuf, String> = self
            .open
            .iter()
            .filter(|(_, d)| d.text.len() as u64 <= limit)
            .filter_map(|(u, d)| Some((file_path(u)?, d.text.clone())))
            .collect();
        let opts = Options {
            paths: targets.iter().map(|(_, p)| p.clone()).collect(),
            overlay,
            max_file_size: limit,
            ..Options::default()
        };
        match self.run_indexed(&opts) {
            Ok((report, more)) => {
                self.run_ok();
                let mut targets = targets;
                targets.extend(more);
                self.publish_report(report, targets);
            }
            Err(Fatal::Config(e)) => self.config_broken(&e, &targets),
            Err(Fatal::Usage(m)) => self.run_failed(m, None, &targets),
        }
    }

    /// Check `opts.paths` against the kept site index; also the open documents whose
    /// findings may have changed with them (their URIs and paths).
    fn run_indexed(
        &mut self,
        opts: &Options,
    ) -> Result<(engine::Report, Vec<(Url, PathBuf)>), Fatal> {
        let open: HashMap<PathBuf, Url> = self
            .open
            .keys()
            .filter_map(|u| Some((file_path(u)?, u.clone())))
            .collect();
        let paths: Vec<PathBuf> = open.keys().cloned().collect();
        let (report, more) = self.index.run(opts, &paths)?;
        let more = more
            .into_iter()
            .filter_map(|p| Some((open.get(&p)?.clone(), p)))
            .collect();
        Ok((report, more))
    }

    fn publish_report(&mut self, report: engine::Report, targets: Vec<(Url, PathBuf)>) {
        let engine::Report {
            db, diagnostics, ..
        } = report;
        let ids: HashMap<PathBuf, usize> = (0..db.len())
            .filter_map(|i| {
                let p = db.get(i).path.as_ref()?;
                Some((crate::source::absolute(p).unwrap_or_else(|_| p.clone()), i))
            })
            .collect();
        let wanted: HashMap<usize, usize> = targets
            .iter()
            .enumerate()
            .filter_map(|(t, (_, p))| Some((*ids.get(p)?, t)))
            .collect();
        let mut found: Vec<Vec<Diagnostic>> = vec![Vec::new(); targets.len()];
        for d in diagnostics {
            if let Some(&t) = wanted.get(&d.file) {
                found[t].push(d);
            }
        }
        for ((uri, path), diags) in targets.into_iter().zip(found) {
            let Some(doc) = self.open.get(&uri) else {
                continue;
            };
            let version = doc.version;
            let file = match ids.get(&path) {
                Some(&id) => db.get(id).clone(),
                None => SourceFile::new(uri.to_string(), None, doc.text.clone()),
            };
            let (checked, total) = Checked::new(file, diags);
            let mut lsp: Vec<LspDiagnostic> = checked
                .shown
                .iter()
                .map(|d| to_lsp(&checked.file, &checked.index, d))
                .collect();
            let hidden = total - checked.shown.len();
            if hidden > 0 {
                lsp.push(LspDiagnostic {
                    range: Range::default(),
                    severity: Some(DiagnosticSeverity::INFORMATION),
                    source: Some("postlint".into()),
                    message: format!(
                        "{} in this file {} not shown: postlint publishes at most \
                         {MAX_PUBLISHED} a file, errors first (`postlint check` lists all)",
                        crate::util::count(hidden, "more finding"),
                        if hidden == 1 { "is" } else { "are" }
                    ),
                    ..LspDiagnostic::default()
                });
            }
            self.checked.insert(uri.clone(), checked);
            self.publish(uri, lsp, Some(version));
        }
    }

    /// The configuration is invalid: say so once (`window/showMessage`), put a diagnostic
    /// on the file and place the error names, and one on each document saying why it was
    /// not checked, pointing there.
    fn config_broken(&mut self, e: &ConfigError, targets: &[(Url, PathBuf)]) {
        let path =
            crate::source::absolute(Path::new(&e.file)).unwrap_or_else(|_| PathBuf::from(&e.file));
        let uri = Url::from_file_path(&path).ok();
        let range = config_range(&path, e.line, e.column);
        let location = uri.clone().map(|u| (u, range, e.message.clone()));
        self.run_failed(format!("invalid configuration: {e}"), location, targets);
    }

    /// No check ran, for the reason `text`; `at`: the place in a file that is the cause,
    /// and what is wrong there.
    fn run_failed(
        &mut self,
        text: String,
        at: Option<(Url, Range, String)>,
        targets: &[(Url, PathBuf)],
    ) {
        let summary = format!("postlint: nothing is checked: {text}");
        if self.run_error.as_ref().map(|r| &r.text) != Some(&text) {
            eprintln!("{summary}");
            let params = ShowMessageParams {
                typ: MessageType::ERROR,
                message: summary,
            };
            self.notify("window/showMessage", &params);
        }
        let uri = at.as_ref().map(|(u, _, _)| u.clone());
        if let Some(prev) = self.run_error.take().and_then(|r| r.uri) {
            if Some(&prev) != uri.as_ref() {
                self.publish(prev, Vec::new(), None);
            }
        }
        if let Some((u, range, message)) = &at {
            let d = LspDiagnostic {
                range: *range,
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("postlint".into()),
                message: message.clone(),
                ..LspDiagnostic::default()
            };
            self.publish(u.clone(), vec![d], None);
        }
        self.run_error = Some(RunError {
            text: text.clone(),
            uri,
        });
        for (t, _) in targets {
            let Some(version) = self.open.get(t).map(|d| d.version) else {
                continue;
            };
            let d = LspDiagnostic {
                range: Range::default(),
                severity: Some(DiagnosticSeverity::WARNING),
                source: Some("postlint".into()),
                message: format!("not checked: {text}"),
                related_information: at.as_ref().map(|(u, range, m)| {
                    vec![DiagnosticRelatedInformation {
                        location: Location::new(u.clone(), *range),
                        message: m.clone(),
                    }]
                }),
                ..LspDiagnostic::default()
            };
            self.checked.remove(t);
            self.publish(t.clone(), vec![d], Some(version));
        }
    }

    /// A check ran: a configuration error shown before is mended.
    fn run_ok(&mut self) {
        if let Some(prev) = self.run_error.take().and_then(|r| r.uri) {
            self.publish(prev, Vec::new(), None);
        }
    }

    fn code_actions(&self, p: &CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let (Some(c), Some(doc)) = (self.checked.get(uri), self.open.get(uri)) else {
            return Vec::new();
        };
        // Findings of an older text would edit the wrong places.
        if c.file.text != doc.text {
            return Vec::new();
        }
        let findings = Findings {
            file: &c.file,
            index: &c.index,
            crlf: c.crlf,
            shown: &c.shown,
            fixable: &c.fixable,
        };
        fixes::code_actions(&findings, uri, p)
    }

    fn publish(&mut self, uri: Url, diagnostics: Vec<LspDiagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.notify("textDocument/publishDiagnostics", &params);
    }

    fn notify(&mut self, method: &str, params: &impl serde::Serialize) {
        let mut out = to_bytes(&json!({"jsonrpc": "2.0", "method": method}));
        splice(&mut out, b"params", &to_bytes(params));
        self.out.push(out);
    }

    fn respond(&mut self, id: Value, reply: Reply) {
        let mut out = to_bytes(&json!({"jsonrpc": "2.0", "id": id}));
        match reply {
            Ok(result) => splice(&mut out, b"result", &result),
            Err((code, message)) => splice(
                &mut out,
                b"error",
                &to_bytes(&json!({"code": code, "message": message})),
            ),
        }
        self.out.push(out);
    }
}

/// Add `"key":value` (`value` JSON text) at the end of the JSON object `object`.
fn splice(object: &mut Vec<u8>, key: &[u8], value: &[u8]) {
    object.pop(); // the closing brace
    object.extend_from_slice(b",\"");
    object.extend_from_slice(key);
    object.extend_from_slice(b"\":");
    object.extend_from_slice(value);
    object.push(b'}');
}

impl Checked {
    /// A check's findings, and how many there were in all.
    fn new(file: SourceFile, diags: Vec<Diagnostic>) -> (Checked, usize) {
        let index = Utf16Index::new(&file.text);
        let crlf = crate::fix::is_crlf(&file.text);
        let total = diags.len();
        let shown = shown(&diags)
            .into_iter()
            .map(|i| diags[i].clone())
            .collect();
        let fixable = diags.into_iter().filter(|d| d.fix.is_some()).collect();
        let checked = Checked {
            file,
            index,
            crlf,
            shown,
            fixable,
        };
        (checked, total)
    }
}

/// The findings to publish: all, or the first [`MAX_PUBLISHED`] by severity then
/// position (the engine's order), in position order.
fn shown(diags: &[Diagnostic]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..diags.len()).collect();
    if idx.len() > MAX_PUBLISHED {
        idx.select_nth_unstable_by_key(MAX_PUBLISHED, |&i| (diags[i].severity, i));
        idx.truncate(MAX_PUBLISHED);
        idx.sort_unstable();
    }
    idx
}

/// The diagnostic of a buffer over the size limit.
fn too_large(len: usize, limit: u64) -> LspDiagnostic {
    let meta = &crate::rules::engine_notes::TOO_LARGE;
    LspDiagnostic {
        range: Range::default(),
        severity: Some(super::convert::severity(meta.default_severity)),
        code: Some(NumberOrString::String(meta.name.to_string())),
        source: Some("postlint".into()),
        message: format!("buffer of {len} bytes is over the {limit}-byte limit; skipped"),
        ..LspDiagnostic::default()
    }
}

/// The file a `file:` URI names, absolute; none for other schemes and for folders (a
/// folder would be walked whole).
fn file_path(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    let p = uri.to_file_path().ok()?;
    let p = crate::source::absolute(&p).unwrap_or(p);
    (!p.is_dir()).then_some(p)
}

/// The range of a configuration error: from its column to the end of its line, in UTF-16
/// units (the error gives a 1-based line and a column in characters, 0 when unknown).
fn config_range(path: &Path, line: usize, column: usize) -> Range {
    if line == 0 {
        return Range::default();
    }
    let l = u32::try_from(line - 1).unwrap_or(u32::MAX);
    let text = std::fs::File::open(path).ok().and_then(|f| {
        use std::io::Read;
        let mut s = String::new();
        f.take(1 << 20).read_to_string(&mut s).ok().map(|_| s)
    });
    let Some(text) = text else {
        let c = u32::try_from(column.saturating_sub(1)).unwrap_or(u32::MAX);
        return Range::new(Position::new(l, c), Position::new(l, c));
    };
    let the_line = text.split('\n').nth(line - 1).unwrap_or("");
    let the_line = the_line.strip_suffix('\r').unwrap_or(the_line);
    let units = |s: &str| u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX);
    let start: String = the_line.chars().take(column.saturating_sub(1)).collect();
    Range::new(
        Position::new(l, units(&start)),
        Position::new(l, units(the_line)),
    )
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "postlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}

/// Sort a JSON message into request, notification or response, or say why it is none.
fn classify(value: Value) -> Result<Incoming, Invalid> {
    let mut m = match value {
        Value::Object(m) => m,
        Value::Array(_) => {
            return Err(Invalid {
                id: Value::Null,
                why: "batches are not supported".into(),
            })
        }
        _ => {
            return Err(Invalid {
                id: Value::Null,
                why: "a message must be a JSON object".into(),
            })
        }
    };
    let id = match m.remove("id") {
        None => None,
        Some(id @ (Value::Number(_) | Value::String(_))) => Some(id),
        // A response to a request of the server's, with an id it could not read.
        Some(_)
            if !m.contains_key("method")
                && (m.contains_key("result") || m.contains_key("error")) =>
        {
            return Ok(Incoming::Response)
        }
        Some(_) => {
            return Err(Invalid {
                id: Value::Null,
                why: "an id must be a number or a string".into(),
            })
        }
    };
    let params = m.remove("params").unwrap_or(Value::Null);
    match (m.remove("method"), id) {
        (Some(Value::String(method)), Some(id)) => Ok(Incoming::Request { id, method, params }),
        (Some(Value::String(method)), None) => Ok(Incoming::Notification { method, params }),
        (Some(_), id) => Err(Invalid {
            id: id.unwrap_or(Value::Null),
            why: "a method must be a string".into(),
        }),
        (None, _) if m.contains_key("result") || m.contains_key("error") => Ok(Incoming::Response),
        (None, id) => Err(Invalid {
            id: id.unwrap_or(Value::Null),
            why: "a message without a method".into(),
        }),
    }
}

fn invalid_params(e: serde_json::Error) -> (i32, String) {
    (INVALID_PARAMS, format!("invalid params: {e}"))
}

/// JSON text of a value (`null` in the impossible case that it has none: the types
/// serialized here have no map with non-string keys).
fn to_bytes<T: serde::Serialize + ?Sized>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_else(|_| b"null".to_vec())
}
