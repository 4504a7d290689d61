//! Text below the document model: the prose tokenizer, word hashes and filters, the
//! embedded English dictionary, edit distances, and `Pattern` (a regex with what its
//! matches need, for prefilters). Nothing here knows about Markdown.

pub mod dates;
pub mod dictionary;
pub mod distance;
pub mod lang;
pub mod pattern;
mod word_hash;
pub mod words;

use words::Word;

/// A bit set of hashes of lowercase words (16 KiB, more for large sets): "certainly not in
/// the set" without allocating or touching a large map. False positives are possible,
/// false negatives not.
#[derive(Debug, Clone)]
pub struct WordFilter {
    bits: Vec<u64>,
    /// Number of bits minus one (a power of two minus one).
    mask: u64,
}

const FILTER_BITS: u64 = 1 << 17;

impl Default for WordFilter {
    fn default() -> Self {
        Self::with_bits(FILTER_BITS)
    }
}

/// The 1 to 7 bytes of `rest` as a little-endian number, from two overlapping loads (the
/// bytes both cover sit at the same place in each, so or-ing them is exact).
#[inline]
fn tail_le(rest: &[u8]) -> u64 {
    let n = rest.len();
    let le32 = |b: &[u8]| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let le16 = |b: &[u8]| u64::from(u16::from_le_bytes([b[0], b[1]]));
    match n {
        4.. => le32(rest) | le32(&rest[n - 4..]) << (8 * (n - 4)),
        2.. => le16(rest) | le16(&rest[n - 2..]) << (8 * (n - 2)),
        1 => u64::from(rest[0]),
        0 => 0,
    }
}

impl WordFilter {
    /// A case-insensitive hash of `word`, eight bytes at a time: every word of a text goes
    /// through here, so it must cost a few nanoseconds.
    pub fn hash(word: &str) -> u64 {
        if word.is_ascii() {
            return Self::hash_ascii(word.as_bytes());
        }
        Self::hash_ascii(word.to_lowercase().as_bytes())
    }

    /// [`WordFilter::hash`] of a word known to be ASCII (or already lowercased).
    /// `| 0x20` folds ASCII letters to lowercase (and leaves digits alone); on other bytes it
    /// is merely deterministic, which is all a filter needs.
    #[inline]
    pub fn hash_ascii(bytes: &[u8]) -> u64 {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h: u64 = bytes.len() as u64;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(26) ^ (v | 0x2020_2020_2020_2020)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let v = tail_le(rest) | (0x2020_2020_2020_2020 >> (8 * (8 - rest.len())));
            h = (h.rotate_left(26) ^ v).wrapping_mul(K);
        }
        h ^ (h >> 32)
    }

    fn with_bits(bits: u64) -> Self {
        Self {
            bits: vec![0; (bits / 64) as usize],
            mask: bits - 1,
        }
    }

    /// A filter for about `keys` words: at least 16 bits a word (about one false positive
    /// in sixteen checks at most), so a large name index keeps its filter sharp.
    pub fn for_keys(keys: usize) -> Self {
        let bits = (keys as u64 * 16)
            .next_power_of_two()
            .clamp(FILTER_BITS, 1 << 24);
        Self::with_bits(bits)
    }

    pub fn insert(&mut self, word: &str) {
        let h = Self::hash(word) & self.mask;
        self.bits[(h / 64) as usize] |= 1 << (h % 64);
    }

    /// False when `word` (in any case) was certainly never inserted.
    pub fn may_contain(&self, word: &str) -> bool {
        self.may_contain_hash(Self::hash(word))
    }

    /// [`WordFilter::may_contain`] for a word whose [`WordFilter::hash`] is `h`.
    pub fn may_contain_hash(&self, h: u64) -> bool {
        let h = h & self.mask;
        self.bits[(h / 64) as usize] & (1 << (h % 64)) != 0
    }
}

/// A few words (at most 64), and which prose runs of a document hold them: rules that
/// search lines for patterns starting with known words skip the lines without them.
#[derive(Debug, Clone, Default)]
pub struct RunWords {
    /// [`WordFilter::hash`] of each word; word `k` is bit `k` of a run's mask.
    hashes: Vec<u64>,
    filter: WordFilter,
}

impl RunWords {
    /// The bit of `word` (in any case), added if new; `None` once 64 words are held.
    pub fn insert(&mut self, word: &str) -> Option<u64> {
        let h = WordFilter::hash(word);
        let k = match self.hashes.iter().position(|&x| x == h) {
            Some(k) => k,
            None if self.hashes.len() < 64 => {
                self.hashes.push(h);
                self.filter.insert(word);
                self.hashes.len() - 1
            }
            None => return None,
        };
        Some(1 << k)
    }

    /// For each of `runs` prose runs, given their `words` and those words' `hashes`, the bits of the words it holds (as the tokeniser finds
    /// words, so in any case).
    pub fn per_run(&self, runs: usize, words: &[Word], hashes: &[u64]) -> Vec<u64> {
        let mut masks = vec![0u64; runs];
        for (w, &h) in words.iter().zip(hashes) {
            if self.filter.may_contain_hash(h) {
                if let Some(k) = self.hashes.iter().position(|&x| x == h) {
                    masks[w.run] |= 1 << k;
                }
            }
        }
        masks
    }
}

/// Does a list item's source cite an issue or pull request (`(#42)`, `[#42]`, `GH-42`)?
/// Then it is a changelog entry about code: a marker in it is the code's (`placeholder`),
/// and its `docs:` prefix names the area of a change, not a field (`field-name`).
pub fn cites_an_issue(item: &str) -> bool {
    let b = item.as_bytes();
    memchr::memchr_iter(b'#', b).any(|i| {
        b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'&')
    })
}

/// Is `word`, in any case, one of `lowered` (words in lowercase)? An ASCII word, the usual
/// kind, is compared without making a lowercase copy.
pub fn in_lowercase_list<S: AsRef<str>>(word: &str, lowered: &[S]) -> bool {
    if word.is_ascii() {
        lowered
            .iter()
            .any(|n| word.eq_ignore_ascii_case(n.as_ref()))
    } else {
        let lower = word.to_lowercase();
        lowered.iter().any(|n| n.as_ref() == lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_loads_equal_a_byte_loop() {
        let bytes = *b"\x01\x82\x03\xf4\x05\x06\x77";
        for n in 0..=7 {
            let rest = &bytes[..n];
            let expected = rest
                .iter()
                .enumerate()
                .fold(0u64, |v, (k, &b)| v | u64::from(b) << (8 * k));
            assert_eq!(tail_le(rest), expected, "{n}");
        }
    }

    #[test]
    fn the_word_filter_ignores_case_at_every_length() {
        let mut f = WordFilter::default();
        let words = [
            "a",
            "Ab",
            "xarray",
            "kubernetes",
            "Ωmega",
            "ApacheSparkConnector",
            "dask",
        ];
        for w in words {
            f.insert(&w.to_lowercase());
        }
        for w in words {
            assert!(f.may_contain(w) && f.may_contain(&w.to_uppercase()), "{w}");
            assert_eq!(WordFilter::hash(w), WordFilter::hash(&w.to_lowercase()));
        }
        let absent = (0..1000)
            .filter(|i| !f.may_contain(&format!("zz{i}q")))
            .count();
        assert!(
            absent > 900,
            "a filter that says yes to everything: {absent}"
        );
    }
}
