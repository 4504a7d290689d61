//! `empty-link-text`: a link with nothing to click on.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a link whose text is empty or only white space: `[](https://...)`.
    ///
    /// ## Why is this bad?
    /// The link renders as nothing: readers cannot see or click it, and screen readers
    /// announce a bare URL or nothing.
    ///
    /// ## Example
    /// ```markdown
    /// The recording is [](https://youtu.be/abc).
    /// ```
    ///
    /// ## Not flagged
    /// - images (their alt text is `image-alt`'s business) and links around an image
    ///   (`[![logo](logo.png)](https://x.org)`);
    /// - autolinks (`<https://x.org>`), whose text is the URL.
    ///
    /// ## Fix
    /// None: write what the link is about.
    pub static META = {
        name: "empty-link-text",
        summary: "link with empty text ([](url))",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

pub struct EmptyLinkText;

impl Rule for EmptyLinkText {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        for (i, link) in doc.links.iter().enumerate() {
            if link.is_image || !doc.slice(&link.text_range).trim().is_empty() {
                continue;
            }
            // An image inside the link is its text, and so is an autolink written as its
            // text (`[<https://try.jupyter.org/>](https://try.jupyter.org/)`).
            let has_image = doc.links[i + 1..]
                .iter()
                .take_while(|l| l.range.start < link.range.end)
                .any(|l| l.is_image || doc.slice(&l.range).starts_with('<'));
            // So is inline HTML (`[<img alt="..." src="...">](url)`).
            let has_html = doc
                .html
                .iter()
                .any(|r| link.range.start <= r.start && r.end <= link.range.end);
            if has_image || has_html || doc.slice(&link.range).starts_with('<') {
                continue;
            }
            ctx.report(
                Finding::new(link.range.clone(), "link has no text")
                    .help("write what the link leads to between the brackets"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn empty_text() {
        let f = lint_rule(
            &super::EmptyLinkText,
            "See [](https://x.org) and [ ](y.html).\n",
        );
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn images_and_autolinks_are_fine() {
        let src = "[![logo](l.png)](https://x.org) ![](a.png) <https://x.org> [text](y) [<img alt=\"badge\" src=\"b.svg\">](https://ci.org)\n";
        assert!(lint_rule(&super::EmptyLinkText, src).is_empty());
    }
}
