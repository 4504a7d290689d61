//! `orphan-footnote`: footnotes without a reference, references without a footnote.

use std::collections::{BTreeMap, HashSet};

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::footnotes::footnotes;
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

pub struct OrphanFootnote;

impl Rule for OrphanFootnote {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let (definitions, references) = footnotes(doc);
        // The first definition of a label counts; sets keep this linear in footnotes.
        let mut defs: BTreeMap<&str, std::ops::Range<usize>> = BTreeMap::new();
        for d in definitions {
            defs.entry(d.label).or_insert(d.range);
        }
        let referenced: HashSet<&str> = references.iter().map(|r| r.label).collect();
        let refs: Vec<(&str, std::ops::Range<usize>)> =
            references.into_iter().map(|r| (r.label, r.range)).collect();
        for (id, range) in &defs {
            if !referenced.contains(id) {
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
            if !defs.contains_key(id) {
                ctx.report(
                    Finding::new(
                        range,
                        format!("footnote `[^{id}]` has no definition: it prints literally"),
                    )
                    .help(format!(
                        "add a line `[^{id}]: ...` at the end of the {}",
                        ctx.noun(doc)
                    )),
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

    /// One definition of a footnote definition everywhere: kramdown allows up to three
    /// spaces before it.
    #[test]
    fn indented_definitions_are_definitions() {
        let src = "Text[^a] and[^b].\n\n [^a]: One space.\n   [^b]: Three.\n";
        assert!(lint_rule(&super::OrphanFootnote, src).is_empty());
    }

    /// Linear in footnotes (a check of every definition against every reference was
    /// quadratic).
    #[test]
    fn many_footnotes_take_linear_time() {
        crate::rules::test_support::assert_linear(2_500, |n| {
            let mut src: String = (0..n).map(|i| format!("x[^n{i}]")).collect();
            src.push_str("\n\n");
            for i in 0..n {
                src.push_str(&format!("[^n{i}]: d\n"));
            }
            src
        }, |src| {
            assert!(lint_rule(&super::OrphanFootnote, src).is_empty());
        });
    }
}
