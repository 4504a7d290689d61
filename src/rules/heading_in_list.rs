//! `heading-in-list` and `list-as-heading`: list/heading boundaries kramdown reads
//! differently from CommonMark previews.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::lines::{is_underline, NUMBERED};
use crate::document::{Document, HeadingStyle};
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an ATX heading (`## Title`) on the line right after a list item, with no blank
    /// line between them. GitHub and CommonMark previews end the list there; kramdown
    /// (Jekyll's renderer) continues the list item, so the heading is rendered *inside* the
    /// last bullet.
    ///
    /// ## Why is this bad?
    /// On the published post the section heading is indented inside the list, missing from
    /// the outline, and the rest of the section may follow it into the list.
    ///
    /// ## Example
    /// ```markdown
    /// * [Watch the talks](#watch-the-talks)
    /// ## What is Dask Down Under?
    /// ```
    ///
    /// ## Not flagged
    /// A heading after a blank line, headings in code blocks, and headings after a paragraph.
    ///
    /// ## Fix
    /// Safe: insert the blank line.
    pub static META = {
        name: "heading-in-list",
        summary: "heading directly after a list item, rendered inside the list by kramdown",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
    }
}

pub struct HeadingInList;

impl Rule for HeadingInList {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        for h in doc.headings.iter().filter(|h| h.style == HeadingStyle::Atx) {
            let line = doc.line_of(h.range.start);
            if line == 0 {
                continue;
            }
            let prev = doc.source.line_range(line - 1);
            if doc.text[prev.clone()].trim().is_empty() {
                continue;
            }
            // The previous line belongs to a list item that ends right there.
            let in_item = doc.list_items.iter().any(|i| {
                i.range.start <= prev.start
                    && prev.start < i.range.end
                    && i.range.end <= h.range.start
            });
            if !in_item || doc.in_code(prev.start) {
                continue;
            }
            let eol = if doc.text[prev.end..h.range.start].contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let start = doc.source.line_start(line);
            ctx.report(
                Finding::new(
                    h.range.start..h.text_range.end.max(h.range.start),
                    "heading right after a list item: kramdown renders it inside the list",
                )
                .help("leave a blank line between the list and the heading")
                .fix(Fix::safe(start..start, eol)),
            );
        }
        // A setext-style underline right under a list item's lines: kramdown keeps it in
        // the item (as dashes), CommonMark previews draw a rule or a heading.
        let first = doc.line_of(doc.body_start);
        for line in first + 1..doc.source.line_count() {
            let r = doc.source.line_range(line);
            if !is_underline(&doc.text[r.clone()]) || doc.in_code(r.start) {
                continue;
            }
            let prev = doc.source.line_range(line - 1);
            if doc.text[prev.clone()].trim().is_empty()
                || doc.headings.iter().any(|h| h.range.contains(&r.start))
                || NUMBERED.is_match(&doc.text[prev.clone()])
            {
                // A numbered line with an underline is `list-as-heading`'s.
                continue;
            }
            let in_item = doc
                .list_items
                .iter()
                .any(|i| i.range.start <= prev.start && prev.start < i.range.end);
            if !in_item {
                continue;
            }
            let eol = if doc.text[prev.end..r.start].contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            ctx.report(
                Finding::new(r.clone(), "underline right after a list item: kramdown renders it inside the item, not as a heading")
                    .help("leave a blank line before the heading's text and its underline")
                    .fix(Fix::safe(r.start..r.start, eol)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn heading_right_after_list() {
        let f = lint_rule(
            &super::HeadingInList,
            "* a\n* b\n## Next\n\nx\n\n* c\n\n## Fine\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 3);
        assert!(lint_rule(
            &super::HeadingInList,
            "Para\n## Next\n\n```\n* a\n## b\n```\n"
        )
        .is_empty());
    }
}
