//! `postlint.toml`: discovery, parsing and the per-file rule settings it implies.
//!
//! ```toml
//! packs = ["rules/site.yml"]          # extra rule packs, relative to this file
//!
//! [rules.heading-level]
//! severity = "error"                 # error | warning | info
//!
//! [rules.placeholder]
//! enabled = false
//!
//! words = ["kubectl", "dataframe"]   # right words the spell check does not know
//!
//! [[overrides]]                       # later overrides win
//! files = ["_drafts/**"]              # globs relative to this file
//! rules = { placeholder = { enabled = false } }
//! ```
//!
//! Unknown keys, wrong types, unknown rule names, bad globs and regexes, and paths that
//! leave the config's folder are errors with the file, line and column. Messages quote at
//! most 40 characters of what the file holds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;

/// Names of the config file, in order of preference, in each folder.
pub const FILE_NAMES: [&str; 2] = ["postlint.toml", ".postlint.toml"];

/// A configuration problem: exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    /// 1-based; 0 when the position is unknown.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // What a message quotes comes from a file, which may hold anything: cut short.
        let file = crate::util::escape_controls(&self.file);
        let message = crate::util::clip_message(&self.message);
        if self.line > 0 {
            write!(f, "{file}:{}:{}: {message}", self.line, self.column)
        } else {
            write!(f, "{file}: {message}")
        }
    }
}

#[derive(Debug, Default, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    packs: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleSettings>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    links: LinksConfig,
    #[serde(default, rename = "front-matter")]
    front_matter: Option<crate::rules::front_matter::FrontMatterSpec>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    words: Vec<String>,
}

pub use crate::site::LinksConfig;

