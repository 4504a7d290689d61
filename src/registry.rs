//! Every rule of a profile: the built-in rules of the `rules!` table, the rules of the
//! default and configured packs, and a `[front-matter]` schema from `postlint.toml`; with
//! the placeholder vocabulary their pack entries define.

use std::sync::{Arc, LazyLock};

use crate::config::{Config, ConfigError};
use crate::names::{NameIndex, NameItem};
use crate::packs;
use crate::rule::{Rule, RuleMeta};
use crate::rules::{self, Builtins};
use crate::vocab::Vocab;

/// The rules of one profile, sorted by name, and what they share.
pub struct Registry {
    pub rules: Vec<Box<dyn Rule>>,
    pub vocab: Vocab,
}

/// Build the rules `config` asks for.
pub fn registry(config: &Config) -> Result<Registry, ConfigError> {
    let mut loaded = packs::load(&config.packs)?;
    // `names = [...]` in postlint.toml adds to the packs' canonical names.
    loaded
        .names
        .extend(config.names.iter().cloned().map(NameItem::Plain));
    let builtins = Builtins {
        names: Arc::new(NameIndex::new(&loaded.names)),
        words: Arc::new(config.words.iter().map(|w| w.to_lowercase()).collect()),
    };
    let mut rules = rules::builtin(&builtins);
    rules.extend(loaded.rules);
    if let Some(spec) = &config.front_matter {
        // `Config::parse` compiled it once already, and reported a mistake with its position.
        let rule = spec
            .clone()
            .compile("postlint.toml")
            .map_err(|message| ConfigError {
                file: config.display(),
                line: 0,
                column: 0,
                message: format!("[front-matter]: {message}"),
            })?;
        rules.retain(|r| r.meta().name != spec.name);
        rules.push(Box::new(rule));
    }
    rules.sort_by(|a, b| a.meta().name.cmp(&b.meta().name));
    let vocab = Vocab::new(&loaded.vocab).map_err(|message| ConfigError {
        file: "rule packs".into(),
        line: 0,
        column: 0,
        message: format!("placeholder vocabulary: {message}"),
    })?;
    Ok(Registry { rules, vocab })
}

/// The vocabulary of the default packs alone (for tests and tools that check one rule).
pub fn default_vocab() -> &'static Vocab {
    static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
        let loaded = packs::load(&[]).expect("the default packs load");
        Vocab::new(&loaded.vocab).expect("the default vocabulary compiles")
    });
    &VOCAB
}

/// Every rule `rules` and the engine can report under, sorted by name.
pub fn all_metas(rules: &[Box<dyn Rule>]) -> Vec<&RuleMeta> {
    let mut metas: Vec<&RuleMeta> = rules.iter().map(|r| r.meta()).collect();
    metas.extend(rules::notes());
    metas.sort_by(|a, b| a.name.cmp(&b.name));
    metas
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule and kind documents itself the same way, and summaries follow one style.
    #[test]
    fn every_rule_has_complete_docs() {
        let reg = registry(&Config::default()).unwrap();
        let mut metas = all_metas(&reg.rules);
        metas.extend(rules::kinds());
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

    /// A built-in rule lives in the file named after it; a pack rule is an entry of a kind.
    #[test]
    fn every_rule_is_in_its_own_file_or_a_pack() {
        let reg = registry(&Config::default()).unwrap();
        let builtin = rules::builtin(&Builtins {
            names: Arc::new(NameIndex::new(&[])),
            words: Arc::default(),
        });
        for r in &builtin {
            let module = r.meta().name.replace('-', "_");
            assert!(
                rules::MODULES.contains(&module.as_str()),
                "`{}` is not in a file of its name",
                r.meta().name
            );
            assert!(r.meta().kind.is_none());
        }
        for r in &reg.rules {
            let m = r.meta();
            if builtin.iter().any(|b| b.meta().name == m.name) {
                continue;
            }
            let kind = m.kind.expect("a pack rule has a kind");
            assert!(rules::kinds().iter().any(|k| k.name == kind), "{kind}");
        }
        for note in rules::notes() {
            let module = note.name.replace('-', "_");
            let own_file = rules::MODULES.contains(&module.as_str());
            let engine = [
                "io-error",
                "invalid-utf8",
                "binary-file",
                "file-too-large",
                "internal-error",
            ];
            assert!(
                own_file || engine.contains(&note.name.as_ref()),
                "{}",
                note.name
            );
        }
    }

    /// A site that adds a word to its placeholder pack gets it everywhere.
    #[test]
    fn a_pack_marker_joins_the_vocabulary() {
        let pack = "rules:\n  - name: draft-marker\n    kind: placeholder\n    markers: [WIP]\n";
        let mut config = Config::default();
        config.packs.push(("site.yml".into(), pack.into()));
        let reg = registry(&config).unwrap();
        assert!(reg.vocab.is_placeholder_dest("WIP"));
        assert!(reg.vocab.is_placeholder_dest("TODO"));
        assert!(!default_vocab().is_placeholder_dest("WIP"));
    }
}
