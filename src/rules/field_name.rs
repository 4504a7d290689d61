//! `field-name`: one field spelt two ways in the same post.

use std::collections::BTreeMap;

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Within one post, compares the `Field:` labels of its entries (talks, sponsors...).
    /// When the same field is spelt two ways — `Presenter:` in one entry, `Presenters:` in
    /// the others, or `title:` against `Title:` — the minority spelling is reported. Labels
    /// are the same field when they are equal ignoring case and a trailing `s`.
    ///
    /// ## Why is this bad?
    /// A recap reads as a list of parallel entries; one odd label stands out and usually
    /// means the entry was written separately and not reviewed.
    ///
    /// ## Example
    /// ```markdown
    /// #### Blue Yonder
    /// -   Presenters: Florian Jetter
    /// #### Prefect
    /// -   Presenters: Chris White
    /// #### SymphonyRM
    /// -   Presenter: Joe Schmid
    /// ```
    /// `Presenter:` is flagged.
    ///
    /// ## Not flagged
    /// - ties (one `Presenter:` and one `Presenters:`): there is no convention to follow;
    /// - labels in lists that are not entries (a section's first list must be mostly fields);
    /// - changelog lines, which cite a pull request or issue number (`- docs: Fix a link
    ///   (#9629)`): their prefix names the area of the change;
    /// - different posts: each post is compared with itself only.
    ///
    /// ## Fix
    /// Unsafe: rename the label to the majority spelling (the singular may be deliberate for
    /// an entry with one presenter).
    pub static META = {
        name: "field-name",
        summary: "the same entry field spelt two ways in one post (Presenter: / Presenters:)",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
    }
}

pub struct FieldName;

impl Rule for FieldName {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        // normalised key → spelling → label ranges
        let mut groups: BTreeMap<String, BTreeMap<String, Vec<std::ops::Range<usize>>>> =
            BTreeMap::new();
        let cache = ctx.cache;
        for e in cache.entries(doc) {
            // Items of the entry written with a lowercase label (`title:`): fields spelt
            // another way, when the label is one once capitalised.
            let items = doc
                .list_items
                .iter()
                .enumerate()
                .filter(|(_, it)| e.body.contains(&it.range.start) && it.depth == 0)
                .filter(|(i, _)| !e.fields.iter().any(|f| f.item == *i))
                .filter(|(i, _)| !cites_a_change(doc, *i));
            for (i, _) in items {
                if let Some((label, range)) = lowercase_label(doc, i) {
                    let key = label.to_lowercase().trim_end_matches('s').to_string();
                    groups
                        .entry(key)
                        .or_default()
                        .entry(label)
                        .or_default()
                        .push(range);
                }
            }
            for f in &e.fields {
                if cites_a_change(doc, f.item) {
                    continue;
                }
                let key = f.label.to_lowercase().trim_end_matches('s').to_string();
                let label = f.label_range.start..f.label_range.end - 1;
                groups
                    .entry(key)
                    .or_default()
                    .entry(f.label.clone())
                    .or_default()
                    .push(label);
            }
        }
        for spellings in groups.values() {
            if spellings.len() < 2 {
                continue;
            }
            let mut counts: Vec<(&String, usize)> =
                spellings.iter().map(|(s, r)| (s, r.len())).collect();
            counts.sort_by_key(|c| std::cmp::Reverse(c.1));
            let (major, n) = counts[0];
            if counts[1].1 == n {
                continue;
            }
            for (spelling, ranges) in spellings {
                if spelling == major {
                    continue;
                }
                for r in ranges {
                    ctx.report(
                        Finding::new(
                            r.clone(),
                            format!(
                                "field `{spelling}:` is written `{major}:` in {} of this {}",
                                crate::util::count(n, "other entry"),
                                ctx.noun(doc)
                            ),
                        )
                        .help(format!("write `{major}:` like the other entries"))
                        .fix(Fix::unsafe_edit(r.clone(), major.clone())),
                    );
                }
            }
        }
    }
}

/// Does the first line of list item `item` cite a pull request or an issue by number
/// (`- docs: Fix a link ([#9629](...))`, `- #15043 Build fuzz targets`)? Then it is a
/// changelog line, and its `docs:` prefix names the area of the change, not a field.
fn cites_a_change(doc: &Document, item: usize) -> bool {
    let rest = &doc.text[doc.list_items[item].range.start..];
    let line = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
    crate::text::cites_an_issue(line)
}

/// An item's label written in lowercase (`title: ...`) that is a field label once
/// capitalised, and its range (without the colon).
fn lowercase_label(doc: &Document, item: usize) -> Option<(String, std::ops::Range<usize>)> {
    let b = doc.list_items[item].block?;
    let first = doc.block_prose(b).first()?;
    let line = doc.slice(&first.range);
    let lead = line.len() - line.trim_start().len();
    let head = &line[lead..];
    if !head.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return None;
    }
    let colon = head.find(':')?;
    let label = &head[..colon];
    let capitalised = format!("{}{}", label[..1].to_ascii_uppercase(), &label[1..]);
    if !crate::text::pattern::is_field_label(&capitalised) || label.contains(' ') {
        return None;
    }
    let start = first.range.start + lead;
    Some((label.to_string(), start..start + colon))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    const POST: &str = "---\ntitle: T\n---\n#### A\n\n-   Title: a\n-   Presenters: x\n\n#### B\n\n-   Title: b\n-   Presenters: y\n\n#### C\n\n-   Title: c\n-   Presenter: z\n";

    #[test]
    fn flags_the_minority_spelling() {
        let f = lint_rule(&super::FieldName, POST);
        assert_eq!(
            f,
            [(
                17,
                "field `Presenter:` is written `Presenters:` in 2 other entries of this post"
                    .to_string()
            )]
        );
    }

    #[test]
    fn changelog_prefixes_are_no_fields() {
        let history = "## 4.2.0\n\n### Documentation\n\n- Docs: Fix the theme link ([#8501](https://x.org/8501))\n- Docs: Add a cache note (#8502)\n- Docs: Reword the steps (#8503)\n\n## 4.1.1\n\n### Documentation\n\n- Docs: Fix a typo (#8400)\n- docs: add a serve command ([#8401](https://x.org/8401))\n- Docs: New plugin section (#8402)\n";
        assert!(lint_rule(&super::FieldName, history).is_empty());
        // Without the numbers, the same lines are entries with a minority label.
        let entries = history.replace(" (#", " (").replace("[#", "[");
        assert_eq!(lint_rule(&super::FieldName, &entries).len(), 1);
    }

    #[test]
    fn ties_and_single_spellings_are_fine() {
        let tie = "#### A\n\n-   Title: a\n-   Presenters: x\n\n#### C\n\n-   Title: c\n-   Presenter: z\n";
        assert!(lint_rule(&super::FieldName, tie).is_empty());
        let plain = "## Notes\n\n- Presenter: see below\n\nPresenters: a paragraph is no entry\n";
        assert!(lint_rule(&super::FieldName, plain).is_empty());
    }
}
