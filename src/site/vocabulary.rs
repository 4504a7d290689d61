//! The site's vocabulary: capitalised words counted across every post, and the frequent
//! ones indexed for near misses.

use crate::document::Document;
use crate::text::{dictionary, distance};

/// How often each capitalised word is used across the site, and which frequent ones are
/// canonical for this run.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Word → (uses in the site, uses in its posts not declared in another language).
    counts: rustc_hash::FxHashMap<String, (u32, u32)>,
    /// Deletion keys (distance 1) of canonical words → the words.
    index: rustc_hash::FxHashMap<String, Vec<String>>,
    /// Lowercase form → the spelling used most and the uses of every spelling, made on
    /// first use.
    spellings: std::sync::OnceLock<rustc_hash::FxHashMap<String, (String, u32, u32)>>,
}

/// A word becomes canonical when used at least this many times across the site.
pub const MIN_USES: u32 = 3;

impl Vocabulary {
    /// Count the capitalised words of `docs`; `english[i]` says whether document `i` may
    /// be English (no other language declared).
    pub fn build<'a>(docs: &[&Document<'a>], english: &[bool]) -> Vocabulary {
        use rayon::prelude::*;
        // Keys borrow the documents' text while counting; only the site's distinct words
        // are copied, once, at the end.
        type Counts<'a> = rustc_hash::FxHashMap<&'a str, (u32, u32)>;
        // Only capitalised words, and without caching: the words of every post at once
        // would be most of the run's memory. Counted per thread, then merged.
        let counts: Counts<'a> = docs
            .par_iter()
            .enumerate()
            .fold(Counts::default, |mut counts, (i, doc)| {
                let en = u32::from(english.get(i).copied().unwrap_or(true));
                crate::text::words::scan_capitalised(doc.text, doc.prose_ranges(), |w| {
                    if !w.in_identifier(doc.text) {
                        let c = counts.entry(w.text).or_default();
                        c.0 += 1;
                        c.1 += en;
                    }
                });
                counts
            })
            // Into the larger map.
            .reduce(Counts::default, |a, b| {
                if a.len() < b.len() {
                    merge(b, a)
                } else {
                    merge(a, b)
                }
            });
        fn merge<'a>(mut a: Counts<'a>, b: Counts<'a>) -> Counts<'a> {
            for (k, n) in b {
                let c = a.entry(k).or_default();
                c.0 += n.0;
                c.1 += n.1;
            }
            a
        }
        let counts: rustc_hash::FxHashMap<String, (u32, u32)> = counts
            .into_iter()
            .map(|(w, n)| (w.to_string(), n))
            .collect();
        let dict = dictionary::get();
        let mut index: rustc_hash::FxHashMap<String, Vec<String>> =
            rustc_hash::FxHashMap::default();
        let mut keys = Vec::new();
        for (word, &(n, _)) in &counts {
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
        Vocabulary {
            counts,
            index,
            spellings: std::sync::OnceLock::new(),
        }
    }

    /// Times `word` (as written) is used across the site.
    pub fn uses(&self, word: &str) -> u32 {
        self.counts.get(word).map_or(0, |c| c.0)
    }

    /// Times `word` (as written) is used in the site's documents that declare no other
    /// language than English: a name used there is no word of another language.
    pub fn english_uses(&self, word: &str) -> u32 {
        self.counts.get(word).map_or(0, |c| c.1)
    }

    /// The site's usual spelling of `word` when it writes it in other capitals nearly always
    /// (`GeoPandas` where `word` is `Geopandas`): the spelling, used at least 5 times and in
    /// 9 of 10 uses of the word, with a capital inside; and how often.
    pub fn dominant_spelling(&self, word: &str) -> Option<(&str, u32)> {
        let map = self.spellings.get_or_init(|| {
            let mut m: rustc_hash::FxHashMap<String, (String, u32, u32)> = Default::default();
            for (w, &(n, _)) in &self.counts {
                // Capitals only are a headline's, not a way of writing the name.
                if !w.chars().any(char::is_lowercase) {
                    continue;
                }
                let e = m
                    .entry(w.to_lowercase())
                    .or_insert_with(|| (w.clone(), 0, 0));
                e.2 += n;
                if n > e.1 || (n == e.1 && *w < e.0) {
                    e.0 = w.clone();
                    e.1 = n;
                }
            }
            m.retain(|_, (_, best, total)| *total > *best);
            m
        });
        let (best, n, total) = map.get(&word.to_lowercase())?;
        let brand = best.chars().skip(1).any(char::is_uppercase);
        (best != word && brand && *n >= 5 && *n * 10 >= *total * 9).then_some((best.as_str(), *n))
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

/// How often the site uses each word, in any case (a word of its code counts twice),
/// counted by its case-folded hash
/// ([`crate::text::WordFilter::hash`]): no text is kept, so memory grows with the number of
/// distinct words only (16 bytes or so each). Built for the spell check, which counts a word
/// the site uses at least twice as known.
#[derive(Debug, Default)]
pub struct WordCounts {
    counts: rustc_hash::FxHashMap<u64, u32>,
}

impl WordCounts {
    /// Count the words of `docs`; `english[i]` says whether document `i` may be English:
    /// only those count, since translations copy English text, typos included.
    pub fn build(docs: &[&Document], english: &[bool]) -> WordCounts {
        use rayon::prelude::*;
        type Counts = rustc_hash::FxHashMap<u64, u32>;
        let counts = docs
            .par_iter()
            .enumerate()
            .filter(|(i, _)| english.get(*i).copied().unwrap_or(true))
            .map(|(_, doc)| doc)
            .fold(Counts::default, |mut counts, doc| {
                // Tokenised again and dropped: keeping every post's words would hold the
                // whole site's prose in memory.
                let (_, hashes) = crate::text::words::tokenize(doc.text, doc.prose_ranges());
                for h in hashes {
                    *counts.entry(h).or_default() += 1;
                }
                // A word written in code (a package, a command, an option) is known at
                // once: it counts twice.
                let code = doc.code.iter().filter(|r| r.len() <= 4096).cloned();
                let (_, hashes) = crate::text::words::tokenize(doc.text, code);
                for h in hashes {
                    *counts.entry(h).or_default() += 2;
                }
                counts
            })
            .reduce(Counts::default, |a, b| {
                let (mut big, small) = if a.len() < b.len() { (b, a) } else { (a, b) };
                for (k, n) in small {
                    *big.entry(k).or_default() += n;
                }
                big
            });
        WordCounts { counts }
    }

    /// Times the site uses the word whose [`crate::text::WordFilter::hash`] is `h`.
    pub fn uses_hash(&self, h: u64) -> u32 {
        self.counts.get(&h).copied().unwrap_or(0)
    }

    /// Times the site uses `word`, in any case.
    pub fn uses(&self, word: &str) -> u32 {
        self.uses_hash(crate::text::WordFilter::hash(word))
    }

    /// Distinct words counted.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}
