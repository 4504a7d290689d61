//! `empty-post`: a file with nothing after its front matter.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a Markdown file whose body (everything after the front matter) is empty or
    /// only white space.
    ///
    /// ## Why is this bad?
    /// Jekyll publishes it as a blank page: usually a post created from a template and
    /// committed before it was written.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Meetup recap
    /// ---
    /// ```
    ///
    /// ## Not flagged
    /// - a body holding only Liquid (`{% include archive.html %}`) or HTML: such pages are
    ///   generated, not written;
    /// - a post whose front matter points elsewhere with a web address (`meetup-url:`,
    ///   `redirect_to:`, `link:`): a link post, which its layout renders from the front
    ///   matter.
    ///
    /// ## Fix
    /// None.
    pub static META = {
        name: "empty-post",
        summary: "file with no content after its front matter",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

pub struct EmptyPost;

impl Rule for EmptyPost {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        if !doc.text[doc.body_start..].trim().is_empty() {
            return;
        }
        let links_out = doc
            .front_matter
            .as_ref()
            .is_some_and(|fm| fm.entries.iter().any(|e| e.value.shape() == Some("url")));
        if links_out {
            return;
        }
        let (range, message) = match &doc.front_matter {
            Some(fm) if fm.closed => (
                fm.range.start..fm.range.start + 3,
                "post has front matter but no content",
            ),
            _ => (doc.bom..doc.bom, "file is empty"),
        };
        ctx.report(Finding::new(range, message).help("write the post, or delete the file"));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn flags_empty_and_front_matter_only() {
        assert_eq!(lint_rule(&super::EmptyPost, "").len(), 1);
        assert_eq!(lint_rule(&super::EmptyPost, "\u{feff}\n  \n").len(), 1);
        let f = lint_rule(&super::EmptyPost, "---\ntitle: x\n---\n\n");
        assert_eq!(f[0].1, "post has front matter but no content");
    }

    #[test]
    fn link_posts_are_not_empty() {
        let src =
            "---\ntitle: Eindhoven meetup\nmeetup-url: https://www.meetup.com/x/events/1/\n---\n";
        assert!(lint_rule(&super::EmptyPost, src).is_empty());
        let src = "---\ntitle: Eindhoven meetup\nvenue: Eindhoven, www.example.org\n---\n";
        assert_eq!(lint_rule(&super::EmptyPost, src).len(), 1);
    }

    #[test]
    fn content_or_liquid_is_not_empty() {
        assert!(lint_rule(&super::EmptyPost, "---\ntitle: x\n---\nHello.\n").is_empty());
        assert!(lint_rule(
            &super::EmptyPost,
            "---\nlayout: home\n---\n{% include posts.html %}\n"
        )
        .is_empty());
    }
}
