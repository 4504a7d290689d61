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
use crate::rule::{Ctx, Rule, RuleMeta};
use crate::rules::{self, input as input_rules};
use crate::source::{SourceDb, SourceFile};

/// What to lint and how.
#[derive(Debug, Default, Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub config: Option<PathBuf>,
    pub stdin_filename: Option<String>,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub db: SourceDb,
    pub diagnostics: Vec<Diagnostic>,
    /// Files read and checked (binary and unreadable files excluded).
    pub files_checked: usize,
    /// Files or folders that could not be read: the exit status is then 2.
    pub io_errors: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
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
        let rules = rules::registry(&config.packs).map_err(|e| {
            Fatal::Config(ConfigError {
                file: e.file,
                line: e.line,
                column: e.column,
                message: e.message,
            })
        })?;
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
    let found = discover::discover(&paths).map_err(Fatal::Usage)?;

    // One profile per config file in use.
    let mut profiles: Vec<Arc<Profile>> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut dir_cache: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut profile_for = |path: Option<&Path>| -> Result<usize, Fatal> {
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

    let stdin_path = opts.stdin_filename.as_ref().map(PathBuf::from);
    let mut jobs: Vec<(Input, usize)> = Vec::new();
    for input in found.inputs {
        let p = match &input {
            Input::File { path, .. } => profile_for(Some(path))?,
            Input::Stdin => profile_for(stdin_path.as_deref())?,
        };
        jobs.push((input, p));
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

    let results: Vec<(SourceFile, Vec<Diagnostic>, bool, bool)> = jobs
        .par_iter()
        .map(|(input, p)| {
            let profile = &profiles[*p];
            check_input(input, profile, &selection, opts)
        })
        .collect();

    let mut report = Report::default();
    for (file, mut diags, checked, io_error) in results {
        let id = report.db.add(file);
        for d in &mut diags {
            d.file = id;
        }
        report.diagnostics.extend(diags);
        report.files_checked += usize::from(checked);
        report.io_errors += usize::from(io_error);
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
    report.diagnostics.sort_by(|a, b| {
        let (fa, fb) = (&report.db.get(a.file).name, &report.db.get(b.file).name);
        (fa, a.range.start, a.range.end, &a.rule, &a.message).cmp(&(
            fb,
            b.range.start,
            b.range.end,
            &b.rule,
            &b.message,
        ))
    });
    Ok(report)
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

/// Read one input and lint it. Returns the file, its diagnostics, whether it was checked
/// and whether reading it failed.
fn check_input(
    input: &Input,
    profile: &Profile,
    selection: &Selection,
    opts: &Options,
) -> (SourceFile, Vec<Diagnostic>, bool, bool) {
    let (display, path, bytes) = match input {
        Input::File { display, path } => (display.clone(), Some(path.clone()), std::fs::read(path)),
        Input::Stdin => {
            let mut buf = Vec::new();
            let r = std::io::stdin().read_to_end(&mut buf).map(|_| buf);
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
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            let file = SourceFile::new(display, path, String::new());
            let d = engine_diag(
                &input_rules::IO_ERROR,
                Severity::Error,
                0,
                0..0,
                format!("cannot read file: {e}"),
                None,
            );
            return (file, vec![d], false, true);
        }
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let file = SourceFile::new(display, path, String::new());
        let diags = sev(&input_rules::BINARY_FILE)
            .map(|s| {
                engine_diag(
                    &input_rules::BINARY_FILE,
                    s,
                    0,
                    0..0,
                    format!("binary file skipped (NUL byte at offset {nul})"),
                    None,
                )
            })
            .into_iter()
            .collect();
        return (file, diags, false, false);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(display, path, lossy);
            let diags = sev(&input_rules::INVALID_UTF8)
                .map(|s| {
                    engine_diag(
                        &input_rules::INVALID_UTF8,
                        s,
                        0,
                        at..at + '\u{fffd}'.len_utf8(),
                        format!("invalid UTF-8 at byte offset {at}; the file was not checked"),
                        Some("re-save the file as UTF-8".to_string()),
                    )
                })
                .into_iter()
                .collect();
            return (file, diags, true, false);
        }
    };
    let file = SourceFile::new(display, path, text);
    let diags = lint_source(&file, profile, |m| sev(m));
    (file, diags, true, false)
}

/// Run the enabled rules on one file. `severity` says whether (and how loud) each rule is.
pub fn lint_source(
    file: &SourceFile,
    profile: &Profile,
    severity: impl Fn(&RuleMeta) -> Option<Severity>,
) -> Vec<Diagnostic> {
    let doc = Document::parse(file);
    let mut out = Vec::new();
    for rule in &profile.rules {
        let meta = rule.meta();
        let Some(sev) = severity(meta) else { continue };
        let mut ctx = Ctx::default();
        rule.check(&doc, &mut ctx);
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
