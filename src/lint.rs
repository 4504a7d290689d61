//! The engine: inputs → configs and rules → read and parse (in parallel) → rules →
//! suppressions, severities and a stable order.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config, ConfigError};
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::discover::{self, Input};
use crate::document::Document;
use crate::links::online::{self, OnlineOptions, Outcome};
use crate::rule::{Ctx, Rule, RuleMeta};
use crate::rules::{self, input as input_rules};
use crate::site::{self, Site};
use crate::source::{SourceDb, SourceFile};

/// What to lint and how.
#[derive(Debug, Default, Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub config: Option<PathBuf>,
    pub stdin_filename: Option<String>,
    /// Check external links over the network (`--online`); `None` never touches it.
    pub online: Option<OnlineOptions>,
    /// Texts to use instead of the files' contents on disk (absolute path → text): fixes
    /// being computed, an editor's unsaved buffers.
    pub overlay: HashMap<PathBuf, String>,
    /// Files larger than this many bytes are skipped with a note (0: the 10 MB default).
    pub max_file_size: u64,
}

/// Default for [`Options::max_file_size`].
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub db: SourceDb,
    pub diagnostics: Vec<Diagnostic>,
    /// Files read and checked (binary and unreadable files excluded).
    pub files_checked: usize,
    /// Files or folders that could not be read: the exit status is then 2.
    pub io_errors: usize,
    /// Every rule of the run (for formats that describe them, like SARIF).
    pub rules: Vec<RuleInfo>,
}

/// A rule's description, owned.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub name: String,
    pub summary: String,
    pub docs: String,
    pub severity: Severity,
    pub fixable: bool,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Did postlint itself fail on some file (`internal-error`)? The exit status is then 2,
    /// as for unreadable files.
    pub fn has_internal_error(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.rule == input_rules::INTERNAL_ERROR.name)
    }
}

/// A problem that stops the run before linting: exit status 2.
#[derive(Debug)]
pub enum Fatal {
    Usage(String),
    Config(ConfigError),
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fatal::Usage(m) => f.write_str(m),
            Fatal::Config(e) => write!(f, "invalid configuration: {e}"),
        }
    }
}

/// A config and the rules it yields.
pub struct Profile {
    pub config: Config,
    pub rules: Vec<Box<dyn Rule>>,
}

impl Profile {
    /// Load a profile from a config file, or the defaults when `file` is `None`.
    pub fn load(file: Option<&Path>) -> Result<Profile, Fatal> {
        let config = match file {
            Some(f) => Config::load(f).map_err(Fatal::Config)?,
            None => Config::default(),
        };
        let rules = rules::registry(&config).map_err(Fatal::Config)?;
        let engine: Vec<&str> = rules::engine_metas()
            .iter()
            .map(|m| m.name.as_ref())
            .collect();
        config.validate(&rules, &engine).map_err(Fatal::Config)?;
        Ok(Profile { config, rules })
    }
}

/// Every rule name known to a profile, engine rules included.
pub fn all_metas(profile: &Profile) -> Vec<&RuleMeta> {
    let mut metas: Vec<&RuleMeta> = profile.rules.iter().map(|r| r.meta()).collect();
    metas.extend(rules::engine_metas());
    metas.sort_by(|a, b| a.name.cmp(&b.name));
    metas
}

struct Selection<'a> {
    select: &'a [String],
    ignore: &'a [String],
}

impl Selection<'_> {
    /// Effective severity of a rule on a file, or `None` when it is off.
    fn severity(&self, meta: &RuleMeta, config: &Config, path: Option<&Path>) -> Option<Severity> {
        let s = config.rule_settings(&meta.name, path);
        let mut enabled = s.enabled.unwrap_or(true);
        if !self.select.is_empty() {
            enabled = self.select.iter().any(|r| *r == meta.name);
        }
        if self.ignore.iter().any(|r| *r == meta.name) {
            enabled = false;
        }
        enabled.then(|| s.severity.unwrap_or(meta.default_severity))
    }
}

