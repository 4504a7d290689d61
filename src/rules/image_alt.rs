//! `image-alt`: images without alternative text.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a Markdown image with empty alt text (`![](photo.jpg)`) and an HTML `<img>`
    /// without an `alt` attribute.
    ///
    /// ## Why is this bad?
    /// Screen-reader users get nothing (or the file name), and the text is shown when the
    /// image fails to load. Recap photos deserve a sentence: who, where.
    ///
    /// ## Example
    /// ```markdown
    /// <img src="https://pbs.twimg.com/media/abc.jpg" width="40%">
    /// ![](/images/group-photo.jpg)
    /// ```
    ///
    /// ## Not flagged
    /// - Images in code blocks and code spans.
    /// - An `<img>` marked as decorative: with `alt=""` (the HTML way to say there is nothing
    ///   to describe) or `aria-hidden="true"`. Markdown has no such mark: a decorative
    ///   `![](...)` can take a `<!-- postlint-disable-next-line image-alt -->` comment.
    ///
    /// ## Fix
    /// None: describe the image.
    pub static META = {
        name: "image-alt",
        summary: "image without alt text",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

pub struct ImageAlt;

impl Rule for ImageAlt {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        for link in doc.links.iter().filter(|l| l.is_image) {
            if doc.slice(&link.text_range).trim().is_empty() {
                ctx.report(
                    Finding::new(link.range.clone(), "image has no alt text").help(
                        "describe the image between the brackets: `![Speakers on stage](...)`",
                    ),
                );
            }
        }
        let text = doc.text;
        for tag in doc.html_tags() {
            if tag.closing || !tag.is(text, "img") {
                continue;
            }
            // Any `alt`, even empty (decorative), or hidden from screen readers.
            let hidden = tag
                .value(text, "aria-hidden")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
            if tag.attr(text, "alt").is_some() || hidden {
                continue;
            }
            let start = tag.range.start;
            ctx.report(
                Finding::new(start..start + 4, "`<img>` has no alt attribute").help(
                    "add `alt=\"...\"` describing the image (`alt=\"\"` if it is decorative)",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn missing_alt() {
        let src = "![](a.png) ![ ](b.png)\n\n<img src=\"x.jpg\"\n     width=\"40%\">\n<img src=\"y.jpg\" data-alt=\"Logo\" title=\"alt\">\n<img src=\"z.jpg\" aria-hidden=\"false\">\n";
        let lines: Vec<usize> = lint_rule(&super::ImageAlt, src)
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(lines, [1, 1, 3, 5, 6]);
    }

    #[test]
    fn decorative_html_images() {
        // `alt=""` and `aria-hidden="true"` say there is nothing to describe.
        let src = "<img src=\"rule.png\" alt=\"\">\n<img src='a.png' alt=''>\n<img src=b.png alt>\n<img src=\"c.png\" aria-hidden=\"true\">\n<img src=d.png ALT = \"\" />\n";
        assert!(lint_rule(&super::ImageAlt, src).is_empty());
    }

    #[test]
    fn alt_present_or_code() {
        let src = "![Group photo](a.png) <img alt='Logo' src=x.png> <img src=y.png alt=Logo>\n\n`<img src=z.png>`\n\n```\n<img src=w.png>\n![](v.png)\n```\n";
        assert!(lint_rule(&super::ImageAlt, src).is_empty());
    }
}
