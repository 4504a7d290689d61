//! `embed-url`: an iframe showing a page URL instead of the embeddable one.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

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
    pub static META = {
        name: "embed-url",
        summary: "iframe src that is a page URL, not an embed URL (YouTube, Google Slides, Vimeo)",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
    }
}

pub struct EmbedUrl;

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
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let text = doc.text;
        for tag in doc.html_tags() {
            if tag.closing || !tag.is(text, "iframe") {
                continue;
            }
            let Some(range) = tag.attr(text, "src").and_then(|a| a.value.clone()) else {
                continue;
            };
            let Some(embed) = embed_form(&text[range.clone()]) else {
                continue;
            };
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

#[cfg(test)]
mod tests {
    use super::embed_form;
    use crate::rules::test_support::lint_rule;

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