/// Lint everything `opts` names.
pub fn run(opts: &Options) -> Result<Report, Fatal> {
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let t = crate::timings::start();
    let found = found_inputs(&paths, opts)?;
    crate::timings::record("phase: discover", t);
    run_discovered(found, opts)
}

/// Expand `paths` into inputs (see [`discover::discover`]), adding overlay-only files.
pub fn found_inputs(paths: &[PathBuf], opts: &Options) -> Result<discover::Discovered, Fatal> {
    let paths = paths.to_vec();
    // A path known only from the overlay (an editor's unsaved new file) is a file too.
    let (virtual_paths, disk_paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| {
            !p.exists() && std::path::absolute(p).is_ok_and(|a| opts.overlay.contains_key(&a))
        });
    let mut found = discover::discover(&disk_paths).map_err(Fatal::Usage)?;
    for p in virtual_paths {
        found.inputs.push(Input::File {
            display: p.display().to_string(),
            path: p,
        });
    }
    found.inputs.sort();
    found.inputs.dedup();
    Ok(found)
}

/// Lint inputs found earlier. Files that vanished since are reported, not fatal.
pub fn run_discovered(found: discover::Discovered, opts: &Options) -> Result<Report, Fatal> {
    // One profile per config file in use.
    let mut profiles: Vec<Arc<Profile>> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut dir_cache: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut profile_for_dir = |path: Option<&Path>| -> Result<usize, Fatal> {
        let cfg = match (&opts.config, path) {
            (Some(c), _) => Some(c.clone()),
            (None, p) => {
                let dir = p
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("."));
                dir_cache
                    .entry(dir.clone())
                    .or_insert_with(|| config::discover(&dir.join("x")))
                    .clone()
            }
        };
        if let Some(&i) = by_config.get(&cfg) {
            return Ok(i);
        }
        let profile = Profile::load(cfg.as_deref())?;
        profiles.push(Arc::new(profile));
        by_config.insert(cfg, profiles.len() - 1);
        Ok(profiles.len() - 1)
    };
    // Inputs come sorted, so a folder's files follow each other: its answer is kept at hand.
    let mut last_dir: Option<(PathBuf, usize)> = None;
    let mut profile_for = |path: Option<&Path>| -> Result<usize, Fatal> {
        let parent = path.and_then(Path::parent);
        if let (None, Some(dir), Some((last, i))) = (&opts.config, parent, &last_dir) {
            if dir == last {
                return Ok(*i);
            }
        }
        let i = profile_for_dir(path)?;
        if let (None, Some(dir)) = (&opts.config, parent) {
            last_dir = Some((dir.to_path_buf(), i));
        }
        Ok(i)
    };

    let stdin_path = opts.stdin_filename.as_ref().map(PathBuf::from);
    let mut jobs: Vec<Job> = Vec::new();
    for input in found.inputs {
        let p = match &input {
            Input::File { path, .. } => profile_for(Some(path))?,
            Input::Stdin => profile_for(stdin_path.as_deref())?,
        };
        jobs.push(Job {
            input,
            profile: p,
            report: true,
        });
    }
    if jobs.is_empty() {
        profile_for(None)?;
    }
    // --select / --ignore must name real rules.
    for name in opts.select.iter().chain(&opts.ignore) {
        let known = profiles
            .iter()
            .any(|p| all_metas(p).iter().any(|m| m.name == *name));
        if !known {
            return Err(Fatal::Usage(format!(
                "unknown rule `{name}` (see `postlint rules`)"
            )));
        }
    }
    let selection = Selection {
        select: &opts.select,
        ignore: &opts.ignore,
    };
    // Site context: the other posts of the Jekyll sites the checked files belong to.
    let needs_site = profiles
        .iter()
        .any(|p| p.rules.iter().any(|r| r.meta().needs_site));
    if needs_site {
        let t = crate::timings::start();
        let context = site_context(&jobs, &found.walked);
        crate::timings::record("phase: site context", t);
        jobs.extend(context.into_iter().map(|input| Job {
            input,
            profile: 0,
            report: false,
        }));
    }

    // Read everything, parse everything, index the site, then check the files asked for.
    let t = crate::timings::start();
    let loaded: Vec<Loaded> = jobs
        .par_iter()
        .map(|job| load(job, &profiles[job.profile], &selection, opts))
        .collect();
    crate::timings::record("phase: read", t);
    let t = crate::timings::start();
    // A parse that panics (a bug) costs its file, not the run.
    let (docs, parse_failures): (Vec<Option<Document>>, Vec<Option<String>>) = loaded
        .par_iter()
        .map(
            |l| match l.parse.then(|| guarded(|| Document::parse(&l.file))) {
                None => (None, None),
                Some(Ok(doc)) => (Some(doc), None),
                Some(Err(why)) => (None, Some(why)),
            },
        )
        .unzip();
    crate::timings::record("phase: parse", t);
    let all_docs: Vec<&Document> = docs.iter().flatten().collect();
    // Position of each parsed document in `all_docs` (= its index in the site).
    let site_index: Vec<Option<usize>> = docs
        .iter()
        .scan(0usize, |next, d| {
            Some(d.as_ref().map(|_| {
                *next += 1;
                *next - 1
            }))
        })
        .collect();
    let t = crate::timings::start();
    let site = Site::build(&all_docs, profiles[0].config.links.heading_ids);
    crate::timings::record("phase: site index", t);
    drop(all_docs);
    let t = crate::timings::start();
    // Each document is checked and dropped: the site index owns what it needs, so memory
    // falls as the check proceeds.
    let want_links = opts.online.is_some();
    let checked: Vec<(Vec<Diagnostic>, Option<ExternalLinks>)> = docs
        .into_par_iter()
        .zip(loaded.par_iter())
        .zip(site_index.par_iter())
        .map(|((doc, l), &index)| match doc {
            Some(doc) if l.job_report => {
                let profile = &profiles[l.profile];
                let path = l.config_path.as_deref();
                let diags = lint_document(&doc, &site, index, profile, |m| {
                    selection.severity(m, &profile.config, path)
                });
                let links = want_links.then(|| ExternalLinks {
                    links: doc
                        .links
                        .iter()
                        .map(|k| {
                            (
                                k.dest_range.clone().unwrap_or(k.range.clone()),
                                k.dest.trim().to_string(),
                            )
                        })
                        .filter(|(_, u)| u.starts_with("http://") || u.starts_with("https://"))
                        .collect(),
                    suppressions: doc.suppressions.clone(),
                });
                (diags, links)
            }
            _ => (Vec::new(), None),
        })
        .collect();
    crate::timings::record("phase: check", t);
    let t = crate::timings::start();
    drop(site);
    crate::timings::record("phase: drop site index", t);
    let t = crate::timings::start();
    let (checked, links): (Vec<Vec<Diagnostic>>, Vec<Option<ExternalLinks>>) =
        checked.into_iter().unzip();
    let mut online_diags: Vec<Vec<Diagnostic>> = vec![Vec::new(); loaded.len()];
    if let Some(online) = &opts.online {
        check_online(
            online,
            &profiles,
            &selection,
            &loaded,
            &links,
            &mut online_diags,
        );
    }

    let mut report = Report {
        rules: all_metas(&profiles[0])
            .into_iter()
            .map(|m| RuleInfo {
                name: m.name.to_string(),
                summary: m.summary.to_string(),
                docs: m.docs_text(),
                severity: m.default_severity,
                fixable: m.fixable,
            })
            .collect(),
        ..Report::default()
    };
    report.diagnostics.reserve(
        loaded.iter().map(|l| l.early.len()).sum::<usize>()
            + checked.iter().map(Vec::len).sum::<usize>()
            + online_diags.iter().map(Vec::len).sum::<usize>(),
    );
    for (((l, diags), online), failed) in loaded
        .into_iter()
        .zip(checked)
        .zip(online_diags)
        .zip(parse_failures)
    {
        if !l.job_report {
            continue;
        }
        let failed = failed.map(|why| {
            internal_error(
                0..0,
                format!("internal error while parsing this file: {why}"),
            )
        });
        let id = report.db.add(l.file);
        for mut d in l.early.into_iter().chain(failed).chain(diags).chain(online) {
            d.file = id;
            report.diagnostics.push(d);
        }
        report.files_checked += usize::from(l.checked);
        report.io_errors += usize::from(l.io_error);
    }
    for err in found.errors {
        let id = report
            .db
            .add(SourceFile::new(err.display, None, String::new()));
        report.io_errors += 1;
        report.diagnostics.push(engine_diag(
            &input_rules::IO_ERROR,
            Severity::Error,
            id,
            0..0,
            err.message,
            None,
        ));
    }
    // Files ranked by name once (files of the same name share a rank), then diagnostics
    // sorted by (file rank, position, rule, message).
    let mut names: Vec<&str> = (0..report.db.len())
        .map(|id| report.db.get(id).name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let rank: Vec<usize> = (0..report.db.len())
        .map(|id| names.partition_point(|n| *n < report.db.get(id).name.as_str()))
        .collect();
    report.diagnostics.sort_by(|a, b| {
        (
            rank[a.file],
            a.range.start,
            a.range.end,
            &a.rule,
            &a.message,
        )
            .cmp(&(
                rank[b.file],
                b.range.start,
                b.range.end,
                &b.rule,
                &b.message,
            ))
    });
    crate::timings::record("phase: collect and sort", t);
    Ok(report)
}

