//! A Jekyll site kept indexed between checks (the language server's): read, parsed and
//! indexed once, then kept up to date with the editor's buffers one document at a time,
//! so that checking a post of a large site costs about what checking the post costs.
//!
//! The index is the one [`super::run`] builds over the site's root with the same buffers
//! as overlay: every Markdown file the root's walk finds, in its order. A change of one
//! document is applied in place ([`Site::update`], the vocabulary's counts, the post's
//! share of the front-matter statistics); a change that reaches what the site publishes
//! (a post's URL, name, redirects or tags), a document that cannot be read or parsed, or
//! a changed `_config.yml` or `postlint.toml` makes [`Workspace::sync`] fail, and the
//! caller builds the index again. Files changed on disk behind the editor's back are seen
//! when the caller drops the workspace (the language server does on every save and on
//! `workspace/didChangeWatchedFiles`).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::check::{guarded, lint_document};
use super::load::{self, Job, Loaded};
use super::profiles::{Profiles, Selection};
use super::{report, Fatal, Options, Report};
use crate::discover::{self, Input};
use crate::document::Document;
use crate::site::fm_stats::FmStats;
use crate::site::ids::IdStyle;
use crate::site::{Needs, Site};
use crate::source::SourceFile;

/// One site, indexed, with what is needed to keep the index current.
pub struct Workspace {
    root: PathBuf,
    profiles: Profiles<'static>,
    needs: Needs,
    site: Site,
    /// Per document of the site (index into `site.docs`).
    docs: Vec<DocState>,
    /// Texts that came from the overlay instead of the disk (absolute path → text).
    overlaid: HashMap<PathBuf, String>,
    /// Configuration files read for the index, with their modification time and size.
    stamps: Vec<(PathBuf, Option<(SystemTime, u64)>)>,
}

struct DocState {
    style: Option<IdStyle>,
    /// Hash of the text indexed.
    hash: u64,
    /// The document's share of its group's front-matter statistics.
    fm: Option<FmStats>,
}

/// Why a workspace cannot follow a change in place: build it again.
#[derive(Debug)]
pub struct Stale;

fn hash_text(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

const NO_RULES: Selection<'static> = Selection {
    select: &[],
    ignore: &[],
};

impl Workspace {
    /// Can a workspace answer for `opts`? Only plain checks with the default selection
    /// and configuration discovery, as the language server runs them.
    pub fn supports(opts: &Options) -> bool {
        opts.select.is_empty()
            && opts.ignore.is_empty()
            && opts.config.is_none()
            && opts.stdin_filename.is_none()
            && opts.online.is_none()
            && opts.focus.is_none()
    }

