//! Words of prose, with their file ranges.

use std::ops::Range;

/// One word: letters and digits (internal `.` excluded), a trailing possessive `'s` cut off.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub text: &'a str,
    pub range: Range<usize>,
    /// Prose run it belongs to (phrases never cross runs).
    pub run: usize,
    /// Only white space separates it from the previous word of the same run.
    pub spaced_from_prev: bool,
    /// The character right before / after the word in the source, if any.
    pub before: Option<char>,
    pub after: Option<char>,
}

impl Word<'_> {
    /// Written with an initial capital or in all capitals.
    #[inline]
    pub fn is_capitalised(&self) -> bool {
        match self.text.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => self.text.chars().next().is_some_and(char::is_uppercase),
        }
    }

    /// Between double quotes (`"rubyconf"`, `“Senny”`): a word talked about, a tag or a
    /// nickname, not prose that uses it.
    pub fn in_double_quotes(&self) -> bool {
        matches!(self.before, Some('"' | '“')) && matches!(self.after, Some('"' | '”'))
    }

    pub fn is_all_caps(&self) -> bool {
        self.text.chars().any(char::is_alphabetic) && !self.text.chars().any(char::is_lowercase)
    }

    /// Part of a file name, path, e-mail address or identifier (`github.com`, `dask_ml`,
    /// `src/dask`). A slash between plain words (`Pandas/Arrow/Dask`) is a list, not a path.
    pub fn in_identifier(&self, text: &str) -> bool {
        let glue = |c: char| matches!(c, '_' | '@' | '=' | '\\' | '$' | '#');
        if self.before.is_some_and(|c| glue(c) || c == '.') || self.after.is_some_and(glue) {
            return true;
        }
        // `name.ext`: a dot followed directly by a letter or digit.
        let dotted = |s: &str| {
            s.char_indices().any(|(i, c)| {
                c == '.' && s[i + 1..].chars().next().is_some_and(char::is_alphanumeric)
            })
        };
        // `after` follows a possessive `'s` / `’s` when there is one.
        let rest = &text[after_possessive(text, self.range.end)..];
        if self.after == Some('.')
            && rest
                .strip_prefix('.')
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_alphanumeric)
        {
            return true;
        }
        if self.before == Some('/') || self.after == Some('/') {
            // After the white space, which may be more than one byte (a no-break space).
            let start = text[..self.range.start]
                .char_indices()
                .rfind(|&(_, c)| c.is_whitespace())
                .map_or(0, |(i, c)| i + c.len_utf8());
            let end = text[self.range.end..]
                .find(char::is_whitespace)
                .map_or(text.len(), |i| self.range.end + i);
            let chunk = &text[start..end];
            return chunk.starts_with(['/', '~', '.']) || chunk.contains("://") || dotted(chunk);
        }
        false
    }
}

/// Does `word` hold a letter of a script written without spaces between words or with
/// particles glued to them (Han, kana, Hangul)? Such a token is a name with a particle
/// (`Rubyに`, `MJIT의`), not a word to compare with names.
pub fn has_glued_script(word: &str) -> bool {
    !word.is_ascii()
        && word.chars().any(|c| {
            matches!(c as u32,
                0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F)
        })
}

/// `c` without its diacritic, for the Latin letters that carry one (`ö` → `o`, `Ł` → `L`).
pub fn base_letter(c: char) -> char {
    const FROM: &str = "àáâãäåāăąçćčďđèéêëēėęěğìíîïīįıłľĺñńňòóôõöøōőŕřśšşßťţùúûüūůűųýÿźżž";
    const TO: &str = "aaaaaaaaacccddeeeeeeeegiiiiiiilllnnnoooooooorrssssttuuuuuuuuyyzzz";
    if c.is_ascii() {
        return c;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    match FROM.chars().position(|f| f == lower) {
        Some(i) => {
            let b = TO.chars().nth(i).unwrap_or(lower);
            if c.is_uppercase() {
                b.to_ascii_uppercase()
            } else {
                b
            }
        }
        None => c,
    }
}

/// Do `a` and `b` differ only in diacritics and case (`Jönsson`, `Jonsson`)?
pub fn same_but_diacritics(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).all(|(x, y)| {
            base_letter(x)
                .to_lowercase()
                .eq(base_letter(y).to_lowercase())
        })
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Per byte of `x`, the high bit set where the byte's low seven bits are in `lo..hi`
/// (`hi` ≤ 0x80). Sums never carry into the next byte: each is below 0x100.
#[inline]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let v = x & !HIGH;
    let ge = v.wrapping_add(ONES * u64::from(0x80 - lo));
    let lt = !v.wrapping_add(ONES * u64::from(0x80 - hi));
    ge & lt & HIGH
}

