//! The embedded English word list (`rules/dictionary.txt`): a guard so that real words are
//! never reported as misspelt names.

use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

static TEXT: &str = include_str!("../../rules/dictionary.txt");

pub struct Dictionary {
    /// Lowercase entries: ordinary words.
    common: HashSet<&'static str>,
    /// Capitalised entries (proper nouns), lowercased.
    proper: HashSet<String>,
}

static DICTIONARY: LazyLock<Dictionary> = LazyLock::new(|| {
    let mut common = HashSet::default();
    let mut proper = HashSet::default();
    for line in TEXT.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.chars().any(char::is_uppercase) {
            proper.insert(line.to_lowercase());
        } else {
            common.insert(line);
        }
    }
    Dictionary { common, proper }
});

pub fn get() -> &'static Dictionary {
    &DICTIONARY
}

impl Dictionary {
    /// An ordinary (lowercase) English word. `lower` must be lowercase.
    pub fn is_common(&self, lower: &str) -> bool {
        self.common.contains(lower) || plural_of(lower).is_some_and(|s| self.common.contains(s))
    }

    /// Any word of the list, ordinary or proper noun. `lower` must be lowercase.
    pub fn is_known(&self, lower: &str) -> bool {
        self.is_common(lower) || self.proper.contains(lower)
    }
}

fn plural_of(word: &str) -> Option<&str> {
    word.strip_suffix('s').filter(|s| s.len() >= 3)
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_common_and_proper_words() {
        let d = super::get();
        assert!(d.is_common("medial") && d.is_common("dusk") && d.is_common("rapids"));
        assert!(!d.is_common("github") && d.is_known("github"));
        assert!(!d.is_known("dask") && !d.is_known("rapdis") && !d.is_known("captial"));
    }
}
