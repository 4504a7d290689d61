//! Liquid (Jekyll templating) ranges: `{% tag %}` and `{{ output }}`, plus the block tags
//! whose whole body is not prose (`raw`, `comment`, `highlight`). Prose rules skip them.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Longest tag we accept; a `{%` with no `%}` nearby is not a tag.
const MAX_TAG_LEN: usize = 4096;

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

/// Liquid ranges in `text[start..end]`, as file byte ranges, sorted and non-overlapping.
pub fn scan(text: &str, start: usize, end: usize) -> Vec<Range<usize>> {
    let body = &text[start..end];
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut block: Option<(usize, &str)> = None;
    let mut open_end = 0;
    for m in TAG.find_iter(body) {
        if m.len() > MAX_TAG_LEN {
            continue;
        }
        let name = tag_name(m.as_str());
        if let Some((open, end_name)) = block {
            if name == Some(end_name) {
                if end_name == "endraw" {
                    // Jekyll outputs what is between raw tags as is, and kramdown renders it:
                    // it is Markdown like the rest, only the tags are Liquid.
                    out.push(start + open..start + open_end);
                    out.push(start + m.start()..start + m.end());
                } else {
                    out.push(start + open..start + m.end());
                }
                block = None;
            }
            continue;
        }
        match name {
            Some("raw") => {
                block = Some((m.start(), "endraw"));
                open_end = m.end();
            }
            Some("comment") => block = Some((m.start(), "endcomment")),
            Some("highlight") => block = Some((m.start(), "endhighlight")),
            _ => out.push(start + m.start()..start + m.end()),
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
