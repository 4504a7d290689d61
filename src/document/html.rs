//! Raw HTML tags and their attributes, read once per document from its HTML ranges
//! (`Document::html`) and shared by every rule and index that looks at raw HTML
//! (`html-balance`, `embed-url`, `image-alt`, `missing-image`, element ids for fragments,
//! slides embedded in talk entries).
//!
//! A small tokenizer, not a regex: comments are skipped, a quoted attribute value may hold
//! `>`, and the cost is one pass over the HTML.

use std::ops::Range;

/// One start or end tag (`<div class="x">`, `</div>`, `<br/>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The whole tag, `<` to `>`, in file bytes.
    pub range: Range<usize>,
    /// The tag name as written.
    pub name: Range<usize>,
    pub closing: bool,
    /// Ends in `/>`.
    pub self_closing: bool,
    /// Attributes, in order.
    pub attrs: Vec<Attr>,
}

/// One attribute: `name`, `name=value`, `name="value"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: Range<usize>,
    /// The value without its quotes; `None` for a bare attribute (`<img alt>`).
    pub value: Option<Range<usize>>,
}

impl Tag {
    /// Is this tag `name` (ASCII case-insensitive)?
    pub fn is(&self, text: &str, name: &str) -> bool {
        text[self.name.clone()].eq_ignore_ascii_case(name)
    }

    /// The first attribute called `name` (ASCII case-insensitive).
    pub fn attr(&self, text: &str, name: &str) -> Option<&Attr> {
        self.attrs
            .iter()
            .find(|a| text[a.name.clone()].eq_ignore_ascii_case(name))
    }

    /// The value of attribute `name`, if it has one.
    pub fn value<'t>(&self, text: &'t str, name: &str) -> Option<&'t str> {
        self.attr(text, name)
            .and_then(|a| a.value.clone())
            .map(|v| &text[v])
    }
}

/// Every tag in `ranges` (sorted raw-HTML ranges of `text`), in order. A tag that does not
/// end inside its range is not a tag (it prints as text).
pub fn tags(text: &str, ranges: &[Range<usize>]) -> Vec<Tag> {
    let mut out = Vec::new();
    for r in ranges {
        scan(text, r.clone(), &mut out);
    }
    out
}

/// Might a tag in `ranges` have an `id` or `name` attribute with a value? `false` only when
/// none does (no `=` follows those names, ASCII case-insensitive): the site index then
/// reads no tag of the document, and keeps none in memory until the document is checked.
pub fn may_have_id(text: &str, ranges: &[Range<usize>]) -> bool {
    let b = text.as_bytes();
    ranges.iter().any(|r| {
        memchr::memchr_iter(b'=', &b[r.clone()]).any(|k| {
            let before = b[r.start..r.start + k].trim_ascii_end();
            let ends = |name: &[u8]| {
                before.len() >= name.len()
                    && before[before.len() - name.len()..].eq_ignore_ascii_case(name)
            };
            ends(b"id") || ends(b"name")
        })
    })
}

fn scan(text: &str, range: Range<usize>, out: &mut Vec<Tag>) {
    let b = text.as_bytes();
    let end = range.end;
    let mut i = range.start;
    while let Some(k) = memchr::memchr(b'<', &b[i..end]) {
        let lt = i + k;
        i = lt + 1;
        if b[lt + 1..end].starts_with(b"!--") {
            // A comment: skipped whole (an unclosed one runs to the end of the range).
            i = memchr::memmem::find(&b[lt + 4..end], b"-->").map_or(end, |c| lt + 4 + c + 3);
            continue;
        }
        if let Some((tag, after)) = tag_at(text, lt, end) {
            out.push(tag);
            i = after;
        }
    }
}

