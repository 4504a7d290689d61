//! What the `lsp` fuzz target does with one input; shared with
//! `tests/lsp_fuzz_regressions.rs` so that the regression tests replay exactly what the
//! fuzzer ran. The server runs in-process (no thread, no pipe): bytes in, bodies out.
//!
//! The first byte chooses how the rest is read:
//! - even: raw bytes, fed in pieces of 1 to 253 bytes (after an `initialize` when bit 1
//!   is set), so that framing is tried at every split;
//! - odd: a sequence of operations, each a byte and its arguments: initialize, didOpen and
//!   didChange (full and ranged) with text from the input, codeAction, hover, shutdown,
//!   exit, malformed headers, framed non-JSON, raw bytes, checks.
//!
//! Fails (panics) on: a panic inside the server (caught there, counted, reported here), an
//! outgoing message that is not a JSON-RPC object, a response without exactly one of
//! `result` and `error`. Memory is bounded by libFuzzer's `-rss_limit_mb` and
//! `-malloc_limit_mb`: an allocation by a declared length would trip them.

use std::path::PathBuf;
use std::sync::OnceLock;

use postlint::lsp::{Server, Settings};
use serde_json::{json, Value};

/// The documents' folders: one without configuration, one with a broken postlint.toml.
fn dirs() -> &'static (PathBuf, PathBuf) {
    static DIRS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    DIRS.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("postlint-fuzz-lsp-{}", std::process::id()));
        let ok = root.join("ok");
        let broken = root.join("broken");
        std::fs::create_dir_all(&ok).expect("fuzz folder");
        std::fs::create_dir_all(&broken).expect("fuzz folder");
        std::fs::write(broken.join("postlint.toml"), "[rules.typo]\nenabld = 1\n")
            .expect("fuzz config");
        (ok, broken)
    })
}

fn uri(which: u8) -> String {
    let (ok, broken) = dirs();
    match which % 6 {
        0 => format!("file://{}/a.md", ok.display()),
        1 => format!("file://{}/b.md", ok.display()),
        2 => format!("file://{}/c.md", broken.display()),
        3 => format!("file://{}", ok.display()),
        4 => "untitled:Untitled-1".to_string(),
        _ => "not a uri".to_string(),
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn message(v: Value) -> Vec<u8> {
    frame(v.to_string().as_bytes())
}

/// Reads the operation bytes.
struct Input<'a> {
    data: &'a [u8],
}

impl Input<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(b)
    }

    fn bytes(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        head
    }

    /// Text of up to 255 bytes (lossy UTF-8).
    fn text(&mut self) -> String {
        let n = self.byte().unwrap_or(0) as usize;
        String::from_utf8_lossy(self.bytes(n)).into_owned()
    }

    fn position(&mut self) -> Value {
        let line = self.byte().unwrap_or(0) % 16;
        let character = self.byte().unwrap_or(0) % 64;
        json!({"line": line, "character": character})
    }
}

/// Headers a broken client might send.
const BAD_HEADERS: &[&[u8]] = &[
    b"Content-Length: 18446744073709551615\r\n\r\n",
    b"Content-Length: 4000000000\r\n\r\n",
    b"Content-Length: 99999999999999999999999999\r\n\r\n",
    b"Content-Length: abc\r\n\r\n",
    b"Content-Length: -1\r\n\r\n",
    b"Content-Length: 5\r\n\r\n",
    b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
    b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
    b"\r\n\r\n\r\n",
    b"garbage without a line end",
];

/// Pieces of Markdown that findings are made of.
const PIECES: &[&str] = &[
    "teh ",
    "github ",
    "TODO ",
    "Dask Dwon Under\n",
    "# Title\n",
    "\r\n",
    "🙂",
    "[a](b) ",
    "---\ntitle: x\n---\n",
    "\n\n",
    "é",
];

