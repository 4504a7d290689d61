//! `Pattern`: a pack's regular expressions joined into one regex, with what every match
//! needs, read off the patterns themselves (regex-syntax literal extraction): the whole
//! words a match starts with (a line without them is skipped) and the literals it ends
//! with (a text without any is not searched). Every pack kind compiles its patterns
//! here, so no rule keeps a prefilter of its own; and a pattern known to have a hand-written
//! matcher gets it here, checked against the regex by a test.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::words::Word;
use super::RunWords;

/// Joined patterns and what their matches need.
#[derive(Debug)]
pub struct Pattern {
    /// The joined regex; compiled at once, but for a known pattern (valid by a test),
    /// whose hand matcher answers `is_match`: compiled only if asked for.
    re: std::sync::OnceLock<Regex>,
    source: (String, Options),
    /// Lines that can match, when the patterns' starts tell.
    lines: Option<LineFilter>,
    /// Literals every match ends with (a few), when the patterns tell.
    suffixes: Option<Vec<Vec<u8>>>,
    /// A hand-written matcher equal to `re` (see [`KNOWN`]).
    fast: Option<Matcher>,
}

/// How patterns are compiled.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub ignore_case: bool,
    pub multi_line: bool,
}

impl Pattern {
    /// One regex matching any of `patterns`; on error, the message names the pattern at
    /// fault.
    pub fn new(patterns: &[String], options: Options) -> Result<Pattern, String> {
        let fast = match patterns {
            [one] if !options.ignore_case => {
                KNOWN.iter().find(|(src, _)| src == one).map(|(_, f)| *f)
            }
            _ => None,
        };
        let re = std::sync::OnceLock::new();
        if fast.is_none() {
            let _ = re.set(any_of(patterns, options.ignore_case, options.multi_line)?);
        }
        Ok(Pattern {
            re,
            source: (patterns.join("\u{0}"), options),
            lines: LineFilter::new(patterns, options.ignore_case),
            suffixes: required_suffixes(patterns),
            fast,
        })
    }

    /// One pattern, case-sensitive.
    pub fn one(pattern: &str) -> Result<Pattern, String> {
        Pattern::new(&[pattern.to_string()], Options::default())
    }

