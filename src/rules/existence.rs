//! Pack kind `existence` (the default `scrape-leftover` rule is one): patterns that should
//! not appear in prose at all.


use serde::Deserialize;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};
use crate::text::pattern::{Options, Pattern};

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
    pattern: Pattern,
    message: String,
    help: Option<String>,
}

crate::pack_definition!(ExistenceSpec);

impl ExistenceSpec {
    pub fn compile(self, origin: &str) -> Result<Existence, String> {
        if self.patterns.is_empty() {
            return Err("`patterns` is empty".into());
        }
        let pattern = Pattern::new(
            &self.patterns,
            Options {
                ignore_case: self.ignore_case,
                multi_line: true,
            },
        )?;
        Ok(Existence {
            meta: KIND.entry(self.definition(), origin),
            pattern,
            message: self.message,
            help: self.help,
        })
    }
}

impl Rule for Existence {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let masks = self
            .pattern
            .line_masks(doc.prose.len(), doc.words(), doc.word_hashes());
        for (r, run) in doc.prose.iter().enumerate() {
            let s = doc.slice(&run.range).trim_end();
            let lead = s.len() - s.trim_start().len();
            let line = &s[lead..];
            if !self
                .pattern
                .might_match_line(line, masks.as_ref().map(|m| m[r]))
            {
                continue;
            }
            for m in self.pattern.regex().find_iter(line) {
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
            .pattern
            .has_line_filter()
            .expect("the scrape patterns start with words");
        assert!(f.others.is_some(), "`^\\d+ min read$` starts with no word");
        let mut without = scrape();
        without.pattern = with.pattern.plain();
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
