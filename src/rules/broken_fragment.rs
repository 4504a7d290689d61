//! `broken-fragment`: `#id` links to headings that do not exist.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::site::resolve::Resolved;
use crate::site::suggest::Suggester;
use crate::text::distance;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks the `#fragment` of links within a post (`#who-came`) and to other posts of
    /// the site (`other.md#id`, `/2020/04/28/post.html#id`, `{% post_url x %}#id`) against
    /// the ids the target will have. Heading ids are computed the way the site's renderer
    /// does: kramdown with `input: GFM` (Jekyll's default), kramdown's own
    /// `basic_generate_id` with `kramdown: {input: kramdown}` (and `auto_id_prefix`), or
    /// GitHub's slugs outside Jekyll; `[links] heading-ids` in `postlint.toml` overrides.
    /// Repeated headings get `-1`, `-2`. Explicit ids count: `{#id}`, kramdown IALs
    /// (`{: #id}`), `id="..."` and `<a name="...">` in HTML, footnotes (`#fn:1`).
    ///
    /// ## Why is this bad?
    /// The link opens the page at the top instead of the section: a table of contents
    /// that does not work.
    ///
    /// ## Example
    /// ```markdown
    /// * [Who came?](#who-came)
    /// * [Watch the talks](#watch-talks)     ← the heading's id is `watch-the-talks`
    /// ## Who came?
    /// ## Watch the talks
    /// ```
    ///
    /// ## Not flagged
    /// - `#` alone (see `placeholder-link`), `#top`, and client-side routes (`#/path`,
    ///   `#!`) or text fragments (`#:~:text=`);
    /// - fragments of external pages and of files that are not posts or pages.
    ///
    /// ## Fix
    /// Unsafe: replace with the closest existing id, when one is close.
    pub static META = {
        name: "broken-fragment",
        summary: "#fragment that matches no heading or id in the target page",
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
        needs: Needs::URLS.union(Needs::IDS),
    }
}

pub struct BrokenFragment;

fn ignorable(fragment: &str) -> bool {
    fragment == "top"
        || fragment.starts_with(['/', '!'])
        || fragment.contains(":~:")
        || fragment.contains('=')
}

/// The id nearest to `fragment` among `ids`, within an edit distance of a third of its
/// length (at most 4); the least in byte order among equally near ones.
fn closest(
    fragment: &str,
    ids: &mut dyn Iterator<Item = (&str, crate::site::resolve::Features)>,
) -> Option<String> {
    let lower = fragment.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for (id, _) in ids {
        #[cfg(test)]
        COMPARED.with(|n| n.set(n.get() + 1));
        let d = if id == lower {
            Some(0)
        } else {
            distance::osa(&lower, id, (fragment.chars().count() / 3).clamp(1, 4))
        };
        if let Some(d) = d {
            if best.is_none_or(|(bd, bid)| d < bd || (d == bd && id < bid)) {
                best = Some((d, id));
            }
        }
    }
    best.map(|(_, id)| id.to_string())
}

