//! `outside-site`: a link into a part of the domain this site publishes nothing under.

use std::collections::HashSet;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};
use crate::site::resolve::Resolved;

declare_rule! {
    /// ## What it does
    /// Notes, once per document and prefix, a site link whose first path segment is one
    /// nothing of the site is published under (`/api/reference/`, `/install.sh`, `/docs/v1/`
    /// where the site has no `/docs/` at all): postlint cannot tell whether another
    /// application serves it on the same domain (API docs, a package guide, an install
    /// script from another repository) or whether it is gone. `broken-link` leaves such
    /// links to this rule, so that they never fail a build.
    ///
    /// ## Why is this bad?
    /// Often it is fine: the path is another application's. Sometimes it is a section
    /// the site no longer has (an old blog path, a retired app). The note lets you check
    /// it once and then say which it is.
    ///
    /// ## Example
    /// ```markdown
    /// The [API reference](/api/latest/) has every option.
    /// ```
    ///
    /// ## Not flagged
    /// - paths under a segment something of the site is published under (those are
    ///   `broken-link`'s);
    /// - years where posts' URLs start with their year (`/2019/...`);
    /// - prefixes listed in `[links] external-prefixes = ["/api/"]` of `postlint.toml`;
    /// - a second link under the same prefix in the same document.
    ///
    /// ## Fix
    /// None. Declare the prefix in `[links] external-prefixes` when another application
    /// serves it; fix the link when the section is gone.
    pub static META = {
        name: "outside-site",
        summary: "link into a path nothing of this site is published under (another application?)",
        severity: Severity::Info,
        fix: FixAvailability::Never,
        needs: Needs::URLS,
    }
}

pub struct OutsideSite;

impl Rule for OutsideSite {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some(me) = ctx.doc else { return };
        let (cache, site, vocab, links) = (ctx.cache, ctx.site, ctx.vocab, ctx.links);
        let mut seen: HashSet<&str> = HashSet::new();
        for (link, resolved) in doc.links.iter().zip(cache.link_targets(doc, site, me, vocab)) {
            let Some(Resolved::Outside { prefix }) = resolved else {
                continue;
            };
            if links.is_external(prefix) || !seen.insert(prefix.as_str()) {
                continue;
            }
            let range = link.dest_range.clone().unwrap_or(link.range.clone());
            ctx.report(
                Finding::new(
                    range,
                    format!("nothing of this site is published under `{prefix}`"),
                )
                .help(format!(
                    "if another application serves it, add \"{prefix}\" to [links] external-prefixes in postlint.toml; otherwise fix the link"
                )),
            );
        }
    }
}
