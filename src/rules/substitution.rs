//! Pack kind `substitution` (the default `typo` rule is one): wrong word → right word.

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports words (or regular-expression matches) from a list of known mistakes and offers the
    /// correction: the default `typo` rule (`rules/typos.yml`) holds common English misspellings
    /// (`teh` → `the`, `recieve` → `receive`, `dwon` → `down`). Words match whole words in any case
    /// and the correction keeps the case written (`Teh` → `The`, `TEH` → `THE`).
    ///
    /// ## Why is this bad?
    /// Typos in a published post cost credibility; a fixed list of known misspellings catches them
    /// with almost no false alarms.
    ///
    /// ## Example
    /// ```markdown
    /// Teh slides will be available untill Friday.
    /// ```
    ///
    /// ## Not flagged
    /// - anything but prose: code, URLs, HTML, Liquid, file names and identifiers (`teh_config`);
    /// - posts in another language than the entry's `lang` (`typo` says `lang: en`: `paralel`
    ///   is Turkish and Indonesian, `existant` French; see `is_english` for how a post's
    ///   language is told);
    /// - words that merely contain a misspelling (`tehran` is not `teh`).
    ///
    /// ## Fix
    /// Safe: replace with the correction (every entry has exactly one).
    pub static KIND = {
        kind: "substitution",
        summary: "known misspellings",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        family: ("spelling", 1),
    }
}

fn default_message() -> String {
    "`{match}` is a misspelling of `{replacement}`".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub pattern: String,
    pub replacement: String,
}

/// The `substitution` kind's data, as written in a rule pack.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionSpec {
    pub name: String,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub summary: Option<String>,
    /// `{match}` and `{replacement}` are filled in.
    #[serde(default = "default_message")]
    pub message: String,
    /// Whole words, any case: wrong → right.
    #[serde(default)]
    pub words: HashMap<String, String>,
    /// Regular expressions (`$1` in the replacement refers to a group).
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// The language of the words (`en`): posts in another language are not checked.
    #[serde(default)]
    pub lang: Option<String>,
}

crate::pack_definition!(SubstitutionSpec);

impl SubstitutionSpec {
    pub fn compile(self, origin: &str) -> Result<Substitution, String> {
        let meta = KIND.entry(self.definition(), origin);
        let mut patterns = Vec::new();
        for p in self.patterns {
            let re = Regex::new(&p.pattern)
                .map_err(|e| format!("invalid pattern `{}`: {e}", p.pattern))?;
            patterns.push((re, p.replacement));
        }
        let words: rustc_hash::FxHashMap<String, String> = self
            .words
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect();
        let mut filter = crate::text::WordFilter::default();
        for k in words.keys() {
            filter.insert(k);
        }
        Ok(Substitution {
            meta,
            lang: self.lang.as_deref().and_then(crate::text::lang::code),
            message: self.message,
            words,
            filter,
            patterns,
        })
    }
}

pub struct Substitution {
    meta: RuleMeta,
    /// The words' language code, when the entry gives one.
    lang: Option<String>,
    message: String,
    words: rustc_hash::FxHashMap<String, String>,
    /// The misspellings, to skip most words without lowercasing them.
    filter: crate::text::WordFilter,
    patterns: Vec<(Regex, String)>,
}

/// Give `replacement` the case pattern of `written`.
pub fn match_case(written: &str, replacement: &str) -> String {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if written.chars().next().is_some_and(char::is_uppercase) {
        let mut c = replacement.chars();
        return match c.next() {
            Some(first) => first.to_uppercase().chain(c).collect(),
            None => String::new(),
        };
    }
    replacement.to_string()
}

impl Substitution {
    fn finding(&self, range: std::ops::Range<usize>, written: &str, replacement: &str) -> Finding {
        let message = self
            .message
            .replace("{match}", written)
            .replace("{replacement}", replacement);
        Finding::new(range.clone(), message)
            .help(format!("write `{replacement}`"))
            .fix(Fix::safe(range, replacement))
    }
}

impl Rule for Substitution {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        if let Some(lang) = &self.lang {
            let same = if lang == "en" {
                ctx.cache.is_english(doc, ctx.site, ctx.doc)
            } else {
                ctx.doc
                    .and_then(|i| ctx.site.docs.get(i))
                    .and_then(|d| d.lang.as_deref())
                    == Some(lang.as_str())
            };
            if !same {
                return;
            }
        }
        if !self.words.is_empty() {
            for (w, &h) in doc.words().iter().zip(doc.word_hashes()) {
                if !self.filter.may_contain_hash(h) {
                    continue;
                }
                let Some(right) = self.words.get(&w.text.to_lowercase()) else {
                    continue;
                };
                if w.in_identifier(doc.text) {
                    continue;
                }
                let replacement = match_case(w.text, right);
                ctx.report(self.finding(w.range.clone(), w.text, &replacement));
            }
        }
        for (re, replacement) in &self.patterns {
            for run in &doc.prose {
                let s = doc.slice(&run.range);
                for caps in re.captures_iter(s) {
                    let m = caps.get(0).expect("match");
                    let mut out = String::new();
                    caps.expand(replacement, &mut out);
                    let range = run.range.start + m.start()..run.range.start + m.end();
                    ctx.report(self.finding(range, m.as_str(), &out));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::lint_rule;

    fn rule() -> Substitution {
        SubstitutionSpec {
            name: "typo".into(),
            severity: Some(Severity::Warning),
            summary: None,
            message: default_message(),
            words: [("teh", "the"), ("dwon", "down"), ("untill", "until")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            patterns: vec![Pattern {
                pattern: r"\be-mail\b".into(),
                replacement: "email".into(),
            }],
            lang: Some("en".into()),
        }
        .compile("test")
        .unwrap()
    }

    #[test]
    fn replaces_whole_words_keeping_case() {
        let f = lint_rule(&rule(), "Teh talk ran untill TEH end. Send an e-mail.\n");
        let msgs: Vec<&str> = f.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "`Teh` is a misspelling of `The`",
                "`untill` is a misspelling of `until`",
                "`TEH` is a misspelling of `THE`",
                "`e-mail` is a misspelling of `email`"
            ]
        );
    }

    #[test]
    fn not_in_code_urls_or_other_words() {
        let src = "`teh` and https://x.org/teh and teh_config and tehran and <span title=\"teh\">x</span>\n";
        assert!(lint_rule(&rule(), src).is_empty());
    }

    #[test]
    fn english_words_are_not_looked_for_in_other_languages() {
        let es = "---\nlang: es\n---\nTeh\n";
        assert!(lint_rule(&rule(), es).is_empty());
        let words = "Hoy publicamos la nueva versión del proyecto y todo el equipo trabajó mucho para que esta entrega llegue a tiempo con las pruebas untill el final.\n";
        assert!(lint_rule(&rule(), words).is_empty());
        assert_eq!(lint_rule(&rule(), "---\nlang: en\n---\nTeh\n").len(), 1);
    }

    #[test]
    fn case_matching() {
        assert_eq!(match_case("Dwon", "down"), "Down");
        assert_eq!(match_case("DWON", "down"), "DOWN");
        assert_eq!(match_case("dwon", "down"), "down");
    }
}
