//! What postlint knows about the whole site: built once from every parsed document
//! (checked files and, inside a Jekyll site, the site's other posts) and shared read-only
//! by the rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::names::{dictionary, distance};

/// Folder of the Jekyll site holding `path`: the nearest ancestor with a `_config.yml`.
pub fn jekyll_root(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    abs.ancestors()
        .skip(1)
        .find(|dir| dir.join("_config.yml").is_file() || dir.join("_config.yaml").is_file())
        .map(Path::to_path_buf)
}

#[derive(Debug, Default)]
pub struct Site {
    /// Capitalised words learned from the site's prose.
    pub vocabulary: Vocabulary,
}

impl Site {
    pub fn build(docs: &[&Document]) -> Site {
        Site {
            vocabulary: Vocabulary::build(docs),
        }
    }
}

/// How often each capitalised word is used across the site, and which frequent ones are
/// canonical for this run.
#[derive(Debug, Default)]
pub struct Vocabulary {
    counts: HashMap<String, u32>,
    /// Deletion keys (distance 1) of canonical words → the words.
    index: HashMap<String, Vec<String>>,
}

/// A word becomes canonical when used at least this many times across the site.
pub const MIN_USES: u32 = 3;

impl Vocabulary {
    pub fn build(docs: &[&Document]) -> Vocabulary {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for doc in docs {
            for w in doc.words() {
                if w.is_capitalised() && w.text.chars().count() >= 4 && !w.in_identifier(doc.text) {
                    *counts.entry(w.text.to_string()).or_default() += 1;
                }
            }
        }
        let dict = dictionary::get();
        let mut index: HashMap<String, Vec<String>> = HashMap::new();
        let mut keys = Vec::new();
        for (word, &n) in &counts {
            if n < MIN_USES || dict.is_known(&word.to_lowercase()) {
                continue;
            }
            keys.clear();
            distance::deletes(word, 1, &mut keys);
            keys.sort_unstable();
            keys.dedup();
            for k in &keys {
                index.entry(k.clone()).or_default().push(word.clone());
            }
        }
        for v in index.values_mut() {
            v.sort();
        }
        Vocabulary { counts, index }
    }

    /// Times `word` (as written) is used across the site.
    pub fn uses(&self, word: &str) -> u32 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// Canonical site words within distance 1 of `word` (same first letter, same case
    /// shape), most used first.
    pub fn near(&self, word: &str) -> Vec<(&str, u32)> {
        let mut keys = Vec::new();
        distance::deletes(word, 1, &mut keys);
        let mut out: Vec<(&str, u32)> = Vec::new();
        for k in &keys {
            for cand in self.index.get(k).into_iter().flatten() {
                if cand == word || out.iter().any(|(c, _)| c == cand) {
                    continue;
                }
                let same_first = cand.chars().next() == word.chars().next();
                let caps = |s: &str| !s.chars().any(char::is_lowercase);
                if same_first && caps(cand) == caps(word) && distance::osa(cand, word, 1).is_some()
                {
                    out.push((cand.as_str(), self.uses(cand)));
                }
            }
        }
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }
}
