//! `heading-in-list` and `list-as-heading`: list/heading boundaries kramdown reads
//! differently from CommonMark previews.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::lines::{is_underline, NUMBERED};
use crate::document::{Document, HeadingStyle, ListItem};
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
        let mut items = ItemsAround::new(&doc.list_items);
        for h in doc.headings.iter().filter(|h| h.style == HeadingStyle::Atx) {
            let line = doc.line_of(h.range.start);
            if line == 0 {
                continue;
            }
            let prev = doc.source.line_range(line - 1);
            if blank_line(&doc.text[prev.clone()]) {
                continue;
            }
            // The previous line belongs to a list item that ends right there.
            let in_item = items
                .first_end(prev.start)
                .is_some_and(|end| end <= h.range.start);
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
        let mut items = ItemsAround::new(&doc.list_items);
        for line in first + 1..doc.source.line_count() {
            let r = doc.source.line_range(line);
            if !is_underline(&doc.text[r.clone()]) || doc.in_code(r.start) {
                continue;
            }
            let prev = doc.source.line_range(line - 1);
            if blank_line(&doc.text[prev.clone()])
                || in_heading(doc, r.start)
                || NUMBERED.is_match(&doc.text[prev.clone()])
            {
                // A numbered line with an underline is `list-as-heading`'s.
                continue;
            }
            if items.first_end(prev.start).is_none() {
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

/// Is `offset` inside a heading? Headings are in order and do not overlap: only the last
/// one starting at or before it can hold it.
fn in_heading(doc: &Document, offset: usize) -> bool {
    let i = doc.headings.partition_point(|h| h.range.start <= offset);
    i > 0 && doc.headings[i - 1].range.contains(&offset)
}

/// The list items holding a point, for points asked in increasing order: each item is
/// added once (items are in order of their start) and dropped once it ended, so a page
/// of items and headings is read in n log n, not items times headings.
struct ItemsAround<'d> {
    items: &'d [ListItem],
    /// Items up to here started at or before the last point.
    next: usize,
    /// Ends of those items, earliest first.
    ends: BinaryHeap<Reverse<usize>>,
    last: usize,
}

impl<'d> ItemsAround<'d> {
    fn new(items: &'d [ListItem]) -> ItemsAround<'d> {
        ItemsAround {
            items,
            next: 0,
            ends: BinaryHeap::new(),
            last: 0,
        }
    }

    /// The earliest end of the items holding `point` (starting at or before it, ending
    /// after it), if any.
    fn first_end(&mut self, point: usize) -> Option<usize> {
        if point < self.last {
            // Never the case for points in order; start over rather than answer wrong.
            *self = ItemsAround::new(self.items);
        }
        self.last = point;
        while let Some(item) = self.items.get(self.next).filter(|i| i.range.start <= point) {
            self.ends.push(Reverse(item.range.end));
            self.next += 1;
        }
        while self.ends.peek().is_some_and(|e| e.0 <= point) {
            self.ends.pop();
        }
        self.ends.peek().map(|e| e.0)
    }
}

/// Is `line` blank, also inside block quotes (`>` with nothing after it ends a list there
/// as a blank line does outside)?
fn blank_line(line: &str) -> bool {
    line.trim_start_matches(['>', ' ', '\t']).trim().is_empty()
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

    /// Linear (n log n) in list items and headings: each heading and each underline was
    /// checked against every list item and heading of the post.
    #[test]
    fn many_items_and_headings_take_linear_time() {
        for piece in ["* a\n## b\n", "* a\n---\n", "Title\n---\n\n* a\n\n"] {
            crate::rules::test_support::assert_linear(
                2_000,
                |n| piece.repeat(n),
                |src| {
                    crate::rules::test_support::count_findings(&super::HeadingInList, src);
                },
            );
        }
    }

    /// The sweep over list items answers as a look at every item does.
    #[test]
    fn the_sweep_finds_what_a_look_at_every_item_finds() {
        let pieces = ["* a\n", "  * b\n", "## h\n", "---\n", "\n", "text\n", "1. c\n", "    x\n"];
        let mut rng = crate::test_rng::Rng(0x11ea5);
        for _ in 0..2_000 {
            let text = rng.text(&pieces, 20);
            let f = crate::source::SourceFile::new("t.md", None, text.clone());
            let doc = crate::document::Document::parse(&f);
            let mut around = super::ItemsAround::new(&doc.list_items);
            for offset in 0..=text.len() {
                let plain = doc
                    .list_items
                    .iter()
                    .filter(|i| i.range.start <= offset && offset < i.range.end)
                    .map(|i| i.range.end)
                    .min();
                assert_eq!(around.first_end(offset), plain, "{text:?} at {offset}");
                let in_heading = doc.headings.iter().any(|h| h.range.contains(&offset));
                assert_eq!(super::in_heading(&doc, offset), in_heading, "{text:?}");
            }
        }
    }
}
