//! Liquid (Jekyll templating) ranges: `{% tag %}` and `{{ output }}`, plus the block tags
//! whose whole body is not prose (`raw`, `comment`, `highlight`). Prose rules skip them.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Longest tag we accept; a `{%` with no `%}` nearby is not a tag.
const MAX_TAG_LEN: usize = 4096;

/// How Liquid's tokenizer cuts a template (`{%` to the first `%}`, `{{` to the first `}`
/// and one more, or the opening alone); [`Scanner::next`] finds its tokens by hand and
/// keeps those that read as a tag (a name follows `{%`) or an output (`}}` ends it).
#[cfg(test)]
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{%.*?%\}|\{\{[^}]*\}\}?|\{\{|\{%").expect("liquid token regex")
});

/// The name of a `{% name ... %}` tag (`None` for `{{ output }}`): what the regex's group
/// `(\w+)` would capture, found by hand because a plain search is much cheaper than one
/// with groups.
pub(crate) fn tag_name(tag: &str) -> Option<&str> {
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

/// Something Jekyll's Liquid cannot read: the build stops with an error there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The opening tag, or the `{{` / `{%` that is never closed.
    pub range: Range<usize>,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A block tag (`raw`, `comment`, `highlight`) with no end tag.
    Unclosed(&'static str),
    /// `{{` with no `}}` at the first `}` after it.
    UnterminatedOutput,
    /// `{%` with no `%}` after it.
    UnterminatedTag,
}

/// The Liquid of a document: the ranges prose rules skip, and what Liquid cannot read.
#[derive(Debug, Default)]
pub struct Liquid {
    /// Sorted, non-overlapping file byte ranges.
    pub ranges: Vec<Range<usize>>,
    pub problems: Vec<Problem>,
    /// What each closed `{% raw %}` block holds (between its two tags), in order.
    pub raw: Vec<Range<usize>>,
}

/// The blocks whose body is not prose, with their end tags.
const BLOCKS: &[(&str, &str)] = &[("comment", "endcomment"), ("highlight", "endhighlight")];

/// The first match of a needle at or after a position, remembered: a search that found
/// `at` from `from` answers every later query between the two, and one that found nothing
/// answers every later query. Keeps the scan linear when many `{{` share one far `}`.
#[derive(Default)]
struct Memo(Option<(usize, Option<usize>)>);

impl Memo {
    fn find(&mut self, bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
        if let Some((f, found)) = self.0 {
            match found {
                Some(at) if f <= from && from <= at => return Some(at),
                None if f <= from => return None,
                _ => {}
            }
        }
        let found = find(bytes, from, needle);
        self.0 = Some((from, found));
        found
    }
}

#[cfg(test)]
thread_local! {
    /// Bytes [`find`] has looked at, on this thread (the linearity test counts work: the
    /// timings of a loaded machine do not scale).
    static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The first `needle` (one or two bytes) at or after `from`, found byte by byte: the cost
/// is the distance to the match. (A `memchr` call per token costs setup that grows with
/// what is left of the text, which made the scan quadratic.)
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let from = from.min(bytes.len());
    let (&first, rest) = needle.split_first()?;
    let found = bytes[from..]
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c == first)
        .map(|(k, _)| from + k)
        .find(|&at| bytes[at + 1..].starts_with(rest));
    #[cfg(test)]
    SCANNED.with(|n| n.set(n.get() + found.map_or(bytes.len(), |f| f + 1) - from));
    found
}

/// Reads Liquid tokens as Jekyll's Liquid cuts them: a `{%` runs to the first `%}` and is a
/// tag when a name follows it; a `{{` runs to the first `}` and is an output when a second
/// `}` follows.
struct Scanner<'a> {
    body: &'a str,
    brace: Memo,
    percent: Memo,
}

