//! The built-in rules, one per file, and the registry that lists every rule.

pub mod bad_url;
pub mod bare_url;
pub mod broken_fragment;
pub mod broken_link;
pub mod duplicate_title;
pub mod empty_link_text;
pub mod empty_post;
pub mod empty_section;
pub mod existence;
pub mod field_name;
pub mod front_matter;
pub mod front_matter_consistency;
pub mod heading_in_list;
pub mod heading_level;
pub mod heading_space;
pub mod html_balance;
pub mod image_alt;
pub mod input;
pub mod name_case;
pub mod name_spelling;
pub mod online;
pub mod orphan_footnote;
pub mod pasted_bullets;
pub mod placeholder;
pub mod placeholder_link;
pub mod substitution;
pub mod template;
pub mod unbalanced_emphasis;

use std::borrow::Cow;
use std::sync::Arc;

use crate::diagnostic::Severity;
use crate::names::NameIndex;
use crate::packs::{self, PackError};
use crate::rule::{Rule, RuleMeta};

/// Rules implemented in code (rules defined by packs come from [`packs::load`]).
pub fn builtin() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(bad_url::BadUrl),
        Box::new(bare_url::BareUrl),
        Box::new(broken_fragment::BrokenFragment),
        Box::new(broken_link::BrokenLink),
        Box::new(broken_link::MissingImage),
        Box::new(duplicate_title::DuplicateTitle),
        Box::new(empty_link_text::EmptyLinkText),
        Box::new(empty_post::EmptyPost),
        Box::new(empty_section::EmptySection),
        Box::new(field_name::FieldName),
        Box::new(front_matter_consistency::Consistency),
        Box::new(front_matter_consistency::KeyTypo),
        Box::new(heading_in_list::HeadingInList),
        Box::new(heading_in_list::ListAsHeading),
        Box::new(heading_space::HeadingSpace),
        Box::new(heading_level::HeadingLevel),
        Box::new(html_balance::HtmlBalance),
        Box::new(html_balance::EmbedUrl),
        Box::new(orphan_footnote::OrphanFootnote),
        Box::new(pasted_bullets::PastedBullets),
        Box::new(unbalanced_emphasis::UnbalancedEmphasis),
        Box::new(image_alt::ImageAlt),
        Box::new(placeholder_link::PlaceholderLink),
        Box::new(input::FrontMatterSyntax),
    ]
}

/// Every rule of a run: built-ins, then pack rules (defaults, then `extra_packs`); a
/// front-matter schema from `postlint.toml` replaces the pack rule of the same name.
pub fn registry(config: &crate::config::Config) -> Result<Vec<Box<dyn Rule>>, PackError> {
    let front_matter = config.front_matter.as_ref();
    let mut rules = builtin();
    let mut loaded = packs::load(&config.packs)?;
    // `names = [...]` in postlint.toml adds to the packs' canonical names.
    loaded.names.extend(
        config
            .names
            .iter()
            .cloned()
            .map(crate::names::NameItem::Plain),
    );
    rules.extend(loaded.rules);
    if let Some(spec) = front_matter {
        let rule = spec
            .clone()
            .compile("postlint.toml")
            .map_err(|message| PackError {
                file: "postlint.toml".into(),
                line: 0,
                column: 0,
                message: format!("[front-matter]: {message}"),
            })?;
        rules.retain(|r| r.meta().name != spec.name);
        rules.push(Box::new(rule));
    }
    let index = Arc::new(NameIndex::new(&loaded.names));
    rules.push(Box::new(name_spelling::NameSpelling {
        meta: name_meta(
            "name-spelling",
            "near misses of canonical and site-learned names (Captial One, RAPDIS)",
            name_spelling::DOCS,
            Severity::Warning,
            true,
        ),
        index: index.clone(),
    }));
    rules.push(Box::new(name_case::NameCase {
        meta: name_meta(
            "name-case",
            "canonical names in the wrong case (github, Nvidia)",
            name_case::DOCS,
            Severity::Warning,
            false,
        ),
        index,
    }));
    rules.sort_by(|a, b| a.meta().name.cmp(&b.meta().name));
    Ok(rules)
}

pub(crate) fn name_meta(
    name: &'static str,
    summary: &'static str,
    docs: &'static str,
    severity: Severity,
    needs_site: bool,
) -> RuleMeta {
    RuleMeta {
        name: Cow::Borrowed(name),
        summary: Cow::Borrowed(summary),
        docs,
        default_severity: severity,
        fixable: true,
        origin: Cow::Borrowed("built-in"),
        needs_site,
    }
}

/// Metadata of the rules the engine itself reports (unreadable files and the like).
pub fn engine_metas() -> [&'static RuleMeta; 8] {
    [
        &input::IO_ERROR,
        &input::INTERNAL_ERROR,
        &input::TOO_LARGE,
        &input::INVALID_UTF8,
        &input::BINARY_FILE,
        &online::DEAD_LINK,
        &online::LINK_TIMEOUT,
        &online::PERMANENT_REDIRECT,
    ]
}

#[cfg(test)]
pub(crate) mod test_support {
    use crate::document::Document;
    use crate::rule::{Ctx, Rule};
    use crate::source::SourceFile;

    /// Check that `fast` (a rule with a prefilter) reports what `plain` (the same rule
    /// without it) reports, on 3,000 texts of up to `max` random `pieces`; returns how
    /// many findings there were, for the caller to check the texts were not all clean.
    pub fn same_findings(
        fast: &dyn Rule,
        plain: &dyn Rule,
        pieces: &[&str],
        max: usize,
        seed: u64,
    ) -> usize {
        let mut rng = crate::test_rng::Rng(seed);
        let mut found = 0;
        for _ in 0..3_000 {
            let text = rng.text(pieces, max);
            let a = lint_rule(fast, &text);
            assert_eq!(a, lint_rule(plain, &text), "{text:?}");
            found += a.len();
        }
        found
    }

    /// Run one rule on `src`; returns (1-based line, message) pairs in report order.
    pub fn lint_rule(rule: &dyn Rule, src: &str) -> Vec<(usize, String)> {
        let file = SourceFile::new("test.md", None, src.to_string());
        let doc = Document::parse(&file);
        let doc_ref = &doc;
        let site = crate::site::Site::build(&[doc_ref], None);
        let cache = crate::rule::DocCache::default();
        let mut ctx = Ctx::new(&site, Some(0), &cache);
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
        let rules = registry(&crate::config::Config::default()).unwrap();
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
