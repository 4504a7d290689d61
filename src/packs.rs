//! Rule packs: declarative YAML files in `rules/` that define rules as data.
//!
//! The default packs are embedded in the binary; users add packs from `postlint.toml`
//! (`packs = [...]`). A pack is a list of entries, each one rule of a known `kind`; an
//! entry whose `name` matches an earlier one replaces it. Packs are parsed with
//! serde-saphyr into typed structs (`deny_unknown_fields`), so a bad pack fails at load
//! with its file, line and column.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::names::{NameItem, NamesSpec};
use crate::rule::Rule;
use crate::rules::existence::ExistenceSpec;
use crate::rules::front_matter::FrontMatterSpec;
use crate::rules::placeholder::PlaceholderSpec;
use crate::rules::substitution::SubstitutionSpec;
use crate::rules::template::TemplateSpec;
use crate::vocab::VocabSource;

/// The packs compiled into the binary, with the path they have in the repository.
pub const DEFAULT_PACKS: &[(&str, &str)] = &[
    (
        "rules/placeholders.yml",
        include_str!("../rules/placeholders.yml"),
    ),
    ("rules/names.yml", include_str!("../rules/names.yml")),
    ("rules/typos.yml", include_str!("../rules/typos.yml")),
    ("rules/recap.yml", include_str!("../rules/recap.yml")),
    (
        "rules/front-matter.yml",
        include_str!("../rules/front-matter.yml"),
    ),
    ("rules/scrape.yml", include_str!("../rules/scrape.yml")),
];

/// A pack that could not be loaded: a configuration error (file, line, column, message).
pub type PackError = crate::config::ConfigError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(default)]
    rules: Vec<Spanned<PackEntry>>,
}

/// One pack entry; `kind` selects the implementation.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PackEntry {
    Placeholder(PlaceholderSpec),
    Substitution(SubstitutionSpec),
    Template(TemplateSpec),
    FrontMatter(FrontMatterSpec),
    Existence(ExistenceSpec),
    /// Canonical names: no rule of its own, feeds `name-spelling` and `name-case`.
    Names(NamesSpec),
}

impl PackEntry {
    fn name(&self) -> &str {
        match self {
            PackEntry::Placeholder(s) => &s.name,
            PackEntry::Substitution(s) => &s.name,
            PackEntry::Template(s) => &s.name,
            PackEntry::FrontMatter(s) => &s.name,
            PackEntry::Existence(s) => &s.name,
            PackEntry::Names(s) => &s.name,
        }
    }
}

/// What the packs of a profile define.
#[derive(Default)]
pub struct Loaded {
    pub rules: Vec<Box<dyn Rule>>,
    pub names: Vec<NameItem>,
    /// The vocabulary of each `placeholder` entry.
    pub vocab: Vec<VocabSource>,
}

/// Parse one pack's text. `file` names it in errors.
fn parse(file: &str, text: &str) -> Result<Vec<(PackEntry, usize, usize)>, PackError> {
    let options = serde_saphyr::options! { with_snippet: false };
    let pack: PackFile = serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
        let message = e.to_string();
        let first = message.lines().next().unwrap_or(&message);
        let message = first
            .rfind(" at line ")
            .map_or(first, |i| &first[..i])
            .to_string();
        let message = budget_words(&message).unwrap_or(message);
        let (line, column) = refine_position(text, line, column, &message);
        PackError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    })?;
    Ok(pack
        .rules
        .into_iter()
        .map(|s| {
            (
                s.value,
                s.referenced.line() as usize,
                s.referenced.column() as usize,
            )
        })
        .collect())
}

/// A limit of the YAML parser, in words (its own message is a Debug dump such as
/// `budget breached: Depth { depth: 65 }`); `None` for other messages.
fn budget_words(message: &str) -> Option<String> {
    let breach = message.strip_prefix("budget breached: ")?;
    let kind = breach.split([' ', '{']).next().unwrap_or("");
    let what = match kind {
        "Depth" => "is nested too deeply (more than 64 levels of lists and maps)",
        "Events" | "Nodes" | "Documents" => "holds too many values",
        "ScalarBytes" | "InputBytes" => "holds too much text",
        "Aliases" | "Anchors" | "AliasAnchorRatio" | "MergeKeys" => {
            "has aliases that expand to too many values"
        }
        _ => "is over a limit of the YAML parser",
    };
    Some(format!("the pack {what}; postlint stops reading it there"))
}

/// Byte offset where 1-based `line` starts in `text`.
fn line_offset(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// 1-based line and column of byte `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let l = text[..at].matches('\n').count() + 1;
    let c = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (l, c)
}

/// Errors inside an entry (`kind`-tagged, so buffered by serde) only carry the entry's
/// position; point at the offending word instead when the message names one that occurs
/// at or after that position.
fn refine_position(text: &str, line: usize, column: usize, message: &str) -> (usize, usize) {
    let Some(word) = message.split('`').nth(1).filter(|w| !w.is_empty()) else {
        return (line, column);
    };
    match crate::config::find_word(text, line_offset(text, line), word) {
        Some(at) => line_column(text, at),
        None => (line, column),
    }
}

