//! `postlint server` spoken to as an editor would: JSON-RPC over the binary's stdio.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use common::*;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
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
        let mut child = postlint()
            .current_dir(dir)
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
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
        Client {
            child,
            stdin,
            messages: rx,
            next_id: 1,
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.recv();
            if m["id"] == id {
                return m;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn recv(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("a message from the server")
    }

    fn diagnostics(&self) -> Value {
        loop {
            let m = self.recv();
            if m["method"] == "textDocument/publishDiagnostics" {
                return m["params"].clone();
            }
        }
    }
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
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Fix all postlint issues in file"),
        "{actions:?}"
    );
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
