//! `broken-link`: local links to things the built site will not have.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::site::resolve::Resolved;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Resolves every relative and site-absolute link the way Jekyll publishes the site
    /// and reports those that lead nowhere. The model of the site reads `_config.yml` and
    /// the `Gemfile`, and knows:
    /// - posts (in any `_posts` folder, under `collections_dir` too; folders above add
    ///   categories), pages in Markdown or HTML, collection documents (`collections:` with
    ///   `output: true`, their `permalink`), files copied as they are, `include:` and
    ///   `exclude:` (with Jekyll's default excludes), `_` and `.` folders;
    /// - permalinks: the site's style or template, `defaults:` (scope `path` and `type`),
    ///   front matter (`permalink`, `slug`, `categories`, `date`, a UTC offset that moves a
    ///   post to another day), the page suffix the style implies, `index` pages answering
    ///   their folder, and GitHub Pages serving `/a` for `/a.html`;
    /// - URLs plugins make, when enabled (`plugins:`, the Gemfile's `jekyll_plugins`,
    ///   GitHub Pages' defaults): jekyll-redirect-from (`redirect_from:`), jekyll-feed,
    ///   jekyll-sitemap, jekyll-paginate (`paginate_path`) and -v2, jekyll-archives, theme
    ///   archive pages (`tag_archive: path:`), and a host's `_redirects` or `netlify.toml`;
    /// - `{% post_url name %}`, `{% link path %}`, `{{ site.baseurl }}`, `{{ site.url }}`,
    ///   `relative_url`/`absolute_url`, and absolute links to the site's own `url:` (any
    ///   scheme, with or without `www.`);
    /// - links to a Markdown source (`../_posts/2020-01-01-a.md`, `/_pages/team.md`),
    ///   which jekyll-relative-links and editors turn into the page's URL.
    ///
    /// A link in a file Jekyll does not render (a README read on GitHub, an excluded
    /// folder) resolves as on GitHub: against the repository's files. Outside a Jekyll
    /// site, relative links are checked against the file system. The help names the
    /// closest existing page when one is a near miss.
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
    /// Where the model cannot know, it stays silent rather than guess:
    /// - external URLs (see `--online`), `mailto:` and `<name@example.org>`, other schemes;
    /// - Liquid postlint cannot expand (`{{ page.url }}`);
    /// - site-absolute links outside a Jekyll site (there is no root to resolve them from);
    /// - a path under a first segment nothing of the site is published under (`/api/`):
    ///   another application may serve it; `outside-site` notes it once instead (but a
    ///   segment one letter from a page or folder of the site, `/philosphy` beside
    ///   `/philosophy/`, is a slip, reported here);
    /// - prefixes listed in `[links] external-prefixes` of `postlint.toml`;
    /// - pages a plugin postlint does not know may make (a `_plugins/` folder of Ruby
    ///   files or an unknown plugin in `plugins:`): a folder of published pages
    ///   (`/news/2019/`) is then taken as a listing that exists;
    /// - numbered pages of pagination, drafts, and documents whose permalink needs a date
    ///   they do not have.
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
        // A prefix another application serves (`[links] external-prefixes`) is not checked.
        Resolved::Missing { target } if !ctx.links.is_external(target) => {
            Some((target.clone(), ctx.site.closest_target(me, target)))
        }
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
                let mut f = finding(range, "link target", &target, closest);
                if let Some(web) = web_address_slip(&link.dest) {
                    f = f.help(format!("a web address needs its scheme: `{web}`"));
                }
                ctx.report(f);
            }
        }
    }
}

/// A destination that is a web address written without its scheme (`cocoapods.org`,
/// `github.com/org/repo`) or behind a slash (`/https://example.org/`): the address meant.
fn web_address_slip(dest: &str) -> Option<String> {
    let dest = dest.trim();
    if let Some(rest) = dest.strip_prefix('/') {
        let scheme = ["https://", "http://"].iter().any(|s| rest.starts_with(s));
        return scheme.then(|| rest.to_string());
    }
    let host = dest.split(['/', '?', '#']).next()?;
    let (name, tld) = host.rsplit_once('.')?;
    // A file name (`notes.md`, `slides.pdf`) is a relative link, not a host.
    const FILES: [&str; 12] = [
        "md", "html", "htm", "pdf", "png", "jpg", "jpeg", "gif", "svg", "txt", "xml", "zip",
    ];
    let looks_like_host = !name.is_empty()
        && !name.starts_with('.')
        && (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && !FILES.contains(&tld)
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    looks_like_host.then(|| format!("https://{dest}"))
}

#[cfg(test)]
mod tests {
    use super::web_address_slip;

    #[test]
    fn web_addresses_without_scheme_are_named() {
        assert_eq!(
            web_address_slip("cocoapods.org").as_deref(),
            Some("https://cocoapods.org")
        );
        assert_eq!(
            web_address_slip("github.com/org/repo").as_deref(),
            Some("https://github.com/org/repo")
        );
        assert_eq!(
            web_address_slip("/https://blog.example.org/").as_deref(),
            Some("https://blog.example.org/")
        );
    }

    #[test]
    fn relative_files_and_paths_are_not_web_addresses() {
        for dest in [
            "notes.md",
            "slides.pdf",
            "../2020/post.html",
            "/about/",
            "images/logo.png",
            "v1.2",
            "index",
            ".well-known/x",
        ] {
            assert_eq!(web_address_slip(dest), None, "{dest}");
        }
    }
}