    /// Read, parse and index the site at `root` (a Jekyll root), with `opts.overlay`.
    pub fn build(root: &Path, opts: &Options) -> Result<Workspace, Fatal> {
        let found = discover::discover(&[root.to_path_buf()]).map_err(Fatal::Usage)?;
        let mut profiles = Profiles::new(None);
        let mut jobs = Vec::new();
        for input in found.inputs {
            let Input::File { path, .. } = &input else {
                continue;
            };
            let profile = profiles.for_path(Some(path))?;
            jobs.push(Job {
                input,
                profile,
                report: true,
            });
        }
        if jobs.is_empty() {
            profiles.for_path(None)?;
        }
        let needs = profiles.needs(&NO_RULES);
        let loaded: Vec<Loaded> = jobs
            .par_iter()
            .map(|job| load::load(job, &profiles.list[job.profile], &NO_RULES, opts))
            .collect();
        let docs: Vec<Option<Document>> = loaded
            .par_iter()
            .map(|l| {
                l.parse
                    .then(|| guarded(|| Document::parse(&l.file)).ok())
                    .flatten()
            })
            .collect();
        let mut all: Vec<&Document> = Vec::with_capacity(docs.len());
        let mut states = Vec::with_capacity(docs.len());
        let mut styles = Vec::with_capacity(docs.len());
        let mut overlaid = HashMap::new();
        for (doc, l) in docs.iter().zip(&loaded) {
            let Some(doc) = doc else { continue };
            let style = profiles.list[l.profile].config.links.heading_ids;
            all.push(doc);
            styles.push(style);
            states.push(DocState {
                style,
                hash: hash_text(doc.text),
                fm: None,
            });
            if let Some(abs) = l
                .file
                .path
                .as_ref()
                .and_then(|p| crate::source::absolute(p).ok())
            {
                if opts.overlay.contains_key(&abs) {
                    overlaid.insert(abs, doc.text.to_string());
                }
            }
        }
        let site = Site::build(&all, needs, &styles);
        if needs.contains(Needs::FM_STATS) {
            let parts: Vec<Option<FmStats>> = all
                .par_iter()
                .zip(site.docs.par_iter())
                .map(|(doc, info)| {
                    info.fm_group.map(|_| {
                        let mut s = FmStats::default();
                        s.add(doc, &info.default_keys);
                        s
                    })
                })
                .collect();
            for (s, part) in states.iter_mut().zip(parts) {
                s.fm = part;
            }
        }
        let mut stamps: Vec<(PathBuf, Option<(SystemTime, u64)>)> = ["_config.yml", "_config.yaml"]
            .iter()
            .map(|c| root.join(c))
            .chain(profiles.config_files())
            .map(|p| {
                let s = stamp(&p);
                (p, s)
            })
            .collect();
        stamps.sort_by(|a, b| a.0.cmp(&b.0));
        stamps.dedup_by(|a, b| a.0 == b.0);
        Ok(Workspace {
            root: root.to_path_buf(),
            profiles,
            needs,
            site,
            docs: states,
            overlaid,
            stamps,
        })
    }

    /// The site's root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Is the file at `path` (absolute) one of the site's indexed documents?
    pub fn has(&self, path: &Path) -> bool {
        self.site.doc_by_path(path).is_some()
    }

    /// Bring the index up to date with `overlay` (the editor's buffers, absolute path →
    /// text): buffers that changed, and documents whose buffer was closed (back to their
    /// text on disk). Returns whether anything other documents' checks read changed
    /// (then they may have other findings); [`Stale`] when the index cannot follow in place.
    pub fn sync(&mut self, overlay: &HashMap<PathBuf, String>, limit: u64) -> Result<bool, Stale> {
        for (path, was) in &self.stamps {
            if stamp(path) != *was {
                return Err(Stale);
            }
        }
        let mut changes: Vec<(PathBuf, String, String)> = Vec::new();
        for (path, text) in overlay {
            if !path.starts_with(&self.root) {
                continue;
            }
            let Some(i) = self.site.doc_by_path(path) else {
                // A buffer of a file the walk does not find (a new post not saved yet):
                // no run over the site reads it either.
                continue;
            };
            let old = match self.overlaid.get(path) {
                Some(old) if old == text => continue,
                Some(old) => old.clone(),
                None => {
                    // Indexed from the disk: the buffer replaces that text.
                    let disk = read_text(path, limit)?;
                    if hash_text(&disk) != self.docs[i].hash {
                        return Err(Stale);
                    }
                    if disk == *text {
                        self.overlaid.insert(path.clone(), text.clone());
                        continue;
                    }
                    disk
                }
            };
            changes.push((path.clone(), old, text.clone()));
        }
        let closed: Vec<PathBuf> = self
            .overlaid
            .keys()
            .filter(|p| !overlay.contains_key(*p))
            .cloned()
            .collect();
        for path in closed {
            let Some(old) = self.overlaid.remove(&path) else {
                continue;
            };
            let disk = read_text(&path, limit)?;
            if disk != old {
                changes.push((path, old, disk));
            }
        }
        let mut shared = false;
        for (path, old, new) in changes {
            shared |= self.apply(&path, &old, &new)?;
            if overlay.contains_key(&path) {
                self.overlaid.insert(path, new);
            }
        }
        Ok(shared)
    }

