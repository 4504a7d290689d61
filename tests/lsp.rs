//! `postlint server` spoken to as an editor would: JSON-RPC over the binary's stdio,
//! including what a broken or hostile client sends.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use common::*;

struct Client {
    child: Child,
    /// `None` once closed.
    stdin: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
    /// Everything the server wrote to stderr so far.
    stderr: Arc<Mutex<String>>,
    next_id: i64,
}

fn read_message(reader: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &std::path::Path) -> Client {
        Client::start_with(dir, &[])
    }

    /// A server started with `postlint server ARGS`.
    fn start_with(dir: &std::path::Path, args: &[&str]) -> Client {
        let mut child = postlint()
            .current_dir(dir)
            .arg("server")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(m) = read_message(&mut reader) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Client {
            child,
            stdin: Some(stdin),
            messages: rx,
            stderr,
            next_id: 1,
        }
    }

    /// A started server, past `initialize` and `initialized`.
    fn initialized(dir: &std::path::Path) -> Client {
        Client::initialized_with(dir, &[])
    }

    /// [`Client::initialized`], started with `postlint server ARGS`.
    fn initialized_with(dir: &std::path::Path, args: &[&str]) -> Client {
        let mut c = Client::start_with(dir, args);
        let init = c.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        assert!(init.get("result").is_some(), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    /// Bytes exactly as given: no framing added.
    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// A body framed with the right length.
    fn send_body(&mut self, body: &str) {
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(id)
    }

    fn response(&self, id: i64) -> Value {
        self.recv_until(|m| m["id"] == id && m.get("method").is_none())
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn recv(&self) -> Value {
        match self.messages.recv_timeout(Duration::from_secs(20)) {
            Ok(m) => m,
            Err(e) => panic!(
                "no message from the server ({e}); its stderr:\n{}",
                self.stderr.lock().unwrap()
            ),
        }
    }

    /// The first message that `pred` accepts; the ones before it are dropped.
    fn recv_until(&self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self.recv();
            if pred(&m) {
                return m;
            }
        }
    }

    /// Has the server written `text` to stderr (within a few seconds)?
    fn logged(&self, text: &str) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if self.stderr.lock().unwrap().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn diagnostics(&self) -> Value {
        self.recv_until(|m| m["method"] == "textDocument/publishDiagnostics")["params"].clone()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics_for(&self, uri: &str) -> Vec<Value> {
        self.recv_until(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        })["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// The server answers a request made now: it is still serving.
    fn still_serving(&mut self) {
        let r = self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": "file:///nowhere/x.md"},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": []}
            }),
        );
        assert_eq!(r["result"], json!([]), "{r}");
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// The exit status, if the server ends within `limit`; killed otherwise.
    fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(s) = self.child.try_wait().unwrap() {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }

    fn shutdown_and_exit(mut self) {
        let shutdown = self.request("shutdown", json!(null));
        assert!(shutdown.get("error").is_none(), "{shutdown}");
        self.notify("exit", json!(null));
        let status = self.wait_exit(Duration::from_secs(20));
        assert_eq!(status.and_then(|s| s.code()), Some(0));
    }
}

/// An error response to `id` (`null` when the server could not know it).
fn assert_error(m: &Value, id: Value, code: i64) {
    assert_eq!(m["id"], id, "{m}");
    assert_eq!(m["error"]["code"], code, "{m}");
    assert!(
        m["error"]["message"]
            .as_str()
            .is_some_and(|s| !s.is_empty()),
        "{m}"
    );
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn editor_session() {
    let dir = temp_dir("lsp");
    let path = dir.join("draft.md");
    let uri = format!("file://{}", path.display());
    // The emoji is two UTF-16 code units: `github` starts at character 21, not 20.
    let text = "# Draft\n\nOur 🙂 slides are on github today.\n";
    let mut c = Client::start(&dir);
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert!(
        init["result"]["capabilities"]["codeActionProvider"].is_object(),
        "{init}"
    );
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics();
    assert_eq!(diags["uri"], uri);
    let list = diags["diagnostics"].as_array().unwrap();
    let case = list
        .iter()
        .find(|d| d["code"] == "name-case")
        .expect("name-case finding");
    assert_eq!(case["range"]["start"], json!({"line": 2, "character": 21}));
    assert_eq!(case["range"]["end"], json!({"line": 2, "character": 27}));
    assert_eq!(case["source"], "postlint");

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": case["range"], "context": {"diagnostics": [case]}}),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let replace = actions
        .iter()
        .find(|a| a["title"] == "Replace with 'GitHub'")
        .expect("quick fix");
    // The only fix in the file: "Fix all" would do just the same, and is left out.
    assert_eq!(actions.len(), 1, "{actions:?}");
    let edit = &replace["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "GitHub");
    // Apply the edit as the editor would (a single-line replacement in UTF-16 units).
    let line: Vec<u16> = text.lines().nth(2).unwrap().encode_utf16().collect();
    let (a, b) = (
        edit["range"]["start"]["character"].as_u64().unwrap() as usize,
        edit["range"]["end"]["character"].as_u64().unwrap() as usize,
    );
    let new_line = format!(
        "{}GitHub{}",
        String::from_utf16(&line[..a]).unwrap(),
        String::from_utf16(&line[b..]).unwrap()
    );
    let new_text = text.replace(text.lines().nth(2).unwrap(), &new_line);
    assert_eq!(new_text, "# Draft\n\nOur 🙂 slides are on GitHub today.\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": new_text}]}),
    );
    let diags = c.diagnostics();
    assert_eq!(diags["version"], 2);
    assert!(
        !diags["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "name-case"),
        "{diags}"
    );

    let shutdown = c.request("shutdown", json!(null));
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    c.notify("exit", json!(null));
    let status = c.child.wait().unwrap();
    assert!(status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn config_changes_apply_without_restart() {
    let dir = temp_dir("lsp-config");
    let path = dir.join("post.md");
    let uri = format!("file://{}", path.display());
    std::fs::write(&path, "# Post\n\nTODO finish\n").unwrap();
    let mut c = Client::start(&dir);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "# Post\n\nTODO finish\n"}}));
    let d = c.diagnostics();
    assert!(d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["code"] == "placeholder"));
    write(
        &dir,
        "postlint.toml",
        "[rules.placeholder]\nenabled = false\n",
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/postlint.toml", dir.display()), "type": 1}]}),
    );
    let d = c.diagnostics();
    assert!(
        !d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == "placeholder"),
        "{d}"
    );
    c.request("shutdown", json!(null));
    c.notify("exit", json!(null));
    assert!(c.child.wait().unwrap().success());
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- Bad input: the server answers or logs, and goes on serving. ----

