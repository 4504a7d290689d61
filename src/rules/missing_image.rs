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

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::engine::{lint_document, Profile};
    use crate::site::{Needs, Site};
    use crate::source::SourceFile;

    /// The rules that suggest a near miss for what is missing (`missing-image`,
    /// `broken-link`, also for `{% post_url %}`) compare about as many candidates per dead
    /// image or link whatever the size of the site: at 4x the posts (each with a missing
    /// image, a dead link and a dead post name, images and posts all in one folder each),
    /// at most 5x the candidate comparisons of 1x, where a search of every candidate would
    /// make 16x. (With 300 and 1,200 posts, below the budget at 1x, it was 5.5x.)
    #[test]
    fn suggestions_stay_linear_in_the_number_of_posts() {
        let profile = Profile::load(None).unwrap();
        let rules = ["missing-image", "broken-link"];
        let compared = |posts: usize| -> (usize, usize) {
            let dir = std::env::temp_dir().join(format!(
                "postlint-suggest-rules-{}-{posts}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("_posts")).unwrap();
            std::fs::create_dir_all(dir.join("images")).unwrap();
            std::fs::write(dir.join("_config.yml"), "permalink: /:year/:title.html\n").unwrap();
            let files: Vec<SourceFile> = (0..posts)
                .map(|i| {
                    std::fs::write(dir.join(format!("images/photo-{i}.jpg")), b"").unwrap();
                    let path = dir.join(format!("_posts/2020-01-01-talk-number-{i}.md"));
                    let text = format!(
                        "---\ntitle: T\n---\n![a](/images/phto-{i}.jpg)\n\n\
                         [b](/2020/talk-nmber-{i}.html) [c]({{% post_url 2020-01-01-talk-nuber-{i} %}})\n"
                    );
                    std::fs::write(&path, &text).unwrap();
                    SourceFile::new("p", Some(path), text)
                })
                .collect();
            let docs: Vec<Document> = files.iter().map(Document::parse).collect();
            let refs: Vec<&Document> = docs.iter().collect();
            let site = Site::build(&refs, Needs::URLS, &vec![None; posts]);
            crate::site::resolve::COMPARED.with(|n| n.set(0));
            let mut found = 0;
            for (i, doc) in docs.iter().enumerate() {
                found += lint_document(doc, &site, Some(i), &profile, |m| {
                    rules.contains(&m.name.as_ref()).then_some(m.default_severity)
                })
                .len();
            }
            let _ = std::fs::remove_dir_all(&dir);
            (crate::site::resolve::COMPARED.with(|n| n.get()), found)
        };
        // Both sizes above the budget of comparisons (below it, a search looks at every
        // candidate there is).
        let ((small, found_small), (large, found_large)) = (compared(600), compared(2_400));
        // Every post's three dead targets are reported.
        assert_eq!(found_small, 3 * 600);
        assert_eq!(found_large, 3 * 2_400);
        assert!(small >= 600 * crate::site::suggest::BUDGET, "the searches ran: {small}");
        assert!(large <= small * 5, "{small} -> {large}");
    }
}