/// The external links of one checked document, kept for `--online`.
struct ExternalLinks {
    links: Vec<(std::ops::Range<usize>, String)>,
    suppressions: crate::document::suppress::Suppressions,
}

/// `--online`: fetch the external links of the checked documents and report what failed.
fn check_online(
    online: &OnlineOptions,
    profiles: &[Arc<Profile>],
    selection: &Selection,
    loaded: &[Loaded],
    links: &[Option<ExternalLinks>],
    out: &mut [Vec<Diagnostic>],
) {
    let excludes: Vec<regex::Regex> = profiles
        .iter()
        .flat_map(|p| p.config.links.exclude.iter())
        .filter_map(|e| regex::Regex::new(e).ok())
        .collect();
    let wanted = |url: &str| !excludes.iter().any(|re| re.is_match(url));
    let urls: Vec<String> = links
        .iter()
        .flatten()
        .flat_map(|l| l.links.iter().map(|(_, u)| u.clone()))
        .filter(|u| wanted(u))
        .collect();
    if urls.is_empty() {
        return;
    }
    let results = online::check_all(&urls, online);
    for (i, (l, ext)) in loaded.iter().zip(links).enumerate() {
        let Some(ext) = ext else { continue };
        let profile = &profiles[l.profile];
        let sev = |m: &RuleMeta| selection.severity(m, &profile.config, l.config_path.as_deref());
        for (range, url) in &ext.links {
            let Some(outcome) = results.get(url) else {
                continue;
            };
            let range = range.clone();
            let (meta, message, fix) = match outcome {
                Outcome::Ok => continue,
                Outcome::Status { code } => (
                    &rules::online::DEAD_LINK,
                    format!("link answers HTTP {code}"),
                    None,
                ),
                Outcome::DnsFailure => (
                    &rules::online::DEAD_LINK,
                    "link's host name does not resolve".to_string(),
                    None,
                ),
                Outcome::Unreachable { reason } => (
                    &rules::online::DEAD_LINK,
                    format!("link cannot be reached: {reason}"),
                    None,
                ),
                Outcome::TooManyRedirects => (
                    &rules::online::DEAD_LINK,
                    "link redirects too many times".to_string(),
                    None,
                ),
                Outcome::Timeout => (
                    &rules::online::LINK_TIMEOUT,
                    "link did not answer in time".to_string(),
                    None,
                ),
                Outcome::Moved { to } => (
                    &rules::online::PERMANENT_REDIRECT,
                    format!("link moved permanently to `{to}`"),
                    Some(crate::diagnostic::Fix::safe(range.clone(), to.clone())),
                ),
            };
            let Some(severity) = sev(meta) else { continue };
            if ext
                .suppressions
                .is_suppressed(&meta.name, l.file.line_index(range.start))
            {
                continue;
            }
            let mut d = engine_diag(meta, severity, 0, range, message, None);
            d.fix = fix;
            out[i].push(d);
        }
    }
}

