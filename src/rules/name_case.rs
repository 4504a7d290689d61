//! `name-case`: a canonical name written in the wrong case.

use std::sync::Arc;

use crate::declare_rule;
use crate::diagnostic::{Severity, Edit, Finding, Fix};
use crate::document::Document;
use crate::names::{MatchKind, NameIndex};
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds canonical names (from the `names` entries of the rule packs) written with the right
    /// letters in the wrong case: `github`, `Nvidia`, `youtube`, `Dask down under`.
    ///
    ///
    /// It also learns the site's own casing: a word the site writes one way nearly always
    /// (at least 5 times and 9 uses in 10, with a capital inside: `GeoPandas`, `EuRuKo`)
    /// makes another casing used once (`Geopandas`, `Euruko`) a finding.
    ///
    /// ## Why is this bad?
    /// Brands and projects have one spelling; `Github` and `Nvidia` look careless in a published
    /// post, and inconsistent case splits search results.
    ///
    /// ## Example
    /// ```markdown
    /// Anaconda and Nvidia sponsored; slides are on github and the talks on the youtube channel.
    /// ```
    ///
    /// ## Not flagged
    /// - a lowercase form that is an ordinary English word (`rapids`, `python`, `anaconda`);
    /// - the name's package or command (`numpy`, `dask` when the entry says `package: dask`);
    /// - file names, paths, URLs, identifiers and code (`github.com`, `dask_ml`, `` `dask` ``,
    ///   `:github`, `github/pages-gem`), and a lowercase name as the text of a link to
    ///   its address (`[gitter](https://gitter.im/room)`), in quotes (a tag: `"rubyconf"`),
    ///   or an address spelt out (`rubykaigi dot org`);
    /// - words in all capitals (headline style) and a capitalised first word of a sentence for
    ///   names that are lowercase (`Scikit-learn is...`);
    /// - a multi-word name unless one of its words is exactly right and not an ordinary word
    ///   (`the capital one needs` is not `Capital One`);
    /// - a lowercase word in a line's list of at least three lowercase keywords
    ///   (`Tags: dask, pydata, python`): tags keep their own case.
    ///
    /// ## Fix
    /// Safe: replace with the canonical spelling.
    pub static META = {
        name: "name-case",
        summary: "canonical names in the wrong case (github, Nvidia)",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        needs: Needs::VOCABULARY,
        family: ("spelling", 2),
    }
}

pub struct NameCase {
    pub index: Arc<NameIndex>,
}

impl Rule for NameCase {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let words = doc.words();
        let matches = ctx.cache.names(&self.index, doc);
        let mut covered = vec![false; words.len()];
        for m in matches {
            for i in m.words.clone() {
                covered[i] = true;
            }
        }
        // The site's own casing of its words.
        let vocab = &ctx.site.vocabulary;
        for (i, w) in words.iter().enumerate() {
            if covered[i]
                || !w.is_capitalised()
                || w.is_all_caps()
                || w.text.len() < 4
                || vocab.uses(w.text) != 1
                || w.in_identifier(doc.text)
            {
                continue;
            }
            let Some((best, n)) = vocab.dominant_spelling(w.text) else {
                continue;
            };
            let best = best.to_string();
            ctx.report(
                Finding::new(
                    w.range.clone(),
                    format!("`{}` should be written `{best}`, as {n} times in this site", w.text),
                )
                .help(format!("write `{best}`"))
                .fix(Fix {
                    applicability: crate::diagnostic::Applicability::Safe,
                    edits: vec![Edit {
                        range: w.range.clone(),
                        replacement: best.clone(),
                    }],
                }),
            );
        }
        // The lowercase text of a link whose address spells it so (`[gitter](https://gitter.im/x)`):
        // the address's own spelling. Prose beside such a link is prose (`the Dask youtube
        // channel` next to a youtube.com link is still `YouTube`). Links are in document
        // order: the one holding a word is found by a binary search.
        let in_own_link = |w: &crate::text::words::Word| {
            let i = doc.links.partition_point(|l| l.range.start <= w.range.start);
            doc.links[..i].iter().rev().take(2).any(|l| {
                l.text_range.start <= w.range.start
                    && w.range.end <= l.text_range.end
                    && l.dest.to_lowercase().contains(&w.text.to_lowercase())
            })
        };
        for m in matches {
            if m.kind != MatchKind::Case {
                continue;
            }
            // A symbol (`:github`) or a link's own lowercase text is no prose name.
            let code_like = m.wrong.iter().any(|&i| {
                let w = &words[i];
                let lower = !w.text.chars().any(char::is_uppercase);
                // In quotes it is talked about (a tag: `"rubyconf"`); before ` dot ` it is
                // an address spelt out (`rubykaigi dot org`).
                let spelt_address = doc.text[w.range.end..]
                    .get(..5)
                    .is_some_and(|t| t.eq_ignore_ascii_case(" dot "));
                // `rstudio::conf`, `Foo::Bar`: a path of code.
                let code_path = doc.text[w.range.end..].starts_with("::");
                matches!(w.before, Some(':'))
                    || code_path
                    || (lower && (in_own_link(w) || w.in_double_quotes() || spelt_address))
            });
            if code_like {
                continue;
            }
            let name = self.index.name(m.name);
            let start = m.words.start;
            let span = words[start].range.start..words[m.words.end - 1].range.end;
            let written = &doc.text[span.clone()];
            let edits = m
                .wrong
                .iter()
                .map(|&i| Edit {
                    range: words[i].range.clone(),
                    replacement: name.words[i - start].clone(),
                })
                .collect();
            ctx.report(
                Finding::new(
                    span,
                    format!("`{written}` should be written `{}`", name.canonical),
                )
                .help(format!("write `{}`", name.canonical))
                .fix(Fix {
                    applicability: crate::diagnostic::Applicability::Safe,
                    edits,
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::names::{NameIndex, NameItem};
    use crate::rules::test_support::lint_rule;

    fn rule() -> super::NameCase {
        let items: Vec<NameItem> = ["GitHub", "NVIDIA", "Dask"]
            .iter()
            .map(|s| NameItem::Plain(s.to_string()))
            .collect();
        super::NameCase {
            index: Arc::new(NameIndex::new(&items)),
        }
    }

    #[test]
    fn flags_prose_only() {
        let f = lint_rule(&rule(), "Code is on github and the GPUs are Nvidia.\n");
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn never_in_code_urls_destinations_html_or_liquid() {
        let src = "Run `github` here.\n\n```\ngithub nvidia\n```\n\nSee https://github.com/x and [the repo](https://github.com/nvidia).\n\n<a title=\"github nvidia\">x</a> {{ site.github }} {% include github.html %}\n\n![](github.png) and dask_github and github.com.\n";
        let f = lint_rule(&rule(), src);
        assert!(f.is_empty(), "{f:?}");
    }
}
