//! The embedded English word list (`rules/dictionary.txt`): a guard so that real words are
//! never reported as misspelt names. The build script lays each section out as an
//! open-addressing hash table of (offset, length, hash tag) entries pointing into the
//! embedded text: a lookup is one hash and a probe or two, and nothing is built at startup,
//! which matters for the one-file runs of pre-commit.

use super::word_hash::word_hash;

static TEXT: &str = include_str!("../../rules/dictionary.txt");
static COMMON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dictionary-common.bin"));
static PROPER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/dictionary-proper.bin"));
static FREQUENT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tier-frequent.bin"));
static RARE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tier-rare.bin"));
static TECH: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/tier-tech.bin"));

/// Sorted little-endian 32-bit fingerprints ([`super::word_hash::fingerprint`]).
struct Prints(&'static [u8]);

impl Prints {
    fn contains(&self, word: &str) -> bool {
        let p = super::word_hash::fingerprint(word.as_bytes());
        let n = self.0.len() / 4;
        let at = |i: usize| {
            let b = &self.0[i * 4..i * 4 + 4];
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        };
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match at(mid).cmp(&p) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

pub struct Dictionary {
    /// Ordinary words (lowercase).
    common: Table,
    /// Proper nouns, lowercased.
    proper: Table,
}

static DICTIONARY: Dictionary = Dictionary {
    common: Table(COMMON),
    proper: Table(PROPER),
};

pub fn get() -> &'static Dictionary {
    &DICTIONARY
}

/// Slots of 8 little-endian bytes: offset (32 bits) | length (8) | top 24 bits of the hash;
/// 0 is an empty slot. The slot count is a power of two.
struct Table(&'static [u8]);

impl Table {
    fn slot(&self, i: usize) -> u64 {
        let b = &self.0[i * 8..i * 8 + 8];
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }

    fn len(&self) -> usize {
        self.0.len() / 8
    }

    fn contains(&self, word: &str) -> bool {
        let n = self.len();
        if n == 0 || word.is_empty() || word.len() > 255 {
            return false;
        }
        let mask = n - 1;
        let h = word_hash(word.as_bytes());
        let tag = h >> 40;
        let mut i = (h as usize) & mask;
        loop {
            let e = self.slot(i);
            if e == 0 {
                return false;
            }
            let (offset, len) = ((e >> 32) as usize, ((e >> 24) & 0xff) as usize);
            if e & 0xff_ffff == tag
                && len == word.len()
                && TEXT.as_bytes().get(offset..offset + len) == Some(word.as_bytes())
            {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    #[cfg(test)]
    fn words(&self) -> impl Iterator<Item = &'static str> + '_ {
        (0..self.len()).filter_map(|i| {
            let e = self.slot(i);
            let (offset, len) = ((e >> 32) as usize, ((e >> 24) & 0xff) as usize);
            (e != 0).then(|| &TEXT[offset..offset + len])
        })
    }
}

impl Dictionary {
    /// An ordinary (lowercase) English word. `lower` must be lowercase.
    pub fn is_common(&self, lower: &str) -> bool {
        let has = |w: &str| self.common.contains(w);
        has(lower) || plural_of(lower).is_some_and(has)
    }

    /// Any word of the list, ordinary or proper noun. `lower` must be lowercase.
    pub fn is_known(&self, lower: &str) -> bool {
        self.is_common(lower) || self.proper.contains(lower)
    }

    /// A word of the larger list (SCOWL size 70) that the main list lacks: a real, rare
    /// word (`rules/dictionary-tiers.txt`). `lower` must be lowercase.
    pub fn is_rare(&self, lower: &str) -> bool {
        Prints(RARE).contains(lower)
    }

    /// A word of software and its community the lists lack (`backend`, `meetup`).
    /// `lower` must be lowercase.
    pub fn is_tech(&self, lower: &str) -> bool {
        Prints(TECH).contains(lower)
    }

    /// An ordinary word as listed, or a listed word with one `s` (not `servers` + `s`, as
    /// [`Dictionary::is_common`] allows). `lower` must be lowercase.
    pub fn is_listed(&self, lower: &str) -> bool {
        self.common.contains(lower)
            || lower
                .strip_suffix('s')
                .is_some_and(|b| b.len() >= 3 && !b.ends_with('s') && self.common.contains(b))
    }

    /// One of the common words (SCOWL size 35). `lower` must be lowercase.
    pub fn is_frequent(&self, lower: &str) -> bool {
        Prints(FREQUENT).contains(lower)
    }
}

fn plural_of(word: &str) -> Option<&str> {
    word.strip_suffix('s').filter(|s| s.len() >= 3)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_tables_hold_every_line_of_the_word_list() {
        let d = super::get();
        let text = super::TEXT;
        let (common, proper) = text.split_once("\n%proper\n").expect("two sections");
        let lines = |s: &'static str| {
            s.lines()
                .map(|l| l.trim_end_matches('\r'))
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect::<std::collections::BTreeSet<_>>()
        };
        let (common, proper) = (lines(common), lines(proper));
        assert!(common.len() > 50_000 && proper.len() > 5_000);
        assert_eq!(
            d.common.words().collect::<std::collections::BTreeSet<_>>(),
            common
        );
        assert_eq!(
            d.proper.words().collect::<std::collections::BTreeSet<_>>(),
            proper
        );
        assert!(common.iter().all(|w| d.common.contains(w)));
        assert!(proper.iter().all(|w| d.proper.contains(w)));
    }

    #[test]
    fn tiers() {
        let d = super::get();
        assert!(d.is_frequent("house") && d.is_frequent("because"));
        assert!(!d.is_frequent("abaft") && d.is_common("abaft"));
        assert!(d.is_rare("aardwolf") && !d.is_rare("house") && !d.is_rare("levarage"));
        assert!(d.is_rare("colour") || d.is_known("colour"));
        assert!(d.is_tech("backend") && !d.is_tech("house"));
        assert!(d.is_listed("servers") && !d.is_listed("serverss") && d.is_common("serverss"));
        let text = include_str!("../../rules/dictionary-tiers.txt");
        let rare = text.split_once("%rare\n").unwrap().1;
        assert!(rare.lines().all(|w| d.is_rare(w)));
    }

    #[test]
    fn knows_common_and_proper_words() {
        let d = super::get();
        assert!(d.is_common("medial") && d.is_common("dusk") && d.is_common("rapids"));
        assert!(!d.is_common("github") && d.is_known("github"));
        assert!(!d.is_known("dask") && !d.is_known("rapdis") && !d.is_known("captial"));
        assert!(!d.is_known("") && !d.is_common("medialx") && !d.is_common("media\n"));
    }
}
