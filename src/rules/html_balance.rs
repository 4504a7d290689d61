//! `html-balance`: raw HTML that breaks the page.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Follows the raw HTML of a post and reports:
    /// - a closing tag with no opening one (`... from Chris White </div>`);
    /// - a block element left open (`<div>`, `<figure>`, `<details>`, `<section>`, `<table>`...);
    /// - an `href` or `src` that is empty or only white space.
    ///
    /// ## Why is this bad?
    /// A stray `</div>` closes the theme's own container and breaks the page layout; an
    /// unclosed `<details>` swallows the rest of the post; an empty `href` links to the
    /// page itself.
    ///
    /// ## Example
    /// ```markdown
    /// Dask + Prefect from Chris White </div>
    /// <details><summary>Slides</summary>
    /// ```
    ///
    /// ## Not flagged
    /// - HTML in code blocks and code spans;
    /// - an element whose end tag comes in what CommonMark reads as an indented code block
    ///   (a notebook's `<style>...</style><table>` with indented rows): kramdown, which
    ///   Jekyll uses, reads the element on to that end tag;
    /// - elements whose end tag HTML allows to omit (`<p>`, `<li>`, `<td>`...) and void
    ///   elements (`<br>`, `<img>`, `<hr>`);
    /// - HTML produced by Liquid includes;
    /// - the theme trick of closing the layout's containers and reopening them in mirror
    ///   order to put a full-width band between (`</article></section>` … `<section
    ///   class="container"><article>`; `</div><div class="col-wide">`).
    ///
    /// ## Fix
    /// None.
    pub static META = {
        name: "html-balance",
        summary: "stray closing tag, unclosed block element, or empty href/src in raw HTML",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

/// Elements checked for balance: those whose end tag may not be omitted.
const BALANCED: &[&str] = &[
    "div",
    "figure",
    "figcaption",
    "details",
    "summary",
    "section",
    "article",
    "aside",
    "table",
    "blockquote",
    "center",
    "span",
    "a",
    "iframe",
    "video",
    "audio",
    "ul",
    "ol",
    "nav",
    "header",
    "footer",
    "main",
    "form",
    "strong",
    "em",
    "b",
    "i",
    "small",
    "sup",
    "sub",
    "code",
    "pre",
    "script",
    "style",
];

pub struct HtmlBalance;

impl Rule for HtmlBalance {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let text = doc.text;
        let mut open: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        let mut strays: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for tag in doc.html_tags() {
            let name = text[tag.name.clone()].to_lowercase();
            let range = tag.range.clone();
            let empty = tag.attrs.iter().find(|a| {
                let n = &text[a.name.clone()];
                (n.eq_ignore_ascii_case("href") || n.eq_ignore_ascii_case("src"))
                    && a.value.as_ref().is_some_and(|v| text[v.clone()].trim().is_empty())
            });
            if let Some(a) = empty {
                ctx.report(
                    Finding::new(
                        range.clone(),
                        format!("`{}` is empty", text[a.name.clone()].to_lowercase()),
                    )
                    .help("put the real address in it, or remove the element"),
                );
            }
            if !BALANCED.contains(&name.as_str()) || tag.self_closing {
                continue;
            }
            if !tag.closing {
                open.push((name, range));
                continue;
            }
            match open.iter().rposition(|(n, _)| *n == name) {
                Some(i) => {
                    open.truncate(i);
                }
                None => strays.push((name, range)),
            }
        }
        let (strays, mut open) = without_reopened_containers(text, strays, open);
        if !open.is_empty() {
            let closers = closers_in_indented_code(doc);
            open.retain(|(name, range)| {
                let last = closers.get(name.as_str()).and_then(|at| at.last());
                last.is_none_or(|&p| p <= range.start)
            });
        }
        for (name, range) in strays {
            ctx.report(
                Finding::new(range, format!("stray `</{name}>` closes nothing: it can close the theme's own `<{name}>` and break the layout"))
                    .help("remove it, or add the opening tag it belongs to"),
            );
        }
        for (name, range) in open {
            ctx.report(
                Finding::new(range, format!("`<{name}>` is never closed"))
                    .help(format!("add `</{name}>` where the element should end")),
            );
        }
    }
}

type Tags = Vec<(String, std::ops::Range<usize>)>;

