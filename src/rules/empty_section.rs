//! `empty-section`: a heading with nothing under it.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, HeadingStyle};
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a heading with no content before the next heading of the same or a higher
    /// level (or the end of the post). Content is any block that renders something: a
    /// paragraph, list, quote, code block, table, image, HTML block or Liquid tag.
    ///
    /// ## Why is this bad?
    /// An empty section is a hole the author meant to fill ("### Deployment" with the talk
    /// list still to come). Published, it reads as a broken page.
    ///
    /// ## Example
    /// ```markdown
    /// ### Deployment
    ///
    /// ### Imaging
    ///
    /// Pictures from the poster session.
    /// ```
    /// `### Deployment` is flagged; `### Imaging` is not.
    ///
    /// ## Not flagged
    /// - a heading whose only content is subheadings (`### Talks` followed by `#### A`,
    ///   `#### B`): the subheadings are its content, and are checked themselves;
    /// - headings inside list items or block quotes;
    /// - a heading that is one link (`### [Documentation](https://...)`): navigation;
    /// - a heading used as a one-line callout or stamp: it ends in `!` (`#### THANK YOU!`),
    ///   or it is an update, edit or note stamp (`### UPDATE 2019-05-01: moved to the new
    ///   venue`, `### Note: slides below`);
    /// - an agenda slot: a heading that gives a time or a duration (`### Break (15
    ///   minutes)`, `### 12:30 Lunch`), or a short one among sibling headings that are times,
    ///   dates or numbered weeks, days or sessions (`## Easter vacation` between `## Week 8`
    ///   and `## Week 9`).
    ///
    /// A section holding only an HTML comment or a thematic break counts as empty.
    ///
    /// ## Fix
    /// None: write the section or delete the heading.
    pub static META = {
        name: "empty-section",
        summary: "heading with no content before the next heading of the same or a higher level",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

pub struct EmptySection;

impl Rule for EmptySection {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        // A vendored plugin's CHANGELOG is its authors', not the site's.
        if ctx.is_third_party(doc) {
            return;
        }
        for section in &doc.sections {
            if section.content_blocks > 0 || section.subheadings > 0 {
                continue;
            }
            let h = &doc.headings[section.heading];
            // A heading that is all one link is navigation (`### [Docs](https://...)`).
            let all_link = doc.links.iter().any(|l| {
                h.range.start <= l.range.start
                    && l.range.end <= h.range.end
                    && l.range.start <= h.text_range.start
                    && h.text_range.end <= l.range.end
            });
            if all_link || is_callout(&h.text) || is_agenda_slot(doc, section.heading) {
                continue;
            }
            let range = if h.style == HeadingStyle::Setext {
                h.text_range.clone()
            } else {
                h.range.start..h.text_range.end.max(h.range.start)
            };
            let title = if h.text.is_empty() {
                "(untitled)"
            } else {
                h.text.as_str()
            };
            let mut finding = Finding::new(range, format!("section `{title}` is empty"));
            finding = match section.next_heading {
                Some(n) => {
                    let next = &doc.headings[n];
                    let line = doc.line_of(next.range.start) + 1;
                    finding
                        .label(next.text_range.clone(), "the next heading follows directly")
                        .help(format!(
                            "write this section before `{}` (line {line}), or remove the heading",
                            next.text
                        ))
                }
                None => {
                    finding.help(format!(
                        "the {} ends here: write this section, or remove the heading",
                        ctx.noun(doc)
                    ))
                }
            };
            ctx.report(finding);
        }
    }
}

/// Is a heading's text a one-line callout or stamp rather than a section title: an
/// exclamation, or a stamp (`Update`, `Edit`, `Note`, `PS`...) before a colon, a date or a
/// parenthesis?
fn is_callout(text: &str) -> bool {
    let t = text.trim();
    if t.ends_with('!') {
        return true;
    }
    let lower = t.to_lowercase();
    const STAMPS: [&str; 9] = [
        "update", "updated", "edit", "edited", "note", "ps", "p.s.", "correction", "addendum",
    ];
    STAMPS.iter().any(|s| {
        lower.strip_prefix(s).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with([':', '(', '-', '–', '—'])
                || rest.starts_with(|c: char| c.is_ascii_digit())
                || !crate::text::dates::dates(rest).is_empty()
        })
    })
}

