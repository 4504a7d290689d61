//! `front-matter-typo`: a front-matter key no other post uses, near a common one.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};
use crate::rules::front_matter_consistency::context;
use crate::text::distance;

declare_rule! {
    /// ## What it does
    /// Flags a front-matter key that no other post of the site uses but that is within
    /// two edits of a key most posts use: `tittle`, `auther`, `tag`, `categores`.
    ///
    /// ## Why is this bad?
    /// Jekyll silently ignores the misspelt key: the post loses its title, author or tags.
    ///
    /// ## Example
    /// ```yaml
    /// tittle: Dask Summit
    /// ```
    ///
    /// ## Not flagged
    /// Keys other posts use too, keys of three letters or fewer, and keys Jekyll and
    /// common themes define (`image`, `excerpt`, `description`, ...).
    ///
    /// ## Fix
    /// Safe: rename the key to the common one.
    pub static META = {
        name: "front-matter-typo",
        summary: "front-matter key that looks like a misspelling of a common key (tittle, auther)",
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        needs: Needs::FM_STATS,
    }
}

/// Keys that are right even when only one post uses them.
const KNOWN_KEYS: &[&str] = &[
    "layout",
    "title",
    "date",
    "categories",
    "category",
    "tags",
    "tag",
    "permalink",
    "published",
    "excerpt",
    "excerpt_separator",
    "author",
    "authors",
    "description",
    "image",
    "images",
    "slug",
    "lang",
    "redirect_from",
    "redirect_to",
    "comments",
    "sitemap",
    "toc",
    "math",
    "mathjax",
    "last_modified_at",
    "modified",
    "subtitle",
    "summary",
    "canonical_url",
    "hidden",
    "pin",
    "series",
    "draft",
    "header",
    "teaser",
    "thumbnail",
    "theme",
    "tagline",
    "keywords",
    "source",
    "link",
    "external_url",
    "feature",
    "featured",
    "cover",
];

pub struct FrontMatterTypo;

impl Rule for FrontMatterTypo {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some((stats, fm, _)) = context(doc, ctx) else {
            return;
        };
        let others = stats.posts.saturating_sub(1);
        if others == 0 {
            return;
        }
        let mut found = Vec::new();
        for e in &fm.entries {
            let key = e.key.as_str();
            let used_elsewhere = stats.keys.get(key).is_some_and(|k| k.present > 1);
            if used_elsewhere || key.chars().count() <= 3 || KNOWN_KEYS.contains(&key) {
                continue;
            }
            // The closest common key within two edits.
            let best = stats
                .keys
                .iter()
                .filter(|(k, ks)| k.as_str() != key && ks.present >= 2 && ks.present * 2 >= others)
                .filter(|(k, _)| fm.get(k).is_none())
                .filter_map(|(k, ks)| {
                    distance::osa(key, k, 2).map(|d| (d, std::cmp::Reverse(ks.present), k))
                })
                .min();
            if let Some((_, std::cmp::Reverse(n), common)) = best {
                found.push(
                    Finding::new(e.key_range.clone(), format!("`{key}` looks like a misspelling of `{common}` ({n} of {others} other posts use `{common}`)"))
                        .help(format!("rename it to `{common}`; Jekyll ignores `{key}`"))
                        .fix(Fix::safe(e.key_range.clone(), common.clone())),
                );
            }
        }
        for f in found {
            ctx.report(f);
        }
    }
}
