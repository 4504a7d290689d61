//! `--online`: check external http(s) links over the network. Opt-in; without the flag
//! postlint never opens a socket.
//!
//! HEAD first, GET when the server refuses HEAD; redirects followed by hand (to tell
//! permanent from temporary ones) up to a limit; 429 and 5xx retried with backoff; all of
//! it within `--online-timeout` per link (a timeout is not retried); bounded
//! concurrency with a per-host limit; a JSON cache with a time-to-live so CI and pre-commit
//! do not hit the same URL on every run.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// What fetching a URL found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    Ok,
    /// The final answer was this status (4xx/5xx).
    Status {
        code: u16,
    },
    /// A permanent redirect (301/308) to a page that answers.
    Moved {
        to: String,
    },
    DnsFailure,
    Timeout,
    /// Connection refused, TLS failure...
    Unreachable {
        reason: String,
    },
    TooManyRedirects,
}

impl Outcome {
    /// Worth remembering between runs (not a passing network problem).
    fn cacheable(&self) -> bool {
        matches!(
            self,
            Outcome::Ok
                | Outcome::Moved { .. }
                | Outcome::TooManyRedirects
                | Outcome::Status { code: 404 | 410 }
        )
    }
}

#[derive(Debug, Clone)]
pub struct OnlineOptions {
    pub timeout: Duration,
    pub workers: usize,
    pub per_host: usize,
    pub retries: u32,
    pub backoff: Duration,
    pub max_redirects: u32,
    pub cache: Option<PathBuf>,
    pub cache_ttl: Duration,
    pub progress: bool,
}

impl Default for OnlineOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            workers: 8,
            per_host: 2,
            retries: 2,
            backoff: Duration::from_millis(250),
            max_redirects: 5,
            cache: None,
            cache_ttl: Duration::from_secs(24 * 3600),
            progress: false,
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    checked: u64,
    outcome: Outcome,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Where the link cache of a project in `root` lives, given `rel` (`[links] cache`,
/// relative to the config's folder): an error saying why it cannot be used when a folder
/// on the way, or the file itself, is a symbolic link (never followed: the cache would be
/// written wherever it points) or when the file is not a regular file (a FIFO would
/// block the run).
pub fn cache_path(root: &Path, rel: &str) -> Result<PathBuf, String> {
    if !crate::util::stays_inside(Path::new(rel)) {
        return Err(format!("`{rel}` is outside the config's folder"));
    }
    let mut at = root.to_path_buf();
    for part in Path::new(rel).components() {
        at.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&at) else {
            // Created when the cache is saved.
            break;
        };
        if meta.file_type().is_symlink() {
            return Err(format!(
                "`{}` is a symbolic link (not followed)",
                at.display()
            ));
        }
    }
    let path = root.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if !m.is_file() => Err(format!("`{}` is not a regular file", path.display())),
        _ => Ok(path),
    }
}

fn empty_cache() -> CacheFile {
    CacheFile {
        version: 1,
        entries: BTreeMap::new(),
    }
}

/// The cache at `path`, or an empty one. Only a regular file of bounded size is read, and
/// a symlink at its name is not followed (`cache_path` checked the folders).
fn load_cache(path: &Path) -> CacheFile {
    crate::util::read_regular(path, crate::util::CACHE_SIZE_LIMIT, false)
        .ok()
        .and_then(|t| serde_json::from_str::<CacheFile>(&t).ok())
        .filter(|c| c.version == 1)
        .unwrap_or_else(empty_cache)
}

fn save_cache(path: &Path, cache: &CacheFile) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
        // A folder swapped for a symlink since the run started is not written through.
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return;
        }
    }
    if let Ok(text) = serde_json::to_string_pretty(cache) {
        // A new temporary file (random name, created exclusively: a symlink planted in the
        // folder is never followed) renamed over the cache, so a concurrent run never reads
        // half a file. A cache that cannot be saved is only a slower next run.
        let _ = crate::fix::replace_file(path, text.as_bytes());
    }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1"
}

struct Agents {
    proxied: ureq::Agent,
    direct: ureq::Agent,
}

