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
        for r in &doc.bare_urls {
            let url = doc.slice(r);
            let lower = url.to_lowercase();
            if !(lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("ftp://"))
            {
                continue;
            }
            ctx.report(
                Finding::new(r.clone(), "URL is not a link")
                    .help(format!("make it a link: `<{url}>`"))
                    .fix(Fix::safe(r.clone(), format!("<{url}>"))),
            );
        }
    }
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
