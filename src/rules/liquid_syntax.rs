//! `liquid-syntax`: Liquid that Jekyll cannot read, which stops the build.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::liquid::ProblemKind;
use crate::document::{Document, FmValue};
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags Liquid that Jekyll's Liquid cannot read:
    /// - a block tag that is never closed: `{% raw %}` without `{% endraw %}`,
    ///   `{% comment %}` without `{% endcomment %}`, `{% highlight %}` without
    ///   `{% endhighlight %}`;
    /// - a `{{` whose first `}` is not `}}` (`{{ page.title }`), or a `{%` never closed by
    ///   `%}`.
    ///
    /// ## Why is this bad?
    /// Jekyll stops the build with a Liquid syntax error: the site is not published at all,
    /// or (on a host that ignores the failure) the post is missing. An unclosed `raw` or
    /// `comment` also swallows the rest of the post, so no other check would look at it.
    ///
    /// ## Example
    /// ```markdown
    /// Write `{% raw %}{{ site.title }}` to print the title.
    ///
    /// The rest of the post.
    /// ```
    ///
    /// ## Not flagged
    /// - files Jekyll does not render with Liquid: no front matter (outside `_posts`), or
    ///   `render_with_liquid: false`;
    /// - `{{` and `{%` between `{% raw %}` and `{% endraw %}`, or inside a closed
    ///   `{% comment %}`;
    /// - tags Liquid does not know (plugins add their own).
    ///
    /// ## Fix
    /// None: add the end tag where the literal text or the comment ends, or wrap a literal
    /// `{{` in `{% raw %}`…`{% endraw %}`.
    pub static META = {
        name: "liquid-syntax",
        summary: "unclosed `raw` or `comment` block, or `{{` never closed: Liquid that stops the Jekyll build",
        severity: Severity::Error,
        fix: FixAvailability::Never,
    }
}

pub struct LiquidSyntax;

impl Rule for LiquidSyntax {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        if doc.liquid_problems.is_empty() || !rendered_with_liquid(doc, ctx) {
            return;
        }
        for p in &doc.liquid_problems {
            let finding = match p.kind {
                ProblemKind::Unclosed(block) => Finding::new(
                    p.range.clone(),
                    format!("`{{% {block} %}}` is never closed: Jekyll stops the build here"),
                )
                .help(format!(
                    "add `{{% end{block} %}}` where the block ends (the rest of the {} is inside it)",
                    ctx.noun(doc)
                )),
                ProblemKind::UnterminatedOutput => Finding::new(
                    p.range.clone(),
                    "`{{` is not closed by `}}`: Jekyll stops the build here",
                )
                .help("close it with `}}`, or print a literal `{{` with `{% raw %}{{{% endraw %}`"),
                ProblemKind::UnterminatedTag => Finding::new(
                    p.range.clone(),
                    "`{%` is not closed by `%}`: Jekyll stops the build here",
                )
                .help("close the tag with `%}`, or print a literal `{%` with `{% raw %}{%{% endraw %}`"),
            };
            ctx.report(finding);
        }
    }
}

/// Does Jekyll render `doc` with Liquid? Posts always; other files when they have front
/// matter; none whose front matter says `render_with_liquid: false`.
fn rendered_with_liquid(doc: &Document, ctx: &Ctx) -> bool {
    let is_post = ctx
        .doc
        .and_then(|i| ctx.site.docs.get(i))
        .is_some_and(|d| d.is_post);
    let fm = doc.front_matter.as_ref().filter(|f| f.closed);
    let off = fm
        .and_then(|f| f.get("render_with_liquid"))
        .is_some_and(|e| matches!(e.value, FmValue::Bool(false)));
    (is_post || fm.is_some()) && !off
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    fn lines(src: &str) -> Vec<usize> {
        lint_rule(&super::LiquidSyntax, src)
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    #[test]
    fn unclosed_blocks_and_outputs() {
        let src = "---\ntitle: x\n---\nWrite `{% raw %}{{ site.title }}` here.\n\n{{ page.title }\n";
        assert_eq!(lines(src), [4, 6]);
    }

    #[test]
    fn closed_liquid_and_unrendered_files_are_fine() {
        let src = "---\ntitle: x\n---\n`{% raw %}{{{% endraw %}` and {% comment %}TODO {{ x }}{% endcomment %} {{ a }}\n";
        assert!(lines(src).is_empty());
        assert!(lines("No front matter: {% raw %} {{ x }\n").is_empty());
        let off = "---\nrender_with_liquid: false\n---\n{% raw %} {{ x }\n";
        assert!(lines(off).is_empty());
    }
}
