//! `front-matter-syntax`: front matter Jekyll cannot read.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, FrontMatterFormat};
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports front matter that Jekyll cannot read: an opening `---` (or `+++`) with no
    /// closing fence, and YAML (or TOML) syntax errors, duplicate keys and a block that is
    /// not a mapping, at the line and column of the problem.
    ///
    /// ## Why is this bad?
    /// Jekyll fails the build, or renders the post without its title and layout.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Dask Summit
    /// ---
    /// ```
    ///
    /// ## Not flagged
    /// A file that does not start with a fence has no front matter; a `---` further down is
    /// a thematic break or a setext underline.
    ///
    /// ## Fix
    /// None.
    pub static META = {
        name: "front-matter-syntax",
        summary: "front matter that does not parse or is not closed",
        severity: Severity::Error,
        fix: FixAvailability::Never,
    }
}

pub struct FrontMatterSyntax;

impl Rule for FrontMatterSyntax {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some(fm) = &doc.front_matter else { return };
        let fence = match fm.format {
            FrontMatterFormat::Yaml => "---",
            FrontMatterFormat::Toml => "+++",
        };
        if !fm.closed {
            let open = fm.range.start..fm.range.start + 3;
            ctx.report(
                Finding::new(open, "front matter is never closed")
                    .help(format!(
                        "add a line `{fence}` after the last front-matter key; until then Jekyll treats the whole file as content"
                    )),
            );
            return;
        }
        if let Some(err) = &fm.error {
            let lang = match fm.format {
                FrontMatterFormat::Yaml => "YAML",
                FrontMatterFormat::Toml => "TOML",
            };
            let mut range = err.range.clone();
            if range.is_empty() {
                let end = doc.text[range.start..]
                    .chars()
                    .next()
                    .map_or(range.start, |c| range.start + c.len_utf8());
                range = range.start..end;
            }
            ctx.report(
                Finding::new(
                    range,
                    format!("invalid {lang} in front matter: {}", err.message),
                )
                .help(format!(
                    "fix the syntax; Jekyll cannot build the {} until it parses",
                    ctx.noun(doc)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn unterminated_front_matter() {
        let f = lint_rule(&super::FrontMatterSyntax, "---\ntitle: x\n\n# H\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 1);
        assert!(f[0].1.contains("never closed"));
    }

    #[test]
    fn yaml_error_points_at_its_line() {
        let f = lint_rule(
            &super::FrontMatterSyntax,
            "---\nlayout: post\ntags: [a, b\n---\nx\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].0 >= 3 && f[0].0 <= 4, "{f:?}");
    }

    #[test]
    fn duplicate_key_is_reported() {
        let f = lint_rule(
            &super::FrontMatterSyntax,
            "---\ntitle: a\ntitle: b\n---\nx\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 3, "{f:?}");
    }

    #[test]
    fn valid_and_absent_front_matter_are_fine() {
        assert!(lint_rule(&super::FrontMatterSyntax, "---\ntitle: a\n---\nx\n").is_empty());
        assert!(lint_rule(&super::FrontMatterSyntax, "# Title\n\n---\n\nx\n").is_empty());
        assert!(lint_rule(&super::FrontMatterSyntax, "---\n---\nx\n").is_empty());
    }

    #[test]
    fn list_front_matter_is_not_a_mapping() {
        let f = lint_rule(&super::FrontMatterSyntax, "---\n- a\n- b\n---\nx\n");
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
