//! `front-matter-consistency` and `front-matter-typo`: a post's front matter against the
//! conventions of the other posts of its site.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::{Document, FmEntry, FmValue};
use crate::text::distance;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};
use crate::site::{FmStats, Spelling, LIST_KEYS};

declare_rule! {
    /// ## What it does
    /// Learns the blog's front-matter conventions from its posts (all posts of the Jekyll
    /// site are indexed, even when only some files are checked) and reports the outliers,
    /// with the evidence:
    /// - a key readers see (`title`, `author`, `tags`, `categories`) that most other posts
    ///   have but this one lacks (after `_config.yml` defaults, either of `tags`/`tag`,
    ///   `categories`/`category`): "`tags` is missing; 41 of 44 other posts have it";
    /// - a value of another type than the other posts use (`tags: machine learning`,
    ///   which Jekyll splits into two tags, where the others use a list);
    /// - an empty title, author, description or classification where nearly all other
    ///   posts (19 in 20) give one (`tags: []`);
    /// - a tag or category that differs from the one the other posts use only in case
    ///   (`python` where 80 posts say `Python`: Jekyll's tags are case-sensitive, so it
    ///   splits the tag page) or by one letter (`Pyhton`; tags of five letters or more,
    ///   when the other spelling is used by at least two posts and twice as often; not a
    ///   tag with a number, `docs2` beside `docs`, which is another tag on purpose).
    ///
    /// "Most" is 80% of the other posts and at least two of them (one for empty values and
    /// tags). The statistics are built once for the site; each post is compared with the
    /// others, its own values left out.
    ///
    /// ## Why is this bad?
    /// A post without the `tags` every other post has drops out of the tag pages; an odd
    /// date format or type breaks the theme's templates in subtle ways.
    ///
    /// ## Example
    /// ```yaml
    /// tags: []
    /// ```
    ///
    /// ## Not flagged
    /// - files that are not posts (outside `_posts/` in a Jekyll site), and posts without
    ///   readable front matter;
    /// - keys fewer than 80% of the other posts use, and free-text values;
    /// - a missing `date` (Jekyll takes it from the file name), and other keys that are
    ///   optional or belong to some kinds of post only (`version`, `link`, `description`);
    ///   a missing key that many posts leave empty (`categories: []`);
    /// - a date written in another form than the others' (`2020-05-01 10:00`, `2022-8-3`):
    ///   Jekyll reads them all;
    /// - one word where the others write a list (`tags: dask`, `redirect_from: /old/`):
    ///   Jekyll and its plugins read it as a list of one;
    /// - a site of a single post (nothing to compare with).
    ///
    /// ## Fix
    /// Unsafe, for tag case: write the spelling the other posts use.
    pub static META = {
        name: "front-matter-consistency",
        summary: "front matter that differs from the conventions of the other posts",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        needs: Needs::FM_STATS,
    }
}

pub struct FrontMatterConsistency;

/// The group statistics, the keys `defaults:` gives this post, and its own front matter,
/// if the post takes part.
pub(crate) fn context<'a>(
    doc: &'a Document,
    ctx: &'a Ctx<'_>,
) -> Option<(&'a FmStats, &'a crate::document::FrontMatter, &'a [String])> {
    let (stats, defaults) = ctx.site.fm_context(ctx.doc?)?;
    Some((stats, doc.readable_front_matter()?, defaults))
}

/// The keys whose absence is reported, each with its synonyms: what readers see of a post
/// (its title, byline and classification). Other keys are optional or belong to some
/// kinds of post only (`version` on release notes), and `date` comes from the file name.
const MISSING_KEYS: &[&[&str]] = &[
    &["title"],
    &["author", "authors"],
    &["tags", "tag"],
    &["categories", "category"],
];

/// Keys whose empty value is reported: what readers see. Others have a fallback
/// (`slug:` empty is the file name's slug).
const CONTENT_KEYS: &[&str] = &[
    "title",
    "author",
    "authors",
    "tags",
    "tag",
    "categories",
    "category",
    "description",
    "excerpt",
    "summary",
    "image",
];

/// At least 80% of `others` and at least `min`.
fn most(count: u32, others: u32, min: u32) -> bool {
    count >= min && count * 5 >= others * 4
}

impl Rule for FrontMatterConsistency {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some((stats, fm, defaults)) = context(doc, ctx) else {
            return;
        };
        let others = stats.posts.saturating_sub(1);
        if others == 0 {
            return;
        }
        let fence = fm.range.start..fm.range.start + 3;
        let mut found = Vec::new();
        let has = |k: &str| fm.get(k).is_some() || defaults.iter().any(|d| d == k);
        // Keys readers see that most other posts have (a key with a synonym is there when
        // either is; a key many posts leave empty is optional).
        for (key, ks) in &stats.keys {
            let Some(group) = MISSING_KEYS.iter().find(|g| g.contains(&key.as_str())) else {
                continue;
            };
            let mine = group.iter().any(|k| has(k));
            let optional = ks.empty >= 2 && ks.empty * 10 >= ks.present;
            if !mine && !optional && most(ks.present, others, 2) {
                found.push(
                    Finding::new(
                        fence.clone(),
                        format!(
                            "`{key}` is missing; {} of {others} other posts have it",
                            ks.present
                        ),
                    )
                    .help(format!("add `{key}:` like the other posts")),
                );
            }
        }
        for e in &fm.entries {
            let Some(ks) = stats.keys.get(&e.key) else {
                continue;
            };
            found.extend(value_findings(e, ks, stats, doc.text));
        }
        for f in found {
            ctx.report(f);
        }
    }
}