    /// Document at `path` changed from `old` to `new`.
    fn apply(&mut self, path: &Path, old: &str, new: &str) -> Result<bool, Stale> {
        let i = self.site.doc_by_path(path).ok_or(Stale)?;
        if memchr::memchr(0, new.as_bytes()).is_some() {
            // Not parsed by a run either (a binary file): out of the site.
            return Err(Stale);
        }
        let old_file = SourceFile::new(String::new(), Some(path.to_path_buf()), old.to_string());
        let new_file = SourceFile::new(String::new(), Some(path.to_path_buf()), new.to_string());
        let old_doc = guarded(|| Document::parse(&old_file)).map_err(|_| Stale)?;
        let new_doc = guarded(|| Document::parse(&new_file)).map_err(|_| Stale)?;
        let style = self.docs[i].style;
        let updated = self
            .site
            .update(i, &old_doc, &new_doc, style)
            .ok_or(Stale)?;
        let mut shared = updated.shared;
        if self.needs.contains(Needs::FM_STATS) {
            let info = &self.site.docs[i];
            if let Some(group) = info.fm_group {
                let mut part = FmStats::default();
                part.add(&new_doc, &info.default_keys);
                let same = self.docs[i]
                    .fm
                    .as_ref()
                    .is_some_and(|was| format!("{was:?}") == format!("{part:?}"));
                if !same {
                    self.docs[i].fm = Some(part);
                    let mut total = FmStats::default();
                    for (state, info) in self.docs.iter().zip(&self.site.docs) {
                        if info.fm_group == Some(group) {
                            if let Some(part) = &state.fm {
                                total.merge(part.clone());
                            }
                        }
                    }
                    self.site.fm_stats[group] = total;
                    shared = true;
                }
            }
        }
        self.docs[i].hash = hash_text(new);
        Ok(shared)
    }

    /// Check the documents at `paths` (absolute, each one of the site's), read as a run
    /// reads them (`opts.overlay` first), against the index.
    pub fn check(&mut self, paths: &[PathBuf], opts: &Options) -> Result<Report, Fatal> {
        let mut loaded = Vec::with_capacity(paths.len());
        let mut checked = Vec::with_capacity(paths.len());
        let mut failures = Vec::with_capacity(paths.len());
        let mut errors = Vec::new();
        for path in paths {
            let found = discover::discover(std::slice::from_ref(path)).map_err(Fatal::Usage)?;
            errors.extend(found.errors);
            for input in found.inputs {
                let profile = match &input {
                    Input::File { path, .. } => self.profiles.for_path(Some(path))?,
                    Input::Stdin => continue,
                };
                let job = Job {
                    input,
                    profile,
                    report: true,
                };
                let p = &self.profiles.list[profile];
                let l = load::load(&job, p, &NO_RULES, opts);
                let index = l
                    .file
                    .path
                    .as_deref()
                    .and_then(|p| self.site.doc_by_path(p));
                let (diags, failed) = match l.parse.then(|| guarded(|| Document::parse(&l.file))) {
                    None => (Vec::new(), None),
                    Some(Err(why)) => (Vec::new(), Some(why)),
                    Some(Ok(doc)) => {
                        let path = l.config_path.as_deref();
                        let diags = lint_document(&doc, &self.site, index, p, |m| {
                            NO_RULES.severity(m, &p.config, path)
                        });
                        (diags, None)
                    }
                };
                loaded.push(l);
                checked.push(diags);
                failures.push(failed);
            }
        }
        let online = vec![Vec::new(); loaded.len()];
        Ok(report::assemble(
            &self.profiles,
            loaded,
            checked,
            online,
            failures,
            errors,
        ))
    }
}

/// The text of `path` as a run reads it into the site, or [`Stale`] when a run would
/// leave it out (unreadable, too large, binary, not UTF-8).
fn read_text(path: &Path, limit: u64) -> Result<String, Stale> {
    let meta = std::fs::metadata(path).map_err(|_| Stale)?;
    if meta.len() > limit {
        return Err(Stale);
    }
    let bytes = std::fs::read(path).map_err(|_| Stale)?;
    if bytes.len() as u64 > limit || memchr::memchr(0, &bytes).is_some() {
        return Err(Stale);
    }
    String::from_utf8(bytes).map_err(|_| Stale)
}