#[test]
fn bad_json_gets_a_parse_error_and_the_server_goes_on() {
    let dir = temp_dir("lsp-bad-json");
    let mut c = Client::initialized(&dir);
    c.send_body(r#"{"jsonrpc": "2.0", "id": 5, "method": "#);
    assert_error(
        &c.recv_until(|m| m.get("error").is_some()),
        Value::Null,
        -32700,
    );
    // Not UTF-8, and nested deeper than any parser should follow.
    c.send_raw(b"Content-Length: 4\r\n\r\n\xff\xfe{}");
    assert_error(
        &c.recv_until(|m| m.get("error").is_some()),
        Value::Null,
        -32700,
    );
    c.send_body(&"[".repeat(100_000));
    assert_error(
        &c.recv_until(|m| m.get("error").is_some()),
        Value::Null,
        -32700,
    );
    c.still_serving();
    c.shutdown_and_exit();
}

#[test]
fn a_non_numeric_or_wrong_content_length_is_answered_and_skipped() {
    let dir = temp_dir("lsp-bad-length");
    let mut c = Client::initialized(&dir);
    // The body after an unreadable length cannot be framed: it is skipped, up to the next
    // header. The shutdown inside it never runs.
    let shutdown = json!({"jsonrpc": "2.0", "id": 90, "method": "shutdown"}).to_string();
    for header in [
        "Content-Length: twelve",
        "Content-Length: -5",
        "Content-Length: 1e3",
        "Content-Length: ",
        "Content-Type: application/vscode-jsonrpc; charset=utf-8",
    ] {
        c.send_raw(format!("{header}\r\n\r\n{shutdown}").as_bytes());
        let m = c.recv_until(|m| m.get("error").is_some());
        assert_error(&m, Value::Null, -32700);
        c.still_serving();
    }
    // A length too short: the cut body is no JSON, and the rest of it is skipped.
    c.send_raw(format!("Content-Length: 10\r\n\r\n{shutdown}").as_bytes());
    assert_error(
        &c.recv_until(|m| m.get("error").is_some()),
        Value::Null,
        -32700,
    );
    c.still_serving();
    // Garbage between messages is skipped.
    c.send_raw(b"hello\r\n\r\n\x00\x01garbage");
    c.still_serving();
    assert!(c.logged("skipped"));
    c.shutdown_and_exit();
}

/// The peak resident memory of a running process, in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

#[test]
fn a_huge_content_length_is_refused_without_reserving_memory() {
    let dir = temp_dir("lsp-huge-length");
    let mut c = Client::initialized(&dir);
    for length in [
        "4000000000",
        "18446744073709551615",
        "99999999999999999999999",
    ] {
        c.send_raw(format!("Content-Length: {length}\r\n\r\n").as_bytes());
        let m = c.recv_until(|m| m.get("error").is_some());
        assert_error(&m, Value::Null, -32600);
        c.still_serving();
    }
    let peak = peak_rss(c.child.id());
    assert!(peak < 300 << 20, "peak memory {peak} bytes");
    c.shutdown_and_exit();
}

#[test]
fn bad_notifications_are_logged_and_ignored() {
    let dir = temp_dir("lsp-bad-notification");
    let uri = file_uri(&dir.join("post.md"));
    let mut c = Client::initialized(&dir);
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "version": 1, "text": "TODO\n"}}),
    );
    let log = c.recv_until(|m| m["method"] == "window/logMessage");
    let text = log["params"]["message"].as_str().unwrap();
    assert!(text.contains("textDocument/didOpen"), "{log}");
    c.notify("textDocument/didChange", json!("nonsense"));
    c.recv_until(|m| m["method"] == "window/logMessage");
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": 7}}));
    c.recv_until(|m| m["method"] == "window/logMessage");
    c.still_serving();
    assert!(c.logged("textDocument/didOpen"));
    c.shutdown_and_exit();
}

