//! Footnotes as kramdown reads them: one definition of a footnote definition (`[^a]: ...`
//! at the start of a line, indented by at most three spaces, outside code) and of a
//! reference (`[^a]` anywhere else in the body, outside code), shared by `orphan-footnote`
//! and the site's fragment targets (`#fn:a`, `#fnref:a`).

use std::ops::Range;

use super::Document;

/// A footnote definition or reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote<'a> {
    pub label: &'a str,
    /// `[^label]:` for a definition (no colon: the colon's byte is excluded), `[^label]`
    /// for a reference.
    pub range: Range<usize>,
}

/// The footnote definitions and references of `doc`'s body, each in order.
pub fn footnotes<'a>(doc: &Document<'a>) -> (Vec<Footnote<'a>>, Vec<Footnote<'a>>) {
    let text = doc.text;
    let b = text.as_bytes();
    let (mut defs, mut refs) = (Vec::new(), Vec::new());
    // Links' and images' text and destinations hold no footnotes: one merged, sorted list
    // of their ranges.
    let mut links: Vec<Range<usize>> = doc.links.iter().map(|l| l.range.clone()).collect();
    links.sort_by_key(|r| r.start);
    let mut in_links: Vec<Range<usize>> = Vec::with_capacity(links.len());
    for r in links {
        match in_links.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => in_links.push(r),
        }
    }
    let in_link = |at: usize| {
        let i = in_links.partition_point(|r| r.start <= at);
        i > 0 && in_links[i - 1].contains(&at)
    };
    let mut at = doc.body_start;
    while let Some(k) = memchr::memmem::find(&b[at..], b"[^") {
        let open = at + k;
        at = open + 2;
        // The label: up to `]`, no white space, not empty.
        let rest = &b[open + 2..];
        let Some(len) = rest
            .iter()
            .position(|&c| c == b']' || c.is_ascii_whitespace())
            .filter(|&n| n > 0 && rest[n] == b']')
        else {
            continue;
        };
        let close = open + 2 + len;
        // Non-ASCII white space also ends a label.
        let label = &text[open + 2..close];
        if label.chars().any(char::is_whitespace) || doc.in_code(open) || in_link(open) {
            continue;
        }
        at = close + 1;
        let is_def = b.get(close + 1) == Some(&b':') && starts_line(b, doc.body_start, open);
        let note = Footnote {
            label,
            range: open..close + 1,
        };
        if is_def {
            defs.push(note);
        } else {
            refs.push(note);
        }
    }
    (defs, refs)
}

/// Is `at` preceded on its line by at most three spaces and nothing else? Looks back four
/// bytes at most, so a line of many footnotes costs no more than a line of one.
fn starts_line(b: &[u8], body_start: usize, at: usize) -> bool {
    let mut i = at;
    for _ in 0..=3 {
        if i == body_start || b[i - 1] == b'\n' || b[i - 1] == b'\r' {
            return true;
        }
        if b[i - 1] != b' ' {
            return false;
        }
        i -= 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn labels(src: &str) -> (Vec<String>, Vec<String>) {
        let f = SourceFile::new("t.md", None, src.to_string());
        let doc = Document::parse(&f);
        let (d, r) = footnotes(&doc);
        let own = |v: Vec<Footnote>| v.into_iter().map(|n| n.label.to_string()).collect();
        (own(d), own(r))
    }

    #[test]
    fn definitions_are_indented_by_at_most_three_spaces() {
        let (defs, refs) = labels("Text[^a][^b][^c].\n\n[^a]: zero\n [^b]: one\n    [^c]: four\n");
        assert_eq!(defs, ["a", "b"]);
        assert_eq!(&refs[..3], ["a", "b", "c"]);
    }

    #[test]
    fn code_and_odd_labels_are_no_footnotes() {
        let (defs, refs) = labels("`[^x]` and [^ y] and [^] and [^z]\n\n```\n[^w]: no\n```\n");
        assert!(defs.is_empty());
        assert_eq!(refs, ["z"]);
    }
}