/// The tag starting at `lt` (a `<`) and ending before `end`, and where it ends.
fn tag_at(text: &str, lt: usize, end: usize) -> Option<(Tag, usize)> {
    let b = text.as_bytes();
    let mut i = lt + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if i >= end || !b[i].is_ascii_alphabetic() {
        return None;
    }
    while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    let name = name_start..i;
    // The name must end at a word boundary: space, `/`, `>`.
    if i < end && !(b[i].is_ascii_whitespace() || b[i] == b'/' || b[i] == b'>') {
        return None;
    }
    let mut attrs = Vec::new();
    loop {
        while i < end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= end {
            return None;
        }
        match b[i] {
            b'>' => {
                let tag = Tag {
                    range: lt..i + 1,
                    name,
                    closing,
                    self_closing: false,
                    attrs,
                };
                return Some((tag, i + 1));
            }
            b'/' if b.get(i + 1) == Some(&b'>') && i + 1 < end => {
                let tag = Tag {
                    range: lt..i + 2,
                    name,
                    closing,
                    self_closing: true,
                    attrs,
                };
                return Some((tag, i + 2));
            }
            b'/' => i += 1,
            _ => {
                let n0 = i;
                while i < end
                    && !matches!(
                        b[i],
                        b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/' | b'='
                    )
                {
                    i += 1;
                }
                // `"` or `'` where a name should be: take it as part of the name.
                let attr_name = n0..i.max(n0 + 1).min(end);
                i = attr_name.end;
                let mut j = i;
                while j < end && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let mut value = None;
                if j < end && b[j] == b'=' {
                    j += 1;
                    while j < end && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    match b.get(j) {
                        Some(&q @ (b'"' | b'\'')) if j < end => {
                            let close = memchr::memchr(q, &b[j + 1..end])?;
                            value = Some(j + 1..j + 1 + close);
                            j += close + 2;
                        }
                        _ => {
                            let v0 = j;
                            while j < end && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                                j += 1;
                            }
                            value = Some(v0..j);
                        }
                    }
                    i = j;
                }
                attrs.push(Attr {
                    name: attr_name,
                    value,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (String, bool, bool, Vec<(String, Option<String>)>);

    fn names(text: &str) -> Vec<Read> {
        let whole = [Range {
            start: 0,
            end: text.len(),
        }];
        tags(text, &whole)
            .into_iter()
            .map(|t| {
                let attrs = t
                    .attrs
                    .iter()
                    .map(|a| {
                        (
                            text[a.name.clone()].to_string(),
                            a.value.clone().map(|v| text[v].to_string()),
                        )
                    })
                    .collect();
                (
                    text[t.name.clone()].to_string(),
                    t.closing,
                    t.self_closing,
                    attrs,
                )
            })
            .collect()
    }

    #[test]
    fn tags_and_attributes() {
        let got = names(r#"<div class="a b" id='x'><img src=/a.png alt><!-- <p> --></div><br/>"#);
        let own = |s: &str| s.to_string();
        assert_eq!(
            got,
            vec![
                (
                    own("div"),
                    false,
                    false,
                    vec![
                        (own("class"), Some(own("a b"))),
                        (own("id"), Some(own("x")))
                    ]
                ),
                (
                    own("img"),
                    false,
                    false,
                    vec![(own("src"), Some(own("/a.png"))), (own("alt"), None)]
                ),
                (own("div"), true, false, vec![]),
                (own("br"), false, true, vec![]),
            ]
        );
    }

    #[test]
    fn a_quoted_value_may_hold_a_closing_bracket() {
        let got = names(r#"<a title="x > y" href="/b">"#);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].3[1].1.as_deref(), Some("/b"));
    }

    #[test]
    fn text_that_is_no_tag() {
        assert!(names("a < b and 3<4, <-- arrow, <1x>").is_empty());
        // Never closed inside its range: prints as text.
        assert!(names("<div class=\"a").is_empty());
        assert!(names("<img src=x").is_empty());
    }

    /// Every input: no panic, tags in order, each inside the text and starting with `<`.
    #[test]
    fn any_input_gives_tags_in_order() {
        let pieces = [
            "<", ">", "/", "div", "img", " ", "=", "\"", "'", "src", "a", "é", "<!--", "-->", "\n",
        ];
        let mut rng = crate::test_rng::Rng(0x47a9);
        for _ in 0..20_000 {
            let text = rng.text(&pieces, 12);
            let whole = [Range {
                start: 0,
                end: text.len(),
            }];
            let found = tags(&text, &whole);
            let mut last = 0;
            for t in &found {
                assert!(
                    t.range.start >= last && t.range.end <= text.len(),
                    "{text:?}"
                );
                assert!(text[t.range.clone()].starts_with('<'), "{text:?}");
                assert!(text[t.range.clone()].ends_with('>'), "{text:?}");
                last = t.range.end;
            }
        }
    }

    /// The prefilter of the site index: where a tag has an `id` or `name` attribute with a
    /// value, `may_have_id` says it might.
    #[test]
    fn may_have_id_never_misses_an_id() {
        let pieces = [
            "<", ">", "/", "div", "a", " ", "=", "\"", "'", "id", "ID", "name", "Name", "nam", "x",
            "\n", "<!--", "-->", "data-id", "\t",
        ];
        let mut rng = crate::test_rng::Rng(0x0001_d50f_7a95);
        let mut with = 0;
        for _ in 0..50_000 {
            let mut text = rng.pick(&["<div ", "<a ", "<", ""]).to_string();
            text.push_str(&rng.text(&pieces, 14));
            let range = 0..text.len();
            let whole = std::slice::from_ref(&range);
            let has = tags(&text, whole).iter().any(|t| {
                t.attrs.iter().any(|a| {
                    let n = &text[a.name.clone()];
                    a.value.is_some()
                        && (n.eq_ignore_ascii_case("id") || n.eq_ignore_ascii_case("name"))
                })
            });
            with += usize::from(has);
            if has {
                assert!(may_have_id(&text, whole), "{text:?}");
            }
        }
        assert!(with > 100, "too few generated ids: {with}");
        let plain = "<div class=\"x\" width=3>";
        assert!(!may_have_id(plain, std::slice::from_ref(&(0..plain.len()))));
    }
}
