//! `missing-image`: local images that do not exist in the site's source tree.

use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};
use crate::rules::broken_link::{finding, missing};

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
    pub static META = {
        name: "missing-image",
        summary: "local image that does not exist in the source tree",
        severity: Severity::Error,
        fix: FixAvailability::Never,
        needs: Needs::URLS,
    }
}

pub struct MissingImage;

impl Rule for MissingImage {
    fn meta(&self) -> &RuleMeta {
        &META
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
        for tag in doc.html_tags() {
            if tag.closing || !tag.is(doc.text, "img") {
                continue;
            }
            if let Some(v) = tag.attr(doc.text, "src").and_then(|a| a.value.clone()) {
                sources.push((v.clone(), doc.slice(&v).to_string()));
            }
        }
        for (range, src) in sources {
            if ctx.vocab.is_placeholder_dest(&src) || src.trim_start().starts_with("data:") {
                continue;
            }
            if let Some((target, closest)) = missing(&ctx.site.resolve(me, &src), ctx, me) {
                ctx.report(finding(range, "image", &target, closest));
            }
        }
    }
}