/// Where in `text` the value an entry's compile error names is written, searched between
/// the entry's start and `end` (the next entry's start): the pattern quoted in
/// `invalid pattern `(x``, or the key of `invalid field_label: ...`. `None` when the
/// message names nothing found there.
fn compile_error_at(text: &str, start: usize, end: usize, message: &str) -> Option<usize> {
    let entry = text.get(..end)?;
    let quoted = message.split('`').nth(1).filter(|w| !w.is_empty());
    if let Some(word) = quoted {
        // As written in the pack: plain or single-quoted, or double-quoted with escapes.
        let escaped = word.replace('\\', "\\\\").replace('"', "\\\"");
        for form in [word, escaped.as_str()] {
            if let Some(at) = crate::config::find_word(entry, start, form) {
                return Some(at);
            }
        }
    }
    let key = message
        .strip_prefix("invalid ")?
        .split([':', ' '])
        .next()
        .filter(|k| !k.is_empty())?;
    crate::config::find_word(entry, start, key)
}

/// Load the default packs, then `extra` (path, text) packs in order, into rules.
pub fn load(extra: &[(String, String)]) -> Result<Loaded, PackError> {
    // (entry, origin, line, column, index of its pack in `texts`)
    let mut entries: Vec<(PackEntry, String, usize, usize, usize)> = Vec::new();
    let texts: Vec<(&str, &str)> = DEFAULT_PACKS
        .iter()
        .copied()
        .chain(extra.iter().map(|(f, t)| (f.as_str(), t.as_str())))
        .collect();
    for (pack, (file, text)) in texts.iter().enumerate() {
        for (entry, line, column) in parse(file, text)? {
            let origin = Path::new(file)
                .file_name()
                .map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
            if let Some(slot) = entries.iter_mut().find(|e| e.0.name() == entry.name()) {
                *slot = (entry, origin, line, column, pack);
            } else {
                entries.push((entry, origin, line, column, pack));
            }
        }
    }
    // Where each entry starts, per pack, to bound the search for what an error names.
    let starts: Vec<(usize, usize)> = entries
        .iter()
        .map(|e| (e.4, line_offset(texts[e.4].1, e.2)))
        .collect();
    let mut out = Loaded::default();
    for (entry, origin, line, column, pack) in entries {
        let name = entry.name().to_string();
        let text = texts[pack].1;
        let start = line_offset(text, line);
        let end = starts
            .iter()
            .filter(|&&(p, s)| p == pack && s > start)
            .map(|&(_, s)| s)
            .min()
            .unwrap_or(text.len());
        let error = |message: String| {
            // Point at the pattern or key at fault, not at the entry's `- name:` line.
            let (line, column) = compile_error_at(text, start, end, &message)
                .map_or((line, column), |at| line_column(text, at));
            PackError {
                file: origin.clone(),
                line,
                column,
                message: format!("rule `{name}`: {message}"),
            }
        };
        let rule: Box<dyn Rule> = match entry {
            PackEntry::Placeholder(spec) => {
                out.vocab.push(spec.vocab_source());
                Box::new(spec.compile(&origin).map_err(error)?)
            }
            PackEntry::Substitution(spec) => Box::new(spec.compile(&origin).map_err(error)?),
            PackEntry::Template(spec) => Box::new(spec.compile(&origin).map_err(error)?),
            PackEntry::FrontMatter(spec) => Box::new(spec.compile(&origin).map_err(error)?),
            PackEntry::Existence(spec) => Box::new(spec.compile(&origin).map_err(error)?),
            PackEntry::Names(spec) => {
                out.names.extend(spec.names);
                continue;
            }
        };
        out.rules.push(rule);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_packs_load() {
        let loaded = load(&[]).expect("default packs are valid");
        for name in ["placeholder", "typo", "talk-entry"] {
            assert!(loaded.rules.iter().any(|r| r.meta().name == name), "{name}");
        }
        assert!(loaded.names.len() > 50);
    }

    #[test]
    fn unknown_field_is_an_error_with_position() {
        let pack = "rules:\n  - name: wip\n    kind: placeholder\n    markerz: [WIP]\n";
        let err = load(&[("my.yml".into(), pack.into())])
            .err()
            .expect("unknown field rejected");
        assert_eq!(err.file, "my.yml");
        assert!(err.message.contains("markerz"), "{err}");
        assert_eq!((err.line, err.column), (4, 5), "{err:?}");
    }

    #[test]
    fn unknown_kind_is_an_error() {
        let pack = "rules:\n  - name: x\n    kind: nonsense\n";
        let err = load(&[("my.yml".into(), pack.into())]).err().unwrap();
        assert!(err.message.contains("nonsense"), "{err}");
    }

    #[test]
    fn bad_regex_is_an_error_naming_the_rule() {
        let pack = "rules:\n  - name: wip\n    kind: placeholder\n    field_label: \"(\"\n";
        let err = load(&[("my.yml".into(), pack.into())]).err().unwrap();
        assert!(err.message.contains("wip"), "{err}");
        // Item 19: the pattern itself, not the entry's `- name:` line.
        assert_eq!((err.line, err.column), (4, 19), "{err:?}");
    }

    #[test]
    fn same_name_replaces_and_new_name_adds() {
        let pack = "rules:\n  - name: placeholder\n    kind: placeholder\n    markers: [WIP]\n  - name: draft-marker\n    kind: placeholder\n    markers: [DRAFT]\n";
        let rules = load(&[("my.yml".into(), pack.into())]).unwrap().rules;
        let names: Vec<_> = rules.iter().map(|r| r.meta().name.to_string()).collect();
        assert!(names.contains(&"draft-marker".to_string()));
        let p = rules
            .iter()
            .find(|r| r.meta().name == "placeholder")
            .unwrap();
        assert_eq!(p.meta().origin, "my.yml");
    }
}
