//! Profiles: one per `postlint.toml` in use (the built-in defaults when there is none),
//! each with its rules and placeholder vocabulary; which profile governs which file; and
//! the `--select`/`--ignore` selection on top.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Fatal;
use crate::config::{self, Config};
use crate::diagnostic::Severity;
use crate::registry;
use crate::rule::{Needs, Rule, RuleMeta};
use crate::vocab::Vocab;

/// A config and the rules it yields.
pub struct Profile {
    pub config: Config,
    pub rules: Vec<Box<dyn Rule>>,
    pub vocab: Vocab,
}

impl Profile {
    /// Load a profile from a config file, or the defaults when `file` is `None`.
    pub fn load(file: Option<&Path>) -> Result<Profile, Fatal> {
        let config = match file {
            Some(f) => Config::load(f).map_err(Fatal::Config)?,
            None => Config::default(),
        };
        let reg = registry::registry(&config).map_err(Fatal::Config)?;
        let known: Vec<&str> = registry::all_metas(&reg.rules)
            .iter()
            .map(|m| m.name.as_ref())
            .collect();
        config.validate(&known).map_err(Fatal::Config)?;
        Ok(Profile {
            config,
            rules: reg.rules,
            vocab: reg.vocab,
        })
    }

    /// Every rule this profile can report under, engine notes included, sorted by name.
    pub fn metas(&self) -> Vec<&RuleMeta> {
        registry::all_metas(&self.rules)
    }

    /// What the rules that may run under `selection` need from the site.
    pub fn needs(&self, selection: &Selection) -> Needs {
        self.rules
            .iter()
            .map(|r| r.meta())
            .filter(|m| selection.may_run(m, &self.config))
            .fold(Needs::DOCUMENT, |n, m| n.union(m.needs))
    }
}

/// `--select` and `--ignore`.
#[derive(Debug, Clone, Copy)]
pub struct Selection<'a> {
    pub select: &'a [String],
    pub ignore: &'a [String],
}

impl Selection<'_> {
    fn chosen(&self, meta: &RuleMeta) -> Option<bool> {
        if self.ignore.iter().any(|r| *r == meta.name) {
            return Some(false);
        }
        (!self.select.is_empty()).then(|| self.select.iter().any(|r| *r == meta.name))
    }

    /// Effective severity of a rule on a file, or `None` when it is off.
    pub fn severity(
        &self,
        meta: &RuleMeta,
        config: &Config,
        path: Option<&Path>,
    ) -> Option<Severity> {
        let s = config.rule_settings(&meta.name, path);
        let enabled = self.chosen(meta).unwrap_or(s.enabled.unwrap_or(true));
        enabled.then(|| s.severity.unwrap_or(meta.default_severity))
    }

    /// Can the rule be on for some file under `config`?
    fn may_run(&self, meta: &RuleMeta, config: &Config) -> bool {
        self.chosen(meta)
            .unwrap_or_else(|| config.may_enable(&meta.name))
    }
}

/// The profiles of a run, and which governs each file.
pub struct Profiles<'o> {
    pub list: Vec<Arc<Profile>>,
    forced: Option<&'o Path>,
    by_config: HashMap<Option<PathBuf>, usize>,
    by_dir: HashMap<PathBuf, usize>,
}

impl<'o> Profiles<'o> {
    /// `forced`: `--config FILE`, which governs every file.
    pub fn new(forced: Option<&'o Path>) -> Self {
        Profiles {
            list: Vec::new(),
            forced,
            by_config: HashMap::new(),
            by_dir: HashMap::new(),
        }
    }

    /// The profile governing a file at `path` (`None`: standard input without a name).
    pub fn for_path(&mut self, path: Option<&Path>) -> Result<usize, Fatal> {
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        if let Some(&i) = self.by_dir.get(&dir) {
            return Ok(i);
        }
        let cfg = match self.forced {
            Some(c) => Some(c.to_path_buf()),
            None => config::discover(&dir.join("x")),
        };
        let i = match self.by_config.get(&cfg) {
            Some(&i) => i,
            None => {
                let profile = Profile::load(cfg.as_deref())?;
                self.list.push(Arc::new(profile));
                self.by_config.insert(cfg, self.list.len() - 1);
                self.list.len() - 1
            }
        };
        self.by_dir.insert(dir, i);
        Ok(i)
    }

    /// The configuration files of the profiles loaded so far.
    pub fn config_files(&self) -> Vec<PathBuf> {
        self.by_config.keys().flatten().cloned().collect()
    }

    /// `--select` / `--ignore` must name rules some profile knows.
    pub fn check_selection(&self, selection: &Selection) -> Result<(), Fatal> {
        for name in selection.select.iter().chain(selection.ignore) {
            let known = self
                .list
                .iter()
                .any(|p| p.metas().iter().any(|m| m.name == *name));
            if !known {
                return Err(Fatal::Usage(format!(
                    "unknown rule `{name}` (see `postlint rules`)"
                )));
            }
        }
        Ok(())
    }

    /// What the rules of every profile need from the site.
    pub fn needs(&self, selection: &Selection) -> Needs {
        self.list
            .iter()
            .fold(Needs::DOCUMENT, |n, p| n.union(p.needs(selection)))
    }

    /// Every rule of every profile, each name once (the first profile's description).
    pub fn metas(&self) -> Vec<&RuleMeta> {
        let mut out: Vec<&RuleMeta> = Vec::new();
        for p in &self.list {
            for m in p.metas() {
                if !out.iter().any(|o| o.name == m.name) {
                    out.push(m);
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }
}
