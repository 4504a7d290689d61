//! The site's vocabulary: capitalised words counted across every post, and the frequent
//! ones indexed for near misses.

use crate::document::Document;
use crate::text::{dictionary, distance};

/// How often each capitalised word is used across the site, and which frequent ones are
/// canonical for this run.
#[derive(Debug, Default)]
pub struct Vocabulary {
    counts: rustc_hash::FxHashMap<String, u32>,
    /// Deletion keys (distance 1) of canonical words → the words.
    index: rustc_hash::FxHashMap<String, Vec<String>>,
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
    pub fn build<'a>(docs: &[&Document<'a>]) -> Vocabulary {
        use rayon::prelude::*;
        // Keys borrow the documents' text while counting; only the site's distinct words
        // are copied, once, at the end.
        type Counts<'a> = rustc_hash::FxHashMap<&'a str, u32>;
        // Only capitalised words, and without caching: the words of every post at once
        // would be most of the run's memory. Counted per thread, then merged.
        let counts: Counts<'a> = docs
            .par_iter()
            .fold(Counts::default, |mut counts, doc| {
                crate::text::words::scan_capitalised(doc.text, doc.prose_ranges(), |w| {
                    if !w.in_identifier(doc.text) {
                        *counts.entry(w.text).or_default() += 1;
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
                *a.entry(k).or_default() += n;
            }
            a
        }
        let counts: rustc_hash::FxHashMap<String, u32> = counts
            .into_iter()
            .map(|(w, n)| (w.to_string(), n))
            .collect();
        let mut index: rustc_hash::FxHashMap<String, Vec<String>> =
            rustc_hash::FxHashMap::default();
        let mut keys = Vec::new();
        for (word, &n) in &counts {
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
        Vocabulary { counts, index }
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
    /// its index this way instead of reading the site again). Returns whether any count
    /// changed.
    pub fn update(&mut self, old: &Document, new: &Document) -> bool {
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
            let before = self.uses(word);
            let after = u32::try_from(i64::from(before) + d).unwrap_or(0);
            if after == 0 {
                self.counts.remove(word);
            } else {
                self.counts.insert(word.to_string(), after);
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
        changed
    }

    /// The counts and the near-miss index, sorted (to compare two vocabularies).
    #[cfg(test)]
    pub(crate) fn sorted(&self) -> (Vec<(String, u32)>, Vec<(String, Vec<String>)>) {
        let mut c: Vec<(String, u32)> = self.counts.iter().map(|(k, &n)| (k.clone(), n)).collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// Updating one document at a time gives the vocabulary a fresh build gives.
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
        let mut texts: Vec<String> = (0..6).map(|_| text(&mut rng)).collect();
        let files = |texts: &[String]| -> Vec<SourceFile> {
            texts
                .iter()
                .map(|t| SourceFile::new("p.md", None, t.clone()))
                .collect()
        };
        let f = files(&texts);
        let docs: Vec<Document> = f.iter().map(Document::parse).collect();
        let mut vocab = Vocabulary::build(&docs.iter().collect::<Vec<_>>());
        for round in 0..300 {
            let i = rng.below(texts.len());
            let new = text(&mut rng);
            let (old_f, new_f) = (
                SourceFile::new("p.md", None, texts[i].clone()),
                SourceFile::new("p.md", None, new.clone()),
            );
            let changed = vocab.update(&Document::parse(&old_f), &Document::parse(&new_f));
            let before = vocab_of(&texts);
            texts[i] = new;
            let fresh = vocab_of(&texts);
            assert_eq!(vocab.sorted(), fresh.sorted(), "round {round}");
            assert_eq!(
                changed,
                before.sorted().0 != fresh.sorted().0,
                "round {round}"
            );
        }
    }

    fn vocab_of(texts: &[String]) -> Vocabulary {
        let f: Vec<SourceFile> = texts
            .iter()
            .map(|t| SourceFile::new("p.md", None, t.clone()))
            .collect();
        let docs: Vec<Document> = f.iter().map(Document::parse).collect();
        Vocabulary::build(&docs.iter().collect::<Vec<_>>())
    }
}