impl Agents {
    fn new(opts: &OnlineOptions) -> Self {
        let build = |proxy: bool| {
            let mut b = ureq::Agent::config_builder()
                .timeout_global(Some(opts.timeout))
                .max_redirects(0)
                .http_status_as_error(false)
                .user_agent(concat!(
                    "postlint/",
                    env!("CARGO_PKG_VERSION"),
                    " (link checker)"
                ));
            if !proxy {
                b = b.proxy(None);
            }
            ureq::Agent::new_with_config(b.build())
        };
        Self {
            proxied: build(true),
            direct: build(false),
        }
    }

    fn for_host(&self, host: &str) -> &ureq::Agent {
        if is_loopback(host) {
            &self.direct
        } else {
            &self.proxied
        }
    }
}

/// Map a transport error to an outcome.
pub fn classify(err: &ureq::Error) -> Outcome {
    match err {
        ureq::Error::HostNotFound => Outcome::DnsFailure,
        ureq::Error::Timeout(_) => Outcome::Timeout,
        ureq::Error::TooManyRedirects => Outcome::TooManyRedirects,
        ureq::Error::StatusCode(code) => Outcome::Status { code: *code },
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => Outcome::Timeout,
        other => Outcome::Unreachable {
            reason: other.to_string(),
        },
    }
}

/// One request (HEAD, or GET when HEAD is refused), with retries for 429 and 5xx, all
/// done by `deadline`: each request may take only the time left, and a retry that would
/// wait past it is not made. A timed-out request is not retried (it used the time up).
fn request(
    agents: &Agents,
    url: &str,
    opts: &OnlineOptions,
    deadline: Instant,
) -> Result<(u16, Option<String>), Outcome> {
    let agent = agents.for_host(&host_of(url));
    let left = || {
        deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    };
    let mut attempt = 0;
    loop {
        let Some(time) = left() else {
            return Err(Outcome::Timeout);
        };
        let mut result = agent
            .head(url)
            .config()
            .timeout_global(Some(time))
            .build()
            .call();
        if let Ok(r) = &result {
            if matches!(r.status().as_u16(), 403 | 404 | 405 | 501) {
                // Many servers answer HEAD badly; ask properly before concluding.
                let Some(time) = left() else {
                    return Err(Outcome::Timeout);
                };
                result = agent
                    .get(url)
                    .config()
                    .timeout_global(Some(time))
                    .build()
                    .call();
            }
        }
        let (status, location, retry_after) = match result {
            Ok(r) => {
                let header = |name: &str| {
                    r.headers()
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string)
                };
                (
                    r.status().as_u16(),
                    header("location"),
                    header("retry-after"),
                )
            }
            Err(e) => return Err(classify(&e)),
        };
        if (status == 429 || status >= 500) && attempt < opts.retries {
            let wait = retry_after
                .and_then(|s| s.trim().parse::<u64>().ok())
                .map(|s| Duration::from_secs(s.min(5)))
                .unwrap_or(opts.backoff * 2u32.pow(attempt));
            // Only a retry that can still be answered in time.
            if left().is_some_and(|t| t > wait) {
                std::thread::sleep(wait);
                attempt += 1;
                continue;
            }
        }
        return Ok((status, location));
    }
}

/// Follow redirects by hand; report the first permanent one if the chain ends well. The
/// whole check of one link, redirects and retries included, takes at most `opts.timeout`.
fn check_url(agents: &Agents, opts: &OnlineOptions, url: &str) -> Outcome {
    let deadline = Instant::now() + opts.timeout;
    let mut current = url.to_string();
    let mut moved: Option<String> = None;
    for _ in 0..=opts.max_redirects {
        let (status, location) = match request(agents, &current, opts, deadline) {
            Ok(x) => x,
            Err(o) => return o,
        };
        match status {
            200..=299 => {
                return match moved {
                    Some(to) => Outcome::Moved { to },
                    None => Outcome::Ok,
                };
            }
            300..=399 => {
                let Some(loc) = location else {
                    return Outcome::Status { code: status };
                };
                let next = url::Url::parse(&current)
                    .and_then(|base| base.join(&loc))
                    .map(|u| u.to_string())
                    .unwrap_or(loc);
                if matches!(status, 301 | 308) && moved.is_none() && current == url {
                    moved = Some(next.clone());
                }
                if !(next.starts_with("http://") || next.starts_with("https://")) {
                    return Outcome::Unreachable {
                        reason: format!("redirect to a non-http URL `{next}`"),
                    };
                }
                current = next;
            }
            _ => return Outcome::Status { code: status },
        }
    }
    Outcome::TooManyRedirects
}

