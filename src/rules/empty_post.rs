//! `empty-post`: a file with nothing after its front matter.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a post whose body (everything after the front matter) is empty or only white
    /// space. A post is a file under `_posts/` of a Jekyll site, or, outside any Jekyll
    /// site, a Markdown file with front matter.
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
    /// - pages and documents of other collections (`_authors/ana.md`, a tag's archive page,
    ///   `numcodecs/index.md`): their layout makes the page from the front matter;
    /// - a redirect: a post whose front matter has `redirect_to:`, or whose layout is a
    ///   redirect (`layout: redirect`);
    /// - a post whose layout lists the site's documents (`site.posts`, `paginator`, a `for`
    ///   over `site.<collection>`): a blog index kept in `_posts/`, which the layout makes;
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
        let is_post = ctx
            .doc
            .and_then(|i| ctx.site.docs.get(i))
            .is_some_and(|d| d.is_post);
        if !is_post {
            return;
        }
        // A link post (`meetup-url: https://...`) or a redirect: the layout makes the page.
        let made_by_layout = doc.front_matter.as_ref().is_some_and(|fm| {
            fm.entries.iter().any(|e| {
                e.value.shape() == Some("url")
                    || e.key == "redirect_to"
                    || e.key == "layout"
                        && e.value
                            .as_str()
                            .is_some_and(|l| l.to_ascii_lowercase().contains("redirect"))
            })
        });
        if made_by_layout {
            return;
        }
        // A page kept in `_posts/` whose layout lists the posts (a blog index): the
        // layout makes it.
        let layout = doc
            .readable_front_matter()
            .and_then(|f| f.get("layout"))
            .and_then(|e| e.value.as_str());
        let site = ctx
            .doc
            .and_then(|i| ctx.site.docs.get(i))
            .and_then(|d| d.jekyll)
            .map(|j| &ctx.site.jekyll[j]);
        if let (Some(layout), Some(site)) = (layout, site) {
            if site.layout_lists_documents(layout) {
                return;
            }
        }
        let (range, message) = match &doc.front_matter {
            // At the post's title when it has one: the post a reader would open.
            Some(fm) if fm.closed => (
                fm.get("title")
                    .map_or(fm.range.start..fm.range.start + 3, |t| t.key_range.clone()),
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
    fn flags_a_post_with_front_matter_only() {
        let f = lint_rule(&super::EmptyPost, "---\ntitle: x\n---\n\n");
        assert_eq!(f[0].1, "post has front matter but no content");
    }

    /// Outside a Jekyll site, a file without front matter is no post.
    #[test]
    fn files_that_are_no_posts_are_not_flagged() {
        assert!(lint_rule(&super::EmptyPost, "").is_empty());
        assert!(lint_rule(&super::EmptyPost, "\u{feff}\n  \n").is_empty());
    }

    #[test]
    fn redirects_are_not_empty() {
        for src in [
            "---\npermalink: /old/\nredirect_to: /new/\n---\n",
            "---\nlayout: redirect\ntarget: /new/\n---\n",
        ] {
            assert!(lint_rule(&super::EmptyPost, src).is_empty(), "{src}");
        }
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
