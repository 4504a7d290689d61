//! `orphan-footnote`: footnotes without a reference, references without a footnote.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Matches footnote references (`[^1]`) with footnote definitions (`[^1]: text`) and
    /// reports a definition nobody references (kramdown drops its text from the page) and a
    /// reference with no definition (printed literally as `[^1]`).
    ///
    /// ## Why is this bad?
    /// The note the author wrote is lost, or the reader sees raw Markdown.
    ///
    /// ## Example
    /// ```markdown
    /// We met in Lisbon.[^venue]
    ///
    /// [^venu]: Thanks to the library for the room.
    /// ```
    ///
    /// ## Not flagged
    /// Footnote syntax in code, and `[^...]` inside links' text or URLs.
    ///
    /// ## Fix
    /// None.
    pub static META = {
        name: "orphan-footnote",
        summary: "footnote never referenced, or reference to a missing footnote",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

static DEF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[\^([^\]\s]+)\]:").expect("definition regex"));
static REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\^([^\]\s]+)\]").expect("reference regex"));

pub struct OrphanFootnote;

impl Rule for OrphanFootnote {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let body_start = doc.body_start;
        let body = &doc.text[body_start..];
        let mut defs: BTreeMap<String, std::ops::Range<usize>> = BTreeMap::new();
        for c in DEF.captures_iter(body) {
            let m = c.get(0).expect("match");
            let start = body_start + m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            if doc.in_code(start) {
                continue;
            }
            defs.entry(c[1].to_string())
                .or_insert(start..body_start + m.end() - 1);
        }
        let mut refs: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for c in REF.captures_iter(body) {
            let m = c.get(0).expect("match");
            let start = body_start + m.start();
            let is_def = body[m.end()..].starts_with(':')
                && defs.get(&c[1]).is_some_and(|r| r.start == start);
            if is_def || doc.in_code(start) {
                continue;
            }
            refs.push((c[1].to_string(), start..body_start + m.end()));
        }
        for (id, range) in &defs {
            if !refs.iter().any(|(r, _)| r == id) {
                ctx.report(
                    Finding::new(
                        range.clone(),
                        format!("footnote `[^{id}]` is never referenced: kramdown leaves it out"),
                    )
                    .help(format!(
                        "reference it with `[^{id}]` in the text, or remove it"
                    )),
                );
            }
        }
        for (id, range) in refs {
            if !defs.contains_key(&id) {
                ctx.report(
                    Finding::new(
                        range,
                        format!("footnote `[^{id}]` has no definition: it prints literally"),
                    )
                    .help(format!("add a line `[^{id}]: ...` at the end of the post")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn orphans_both_ways() {
        let src = "Text[^1] and[^missing].\n\n[^1]: Fine.\n[^unused]: Lost.\n\n`[^code]` and\n\n```\n[^x]: y\n```\n";
        let f = lint_rule(&super::OrphanFootnote, src);
        let msgs: Vec<&str> = f.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].contains("`[^unused]` is never referenced"));
        assert!(msgs[1].contains("`[^missing]` has no definition"));
    }
}
