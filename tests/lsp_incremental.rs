//! The language server keeps each site indexed and updates the index one buffer at a time
//! (`src/lsp/incremental.rs`): after every edit of a sequence, what it publishes for each
//! open document equals what a fresh full check of the site (the same buffers as overlay)
//! finds in it. The edits reach headings other posts link to, words the site's vocabulary
//! counts, front matter the statistics count, a post's URL (which needs a new index), a
//! new post not yet on disk, and a closed buffer whose file differs from it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use postlint::engine::{self, Options};
use postlint::lsp::{Server, Settings};
use serde_json::{json, Value};

fn framed(v: Value) -> Vec<u8> {
    let body = v.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// A finding as the server publishes it and as the full check gives it: code, message,
/// line and column (the test's texts are ASCII, so columns are bytes).
type Seen = (String, String, u64, u64);

struct Session {
    server: Server,
    version: i32,
    /// Last published diagnostics, by URI.
    published: HashMap<String, Vec<Seen>>,
    open: HashMap<PathBuf, String>,
}

impl Session {
    fn new() -> Session {
        let mut server = Server::new(Settings::default());
        server.receive(&framed(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
        ));
        server.receive(&framed(
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ));
        server.take_output();
        Session {
            server,
            version: 0,
            published: HashMap::new(),
            open: HashMap::new(),
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.server.receive(&framed(
            json!({"jsonrpc": "2.0", "method": method, "params": params}),
        ));
        self.server.check();
        for body in self.server.take_output() {
            let m: Value = serde_json::from_slice(&body).unwrap();
            if m["method"] != "textDocument/publishDiagnostics" {
                continue;
            }
            let seen = m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["code"].as_str().unwrap_or("").to_string(),
                        d["message"].as_str().unwrap().to_string(),
                        d["range"]["start"]["line"].as_u64().unwrap(),
                        d["range"]["start"]["character"].as_u64().unwrap(),
                    )
                })
                .collect();
            self.published
                .insert(m["params"]["uri"].as_str().unwrap().to_string(), seen);
        }
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.version += 1;
        self.open.insert(path.to_path_buf(), text.to_string());
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "markdown",
                "version": self.version, "text": text}}),
        );
    }

    fn change(&mut self, path: &Path, text: &str) {
        self.version += 1;
        self.open.insert(path.to_path_buf(), text.to_string());
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(path), "version": self.version},
                "contentChanges": [{"text": text}]}),
        );
    }

    fn close(&mut self, path: &Path) {
        self.open.remove(path);
        self.published.remove(&uri(path));
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri(path)}}),
        );
    }

    /// Every open document's published findings equal a full check's.
    fn assert_full_check(&self, root: &Path, step: &str) {
        let opts = Options {
            paths: vec![root.to_path_buf()],
            overlay: self.open.clone(),
            ..Options::default()
        };
        let mut report = engine::run(&opts).unwrap();
        // A buffer of a file not on disk is checked as a file of its own.
        let extra: Vec<PathBuf> = self.open.keys().filter(|p| !p.exists()).cloned().collect();
        if !extra.is_empty() {
            let more = engine::run(&Options {
                paths: extra,
                overlay: self.open.clone(),
                ..Options::default()
            })
            .unwrap();
            let base = report.db.len();
            for f in more.db.iter() {
                report.db.add(f.clone());
            }
            report
                .diagnostics
                .extend(more.diagnostics.into_iter().map(|mut d| {
                    d.file += base;
                    d
                }));
        }
        for path in self.open.keys() {
            let Some(id) = (0..report.db.len()).find(|&i| {
                report
                    .db
                    .get(i)
                    .path
                    .as_deref()
                    .map(|p| std::path::absolute(p).unwrap())
                    == Some(path.clone())
            }) else {
                panic!("{step}: {} not in the full check", path.display());
            };
            let text = &report.db.get(id).text;
            let mut want: Vec<Seen> = report
                .diagnostics
                .iter()
                .filter(|d| d.file == id)
                .map(|d| {
                    let before = &text[..d.range.start];
                    let line = before.matches('\n').count() as u64;
                    let col = (before.len() - before.rfind('\n').map_or(0, |i| i + 1)) as u64;
                    let mut message = d.message.clone();
                    if let Some(h) = &d.help {
                        message.push_str("\nhelp: ");
                        message.push_str(h);
                    }
                    (d.rule.clone(), message, line, col)
                })
                .collect();
            let mut got = self.published.get(&uri(path)).cloned().unwrap_or_default();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{step}: {}", path.display());
        }
    }
}

