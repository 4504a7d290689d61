//! `link-space`: a link or image written with a space between `]` and `(`.

use std::sync::LazyLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a link or image written with white space between its text and its address:
    /// `[website] (https://example.org)`, `![photo] (/img/a.png)`.
    ///
    /// ## Why is this bad?
    /// Neither kramdown nor CommonMark makes a link of it: the brackets, the parentheses
    /// and the address print as they are.
    ///
    /// ## Example
    /// ```markdown
    /// Apply on our [website] (https://example.org/jobs).
    /// ```
    ///
    /// ## Not flagged
    /// - a parenthesis that is not an address (`[Google Summer of Code][gsoc] (GSoC)`);
    /// - sites whose `_config.yml` says `markdown: redcarpet`, which makes a link of it;
    /// - code spans and blocks, HTML and Liquid.
    ///
    /// ## Fix
    /// Remove the white space (safe).
    pub static META = {
        name: "link-space",
        summary: "space between `]` and `(`: the link prints as text",
        severity: Severity::Warning,
        fix: FixAvailability::Always,
    }
}

/// `[text] (address)`: an address is a web address, a site path or a file.
static SPACED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\][ \t]+\((?:https?://|www\.|/|\./|\.\./|mailto:)[^\s()]*\)").expect("spaced link regex")
});

pub struct LinkSpace;

impl Rule for LinkSpace {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let body = &doc.text[doc.body_start..];
        if !body.contains("] (") && !body.contains("]\t(") {
            return;
        }
        // Redcarpet (sundown) skips white space after `]`: there it is a link.
        let redcarpet = ctx
            .doc
            .and_then(|i| ctx.site.docs.get(i))
            .and_then(|d| d.jekyll)
            .and_then(|j| ctx.site.jekyll[j].config.markdown.as_deref())
            .is_some_and(|m| m.eq_ignore_ascii_case("redcarpet"));
        if redcarpet {
            return;
        }
        for m in SPACED.find_iter(body) {
            let start = doc.body_start + m.start();
            // The `]` ends link text the parser left as prose, and the address is prose too.
            if doc.in_code(start) || doc.in_code(start + m.len() - 1) {
                continue;
            }
            let gap = start + 1..start + 1 + m.as_str()[1..].find('(').unwrap_or(0);
            ctx.report(
                Finding::new(
                    start..doc.body_start + m.end(),
                    "space between `]` and `(`: the link prints as text",
                )
                .help("remove the space so the brackets and the address make a link")
                .fix(Fix::safe(gap, "")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::check_rule;

    #[test]
    fn spaced_links_and_images() {
        let src = "See our [website] (https://x.org/jobs) and ![photo] (/img/a.png).\n\n[Summer of Code][gsoc] (GSoC) and `[a] (https://x.org)`.\n\n[gsoc]: https://x.org\n";
        let f = check_rule(&super::LinkSpace, src);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(
            f[0].fixed.as_deref().unwrap().lines().next().unwrap(),
            "See our [website](https://x.org/jobs) and ![photo] (/img/a.png)."
        );
    }
}