#[test]
fn requests_with_bad_params_get_invalid_params() {
    let dir = temp_dir("lsp-bad-params");
    let mut c = Client::initialized(&dir);
    for params in [json!({"textDocument": {}}), json!("nonsense"), json!(null)] {
        let id = c.next_id;
        let r = c.request("textDocument/codeAction", params);
        assert_error(&r, json!(id), -32602);
    }
    c.still_serving();
    c.shutdown_and_exit();
}

#[test]
fn invalid_requests_get_invalid_request() {
    let dir = temp_dir("lsp-invalid-request");
    let mut c = Client::initialized(&dir);
    let cases = [
        (r#"{"jsonrpc": "2.0", "id": 7}"#, json!(7)),
        (r#"{"jsonrpc": "2.0", "id": "x", "method": 42}"#, json!("x")),
        (
            r#"{"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"}"#,
            Value::Null,
        ),
        (
            r#"[{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}]"#,
            Value::Null,
        ),
        (r#""a string""#, Value::Null),
    ];
    for (body, id) in cases {
        c.send_body(body);
        let m = c.recv_until(|m| m.get("error").is_some());
        assert_error(&m, id, -32600);
    }
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    c.still_serving();
    c.shutdown_and_exit();
}

#[test]
fn exit_without_shutdown_exits_with_status_1() {
    let dir = temp_dir("lsp-exit");
    let mut c = Client::initialized(&dir);
    c.notify("exit", json!(null));
    let status = c.wait_exit(Duration::from_secs(20));
    assert_eq!(status.and_then(|s| s.code()), Some(1));
    // The client going away without a word counts the same.
    let mut c = Client::initialized(&dir);
    c.stdin = None;
    let status = c.wait_exit(Duration::from_secs(20));
    assert_eq!(status.and_then(|s| s.code()), Some(1));
}

// ---- Limits: big buffers and many findings. ----

#[test]
fn an_open_buffer_over_max_file_size_is_skipped_with_one_diagnostic() {
    let dir = temp_dir("lsp-max-size");
    let uri = file_uri(&dir.join("big.md"));
    let mut c = Client::initialized(&dir);
    let limit = postlint::engine::DEFAULT_MAX_FILE_SIZE as usize;
    let line = "TODO a word that is teh placeholder.\n\n";
    let big = line.repeat(limit / line.len() + 1);
    assert!(big.len() > limit);
    c.open(&uri, &big);
    let list = c.diagnostics_for(&uri);
    assert_eq!(list.len(), 1, "{:?}", &list[..list.len().min(3)]);
    assert_eq!(list[0]["code"], "file-too-large");
    let message = list[0]["message"].as_str().unwrap();
    assert!(message.contains("skipped"), "{message}");
    // Back under the limit: checked again.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": line}]}),
    );
    let list = c.diagnostics_for(&uri);
    assert!(list.iter().any(|d| d["code"] == "placeholder"), "{list:?}");
    c.shutdown_and_exit();
}

#[test]
fn max_file_size_on_the_command_line_sets_the_server_limit() {
    let dir = temp_dir("lsp-max-size-flag");
    let uri = file_uri(&dir.join("post.md"));
    let mut c = Client::initialized_with(&dir, &["--max-file-size", "100"]);
    let small = "# Post\n\nTODO finish.\n";
    let large = format!("{small}\n{}", "Words and more words.\n".repeat(5));
    assert!(small.len() <= 100 && large.len() > 100);
    c.open(&uri, &large);
    let list = c.diagnostics_for(&uri);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["code"], "file-too-large");
    let message = list[0]["message"].as_str().unwrap();
    assert!(message.contains("100-byte limit"), "{message}");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": small}]}),
    );
    let list = c.diagnostics_for(&uri);
    assert!(list.iter().any(|d| d["code"] == "placeholder"), "{list:?}");
    c.shutdown_and_exit();
}

