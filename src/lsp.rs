//! `postlint server`: a language server over stdio (lsp-server + lsp-types, as
//! rust-analyzer), a thin adapter over the library: every check is a normal lint run with
//! the editor's unsaved buffers as an overlay, so `postlint.toml`, the rule packs and the
//! rest of the site are honoured (and re-read on every run, so edits to them apply at once).
//! Positions are converted to UTF-16 here, at the boundary.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic as LspDiagnostic, DiagnosticSeverity, NumberOrString,
    Position, PublishDiagnosticsParams, Range, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url,
    WorkspaceEdit,
};

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::engine::{self, Options};
use crate::fix::{self, FixMode};
use crate::source::SourceFile;

/// Wait this long after the last change before checking (typing does not lint every key).
const DEBOUNCE: Duration = Duration::from_millis(150);

struct Open {
    version: i32,
    text: String,
}

#[derive(Default)]
struct State {
    open: HashMap<Url, Open>,
    /// Latest findings per document, with the text they were computed on.
    findings: HashMap<Url, (SourceFile, Vec<Diagnostic>)>,
    pending: HashSet<Url>,
    due: Option<Instant>,
}

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Run the server on stdin/stdout until the client says `exit`.
pub fn run() -> Result<(), Error> {
    let (connection, io) = Connection::stdio();
    let caps = ServerCapabilities {
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
    };
    connection.initialize(serde_json::to_value(caps)?)?;
    main_loop(&connection)?;
    drop(connection);
    io.join()?;
    Ok(())
}

fn main_loop(conn: &Connection) -> Result<(), Error> {
    let mut state = State::default();
    loop {
        let msg = match state.due {
            Some(due) => match conn
                .receiver
                .recv_timeout(due.saturating_duration_since(Instant::now()))
            {
                Ok(m) => Some(m),
                Err(crossbeam_timeout) if crossbeam_timeout.is_timeout() => None,
                Err(_) => return Ok(()),
            },
            None => match conn.receiver.recv() {
                Ok(m) => Some(m),
                Err(_) => return Ok(()),
            },
        };
        match msg {
            None => check_pending(conn, &mut state)?,
            Some(Message::Request(req)) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                handle_request(conn, &mut state, req)?;
            }
            Some(Message::Notification(n)) => handle_notification(conn, &mut state, n)?,
            Some(Message::Response(_)) => {}
        }
    }
}

fn schedule(state: &mut State, uri: Url, now: bool) {
    state.pending.insert(uri);
    let due = Instant::now() + if now { Duration::ZERO } else { DEBOUNCE };
    state.due = Some(due);
}

fn handle_notification(conn: &Connection, state: &mut State, n: Notification) -> Result<(), Error> {
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
            let uri = p.text_document.uri;
            state.open.insert(
                uri.clone(),
                Open {
                    version: p.text_document.version,
                    text: p.text_document.text,
                },
            );
            schedule(state, uri, true);
        }
        DidChangeTextDocument::METHOD => {
            let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
            let uri = p.text_document.uri;
            if let (Some(doc), Some(change)) = (
                state.open.get_mut(&uri),
                p.content_changes.into_iter().last(),
            ) {
                doc.version = p.text_document.version;
                doc.text = change.text;
            }
            schedule(state, uri, false);
        }
        DidSaveTextDocument::METHOD => {
            // Other open documents may link to this one: check them all.
            let uris: Vec<Url> = state.open.keys().cloned().collect();
            for u in uris {
                schedule(state, u, true);
            }
        }
        DidChangeWatchedFiles::METHOD => {
            // postlint.toml, a pack or another post changed: everything is re-read per run.
            let uris: Vec<Url> = state.open.keys().cloned().collect();
            for u in uris {
                schedule(state, u, true);
            }
        }
        DidCloseTextDocument::METHOD => {
            let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
            state.open.remove(&p.text_document.uri);
            state.findings.remove(&p.text_document.uri);
            state.pending.remove(&p.text_document.uri);
            publish(conn, p.text_document.uri, Vec::new(), None)?;
        }
        _ => {}
    }
    Ok(())
}