/// A time (`10:30`, `9am`), a duration (`15 minutes`, `1 hour`) or a numbered slot (`Week
/// 3`, `Day 2`, `Session 4`) in a heading.
static SLOT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b\d{1,2}[:.]\d{2}\b|\b\d{1,2} ?(?:am|pm)\b|\b\d+ ?(?:min|mins|minutes|hours?|hrs?)\b|\b(?:week|day|session|slot|module|lecture|lab|part|round)\s*\d+\b",
    )
    .expect("slot regex")
});

/// Is heading `h` an agenda slot: it gives a time or a duration itself, or it is short and
/// at least two of its siblings (same level, same parent) are times, dates or numbered
/// slots?
fn is_agenda_slot(doc: &Document, h: usize) -> bool {
    let heading = &doc.headings[h];
    if SLOT.is_match(&heading.text) {
        return true;
    }
    if heading.text.split_whitespace().count() > 4 {
        return false;
    }
    let level = heading.level;
    let parent = doc.headings[..h].iter().rposition(|p| p.level < level);
    let end = doc.headings[h + 1..]
        .iter()
        .position(|n| n.level < level)
        .map_or(doc.headings.len(), |i| h + 1 + i);
    let start = parent.map_or(0, |p| p + 1);
    let slots = doc.headings[start..end]
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            start + i != h
                && s.level == level
                && (SLOT.is_match(&s.text) || !crate::text::dates::dates(&s.text).is_empty())
        })
        .count();
    slots >= 2
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    fn lines(src: &str) -> Vec<usize> {
        lint_rule(&super::EmptySection, src)
            .into_iter()
            .map(|(line, _)| line)
            .collect()
    }

    #[test]
    fn flags_heading_followed_by_same_level() {
        assert_eq!(lines("## A\n\n## B\n\ntext\n"), [1]);
    }

    #[test]
    fn flags_heading_at_end_and_before_higher_level() {
        assert_eq!(
            lines("## A\n\ntext\n\n### B\n\n## C\n\nx\n\n### D\n"),
            [5, 11]
        );
    }

    #[test]
    fn setext_headings_count() {
        assert_eq!(lines("Deployment\n----------\n\nNext\n----\n\nx\n"), [1]);
    }

    #[test]
    fn does_not_flag_heading_with_only_subheadings() {
        assert!(lines("### Talks\n\n#### A\n\nx\n\n#### B\n\ny\n").is_empty());
    }

    #[test]
    fn does_not_flag_sections_with_content_of_any_kind() {
        let src = "## A\n\n- item\n\n## B\n\n```\ncode\n```\n\n## C\n\n<div>x</div>\n\n## D\n\n{% include gallery.html %}\n\n## E\n\n| a |\n|---|\n| b |\n\n## F\n\n> quote\n\n## G\n\n![alt](x.png)\n";
        assert!(lines(src).is_empty(), "{:?}", lines(src));
    }

    #[test]
    fn link_headings_are_navigation() {
        assert!(lines("### [**Docs**](https://docs.rs/x)\n\n## Usage\n\nx\n").is_empty());
        assert_eq!(
            lines("### Docs [here](https://docs.rs/x)\n\n## Usage\n\nx\n"),
            [1]
        );
    }

    #[test]
    fn comment_only_section_is_empty() {
        assert_eq!(lines("## A\n\n<!-- later -->\n\n## B\n\nx\n"), [1]);
    }

    #[test]
    fn callouts_and_stamps_are_not_sections() {
        let src = "## Talks\n\nx\n\n#### THANK YOU!\n\n### UPDATE 2019-05-01: moved to the new venue\n\n### Note: the slides follow\n\n## Deployment\n\n## Updates to the parser\n\n## End\n\nx\n";
        assert_eq!(lines(src), [11, 13]);
    }

    #[test]
    fn agenda_slots_are_not_sections() {
        let src = "## Week 8\n\nLab.\n\n## Easter vacation\n\n## Week 9\n\nLab.\n\n### Break (15 minutes)\n\n### 12:30 Lunch\n\n## Links\n\nx\n\n### Deployment\n\n## End\n\nx\n";
        assert_eq!(lines(src), [19]);
    }

    #[test]
    fn headings_in_lists_do_not_make_sections() {
        assert!(lines("- item\n\n  ## not a section\n\ntext\n").is_empty());
    }
}
