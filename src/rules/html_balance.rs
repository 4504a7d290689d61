//! `html-balance` and `embed-url`: raw HTML that breaks the page.

use std::sync::LazyLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, Rule, RuleMeta};

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
    pub static HTML_BALANCE = {
        name: "html-balance",
        summary: "stray closing tag, unclosed block element, or empty href/src in raw HTML",
        severity: Severity::Warning,
        fixable: false,
    }
}

declare_rule! {
    /// ## What it does
    /// Flags an `<iframe>` whose `src` is a page address rather than an embeddable one:
    /// YouTube `watch?v=` or `youtu.be/` links (need `/embed/`), Google Slides `/pub` or
    /// `/edit` links (need `/embed`), Vimeo page links (need `player.vimeo.com/video/`).
    ///
    /// ## Why is this bad?
    /// The browser refuses to frame the page: readers see an empty box or an error where
    /// the video or slides should be.
    ///
    /// ## Example
    /// ```html
    /// <iframe src="https://www.youtube.com/watch?v=WlSw7rhwGrA"></iframe>
    /// ```
    ///
    /// ## Not flagged
    /// Embed URLs, other sites' iframes, and links (`<a>`, Markdown) to page URLs.
    ///
    /// ## Fix
    /// Safe: the embed form, when it can be derived from the URL.
    pub static EMBED_URL = {
        name: "embed-url",
        summary: "iframe src that is a page URL, not an embed URL (YouTube, Google Slides, Vimeo)",
        severity: Severity::Warning,
        fixable: true,
    }
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*?)(/?)>").expect("tag regex")
});
static EMPTY_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s(href|src)\s*=\s*(?:"(\s*)"|'(\s*)')"#).expect("attr regex")
});
static SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).expect("src regex")
});

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
pub struct EmbedUrl;

impl Rule for HtmlBalance {
    fn meta(&self) -> &RuleMeta {
        &HTML_BALANCE
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let mut open: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for r in &doc.html {
            let html = doc.slice(r);
            for c in TAG.captures_iter(html) {
                let Some(name) = c.get(2) else { continue };
                let m = c.get(0).expect("match");
                let range = r.start + m.start()..r.start + m.end();
                let name = name.as_str().to_lowercase();
                let closing = !c[1].is_empty();
                let self_closing = !c[4].is_empty();
                if let Some(a) = EMPTY_ATTR.captures(m.as_str()) {
                    ctx.report(
                        Finding::new(range.clone(), format!("`{}` is empty", a[1].to_lowercase()))
                            .help("put the real address in it, or remove the element"),
                    );
                }
                if !BALANCED.contains(&name.as_str()) || self_closing {
                    continue;
                }
                if !closing {
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
        }
        for (name, range) in open {
            ctx.report(
                Finding::new(range, format!("`<{name}>` is never closed"))
                    .help(format!("add `</{name}>` where the element should end")),
            );
        }
    }
}

/// The embeddable form of a page URL, when it is one of the known kinds. `None` for URLs
/// that are fine. `Some(None)` when the URL is a page URL without a derivable embed form.
pub fn embed_form(src: &str) -> Option<Option<String>> {
    let url = url::Url::parse(src.trim()).ok()?;
    let host = url
        .host_str()?
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let path = url.path();
    match host {
        "youtube.com" if path == "/watch" => {
            let id = url
                .query_pairs()
                .find(|(k, _)| k == "v")
                .map(|(_, v)| v.into_owned());
            let list = url
                .query_pairs()
                .find(|(k, _)| k == "list")
                .map(|(_, v)| v.into_owned());
            Some(id.map(|id| match list {
                Some(l) => format!("https://www.youtube.com/embed/{id}?list={l}"),
                None => format!("https://www.youtube.com/embed/{id}"),
            }))
        }
        "youtu.be" => {
            let id = path.trim_start_matches('/');
            Some((!id.is_empty()).then(|| format!("https://www.youtube.com/embed/{id}")))
        }
        "docs.google.com" if path.starts_with("/presentation/") => {
            let (base, last) = path.rsplit_once('/')?;
            match last {
                "pub" => {
                    let q = url.query().map(|q| format!("?{q}")).unwrap_or_default();
                    Some(Some(format!("https://docs.google.com{base}/embed{q}")))
                }
                "edit" | "view" => Some(Some(format!("https://docs.google.com{base}/embed"))),
                _ => None,
            }
        }
        "vimeo.com" => {
            let id = path.trim_start_matches('/');
            Some(
                (!id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
                    .then(|| format!("https://player.vimeo.com/video/{id}")),
            )
        }
        _ => None,
    }
}

impl Rule for EmbedUrl {
    fn meta(&self) -> &RuleMeta {
        &EMBED_URL
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        for r in &doc.html {
            let html = doc.slice(r);
            for c in TAG.captures_iter(html) {
                if !c
                    .get(2)
                    .is_some_and(|n| n.as_str().eq_ignore_ascii_case("iframe"))
                    || !c[1].is_empty()
                {
                    continue;
                }
                let tag = c.get(0).expect("match");
                let Some(s) = SRC.captures(tag.as_str()) else {
                    continue;
                };
                let v = s.get(1).or(s.get(2)).or(s.get(3)).expect("one group");
                let Some(embed) = embed_form(v.as_str()) else {
                    continue;
                };
                let start = r.start + tag.start() + v.start();
                let range = start..start + v.len();
                let mut f = Finding::new(range.clone(), "iframe shows a page URL: the site refuses to be framed, readers see an empty box");
                f = match embed {
                    Some(e) => f
                        .help(format!("use the embed URL `{e}`"))
                        .fix(Fix::safe(range, e)),
                    None => f.help("use the site's embed URL (its Share → Embed menu gives it)"),
                };
                ctx.report(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::embed_form;
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

    #[test]
    fn embed_forms() {
        assert_eq!(
            embed_form("https://www.youtube.com/watch?v=abc&list=L"),
            Some(Some("https://www.youtube.com/embed/abc?list=L".into()))
        );
        assert_eq!(
            embed_form("https://youtu.be/abc"),
            Some(Some("https://www.youtube.com/embed/abc".into()))
        );
        assert_eq!(
            embed_form("https://docs.google.com/presentation/d/e/KEY/pub?start=false&loop=false"),
            Some(Some(
                "https://docs.google.com/presentation/d/e/KEY/embed?start=false&loop=false".into()
            ))
        );
        assert_eq!(
            embed_form("https://vimeo.com/12345"),
            Some(Some("https://player.vimeo.com/video/12345".into()))
        );
        assert_eq!(embed_form("https://www.youtube.com/embed/abc"), None);
        assert_eq!(embed_form("https://player.vimeo.com/video/1"), None);
    }

    #[test]
    fn iframes_only() {
        let src = "<iframe src=\"https://www.youtube.com/watch?v=abc\"></iframe>\n\n<a href=\"https://www.youtube.com/watch?v=abc\">x</a>\n";
        assert_eq!(lint_rule(&super::EmbedUrl, src).len(), 1);
    }
}
