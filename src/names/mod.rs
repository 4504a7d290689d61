//! Canonical names and near misses: the index behind `name-spelling` and `name-case`.
//!
//! Names come from pack entries of kind `names` (`rules/names.yml` and user packs). Lookup
//! never compares a word with every name: exact matches go through a map of lowercase
//! words, near misses through a SymSpell-style deletion index (every canonical word's
//! deletions up to its allowed distance, keyed by the deleted string), verified with the
//! optimal-string-alignment distance.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Deserialize;

use crate::text::words::Word;
use crate::text::{dictionary, distance, WordFilter};

/// A `names` pack entry: canonical spellings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamesSpec {
    pub name: String,
    #[serde(default)]
    pub summary: Option<String>,
    pub names: Vec<NameItem>,
}

/// A name: `Dask`, or `{name: NumPy, package: numpy, variants: [Numpy]}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum NameItem {
    Plain(String),
    Full(FullName),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FullName {
    pub name: String,
    /// A lowercase package or command name accepted as is in prose.
    #[serde(default)]
    pub package: Option<String>,
    /// Known wrong spellings, reported whatever their distance.
    #[serde(default)]
    pub variants: Vec<String>,
}

impl NameItem {
    fn parts(&self) -> (&str, Option<&str>, &[String]) {
        match self {
            NameItem::Plain(n) => (n, None, &[]),
            NameItem::Full(f) => (&f.name, f.package.as_deref(), &f.variants),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Name {
    pub canonical: String,
    pub words: Vec<String>,
    pub lower: Vec<String>,
    pub package: Option<String>,
}

/// How far a word may be from a canonical word of `len` characters.
pub fn max_distance(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Lowercase word → its near-miss candidates, for one [`NameIndex`] (by id).
type NearMemo = HashMap<String, Vec<(u32, u8)>>;

/// Word positions within a name (at most 8 words), without allocating.
#[derive(Default)]
struct Picks {
    at: [usize; 8],
    len: usize,
}

impl Picks {
    fn push(&mut self, k: usize) {
        self.at[self.len] = k;
        self.len += 1;
    }
}

impl std::ops::Deref for Picks {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        &self.at[..self.len]
    }
}

/// `word` in lowercase, written into `buf` (no allocation once `buf` has grown).
pub fn lowercase_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&word.to_lowercase());
    }
}

fn split_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The index of every canonical name of a profile.
///
/// `fuzzy` holds deletion keys of single-word names only; see [`NameIndex::scan`].
#[derive(Debug, Default)]
pub struct NameIndex {
    names: Vec<Name>,
    /// lowercase word → (name, word position)
    exact: HashMap<String, Vec<(u32, u8)>>,
    /// deletion key → (name, word position), for words of 4+ characters
    fuzzy: HashMap<String, Vec<(u32, u8)>>,
    /// lowercase known wrong spelling → name (single-word names)
    variants: HashMap<String, u32>,
    /// Identifies this index for the per-thread memo of near-miss candidates.
    id: u64,
    /// Every key of `exact` and `variants`: most words of a text are no name word, and
    /// this answers that from a few KiB that stay in cache, whatever the number of names.
    filter: WordFilter,
    /// For each ASCII first letter, a bit per length (up to 63) of the single-word names
    /// that can have near misses: a word can only be near a name with its first letter and
    /// a length within two of its own, which rules out most capitalised words at once.
    shapes: Vec<u64>,
}

/// What a match found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// Written exactly right.
    Correct,
    /// A near miss or a known variant.
    Spelling,
    /// The right letters in the wrong case.
    Case,
}

/// A name found in the text, as a run of words.
#[derive(Debug, Clone)]
pub struct NameMatch {
    pub name: u32,
    pub kind: MatchKind,
    /// Word indices (into the slice given to [`NameIndex::scan`]), start..end.
    pub words: std::ops::Range<usize>,
    /// The words that differ from the canonical spelling.
    pub wrong: Vec<usize>,
    /// How many names are near misses of the same words (a fix is safe only when 1).
    pub alternatives: usize,
}