/// Where the values checked after parsing were written: read in a second pass over the
/// same text (other keys are ignored here; `RawConfig` rejects them).
#[derive(Debug, Default, Deserialize)]
struct Positions {
    #[serde(default)]
    links: Option<LinkPositions>,
    #[serde(default, rename = "front-matter")]
    front_matter: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
struct LinkPositions {
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    cache: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RuleSettings>,
}

#[derive(Debug)]
struct Override {
    files: GlobSet,
    rules: BTreeMap<String, RuleSettings>,
}

/// One loaded configuration (possibly the empty default).
#[derive(Debug, Default)]
pub struct Config {
    /// The file it was read from; `None` for the built-in defaults.
    pub file: Option<PathBuf>,
    /// Folder that globs and pack paths are relative to.
    pub root: PathBuf,
    /// Extra packs as (display path, text).
    pub packs: Vec<(String, String)>,
    rules: BTreeMap<String, RuleSettings>,
    overrides: Vec<Override>,
    /// Rule names as written, with their position, for validation against the registry.
    rule_refs: Vec<(String, usize, usize)>,
    pub links: LinksConfig,
    /// `[front-matter]`: the site's schema, replacing the default `front-matter` rule.
    pub front_matter: Option<crate::rules::front_matter::FrontMatterSpec>,
    /// `names = [...]`: canonical names of this site, added to the packs' names.
    pub names: Vec<String>,
    /// `words = [...]`: words of this site the spell check (`misspelling`) takes as right.
    pub words: Vec<String>,
}

/// Find the config governing `path`: the nearest `postlint.toml`/`.postlint.toml` in its
/// folder or any folder above.
pub fn discover(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let abs = std::path::absolute(&start).unwrap_or(start);
    abs.ancestors()
        .flat_map(|dir| FILE_NAMES.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The first place at or after byte `from` where `word` occurs on its own (not inside a
/// longer name): where an error that names something points.
pub(crate) fn find_word(text: &str, from: usize, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut from = from.min(text.len());
    while let Some(i) = text.get(from..).and_then(|t| t.find(word)) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let first = word.chars().next().is_some_and(is_word);
        let last = word.chars().next_back().is_some_and(is_word);
        let glued = first && before.is_some_and(is_word) || last && after.is_some_and(is_word);
        if !glued {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The last line of a regex error ("unclosed group"), without the pattern it echoes.
pub(crate) fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text.lines().last().unwrap_or(&text);
    last.trim().trim_start_matches("error: ").to_string()
}

/// Is `rel`, a path given in the config in `root`, inside `root` (also once symlinks are
/// resolved)? Config files name paths inside their own project; a path elsewhere is only
/// ever given explicitly, on the command line.
fn check_inside(root: &Path, rel: &str) -> Result<PathBuf, String> {
    if !crate::util::stays_inside(Path::new(rel)) {
        return Err(
            "is outside the folder of this config file (use a path relative to it, \
             without `..` above it)"
                .to_string(),
        );
    }
    let path = root.join(rel);
    if !crate::util::resolves_inside(&path, root) {
        return Err(
            "leads outside the folder of this config file through a symbolic link".to_string(),
        );
    }
    Ok(path)
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

impl Config {
    /// Read and parse a config file, and load the packs it names.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let text =
            crate::util::read_regular(path, crate::util::CONFIG_SIZE_LIMIT, true).map_err(|e| {
                ConfigError {
                    file: display.clone(),
                    line: 0,
                    column: 0,
                    message: format!("cannot read config: {e}"),
                }
            })?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."));
        Self::parse(&display, &text, root, Some(path.to_path_buf()))
    }

    /// Parse config text; `root` is the folder relative paths start from.
    pub fn parse(
        display: &str,
        text: &str,
        root: PathBuf,
        file: Option<PathBuf>,
    ) -> Result<Config, ConfigError> {
        let err_at = |offset: usize, message: String| {
            let (line, column) = position(text, offset);
            ConfigError {
                file: display.to_string(),
                line,
                column,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            err_at(offset, e.message().trim_end_matches('.').replace('\n', " "))
        })?;
        // Cannot fail where `RawConfig` parsed: it holds only keys of `RawConfig`.
        let at: Positions = toml::from_str(text).unwrap_or_default();
        let mut packs = Vec::new();
        for p in &raw.packs {
            let name = p.get_ref();
            let path = check_inside(&root, name)
                .map_err(|why| err_at(p.span().start, format!("pack `{name}` {why}")))?;
            let pack_text = crate::util::read_regular(&path, crate::util::CONFIG_SIZE_LIMIT, true)
                .map_err(|e| err_at(p.span().start, format!("cannot read pack `{name}`: {e}")))?;
            packs.push((path.display().to_string(), pack_text));
        }
        let links_at = at.links.unwrap_or_default();
        if let Some(cache) = &raw.links.cache {
            let offset = links_at.cache.as_ref().map_or(0, |c| c.span().start);
            // Only the words: the cache is created when first used.
            if !crate::util::stays_inside(Path::new(cache)) {
                return Err(err_at(
                    offset,
                    format!("`[links] cache` `{cache}` is outside the folder of this config file (use a path relative to it, without `..` above it)"),
                ));
            }
        }
        for (i, pattern) in raw.links.exclude.iter().enumerate() {
            if let Err(e) = regex::Regex::new(pattern) {
                let offset = links_at.exclude.get(i).map_or(0, |p| p.span().start + 1);
                return Err(err_at(
                    offset,
                    format!(
                        "`[links] exclude` pattern `{pattern}` is not a valid regex: {}",
                        regex_reason(&e)
                    ),
                ));
            }
        }
        if let Some(spec) = &raw.front_matter {
            // Compiled here for the position of a mistake; the registry compiles it again.
            if let Err(message) = spec.clone().compile(display) {
                let start = at.front_matter.as_ref().map_or(0, |t| t.span().start);
                let named = message.split('`').nth(1).unwrap_or("");
                let offset = find_word(text, start, named).unwrap_or(start);
                return Err(err_at(offset, format!("[front-matter]: {message}")));
            }
        }
        let mut rule_refs = Vec::new();
        let mut take = |m: BTreeMap<Spanned<String>, RuleSettings>| {
            m.into_iter()
                .map(|(k, v)| {
                    let (line, column) = position(text, k.span().start);
                    rule_refs.push((k.get_ref().clone(), line, column));
                    (k.into_inner(), v)
                })
                .collect::<BTreeMap<_, _>>()
        };
        let rules = take(raw.rules);
        let mut overrides = Vec::new();
        for o in raw.overrides {
            let mut builder = GlobSetBuilder::new();
            for g in &o.files {
                let glob = Glob::new(g.get_ref())
                    .map_err(|e| err_at(g.span().start, format!("invalid glob: {e}")))?;
                builder.add(glob);
            }
            let files = builder
                .build()
                .map_err(|e| err_at(0, format!("invalid globs: {e}")))?;
            overrides.push(Override {
                files,
                rules: take(o.rules),
            });
        }
        Ok(Config {
            file,
            root,
            packs,
            rules,
            overrides,
            rule_refs,
            links: raw.links,
            front_matter: raw.front_matter,
            names: raw.names,
            words: raw.words,
        })
    }

    /// Check every rule name in the file against the rules that exist.
    pub fn validate(&self, known: &[&str]) -> Result<(), ConfigError> {
        for (name, line, column) in &self.rule_refs {
            let known = known.contains(&name.as_str());
            if !known {
                return Err(ConfigError {
                    file: self.display(),
                    line: *line,
                    column: *column,
                    message: format!("unknown rule `{name}` (see `postlint rules`)"),
                });
            }
        }
        Ok(())
    }

    pub fn display(&self) -> String {
        self.file
            .as_ref()
            .map_or_else(|| "<defaults>".to_string(), |f| f.display().to_string())
    }

    /// Can `rule` be on for some file: not turned off for all of them (an override may
    /// turn it on again for some).
    pub fn may_enable(&self, rule: &str) -> bool {
        self.rules.get(rule).and_then(|s| s.enabled) != Some(false)
            || self
                .overrides
                .iter()
                .any(|o| o.rules.get(rule).and_then(|s| s.enabled) == Some(true))
    }

    /// The settings for `rule` on a file at `path` (config, then matching overrides).
    pub fn rule_settings(&self, rule: &str, path: Option<&Path>) -> RuleSettings {
        let mut s = self.rules.get(rule).copied().unwrap_or_default();
        // Overrides need the path relative to this file's folder; most configs have none.
        if self.overrides.is_empty() || !self.overrides.iter().any(|o| o.rules.contains_key(rule)) {
            return s;
        }
        if let Some(path) = path {
            let abs_root = std::path::absolute(&self.root).unwrap_or_else(|_| self.root.clone());
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let rel = abs.strip_prefix(&abs_root).unwrap_or(&abs);
            for o in &self.overrides {
                if o.files.is_match(rel) {
                    if let Some(r) = o.rules.get(rule) {
                        s.enabled = r.enabled.or(s.enabled);
                        s.severity = r.severity.or(s.severity);
                    }
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse("postlint.toml", text, PathBuf::from("."), None)
    }

    #[test]
    fn parses_rules_and_overrides() {
        let c = parse(
            "[rules.placeholder]\nseverity = \"warning\"\n\n[[overrides]]\nfiles = [\"_drafts/**\"]\nrules = { placeholder = { enabled = false } }\n",
        )
        .unwrap();
        let s = c.rule_settings("placeholder", Some(Path::new("_posts/a.md")));
        assert_eq!(s.severity, Some(Severity::Warning));
        assert_eq!(s.enabled, None);
        let s = c.rule_settings("placeholder", Some(Path::new("_drafts/a.md")));
        assert_eq!(s.enabled, Some(false));
    }

    #[test]
    fn unknown_key_has_position() {
        let e = parse("[rules.placeholder]\nseverity = \"warning\"\nenable = true\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1), "{e}");
        assert!(e.message.contains("enable"), "{e}");
    }

    #[test]
    fn wrong_type_has_position() {
        let e = parse("[rules.placeholder]\nseverity = \"loud\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = parse("packs = \"x.yml\"\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
    }

    #[test]
    fn unknown_rule_name_is_rejected() {
        let c = parse("\n[rules.placeholdr]\nenabled = false\n").unwrap();
        let reg = crate::registry::registry(&Config::default()).unwrap();
        let names: Vec<&str> = reg.rules.iter().map(|r| r.meta().name.as_ref()).collect();
        let e = c.validate(&names).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("placeholdr"));
    }

    #[test]
    fn bad_glob_is_rejected() {
        let e = parse("[[overrides]]\nfiles = [\"a/{b\"]\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }
}