impl<'a> Scanner<'a> {
    /// The next token at or after `from`: a tag or an output, or the [`Problem`] Liquid
    /// stops at with where its token ends (relative ranges). A `{% %}` with no name is
    /// skipped whole.
    fn next(&mut self, mut from: usize) -> Option<Result<Range<usize>, (Problem, usize)>> {
        let bytes = self.body.as_bytes();
        while let Some(at) = find(bytes, from, b"{") {
            match bytes.get(at + 1) {
                Some(b'%') => {
                    let Some(close) = self.percent.find(bytes, at + 2, b"%}") else {
                        let p = Problem {
                            range: at..at + 2,
                            kind: ProblemKind::UnterminatedTag,
                        };
                        return Some(Err((p, at + 2)));
                    };
                    let end = close + 2;
                    if tag_name(&self.body[at..end]).is_some() {
                        return Some(Ok(at..end));
                    }
                    from = end;
                }
                Some(b'{') => {
                    let close = self.brace.find(bytes, at + 2, b"}");
                    return Some(match close {
                        Some(c) if bytes.get(c + 1) == Some(&b'}') => Ok(at..c + 2),
                        _ => {
                            let p = Problem {
                                range: at..at + 2,
                                kind: ProblemKind::UnterminatedOutput,
                            };
                            Err((p, close.map_or(at + 2, |c| c + 1)))
                        }
                    });
                }
                _ => from = at + 1,
            }
        }
        None
    }

    /// Where `{% endraw %}` closes a `{% raw %}` whose tag ends at `from`: the first tag
    /// named `endraw` (Liquid reads nothing else inside, so `{% raw %}{{{% endraw %}`
    /// closes), as the tag's range.
    fn end_of_raw(&mut self, from: usize) -> Option<Range<usize>> {
        let bytes = self.body.as_bytes();
        let mut at = from;
        while let Some(open) = find(bytes, at, b"{%") {
            let close = self.percent.find(bytes, open + 2, b"%}")? + 2;
            if tag_name(&self.body[open..close]) == Some("endraw") {
                return Some(open..close);
            }
            at = open + 2;
        }
        None
    }

    /// Where the block `name` opened by a tag ending at `from` ends (nested blocks of the
    /// same name and raw text skipped), as the end tag's end.
    fn end_of_block(&mut self, from: usize, name: &str, end_name: &str) -> Option<usize> {
        let mut depth = 1;
        let mut at = from;
        while let Some(tok) = self.next(at) {
            let t = match tok {
                Ok(t) => t,
                Err((_, resume)) => {
                    at = resume;
                    continue;
                }
            };
            at = t.end;
            match tag_name(&self.body[t.clone()]) {
                Some("raw") => at = self.end_of_raw(t.end)?.end,
                Some(n) if n == name => depth += 1,
                Some(n) if n == end_name => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(t.end);
                    }
                }
                _ => {}
            }
        }
        None
    }
}

/// Liquid ranges in `text[start..end]`, as file byte ranges, sorted and non-overlapping.
pub fn scan(text: &str, start: usize, end: usize) -> Vec<Range<usize>> {
    read(text, start, end).ranges
}

