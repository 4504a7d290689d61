//! `heading-space`: an ATX heading written without a space after its `#`s.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::{Document, TextBlockKind};
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a paragraph whose first line starts with two to six `#` and a letter right
    /// after them (`##VALUE`, `###Speakers`): a heading written without its space.
    ///
    /// ## Why is this bad?
    /// Renderers disagree on it. CommonMark, GitHub and kramdown's GFM input show the
    /// line as text, hashes included; plain kramdown makes it a heading. Either way the
    /// post's outline is not what its author meant, and it changes with the site's
    /// Markdown settings.
    ///
    /// ## Example
    /// ```markdown
    /// ##SPONSORS
    /// ```
    ///
    /// ## Not flagged
    /// - one `#` (`#hashtag`, `#1 priority`), seven or more, or a digit after the `#`s
    ///   (`##2`);
    /// - a line that goes on a paragraph (not its first line), an escaped `\##`;
    /// - code blocks, code spans, HTML and Liquid.
    ///
    /// ## Fix
    /// Safe: insert the space (`## SPONSORS`).
    pub static META = {
        name: "heading-space",
        summary: "heading without a space after its `#`s, text or heading depending on the renderer",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
    }
}

pub struct HeadingSpace;

impl Rule for HeadingSpace {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        // A vendored plugin's CHANGELOG is its authors', not the site's.
        if ctx.is_third_party(doc) {
            return;
        }
        for (b, block) in doc.blocks.iter().enumerate() {
            if block.kind != TextBlockKind::Paragraph {
                continue;
            }
            let start = block.range.start;
            let rest = &doc.text[start..block.range.end];
            let hashes = rest.bytes().take_while(|&c| c == b'#').count();
            let after = rest[hashes..].chars().next();
            // `##Title`, or a numbered one: `##2. Aggressively`.
            let numbered = {
                let t = &rest[hashes..];
                let digits = t.bytes().take_while(u8::is_ascii_digit).count();
                digits > 0
                    && t[digits..].starts_with(['.', ')'])
                    && t[digits + 1..].starts_with(' ')
                    && t[digits + 2..].starts_with(char::is_alphabetic)
            };
            if !(2..=6).contains(&hashes) || !(after.is_some_and(char::is_alphabetic) || numbered) {
                continue;
            }
            // The hashes are the paragraph's own text, not code, HTML or Liquid.
            let prose = doc
                .block_prose(b)
                .first()
                .is_some_and(|r| r.range.start == start);
            if !prose || doc.in_code(start) {
                continue;
            }
            let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
            let line = &rest[..line_end];
            let at = start + hashes;
            ctx.report(
                Finding::new(
                    start..start + line.len(),
                    format!(
                        "no space after `{}`: CommonMark and GitHub show `{line}` as text, kramdown as a heading",
                        &line[..hashes]
                    ),
                )
                .help(format!(
                    "write `{} {}` for a heading",
                    &line[..hashes],
                    &line[hashes..]
                ))
                .fix(Fix::safe(at..at, " ")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn headings_without_their_space() {
        let src = "Intro.\n\n##VALUE\n\nText.\n\n  ###Speakers and talks\n\n> ##Quoted\n\n##2. Aggressively hire\n";
        let lines: Vec<usize> = lint_rule(&super::HeadingSpace, src)
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(lines, [3, 7, 9, 11]);
    }

    #[test]
    fn not_headings_to_anyone() {
        let src = "#hashtag and #dask\n\n#1 priority\n\n##2\n\n####### seven\n\n## Proper\n\nA line\n##continued\n\n\\##Escaped\n\n`##code`\n\n```\n##block\n```\n\n<div>\n##html\n</div>\n\n{% comment %}x{% endcomment %}##liquid\n\n##\n";
        let found = lint_rule(&super::HeadingSpace, src);
        assert!(found.is_empty(), "{found:?}");
    }
}
