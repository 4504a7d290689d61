//! Entries: sections whose body starts with a list of `Field: value` items — a talk, a
//! sponsor, a speaker. Derived from the document model on demand; used by
//! `heading-level`, `field-name` and template rules.

use std::ops::Range;

use super::Document;
use crate::text::pattern::is_field_label;

#[derive(Debug, Clone)]
pub struct Field {
    pub label: String,
    /// The label with its colon.
    pub label_range: Range<usize>,
    /// Prose after the colon, trimmed.
    pub value: String,
    /// Where the value is (the label's end when it is empty).
    pub value_range: Range<usize>,
    /// The value holds a link, image, code span or Liquid.
    pub value_has_markup: bool,
    pub item: usize,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub heading: usize,
    /// From the end of the heading to the next heading of any level.
    pub body: Range<usize>,
    /// The parent heading (the closest earlier heading of a lower level).
    pub parent: Option<usize>,
    pub fields: Vec<Field>,
    /// Top-level items of the entry's list.
    pub items: usize,
}

/// Every entry of `doc`, in order.
pub fn entries(doc: &Document) -> Vec<Entry> {
    let mut out = Vec::new();
    for section in &doc.sections {
        let h = section.heading;
        let end = doc
            .headings
            .get(h + 1)
            .map_or(section.body.end, |n| n.range.start.min(section.body.end));
        let body = section.body.start..end;
        // List items are in document order: the section's are one slice of them.
        let first = doc
            .list_items
            .partition_point(|i| i.range.start < body.start);
        let last = doc.list_items.partition_point(|i| i.range.start < body.end);
        let items = first..last.max(first);
        let Some(top) = doc.list_items[items.clone()].iter().map(|i| i.depth).min() else {
            continue;
        };
        let top_items: Vec<usize> = items.filter(|&i| doc.list_items[i].depth == top).collect();
        let fields: Vec<Field> = top_items.iter().filter_map(|&i| field(doc, i)).collect();
        if fields.is_empty() || fields.len() * 2 < top_items.len().min(4) {
            continue;
        }
        let level = doc.headings[h].level;
        let parent = doc.headings[..h].iter().rposition(|p| p.level < level);
        out.push(Entry {
            heading: h,
            body,
            parent,
            fields,
            items: top_items.len(),
        });
    }
    out
}

/// The `Field: value` of a list item, if its first line is one.
pub fn field(doc: &Document, item: usize) -> Option<Field> {
    let b = doc.list_items[item].block?;
    let runs = doc.block_prose(b);
    let first = runs.first()?;
    let line = doc.slice(&first.range);
    let lead = line.len() - line.trim_start().len();
    // Cheap necessary conditions of the pattern first: a capital, then a colon.
    let head = &line[lead..];
    if !head.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let colon = head.find(':')?;
    if !is_field_label(&head[..colon]) {
        return None;
    }
    let label = head[..colon].to_string();
    let colon_end = first.range.start + lead + colon + 1;
    let label_range = first.range.start + lead..colon_end;
    let mut value = line[lead + colon + 1..].trim().to_string();
    for r in &runs[1..] {
        let s = doc.slice(&r.range).trim();
        if !s.is_empty() {
            if !value.is_empty() {
                value.push(' ');
            }
            value.push_str(s);
        }
    }
    let block = &doc.blocks[b];
    let value_has_markup = block.other > 0;
    let value_start = {
        let rest = &doc.text[colon_end..first.range.end];
        colon_end + (rest.len() - rest.trim_start().len())
    };
    let value_end = runs
        .last()
        .map_or(colon_end, |r| r.range.end)
        .max(value_start);
    Some(Field {
        label,
        label_range,
        value,
        value_range: value_start..value_end,
        value_has_markup,
        item,
    })
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn label_before_the_first_colon_equals_the_anchored_pattern() {
        let anchored = Regex::new(r"^([A-Z][\w'’&/-]*(?: [\w'’&/()-]+){0,3}):").unwrap();
        let pieces = [
            "T", "a", "é", " ", "  ", ":", "::", "’", "(", ")", "-", "/", ".", "1", "\t",
        ];
        let mut rng = crate::test_rng::Rng(0x00f1_e1d5);
        for _ in 0..20_000 {
            let n = 1 + rng.below(12);
            let head: String = std::iter::once("T")
                .chain((0..n).map(|_| pieces[rng.below(pieces.len())]))
                .collect();
            let expected = anchored.captures(&head).map(|c| c[1].len());
            let got = head
                .find(':')
                .filter(|&colon| is_field_label(&head[..colon]));
            assert_eq!(got, expected, "{head:?}");
        }
    }

    #[test]
    fn finds_entries_and_fields() {
        let text = "### Talks\n\n#### Prefect\n\n-   Title: ...\n-   Presenters: Chris\n-   [Slides](TODO)\n\nNotes\n\n#### Other\n\n- just\n- a list\n";
        let f = SourceFile::new("t.md", None, text.into());
        let doc = Document::parse(&f);
        let e = entries(&doc);
        assert_eq!(e.len(), 1);
        assert_eq!(doc.headings[e[0].heading].text, "Prefect");
        assert_eq!(doc.headings[e[0].parent.unwrap()].text, "Talks");
        let labels: Vec<&str> = e[0].fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["Title", "Presenters"]);
        assert_eq!(e[0].fields[0].value, "...");
        assert_eq!(e[0].fields[1].value, "Chris");
        assert_eq!(&text[e[0].fields[1].label_range.clone()], "Presenters:");
        assert_eq!(e[0].items, 3);
    }
}
