//! `pasted-bullets`: bullet characters pasted from a web page or slides.

use crate::declare_rule;
use crate::diagnostic::{Edit, Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags lines of prose that start with a typographic bullet — `•`, `◦`, `▪`, `‣`,
    /// `●`, or an en dash `–` on two or more lines in a row — the way text copied from a
    /// web page, a PDF or slides arrives. Markdown does not know these bullets: the lines
    /// render as one run-on paragraph. One finding per paragraph.
    ///
    /// ## Why is this bad?
    /// The list the author saw is published as a single paragraph with bullets glued
    /// together.
    ///
    /// ## Example
    /// ```markdown
    ///   • Anaconda
    ///   • Capital One
    /// ```
    ///
    /// ## Not flagged
    /// A bullet in the middle of a line, a single line starting with an en dash (a quote
    /// attribution), and anything in code.
    ///
    /// ## Fix
    /// Safe: replace each bullet with `-` (indentation kept, so nested bullets nest).
    pub static META = {
        name: "pasted-bullets",
        summary: "lines starting with •, ◦, ▪ or – that render as one paragraph",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
    }
}

const BULLETS: &[char] = &['•', '◦', '▪', '‣', '●', '∙'];

pub struct PastedBullets;

impl Rule for PastedBullets {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        for b in 0..doc.blocks.len() {
            // Bullet lines of this block: (bullet range, line end).
            let mut lines: Vec<(std::ops::Range<usize>, usize, bool)> = Vec::new();
            for run in doc.block_prose(b) {
                let line_start = doc.source.line_start(doc.line_of(run.range.start));
                let prefix = &doc.text[line_start..run.range.start];
                // The run must start its line (after indentation or a quote marker).
                if !prefix.chars().all(|c| c == ' ' || c == '\t' || c == '>') {
                    continue;
                }
                let s = doc.slice(&run.range);
                let lead = s.len() - s.trim_start().len();
                let mut chars = s[lead..].chars();
                let Some(c) = chars.next() else { continue };
                if !(BULLETS.contains(&c) || c == '–')
                    || !chars.next().is_some_and(char::is_whitespace)
                {
                    continue;
                }
                let at = run.range.start + lead;
                lines.push((at..at + c.len_utf8(), run.range.end, c == '–'));
            }
            let typographic = lines.iter().filter(|l| !l.2).count();
            if typographic == 0 && lines.len() < 2 {
                continue;
            }
            let Some(first) = lines.first() else { continue };
            let last_end = lines.last().map_or(first.1, |l| l.1);
            let edits: Vec<Edit> = lines
                .iter()
                .map(|(r, _, _)| Edit {
                    range: r.clone(),
                    replacement: "-".to_string(),
                })
                .collect();
            let n = lines.len();
            let what = if n == 1 {
                "line starts".to_string()
            } else {
                format!("{n} lines start")
            };
            ctx.report(
                Finding::new(
                    first.0.start..last_end,
                    format!("{what} with a pasted bullet: Markdown renders them as one paragraph"),
                )
                .help("write the list with `-` bullets")
                .fix(Fix {
                    applicability: crate::diagnostic::Applicability::Safe,
                    edits,
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn pasted_lists() {
        let f = lint_rule(
            &super::PastedBullets,
            "We met:\n\n  • Anaconda\n  • Capital One\n    • Janelia\n\n– one\n– two\n",
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].1.starts_with("3 lines start"));
    }

    #[test]
    fn ordinary_text_is_fine() {
        let src = "A • in a line. Then a dash – mid sentence.\n\n– Ada Lovelace\n\n- real list\n\n```\n• code\n```\n";
        assert!(lint_rule(&super::PastedBullets, src).is_empty());
    }
}
