//! `placeholder-link`: a link whose destination was never filled in.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::site::ids::{base_id, IdStyle};
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags links and images whose destination is a placeholder: empty (`[x]()`), `#`, `?`,
    /// `link`, `url`, a bare `http://` / `https://`, an ellipsis, or a marker word of the
    /// placeholder packs (`TODO`, `TBD`, `FIXME`, `XXX`, and any a site adds).
    /// For `#`, the help names the heading the link text points at (`[What's next?](#)` →
    /// `#whats-next`) when the post has one, with an unsafe fix.
    ///
    /// ## Why is this bad?
    /// The link was meant to be filled in before publishing; readers click and go nowhere.
    ///
    /// ## Example
    /// ```markdown
    /// * [What's next? Here's how to get involved!](#)
    /// -   [Slides](TODO)
    /// ```
    ///
    /// ## Not flagged
    /// - real fragments (`#who-came`, checked by `broken-fragment`) and real URLs;
    /// - this rule owns placeholder destinations: `placeholder` and templates such as
    ///   `talk-entry` leave them to it, so a `[Slides](TODO)` is reported once.
    ///
    /// ## Fix
    /// Unsafe, for `#` only: point it at the matching heading.
    pub static META = {
        name: "placeholder-link",
        summary: "link or image destination that is a placeholder (#, TODO, empty, https://)",
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        needs: Needs::IDS,
        family: ("placeholder", 3),
    }
}

pub struct PlaceholderLink;

impl Rule for PlaceholderLink {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        for link in &doc.links {
            let dest = link.dest.trim();
            if !ctx.vocab.is_placeholder_dest(dest) {
                continue;
            }
            // A reference link whose definition is a placeholder, or an inline one.
            let range = link.dest_range.clone().unwrap_or(link.range.clone());
            let what = if link.is_image {
                "image source"
            } else {
                "link"
            };
            let shown = if dest.is_empty() { "empty" } else { dest };
            let mut f = Finding::new(
                range.clone(),
                format!("{what} destination is a placeholder ({shown})"),
            );
            let suggestion = (dest == "#" && !link.is_image)
                .then(|| suggest_heading(ctx, doc.slice(&link.text_range)))
                .flatten();
            f = match suggestion {
                Some((id, heading)) => f
                    .help(format!("link to the heading \"{heading}\": `#{id}`"))
                    .fix(Fix::unsafe_edit(range, format!("#{id}"))),
                None => f.help("put the real URL here, or remove the link"),
            };
            ctx.report(f);
        }
    }
}

/// The heading of this post whose text matches the link text.
fn suggest_heading(ctx: &Ctx<'_>, link_text: &str) -> Option<(String, String)> {
    let info = ctx.doc.map(|i| &ctx.site.docs[i])?;
    let want = base_id(IdStyle::Github, link_text.trim(), link_text);
    // Exact heading, or the heading the link text starts with ("What's next? Here's how").
    info.heading_ids
        .iter()
        .filter(|(_, text)| {
            let h = base_id(IdStyle::Github, text, text);
            !h.is_empty() && (h == want || want.starts_with(&format!("{h}-")))
        })
        .max_by_key(|(_, text)| text.len())
        .cloned()
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn placeholders_and_suggestion() {
        let src = "* [What's next? Here's how to get involved!](#)\n* [Slides](TODO) [x]() [y](https://)\n\n## What's next?\n\nText.\n";
        let f = lint_rule(&super::PlaceholderLink, src);
        assert_eq!(f.len(), 4, "{f:?}");
        assert!(f[0].1.contains("(#)"));
    }

    #[test]
    fn real_destinations_are_fine() {
        let src = "[a](#whats-next) [b](https://x.org) [c](../x.md) [d](mailto:x@y.z) [todo app](https://todo.app)\n";
        assert!(lint_rule(&super::PlaceholderLink, src).is_empty());
    }
}
