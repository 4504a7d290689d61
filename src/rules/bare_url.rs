//! `bare-url`: a URL in prose that will not be a link.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags an `http(s)://` or `ftp://` URL written as plain text in prose. CommonMark and
    /// Jekyll's kramdown do not turn such text into a link (GitHub's preview does, which is
    /// why it looks fine there).
    ///
    /// ## Why is this bad?
    /// On the published post the reader sees an unclickable URL.
    ///
    /// ## Example
    /// ```markdown
    /// Fill out the survey: https://forms.gle/abc
    /// ```
    ///
    /// ## Not flagged
    /// - URLs inside links (`[https://x.org](https://x.org)`), autolinks (`<https://x.org>`),
    ///   code, HTML and Liquid;
    /// - `www.example.org` without a scheme.
    ///
    /// ## Fix
    /// Safe: wrap it as an autolink, `<https://forms.gle/abc>`.
    pub static META = {
        name: "bare-url",
        summary: "plain-text URL that is not rendered as a link",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
    }
}

pub struct BareUrl;

impl Rule for BareUrl {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        if let Some(info) = ctx.doc.map(|i| &ctx.site.docs[i]) {
            if let Some(js) = info.jekyll.map(|j| &ctx.site.jekyll[j]) {
                // The site's converter links bare URLs itself (redcarpet's `autolink`), or
                // Jekyll does not render the file and GitHub, which autolinks, shows it.
                if js.config.autolinks_urls() || !info.published {
                    return;
                }
            }
        }
        for r in &doc.bare_urls {
            let url = doc.slice(r);
            let lower = url.to_lowercase();
            if !(lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("ftp://"))
                || is_example(&lower)
                || in_link_syntax(doc.text, r.clone())
            {
                continue;
            }
            let f = Finding::new(r.clone(), "URL is not a link")
                .help(format!("make it a link: `<{url}>`"));
            // An address written with Markdown escapes (`v1\_8\_7`) goes on past what the
            // parser reports as one piece of text: no safe edit then.
            let escaped = doc.text[r.end..].starts_with('\\');
            ctx.report(if escaped {
                f
            } else {
                f.fix(Fix::safe(r.clone(), format!("<{url}>")))
            });
        }
    }
}

/// Is the address part of link syntax that kramdown reads as a link though CommonMark does
/// not: a destination right after `](` (with a space or `>` CommonMark refuses inside), the
/// bracketed text of a reference link written `[url] [1]`, or a reference definition's
/// destination (`[1]: url`, kramdown's definitions need no balanced parentheses).
fn in_link_syntax(text: &str, r: std::ops::Range<usize>) -> bool {
    let before = &text[..r.start];
    let after = &text[r.end..];
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    before.ends_with("](")
        || (before.ends_with('[')
            && after.strip_prefix(']').is_some_and(|rest| {
                // `[url] [1]` or `[url][]`: a reference follows. Alone, `[url]` is text
                // (kramdown prints the brackets) unless a definition makes it a link,
                // which the parser has then read as one already.
                rest.strip_prefix(' ').unwrap_or(rest).starts_with('[')
            }))
        || (line.trim_start().starts_with('[') && line.trim_end().ends_with("]:"))
}

/// An address that only stands for one: a reserved example domain (RFC 2606), the local
/// machine, a placeholder host (`your-site`), or a template (`#{repo}`).
fn is_example(lower: &str) -> bool {
    let after = lower.split_once("://").map_or(lower, |(_, r)| r);
    let host = after
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .trim_start_matches("www.");
    let reserved = ["example.com", "example.org", "example.net", "example.edu"];
    reserved
        .iter()
        .any(|r| host == *r || host.ends_with(&format!(".{r}")))
        || host.ends_with(".example")
        || host == "localhost"
        || host.starts_with("127.")
        || host == "0.0.0.0"
        || host.starts_with("your")
        || host.starts_with("my-")
        || lower.contains("#{")
        || lower.contains('<')
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn flags_plain_urls() {
        let f = lint_rule(
            &super::BareUrl,
            "Survey: https://forms.gle/abc.\n\n> quoted http://x.org/a_(b)\n",
        );
        assert_eq!(f.len(), 2, "{f:?}");
    }

    #[test]
    fn links_code_html_are_fine() {
        let src = "[https://x.org](https://x.org) <https://y.org> `https://z.org` <a href=\"https://w.org\">w</a> www.v.org {{ 'https://l.org' }}\n\n```\nhttps://c.org\n```\n";
        assert!(
            lint_rule(&super::BareUrl, src).is_empty(),
            "{:?}",
            lint_rule(&super::BareUrl, src)
        );
    }
}
