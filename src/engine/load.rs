//! Reading: each input's bytes become a `SourceFile`, or the engine notes saying why they
//! cannot (unreadable, too large, binary, not UTF-8); and the site context, the other
//! Markdown files of the Jekyll sites the checked files belong to.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::profiles::{Profile, Selection};
use super::{Options, DEFAULT_MAX_FILE_SIZE};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{self, Input};
use crate::rule::RuleMeta;
use crate::rules::engine_notes;
use crate::site;
use crate::source::SourceFile;

/// One input to read, under the profile governing it.
pub(super) struct Job {
    pub input: Input,
    pub profile: usize,
    /// Checked and reported (false: read only for the site index).
    pub report: bool,
}

/// One input after reading.
pub(super) struct Loaded {
    pub file: SourceFile,
    /// Diagnostics found while reading (I/O, encoding, binary).
    pub early: Vec<Diagnostic>,
    /// The text is usable: parse and check it.
    pub parse: bool,
    pub checked: bool,
    pub io_error: bool,
    pub profile: usize,
    pub report: bool,
    /// The path config overrides are matched against.
    pub config_path: Option<PathBuf>,
}

/// Markdown files of the Jekyll sites holding the checked files, minus those files.
pub(super) fn site_context(jobs: &[Job], walked: &[PathBuf]) -> Vec<Input> {
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
    // Shown relative to the working folder when under it (as the files given are).
    let cwd = std::env::current_dir().unwrap_or_default();
    found
        .inputs
        .into_iter()
        .chain(found.aliases)
        .filter_map(|i| match i {
            Input::File { path, display } => {
                if crate::source::absolute(&path).is_ok_and(|a| checked.contains(&a)) {
                    return None;
                }
                let display = path
                    .strip_prefix(&cwd)
                    .map_or(display, |r| r.to_string_lossy().into_owned());
                Some(Input::File { path, display })
            }
            Input::Stdin => None,
        })
        .collect()
}

pub(super) fn engine_diag(
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

/// The size limit of one input (`--max-file-size`).
fn limit(opts: &Options) -> u64 {
    if opts.max_file_size == 0 {
        DEFAULT_MAX_FILE_SIZE
    } else {
        opts.max_file_size
    }
}

enum ReadError {
    /// Its size (`None`: a stream, read up to the limit), and the limit.
    TooLarge(Option<u64>, u64),
    Io(std::io::Error),
}

/// Read one input: its text, or the diagnostics saying why it has none.
pub(super) fn load(job: &Job, profile: &Profile, selection: &Selection, opts: &Options) -> Loaded {
    let (display, path, bytes) = match &job.input {
        Input::File { display, path } => {
            let overlaid = if opts.overlay.is_empty() {
                None
            } else {
                crate::source::absolute(path)
                    .ok()
                    .and_then(|a| opts.overlay.get(&a))
            };
            let bytes = match overlaid {
                Some(text) => Ok(text.clone().into_bytes()),
                None => read_limited(path, limit(opts)),
            };
            (display.clone(), Some(path.clone()), bytes)
        }
        Input::Stdin => {
            // The same limit as files: `/dev/zero` piped in stops at it.
            let mut buf = Vec::new();
            let r = std::io::stdin()
                .lock()
                .take(limit(opts).saturating_add(1))
                .read_to_end(&mut buf)
                .map_err(ReadError::Io)
                .and_then(|n| {
                    if n as u64 > limit(opts) {
                        Err(ReadError::TooLarge(None, limit(opts)))
                    } else {
                        Ok(buf)
                    }
                });
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
        report: job.report,
        config_path: config_path.clone(),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(ReadError::TooLarge(size, limit)) => {
            if let Some(s) = sev(&engine_notes::TOO_LARGE) {
                loaded.early.push(engine_diag(
                    &engine_notes::TOO_LARGE,
                    s,
                    0,
                    0..0,
                    match size {
                        Some(size) => {
                            format!("file of {size} bytes is over the {limit}-byte limit; skipped")
                        }
                        None => format!("input over the {limit}-byte limit; skipped"),
                    },
                    Some("raise the limit with --max-file-size BYTES if it is a real post".into()),
                ));
            }
            return loaded;
        }
        Err(ReadError::Io(e)) => {
            loaded.early.push(engine_diag(
                &engine_notes::IO_ERROR,
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
        if let Some(s) = sev(&engine_notes::BINARY_FILE) {
            loaded.early.push(engine_diag(
                &engine_notes::BINARY_FILE,
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
            if let Some(s) = sev(&engine_notes::INVALID_UTF8) {
                loaded.early.push(engine_diag(
                    &engine_notes::INVALID_UTF8,
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
        return Err(ReadError::TooLarge(Some(size), limit));
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
                return Err(ReadError::TooLarge(Some((filled + n) as u64), limit))
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}
