//! Words of prose, with their file ranges.

use std::ops::Range;

use super::Document;

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
            let start = text[..self.range.start]
                .rfind(char::is_whitespace)
                .map_or(0, |i| i + 1);
            let end = text[self.range.end..]
                .find(char::is_whitespace)
                .map_or(text.len(), |i| self.range.end + i);
            let chunk = &text[start..end];
            return chunk.starts_with(['/', '~', '.']) || chunk.contains("://") || dotted(chunk);
        }
        false
    }
}

/// Byte classes for the scanning loops: an ASCII letter or digit, other ASCII, or part of
/// a multi-byte character (decoded and tested with [`is_word_char`]).
const SEP: u8 = 0;
const ALNUM: u8 = 1;
const MULTI: u8 = 2;
static CLASS: [u8; 256] = {
    let mut t = [SEP; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b >= 128 {
            MULTI
        } else if (b as u8).is_ascii_alphanumeric() {
            ALNUM
        } else {
            SEP
        };
        b += 1;
    }
    t
};

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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenise every prose run of `doc`, with each word's [`WordFilter::hash`] (use
/// [`Document::words`], which caches this). One pass per run: the separators between two
/// words are looked at once, to skip them and to tell whether they are only spaces.
///
/// [`WordFilter::hash`]: crate::names::WordFilter::hash
pub fn tokenize<'a>(doc: &Document<'a>) -> (Vec<Word<'a>>, Vec<u64>) {
    // About one word per seven bytes of prose: one allocation for most documents.
    let prose: usize = doc.prose.iter().map(|r| r.range.len()).sum();
    let mut words = Vec::with_capacity(prose / 7 + 8);
    let mut hashes = Vec::with_capacity(prose / 7 + 8);
    for (r, run) in doc.prose.iter().enumerate() {
        let s = doc.slice(&run.range);
        let bytes = s.as_bytes();
        // What lies between the previous word of the run and here.
        let mut gap = Gap::NoWord;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match CLASS[usize::from(b)] {
                SEP => {
                    gap = gap.then(b == b' ');
                    i += 1;
                    continue;
                }
                MULTI => {
                    let c = s[i..].chars().next().unwrap_or('\u{fffd}');
                    if !is_word_char(c) {
                        gap = gap.then(c == '\u{a0}');
                        i += c.len_utf8();
                        continue;
                    }
                }
                _ => {}
            }
            let (end, next, ascii) = word_end(s, i);
            let text = &s[i..end];
            hashes.push(if ascii && b.is_ascii() {
                crate::names::WordFilter::hash_ascii(text.as_bytes())
            } else {
                crate::names::WordFilter::hash(text)
            });
            words.push(make_word(
                s,
                run.range.start,
                r,
                i,
                end,
                next,
                gap == Gap::Spaces,
            ));
            gap = Gap::Empty;
            i = next;
        }
    }
    (words, hashes)
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
pub fn scan_capitalised<'a>(doc: &Document<'a>, mut f: impl FnMut(Word<'a>)) {
    for (r, run) in doc.prose.iter().enumerate() {
        let s = doc.slice(&run.range);
        let bytes = s.as_bytes();
        let mut i = 0;
        while let Some(k) = find_upper_or_multi(&bytes[i..]) {
            i += k;
            let c = s[i..].chars().next().unwrap_or('\u{fffd}');
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            let (end, next, _) = word_end(s, i);
            let inside = s[..i].chars().next_back().is_some_and(is_word_char);
            let word = &s[i..end];
            if !inside && c.is_uppercase() && word.len() >= 4 && word.chars().count() >= 4 {
                f(make_word(s, run.range.start, r, i, end, next, false));
            }
            i = next;
        }
    }
}

/// The end of the word starting at byte `start` of `s`, where scanning resumes (see
/// [`after_possessive`]), and whether the word after its first character is all ASCII.
#[inline]
fn word_end(s: &str, start: usize) -> (usize, usize, bool) {
    let bytes = s.as_bytes();
    let mut end = start;
    let mut ascii = true;
    loop {
        // Words are short: a byte loop beats eight-at-a-time here.
        end += bytes[end..]
            .iter()
            .position(|&b| CLASS[usize::from(b)] != ALNUM)
            .unwrap_or(bytes.len() - end);
        if end == bytes.len() {
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
                .position(|&b| CLASS[usize::from(b)] != SEP)
            {
                i += k;
                let (is_word, width) = char_at(s, i);
                if !is_word {
                    i += width;
                    continue;
                }
                let start = i;
                let (end, next, _) = word_end(s, start);
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

    #[test]
    fn tokenize_agrees_with_the_reference_scanner() {
        // Random prose from pieces that exercise every branch: possessives, no-break and
        // other spaces, multi-byte letters and punctuation, digits, separators.
        let pieces = [
            "Dask", "dask", "'s", "’s", "'", "’", " ", "  ", "\u{a0}", "\u{2003}", "é", "Ünï",
            "日本", "—", "…", ".", ",", "-", "/", "_", "x", "42", "s", "İ", "ß", "Δ", "\t",
        ];
        let mut rng = crate::test_rng::Rng(0x0070_6b65_6e69_7a65);
        for _ in 0..3_000 {
            let n = rng.below(16);
            let line: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
            let f = SourceFile::new("t.md", None, format!("{line}\n\nA *b* {line}\n"));
            let doc = Document::parse(&f);
            let mut expected = Vec::new();
            reference_scan(&doc, |_| true, |w| expected.push(w));
            let (got, hashes) = tokenize(&doc);
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
                .map(|w| crate::names::WordFilter::hash(w.text))
                .collect();
            assert_eq!(hashes, rehashed);
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
            scan_capitalised(&doc, |w| fast.push((w.text, w.range, w.before, w.after)));
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