impl NameIndex {
    pub fn new(items: &[NameItem]) -> Self {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut index = NameIndex {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..NameIndex::default()
        };
        let mut seen = HashSet::default();
        for item in items {
            let (canonical, package, variants) = item.parts();
            if canonical.trim().is_empty() || !seen.insert(canonical.to_string()) {
                continue;
            }
            let words = split_words(canonical);
            if words.is_empty() || words.len() > 8 {
                continue;
            }
            let id = index.names.len() as u32;
            let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            for (pos, w) in lower.iter().enumerate() {
                index
                    .exact
                    .entry(w.clone())
                    .or_default()
                    .push((id, pos as u8));
                // Near misses are looked up for single-word names only: a phrase is always
                // found through one of its exactly written words (a phrase with none is
                // never reported), and `align` then compares the others.
                let depth = if words.len() == 1 {
                    max_distance(w.chars().count())
                } else {
                    0
                };
                if depth > 0 {
                    let mut keys = Vec::new();
                    distance::deletes(w, depth, &mut keys);
                    keys.sort_unstable();
                    keys.dedup();
                    for k in keys {
                        index.fuzzy.entry(k).or_default().push((id, pos as u8));
                    }
                }
            }
            if words.len() == 1 && max_distance(lower[0].chars().count()) > 0 {
                if let Some(first) = lower[0].chars().next().filter(char::is_ascii) {
                    if index.shapes.is_empty() {
                        index.shapes = vec![0; 128];
                    }
                    let len = lower[0].chars().count().min(63);
                    index.shapes[first as usize] |= 1 << len;
                }
            }
            if words.len() == 1 {
                for v in variants {
                    index.variants.insert(v.to_lowercase(), id);
                }
            }
            index.names.push(Name {
                canonical: canonical.to_string(),
                words,
                lower,
                package: package.map(str::to_string),
            });
        }
        let keys: Vec<String> = index
            .exact
            .keys()
            .chain(index.variants.keys())
            .cloned()
            .collect();
        index.filter = WordFilter::for_keys(keys.len());
        for k in keys {
            index.filter.insert(&k);
        }
        index
    }

