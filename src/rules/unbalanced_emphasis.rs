//! `unbalanced-emphasis`: emphasis markers that never close, printed literally.

use std::sync::LazyLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, TextBlockKind};
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags `**`, `__` and `~~` that the Markdown parser could not pair within their paragraph
    /// (and a single `*` opening a word, when it is the only `*` of its paragraph): they
    /// print as literal asterisks or underscores (`**When: **Monday**` shows `**When:`).
    ///
    /// ## Why is this bad?
    /// Stray asterisks look like a rendering bug, and the bold text the author wanted is
    /// not bold.
    ///
    /// ## Example
    /// ```markdown
    /// **When: **Monday, 10am**
    /// Bring your **laptop.
    /// ```
    ///
    /// ## Not flagged
    /// - markers that pair up, escaped ones (`\*\*`), markers in code, URLs and Liquid;
    /// - a run between spaces (`make: *** [all] Error 1`), or inside an HTML `<code>`;
    /// - a run right next to a Liquid tag (`**Stable:**{% for v in list %}`): the tag's
    ///   output decides how it renders;
    /// - `*` between spaces (`2 * 3`), `*` bullets, `_` inside words (`snake_case`);
    /// - `__` glued to word characters on both sides (`__init__` renders as bold text, which
    ///   is another problem, not this one);
    /// - two runs kramdown pairs though CommonMark does not (`18F**,**` is bold in Jekyll);
    /// - a lone `*` of a C pointer written in prose (`CWallet *wallet`, `*pszExePath`).
    ///
    /// ## Fix
    /// None: only the author knows where the emphasis should end.
    pub static META = {
        name: "unbalanced-emphasis",
        summary: "** or __ that never closes and prints literally",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

/// Runs of two or more `*`, `_` or `~` (`~~strike~~`, which Jekyll's kramdown reads too).
static DOUBLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\*\*+|__+|~~+").expect("double regex"));

pub struct UnbalancedEmphasis;

impl Rule for UnbalancedEmphasis {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let html_code = std::cell::OnceCell::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            if block.kind == TextBlockKind::TableCell {
                continue;
            }
            let runs = doc.block_prose(b);
            let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
                continue;
            };
            // Delimiters may come as several adjacent text events: search the source of
            // the block's prose and keep matches that lie wholly in prose (its first and
            // its last byte each in a run; runs are sorted and disjoint, so each is found
            // by a binary search, not a look at every run).
            let in_prose = |r: std::ops::Range<usize>| {
                let first = runs.partition_point(|run| run.range.start <= r.start);
                let last = runs.partition_point(|run| run.range.start < r.end);
                first > 0
                    && r.start < runs[first - 1].range.end
                    && last > 0
                    && r.end <= runs[last - 1].range.end
            };
            let span = first.range.start..last.range.end;
            let s = doc.slice(&span);
            if memchr::memchr3(b'*', b'_', b'~', s.as_bytes()).is_none() {
                continue;
            }
            let mut singles = Vec::new();
            let mut star_count = 0;
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            let liquid_next_to_a_run = !doc.liquid.is_empty()
                && DOUBLE.find_iter(s).any(|m| {
                    touches_liquid(doc, &(span.start + m.start()..span.start + m.end()))
                });
            // Runs the CommonMark parser left unpaired; kramdown, which Jekyll uses, pairs
            // two of the same kind when the first opens on a word and the second closes
            // on one (`18F**,**` is bold there), so such pairs are no findings.
            let mut unpaired: Vec<(std::ops::Range<usize>, bool, bool)> = Vec::new();
            for m in DOUBLE.find_iter(s) {
                let range = span.start + m.start()..span.start + m.end();
                if !in_prose(range.clone()) {
                    continue;
                }
                let before = doc.text[..range.start].chars().next_back();
                let after = doc.text[range.end..].chars().next();
                // Escaped: `\**` leaves a literal backslash-star pair in the source.
                if before == Some('\\') {
                    continue;
                }
                // Between spaces (`make: *** [all] Error 1`) a run can neither open nor
                // close: it is meant to print. Inside an HTML `<code>` element it is code.
                let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                if (space(before) && space(after))
                    || html_code
                        .get_or_init(|| HtmlCode::new(doc))
                        .contains(range.start)
                {
                    continue;
                }
                // A run next to a Liquid tag (`**Stable:**{% for v in list %}`): what the
                // tag outputs decides whether it closes (the parser saw it blanked), so
                // the runs of this block cannot be paired here.
                if liquid_next_to_a_run {
                    continue;
                }
                if m.as_str().starts_with('_')
                    && (word(before) && word(after) || !word(before) && !word(after))
                {
                    continue;
                }
                unpaired.push((range, !space(before), !space(after)));
            }
            let mut i = 0;
            while i < unpaired.len() {
                let (range, _, opens) = &unpaired[i];
                if let Some((next, closes, _)) = unpaired.get(i + 1) {
                    if *opens && *closes && doc.text[range.clone()] == doc.text[next.clone()] {
                        i += 2;
                        continue;
                    }
                }
                let marker = &doc.text[range.clone()];
                ctx.report(
                    Finding::new(
                        range.clone(),
                        format!("`{marker}` never closes: it prints literally"),
                    )
                    .help("close the emphasis, or escape the marker with `\\`"),
                );
                i += 1;
            }
            for i in memchr::memchr_iter(b'*', s.as_bytes()) {
                if !in_prose(span.start + i..span.start + i + 1) {
                    continue;
                }
                let before = doc.text[..span.start + i].chars().next_back();
                if before == Some('\\') {
                    continue;
                }
                star_count += 1;
                let after = s[i + 1..].chars().next();
                if before.is_none_or(char::is_whitespace) && word(after) {
                    singles.push(span.start + i);
                }
            }
            if star_count == 1 && singles.len() == 1 && block.kind != TextBlockKind::Heading {
                let at = singles[0];
                if c_pointer(doc.text, at) {
                    continue;
                }
                ctx.report(
                    Finding::new(at..at + 1, "`*` never closes: it prints literally")
                        .help("close the emphasis, or escape the marker with `\\`"),
                );
            }
        }
    }
}