/// Check every URL (deduplicated), using and refreshing the cache.
pub fn check_all(urls: &[String], opts: &OnlineOptions) -> HashMap<String, Outcome> {
    let mut unique: Vec<String> = urls
        .iter()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .cloned()
        .collect();
    unique.sort();
    unique.dedup();
    let mut cache = opts.cache.as_deref().map(load_cache);
    let mut results: HashMap<String, Outcome> = HashMap::new();
    let fresh = now();
    let mut todo: VecDeque<String> = VecDeque::new();
    for u in unique {
        let cached = cache
            .as_ref()
            .and_then(|c| c.entries.get(&u))
            .filter(|e| fresh.saturating_sub(e.checked) < opts.cache_ttl.as_secs());
        match cached {
            Some(e) => {
                results.insert(u, e.outcome.clone());
            }
            None => todo.push_back(u),
        }
    }
    let total = todo.len();
    let bar = if opts.progress && total > 0 {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "checking links {bar:30} {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let agents = Agents::new(opts);
    let state = Mutex::new((todo, HashMap::<String, usize>::new()));
    let wake = Condvar::new();
    let found = Mutex::new(Vec::<(String, Outcome)>::new());
    let workers = opts.workers.clamp(1, total.max(1));
    let work = || {
        loop {
            // Take the next URL whose host has a free slot.
            let url = {
                let mut guard = state.lock().unwrap_or_else(|p| p.into_inner());
                loop {
                    let (queue, active) = &mut *guard;
                    if queue.is_empty() {
                        break None;
                    }
                    let pos = queue.iter().position(|u| {
                        active.get(&host_of(u)).copied().unwrap_or(0) < opts.per_host
                    });
                    if let Some(pos) = pos {
                        let u = queue.remove(pos).expect("position is valid");
                        *active.entry(host_of(&u)).or_default() += 1;
                        break Some(u);
                    }
                    guard = wake.wait(guard).unwrap_or_else(|p| p.into_inner());
                }
            };
            let Some(url) = url else { break };
            bar.set_message(url.clone());
            let outcome = check_url(&agents, opts, &url);
            {
                let mut guard = state.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(n) = guard.1.get_mut(&host_of(&url)) {
                    *n -= 1;
                }
            }
            wake.notify_all();
            bar.inc(1);
            found
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((url, outcome));
        }
    };
    std::thread::scope(|s| {
        let started = (0..workers)
            .filter(|_| std::thread::Builder::new().spawn_scoped(s, work).is_ok())
            .count();
        // No thread could start (a process or memory limit): check the links here.
        if started == 0 {
            work();
        }
    });
    bar.finish_and_clear();
    for (url, outcome) in found.into_inner().unwrap_or_else(|p| p.into_inner()) {
        if let Some(c) = cache.as_mut() {
            if outcome.cacheable() {
                c.entries.insert(
                    url.clone(),
                    CacheEntry {
                        checked: fresh,
                        outcome: outcome.clone(),
                    },
                );
            }
        }
        results.insert(url, outcome);
    }
    if let (Some(c), Some(path)) = (cache.as_mut(), opts.cache.as_ref()) {
        c.entries
            .retain(|_, e| fresh.saturating_sub(e.checked) < opts.cache_ttl.as_secs());
        save_cache(path, c);
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_errors_are_classified() {
        assert_eq!(classify(&ureq::Error::HostNotFound), Outcome::DnsFailure);
        assert_eq!(
            classify(&ureq::Error::StatusCode(404)),
            Outcome::Status { code: 404 }
        );
        assert_eq!(
            classify(&ureq::Error::TooManyRedirects),
            Outcome::TooManyRedirects
        );
        let io = ureq::Error::Io(std::io::Error::new(std::io::ErrorKind::TimedOut, "t"));
        assert_eq!(classify(&io), Outcome::Timeout);
        assert!(matches!(
            classify(&ureq::Error::ConnectionFailed),
            Outcome::Unreachable { .. }
        ));
    }

    #[test]
    fn only_stable_answers_are_cached() {
        assert!(Outcome::Ok.cacheable());
        assert!(Outcome::Status { code: 404 }.cacheable());
        assert!(!Outcome::Status { code: 503 }.cacheable());
        assert!(!Outcome::Timeout.cacheable());
        assert!(!Outcome::DnsFailure.cacheable());
    }
}