/// Eight bytes at a time: the first index whose byte is marked by `mark` (high bit of its
/// byte in the result), then the tail byte by byte with `one`.
#[inline]
fn find_by_words(
    bytes: &[u8],
    mark: impl Fn(u64) -> u64,
    one: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let m = mark(x);
        if m != 0 {
            return Some(at + (m.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| one(b))
        .map(|k| at + k)
}

/// The first byte that is an ASCII capital or part of a multi-byte character.
fn find_upper_or_multi(bytes: &[u8]) -> Option<usize> {
    find_by_words(
        bytes,
        |x| (x & HIGH) | in_range(x, b'A', b'Z' + 1),
        |b| b.is_ascii_uppercase() || !b.is_ascii(),
    )
}

/// Eight bytes of `bytes` from `i` as a little-endian word (byte `i` lowest), zero-padded
/// past the end: a zero byte is a separator, so words never run into the padding.
#[inline]
fn load8(bytes: &[u8], i: usize) -> u64 {
    match bytes.get(i..i + 8) {
        Some(c) => u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        None => load_tail(bytes, i),
    }
}

/// [`load8`] near the end of a run: out of line, to keep the scanning loops small.
#[cold]
#[inline(never)]
fn load_tail(bytes: &[u8], i: usize) -> u64 {
    bytes[i..]
        .iter()
        .enumerate()
        .fold(0, |v, (k, &b)| v | u64::from(b) << (8 * k))
}

/// Eight ASCII spaces.
const SPACES: u64 = ONES * 0x20;

/// Per byte of `x`, the high bit set where the byte is an ASCII letter. `| 0x20` folds
/// capitals onto lowercase letters (and nothing else into `a..=z`); `& !x` drops bytes of
/// multi-byte characters, whose low seven bits may look like a letter. Digits are left to
/// the caller: rarer in words, and a second range would nearly double the cost.
#[inline]
fn letters_mask(x: u64) -> u64 {
    in_range(x | SPACES, b'a', b'z' + 1) & !x
}

/// Where a run of ASCII letters and digits ends, and what follows it.
struct AlnumEnd {
    /// The first byte that is no ASCII letter or digit, or the run's length.
    end: usize,
    /// The byte at `end` (zero at the run's end).
    stop: u8,
    /// The byte after `end` is an ASCII letter (false when not loaded; may be false for a
    /// digit).
    then_alnum: bool,
}

/// The end of the ASCII letters and digits from byte `i` of `bytes`, eight bytes at a
/// time: words are about eight bytes long, so usually one load holds the rest of the word,
/// the separator and the next word's first byte.
#[inline]
fn alnum_end(bytes: &[u8], mut i: usize) -> AlnumEnd {
    loop {
        let x = load8(bytes, i);
        let letters = letters_mask(x);
        let stops = !letters & HIGH;
        if stops == 0 {
            // The padding past the run's end stops the loop.
            i += 8;
            continue;
        }
        // The high bit of byte `k`: bit 8k + 7.
        let bit = stops.trailing_zeros();
        let end = i + (bit / 8) as usize;
        let stop = (x >> (bit - 7)) as u8;
        if stop.is_ascii_digit() {
            i = end + 1;
            continue;
        }
        return AlnumEnd {
            end,
            stop,
            // Two shifts: `bit + 8` may be 71. (A digit there is missed: no harm, the
            // caller's slow path looks again.)
            then_alnum: (letters >> bit >> 8) & 1 != 0,
        };
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenise every prose run (`runs`, byte ranges of `text`), with each word's
/// [`WordFilter::hash`] (`Document::words` caches this for a document). One pass per run: the separators between two
/// words are looked at once, to skip them and to tell whether they are only spaces. The
/// common case, an ASCII word and one space before the next, is read off one or two
/// eight-byte loads ([`alnum_end`]).
///
/// [`WordFilter::hash`]: crate::text::WordFilter::hash
pub fn tokenize<'a, I>(text: &'a str, runs: I) -> (Vec<Word<'a>>, Vec<u64>)
where
    I: Iterator<Item = Range<usize>> + Clone,
{
    // About one word per seven bytes of prose: one allocation for most documents.
    let prose: usize = runs.clone().map(|r| r.len()).sum();
    let mut words = Vec::with_capacity(prose / 7 + 8);
    let mut hashes = Vec::with_capacity(prose / 7 + 8);
    for (r, range) in runs.enumerate() {
        let s = &text[range.clone()];
        let bytes = s.as_bytes();
        // What lies between the previous word of the run and the next one.
        let mut gap = Gap::NoWord;
        let mut word = next_word(s, 0, &mut gap);
        while let Some(start) = word {
            let stop = alnum_end(bytes, start);
            // ASCII letters and digits up to an ASCII byte are the whole word (a word that
            // starts with a multi-byte letter stops at once, on a byte that is not ASCII).
            let (end, next, ascii) = if stop.stop.is_ascii() && stop.stop != b'\'' {
                // No possessive can follow: it would start with `'` or `’`.
                (stop.end, stop.end, true)
            } else if stop.stop == b'\'' || !char_at(s, stop.end).0 {
                // An apostrophe, or a multi-byte character that is no letter or digit (`’`,
                // `–`, a no-break space), ends the word, maybe before a possessive.
                (stop.end, after_possessive(s, stop.end), true)
            } else {
                // A multi-byte letter or digit goes on with the word.
                word_end_slow(s, start)
            };
            let text = &s[start..end];
            hashes.push(if ascii {
                hash_ascii_word(text.as_bytes())
            } else {
                crate::text::WordFilter::hash(text)
            });
            words.push(Word {
                text,
                range: range.start + start..range.start + end,
                run: r,
                spaced_from_prev: gap == Gap::Spaces,
                before: char_before(s, start),
                after: char_after(s, next),
            });
            // One space, then the next word's first letter: already loaded.
            word = if next == stop.end && stop.stop == b' ' && stop.then_alnum {
                gap = Gap::Spaces;
                Some(next + 1)
            } else {
                gap = Gap::Empty;
                next_word(s, next, &mut gap)
            };
        }
    }
    (words, hashes)
}

/// [`WordFilter::hash_ascii`] of a word, in two copies by length: with the length below
/// 16, the inlined hash's eight-byte loop runs at most once and loses its unrolled set-up
/// (2.4M instructions on the 1,000-post site). Nearly all words are shorter. A third copy
/// for words below 8 bytes measured worse.
///
/// [`WordFilter::hash_ascii`]: crate::text::WordFilter::hash_ascii
#[inline(always)]
fn hash_ascii_word(word: &[u8]) -> u64 {
    use crate::text::WordFilter;
    match word.len() {
        0..16 => WordFilter::hash_ascii(word),
        _ => WordFilter::hash_ascii(word),
    }
}

/// [`word_end`] for words with multi-byte characters: out of line, to keep the common
/// path's loop small.
#[inline(never)]
fn word_end_slow(s: &str, start: usize) -> (usize, usize, bool) {
    word_end(s, start)
}

/// The start of the first word at or after byte `i` of `s`, with the separators skipped on
/// the way added to `gap`.
#[inline]
fn next_word(s: &str, mut i: usize, gap: &mut Gap) -> Option<usize> {
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() {
            return Some(i);
        }
        if b.is_ascii() {
            *gap = gap.then(b == b' ');
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        if is_word_char(c) {
            return Some(i);
        }
        *gap = gap.then(c == '\u{a0}');
        i += c.len_utf8();
    }
    None
}

/// The separator seen so far after a word: none yet, only spaces (or no-break spaces),
/// or something else; before the first word of a run, nothing counts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    NoWord,
    Empty,
    Spaces,
    Other,
}

impl Gap {
    #[inline]
    fn then(self, space: bool) -> Gap {
        match self {
            Gap::NoWord => Gap::NoWord,
            Gap::Empty | Gap::Spaces if space => Gap::Spaces,
            _ => Gap::Other,
        }
    }
}

/// Call `f` with every word that starts with an uppercase letter and has at least four
/// characters, as [`tokenize`] would find them, but without looking at the words in between:
/// it jumps from one uppercase (or non-ASCII) byte to the next. `spaced_from_prev` is not
/// computed (always false).
pub fn scan_capitalised<'a>(
    text: &'a str,
    runs: impl Iterator<Item = Range<usize>>,
    mut f: impl FnMut(Word<'a>),
) {
    for (r, range) in runs.enumerate() {
        let s = &text[range.clone()];
        let bytes = s.as_bytes();
        let mut i = 0;
        while let Some(k) = find_upper_or_multi(&bytes[i..]) {
            i += k;
            // Mostly an ASCII capital: no decoding.
            let c = char_after(s, i).unwrap_or('\u{fffd}');
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            let (end, next, ascii) = word_end(s, i);
            // An ASCII word has one character per byte: no counting.
            let long = end - i >= 4 && (ascii || s[i..end].chars().count() >= 4);
            if long && c.is_uppercase() && !char_before(s, i).is_some_and(is_word_char) {
                f(make_word(s, range.start, r, i, end, next, false));
            }
            i = next;
        }
    }
}

/// The end of the word starting at byte `start` of `s`, where scanning resumes (see
/// [`after_possessive`]), and whether the whole word is ASCII.
#[inline]
fn word_end(s: &str, start: usize) -> (usize, usize, bool) {
    let bytes = s.as_bytes();
    let mut end = start;
    let mut ascii = true;
    loop {
        end = alnum_end(bytes, end).end;
        if end == bytes.len() || bytes[end].is_ascii() {
            break;
        }
        let (is_word, width) = char_at(s, end);
        if !is_word {
            break;
        }
        // Only multi-byte characters get here: ASCII letters and digits were skipped.
        ascii = false;
        end += width;
    }
    (end, after_possessive(s, end), ascii)
}

/// Where scanning resumes after a word ending at byte `end` of `s`: past a possessive
/// `'s` / `’s` (Dask's), which is no word of its own, else at `end`.
#[inline]
fn after_possessive(s: &str, end: usize) -> usize {
    let rest = &s.as_bytes()[end..];
    let apos = if rest.starts_with(b"'s") {
        1
    } else if rest.starts_with("’s".as_bytes()) {
        3
    } else {
        return end;
    };
    let after_s = end + apos + 1;
    if after_s < s.len() && char_at(s, after_s).0 {
        end
    } else {
        after_s
    }
}

#[inline(always)]
fn make_word<'a>(
    s: &'a str,
    base: usize,
    run: usize,
    start: usize,
    end: usize,
    next: usize,
    spaced: bool,
) -> Word<'a> {
    Word {
        text: &s[start..end],
        range: base + start..base + end,
        run,
        spaced_from_prev: spaced,
        before: char_before(s, start),
        after: char_after(s, next),
    }
}

/// The character ending right before byte `i` of `s` (decoded only when not ASCII).
#[inline]
fn char_before(s: &str, i: usize) -> Option<char> {
    match i.checked_sub(1).map(|k| s.as_bytes()[k]) {
        Some(b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s[..i].chars().next_back(),
        None => None,
    }
}

/// The character starting at byte `i` of `s` (decoded only when not ASCII).
#[inline]
fn char_after(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(b) if b.is_ascii() => Some(char::from(*b)),
        Some(_) => s[i..].chars().next(),
        None => None,
    }
}

/// Is the character at byte `i` of `s` a word character, and how many bytes is it?
#[inline]
fn char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = s[i..].chars().next().unwrap_or('\u{fffd}');
    (is_word_char(c), c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::source::SourceFile;

    /// The word-at-a-time scanner `tokenize` replaced (re-reads the gap before each word),
    /// kept as the reference it must agree with.
    fn reference_scan<'a>(
        doc: &Document<'a>,
        mut keep: impl FnMut(&str) -> bool,
        mut f: impl FnMut(Word<'a>),
    ) {
        for (r, run) in doc.prose.iter().enumerate() {
            let s = doc.slice(&run.range);
            let bytes = s.as_bytes();
            let mut prev_end: Option<usize> = None;
            let mut i = 0;
            while let Some(k) = bytes[i..]
                .iter()
                .position(|&b| b.is_ascii_alphanumeric() || !b.is_ascii())
            {
                i += k;
                let (is_word, width) = char_at(s, i);
                if !is_word {
                    i += width;
                    continue;
                }
                let start = i;
                let (end, next) = reference_word_end(s, start);
                i = next;
                let word = &s[start..end];
                if !keep(word) {
                    prev_end = Some(next);
                    continue;
                }
                let spaced = prev_end.is_some_and(|p| {
                    let between = &s[p..start];
                    !between.is_empty()
                        && (between.bytes().all(|b| b == b' ')
                            || between.chars().all(|c| c == ' ' || c == '\u{a0}'))
                });
                f(make_word(s, run.range.start, r, start, end, next, spaced));
                prev_end = Some(next);
            }
        }
    }

    /// [`word_end`] before it went eight bytes at a time: a byte loop.
    fn reference_word_end(s: &str, start: usize) -> (usize, usize) {
        let bytes = s.as_bytes();
        let mut end = start;
        loop {
            end += bytes[end..]
                .iter()
                .position(|&b| !b.is_ascii_alphanumeric())
                .unwrap_or(bytes.len() - end);
            if end == bytes.len() {
                break;
            }
            let (is_word, width) = char_at(s, end);
            if !is_word {
                break;
            }
            end += width;
        }
        (end, after_possessive(s, end))
    }

    #[test]
    fn tokenize_agrees_with_the_reference_scanner() {
        // Random prose from pieces that exercise every branch: possessives, no-break and
        // other spaces, multi-byte letters and punctuation, digits, separators.
        // Words of 1 to 17 bytes and gaps of 1 to 9 cross the eight-byte loads at every
        // offset; the bytes next to the letter and digit ranges (`@`, `[`, backtick, `{`,
        // `/`, `:`, DEL) and multi-byte letters whose low seven bits look like ASCII letters
        // (`À` is C3 80) test the classification.
        #[rustfmt::skip]
        let pieces = [
            "Dask", "dask", "'s", "’s", "'", "’", " ", "  ", "\u{a0}", "\u{2003}", "é", "Ünï",
            "日本", "—", "…", ".", ",", "-", "/", "_", "x", "42", "s", "İ", "ß", "Δ", "\t",
            "Kubernetes", "abcdefgh", "ABCDEFGHIJKLMNOPQ", "a1b2c3d", "@", "[", "`", "{", ":",
            "\u{7f}", "À", "ǅ", "\u{301}", "Dask’s", "Dask's", "        ", "\u{a0} ", "0",
            "9Z", "z",
        ];
        let mut rng = crate::test_rng::Rng(0x0070_6b65_6e69_7a65);
        for round in 0..20_000 {
            // Now and then a long run, to cross many loads.
            let n = rng.below(if round % 8 == 0 { 80 } else { 24 });
            let line: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
            let pad = " ".repeat(rng.below(8));
            let f = SourceFile::new(
                "t.md",
                None,
                format!("{line}\n\n{pad}A *b* {line}\n\n{pad}*{line}*\n"),
            );
            let doc = Document::parse(&f);
            let mut expected = Vec::new();
            reference_scan(&doc, |_| true, |w| expected.push(w));
            let (got, hashes) = tokenize(doc.text, doc.prose_ranges());
            fn key<'a>(
                w: &Word<'a>,
            ) -> (
                &'a str,
                Range<usize>,
                usize,
                bool,
                Option<char>,
                Option<char>,
            ) {
                (
                    w.text,
                    w.range.clone(),
                    w.run,
                    w.spaced_from_prev,
                    w.before,
                    w.after,
                )
            }
            assert_eq!(
                got.iter().map(key).collect::<Vec<_>>(),
                expected.iter().map(key).collect::<Vec<_>>(),
                "{line:?}"
            );
            let rehashed: Vec<u64> = got
                .iter()
                .map(|w| crate::text::WordFilter::hash(w.text))
                .collect();
            assert_eq!(hashes, rehashed);
            let capitalised = |t: &str| {
                t.len() >= 4
                    && t.chars().next().is_some_and(char::is_uppercase)
                    && t.chars().count() >= 4
            };
            let mut full = Vec::new();
            reference_scan(&doc, capitalised, |w| full.push(w));
            let mut fast = Vec::new();
            scan_capitalised(doc.text, doc.prose_ranges(), |w| fast.push(w));
            // `spaced_from_prev` is not computed by the capitals' scan.
            fast.iter_mut().for_each(|w| w.spaced_from_prev = false);
            full.iter_mut().for_each(|w| w.spaced_from_prev = false);
            assert_eq!(
                fast.iter().map(key).collect::<Vec<_>>(),
                full.iter().map(key).collect::<Vec<_>>(),
                "{line:?}"
            );
        }
    }

    #[test]
    fn the_eight_byte_search_agrees_with_a_byte_loop() {
        let mut rng = crate::test_rng::Rng(0x1234_5678_9abc_def1);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..20_000 {
            let len = next(24);
            // Bias towards the edges of the ranges.
            let edges = [
                0u8, b'/', b'0', b'9', b':', b'@', b'A', b'Z', b'[', b'`', b'a', b'z', b'{', 0x7f,
                0x80, 0xc3, 0xff,
            ];
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if next(2) == 0 {
                        edges[next(edges.len())]
                    } else {
                        next(256) as u8
                    }
                })
                .collect();
            assert_eq!(
                find_upper_or_multi(&bytes),
                bytes
                    .iter()
                    .position(|&b| b.is_ascii_uppercase() || !b.is_ascii()),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn alnum_end_agrees_with_a_byte_loop() {
        let mut rng = crate::test_rng::Rng(0x616c_6e75_6d5f_656e);
        let edges = [
            b'/', b'0', b'9', b':', b'@', b'A', b'Z', b'[', b'`', b'a', b'z', b'{', 0x7f, 0x80,
            0xc3, 0xc1, 0xe1, 0xff, b' ', b'\'', 0,
        ];
        for _ in 0..20_000 {
            let len = 1 + rng.below(30);
            let bytes: Vec<u8> = (0..len)
                .map(|_| match rng.below(3) {
                    0 => edges[rng.below(edges.len())],
                    1 => b'a' + rng.below(26) as u8,
                    _ => rng.below(256) as u8,
                })
                .collect();
            let start = rng.below(len);
            let got = alnum_end(&bytes, start);
            let end = bytes[start..]
                .iter()
                .position(|&b| !b.is_ascii_alphanumeric())
                .map_or(len, |k| start + k);
            assert_eq!(got.end, end, "{bytes:?} from {start}");
            assert_eq!(got.stop, bytes.get(end).copied().unwrap_or(0), "{bytes:?}");
            if got.then_alnum {
                assert!(bytes[end + 1].is_ascii_alphanumeric(), "{bytes:?}");
            }
        }
    }

    #[test]
    fn capitalised_scan_finds_what_the_full_scan_keeps() {
        let texts = [
            "Dask's scheduler, Dask-ML and github.com. iPhone 3Dprint ABCD x",
            "Ünïcode Éclair naïve Δelta Ωmega’s ÀBCD a\u{a0}Björk, Zürich Straße",
            "Kubernetes's Ab Abc Abcd Abcde O'Reilly's McDonald's co-Founder XRay2",
            "Émile émile Éé ÉÉÉÉ 日本語 Ǆemal ǅemal",
        ];
        for text in texts {
            let f = SourceFile::new("t.md", None, format!("{text}\n"));
            let doc = Document::parse(&f);
            let keep = |t: &str| {
                t.len() >= 4
                    && t.chars().next().is_some_and(char::is_uppercase)
                    && t.chars().count() >= 4
            };
            let mut full = Vec::new();
            reference_scan(&doc, keep, |w| {
                full.push((w.text, w.range, w.before, w.after))
            });
            let mut fast = Vec::new();
            scan_capitalised(doc.text, doc.prose_ranges(), |w| {
                fast.push((w.text, w.range, w.before, w.after))
            });
            assert_eq!(fast, full, "{text}");
            assert!(!full.is_empty());
        }
    }

    #[test]
    fn possessives_before_a_dot_are_no_file_names() {
        // Found by fuzzing: the character after `’s` was looked for right after the word.
        for text in ["Dask’s.md and Dask’s. Then", "Dask's.io and Dask's. Then"] {
            let f = SourceFile::new("t.md", None, format!("{text}\n"));
            let doc = Document::parse(&f);
            let w = doc.words();
            assert_eq!(w[0].text, "Dask");
            assert!(w[0].in_identifier(doc.text), "{text}");
            let second = w.iter().filter(|w| w.text == "Dask").nth(1).unwrap();
            assert!(!second.in_identifier(doc.text), "{text}");
        }
    }

    #[test]
    fn paths_after_a_multi_byte_space() {
        // Found by fuzzing: the path's start was taken one byte after a no-break space.
        for (text, path) in [
            ("see\u{a0}/src/dask for it", true),
            ("see\u{2003}./dask.md too", true),
            ("Pandas/Arrow/Dask\u{a0}teams", false),
        ] {
            let f = SourceFile::new("t.md", None, format!("{text}\n"));
            let doc = Document::parse(&f);
            let w = doc
                .words()
                .iter()
                .find(|w| w.text == "dask" || w.text == "Dask");
            assert_eq!(w.unwrap().in_identifier(doc.text), path, "{text:?}");
        }
    }

    #[test]
    fn scripts_and_diacritics() {
        assert!(has_glued_script("MJIT의") && has_glued_script("Rubyに"));
        assert!(!has_glued_script("Jönsson") && !has_glued_script("Благодаря"));
        assert!(same_but_diacritics("Jönsson", "Jonsson"));
        assert!(same_but_diacritics("José", "JOSE"));
        assert!(!same_but_diacritics("Jönson", "Jonsson"));
        assert!(!same_but_diacritics("Dask", "Desk"));
        assert_eq!(base_letter('Ł'), 'L');
    }

    #[test]
    fn splits_words_and_drops_possessives() {
        let f = SourceFile::new(
            "t.md",
            None,
            "Dask's scheduler, Dask-ML and github.com.\n".into(),
        );
        let doc = Document::parse(&f);
        let w: Vec<&str> = doc.words().iter().map(|w| w.text).collect();
        assert_eq!(
            w,
            ["Dask", "scheduler", "Dask", "ML", "and", "github", "com"]
        );
        let ws = doc.words();
        assert!(ws[5].in_identifier(doc.text));
        let f2 = SourceFile::new(
            "t.md",
            None,
            "On github. Then ../src/github and a.b there\n".into(),
        );
        let d2 = Document::parse(&f2);
        let w2 = d2.words();
        assert!(
            !w2[1].in_identifier(d2.text),
            "sentence end is no file name"
        );
        assert!(w2[4].in_identifier(d2.text), "path");
        assert!(!ws[0].in_identifier(doc.text));
        assert!(ws[1].spaced_from_prev && !ws[2].spaced_from_prev && !ws[3].spaced_from_prev);
    }
}
