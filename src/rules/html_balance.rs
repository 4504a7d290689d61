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
    /// - elements whose end tag HTML allows to omit (`<p>`, `<li>`, `<td>`...) and void
    ///   elements (`<br>`, `<img>`, `<hr>`);
    /// - HTML produced by Liquid includes.
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
                None => ctx.report(
                    Finding::new(range, format!("stray `</{name}>` closes nothing: it can close the theme's own `<{name}>` and break the layout"))
                        .help("remove it, or add the opening tag it belongs to"),
                ),
            }
        }
        for (name, range) in open {
            ctx.report(
                Finding::new(range, format!("`<{name}>` is never closed"))
                    .help(format!("add `</{name}>` where the element should end")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn stray_unclosed_and_empty() {
        let src = "Slides from Chris </div>\n\n<details><summary>More</summary>\n\nText\n\n<div>ok</div> <a href=\"\">x</a> <img src=\" \">\n";
        let f = lint_rule(&super::HtmlBalance, src);
        let msgs: Vec<&str> = f.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].starts_with("stray `</div>`"));
        assert!(msgs.contains(&"`<details>` is never closed"));
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