/// The document's `<code>` tags, to tell whether an offset is inside an inline HTML
/// `<code>` element (`<code>**nil</code>`) in logarithmic time.
struct HtmlCode {
    /// Ends of the `<code>` and `</code>` tags, in order, and whether each closes.
    tags: Vec<(usize, bool)>,
    /// End of the last `</code>`.
    last_close: Option<usize>,
}

impl HtmlCode {
    fn new(doc: &Document) -> HtmlCode {
        let tags: Vec<(usize, bool)> = doc
            .html_tags()
            .iter()
            .filter(|t| t.is(doc.text, "code"))
            .map(|t| (t.range.end, t.closing))
            .collect();
        let last_close = tags.iter().rev().find(|t| t.1).map(|t| t.0);
        HtmlCode { tags, last_close }
    }

    /// Is `offset` after a `<code>` (the last code tag before it opens one) and before a
    /// `</code>` (one ends after it)?
    fn contains(&self, offset: usize) -> bool {
        let i = self.tags.partition_point(|t| t.0 <= offset);
        i > 0 && !self.tags[i - 1].1 && self.last_close.is_some_and(|end| end > offset)
    }
}

/// Is the `*` at `at` a C pointer written in prose (`CWallet *wallet`, `string
/// *pszExePath`): after a type name with a capital inside, or before an identifier with
/// one? It is meant to print.
fn c_pointer(text: &str, at: usize) -> bool {
    let inner_capital = |w: &str| w.chars().skip(1).any(char::is_uppercase);
    let before = text[..at].trim_end();
    let prev = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    let next: String = text[at + 1..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let identifier = |w: &str| {
        w.chars().next().is_some_and(char::is_lowercase) && (inner_capital(w) || w.contains('_'))
    };
    (prev.chars().next().is_some_and(char::is_uppercase) && inner_capital(prev))
        || identifier(&next)
}

/// Does a Liquid tag start where `range` ends, or end where it starts?
fn touches_liquid(doc: &Document, range: &std::ops::Range<usize>) -> bool {
    let i = doc.liquid.partition_point(|l| l.end < range.start);
    doc.liquid[i..]
        .iter()
        .take_while(|l| l.start <= range.end)
        .any(|l| l.end == range.start || l.start == range.end)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn unclosed_markers() {
        let f = lint_rule(
            &super::UnbalancedEmphasis,
            "**When: **Monday**\n\nBring your **laptop.\n\nA __strong start.\n\nAn *odd one.\n\n[Feature 12](https://x.org/12)~~ reverted, ~~gone~~ and ~~ between.\n",
        );
        let lines: Vec<usize> = f.iter().map(|x| x.0).collect();
        assert_eq!(lines, [1, 3, 5, 7, 9], "{f:?}");
    }

    /// Linear in the runs of a paragraph: each marker looked for its prose run, and for
    /// an enclosing `<code>`, through every run and tag of the paragraph before it.
    #[test]
    fn long_paragraphs_of_markers_take_linear_time() {
        for piece in ["*a **a ", "<b> **a</b> "] {
            crate::rules::test_support::assert_linear(
                1_000,
                |n| piece.repeat(n),
                |src| {
                    let found = crate::rules::test_support::count_findings(
                        &super::UnbalancedEmphasis,
                        src,
                    );
                    assert!(found > 0);
                },
            );
        }
    }

    #[test]
    fn what_kramdown_pairs_or_prints_on_purpose_is_fine() {
        // Bold in kramdown though not in CommonMark; C pointers quoted from commit titles.
        let src = "Holly joined 18F**,** a team of designers.\n\n- #11193 Terminate string *pszExePath after readlink\n\n- #12345 Pass CWallet *wallet to the loader\n";
        let f = lint_rule(&super::UnbalancedEmphasis, src);
        assert!(f.is_empty(), "{f:?}");
        // Two runs that cannot pair are still two findings.
        let f = lint_rule(&super::UnbalancedEmphasis, "A **start and **another.\n");
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn balanced_and_other_stars_are_fine() {
        let src = "**bold** and __strong__ and *em*.\n\nsnake_case_name, 2 * 3 * 4, `**x`, \\*\\*literal\\*\\*.\n\n* bullet\n* list\n\nFill in: ____\n\n{{ a ** b }}\n\n* **Stable:**{% for v in site.data.v %} {{ v }}{% endfor %}\n";
        let f = lint_rule(&super::UnbalancedEmphasis, src);
        assert!(f.is_empty(), "{f:?}");
    }
}