#[cfg(test)]
thread_local! {
    /// Ids `closest` looked at, for the test that holds suggestions linear.
    static COMPARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Rule for BrokenFragment {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some(me) = ctx.doc else { return };
        let (cache, site, vocab) = (ctx.cache, ctx.site, ctx.vocab);
        for (link, resolved) in doc.links.iter().zip(cache.link_targets(doc, site, me, vocab)) {
            let resolved = resolved.as_ref();
            // The target's ids, when postlint knows all of them, and their "did you mean"
            // index (made once per target: a look at every id for each missing fragment
            // grew with headings times links).
            let (own, ids, index, fragment) = match resolved {
                Some(Resolved::SelfFragment(f)) => {
                    let info = &site.docs[me];
                    let ids = info.ids_complete.then_some(&info.ids);
                    (true, ids, &info.suggest_ids, f)
                }
                Some(Resolved::Doc {
                    doc: d,
                    fragment: Some(f),
                }) => {
                    let info = &site.docs[*d];
                    let ids = info.ids_complete.then_some(&info.ids);
                    (*d == me, ids, &info.suggest_ids, f)
                }
                Some(Resolved::Rendered {
                    site: j,
                    page,
                    fragment: Some(f),
                }) => {
                    let page = &site.jekyll[*j].rendered[*page];
                    (false, page.ids.as_ref(), &page.suggest_ids, f)
                }
                _ => continue,
            };
            let Some(ids) = ids else { continue };
            let fragment = fragment.clone();
            if ignorable(&fragment) || ids.contains(&fragment) {
                continue;
            }
            // The fragment as written: in the link, or in its reference definition (where
            // the fix goes); the finding is on the link.
            let Some(written) = link.dest_range.clone().or(link.definition.clone()) else {
                continue;
            };
            let hash = doc
                .slice(&written)
                .rfind('#')
                .map_or(written.start, |i| written.start + i);
            let fix_range = hash..written.end;
            let range = if link.dest_range.is_some() {
                fix_range.clone()
            } else {
                link.range.clone()
            };
            let place = if own {
                format!("this {}", ctx.noun(doc))
            } else {
                "the target page".to_string()
            };
            let mut f = Finding::new(
                range.clone(),
                format!("no heading or id `{fragment}` in {place}"),
            );
            let index = index.get_or_init(|| Suggester::new(ids.iter().map(String::as_str)));
            f = match index.suggest(&fragment, closest) {
                Some(id) => f
                    .help(format!("did you mean `#{id}`?"))
                    .fix(Fix::unsafe_edit(fix_range, format!("#{id}"))),
                None => f.help("link to an existing heading's id, or add an id to the target"),
            };
            ctx.report(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn fragments_in_the_same_post() {
        let src = "* [a](#who-came)\n* [b](#watch-talks)\n* [c](#top)\n* [d](#fn:1)\n\n## Who came?\n\n## Watch the talks\n\nx[^1]\n\n[^1]: note\n";
        let f = lint_rule(&super::BrokenFragment, src);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 2);
    }

    #[test]
    fn explicit_ids_count() {
        let src = "[a](#custom) [b](#ial) [c](#html-id) [d](#anchor) [e](#intro-1)\n\n## Title {#custom}\n\n## Other\n{: #ial}\n\n<div id=\"html-id\"></div>\n\n<a name=\"anchor\"></a>\n\n## Intro\n\n## Intro\n";
        let f = lint_rule(&super::BrokenFragment, src);
        assert!(f.is_empty(), "{f:?}");
    }

    /// "Did you mean" compares a bounded number of ids per missing fragment: at 4x the
    /// headings and dead fragments, 4x the ids compared, not 16x.
    #[test]
    fn suggestions_stay_linear_in_the_headings() {
        let compared = |n: usize| {
            let mut src: String = (0..n).map(|i| format!("## Heading {i}\n\n")).collect();
            src.extend((0..n).map(|i| format!("[x](#heading-{i}x)\n\n")));
            super::COMPARED.with(|c| c.set(0));
            let found = lint_rule(&super::BrokenFragment, &src);
            assert_eq!(found.len(), n);
            assert_eq!(found[0].1, "no heading or id `heading-0x` in this file");
            super::COMPARED.with(|c| c.get())
        };
        let (small, large) = (compared(600), compared(2_400));
        assert!(large <= 5 * small, "{small} -> {large}");
    }

    #[test]
    fn suggests_the_nearest_id() {
        let src = "[a](#heading-5x) [b](#intro-3)\n\n## Heading 5\n\n## Heading 50\n\n## Intro 2\n\n## Intro 1\n";
        let f = crate::rules::test_support::check_rule(&super::BrokenFragment, src);
        let help: Vec<_> = f.iter().map(|c| c.help.clone().unwrap_or_default()).collect();
        assert_eq!(help, ["did you mean `#heading-5`?", "did you mean `#intro-1`?"]);
    }
}
