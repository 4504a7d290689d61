//! The embedded English word list (`rules/dictionary.txt`): a guard so that real words are
//! never reported as misspelt names. Two sorted sections of `&'static str` searched by
//! bisection: no hashing and almost no allocation when it loads, which matters for the
//! one-file runs of pre-commit.

use std::sync::LazyLock;

static TEXT: &str = include_str!("../../rules/dictionary.txt");

pub struct Dictionary {
    /// Ordinary words (lowercase), sorted.
    common: Vec<&'static str>,
    /// Proper nouns, lowercased, sorted.
    proper: Vec<&'static str>,
}

static DICTIONARY: LazyLock<Dictionary> = LazyLock::new(|| {
    let mut common = Vec::with_capacity(64_000);
    let mut proper = Vec::with_capacity(16_000);
    let mut in_proper = false;
    for line in TEXT.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "%proper" {
            in_proper = true;
            continue;
        }
        if in_proper {
            proper.push(line);
        } else {
            common.push(line);
        }
    }
    // The file is sorted (a test checks it): no sorting at startup.
    Dictionary { common, proper }
});

pub fn get() -> &'static Dictionary {
    &DICTIONARY
}

impl Dictionary {
    /// An ordinary (lowercase) English word. `lower` must be lowercase.
    pub fn is_common(&self, lower: &str) -> bool {
        let has = |w: &str| self.common.binary_search(&w).is_ok();
        has(lower) || plural_of(lower).is_some_and(has)
    }

    /// Any word of the list, ordinary or proper noun. `lower` must be lowercase.
    pub fn is_known(&self, lower: &str) -> bool {
        self.is_common(lower) || self.proper.binary_search(&lower).is_ok()
    }
}

fn plural_of(word: &str) -> Option<&str> {
    word.strip_suffix('s').filter(|s| s.len() >= 3)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_word_list_is_sorted_for_bisection() {
        let d = super::get();
        assert!(d.common.is_sorted() && d.proper.is_sorted());
        assert!(d.common.len() > 50_000 && d.proper.len() > 5_000);
    }

    #[test]
    fn knows_common_and_proper_words() {
        let d = super::get();
        assert!(d.is_common("medial") && d.is_common("dusk") && d.is_common("rapids"));
        assert!(!d.is_common("github") && d.is_known("github"));
        assert!(!d.is_known("dask") && !d.is_known("rapdis") && !d.is_known("captial"));
    }
}
