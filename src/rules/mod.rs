//! The built-in rules, one per file, and the registry that lists every rule.

pub mod empty_post;
pub mod empty_section;
pub mod heading_level;
pub mod input;
pub mod placeholder;

use crate::packs::{self, PackError};
use crate::rule::{Rule, RuleMeta};

/// Rules implemented in code (rules defined by packs come from [`packs::load`]).
pub fn builtin() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(empty_post::EmptyPost),
        Box::new(empty_section::EmptySection),
        Box::new(heading_level::HeadingLevel),
        Box::new(input::FrontMatterSyntax),
    ]
}

/// Every rule of a run: built-ins, then pack rules (defaults, then `extra_packs`).
pub fn registry(extra_packs: &[(String, String)]) -> Result<Vec<Box<dyn Rule>>, PackError> {
    let mut rules = builtin();
    rules.extend(packs::load(extra_packs)?);
    rules.sort_by(|a, b| a.meta().name.cmp(&b.meta().name));
    Ok(rules)
}

/// Metadata of the rules the engine itself reports (unreadable files and the like).
pub fn engine_metas() -> [&'static RuleMeta; 3] {
    [&input::IO_ERROR, &input::INVALID_UTF8, &input::BINARY_FILE]
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::document::Document;
    use crate::rule::{Ctx, Rule};
    use crate::source::SourceFile;

    /// Run one rule on `src`; returns (1-based line, message) pairs in report order.
    pub fn lint_rule(rule: &dyn Rule, src: &str) -> Vec<(usize, String)> {
        let file = SourceFile::new("test.md", None, src.to_string());
        let doc = Document::parse(&file);
        let mut ctx = Ctx::default();
        rule.check(&doc, &mut ctx);
        ctx.into_findings()
            .into_iter()
            .map(|f| (file.position(f.range.start).line, f.message))
            .collect()
    }
}

#[cfg(test)]
mod meta_tests {
    use super::*;

    /// Every rule documents itself the same way, and summaries follow one style.
    #[test]
    fn every_rule_has_complete_docs() {
        let rules = registry(&[]).unwrap();
        let mut metas: Vec<&RuleMeta> = rules.iter().map(|r| r.meta()).collect();
        metas.extend(engine_metas());
        for m in metas {
            let docs = m.docs_text();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Not flagged",
                "## Fix",
            ] {
                assert!(docs.contains(section), "{} lacks {section}", m.name);
            }
            assert!(
                m.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{} is kebab-case",
                m.name
            );
            let first = m.summary.chars().next().unwrap();
            assert!(
                !first.is_uppercase() && !m.summary.ends_with('.'),
                "{}: summary style",
                m.name
            );
        }
    }
}
