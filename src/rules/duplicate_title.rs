//! `duplicate-title`: a front-matter title repeated as the first heading.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Notes a post whose first heading is a level-1 `#` heading with the same text as its
    /// front matter's `title`.
    ///
    /// ## Why is this bad?
    /// Jekyll layouts print `page.title` as the post's heading; the same heading in the
    /// body shows the title twice.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Dask Summit
    /// ---
    /// # Dask Summit
    /// ```
    ///
    /// ## Not flagged
    /// A first heading that differs from the title (ignoring case and punctuation counts
    /// as the same), or that is not level 1.
    ///
    /// ## Fix
    /// Unsafe: remove the heading (your layout might not print the title).
    pub static META = {
        name: "duplicate-title",
        summary: "first heading that repeats the front-matter title",
        severity: Severity::Info,
        fix: FixAvailability::Sometimes,
    }
}

pub struct DuplicateTitle;

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Rule for DuplicateTitle {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some(title) = doc
            .front_matter
            .as_ref()
            .and_then(|f| f.get("title"))
            .and_then(|e| e.value.as_str())
        else {
            return;
        };
        let Some(h) = doc.headings.first() else {
            return;
        };
        if h.level != 1 || norm(&h.text) != norm(title) || norm(title).is_empty() {
            return;
        }
        let end = doc.text[h.range.end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(doc.text.len(), |i| h.range.end + i);
        ctx.report(
            Finding::new(
                h.range.start..h.text_range.end.max(h.range.start),
                "the first heading repeats the front-matter title",
            )
            .help("the layout already prints `title`: remove the heading")
            .fix(Fix::unsafe_edit(h.range.start..end, "")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn repeated_title() {
        assert_eq!(
            lint_rule(
                &super::DuplicateTitle,
                "---\ntitle: Dask Summit!\n---\n# dask summit\n\nx\n"
            )
            .len(),
            1
        );
        assert!(lint_rule(
            &super::DuplicateTitle,
            "---\ntitle: Dask Summit\n---\n## Dask Summit\n\nx\n"
        )
        .is_empty());
        assert!(lint_rule(
            &super::DuplicateTitle,
            "---\ntitle: Dask Summit\n---\n# Overview\n"
        )
        .is_empty());
    }
}