    pub fn regex(&self) -> &Regex {
        self.re.get_or_init(|| {
            let patterns: Vec<String> = self.source.0.split('\u{0}').map(String::from).collect();
            let o = self.source.1;
            any_of(&patterns, o.ignore_case, o.multi_line).expect("a known pattern compiles")
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        match self.fast {
            Some(f) => f(text),
            None => self.regex().is_match(text),
        }
    }

    /// Can a match lie anywhere in `text`? False only when `text` lacks every literal the
    /// matches end with.
    pub fn might_match(&self, text: &[u8]) -> bool {
        self.suffixes
            .as_ref()
            .is_none_or(|s| s.iter().any(|l| memchr::memmem::find(text, l).is_some()))
    }

    /// For each of `runs` prose runs, the mask of the start words it holds (see
    /// [`Pattern::might_match_line`]); `None` when the patterns' starts do not tell.
    pub fn line_masks(&self, runs: usize, words: &[Word], hashes: &[u64]) -> Option<Vec<u64>> {
        let f = self.lines.as_ref()?;
        Some(f.words.per_run(runs, words, hashes))
    }

    /// Can `line`, holding the start words of `mask`, match?
    pub fn might_match_line(&self, line: &str, mask: Option<u64>) -> bool {
        match (&self.lines, mask) {
            (Some(f), Some(m)) => f.may_match(line, m),
            _ => true,
        }
    }

    /// The same pattern with its prefilters off: the plain path the fast one must equal.
    #[cfg(test)]
    pub fn plain(&self) -> Pattern {
        Pattern {
            re: std::sync::OnceLock::from(self.regex().clone()),
            source: self.source.clone(),
            lines: None,
            suffixes: None,
            fast: None,
        }
    }

    #[cfg(test)]
    pub fn has_line_filter(&self) -> Option<&LineFilter> {
        self.lines.as_ref()
    }
}

/// One regex matching any of a pack's `patterns`, compiled once; on error, the message
/// names the pattern at fault (compiled one by one only then).
fn any_of(patterns: &[String], ignore_case: bool, multi_line: bool) -> Result<Regex, String> {
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    RegexBuilder::new(&joined)
        .case_insensitive(ignore_case)
        .multi_line(multi_line)
        .build()
        .map_err(|e| {
            patterns
                .iter()
                .find_map(|p| {
                    Regex::new(p)
                        .err()
                        .map(|pe| format!("invalid pattern `{p}`: {pe}"))
                })
                .unwrap_or_else(|| e.to_string())
        })
}

/// A necessary condition for a line to match, from the words the patterns' matches must
/// start with. Most patterns begin with words (`blog comments powered by`, `subscribe to
/// our`): every word of such a start that is whole (bounded on both sides inside it, or at
/// its start by `^` or `\b`) is a word of any ASCII line that matches, as the tokeniser
/// finds words. Lines lacking the words of every start are skipped, unless a pattern
/// without such words (`^\d+ min read$`) matches them. Lines with other characters than
/// ASCII are always searched (Unicode case folding and word boundaries differ there).
#[derive(Debug)]
pub struct LineFilter {
    /// The words the starts need.
    pub words: RunWords,
    /// For each possible start of a match, the words it needs, as a mask.
    starts: Vec<u64>,
    /// The patterns with a start of no whole word, joined: tried on every line.
    pub others: Option<Regex>,
}

impl LineFilter {
    pub fn new(patterns: &[String], ignore_case: bool) -> Option<LineFilter> {
        let mut f = LineFilter {
            words: Default::default(),
            starts: Vec::new(),
            others: None,
        };
        let mut others = Vec::new();
        for p in patterns {
            match start_words(p) {
                Some(starts) => {
                    for words in starts {
                        let mut mask = 0;
                        for w in words {
                            mask |= f.words.insert(&w)?;
                        }
                        f.starts.push(mask);
                    }
                }
                None => others.push(format!("(?:{p})")),
            }
        }
        if f.starts.is_empty() {
            return None;
        }
        if !others.is_empty() {
            // A prose line holds no line break: without multi-line mode, `^` makes these
            // patterns anchored, and a line that does not start like one is given up at
            // once instead of scanned.
            f.others = Some(
                RegexBuilder::new(&others.join("|"))
                    .case_insensitive(ignore_case)
                    .build()
                    .ok()?,
            );
        }
        Some(f)
    }

    /// Can `line` match, given the mask of the filter's words it holds?
    pub fn may_match(&self, line: &str, words: u64) -> bool {
        !line.is_ascii()
            || self.starts.iter().any(|&m| m & !words == 0)
            || self.others.as_ref().is_some_and(|re| re.is_match(line))
    }
}

/// The whole words each possible start of a match of `pattern` holds (one list per start),
/// or `None` when some start holds none, or the starts cannot be listed.
fn start_words(pattern: &str) -> Option<Vec<Vec<String>>> {
    use regex_syntax::hir::Look;
    // Case is folded by the word hashes: the literals of the case-sensitive form will do.
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let bounded = [
        Look::Start,
        Look::StartLF,
        Look::StartCRLF,
        Look::WordAscii,
        Look::WordUnicode,
        Look::WordStartAscii,
        Look::WordStartUnicode,
        Look::WordStartHalfAscii,
        Look::WordStartHalfUnicode,
    ]
    .into_iter()
    .any(|l| hir.properties().look_set_prefix().contains(l));
    // A match that is all of a literal ends where the pattern's end says: at the end of
    // the line (`$`) or at a word boundary, the literal's last word is whole too.
    let ends_bounded = [
        Look::End,
        Look::EndLF,
        Look::EndCRLF,
        Look::WordAscii,
        Look::WordUnicode,
        Look::WordEndAscii,
        Look::WordEndUnicode,
        Look::WordEndHalfAscii,
        Look::WordEndHalfUnicode,
    ]
    .into_iter()
    .any(|l| hir.properties().look_set_suffix().contains(l));
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() {
        return None;
    }
    literals
        .iter()
        .map(|l| {
            let words = whole_words(l.as_bytes(), bounded, l.is_exact() && ends_bounded);
            (!words.is_empty()).then_some(words)
        })
        .collect()
}

/// The runs of ASCII letters and digits of `text` with an ASCII separator on both sides
/// (at the start, `bounded` stands for one; at the end, `end_bounded`), as lowercase
/// words. A run after an apostrophe is left out: the tokeniser drops a possessive `'s`.
fn whole_words(text: &[u8], bounded: bool, end_bounded: bool) -> Vec<String> {
    let sep = |b: u8| b.is_ascii() && !b.is_ascii_alphanumeric();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && text[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let left = if start == 0 {
            bounded
        } else {
            sep(text[start - 1]) && text[start - 1] != b'\''
        };
        let right = if i == text.len() {
            end_bounded
        } else {
            sep(text[i])
        };
        if left && right {
            out.push(String::from_utf8_lossy(&text[start..i]).to_ascii_lowercase());
        }
    }
    out
}

/// The literals that every match of any of `patterns` ends with (a few, none empty), or
/// `None` when the patterns do not tell (`\d+`, an alternation of many words).
fn required_suffixes(patterns: &[String]) -> Option<Vec<Vec<u8>>> {
    let mut all = Vec::new();
    for p in patterns {
        let hir = regex_syntax::parse(p).ok()?;
        let seq = Extractor::new().kind(ExtractKind::Suffix).extract(&hir);
        for l in seq.literals()? {
            if l.as_bytes().is_empty() {
                return None;
            }
            all.push(l.as_bytes().to_vec());
        }
    }
    // A literal holding another is found whenever that one is: look for the shorter only.
    let mut keep: Vec<Vec<u8>> = all
        .iter()
        .filter(|l| {
            !all.iter()
                .any(|o| o.len() < l.len() && memchr::memmem::find(l, o).is_some())
        })
        .cloned()
        .collect();
    keep.sort();
    keep.dedup();
    (keep.len() <= 16).then_some(keep)
}

/// Patterns with a hand-written matcher, equal to the regex on every input (a test holds
/// them to it): the Unicode classes of these regexes cost a millisecond to compile, and
/// most runs never meet a text that is not ASCII.
type Matcher = fn(&str) -> bool;

const KNOWN: &[(&str, Matcher)] = &[(FIELD_LABEL, is_field_label)];

/// What a field label looks like: a capitalised word and up to three more, then a colon.
/// A field label: the text before the first colon of a list item's first line. (Label
/// characters exclude `:`, so matching the label alone equals matching `^label:` on the
/// line, and `is_match` needs no capture groups.)
pub const FIELD_LABEL: &str = r"^[A-Z][\w'’&/-]*(?: [\w'’&/()-]+){0,3}$";
static FIELD_LABEL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(FIELD_LABEL).expect("field regex"));

/// [`FIELD_LABEL`]'s test, by hand for an ASCII label (where `\w` is `[A-Za-z0-9_]`):
/// the Unicode regex costs a millisecond to build, and most runs never need it.
pub fn is_field_label(label: &str) -> bool {
    if !label.is_ascii() {
        return FIELD_LABEL_RE.is_match(label);
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'\'' | b'&' | b'/' | b'-');
    let mut pieces = label.split(' ');
    let first = pieces.next().unwrap_or("").as_bytes();
    if !first.first().is_some_and(u8::is_ascii_uppercase) || !first.iter().all(|&b| word(b)) {
        return false;
    }
    let mut more = 0;
    for piece in pieces {
        more += 1;
        let ok = !piece.is_empty() && piece.bytes().all(|b| word(b) || b == b'(' || b == b')');
        if !ok || more > 3 {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_of_pattern_starts() {
        assert_eq!(
            start_words(r"\bwe use cookies\b.*").unwrap(),
            [["we", "use"]]
        );
        // `^` bounds the first word; the last is not whole (the pattern goes on).
        assert_eq!(
            start_words(r"^(?-i:S)hare this(?: post)?:?$").unwrap()[0][0],
            "share"
        );
        assert!(start_words(r"^\d+ min read$").is_none());
        assert!(
            start_words(r"comments").is_none(),
            "no boundary on either side"
        );
        assert_eq!(whole_words(b"it's a test", true, false), ["it", "a"]);
        assert_eq!(start_words(r"^(?-i:T)weet$").unwrap(), [["tweet"]]);
    }

    /// Each hand-written matcher answers as its regex on every input.
    #[test]
    fn known_patterns_match_as_their_regexes() {
        let pieces = [
            "T", "a", "Z", "z", "0", "9", "_", "'", "&", "/", "-", "(", ")", " ", "  ", ".", "é",
            "’", "\t", "Title", "Slides", ":",
        ];
        for (src, fast) in KNOWN {
            let re = Regex::new(src).unwrap();
            let mut rng = crate::test_rng::Rng(0x1abe_1005);
            let mut matched = 0;
            for _ in 0..30_000 {
                let text = rng.text(&pieces, 9);
                let expected = re.is_match(&text);
                matched += usize::from(expected);
                assert_eq!(fast(&text), expected, "{src}: {text:?}");
            }
            assert!(matched > 1_000, "{src}: {matched}");
        }
        let p = Pattern::one(FIELD_LABEL).unwrap();
        assert!(p.fast.is_some() && p.is_match("Title") && !p.is_match("title"));
    }

    #[test]
    fn suffixes_tell_what_a_text_must_hold() {
        let p = Pattern::new(
            &[r"\bMay XX(?:th)?\b".into(), r"\b20XX\b".into()],
            Options::default(),
        )
        .unwrap();
        assert!(p.might_match(b"on May XX we"));
        assert!(!p.might_match(b"nothing to see"));
        let any = Pattern::new(&[r"\d+".into()], Options::default()).unwrap();
        assert!(any.might_match(b"nothing to see"));
    }
    #[test]
    fn the_suffixes_every_match_ends_with() {
        let s =
            |p: &[&str]| required_suffixes(&p.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        let got = s(&[r"\b(?:May|June)\s+XX(?:th)?\b", r"(?:19|20)XX"]).unwrap();
        assert_eq!(got, [b"XX".to_vec()]);
        assert_eq!(s(&[r"TB[AD]"]).unwrap(), [b"TBA".to_vec(), b"TBD".to_vec()]);
        assert_eq!(s(&[r"\d+"]), None);
        assert_eq!(s(&[r"TBA\w*"]), None);
    }
}
