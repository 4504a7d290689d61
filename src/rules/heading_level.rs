//! `heading-level`: skipped heading levels and talk entries at the wrong level.

use std::collections::{BTreeMap, BTreeSet};

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags two kinds of heading-level mistakes:
    /// 1. a heading more than one level deeper than the heading before it (`##` then
    ///    `####`);
    /// 2. an *entry* heading at a different level from its sibling entries. An entry is a
    ///    section whose first block is a list of `Field: value` items (`Title:`,
    ///    `Presenter:`...). Consecutive entries (no other heading between them) that share
    ///    at least one field name form a run; in a run of three or more, the level used by
    ///    most entries (at least two) is the run's level, and an entry at another level is
    ///    flagged, with its siblings shown.
    ///
    /// ## Why is this bad?
    /// Skipped levels break the outline (tables of contents, screen readers). An entry at
    /// the wrong level silently moves into or out of its group: a `###` talk after two
    /// `####` talks renders as a new topic, not as the third talk.
    ///
    /// ## Example
    /// ```markdown
    /// ### Workflows
    /// #### Blue Yonder
    /// -   Title: ETL pipelines
    /// #### Prefect
    /// -   Title: Workflows
    /// ### SymphonyRM
    /// -   Title: Healthcare
    /// ```
    /// `### SymphonyRM` is flagged: its two sibling entries are `####`.
    ///
    /// ## Not flagged
    /// - the first heading of a post at any level, unless 9 in 10 of the site's other posts
    ///   (10 at least) start at one level and this one starts deeper: `###` where the others
    ///   start at `##` skips `h2` under the title the layout renders as `h1`;
    /// - going back up any number of levels (`####` then `##`);
    /// - runs of fewer than three entries, or where no level has at least two entries;
    /// - entries separated by a heading that is not an entry (a new group).
    ///
    /// ## Fix
    /// None: changing a level may need its subsections moved too.
    pub static META = {
        name: "heading-level",
        summary: "heading that skips a level, or an entry heading at a different level from its siblings",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
        needs: Needs::FM_STATS,
    }
}

pub struct HeadingLevel;

impl Rule for HeadingLevel {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        // A vendored plugin's CHANGELOG is its authors', not the site's.
        if ctx.is_third_party(doc) {
            return;
        }
        check_first(doc, ctx);
        check_skips(doc, ctx);
        check_entry_runs(doc, ctx);
    }
}

fn hashes(level: u8) -> String {
    "#".repeat(level as usize)
}

/// A post whose first heading is deeper than the level the site's posts start at (under
/// the title the layout renders as `h1`): `###` where 9 in 10 others start at `##`.
fn check_first(doc: &Document, ctx: &mut Ctx) {
    let Some(h) = doc.headings.first() else {
        return;
    };
    let Some((stats, _)) = ctx.doc.and_then(|i| ctx.site.fm_context(i)) else {
        return;
    };
    let Some(start) = stats.start_level(h.level) else {
        return;
    };
    if start < 2 || h.level <= start {
        return;
    }
    ctx.report(
        Finding::new(
            h.range.start..h.text_range.end.max(h.range.start),
            format!(
                "the first heading is h{}; the site's other posts start at h{start}, under the title",
                h.level
            ),
        )
        .help(format!(
            "use `{}` here, like the other posts (the layout renders the title as h1)",
            hashes(start)
        )),
    );
}

fn check_skips(doc: &Document, ctx: &mut Ctx) {
    for pair in doc.headings.windows(2) {
        let (prev, h) = (&pair[0], &pair[1]);
        if h.level > prev.level + 1 {
            ctx.report(
                Finding::new(
                    h.range.start..h.text_range.end.max(h.range.start),
                    format!("heading level jumps from h{} to h{}", prev.level, h.level),
                )
                .label(
                    prev.text_range.clone(),
                    format!("previous heading is h{}", prev.level),
                )
                .help(format!(
                    "use `{}` here, or add the missing h{} heading above it",
                    hashes(prev.level + 1),
                    prev.level + 1
                )),
            );
        }
    }
}

/// Normalised field names of each entry heading.
fn entry_fields(doc: &Document, ctx: &Ctx<'_>) -> BTreeMap<usize, BTreeSet<String>> {
    ctx.cache
        .entries(doc)
        .iter()
        .map(|e| {
            let names = e
                .fields
                .iter()
                .map(|f| f.label.to_lowercase().trim_end_matches('s').to_string())
                .collect();
            (e.heading, names)
        })
        .collect()
}