    /// The single-word names `lower` may be a near miss of (sorted, deduplicated): the
    /// deletion keys of the word looked up in `fuzzy`. Memoised per thread, because the
    /// same unknown capitalised words (people, places) come back in post after post.
    fn near_candidates(&self, lower: &str, out: &mut Vec<(u32, u8)>) {
        thread_local! {
            static MEMO: std::cell::RefCell<(u64, NearMemo)> =
                std::cell::RefCell::new((0, HashMap::default()));
        }
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.0 != self.id {
                *memo = (self.id, HashMap::default());
            }
            if let Some(c) = memo.1.get(lower) {
                out.extend_from_slice(c);
                out.sort_unstable();
                out.dedup();
                return;
            }
            // Words of 8+ letters may be two edits away; those need a word of 6+.
            let depth = if lower.chars().count() >= 6 { 2 } else { 1 };
            let mut keys = Vec::new();
            distance::deletes(lower, depth, &mut keys);
            let mut found = Vec::new();
            for k in &keys {
                if let Some(c) = self.fuzzy.get(k) {
                    found.extend_from_slice(c);
                }
            }
            found.sort_unstable();
            found.dedup();
            out.extend_from_slice(&found);
            out.sort_unstable();
            out.dedup();
            if memo.1.len() >= 100_000 {
                memo.1.clear();
            }
            memo.1.insert(lower.to_string(), found);
        });
    }

    /// Could `word` (of `len` characters) be a near miss of some single-word name?
    fn maybe_near(&self, word: &str, len: usize) -> bool {
        let first = match word.as_bytes().first() {
            None => return false,
            Some(b) if b.is_ascii() => char::from(b.to_ascii_lowercase()),
            // Lowercasing a character always yields one (the first byte begins one).
            Some(_) => word
                .chars()
                .flat_map(char::to_lowercase)
                .next()
                .unwrap_or('\0'),
        };
        if !first.is_ascii() {
            return true;
        }
        let Some(&bits) = self.shapes.get(first as usize) else {
            // No single-word name with near misses at all.
            return false;
        };
        // Lengths of 63 and more share the last bit.
        let lo = len.saturating_sub(2).min(63);
        let hi = len.saturating_add(2).min(63);
        let mask = if hi >= 63 {
            u64::MAX << lo
        } else {
            ((1u64 << (hi + 1)) - 1) & (u64::MAX << lo)
        };
        bits & mask != 0
    }

    pub fn name(&self, id: u32) -> &Name {
        &self.names[id as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The single-word names `word` (lowercase, not a dictionary word) is a near miss of,
    /// in any case, with the same first letter: for a brand written in lowercase by
    /// mistake (`gitub` for `GitHub`).
    pub fn near_names(&self, lower: &str) -> Vec<u32> {
        let len = lower.chars().count();
        if len < 4 || !self.maybe_near(lower, len) {
            return Vec::new();
        }
        let mut cands = Vec::new();
        self.near_candidates(lower, &mut cands);
        let mut out: Vec<u32> = cands
            .iter()
            .filter(|&&(id, pos)| pos == 0 && self.names[id as usize].words.len() == 1)
            .map(|&(id, _)| id)
            .filter(|&id| {
                let canon = &self.names[id as usize].lower[0];
                canon.chars().next() == lower.chars().next()
                    && distance::osa(lower, canon, max_distance(canon.chars().count())).is_some()
                    && !(lower.len() > canon.len() && lower.starts_with(canon.as_str()))
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Is `lower` a word of some canonical name?
    pub fn is_name_word(&self, lower: &str) -> bool {
        self.exact.contains_key(lower)
    }

    /// Find names, their near misses and their wrong-case forms in `words`. Overlapping
    /// matches are resolved in favour of longer names, then of correct spellings.
    pub fn scan(&self, text: &str, words: &[Word]) -> Vec<NameMatch> {
        let hashes: Vec<u64> = words.iter().map(|w| WordFilter::hash(w.text)).collect();
        self.scan_hashed(text, words, &hashes)
    }

    /// [`NameIndex::scan`] with each word's [`WordFilter::hash`] given
    /// ([`crate::document::Document::word_hashes`]).
    pub fn scan_hashed(&self, text: &str, words: &[Word], hashes: &[u64]) -> Vec<NameMatch> {
        let dict = dictionary::get();
        let mut found: Vec<NameMatch> = Vec::new();
        let mut tried: HashSet<(u32, usize)> = HashSet::default();
        let mut candidates: Vec<(u32, u8)> = Vec::new();
        let mut lower = String::new();
        let lists = KeywordLists::default();
        for (i, (w, &h)) in words.iter().zip(hashes).enumerate() {
            let listed = self.filter.may_contain_hash(h);
            let may_be_near = w.is_capitalised() && {
                let len = w.text.chars().count();
                len >= 4 && self.maybe_near(w.text, len)
            };
            if !listed && !may_be_near {
                continue;
            }
            lowercase_into(w.text, &mut lower);
            candidates.clear();
            // The filter holds every key of both maps: a word it rules out is in neither.
            let exact = listed.then(|| self.exact.get(lower.as_str())).flatten();
            if let Some(c) = exact {
                candidates.extend_from_slice(c);
            }
            let variant = listed.then(|| self.variants.get(lower.as_str())).flatten();
            if let Some(&id) = variant {
                if !self.names[id as usize].lower.contains(&lower) {
                    found.push(NameMatch {
                        name: id,
                        kind: MatchKind::Spelling,
                        words: i..i + 1,
                        wrong: vec![i],
                        alternatives: 1,
                    });
                }
            }
            // Near misses only for words written like names (capitalised).
            if may_be_near && exact.is_none() && !dict.is_known(&lower) {
                self.near_candidates(&lower, &mut candidates);
            }
            for &(id, pos) in &candidates {
                let pos = pos as usize;
                if pos > i {
                    continue;
                }
                // A phrase is reached from each of its words: align it once per start.
                if self.names[id as usize].words.len() > 1 && !tried.insert((id, i - pos)) {
                    continue;
                }
                if let Some(m) = self.align(text, words, id, i - pos, dict, &lists) {
                    found.push(m);
                }
            }
        }
        // Usually every match stands alone, in order: nothing to resolve.
        if found.windows(2).all(|w| w[0].words.end <= w[1].words.start) {
            return found;
        }
        let mut per_span: HashMap<(usize, usize), HashSet<u32>> = HashMap::default();
        for m in found.iter().filter(|m| m.kind == MatchKind::Spelling) {
            per_span
                .entry((m.words.start, m.words.end))
                .or_default()
                .insert(m.name);
        }
        for m in &mut found {
            if let Some(names) = per_span.get(&(m.words.start, m.words.end)) {
                m.alternatives = names.len();
            }
        }
        // Longest first, then correct before wrong; keep non-overlapping.
        found.sort_by_key(|m| (std::cmp::Reverse(m.words.len()), m.kind, m.words.start));
        let mut taken = vec![false; words.len()];
        let mut out = Vec::new();
        for m in found {
            if m.words.clone().any(|i| taken[i]) {
                continue;
            }
            for i in m.words.clone() {
                taken[i] = true;
            }
            out.push(m);
        }
        out.sort_by_key(|m| m.words.start);
        out
    }

    /// Compare name `id` with the words starting at `start`, with every guard applied.
    fn align(
        &self,
        text: &str,
        words: &[Word],
        id: u32,
        start: usize,
        dict: &dictionary::Dictionary,
        lists: &KeywordLists,
    ) -> Option<NameMatch> {
        let name = &self.names[id as usize];
        let n = name.words.len();
        let slice = words.get(start..start + n)?;
        if slice.iter().any(|w| w.run != slice[0].run)
            || slice[1..].iter().any(|w| !w.spaced_from_prev)
        {
            return None;
        }
        // Exactly written words cost no allocation: most matches are plain correct names.
        let mut exact = Picks::default();
        let mut case = Picks::default();
        let mut fuzzy = Picks::default();
        let mut wl = String::new();
        for (k, w) in slice.iter().enumerate() {
            let (canon, lower) = (&name.words[k], &name.lower[k]);
            if w.text == canon {
                exact.push(k);
                continue;
            }
            lowercase_into(w.text, &mut wl);
            if wl == *lower {
                case.push(k);
            } else {
                let max = max_distance(canon.chars().count());
                let same_first = wl.chars().next() == lower.chars().next();
                // Same shape: capitalised like the name, and in capitals only if the name
                // is (`Naga` is no misspelt `NASA`).
                let canon_caps = canon.chars().any(char::is_alphabetic)
                    && !canon.chars().any(char::is_lowercase);
                let same_shape = w.is_capitalised()
                    == canon.chars().next().is_some_and(char::is_uppercase)
                    && (n > 1 || w.is_all_caps() == canon_caps);
                // Short acronyms differ by one letter all the time (NASM, NCSA, NASA).
                // Short acronyms differ by one letter all the time (NASM, NCSA, NASA); two
                // letters swapped are still a slip (`CDUA`).
                let short_acronym =
                    canon_caps && canon.chars().count() < 6 && !same_letters(&wl, lower);
                // One letter more, less or other makes another short name (`PySpy` and
                // `PyPA` are no `PyPy` or `PyPI`): short names are misspelt by swapping
                // two letters. And a name with an ending is a word made from it
                // (`Googler`).
                let short_other = canon.chars().count() < 5 && !same_letters(&wl, lower);
                let derived = wl.len() > lower.len() && wl.starts_with(lower.as_str());
                if max == 0
                    || crate::text::words::has_glued_script(w.text)
                    || !same_first
                    || !same_shape
                    || (n == 1 && (short_acronym || short_other || derived))
                {
                    return None;
                }
                // Two edits only when the word still ends like the name (`Rasterize` is a
                // verb, not a misspelt `Rasterio`).
                match distance::osa(&wl, lower, max) {
                    None => return None,
                    Some(2) if wl.chars().last() != lower.chars().last() => return None,
                    Some(_) => {}
                }
                fuzzy.push(k);
            }
        }
        if slice.iter().any(|w| w.in_identifier(text)) {
            return None;
        }
        // A lowercase word in a hyphenated compound is a package or command name
        // (`aws-lc-rs`, `github-pages`), not a name in prose.
        // And one beside a slash is part of a path (`github/pages-gem`).
        let compound = |w: &Word| {
            !w.text.chars().any(char::is_uppercase) && matches!(w.before, Some('-' | '/'))
                || !w.text.chars().any(char::is_uppercase) && matches!(w.after, Some('-' | '/'))
        };
        let at = |ks: &[usize]| ks.iter().map(|k| start + k).collect::<Vec<_>>();
        if !fuzzy.is_empty() {
            let anchors = exact.len() + case.len();
            let ok = if n == 1 {
                let w = &slice[0];
                let wl = w.text.to_lowercase();
                // A capitalised neighbour that is no ordinary word and no name word makes
                // the word part of a person's or a company's name (`Lauren Ancona`, `Conde
                // Nast`), not a misspelt `Anaconda` or `Conda`.
                let person = |j: usize| {
                    let o = &words[j];
                    o.run == w.run
                        && o.is_capitalised()
                        && !o.is_all_caps()
                        && !o.text.chars().any(|c| c.is_ascii_digit())
                        && {
                            let ol = o.text.to_lowercase();
                            !dict.is_common(&ol) && !self.exact.contains_key(&ol)
                        }
                };
                let beside_name = (start > 0 && w.spaced_from_prev && person(start - 1))
                    || (start + 1 < words.len()
                        && words[start + 1].spaced_from_prev
                        && person(start + 1));
                !dict.is_known(&wl)
                    && !self.exact.contains_key(&wl)
                    && !other_form(w.text, &name.canonical)
                    && !beside_name
            } else {
                // A phrase: at least as many right words as wrong ones, and a wrong word that
                // is a real English word needs a strong anchor.
                let strong = exact.len() + case.len() >= 2
                    || exact
                        .iter()
                        .chain(case.iter())
                        .any(|&k| !dict.is_common(&name.lower[k]));
                anchors >= 1
                    && fuzzy.len() <= anchors
                    && fuzzy
                        .iter()
                        .all(|&k| strong || !dict.is_known(&slice[k].text.to_lowercase()))
            };
            return ok.then(|| NameMatch {
                name: id,
                kind: MatchKind::Spelling,
                words: start..start + n,
                wrong: at(&fuzzy),
                alternatives: 1,
            });
        }
        if case.is_empty() {
            return Some(NameMatch {
                name: id,
                kind: MatchKind::Correct,
                words: start..start + n,
                wrong: Vec::new(),
                alternatives: 1,
            });
        }
        // Wrong case: only where it cannot be an ordinary word, a package name or a
        // capitalised sentence start.
        let ok = if n == 1 {
            let w = &slice[0];
            let wl = w.text.to_lowercase();
            let canon = &name.words[0];
            let all_caps_shout = w.is_all_caps() && canon.chars().any(char::is_lowercase);
            let package = name.package.as_deref() == Some(w.text);
            let sentence_capital = canon.chars().next().is_some_and(char::is_lowercase)
                && w.text.chars().skip(1).eq(canon.chars().skip(1));
            !dict.is_common(&wl)
                && !all_caps_shout
                && !package
                && !sentence_capital
                && !compound(w)
                && !lists.contains(text, w)
        } else {
            exact.iter().any(|&k| !dict.is_common(&name.lower[k]))
                && !slice.iter().all(Word::is_all_caps)
        };
        ok.then(|| NameMatch {
            name: id,
            kind: MatchKind::Case,
            words: start..start + n,
            wrong: at(&case),
            alternatives: 1,
        })
    }
}

/// Do `a` and `b` hold the same letters (one is the other with letters swapped)?
pub fn same_letters(a: &str, b: &str) -> bool {
    let mut x: Vec<char> = a.chars().collect();
    let mut y: Vec<char> = b.chars().collect();
    x.sort_unstable();
    y.sort_unstable();
    x == y
}

/// Is `word` another form of the name `canonical` rather than a misspelling of it: a word
/// with digits (`HDF5`, `Py3k`, `Caffe2`: versions and other names), the same letters with
/// other diacritics (`José`, `Jose`), or a token with a particle glued to it (`MJIT의`)?
pub fn other_form(word: &str, canonical: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || canonical.chars().any(|c| c.is_ascii_digit())
        || crate::text::words::has_glued_script(word)
        || crate::text::words::same_but_diacritics(word, canonical)
}

/// Whether words are items of keyword lists (see [`keyword_list`]), remembered for the
/// stretch of line the last answer holds for: a long line of names was read once per name.
#[derive(Default)]
struct KeywordLists(std::cell::Cell<Option<(std::ops::Range<usize>, bool)>>);

impl KeywordLists {
    fn contains(&self, text: &str, w: &Word) -> bool {
        let last = self.0.take();
        let (stretch, yes) = match last {
            Some((r, yes)) if r.start <= w.range.start && w.range.end <= r.end => (r, yes),
            _ => keyword_list(text, w),
        };
        self.0.set(Some((stretch, yes)));
        yes
    }
}

/// Is `w` an item of a line's list of lowercase keywords (see [`keyword_list`])?
pub(crate) fn in_keyword_list(text: &str, w: &Word) -> bool {
    keyword_list(text, w).1
}

/// Is `w` an item of a line's list of lowercase keywords (`Tags: dask, pydata, python`)?
/// At least three comma-separated items after the line's last `:` before the word, each one
/// lowercase token: tags and keywords keep their own case. Also returns the stretch of text
/// around `w`, between the nearest `:` or line ends, where every word has the same answer.
fn keyword_list(text: &str, w: &Word) -> (std::ops::Range<usize>, bool) {
    let b = text.as_bytes();
    let start = memchr::memrchr3(b':', b'\n', b'\r', &b[..w.range.start]).map_or(0, |i| i + 1);
    let end = memchr::memchr3(b':', b'\n', b'\r', &b[w.range.end..])
        .map_or(text.len(), |i| w.range.end + i);
    // A `:` later on the line is in an item: no keyword has one.
    if b.get(end) == Some(&b':') {
        return (start..end, false);
    }
    let list = &text[start..end];
    let items: Vec<&str> = list
        .split(',')
        .map(|i| {
            // A quote or list marker before the first item, quotes around the list.
            let i = i.trim();
            // `..., and tasken.`: the last item after `and` or `or`.
            let i = i
                .strip_prefix("and ")
                .or_else(|| i.strip_prefix("or "))
                .unwrap_or(i);
            i.trim_start_matches(['>', '-', '+', ' '])
                .trim_matches(['*', '_', '`', '.', '"', '\'', '“', '”', ' '])
        })
        .collect();
    let yes = items.len() >= 3
        && items.iter().all(|i| {
            !i.is_empty()
                && i.chars().all(|c| {
                    c.is_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.' | '+')
                })
        });
    (start..end, yes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::source::SourceFile;

    fn index() -> NameIndex {
        let items: Vec<NameItem> = [
            "Dask",
            "Dask Down Under",
            "Capital One",
            "RAPIDS",
            "NVIDIA",
            "GitHub",
            "YouTube",
            "Howard Hughes Medical Institute",
            "Python",
            "PyPy",
            "Google",
            "Pangeo",
            "Rasterio",
            "Kubernetes",
        ]
        .iter()
        .map(|s| NameItem::Plain(s.to_string()))
        .chain([NameItem::Full(FullName {
            name: "NumPy".into(),
            package: Some("numpy".into()),
            variants: vec!["Numpie".into()],
        })])
        .collect();
        NameIndex::new(&items)
    }

    fn found(text: &str) -> Vec<(MatchKind, String, String)> {
        let f = SourceFile::new("t.md", None, text.to_string());
        let doc = Document::parse(&f);
        let words = doc.words();
        let idx = index();
        idx.scan(doc.text, words)
            .into_iter()
            .filter(|m| m.kind != MatchKind::Correct)
            .map(|m| {
                let span =
                    &doc.text[words[m.words.start].range.start..words[m.words.end - 1].range.end];
                (m.kind, span.to_string(), idx.name(m.name).canonical.clone())
            })
            .collect()
    }

    /// Linear on a long line of names: each wrong-case name read its whole line again to
    /// tell whether it is in a list of keywords. A lone CR ends a line there too.
    #[test]
    fn long_lines_of_names_take_linear_time() {
        for piece in ["github ", "github\r", "a: github "] {
            crate::rules::test_support::assert_linear(
                2_000,
                |n| piece.repeat(n),
                |text| assert_eq!(found(text).len(), text.matches("github").count()),
            );
        }
        let lists = found("Tags: github, pydata, python\rWe use github here.\r");
        assert_eq!(lists.len(), 1, "{lists:?}");
        assert_eq!(
            found("Tags: github, pydata, python\nWe use github.\n").len(),
            1
        );
    }

    #[test]
    fn near_misses_of_names_and_phrases() {
        assert_eq!(found("The Dask Dwon Under event")[0].1, "Dask Dwon Under");
        assert_eq!(found("Captial One Labs hosted")[0].2, "Capital One");
        assert_eq!(
            found("the Howard Hughes Medial Institute")[0].2,
            "Howard Hughes Medical Institute"
        );
        assert_eq!(found("Pandas/Arrow/RAPDIS/Dask teams")[0].2, "RAPIDS");
        assert_eq!(found("Numpie arrays")[0].2, "NumPy");
        assert_eq!(found("on Kubernets clusters")[0].2, "Kubernetes");
        assert_eq!(found("with Kuberentes clusters")[0].2, "Kubernetes");
        // A short name, misspelt by a wrong or swapped letter.
        assert_eq!(found("on Dsak clusters")[0].2, "Dask");
    }

    #[test]
    fn wrong_case_beside_keyword_lists() {
        // Two items are no keyword list, nor is a list with a capitalised item.
        let f = found("Tags: github, python\n\nUses: github, Python, dask\n");
        assert_eq!(f.len(), 3, "{f:?}");
    }

    #[test]
    fn words_of_any_length_pass_the_shape_prefilter() {
        // Found by fuzzing: a 90-letter capitalised word overflowed the length mask.
        let idx = index();
        for len in [1, 4, 61, 62, 63, 64, 65, 66, 90, 1000] {
            let word = format!("D{}", "a".repeat(len - 1));
            let _ = idx.maybe_near(&word, len);
        }
        let long = format!("J{}", "J".repeat(89));
        assert!(found(&format!("{long} and Dask.")).is_empty());
    }

    #[test]
    fn wrong_case() {
        let f = found("Anaconda and Nvidia sponsored; the Dask youtube channel; Dask down under; our github repo");
        let spans: Vec<&str> = f.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(spans, ["Nvidia", "youtube", "Dask down under", "github"]);
        assert!(f.iter().all(|x| x.0 == MatchKind::Case));
    }

    #[test]
    fn not_flagged() {
        for text in [
            "NVIDIA and GitHub and YouTube and RAPIDS and Dask Down Under",
            "Dusk fell over the river rapids; a python in the grass",
            "see github.com/dask and dask_ml and numpy arrays",
            "Ben Leighton, CSIRO and Genevieve Buckley",
            "The capital one needs is small",
            "GITHUB IN CAPITALS",
            "Dash and Desk and Task are words",
            "Rasterize the tiles",
            "NASM and NCSA are not NASA, nor is Naga",
            "the aws-lc-rs crate and github-pages",
            "Tags: dask, github, python, tutorial",
            "keywords: **kubernetes**, helm, youtube",
            "PyPy is fast; PySpy and PyPyy are other tools, as is PyPA",
            "> kubernetes, github, youtube, python",
            "Lauren Rasterion spoke, then Jane Kubernets",
            "HDF5 and Kubernetes2 and Rasterio3 files",
            "a Googler and two Pythonistas",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
