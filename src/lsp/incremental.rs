//! The language server's site index: each Jekyll site of an open document is read and
//! indexed once ([`engine::Workspace`]) and then kept current with the buffers, so that a
//! change re-checks the changed document against the kept index, plus the other open
//! documents of its site when something they read changed (its heading ids, the site's
//! vocabulary or front-matter statistics). Documents outside a Jekyll site, or not in the
//! index (a new post not yet on disk), are checked by a plain run as before.
//!
//! A workspace is built again when it cannot follow a change in place (see
//! [`engine::Workspace::sync`]), and dropped by [`SiteIndex::forget`] when files may have
//! changed on disk behind the editor's back (a save, watched files).

use std::collections::HashMap;
use std::path::PathBuf;

use crate::engine::{self, Fatal, Options, Report, Workspace};

/// Kept workspaces, by Jekyll root.
#[derive(Default)]
pub struct SiteIndex {
    sites: HashMap<PathBuf, Workspace>,
}

impl SiteIndex {
    /// Drop every kept index: the next check reads the sites again.
    pub fn forget(&mut self) {
        self.sites.clear();
    }

    /// Check `opts.paths` (absolute files) with `opts.overlay`, as [`engine::run`] would;
    /// `open`: the paths of every open document. Returns the report and the open documents
    /// checked besides those asked for (their findings may have changed).
    pub fn run(
        &mut self,
        opts: &Options,
        open: &[PathBuf],
    ) -> Result<(Report, Vec<PathBuf>), Fatal> {
        if !Workspace::supports(opts) {
            return engine::run(opts).map(|r| (r, Vec::new()));
        }
        let limit = match opts.max_file_size {
            0 => engine::DEFAULT_MAX_FILE_SIZE,
            n => n,
        };
        // Targets by site; those of no site (or none indexed) in one plain run.
        let mut by_root: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
        let mut plain: Vec<PathBuf> = Vec::new();
        for path in &opts.paths {
            match crate::site::jekyll_root(path) {
                Some(root) => match by_root.iter_mut().find(|(r, _)| *r == root) {
                    Some((_, v)) => v.push(path.clone()),
                    None => by_root.push((root, vec![path.clone()])),
                },
                None => plain.push(path.clone()),
            }
        }
        let mut reports = Vec::new();
        let mut extra = Vec::new();
        for (root, targets) in by_root {
            let Ok(shared) = self.synced(&root, opts, limit) else {
                // The site cannot be walked, or a configuration in it is broken: a plain
                // run says so if it concerns the targets.
                plain.extend(targets);
                continue;
            };
            let Some(ws) = self.sites.get_mut(&root) else {
                plain.extend(targets);
                continue;
            };
            let (mut here, elsewhere): (Vec<PathBuf>, Vec<PathBuf>) =
                targets.into_iter().partition(|p| ws.has(p));
            plain.extend(elsewhere);
            if shared {
                for p in open {
                    if p.starts_with(&root) && ws.has(p) && !here.contains(p) {
                        here.push(p.clone());
                        extra.push(p.clone());
                    }
                }
            }
            if !here.is_empty() {
                here.sort();
                reports.push(ws.check(&here, opts)?);
            }
        }
        if !plain.is_empty() {
            let run = Options {
                paths: plain,
                ..opts.clone()
            };
            reports.push(engine::run(&run)?);
        }
        Ok((merge(reports), extra))
    }

    /// The workspace of `root`, current with `opts.overlay` (built when missing or stale);
    /// whether other documents' checks may read something new.
    fn synced(&mut self, root: &PathBuf, opts: &Options, limit: u64) -> Result<bool, Fatal> {
        if let Some(ws) = self.sites.get_mut(root) {
            match ws.sync(&opts.overlay, limit) {
                Ok(shared) => return Ok(shared),
                Err(engine::Stale) => {
                    self.sites.remove(root);
                }
            }
        }
        let t = crate::timings::start();
        let ws = Workspace::build(root, opts)?;
        crate::timings::record("server: index a site", t);
        self.sites.insert(root.clone(), ws);
        Ok(true)
    }
}

/// One report of several (files renumbered).
fn merge(reports: Vec<Report>) -> Report {
    let mut out = Report::default();
    for r in reports {
        let base = out.db.len();
        for f in r.db.iter() {
            out.db.add(f.clone());
        }
        out.diagnostics
            .extend(r.diagnostics.into_iter().map(|mut d| {
                d.file += base;
                d
            }));
        out.files_checked += r.files_checked;
        out.io_errors += r.io_errors;
        if out.rules.is_empty() {
            out.rules = r.rules;
        }
    }
    out
}
