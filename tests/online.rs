//! `--online` against a small HTTP server of the test's own on 127.0.0.1 (never an outside
//! address), and proof that without `--online` no socket is opened.

mod common;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// A loopback server answering canned responses by path. Stops when dropped, or after
/// 30 seconds whatever happens.
struct Server {
    port: u16,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn respond(stream: &mut TcpStream, hits: &Mutex<HashMap<String, usize>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut buf = [0u8; 4096];
    let mut req = Vec::new();
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
        if req.len() > 64 * 1024 {
            return;
        }
    }
    let text = String::from_utf8_lossy(&req);
    let mut first = text.lines().next().unwrap_or("").split_whitespace();
    let method = first.next().unwrap_or("").to_string();
    let path = first.next().unwrap_or("").to_string();
    let n = {
        let mut h = hits.lock().unwrap();
        let n = h.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let (status, extra) = match path.as_str() {
        "/ok" => ("200 OK", String::new()),
        "/missing" => ("404 Not Found", String::new()),
        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n".to_string()),
        "/temporary" => ("302 Found", "Location: /ok\r\n".to_string()),
        "/loop" => ("301 Moved Permanently", "Location: /loop\r\n".to_string()),
        "/flaky" if n == 1 => ("503 Service Unavailable", "Retry-After: 0\r\n".to_string()),
        "/flaky" => ("200 OK", String::new()),
        "/head-refused" if method == "HEAD" => ("405 Method Not Allowed", String::new()),
        "/head-refused" => ("200 OK", String::new()),
        "/slow" => {
            std::thread::sleep(Duration::from_millis(2500));
            ("200 OK", String::new())
        }
        _ => ("404 Not Found", String::new()),
    };
    let body = if method == "HEAD" { "" } else { "ok" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        if method == "HEAD" { 2 } else { body.len() }
    );
}

fn server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (r, s) = (requests.clone(), stop.clone());
    std::thread::spawn(move || {
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let deadline = Instant::now() + Duration::from_secs(30);
        while !s.load(Ordering::SeqCst) && Instant::now() < deadline {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    r.fetch_add(1, Ordering::SeqCst);
                    let _ = stream.set_nonblocking(false);
                    let hits = hits.clone();
                    std::thread::spawn(move || respond(&mut stream, &hits));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    Server {
        port,
        requests,
        stop,
    }
}

fn post(port: u16, paths: &[&str]) -> String {
    let mut s = String::from("# Links\n\n");
    for p in paths {
        s.push_str(&format!("- [{p}](http://127.0.0.1:{port}{p})\n"));
    }
    s
}

fn findings(dir: &std::path::Path, extra: &[&str]) -> Vec<(String, String, u64)> {
    let mut args = vec![
        "check",
        "post.md",
        "--format",
        "json",
        "--online",
        "--online-timeout",
        "1",
    ];
    args.extend_from_slice(extra);
    let o = postlint().current_dir(dir).args(&args).output().unwrap();
    json_diagnostics(&o)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn each_outcome_is_reported() {
    let srv = server();
    let dir = temp_dir("online");
    let paths = [
        "/ok",
        "/missing",
        "/moved",
        "/temporary",
        "/loop",
        "/flaky",
        "/head-refused",
        "/slow",
    ];
    write(&dir, "post.md", &post(srv.port, &paths));
    write(&dir, "postlint.toml", "[links]\ncache = \"cache.json\"\n");
    let f = findings(&dir, &[]);
    let at = |line: u64| {
        f.iter()
            .filter(|x| x.2 == line)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(at(3).is_empty(), "/ok: {f:?}");
    assert_eq!(at(4)[0].1, "link answers HTTP 404");
    assert_eq!(at(5)[0].0, "permanent-redirect");
    assert!(
        at(5)[0]
            .1
            .ends_with(&format!("`http://127.0.0.1:{}/ok`", srv.port)),
        "{f:?}"
    );
    assert!(at(6).is_empty(), "temporary redirects are fine: {f:?}");
    assert_eq!(at(7)[0].1, "link redirects too many times");
    assert!(at(8).is_empty(), "503 then 200 is retried: {f:?}");
    assert!(at(9).is_empty(), "HEAD refused, GET fine: {f:?}");
    assert_eq!(at(10)[0].0, "link-timeout", "{f:?}");
    // The cache answers the stable outcomes next time: only /slow is fetched again.
    let before = srv.requests.load(Ordering::SeqCst);
    let cache = std::fs::read_to_string(dir.join("cache.json")).unwrap();
    assert!(
        cache.contains("/missing") && !cache.contains("/slow"),
        "{cache}"
    );
    let again = findings(&dir, &[]);
    assert_eq!(again, f);
    let fetched = srv.requests.load(Ordering::SeqCst) - before;
    assert!(
        fetched <= 3,
        "only the timed-out link is fetched again, got {fetched} requests"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn excluded_urls_are_not_fetched() {
    let srv = server();
    let dir = temp_dir("online-exclude");
    write(&dir, "post.md", &post(srv.port, &["/missing"]));
    write(
        &dir,
        "postlint.toml",
        "[links]\nexclude = [\"127\\\\.0\\\\.0\\\\.1\"]\ncache = \"c.json\"\n",
    );
    assert!(findings(&dir, &[]).is_empty());
    assert_eq!(srv.requests.load(Ordering::SeqCst), 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_online_no_socket_is_opened() {
    let srv = server();
    let dir = temp_dir("offline");
    write(
        &dir,
        "post.md",
        &post(srv.port, &["/ok", "/missing", "/moved"]),
    );
    let o = run_in(&dir, &["check", "post.md", "--format", "json"]);
    assert!(o.status.success() || o.status.code() == Some(1));
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        srv.requests.load(Ordering::SeqCst),
        0,
        "no connection without --online"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Item 21 (issue "Robustness and security under hostile input"): a link that never
/// answers costs one `--online-timeout` in all, not one per retry (three before).
#[test]
fn a_silent_link_costs_one_timeout_in_all() {
    let srv = server();
    let dir = temp_dir("online-deadline");
    write(&dir, "post.md", &post(srv.port, &["/slow"]));
    let started = Instant::now();
    let f = findings(&dir, &[]);
    let took = started.elapsed();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "link-timeout", "{f:?}");
    assert!(
        took < Duration::from_millis(2_200),
        "one link with a 1 s timeout took {took:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
