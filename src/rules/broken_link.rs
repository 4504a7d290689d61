//! `broken-link` and `missing-image`: local links and images to things the built site will
//! not have.

use std::sync::LazyLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::links::resolve::Resolved;
use crate::rule::{Ctx, Rule, RuleMeta};
use crate::rules::placeholder_link::is_placeholder;

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
    pub static BROKEN_LINK = {
        name: "broken-link",
        summary: "relative or site link to a page or file that will not exist on the built site",
        severity: Severity::Error,
        fixable: false,
        needs_site: true,
    }
}

declare_rule! {
    /// ## What it does
    /// Resolves local images — Markdown `![alt](src)` and HTML `<img src>` — like
    /// `broken-link` does and reports those whose file does not exist in the site's source
    /// tree (`/images/x.png`, `../assets/a.png`).
    ///
    /// ## Why is this bad?
    /// A broken image icon in the middle of a recap.
    ///
    /// ## Example
    /// ```markdown
    /// ![The speakers](/images/2021-summit/speakers.jpg)
    /// ```
    ///
    /// ## Not flagged
    /// Remote images (`https://...`), `data:` URIs, and sources built with Liquid postlint
    /// cannot expand.
    ///
    /// ## Fix
    /// None.
    pub static MISSING_IMAGE = {
        name: "missing-image",
        summary: "local image that does not exist in the source tree",
        severity: Severity::Error,
        fixable: false,
        needs_site: true,
    }
}

pub struct BrokenLink;
pub struct MissingImage;

static IMG_SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#)
        .expect("img src regex")
});

fn missing(r: &Resolved, ctx: &Ctx<'_>, me: usize) -> Option<(String, Option<String>)> {
    match r {
        Resolved::Missing { target } => Some((target.clone(), ctx.site.closest_target(me, target))),
        _ => None,
    }
}

fn finding(
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
        &BROKEN_LINK
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some(me) = ctx.doc else { return };
        let (cache, site) = (ctx.cache, ctx.site);
        for (link, resolved) in doc.links.iter().zip(cache.link_targets(doc, site, me)) {
            let Some(resolved) = resolved else { continue };
            if let Some((target, closest)) = missing(resolved, ctx, me) {
                let range = link.dest_range.clone().unwrap_or(link.range.clone());
                ctx.report(finding(range, "link target", &target, closest));
            }
        }
    }
}

impl Rule for MissingImage {
    fn meta(&self) -> &RuleMeta {
        &MISSING_IMAGE
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some(me) = ctx.doc else { return };
        let mut sources: Vec<(std::ops::Range<usize>, String)> = doc
            .links
            .iter()
            .filter(|l| l.is_image)
            .map(|l| {
                (
                    l.dest_range.clone().unwrap_or(l.range.clone()),
                    l.dest.clone(),
                )
            })
            .collect();
        for r in &doc.html {
            for c in IMG_SRC.captures_iter(doc.slice(r)) {
                if let Some(m) = c.get(1).or(c.get(2)).or(c.get(3)) {
                    sources.push((
                        r.start + m.start()..r.start + m.end(),
                        m.as_str().to_string(),
                    ));
                }
            }
        }
        for (range, src) in sources {
            if is_placeholder(&src) || src.trim_start().starts_with("data:") {
                continue;
            }
            if let Some((target, closest)) = missing(&ctx.site.resolve(me, &src), ctx, me) {
                ctx.report(finding(range, "image", &target, closest));
            }
        }
    }
}