struct Job {
    input: Input,
    profile: usize,
    /// Checked and reported (false: read only for the site index).
    report: bool,
}

/// One input after reading.
struct Loaded {
    file: SourceFile,
    /// Diagnostics found while reading (I/O, encoding, binary).
    early: Vec<Diagnostic>,
    /// The text is usable: parse and check it.
    parse: bool,
    checked: bool,
    io_error: bool,
    profile: usize,
    job_report: bool,
    /// The path config overrides are matched against.
    config_path: Option<PathBuf>,
}

/// Markdown files of the Jekyll sites holding the checked files, minus those files.
fn site_context(jobs: &[Job], walked: &[PathBuf]) -> Vec<Input> {
    // A site whose root was walked to find the inputs has all its files among them already
    // (the same walk would find the same files).
    let walked: Vec<PathBuf> = walked
        .iter()
        .filter_map(|w| crate::source::absolute(w).ok())
        .collect();
    let mut roots: Vec<PathBuf> = Vec::new();
    // Files of one folder share their site: look it up once per folder.
    let mut by_dir: HashMap<&Path, Option<PathBuf>> = HashMap::new();
    for job in jobs {
        if let Input::File { path, .. } = &job.input {
            let Some(dir) = path.parent() else { continue };
            let root = by_dir.entry(dir).or_insert_with(|| {
                let abs = crate::source::absolute(path).ok()?;
                site::jekyll_root(&abs)
            });
            if let Some(root) = root {
                if !roots.contains(root) && !walked.contains(root) {
                    roots.push(root.clone());
                }
            }
        }
    }
    if roots.is_empty() {
        return Vec::new();
    }
    // The files given, to leave out of the context.
    let checked: std::collections::HashSet<PathBuf> = jobs
        .iter()
        .filter_map(|job| match &job.input {
            Input::File { path, .. } => crate::source::absolute(path).ok(),
            Input::Stdin => None,
        })
        .collect();
    let Ok(found) = discover::discover(&roots) else {
        return Vec::new();
    };
    found
        .inputs
        .into_iter()
        .filter(|i| match i {
            Input::File { path, .. } => {
                crate::source::absolute(path).is_ok_and(|a| !checked.contains(&a))
            }
            Input::Stdin => false,
        })
        .collect()
}

