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

/// Is `word`, used `n` times, a canonical word of the site (indexed for near misses)?
fn canonical(word: &str, n: u32) -> bool {
    n >= MIN_USES && !dictionary::get().is_known(&word.to_lowercase())
}

/// The distinct deletion keys (distance 1) of `word`, into `keys`.
fn deletion_keys(word: &str, keys: &mut Vec<String>) {
    keys.clear();
    distance::deletes(word, 1, keys);
    keys.sort_unstable();
    keys.dedup();
}

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
        let mut index: rustc_hash::FxHashMap<String, Vec<String>> =
            rustc_hash::FxHashMap::default();
        let mut keys = Vec::new();
        for (word, &(n, _)) in &counts {
            if !canonical(word, n) {
                continue;
            }
            deletion_keys(word, &mut keys);
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

    /// The capitalised words of one document, counted as [`Vocabulary::build`] counts
    /// them.
    fn counts_of<'a>(doc: &Document<'a>) -> rustc_hash::FxHashMap<&'a str, i64> {
        let mut counts = rustc_hash::FxHashMap::default();
        crate::text::words::scan_capitalised(doc.text, doc.prose_ranges(), |w| {
            if !w.in_identifier(doc.text) {
                *counts.entry(w.text).or_default() += 1;
            }
        });
        counts
    }

    /// One document of the site changed from `old` to `new`: the vocabulary becomes what
    /// [`Vocabulary::build`] makes of the site with `new` (the language server updates
    /// its index this way instead of reading the site again). `english`: whether the
    /// document may be English, as given to the build (the same before and after).
    /// Returns whether any count changed.
    pub fn update(&mut self, old: &Document, new: &Document, english: bool) -> bool {
        let mut delta = Self::counts_of(new);
        for (w, n) in Self::counts_of(old) {
            *delta.entry(w).or_default() -= n;
        }
        let mut changed = false;
        let mut keys = Vec::new();
        for (word, d) in delta {
            if d == 0 {
                continue;
            }
            changed = true;
            let (before, before_en) = self.counts.get(word).copied().unwrap_or((0, 0));
            let add = |n: u32, d: i64| u32::try_from(i64::from(n) + d).unwrap_or(0);
            let after = add(before, d);
            let after_en = if english {
                add(before_en, d)
            } else {
                before_en
            };
            if after == 0 {
                self.counts.remove(word);
            } else {
                self.counts.insert(word.to_string(), (after, after_en));
            }
            let (was, is) = (canonical(word, before), canonical(word, after));
            if was == is {
                continue;
            }
            deletion_keys(word, &mut keys);
            for k in &keys {
                if is {
                    let v = self.index.entry(k.clone()).or_default();
                    let at = v.partition_point(|w| w.as_str() < word);
                    v.insert(at, word.to_string());
                } else if let Some(v) = self.index.get_mut(k) {
                    v.retain(|w| w != word);
                    if v.is_empty() {
                        self.index.remove(k);
                    }
                }
            }
        }
        if changed {
            // Made again from the new counts on first use.
            self.spellings = std::sync::OnceLock::new();
        }
        changed
    }

    /// The counts and the near-miss index, sorted (to compare two vocabularies).
    #[cfg(test)]
    #[allow(clippy::type_complexity)]
    pub(crate) fn sorted(&self) -> (Vec<(String, (u32, u32))>, Vec<(String, Vec<String>)>) {
        let mut c: Vec<(String, (u32, u32))> =
            self.counts.iter().map(|(k, &n)| (k.clone(), n)).collect();
        c.sort();
        let mut i: Vec<(String, Vec<String>)> = self
            .index
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        i.sort();
        (c, i)
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
                Self::each_word(doc, |h, n| *counts.entry(h).or_default() += n);
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

    /// Each word of `doc` as counted: its hash, and 1 in prose or 2 in code.
    fn each_word(doc: &Document, mut count: impl FnMut(u64, u32)) {
        // Tokenised again and dropped: keeping every post's words would hold the whole
        // site's prose in memory.
        let (_, hashes) = crate::text::words::tokenize(doc.text, doc.prose_ranges());
        for h in hashes {
            count(h, 1);
        }
        // A word written in code (a package, a command, an option) is known at once: it
        // counts twice.
        let code = doc.code.iter().filter(|r| r.len() <= 4096).cloned();
        let (_, hashes) = crate::text::words::tokenize(doc.text, code);
        for h in hashes {
            count(h, 2);
        }
    }

    /// One document of the site changed from `old` to `new`: the counts become what
    /// [`WordCounts::build`] makes of the site with `new`. `english`: whether the
    /// document may be English, as given to the build (the same before and after).
    /// Returns whether any count changed.
    pub fn update(&mut self, old: &Document, new: &Document, english: bool) -> bool {
        if !english {
            return false;
        }
        let mut delta: rustc_hash::FxHashMap<u64, i64> = Default::default();
        Self::each_word(new, |h, n| *delta.entry(h).or_default() += i64::from(n));
        Self::each_word(old, |h, n| *delta.entry(h).or_default() -= i64::from(n));
        let mut changed = false;
        for (h, d) in delta {
            if d == 0 {
                continue;
            }
            changed = true;
            let after = u32::try_from(i64::from(self.uses_hash(h)) + d).unwrap_or(0);
            if after == 0 {
                self.counts.remove(&h);
            } else {
                self.counts.insert(h, after);
            }
        }
        changed
    }

    /// The counts, sorted (to compare two counts).
    #[cfg(test)]
    pub(crate) fn sorted(&self) -> Vec<(u64, u32)> {
        let mut c: Vec<(u64, u32)> = self.counts.iter().map(|(&h, &n)| (h, n)).collect();
        c.sort_unstable();
        c
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// Updating one document at a time gives the vocabulary and the word counts a fresh
    /// build gives, with documents that are not English among them.
    #[test]
    fn an_update_equals_a_build() {
        let mut rng = crate::test_rng::Rng(0x70ca_b1e5);
        let words = [
            "Dask",
            "Daks",
            "Zarr",
            "Zarrr",
            "Kubernetes",
            "Kubernetis",
            "NumPy",
            "Numpy",
            "The",
            "Hello",
            "the",
            "data",
            "GitHub",
            "Github",
            "Pangeo",
            "`numpy`",
            "`Dask`",
        ];
        let text = |rng: &mut crate::test_rng::Rng| {
            let mut t = String::from("---\ntitle: T\n---\n");
            for _ in 0..rng.below(30) {
                t.push_str(rng.pick(&words));
                t.push(if rng.chance(20) { '\n' } else { ' ' });
            }
            t.push_str("\n\n`Dask` in code\n");
            t
        };
        // Documents 1 and 4 declare another language.
        let english: Vec<bool> = (0..6).map(|i| i % 3 != 1).collect();
        let mut texts: Vec<String> = (0..6).map(|_| text(&mut rng)).collect();
        let (mut vocab, mut counts) = built(&texts, &english);
        for round in 0..300 {
            let i = rng.below(texts.len());
            let new = text(&mut rng);
            let (old_f, new_f) = (
                SourceFile::new("p.md", None, texts[i].clone()),
                SourceFile::new("p.md", None, new.clone()),
            );
            let (old_d, new_d) = (Document::parse(&old_f), Document::parse(&new_f));
            // Asked before the update: the update must not keep the old answer.
            let _ = vocab.dominant_spelling("Numpy");
            let changed = vocab.update(&old_d, &new_d, english[i]);
            let counts_changed = counts.update(&old_d, &new_d, english[i]);
            let (before, before_counts) = built(&texts, &english);
            texts[i] = new;
            let (fresh, fresh_counts) = built(&texts, &english);
            assert_eq!(vocab.sorted(), fresh.sorted(), "round {round}");
            assert_eq!(counts.sorted(), fresh_counts.sorted(), "round {round}");
            for w in ["Numpy", "NumPy", "Github", "GitHub", "Dask"] {
                assert_eq!(
                    vocab.dominant_spelling(w),
                    fresh.dominant_spelling(w),
                    "round {round}"
                );
            }
            assert_eq!(
                changed,
                before.sorted().0 != fresh.sorted().0,
                "round {round}"
            );
            assert_eq!(
                counts_changed,
                before_counts.sorted() != fresh_counts.sorted(),
                "round {round}"
            );
        }
    }

    fn built(texts: &[String], english: &[bool]) -> (Vocabulary, WordCounts) {
        let f: Vec<SourceFile> = texts
            .iter()
            .map(|t| SourceFile::new("p.md", None, t.clone()))
            .collect();
        let docs: Vec<Document> = f.iter().map(Document::parse).collect();
        let docs: Vec<&Document> = docs.iter().collect();
        (
            Vocabulary::build(&docs, english),
            WordCounts::build(&docs, english),
        )
    }
}