/// The Liquid of `text[start..end]` (file byte ranges). The text between `{% raw %}` and
/// `{% endraw %}` is Markdown like the rest (Jekyll outputs it as is, and kramdown renders
/// it): only the two tags are Liquid; what each block holds is listed in `raw` (the
/// document reads a block of several lines as literal text). A `comment` or `highlight` block is one range. A
/// block that is never closed stops Jekyll's build: it is a [`Problem`], and only its
/// opening tag is Liquid, so the rest of the file is still read.
pub fn read(text: &str, start: usize, end: usize) -> Liquid {
    let body = &text[start..end];
    let mut out = Liquid::default();
    let file = |r: Range<usize>| start + r.start..start + r.end;
    let mut scanner = Scanner {
        body,
        brace: Memo::default(),
        percent: Memo::default(),
    };
    // Block names already found unclosed: a later one is not searched again (Liquid stops
    // at the first; searching again would make the scan quadratic).
    let mut unclosed: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(tok) = scanner.next(at) {
        let m = match tok {
            Ok(m) => m,
            Err((p, resume)) => {
                at = resume;
                out.problems.push(Problem {
                    range: file(p.range),
                    kind: p.kind,
                });
                continue;
            }
        };
        at = m.end;
        if m.len() > MAX_TAG_LEN {
            // Not a tag we trust: read on from just after its first brace.
            at = m.start + 1;
            continue;
        }
        let name = tag_name(&body[m.clone()]);
        let block = match name {
            Some("raw") => Some(("raw", "endraw")),
            _ => BLOCKS.iter().copied().find(|(b, _)| Some(*b) == name),
        };
        let Some((block, end_name)) = block else {
            out.ranges.push(file(m));
            continue;
        };
        if unclosed.contains(&block) {
            out.ranges.push(file(m));
            continue;
        }
        if block == "raw" {
            if let Some(close) = scanner.end_of_raw(m.end) {
                out.raw.push(file(m.end..close.start));
                out.ranges.push(file(m));
                at = close.end;
                out.ranges.push(file(close));
                continue;
            }
        } else if let Some(close) = scanner.end_of_block(m.end, block, end_name) {
            out.ranges.push(file(m.start..close));
            at = close;
            continue;
        }
        unclosed.push(block);
        out.problems.push(Problem {
            range: file(m.clone()),
            kind: ProblemKind::Unclosed(block),
        });
        out.ranges.push(file(m));
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

    /// Every token [`Scanner::next`] reads, going on after each problem.
    fn tokens(text: &str) -> Vec<Range<usize>> {
        let mut scanner = Scanner {
            body: text,
            brace: Memo::default(),
            percent: Memo::default(),
        };
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(t) = scanner.next(at) {
            match t {
                Ok(r) => {
                    at = r.end;
                    out.push(r);
                }
                Err((_, resume)) => at = resume,
            }
        }
        out
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
            let want: Vec<Range<usize>> = TAG
                .find_iter(&text)
                .filter(|m| {
                    let t = m.as_str();
                    (t.len() > 2 && t.ends_with("}}") && t.starts_with("{{"))
                        || (t.len() > 3 && t.ends_with("%}") && tag_name(t).is_some())
                })
                .map(|m| m.range())
                .collect();
            assert_eq!(tokens(&text), want, "{text:?}");
        }
    }

    /// [`read`] as first written, with no memory of earlier searches: the same ranges
    /// and problems on random texts.
    #[test]
    fn remembered_searches_find_what_fresh_ones_find() {
        let pieces = [
            "{{",
            "}}",
            "}",
            "{%",
            "%}",
            "{% raw %}",
            "{% endraw %}",
            "{% comment %}",
            "{% endcomment %}",
            "{% highlight x %}",
            "{% endhighlight %}",
            "{{ a }}",
            "{% if %}",
            "x",
            " ",
            "\n",
        ];
        let mut rng = crate::test_rng::Rng(0x11_9e5d);
        let mut problems = 0;
        for _ in 0..5_000 {
            let text = rng.text(&pieces, 16);
            let got = read(&text, 0, text.len());
            let fresh = read_fresh(&text);
            assert_eq!(
                (got.ranges.clone(), got.problems.clone()),
                fresh,
                "{text:?}"
            );
            problems += got.problems.len();
        }
        assert!(problems > 500, "{problems}");
    }

    /// [`read`] with a new scanner (no remembered search) for every search.
    fn read_fresh(text: &str) -> (Vec<Range<usize>>, Vec<Problem>) {
        let new = || Scanner {
            body: text,
            brace: Memo::default(),
            percent: Memo::default(),
        };
        let mut ranges = Vec::new();
        let mut problems = Vec::new();
        let mut unclosed: Vec<&str> = Vec::new();
        let mut at = 0;
        while let Some(tok) = new().next(at) {
            let m = match tok {
                Ok(m) => m,
                Err((p, resume)) => {
                    at = resume;
                    problems.push(p);
                    continue;
                }
            };
            at = m.end;
            let name = tag_name(&text[m.clone()]);
            let block = match name {
                Some("raw") => Some(("raw", "endraw")),
                _ => BLOCKS.iter().copied().find(|(b, _)| Some(*b) == name),
            };
            let Some((block, end_name)) = block else {
                ranges.push(m);
                continue;
            };
            if !unclosed.contains(&block) {
                if block == "raw" {
                    if let Some(close) = new().end_of_raw(m.end) {
                        ranges.push(m);
                        at = close.end;
                        ranges.push(close);
                        continue;
                    }
                } else if let Some(close) = new().end_of_block(m.end, block, end_name) {
                    ranges.push(m.start..close);
                    at = close;
                    continue;
                }
                unclosed.push(block);
                problems.push(Problem {
                    range: m.clone(),
                    kind: ProblemKind::Unclosed(block),
                });
            }
            ranges.push(m);
        }
        (ranges, problems)
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
        let text = "100% {% of nothing";
        let l = read(text, 0, text.len());
        assert!(l.ranges.is_empty());
        assert_eq!(l.problems[0].kind, ProblemKind::UnterminatedTag);
    }

    /// A raw block holding `{{` (how a post prints a literal `{{`) ends at its `endraw`:
    /// Liquid reads nothing else inside it, and the rest of the post is read.
    #[test]
    fn raw_text_ends_at_the_first_endraw() {
        let text = "Use `{% raw %}{{{% endraw %} }}` here.\n\nTODO later {{ x }}\n";
        assert_eq!(slices(text), ["{% raw %}", "{% endraw %}", "{{ x }}"]);
        assert!(read(text, 0, text.len()).problems.is_empty());
    }

    #[test]
    fn an_output_ends_at_the_first_closing_brace() {
        let text = "a {{ x } b }} c {{ y }}";
        let l = read(text, 0, text.len());
        assert_eq!(l.ranges.len(), 1);
        assert_eq!(&text[l.ranges[0].clone()], "{{ y }}");
        assert_eq!(l.problems[0].kind, ProblemKind::UnterminatedOutput);
        assert_eq!(&text[l.problems[0].range.clone()], "{{");
    }

    /// An unclosed block stops Jekyll's build: it is reported, and only its tag is Liquid.
    #[test]
    fn unclosed_blocks_are_problems_and_hide_nothing() {
        for (text, block) in [
            ("a {% raw %} b {{ c }}\n\nTODO", "raw"),
            (
                "a {% comment %} b {% raw %}{% endcomment %}{% endraw %}\n\nTODO",
                "comment",
            ),
            ("{% highlight x %}\ncode\n", "highlight"),
        ] {
            let l = read(text, 0, text.len());
            assert_eq!(l.problems.len(), 1, "{text:?}");
            assert_eq!(l.problems[0].kind, ProblemKind::Unclosed(block), "{text:?}");
            let tag = &text[l.problems[0].range.clone()];
            assert!(tag.starts_with("{%") && tag.contains(block), "{tag}");
            assert!(l.ranges.iter().all(|r| !text[r.clone()].contains("TODO")));
        }
    }

    #[test]
    fn nested_comments_and_raw_inside_blocks() {
        let text = "{% comment %}a {% comment %}b{% endcomment %} c{% endcomment %} d {% highlight liquid %}{% raw %}{% endhighlight %}{% endraw %}{% endhighlight %} e";
        let s = slices(text);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].ends_with("c{% endcomment %}"));
        assert!(
            s[1].starts_with("{% highlight") && s[1].ends_with("{% endraw %}{% endhighlight %}")
        );
        assert!(read(text, 0, text.len()).problems.is_empty());
    }

    /// The bytes the scan looks at grow as the input does, whatever is left unclosed:
    /// counted, not timed (a loaded machine's timings do not scale).
    #[test]
    fn unclosed_and_unterminated_are_read_in_linear_time() {
        let work = |t: &str| {
            SCANNED.with(|n| n.set(0));
            read(t, 0, t.len());
            SCANNED.with(|n| n.get())
        };
        for piece in [
            "{{ ",
            "{% raw %} ",
            "{% comment %} ",
            "{% x ",
            "{% comment %}{% comment %}{% endcomment %} ",
            "{% highlight x %}{% raw %} ",
        ] {
            let (small, large) = (work(&piece.repeat(1_000)), work(&piece.repeat(16_000)));
            assert!(
                large <= 20 * small,
                "{piece:?}: 16x the input, {}x the bytes looked at",
                large / small.max(1)
            );
        }
    }
}