fn engine_diag(
    meta: &RuleMeta,
    severity: Severity,
    file: usize,
    range: std::ops::Range<usize>,
    message: String,
    help: Option<String>,
) -> Diagnostic {
    Diagnostic {
        rule: meta.name.to_string(),
        severity,
        message,
        file,
        range,
        labels: Vec::new(),
        help,
        fix: None,
    }
}

enum ReadError {
    TooLarge(u64, u64),
    Io(std::io::Error),
}

/// Read one input: its text, or the diagnostics saying why it has none.
fn load(job: &Job, profile: &Profile, selection: &Selection, opts: &Options) -> Loaded {
    let (display, path, bytes) = match &job.input {
        Input::File { display, path } => {
            let overlaid = if opts.overlay.is_empty() {
                None
            } else {
                crate::source::absolute(path)
                    .ok()
                    .and_then(|a| opts.overlay.get(&a))
            };
            let limit = if opts.max_file_size == 0 {
                DEFAULT_MAX_FILE_SIZE
            } else {
                opts.max_file_size
            };
            let bytes = match overlaid {
                Some(text) => Ok(text.clone().into_bytes()),
                None => read_limited(path, limit),
            };
            (display.clone(), Some(path.clone()), bytes)
        }
        Input::Stdin => {
            let mut buf = Vec::new();
            let r = std::io::stdin()
                .read_to_end(&mut buf)
                .map(|_| buf)
                .map_err(ReadError::Io);
            let name = opts
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".to_string());
            (name, None, r)
        }
    };
    let config_path = path
        .clone()
        .or_else(|| opts.stdin_filename.as_ref().map(PathBuf::from));
    let sev = |meta: &RuleMeta| selection.severity(meta, &profile.config, config_path.as_deref());
    let mut loaded = Loaded {
        file: SourceFile::new(display.clone(), path.clone(), String::new()),
        early: Vec::new(),
        parse: false,
        checked: false,
        io_error: false,
        profile: job.profile,
        job_report: job.report,
        config_path: config_path.clone(),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(ReadError::TooLarge(size, limit)) => {
            if let Some(s) = sev(&input_rules::TOO_LARGE) {
                loaded.early.push(engine_diag(
                    &input_rules::TOO_LARGE,
                    s,
                    0,
                    0..0,
                    format!("file of {size} bytes is over the {limit}-byte limit; skipped"),
                    Some("raise the limit with --max-file-size BYTES if it is a real post".into()),
                ));
            }
            return loaded;
        }
        Err(ReadError::Io(e)) => {
            loaded.early.push(engine_diag(
                &input_rules::IO_ERROR,
                Severity::Error,
                0,
                0..0,
                format!("cannot read file: {e}"),
                None,
            ));
            loaded.io_error = true;
            return loaded;
        }
    };
    if let Some(nul) = memchr::memchr(0, &bytes) {
        if let Some(s) = sev(&input_rules::BINARY_FILE) {
            loaded.early.push(engine_diag(
                &input_rules::BINARY_FILE,
                s,
                0,
                0..0,
                format!("binary file skipped (NUL byte at offset {nul})"),
                None,
            ));
        }
        return loaded;
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            loaded.file = SourceFile::new(display, path, text);
            loaded.parse = true;
            loaded.checked = true;
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            loaded.file = SourceFile::new(display, path, lossy);
            loaded.checked = true;
            if let Some(s) = sev(&input_rules::INVALID_UTF8) {
                loaded.early.push(engine_diag(
                    &input_rules::INVALID_UTF8,
                    s,
                    0,
                    at..at + '\u{fffd}'.len_utf8(),
                    format!("invalid UTF-8 at byte offset {at}; the file was not checked"),
                    Some("re-save the file as UTF-8".to_string()),
                ));
            }
        }
    }
    loaded
}