fn check_entry_runs(doc: &Document, ctx: &mut Ctx) {
    let mut run: Vec<(usize, BTreeSet<String>)> = Vec::new();
    let mut by_heading = entry_fields(doc, ctx);
    for h in 0..doc.headings.len() {
        match by_heading.remove(&h) {
            Some(fields) => {
                let shares = run
                    .last()
                    .is_none_or(|(_, prev)| prev.intersection(&fields).next().is_some());
                if !shares {
                    report_run(doc, &run, ctx);
                    run.clear();
                }
                run.push((h, fields));
            }
            None => {
                report_run(doc, &run, ctx);
                run.clear();
            }
        }
    }
    report_run(doc, &run, ctx);
}

fn report_run(doc: &Document, run: &[(usize, BTreeSet<String>)], ctx: &mut Ctx) {
    if run.len() < 3 {
        return;
    }
    let mut counts = [0usize; 7];
    for (h, _) in run {
        counts[doc.headings[*h].level as usize] += 1;
    }
    // Majority level; ties go to the level of the earliest entry.
    let first_level = doc.headings[run[0].0].level as usize;
    let mut best = first_level;
    for (level, &n) in counts.iter().enumerate() {
        if n > counts[best] {
            best = level;
        }
    }
    if counts[best] < 2 {
        return;
    }
    for (h, _) in run {
        let heading = &doc.headings[*h];
        if heading.level as usize == best {
            continue;
        }
        let siblings: Vec<_> = run
            .iter()
            .filter(|(o, _)| doc.headings[*o].level as usize == best)
            .collect();
        let mut finding = Finding::new(
            heading.range.start..heading.text_range.end.max(heading.range.start),
            format!(
                "entry `{}` is h{} but its {} sibling entries are h{best}",
                heading.text,
                heading.level,
                siblings.len()
            ),
        )
        .help(format!(
            "use `{}` like the other entries, or start a new group with its own heading",
            hashes(best as u8)
        ));
        for (o, _) in siblings.iter().take(3) {
            finding = finding.label(
                doc.headings[*o].text_range.clone(),
                format!("sibling entry at h{best}"),
            );
        }
        ctx.report(finding);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    fn found(src: &str) -> Vec<(usize, String)> {
        lint_rule(&super::HeadingLevel, src)
    }

    #[test]
    fn flags_skipped_level() {
        let f = found("## A\n\nx\n\n#### B\n\ny\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 5);
        assert!(f[0].1.contains("h2 to h4"));
    }

    #[test]
    fn first_heading_and_going_up_are_fine() {
        assert!(found("### Start\n\nx\n\n#### Sub\n\ny\n\n## Up\n\nz\n").is_empty());
    }

    const ENTRY: &str = "-   Title: T\n-   Presenter: P\n-   [Slides](https://x.org)\n";

    #[test]
    fn flags_entry_at_different_level_from_siblings() {
        let src = format!("### Group\n\n#### A\n\n{ENTRY}\n#### B\n\n{ENTRY}\n### C\n\n{ENTRY}");
        let f = found(&src);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].1
                .contains("`C` is h3 but its 2 sibling entries are h4"),
            "{f:?}"
        );
    }

    #[test]
    fn consistent_entries_and_short_runs_are_fine() {
        let src = format!("#### A\n\n{ENTRY}\n#### B\n\n{ENTRY}\n#### C\n\n{ENTRY}");
        assert!(found(&src).is_empty());
        let src = format!("### Group\n\n#### A\n\n{ENTRY}\n### C\n\n{ENTRY}");
        assert!(found(&src).is_empty());
    }

    #[test]
    fn a_plain_heading_breaks_the_run() {
        let src = format!(
            "### G\n\n#### A\n\n{ENTRY}\n#### B\n\n{ENTRY}\n### Other topic\n\nText.\n\n### C\n\n{ENTRY}"
        );
        assert!(found(&src).is_empty());
    }

    #[test]
    fn lists_without_fields_are_not_entries() {
        let src = "### G\n\n#### A\n\n- one\n- two\n\n#### B\n\n- three\n\n### C\n\n- four\n";
        assert!(found(src).is_empty());
    }
}
