//! Liquid (Jekyll templating) ranges: `{% tag %}` and `{{ output }}`, plus the block tags
//! whose whole body is not prose (`raw`, `comment`, `highlight`). Prose rules skip them.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Longest tag we accept; a `{%` with no `%}` nearby is not a tag.
const MAX_TAG_LEN: usize = 4096;

/// What a tag is; [`tags`] finds its matches by hand.
#[cfg(test)]
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{%-?\s*(\w+)(.*?)-?%\}|\{\{.*?\}\}").expect("liquid tag regex")
});

/// The name of a `{% name ... %}` tag (`None` for `{{ output }}`): what the regex's group
/// `(\w+)` would capture, found by hand because a plain search is much cheaper than one
/// with groups.
fn tag_name(tag: &str) -> Option<&str> {
    static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w+").expect("name regex"));
    let inner = tag.strip_prefix("{%")?;
    let inner = inner.strip_prefix('-').unwrap_or(inner).trim_start();
    let end = inner
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .unwrap_or(inner.len());
    if !inner.is_char_boundary(end) || !inner[end..].chars().next().is_none_or(|c| c.is_ascii()) {
        return NAME.find(inner).map(|m| m.as_str());
    }
    (end > 0).then(|| &inner[..end])
}

/// The matches of [`TAG`] in `body`, found by hand: jump to each `{`, and for `{%` check
/// for a tag name then find the first `%}`, for `{{` the first `}}`. A test compares this
/// with the regex.
fn tags(body: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = body.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(k) = memchr::memchr(b'{', &bytes[from..]) {
            let at = from + k;
            let found = match bytes.get(at + 1) {
                Some(b'%') => tag_name(&body[at..])
                    .map(|name| {
                        // `tag_name` trims white space, which `\s*` matches too.
                        name.as_ptr() as usize - body.as_ptr() as usize + name.len()
                    })
                    .and_then(|after| {
                        memchr::memmem::find(&bytes[after..], b"%}").map(|e| after + e + 2)
                    }),
                Some(b'{') => memchr::memmem::find(&bytes[at + 2..], b"}}").map(|e| at + 2 + e + 2),
                _ => None,
            };
            match found {
                Some(end) => {
                    from = end;
                    return Some(at..end);
                }
                None => from = at + 1,
            }
        }
        None
    })
}

/// Liquid ranges in `text[start..end]`, as file byte ranges, sorted and non-overlapping.
pub fn scan(text: &str, start: usize, end: usize) -> Vec<Range<usize>> {
    let body = &text[start..end];
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut block: Option<(usize, &str)> = None;
    let mut open_end = 0;
    for m in tags(body) {
        if m.len() > MAX_TAG_LEN {
            continue;
        }
        let name = tag_name(&body[m.clone()]);
        if let Some((open, end_name)) = block {
            if name == Some(end_name) {
                if end_name == "endraw" {
                    // Jekyll outputs what is between raw tags as is, and kramdown renders it:
                    // it is Markdown like the rest, only the tags are Liquid.
                    out.push(start + open..start + open_end);
                    out.push(start + m.start..start + m.end);
                } else {
                    out.push(start + open..start + m.end);
                }
                block = None;
            }
            continue;
        }
        match name {
            Some("raw") => {
                block = Some((m.start, "endraw"));
                open_end = m.end;
            }
            Some("comment") => block = Some((m.start, "endcomment")),
            Some("highlight") => block = Some((m.start, "endhighlight")),
            _ => out.push(start + m.start..start + m.end),
        }
    }
    if let Some((open, _)) = block {
        // Unclosed block: treat the rest of the file as template, not prose.
        out.push(start + open..end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices(text: &str) -> Vec<&str> {
        scan(text, 0, text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn the_hand_scanner_finds_what_the_regex_finds() {
        let pieces = [
            "{", "%", "}", "-", " ", "\n", "a", "é", "raw", "end", "_", "{{", "}}", "{%", "%}",
            "\u{300}", "٣", "\t", "x y", "-%}", "{%-",
        ];
        let mut rng = crate::test_rng::Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..20_000 {
            let text: String = (0..next(14)).map(|_| pieces[next(pieces.len())]).collect();
            let want: Vec<Range<usize>> = TAG.find_iter(&text).map(|m| m.range()).collect();
            let got: Vec<Range<usize>> = tags(&text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn tag_names_are_what_the_regex_group_captures() {
        let group = Regex::new(r"(?s)\{%-?\s*(\w+)(.*?)-?%\}").unwrap();
        for tag in [
            "{% raw %}",
            "{%raw%}",
            "{%- endraw -%}",
            "{% raw-x %}",
            "{%\n  highlight ruby %}",
            "{% rawé %}",
            "{% é %}",
            "{% _x1 y %}",
            "{% %}",
            "{%- -%}",
            "{{ x }}",
        ] {
            let want = group
                .captures(tag)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str());
            assert_eq!(tag_name(tag), want, "{tag:?}");
        }
    }

    #[test]
    fn finds_tags_and_outputs() {
        let text = "a {% include x.html %} b {{ site.baseurl }}/c {%- if y -%}";
        assert_eq!(
            slices(text),
            ["{% include x.html %}", "{{ site.baseurl }}", "{%- if y -%}"]
        );
    }

    #[test]
    fn comment_blocks_are_one_range_raw_content_is_text() {
        let text = "x {% raw %}{{ TODO }}{% endraw %} y {% comment %}TODO{% endcomment %}";
        assert_eq!(
            slices(text),
            [
                "{% raw %}",
                "{% endraw %}",
                "{% comment %}TODO{% endcomment %}"
            ]
        );
    }

    #[test]
    fn unclosed_tag_is_not_liquid() {
        assert!(slices("100% {% of nothing").is_empty());
    }
}