/// The bytes of `path`, unless it is larger than `limit`. One path lookup: the size comes
/// from the open file.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge(size, limit));
    }
    // Read into a buffer of the known size plus one byte (to see the end at once), growing
    // it only if the file grew meanwhile: `read_to_end` would ask for the size again.
    let mut bytes = vec![0u8; usize::try_from(size).unwrap_or(0).saturating_add(1)];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            bytes.resize(bytes.len() * 2, 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            // A file that keeps growing (or a device named on the command line).
            Ok(n) if (filled + n) as u64 > limit => {
                return Err(ReadError::TooLarge((filled + n) as u64, limit))
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// Run the enabled rules on one file on its own (no site context).
pub fn lint_source(
    file: &SourceFile,
    profile: &Profile,
    severity: impl Fn(&RuleMeta) -> Option<Severity>,
) -> Vec<Diagnostic> {
    let doc = Document::parse(file);
    let site = Site::build(&[&doc], profile.config.links.heading_ids);
    lint_document(&doc, &site, Some(0), profile, severity)
}

/// Run the enabled rules on one parsed document. `severity` says whether (and how loud)
/// each rule is.
pub fn lint_document(
    doc: &Document,
    site: &Site,
    index: Option<usize>,
    profile: &Profile,
    severity: impl Fn(&RuleMeta) -> Option<Severity>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let cache = crate::rule::DocCache::default();
    for rule in &profile.rules {
        let meta = rule.meta();
        let Some(sev) = severity(meta) else { continue };
        let mut ctx = Ctx::new(site, index, &cache);
        let t = crate::timings::start();
        // A rule that panics (a bug) loses its own findings, not the file's or the run's.
        let checked = guarded(|| rule.check(doc, &mut ctx));
        crate::timings::record(&meta.name, t);
        if let Err(why) = checked {
            out.push(internal_error(
                doc.body_start..doc.body_start,
                format!("internal error in rule `{}`: {why}", meta.name),
            ));
            continue;
        }
        for f in ctx.into_findings() {
            let line = doc.line_of(f.range.start);
            if doc.suppressions.is_suppressed(&meta.name, line) {
                continue;
            }
            out.push(stamp(meta, sev, f));
        }
    }
    out
}

/// Run `f`, turning a panic into its message: postlint's own bugs must not stop the
/// other files (the panic hook has already printed where it happened).
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// An `internal-error` diagnostic (always an error: it cannot be configured away).
fn internal_error(range: std::ops::Range<usize>, message: String) -> Diagnostic {
    engine_diag(
        &input_rules::INTERNAL_ERROR,
        Severity::Error,
        0,
        range,
        message,
        Some("this is a bug in postlint: please report it with this file".into()),
    )
}

fn stamp(meta: &RuleMeta, severity: Severity, f: Finding) -> Diagnostic {
    Diagnostic {
        rule: meta.name.to_string(),
        severity,
        message: f.message,
        file: 0,
        range: f.range,
        labels: f.labels,
        help: f.help,
        fix: f.fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{Ctx, Rule};

    /// A rule with a bug: it panics on posts mentioning `BOOM`.
    struct Boom(RuleMeta);

    impl Rule for Boom {
        fn meta(&self) -> &RuleMeta {
            &self.0
        }

        fn check(&self, doc: &Document, _: &mut Ctx<'_>) {
            if doc.text.contains("BOOM") {
                panic!("a bug in `boom`");
            }
        }
    }

    #[test]
    fn a_panicking_rule_costs_its_own_findings_only() {
        let mut profile = Profile::load(None).unwrap();
        let meta = crate::rules::name_meta("boom", "test", "", Severity::Warning, false);
        profile.rules.insert(0, Box::new(Boom(meta)));
        let file = SourceFile::new("t.md", None, "# BOOM\n\nTODO: write this.\n".into());
        let diags = lint_source(&file, &profile, |m| Some(m.default_severity));
        let internal: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.rule == "internal-error")
            .collect();
        assert_eq!(internal.len(), 1, "{diags:?}");
        assert_eq!(internal[0].severity, Severity::Error);
        assert!(
            internal[0].message.contains("rule `boom`")
                && internal[0].message.contains("a bug in `boom`"),
            "{}",
            internal[0].message
        );
        // The rules after it still ran.
        assert!(diags.iter().any(|d| d.rule == "placeholder"), "{diags:?}");
        let clean = SourceFile::new("t.md", None, "# Fine\n\nAll written.\n".into());
        let diags = lint_source(&clean, &profile, |m| Some(m.default_severity));
        assert!(diags.iter().all(|d| d.rule != "internal-error"));
    }

    #[test]
    fn guarded_reports_the_panic_message() {
        assert_eq!(guarded(|| 7), Ok(7));
        assert_eq!(
            guarded(|| -> u8 { panic!("plain") }),
            Err("plain".to_string())
        );
        let n = 3;
        assert_eq!(
            guarded(|| -> u8 { panic!("formatted {n}") }),
            Err("formatted 3".to_string())
        );
    }
}