fn check_pending(conn: &Connection, state: &mut State) -> Result<(), Error> {
    state.due = None;
    let pending: Vec<Url> = state.pending.drain().collect();
    let overlay: HashMap<PathBuf, String> = state
        .open
        .iter()
        .filter_map(|(u, d)| {
            let p = u.to_file_path().ok()?;
            Some((std::path::absolute(&p).unwrap_or(p), d.text.clone()))
        })
        .collect();
    // One run for every pending document: the site is indexed once, not once per file.
    let targets: Vec<(Url, PathBuf)> = pending
        .into_iter()
        .filter(|u| state.open.contains_key(u))
        .filter_map(|u| {
            let p = u.to_file_path().ok()?;
            Some((u, std::path::absolute(&p).unwrap_or(p)))
        })
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    let opts = Options {
        paths: targets.iter().map(|(_, p)| p.clone()).collect(),
        overlay,
        ..Options::default()
    };
    let report = engine::run(&opts).ok();
    for (uri, path) in targets {
        let Some(doc) = state.open.get(&uri) else {
            continue;
        };
        let id = report.as_ref().and_then(|r| {
            (0..r.db.len()).find(|&i| {
                r.db.get(i)
                    .path
                    .as_ref()
                    .is_some_and(|p| std::path::absolute(p).is_ok_and(|a| a == path))
            })
        });
        let (file, diags) = match (&report, id) {
            (Some(r), Some(id)) => (
                r.db.get(id).clone(),
                r.diagnostics
                    .iter()
                    .filter(|d| d.file == id)
                    .cloned()
                    .collect(),
            ),
            _ => (
                SourceFile::new(uri.to_string(), None, doc.text.clone()),
                Vec::new(),
            ),
        };
        let lsp: Vec<LspDiagnostic> = diags.iter().map(|d| to_lsp(&file, d)).collect();
        let version = doc.version;
        state.findings.insert(uri.clone(), (file, diags));
        publish(conn, uri, lsp, Some(version))?;
    }
    Ok(())
}

fn publish(
    conn: &Connection,
    uri: Url,
    diagnostics: Vec<LspDiagnostic>,
    version: Option<i32>,
) -> Result<(), Error> {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    conn.sender.send(Message::Notification(Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        params,
    )))?;
    Ok(())
}

/// A byte offset as an LSP position: 0-based line, UTF-16 code units.
pub fn position(file: &SourceFile, offset: usize) -> Position {
    let offset = offset.min(file.text.len());
    let line = file.line_index(offset);
    let start = file.line_start(line);
    let mut end = offset;
    while !file.text.is_char_boundary(end) {
        end -= 1;
    }
    let character = file.text[start..end].encode_utf16().count();
    Position::new(line as u32, character as u32)
}

fn range(file: &SourceFile, r: &std::ops::Range<usize>) -> Range {
    Range::new(position(file, r.start), position(file, r.end))
}

fn to_lsp(file: &SourceFile, d: &Diagnostic) -> LspDiagnostic {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    LspDiagnostic {
        range: range(file, &d.range),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.clone())),
        source: Some("postlint".into()),
        message,
        ..LspDiagnostic::default()
    }
}

fn overlaps(a: &Range, b: &Range) -> bool {
    !(a.end < b.start || b.end < a.start)
}

fn handle_request(conn: &Connection, state: &mut State, req: Request) -> Result<(), Error> {
    if req.method != CodeActionRequest::METHOD {
        let resp = Response::new_err(
            req.id,
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("unsupported request {}", req.method),
        );
        conn.sender.send(Message::Response(resp))?;
        return Ok(());
    }
    let p: CodeActionParams = serde_json::from_value(req.params)?;
    let uri = p.text_document.uri;
    let mut actions: Vec<CodeActionOrCommand> = Vec::new();
    if let Some((file, diags)) = state.findings.get(&uri) {
        for d in diags {
            let Some(fix) = &d.fix else { continue };
            let lsp = to_lsp(file, d);
            if !overlaps(&lsp.range, &p.range) {
                continue;
            }
            let edits: Vec<TextEdit> = fix
                .edits
                .iter()
                .map(|e| TextEdit::new(range(file, &e.range), e.replacement.clone()))
                .collect();
            let title = match fix.edits.as_slice() {
                [e] if e.replacement.is_empty() => format!("Remove ({})", d.rule),
                [e] if !e.replacement.trim().is_empty() => {
                    format!("Replace with '{}'", e.replacement)
                }
                _ => format!("Fix: {}", d.message),
            };
            let unsafe_fix = fix.applicability == Applicability::Unsafe;
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: if unsafe_fix {
                    format!("{title} (unsafe)")
                } else {
                    title
                },
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(!unsafe_fix),
                ..CodeAction::default()
            }));
        }
        let refs: Vec<&Diagnostic> = diags.iter().collect();
        let (fixed, n) = fix::apply(&file.text, &refs, FixMode::default());
        if n > 0 {
            let whole = Range::new(Position::new(0, 0), position(file, file.text.len()));
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all postlint issues in file".into(),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(
                        uri.clone(),
                        vec![TextEdit::new(whole, fixed)],
                    )])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }));
        }
    }
    conn.sender
        .send(Message::Response(Response::new_ok(req.id, actions)))?;
    Ok(())
}
