//! Pack kind `existence` (the default `scrape-leftover` rule is one): patterns that should
//! not appear in prose at all.


use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use serde::Deserialize;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports prose matching any of a list of regular expressions, one line at a time (`^` and
    /// `$` anchor a line). The default `scrape-leftover` rule (`rules/scrape.yml`) holds the
    /// boilerplate that comes along when a recap is pasted or scraped from a web page: `blog
    /// comments powered by Disqus`, `Share this:`, `Skip to content`, cookie notices, WordPress
    /// `Like this:` / `Loading...` lines.
    ///
    /// ## Why is this bad?
    /// It tells readers the post was copied from somewhere, and it is noise in the middle of it.
    ///
    /// ## Example
    /// ```markdown
    /// Share this:
    /// blog comments powered by Disqus
    /// ```
    ///
    /// ## Not flagged
    /// Code, URLs, HTML and Liquid; and, by the default patterns' anchors, sentences that only
    /// mention cookies or sharing.
    ///
    /// ## Fix
    /// None: delete the line.
    pub static KIND = {
        kind: "existence",
        summary: "text that should not be in a post",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExistenceSpec {
    pub name: String,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub summary: Option<String>,
    /// `{match}` is the matched text.
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
    pub patterns: Vec<String>,
    #[serde(default = "default_true")]
    pub ignore_case: bool,
}

pub struct Existence {
    meta: RuleMeta,
    re: Regex,
    /// Which lines need the search at all, when the patterns tell.
    lines: Option<LineFilter>,
    message: String,
    help: Option<String>,
}

crate::pack_definition!(ExistenceSpec);

impl ExistenceSpec {
    pub fn compile(self, origin: &str) -> Result<Existence, String> {
        if self.patterns.is_empty() {
            return Err("`patterns` is empty".into());
        }
        let re = any_of(&self.patterns, self.ignore_case, true)?;
        Ok(Existence {
            meta: KIND.entry(self.definition(), origin),
            re,
            lines: LineFilter::new(&self.patterns, self.ignore_case),
            message: self.message,
            help: self.help,
        })
    }
}

/// One regex matching any of a pack's `patterns`, compiled once; on error, the message
/// names the pattern at fault (compiled one by one only then).
pub fn any_of(patterns: &[String], ignore_case: bool, multi_line: bool) -> Result<Regex, String> {
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    RegexBuilder::new(&joined)
        .case_insensitive(ignore_case)
        .multi_line(multi_line)
        .build()
        .map_err(|e| {
            patterns
                .iter()
                .find_map(|p| {
                    Regex::new(p)
                        .err()
                        .map(|pe| format!("invalid pattern `{p}`: {pe}"))
                })
                .unwrap_or_else(|| e.to_string())
        })
}

impl Rule for Existence {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let words = self.lines.as_ref().map(|f| f.words.per_run(doc.prose.len(), doc.words(), doc.word_hashes()));
        for (r, run) in doc.prose.iter().enumerate() {
            let s = doc.slice(&run.range).trim_end();
            let lead = s.len() - s.trim_start().len();
            let line = &s[lead..];
            if let (Some(f), Some(words)) = (&self.lines, &words) {
                if !f.may_match(line, words[r]) {
                    continue;
                }
            }
            for m in self.re.find_iter(line) {
                if m.is_empty() {
                    continue;
                }
                let start = run.range.start + lead + m.start();
                let mut f = Finding::new(
                    start..start + m.len(),
                    self.message.replace("{match}", m.as_str()),
                );
                if let Some(h) = &self.help {
                    f = f.help(h.clone());
                }
                ctx.report(f);
            }
        }
    }
}

/// A necessary condition for a line to match, from the words the patterns' matches must
/// start with. Most patterns begin with words (`blog comments powered by`, `subscribe to
/// our`): every word of such a start that is whole (bounded on both sides inside it, or at
/// its start by `^` or `\b`) is a word of any ASCII line that matches, as the tokeniser
/// finds words. Lines lacking the words of every start are skipped, unless a pattern
/// without such words (`^\d+ min read$`) matches them. Lines with other characters than
/// ASCII are always searched (Unicode case folding and word boundaries differ there).
struct LineFilter {
    /// The words the starts need.
    words: crate::text::RunWords,
    /// For each possible start of a match, the words it needs, as a mask.
    starts: Vec<u64>,
    /// The patterns with a start of no whole word, joined: tried on every line.
    others: Option<Regex>,
}

impl LineFilter {
    fn new(patterns: &[String], ignore_case: bool) -> Option<LineFilter> {
        let mut f = LineFilter {
            words: Default::default(),
            starts: Vec::new(),
            others: None,
        };
        let mut others = Vec::new();
        for p in patterns {
            match start_words(p) {
                Some(starts) => {
                    for words in starts {
                        let mut mask = 0;
                        for w in words {
                            mask |= f.words.insert(&w)?;
                        }
                        f.starts.push(mask);
                    }
                }
                None => others.push(format!("(?:{p})")),
            }
        }
        if f.starts.is_empty() {
            return None;
        }
        if !others.is_empty() {
            // A prose line holds no line break: without multi-line mode, `^` makes these
            // patterns anchored, and a line that does not start like one is given up at
            // once instead of scanned.
            f.others = Some(
                RegexBuilder::new(&others.join("|"))
                    .case_insensitive(ignore_case)
                    .build()
                    .ok()?,
            );
        }
        Some(f)
    }

    fn may_match(&self, line: &str, words: u64) -> bool {
        !line.is_ascii()
            || self.starts.iter().any(|&m| m & !words == 0)
            || self.others.as_ref().is_some_and(|re| re.is_match(line))
    }
}

/// The whole words each possible start of a match of `pattern` holds (one list per start),
/// or `None` when some start holds none, or the starts cannot be listed.
fn start_words(pattern: &str) -> Option<Vec<Vec<String>>> {
    use regex_syntax::hir::Look;
    // Case is folded by the word hashes: the literals of the case-sensitive form will do.
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let bounded = [
        Look::Start,
        Look::StartLF,
        Look::StartCRLF,
        Look::WordAscii,
        Look::WordUnicode,
        Look::WordStartAscii,
        Look::WordStartUnicode,
        Look::WordStartHalfAscii,
        Look::WordStartHalfUnicode,
    ]
    .into_iter()
    .any(|l| hir.properties().look_set_prefix().contains(l));
    // A match that is all of a literal ends where the pattern's end says: at the end of
    // the line (`$`) or at a word boundary, the literal's last word is whole too.
    let ends_bounded = [
        Look::End,
        Look::EndLF,
        Look::EndCRLF,
        Look::WordAscii,
        Look::WordUnicode,
        Look::WordEndAscii,
        Look::WordEndUnicode,
        Look::WordEndHalfAscii,
        Look::WordEndHalfUnicode,
    ]
    .into_iter()
    .any(|l| hir.properties().look_set_suffix().contains(l));
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() {
        return None;
    }
    literals
        .iter()
        .map(|l| {
            let words = whole_words(l.as_bytes(), bounded, l.is_exact() && ends_bounded);
            (!words.is_empty()).then_some(words)
        })
        .collect()
}

/// The runs of ASCII letters and digits of `text` with an ASCII separator on both sides
/// (at the start, `bounded` stands for one; at the end, `end_bounded`), as lowercase
/// words. A run after an apostrophe is left out: the tokeniser drops a possessive `'s`.
fn whole_words(text: &[u8], bounded: bool, end_bounded: bool) -> Vec<String> {
    let sep = |b: u8| b.is_ascii() && !b.is_ascii_alphanumeric();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && text[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let left = if start == 0 {
            bounded
        } else {
            sep(text[start - 1]) && text[start - 1] != b'\''
        };
        let right = if i == text.len() {
            end_bounded
        } else {
            sep(text[i])
        };
        if left && right {
            out.push(String::from_utf8_lossy(&text[start..i]).to_ascii_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    fn scrape() -> super::Existence {
        #[derive(serde::Deserialize)]
        struct P {
            #[allow(dead_code)]
            description: String,
            rules: Vec<super::ExistenceSpec>,
        }
        let text = include_str!("../../rules/scrape.yml").replace("    kind: existence\n", "");
        let p: P = serde_saphyr::from_str(&text).unwrap();
        p.rules.into_iter().next().unwrap().compile("t").unwrap()
    }

    #[test]
    fn the_line_filter_keeps_every_line_that_matches() {
        let with = scrape();
        let f = with
            .lines
            .as_ref()
            .expect("the scrape patterns start with words");
        assert!(f.others.is_some(), "`^\\d+ min read$` starts with no word");
        let mut without = scrape();
        without.lines = None;
        let pieces = [
            "Share this",
            "share this post:",
            "Like this",
            "Loading...",
            "blog comments",
            "comments powered by Disqus",
            "powered by",
            "we use cookies",
            "We Use Cookies.",
            "this website uses cookies",
            "subscribe to our newsletter",
            "Skip to content",
            "Related posts",
            "Posted in",
            " by ",
            "5 min read",
            "© 2020 all rights reserved",
            "Tweet",
            "x",
            "_",
            "'",
            "é",
            " ",
            "\n",
            "\n\n",
            "`",
            ".",
            ":",
            "Leave a reply",
        ];
        let found =
            crate::rules::test_support::same_findings(&with, &without, &pieces, 5, 0x005c_4a9e);
        assert!(found > 500, "{found}");
    }

    #[test]
    fn whole_words_of_pattern_starts() {
        assert_eq!(
            super::start_words(r"\bwe use cookies\b.*").unwrap(),
            [["we", "use"]]
        );
        // `^` bounds the first word; the last is not whole (the pattern goes on).
        assert_eq!(
            super::start_words(r"^(?-i:S)hare this(?: post)?:?$").unwrap()[0][0],
            "share"
        );
        assert!(super::start_words(r"^\d+ min read$").is_none());
        assert!(
            super::start_words(r"comments").is_none(),
            "no boundary on either side"
        );
        assert_eq!(super::whole_words(b"it's a test", true, false), ["it", "a"]);
        assert_eq!(super::start_words(r"^(?-i:T)weet$").unwrap(), [["tweet"]]);
    }

    #[test]
    fn a_bad_pattern_is_named() {
        let spec: super::ExistenceSpec =
            serde_saphyr::from_str("name: x\nmessage: m\npatterns: ['fine', 'bro(ken']\n").unwrap();
        let err = spec.compile("t").err().unwrap();
        assert!(err.starts_with("invalid pattern `bro(ken`"), "{err}");
    }

    #[test]
    fn boilerplate_lines() {
        let f = lint_rule(&scrape(), "Share this:\n\nLike this:\n\nblog comments powered by Disqus\n\nWe use cookies to track you.\n");
        assert_eq!(f.len(), 4, "{f:?}");
    }

    #[test]
    fn prose_that_mentions_the_words() {
        let src = "Configure the hook\nlike this:\n\nWe baked cookies and will share this recipe.\n\n`Share this:`\n";
        assert!(
            lint_rule(&scrape(), src).is_empty(),
            "{:?}",
            lint_rule(&scrape(), src)
        );
    }
}