fn post(title: &str, heading: &str, link: &str, extra: &str) -> String {
    format!(
        "---\nlayout: post\ntitle: {title}\ntags: [community, recap]\n---\n\n\
         Intro with Kubernetes and Dask and Zarr.\n\n## {heading}\n\n\
         See [the other post]({link}) and TODO add photos.\n\n{extra}\n"
    )
}

#[test]
fn incremental_checks_equal_a_full_check_after_every_edit() {
    let root = std::env::temp_dir().join(format!("postlint-lsp-incr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::create_dir_all(root.join("images")).unwrap();
    std::fs::write(
        root.join("_config.yml"),
        "title: T\npermalink: /:year/:month/:day/:title.html\n",
    )
    .unwrap();
    std::fs::write(root.join("images/a.png"), b"").unwrap();
    let a = root.join("_posts/2020-01-01-alpha.md");
    let b = root.join("_posts/2020-02-02-beta.md");
    let c = root.join("_posts/2020-03-03-gamma.md");
    let a0 = post(
        "Alpha",
        "Talks",
        "/2020/02/02/beta.html#schedule",
        "![photo](/images/a.png)",
    );
    let b0 = post("Beta", "Schedule", "/2020/01/01/alpha.html#talks", "");
    let c0 = post(
        "Gamma",
        "Notes",
        "{% post_url 2020-01-01-alpha %}#talks",
        "Daskk is here.",
    );
    std::fs::write(&a, &a0).unwrap();
    std::fs::write(&b, &b0).unwrap();
    std::fs::write(&c, &c0).unwrap();
    for i in 0..6 {
        std::fs::write(
            root.join(format!("_posts/2019-0{}-01-filler-{i}.md", i + 1)),
            post(
                &format!("Filler {i}"),
                "Talks",
                "/2020/01/01/alpha.html",
                "Kubernets.",
            ),
        )
        .unwrap();
    }
    let mut s = Session::new();
    s.open(&a, &a0);
    s.assert_full_check(&root, "open a");
    s.open(&b, &b0);
    s.assert_full_check(&root, "open b");
    // A heading other posts link to.
    let a1 = post("Alpha", "Sessions", "/2020/02/02/beta.html#schedule", "");
    s.change(&a, &a1);
    s.assert_full_check(&root, "rename a's heading");
    // Words the site's vocabulary counts: a misspelling becomes the site's own word.
    let a2 = post(
        "Alpha",
        "Sessions",
        "/2020/02/02/beta.html#schedule",
        "Daskk and Daskk and Daskk. Kubernets twice: Kubernets.",
    );
    s.change(&a, &a2);
    s.assert_full_check(&root, "vocabulary");
    s.change(&a, &a1);
    s.assert_full_check(&root, "vocabulary back");
    // Front matter the statistics count (and tags, which the site publishes).
    let a3 = a2.replace(
        "layout: post\n",
        "layout: post\nauthor: Someone\ndate: 2020-01-01\n",
    );
    s.change(&a, &a3);
    s.assert_full_check(&root, "front matter");
    let a4 = a3.replace("[community, recap]", "[Community, recap]");
    s.change(&a, &a4);
    s.assert_full_check(&root, "tags");
    // A post's URL: the site needs a new index.
    let a5 = a4.replace("layout: post\n", "layout: post\npermalink: /alpha/\n");
    s.change(&a, &a5);
    s.assert_full_check(&root, "permalink");
    // An image that goes missing, and back.
    s.change(&a, &a5.replace("Daskk and", "![x](/images/b.png) and"));
    s.assert_full_check(&root, "missing image");
    // Another buffer edited, then closed with its file as it was on disk.
    s.change(&b, &post("Beta", "Agenda", "/alpha/#sessions", "Daskk."));
    s.assert_full_check(&root, "edit b");
    s.close(&b);
    s.assert_full_check(&root, "close b");
    s.change(&a, &a1);
    s.assert_full_check(&root, "a after b closed");
    // A new post that is only a buffer.
    let d = root.join("_posts/2020-04-04-delta.md");
    s.open(
        &d,
        &post("Delta", "Talks", "/2020/01/01/alpha.html#sessions", ""),
    );
    s.assert_full_check(&root, "new post");
    // A file changed on disk, then a save: the index is read again.
    std::fs::write(&c, post("Gamma", "Notes", "/nowhere/", "")).unwrap();
    s.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&a)}}),
    );
    s.assert_full_check(&root, "after save");
    let _ = std::fs::remove_dir_all(&root);
}
