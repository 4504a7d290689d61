//! Pack kind `existence` (the default `scrape-leftover` rule is one): patterns that should
//! not appear in prose at all.

use std::borrow::Cow;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, Rule, RuleMeta};

pub const DOCS: &str = "\
## What it does
Reports prose matching any of a list of regular expressions, one line at a time (`^` and
`$` anchor a line). The default `scrape-leftover` rule (`rules/scrape.yml`) holds the
boilerplate that comes along when a recap is pasted or scraped from a web page: `blog
comments powered by Disqus`, `Share this:`, `Skip to content`, cookie notices, WordPress
`Like this:` / `Loading...` lines.

## Why is this bad?
It tells readers the post was copied from somewhere, and it is noise in the middle of it.

## Example
```markdown
Share this:
blog comments powered by Disqus
```

## Not flagged
Code, URLs, HTML and Liquid; and, by the default patterns' anchors, sentences that only
mention cookies or sharing.

## Fix
None: delete the line.
";

fn default_severity() -> Severity {
    Severity::Warning
}
fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExistenceSpec {
    pub name: String,
    #[serde(default = "default_severity")]
    pub severity: Severity,
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
    message: String,
    help: Option<String>,
}

impl ExistenceSpec {
    pub fn compile(self, origin: &str) -> Result<Existence, String> {
        if self.patterns.is_empty() {
            return Err("`patterns` is empty".into());
        }
        let joined = self
            .patterns
            .iter()
            .map(|p| format!("(?:{p})"))
            .collect::<Vec<_>>()
            .join("|");
        let re = RegexBuilder::new(&joined)
            .case_insensitive(self.ignore_case)
            .multi_line(true)
            .build()
            .map_err(|e| {
                // Name the pattern at fault (compiled one by one only on error).
                self.patterns
                    .iter()
                    .find_map(|p| {
                        Regex::new(p)
                            .err()
                            .map(|pe| format!("invalid pattern `{p}`: {pe}"))
                    })
                    .unwrap_or_else(|| e.to_string())
            })?;
        Ok(Existence {
            meta: RuleMeta {
                name: Cow::Owned(self.name),
                summary: Cow::Owned(
                    self.summary
                        .unwrap_or_else(|| "text that should not be in a post".into()),
                ),
                docs: DOCS,
                default_severity: self.severity,
                fixable: false,
                origin: Cow::Owned(origin.to_string()),
                needs_site: false,
            },
            re,
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
        for run in &doc.prose {
            let s = doc.slice(&run.range).trim_end();
            let lead = s.len() - s.trim_start().len();
            let line = &s[lead..];
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