/// Closing tags that the CommonMark parser read as an indented code block
/// (`    </tbody></table>` under an HTML block that ended at `</style>`), by name, with
/// their offsets in order. kramdown, which Jekyll uses, reads an HTML element on to its end
/// tag, so for it they close the element. Each code range is read once.
fn closers_in_indented_code(doc: &Document) -> rustc_hash::FxHashMap<String, Vec<usize>> {
    let text = doc.text;
    let mut out: rustc_hash::FxHashMap<String, Vec<usize>> = rustc_hash::FxHashMap::default();
    for r in &doc.code {
        let code = &text[r.clone()];
        // Code spans, fenced blocks and HTML start with their marker; indented blocks not.
        if code.starts_with(['`', '~', '<']) || !code.contains("</") {
            continue;
        }
        for (i, _) in code.match_indices("</") {
            let name: String = code[i + 2..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if !name.is_empty() {
                out.entry(name).or_default().push(r.start + i);
            }
        }
    }
    for v in out.values_mut() {
        v.sort_unstable();
    }
    out
}

/// Runs of tags with only white space between them.
fn runs(text: &str, tags: &[(String, std::ops::Range<usize>)]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, (_, r)) in tags.iter().enumerate() {
        match out.last_mut() {
            Some(run)
                if text
                    .get(tags[run.end - 1].1.end..r.start)
                    .is_some_and(|between| between.trim().is_empty()) =>
            {
                run.end = i + 1
            }
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Leave out the theme trick: a run of stray closing tags (`</article></section>`) that
/// closes the layout's containers on purpose, and a later run of unclosed opening tags
/// that reopens the same containers in mirror order (`<section><article>`), so the post
/// can put a full-width band between them. Both halves balance the layout.
fn without_reopened_containers(text: &str, strays: Tags, open: Tags) -> (Tags, Tags) {
    let stray_runs = runs(text, &strays);
    let open_runs = runs(text, &open);
    let mut drop_stray = vec![false; strays.len()];
    let mut drop_open = vec![false; open.len()];
    for s in &stray_runs {
        let closed: Vec<&str> = strays[s.clone()].iter().rev().map(|(n, _)| n.as_str()).collect();
        let after = strays[s.end - 1].1.end;
        let reopened = open_runs.iter().find(|o| {
            open[o.start].1.start >= after
                && !drop_open[o.start]
                && open[o.start..o.end].iter().map(|(n, _)| n.as_str()).eq(closed.iter().copied())
        });
        if let Some(o) = reopened {
            drop_stray[s.clone()].iter_mut().for_each(|d| *d = true);
            drop_open[o.clone()].iter_mut().for_each(|d| *d = true);
        }
    }
    let keep = |v: Tags, drop: &[bool]| {
        v.into_iter()
            .zip(drop)
            .filter(|(_, d)| !**d)
            .map(|(t, _)| t)
            .collect()
    };
    (keep(strays, &drop_stray), keep(open, &drop_open))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn an_element_closed_in_what_commonmark_reads_as_code_is_closed() {
        // A notebook's styled table: the HTML block ends at `</style>`, and CommonMark
        // reads the indented rows and `</table>` as code; kramdown reads them as the table.
        let src = "<style type=\"text/css\">\n    td { color: red; }\n</style><table id=\"t\">\n        <tr>\n            <td>18</td>\n        </tr>\n    </tbody></table>\n\nAfter.\n";
        assert!(lint_rule(&super::HtmlBalance, src).is_empty());
        // With no end tag anywhere, it is still reported.
        let open = "<style>\n    td { color: red; }\n</style><table id=\"t\">\n        <tr><td>18</td></tr>\n\nAfter.\n";
        assert_eq!(lint_rule(&super::HtmlBalance, open).len(), 1);
    }

    #[test]
    fn stray_unclosed_and_empty() {
        let src = "Slides from Chris </div>\n\n<details><summary>More</summary>\n\nText\n\n<div>ok</div> <a href=\"\">x</a> <img src=\" \">\n";
        let f = lint_rule(&super::HtmlBalance, src);
        let msgs: Vec<&str> = f.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("stray `</div>`")));
        assert!(msgs.contains(&"`<details>` is never closed"));
    }

    #[test]
    fn closing_and_reopening_the_layout_is_a_theme_trick() {
        let src = "Text.\n\n</article></section>\n<div class=\"band\">Photos</div>\n<section class=\"container\"><article>\n\nMore.\n\n</div><div class=\"col-wide\">\n\nWide.\n";
        assert!(lint_rule(&super::HtmlBalance, src).is_empty(), "{:?}", lint_rule(&super::HtmlBalance, src));
        // Pasted chrome: closers that nothing reopens in mirror order.
        let src = "Text.\n\n</div>\n</div>\n\n<section class=\"pager\">\n<div class=\"row\">\n<div class=\"col\">\n";
        assert_eq!(lint_rule(&super::HtmlBalance, src).len(), 5);
    }

    #[test]
    fn balanced_html_and_code_are_fine() {
        let src = "<div class=\"x\">\n\nText\n\n</div>\n\n<p>para <br> <img src=\"a.png\" alt=\"a\"></p>\n\n`</div>`\n\n```\n</div>\n```\n\n<!-- </div> -->\n";
        assert!(
            lint_rule(&super::HtmlBalance, src).is_empty(),
            "{:?}",
            lint_rule(&super::HtmlBalance, src)
        );
    }
}