fn value_findings(
    e: &FmEntry,
    ks: &crate::site::KeyStats,
    stats: &FmStats,
    text: &str,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let key = &e.key;
    let my_type = e.value.type_name();
    // Others writing the key, by type, without this post.
    let mut types = ks.types.clone();
    if let Some(n) = types.get_mut(my_type) {
        *n -= 1;
    }
    let writers: u32 = types.values().sum();
    if let Some((&top, &n)) = types.iter().max_by_key(|(_, n)| **n) {
        // One word where the others write a list is a one-item list to Jekyll and its
        // plugins (`tags: dask`, `redirect_from: /old/`); several words are not
        // (`tags: machine learning` is two tags).
        let one_item = top == "list"
            && matches!(&e.value, FmValue::String(s) if !s.trim().contains(char::is_whitespace));
        if top != my_type && top != "null" && my_type != "null" && !one_item && most(n, writers, 2)
        {
            out.push(
                Finding::new(
                    e.value_range.clone(),
                    format!(
                        "`{key}` is a {my_type} here; {n} of {writers} other posts use a {top}"
                    ),
                )
                .help(format!("write `{key}` as a {top}, like the other posts")),
            );
            return out;
        }
    }
    // Empty where the others are not.
    // An empty value where nearly all others have one (a post or two left empty on a
    // large site do not make it a convention).
    let others_empty = ks.empty - u32::from(e.value.is_empty());
    let others_full = writers - others_empty;
    if e.value.is_empty()
        && CONTENT_KEYS.contains(&key.as_str())
        && others_empty * 20 <= writers
        && most(others_full, writers, 1)
    {
        out.push(
            Finding::new(
                e.value_range.clone(),
                if others_full == 1 {
                    format!("`{key}` is empty; the other post with `{key}` gives it a value")
                } else {
                    format!("`{key}` is empty; the {others_full} other posts with `{key}` give it a value")
                },
            )
                .help(format!("fill in `{key}`, or remove the key")),
        );
        return out;
    }
    // Tags and categories that differ only in case from the common spelling.
    if LIST_KEYS.contains(&key.as_str()) {
        if let Some(counts) = stats.values.get(key) {
            let mut mine = e.value.strings();
            mine.sort();
            mine.dedup();
            for v in mine {
                let own = counts.get(&v).copied().unwrap_or(0).saturating_sub(1);
                let lower = v.to_lowercase();
                // The same tag in another case, or spelt one edit away (tags of 5+
                // letters, used by at least two other posts and more often than this one).
                let long = v.chars().count() >= 5;
                let best = stats
                    .spellings(key)
                    .iter()
                    .filter(|s| {
                        s.text != v
                            && (s.lower == lower
                                || (long
                                    && s.posts >= 2
                                    && !crate::names::other_form(&v, &s.text)
                                    && distance::osa(&s.lower, &lower, 1).is_some()))
                    })
                    .max_by_key(|s| s.posts);
                if let Some(Spelling {
                    text: w,
                    lower: w_lower,
                    posts: n,
                }) = best
                {
                    let (n, case_only) = (*n, *w_lower == lower);
                    if n >= 1 && n > own && (case_only || n > 2 * own.max(1)) {
                        // Point at the item itself when it is written once in the value.
                        let src = &text[e.value_range.clone()];
                        let hits: Vec<usize> = src
                            .match_indices(v.as_str())
                            .filter(|(i, _)| {
                                let before = src[..*i].chars().next_back();
                                let after = src[i + v.len()..].chars().next();
                                !before.is_some_and(char::is_alphanumeric)
                                    && !after.is_some_and(char::is_alphanumeric)
                            })
                            .map(|(i, _)| i)
                            .collect();
                        let (range, fix) = match hits.as_slice() {
                            [i] => {
                                let r = e.value_range.start + i..e.value_range.start + i + v.len();
                                (r.clone(), Some(Fix::unsafe_edit(r, w.clone())))
                            }
                            _ => (e.value_range.clone(), None),
                        };
                        let why = if case_only {
                            format!(
                                "Jekyll {key} are case-sensitive, so this splits the {key} page"
                            )
                        } else {
                            format!("a different spelling makes a separate {key} page")
                        };
                        let mut f = Finding::new(
                            range,
                            format!(
                                "{key} `{v}` is written `{w}` in {}; {why}",
                                crate::util::count(n as usize, "other post")
                            ),
                        )
                        .help(format!("write `{w}`"));
                        f.fix = fix;
                        out.push(f);
                    }
                }
            }
        }
    }
    out
}

