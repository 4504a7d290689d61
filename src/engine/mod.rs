//! The engine: inputs → profiles → read → parse once → site index → check → report.
//!
//! `profiles` decides which config and rules govern each file and what the rules need
//! from the site; `load` reads; `check` runs the rules and is the one place that stamps
//! severities and applies suppressions; `report` assembles and sorts what was found.

mod check;
mod focus;
mod load;
mod profiles;
mod report;
mod workspace;

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::ConfigError;
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{self, Input};
use crate::document::Document;
use crate::online::OnlineOptions;
use crate::rules::engine_notes;
use crate::site::Site;
use crate::source::SourceDb;

pub use check::{lint_document, lint_source};
pub use focus::Focus;
use load::{Job, Loaded};
pub use profiles::{Profile, Profiles, Selection};
pub use workspace::{Stale, Workspace};

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
    /// `--since`: what changed; other documents of the site are then checked only where
    /// their links lead into it.
    pub focus: Option<Focus>,
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
            .any(|d| d.rule == engine_notes::INTERNAL_ERROR.name)
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
    // `discover` left one input per file on disk; these are not on disk.
    found.inputs.sort();
    found.inputs.dedup();
    Ok(found)
}

/// Lint inputs found earlier. Files that vanished since are reported, not fatal.
pub fn run_discovered(found: discover::Discovered, opts: &Options) -> Result<Report, Fatal> {
    let mut profiles = Profiles::new(opts.config.as_deref());
    let stdin_path = opts.stdin_filename.as_ref().map(PathBuf::from);
    let mut jobs: Vec<Job> = Vec::new();
    // With `--since`, only the changed files are checked in full; the others found are
    // read for the site, and checked only where they link into what changed.
    let changed: Option<std::collections::HashSet<PathBuf>> = opts.focus.as_ref().map(|f| {
        f.changed
            .iter()
            .filter_map(|p| crate::source::absolute(p).ok())
            .collect()
    });
    for input in found.inputs {
        let (profile, report) = match &input {
            Input::File { path, .. } => (
                profiles.for_path(Some(path))?,
                changed
                    .as_ref()
                    .is_none_or(|c| crate::source::absolute(path).is_ok_and(|a| c.contains(&a))),
            ),
            Input::Stdin => (profiles.for_path(stdin_path.as_deref())?, true),
        };
        jobs.push(Job {
            input,
            profile,
            report,
        });
    }
    if jobs.is_empty() {
        profiles.for_path(None)?;
    }
    let selection = Selection {
        select: &opts.select,
        ignore: &opts.ignore,
    };
    profiles.check_selection(&selection)?;
    // Site context: the other posts of the Jekyll sites the checked files belong to, when
    // a rule that may run needs them. Each is read under the profile governing it.
    let needs = profiles.needs(&selection);
    if needs.site() {
        let t = crate::timings::start();
        let mut context = load::site_context(&jobs, &found.walked);
        // Second names of checked files (symlinks): pages of their site, not reported.
        context.extend(found.aliases);
        crate::timings::record("phase: site context", t);
        for input in context {
            let Input::File { path, .. } = &input else {
                continue;
            };
            // A broken config that governs no checked file does not stop the run.
            let profile = profiles.for_path(Some(path)).unwrap_or(jobs[0].profile);
            jobs.push(Job {
                input,
                profile,
                report: false,
            });
        }
    }
    let profiles = profiles;

    // Read everything, parse everything, index the site, then check the files asked for.
    let t = crate::timings::start();
    let loaded: Vec<Loaded> = jobs
        .par_iter()
        .map(|job| load::load(job, &profiles.list[job.profile], &selection, opts))
        .collect();
    crate::timings::record("phase: read", t);
    let t = crate::timings::start();
    // A parse that panics (a bug) costs its file, not the run.
    let (docs, parse_failures): (Vec<Option<Document>>, Vec<Option<String>>) = loaded
        .par_iter()
        .map(
            |l| match l.parse.then(|| check::guarded(|| Document::parse(&l.file))) {
                None => (None, None),
                Some(Ok(doc)) => (Some(doc), None),
                Some(Err(why)) => (None, Some(why)),
            },
        )
        .unzip();
    crate::timings::record("phase: parse", t);
    let mut all_docs: Vec<&Document> = Vec::with_capacity(docs.len());
    // Each document's heading-id style, from its own profile.
    let mut styles = Vec::with_capacity(docs.len());
    for (doc, l) in docs.iter().zip(&loaded) {
        if let Some(doc) = doc {
            all_docs.push(doc);
            styles.push(profiles.list[l.profile].config.links.heading_ids);
        }
    }
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
    let mut site = Site::build(&all_docs, needs, &styles);
    site.set_checked_trees(&found.walked);
    crate::timings::record("phase: site index", t);
    drop(all_docs);
    let t = crate::timings::start();
    // Each document is checked and dropped: the site index owns what it needs, so memory
    // falls as the check proceeds.
    let want_links = opts.online.is_some();
    let gone = opts.focus.as_ref().map(|f| focus::Gone::new(f, &site));
    let checked: Vec<(Vec<Diagnostic>, Option<online::ExternalLinks>)> = docs
        .into_par_iter()
        .zip(loaded.par_iter())
        .zip(site_index.par_iter())
        .map(|((doc, l), &index)| match doc {
            Some(doc) if l.report => {
                let profile = &profiles.list[l.profile];
                let path = l.config_path.as_deref();
                let diags = lint_document(&doc, &site, index, profile, |m| {
                    selection.severity(m, &profile.config, path)
                });
                let links = want_links.then(|| online::ExternalLinks::of(&doc));
                (diags, links)
            }
            // With `--since`, another document's links into what changed.
            Some(doc) if gone.is_some() => {
                let (Some(gone), Some(index)) = (&gone, index) else {
                    return (Vec::new(), None);
                };
                let impacted = gone.impacted(&site, index, &doc);
                if impacted.is_empty() {
                    return (Vec::new(), None);
                }
                let profile = &profiles.list[l.profile];
                let path = l.config_path.as_deref();
                let diags = lint_document(&doc, &site, Some(index), profile, |m| {
                    focus::LINK_RULES
                        .contains(&m.name.as_ref())
                        .then(|| selection.severity(m, &profile.config, path))
                        .flatten()
                });
                let kept = diags
                    .into_iter()
                    .filter(|d| {
                        impacted.iter().any(|r| {
                            d.range.start < r.end.max(r.start + 1)
                                && r.start < d.range.end.max(d.range.start + 1)
                        })
                    })
                    .collect();
                (kept, None)
            }
            _ => (Vec::new(), None),
        })
        .collect();
    crate::timings::record("phase: check", t);
    let t = crate::timings::start();
    drop(site);
    crate::timings::record("phase: drop site index", t);
    let (checked, links): (Vec<Vec<Diagnostic>>, Vec<Option<online::ExternalLinks>>) =
        checked.into_iter().unzip();
    let mut online_diags: Vec<Vec<Diagnostic>> = vec![Vec::new(); loaded.len()];
    if let Some(online) = &opts.online {
        online::check(
            online,
            &profiles,
            &selection,
            &loaded,
            &links,
            &mut online_diags,
        );
    }
    let t = crate::timings::start();
    let report = report::assemble(
        &profiles,
        loaded,
        checked,
        online_diags,
        parse_failures,
        found.errors,
    );
    crate::timings::record("phase: collect and sort", t);
    Ok(report)
}

/// Every rule name known to a profile, engine rules included.
pub fn all_metas(profile: &Profile) -> Vec<&crate::rule::RuleMeta> {
    profile.metas()
}

mod online;