#[test]
fn server_rejects_a_bad_max_file_size() {
    let o = postlint()
        .args(["server", "--max-file-size", "ten"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--max-file-size"), "{}", stderr(&o));
}

#[test]
fn published_diagnostics_are_capped_with_a_note_of_the_rest() {
    let dir = temp_dir("lsp-cap");
    let uri = file_uri(&dir.join("typos.md"));
    let mut c = Client::initialized(&dir);
    // English prose (a post of nothing but `teh` is not read as English).
    c.open(
        &uri,
        &format!("# Typos\n\n{}", "We saw teh talk.\n\n".repeat(3000)),
    );
    let list = c.diagnostics_for(&uri);
    assert_eq!(list.len(), 1001);
    let typos = list.iter().filter(|d| d["code"] == "typo").count();
    assert_eq!(typos, 1000);
    let note = list.last().unwrap()["message"].as_str().unwrap();
    assert!(note.contains("2000 more"), "{note}");
    c.shutdown_and_exit();
}

#[test]
fn many_findings_on_one_long_line_are_answered_quickly() {
    let dir = temp_dir("lsp-long-line");
    let uri = file_uri(&dir.join("line.md"));
    let mut c = Client::initialized(&dir);
    let n = 60_000;
    c.open(
        &uri,
        &format!("# Line\n\n{}\n", "we saw teh talk ".repeat(n / 4)),
    );
    let start = Instant::now();
    let list = c.diagnostics_for(&uri);
    let published = start.elapsed();
    assert_eq!(list.len(), 1001);
    let start = Instant::now();
    let id = c.next_id;
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": list[500]["range"], "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let answered = start.elapsed();
    assert_eq!(r["id"], id);
    let actions = r["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), n / 4);
    // Linear work is well under a second each; quadratic work takes minutes.
    assert!(
        published < Duration::from_secs(10) && answered < Duration::from_secs(10),
        "published in {published:?}, code action answered in {answered:?}"
    );
    c.shutdown_and_exit();
}

// ---- The configuration, shown when it is broken. ----

#[test]
fn a_broken_config_is_shown_to_the_user() {
    let dir = temp_dir("lsp-broken-config");
    let post = dir.join("post.md");
    let uri = file_uri(&post);
    let config = write(
        &dir,
        "postlint.toml",
        "# settings\n[rules.placeholder]\nenabld = false\n",
    );
    let config_uri = file_uri(&config);
    let mut c = Client::initialized(&dir);
    c.open(&uri, "# Post\n\nTODO finish\n");
    let (mut shown, mut on_config, mut on_post) = (None, None, None);
    while shown.is_none() || on_config.is_none() || on_post.is_none() {
        let m = c.recv();
        if m["method"] == "window/showMessage" {
            shown = Some(m["params"].clone());
        } else if m["method"] == "textDocument/publishDiagnostics" {
            if m["params"]["uri"] == config_uri {
                on_config = Some(m["params"]["diagnostics"].clone());
            } else if m["params"]["uri"] == uri {
                on_post = Some(m["params"]["diagnostics"].clone());
            }
        }
    }
    let shown = shown.unwrap();
    assert_eq!(shown["type"], 1, "{shown}");
    assert!(
        shown["message"].as_str().unwrap().contains("postlint.toml"),
        "{shown}"
    );
    let on_config = on_config.unwrap();
    assert_eq!(on_config.as_array().unwrap().len(), 1, "{on_config}");
    assert_eq!(on_config[0]["range"]["start"]["line"], 2, "{on_config}");
    assert_eq!(on_config[0]["severity"], 1, "{on_config}");
    assert!(
        on_config[0]["message"].as_str().unwrap().contains("enabld"),
        "{on_config}"
    );
    // The post says why it was not checked, and where to look.
    let on_post = on_post.unwrap();
    assert_eq!(on_post.as_array().unwrap().len(), 1, "{on_post}");
    assert_eq!(
        on_post[0]["relatedInformation"][0]["location"]["uri"], config_uri,
        "{on_post}"
    );
    // Mended: the config's diagnostic goes, the post is checked again.
    write(
        &dir,
        "postlint.toml",
        "# settings\n[rules.placeholder]\nenabled = false\n",
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let (mut cleared, mut checked) = (false, false);
    while !cleared || !checked {
        let m = c.recv();
        if m["method"] == "textDocument/publishDiagnostics" {
            let list = m["params"]["diagnostics"].as_array().unwrap();
            if m["params"]["uri"] == config_uri {
                cleared = list.is_empty();
            } else if m["params"]["uri"] == uri {
                checked = list.iter().all(|d| d["code"] != "placeholder");
            }
        }
    }
    c.shutdown_and_exit();
}

// ---- Quick fixes. ----

fn code_actions(c: &mut Client, uri: &str, range: &Value, only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({"diagnostics": []});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
    );
    r["result"].as_array().expect("a list of actions").clone()
}

/// Apply LSP text edits (UTF-16 positions) to `text`, as an editor does.
fn apply_lsp_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, ch) in text[start..].char_indices() {
            if units >= character || ch == '\n' {
                return start + i;
            }
            units += ch.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort();
    let mut out = text.to_string();
    for (a, b, new) in spans.into_iter().rev() {
        out.replace_range(a..b, &new);
    }
    out
}

#[test]
fn one_quick_fix_per_defect() {
    let dir = temp_dir("lsp-one-fix");
    let uri = file_uri(&dir.join("post.md"));
    let mut c = Client::initialized(&dir);
    c.open(&uri, "---\ntitle: x\n---\n\nDask Dwon Under\n");
    let list = c.diagnostics_for(&uri);
    // Two rules see the same slip (`typo`'s `dwon`, `name-spelling`'s name): the engine
    // keeps the higher rank's finding, so one diagnostic and one fix.
    assert_eq!(list.len(), 1, "{list:?}");
    let range = list[0]["range"].clone();
    let actions = code_actions(&mut c, &uri, &range, None);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Replace with 'Down'"], "{actions:?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(actions[0]["isPreferred"], true);
    let only = code_actions(&mut c, &uri, &range, Some(&["quickfix"]));
    assert_eq!(only.len(), 1, "{only:?}");
    c.shutdown_and_exit();
}

#[test]
fn fix_all_sends_one_edit_per_fix() {
    let dir = temp_dir("lsp-fix-all");
    let uri = file_uri(&dir.join("post.md"));
    let text = "# Draft\n\nOur 🙂 teh github repo,\nand teh end.\n";
    let mut c = Client::initialized(&dir);
    c.open(&uri, text);
    let list = c.diagnostics_for(&uri);
    assert!(list.len() >= 3, "{list:?}");
    let zero = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let actions = code_actions(&mut c, &uri, &zero, Some(&["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll");
    let edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), 3, "{edits:?}");
    for e in edits {
        let r = &e["range"];
        assert_eq!(r["start"]["line"], r["end"]["line"], "{e}");
    }
    assert_eq!(
        apply_lsp_edits(text, edits),
        "# Draft\n\nOur 🙂 the GitHub repo,\nand the end.\n"
    );
    c.shutdown_and_exit();
}

// ---- In-process: the session without a pipe. ----

fn framed(v: Value) -> Vec<u8> {
    let body = v.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn nothing_is_published_after_shutdown() {
    use postlint::lsp::{Server, Settings};
    let dir = temp_dir("lsp-after-shutdown");
    let uri = file_uri(&dir.join("post.md"));
    let mut s = Server::new(Settings::default());
    s.receive(&framed(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    ));
    s.receive(&framed(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "TODO\n"}}}),
    ));
    s.receive(&framed(
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    ));
    assert!(s.due().is_some());
    s.take_output();
    s.check();
    assert!(s.take_output().is_empty());
    s.receive(&framed(json!({"jsonrpc": "2.0", "method": "exit"})));
    assert_eq!(s.exit_code(), Some(0));
}

#[test]
fn serve_returns_the_exit_status_to_its_caller() {
    use postlint::lsp::{serve, Settings};
    let init = framed(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
    let shutdown = framed(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    let exit = framed(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = |messages: &[&[u8]]| {
        let input = std::io::Cursor::new(messages.concat());
        let mut out = Vec::new();
        serve(input, &mut out, Settings::default()).expect("serves")
    };
    // `postlint server` exits with what `serve` returns (no process::exit inside it).
    assert_eq!(status(&[&init, &shutdown, &exit]), 0);
    assert_eq!(status(&[&init, &exit]), 1);
    assert_eq!(status(&[&init]), 1);
    assert_eq!(status(&[&init, &shutdown]), 0);
}