/// Run one input through a server.
pub fn exercise(data: &[u8]) {
    // A small size limit, so that too-large buffers and the diagnostic cap are reached.
    let mut server = Server::new(Settings {
        max_file_size: 16 * 1024,
    });
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        if mode & 2 != 0 {
            feed(&mut server, &initialize(0));
        }
        let piece = 1 + usize::from(mode >> 2) * 4;
        for chunk in rest.chunks(piece) {
            feed(&mut server, chunk);
        }
        // No check: a lint run costs a hundred times the rest, and raw bytes are about
        // framing and dispatch. The operations below check on request.
        finish(&mut server);
        return;
    }
    let mut input = Input { data: rest };
    let mut checks = 0;
    let mut next_id = 1;
    while let Some(op) = input.byte() {
        if server.exit_code().is_some() {
            break;
        }
        let id = next_id;
        next_id += 1;
        let bytes = match op % 16 {
            0 => initialize(id),
            1 => message(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})),
            2 => {
                let uri = uri(input.byte().unwrap_or(0));
                let text = input.text();
                did_open(&uri, &text)
            }
            3 => {
                let uri = uri(input.byte().unwrap_or(0));
                let text = input.text();
                message(
                    json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": id},
                    "contentChanges": [{"text": text}]}}),
                )
            }
            4 => {
                let uri = uri(input.byte().unwrap_or(0));
                let (start, end) = (input.position(), input.position());
                let text = input.text();
                message(
                    json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": id},
                    "contentChanges": [{"range": {"start": start, "end": end}, "text": text}]}}),
                )
            }
            5 => {
                let uri = uri(input.byte().unwrap_or(0));
                let (start, end) = (input.position(), input.position());
                let only = match input.byte().unwrap_or(0) % 4 {
                    0 => Value::Null,
                    1 => json!(["quickfix"]),
                    2 => json!(["source"]),
                    _ => json!(["source.fixAll", "refactor"]),
                };
                let mut context = json!({"diagnostics": []});
                if !only.is_null() {
                    context["only"] = only;
                }
                message(
                    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction",
                    "params": {"textDocument": {"uri": uri},
                    "range": {"start": start, "end": end}, "context": context}}),
                )
            }
            6 => {
                let uri = uri(input.byte().unwrap_or(0));
                let position = input.position();
                message(
                    json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
                    "params": {"textDocument": {"uri": uri}, "position": position}}),
                )
            }
            7 => BAD_HEADERS[usize::from(input.byte().unwrap_or(0)) % BAD_HEADERS.len()].to_vec(),
            8 => {
                let n = usize::from(input.byte().unwrap_or(0));
                input.bytes(n).to_vec()
            }
            9 => {
                // A check, as the debounce timer would run it (a few per input: each is
                // a whole lint run).
                if checks < 4 && server.due().is_some() {
                    checks += 1;
                    server.check();
                }
                Vec::new()
            }
            10 => {
                let uri = uri(input.byte().unwrap_or(0));
                message(json!({"jsonrpc": "2.0", "method": "textDocument/didClose",
                    "params": {"textDocument": {"uri": uri}}}))
            }
            11 => message(
                json!({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles",
                "params": {"changes": []}}),
            ),
            12 => message(json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"})),
            13 => message(json!({"jsonrpc": "2.0", "method": "exit"})),
            14 => {
                let n = usize::from(input.byte().unwrap_or(0));
                frame(input.bytes(n))
            }
            _ => {
                // A buffer built from pieces: many findings, or over the size limit.
                let uri = uri(input.byte().unwrap_or(0));
                let piece = PIECES[usize::from(input.byte().unwrap_or(0)) % PIECES.len()];
                let count = usize::from(input.byte().unwrap_or(0)) * 24;
                did_open(&uri, &piece.repeat(count))
            }
        };
        feed(&mut server, &bytes);
    }
    finish(&mut server);
}

fn initialize(id: i64) -> Vec<u8> {
    message(json!({"jsonrpc": "2.0", "id": id, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}))
}

fn did_open(uri: &str, text: &str) -> Vec<u8> {
    message(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    )
}

fn feed(server: &mut Server, bytes: &[u8]) {
    server.receive(bytes);
    drain(server);
}

/// The server's health at the end.
fn finish(server: &mut Server) {
    drain(server);
}

/// Every outgoing message is a JSON-RPC object; a response has a result or an error.
fn drain(server: &mut Server) {
    assert_eq!(
        server.panics(),
        0,
        "the server panicked (see the message above)"
    );
    for body in server.take_output() {
        let v: Value = serde_json::from_slice(&body).expect("outgoing JSON");
        assert_eq!(v["jsonrpc"], "2.0", "{v}");
        if v.get("method").is_none() {
            assert!(v.get("id").is_some(), "{v}");
            assert!(
                v.get("result").is_some() != v.get("error").is_some(),
                "a response with one of result and error: {v}"
            );
        }
    }
}
