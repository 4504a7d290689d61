//! `broken-link`: local links to things the built site will not have.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::site::resolve::Resolved;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Resolves every relative and site-absolute link the way Jekyll publishes the site
    /// and reports those that lead nowhere. It reads `_config.yml` (`permalink`, `baseurl`,
    /// `url`), computes each post's URL from its file name and front matter (`permalink`,
    /// `slug`, `categories`, `date`) and each page's from its path, and resolves a link
    /// relative to the linking post's own URL — so `../../../2020/04/28/dask-summit.html`
    /// from a 2021 post finds `_posts/2020-04-28-dask-summit.md`. It also checks
    /// `{% post_url name %}`, `{% link path %}`, links starting with `{{ site.baseurl }}`,
    /// `{{ site.url }}` or `relative_url`/`absolute_url` filters, absolute links to the
    /// site's own `url`, and static files (`/assets/slides.pdf`). Outside a Jekyll site,
    /// relative links are checked against the file system. The help names the closest
    /// existing page when one is a near miss (at most three edits in the last path
    /// segment, a third of its length for short ones).
    ///
    /// ## Why is this bad?
    /// A 404 on a link to the blog's own older post is the most common defect a blog
    /// publishes, and the easiest to catch before merging.
    ///
    /// ## Example
    /// ```markdown
    /// For more, see [last year's post](../../../2020/04/28/dask-sumit.html).
    /// [Slides]({% post_url 2020-04-28-no-such-post %})
    /// ```
    ///
    /// ## Not flagged
    /// - external URLs (see `--online`), `mailto:` and other schemes;
    /// - Liquid postlint cannot expand (`{{ page.url }}`);
    /// - site-absolute links outside a Jekyll site (there is no root to resolve them from);
    /// - a link to a Markdown file next to the post (`other.md`), which plugins and
    ///   editors resolve.
    ///
    /// ## Fix
    /// None: the help suggests the closest existing page when there is a near miss.
    pub static META = {
        name: "broken-link",
        summary: "relative or site link to a page or file that will not exist on the built site",
        severity: Severity::Error,
        fix: FixAvailability::Never,
        needs: Needs::URLS,
    }
}

pub struct BrokenLink;

pub(crate) fn missing(r: &Resolved, ctx: &Ctx<'_>, me: usize) -> Option<(String, Option<String>)> {
    match r {
        Resolved::Missing { target } => Some((target.clone(), ctx.site.closest_target(me, target))),
        _ => None,
    }
}

pub(crate) fn finding(
    range: std::ops::Range<usize>,
    what: &str,
    target: &str,
    closest: Option<String>,
) -> Finding {
    let message = if let Some(name) = target.strip_prefix("post ") {
        format!("`post_url` names no existing post {name}")
    } else if let Some(file) = target.strip_prefix("file ") {
        format!("`link` names no existing {file}")
    } else {
        format!("{what} `{target}` does not exist on the built site")
    };
    let f = Finding::new(range, message);
    match closest {
        Some(c) => f.help(format!("did you mean `{c}`?")),
        None if target.starts_with("post ") => {
            f.help("`post_url` takes a file name from `_posts/` without its extension")
        }
        None => f.help("check the path; postlint found no page or file with this URL"),
    }
}

impl Rule for BrokenLink {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some(me) = ctx.doc else { return };
        let (cache, site) = (ctx.cache, ctx.site);
        for (link, resolved) in doc.links.iter().zip(cache.link_targets(doc, site, me, ctx.vocab)) {
            let Some(resolved) = resolved else { continue };
            if let Some((target, closest)) = missing(resolved, ctx, me) {
                let range = link.dest_range.clone().unwrap_or(link.range.clone());
                ctx.report(finding(range, "link target", &target, closest));
            }
        }
    }
}
