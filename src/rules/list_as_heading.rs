//! `list-as-heading`: a numbered line underlined as a heading.

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::lines::{is_underline, NUMBERED};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Flags a numbered line underlined like a setext heading (`3. Imaging` then `-----`):
    /// kramdown renders an ordered list whose item holds a heading, numbered from 1.
    ///
    /// ## Why is this bad?
    /// The author meant a numbered section title; readers see a list bullet with a heading
    /// in it, and the number changes.
    ///
    /// ## Example
    /// ```markdown
    /// 3. Imaging
    /// ----------
    /// ```
    ///
    /// ## Not flagged
    /// Setext headings whose text does not start with a number and a `.` or `)`, and
    /// numbered lines in code blocks.
    ///
    /// ## Fix
    /// Unsafe: escape the number's dot (`3\. Imaging`) so it stays a heading.
    pub static META = {
        name: "list-as-heading",
        summary: "numbered line underlined as a heading, rendered as a list by kramdown",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
    }
}

pub struct ListAsHeading;

impl Rule for ListAsHeading {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let first = doc.line_of(doc.body_start);
        for line in first..doc.source.line_count().saturating_sub(1) {
            let r = doc.source.line_range(line);
            let next = doc.source.line_range(line + 1);
            let text = &doc.text[r.clone()];
            // A digit after the indentation is necessary; most lines fail here, cheaply.
            let starts_with_digit = text
                .trim_start_matches(' ')
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_digit);
            if !starts_with_digit {
                continue;
            }
            let Some(c) = NUMBERED.captures(text) else {
                continue;
            };
            if !is_underline(&doc.text[next.clone()]) || doc.in_code(r.start) {
                continue;
            }
            let dot = r.start + c.get(2).expect("group").start();
            ctx.report(
                Finding::new(r.start..r.end, format!("`{}{}` starts an ordered list: kramdown renders a list item holding a heading", &c[1], &c[2]))
                    .help(format!("escape the number to keep a heading: `{}\\{}`", &c[1], &c[2]))
                    .fix(Fix::unsafe_edit(dot..dot, "\\")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn numbered_setext() {
        let f = lint_rule(
            &super::ListAsHeading,
            "Intro\n\n3. Imaging\n----------\n\nImaging\n-------\n\n1. a\n2. b\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 3);
        let f = lint_rule(&super::ListAsHeading, "1. Parsing\n2. Imaging\n---\n");
        assert_eq!(f.len(), 1);
        assert!(lint_rule(&super::ListAsHeading, "```\n3. Imaging\n---\n```\n").is_empty());
    }
}
