//! What counts as a placeholder: marker words (`TODO`, `TBD`), ellipsis forms (`...`) and
//! the destinations and values left unfilled. Compiled once per profile from the
//! `placeholder` entries of its packs, and shared by every rule that asks "is this a
//! placeholder" (`placeholder`, `placeholder-link`, templates such as `talk-entry`), so a
//! site that adds `WIP` to its pack gets it from all of them.

use std::ops::Range;

use regex::Regex;

use crate::document::Document;
use crate::text::RunWords;

/// The parts of a placeholder pack entry that define the vocabulary.
#[derive(Debug, Clone, Default)]
pub struct VocabSource {
    /// Whole words, in any case.
    pub markers: Vec<String>,
    /// Whole words, in this case only.
    pub exact_markers: Vec<String>,
    /// Phrases starting with a lowercase marker that are ordinary English (`todo list`).
    pub ignore_phrases: Vec<String>,
    /// Ellipsis forms (`...`, `…`); empty for the defaults.
    pub ellipses: Vec<String>,
}

/// Marker words, compiled.
#[derive(Debug, Clone, Default)]
pub struct Markers {
    re: Option<Regex>,
    /// The markers as words, when each is one (letters and digits only) and there are at
    /// most 64: a line of ASCII prose holding none of them is not searched.
    words: Option<RunWords>,
    /// Lowercase, hyphens as spaces.
    ignore_phrases: Vec<String>,
}

impl Markers {
    pub fn new(
        markers: &[String],
        exact: &[String],
        ignore_phrases: &[String],
    ) -> Result<Markers, String> {
        let alternation = |words: &[String]| {
            words
                .iter()
                .map(|w| regex::escape(w.trim()))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("|")
        };
        let mut parts = Vec::new();
        if !markers.is_empty() {
            parts.push(format!("(?i:{})", alternation(markers)));
        }
        if !exact.is_empty() {
            parts.push(alternation(exact));
        }
        let re = if parts.is_empty() {
            None
        } else {
            let re = format!(r"\b(?:{})\b", parts.join("|"));
            Some(Regex::new(&re).map_err(|e| format!("invalid markers: {e}"))?)
        };
        let words = {
            let mut words = RunWords::default();
            let all_words = markers.iter().chain(exact).all(|m| {
                let m = m.trim();
                !m.is_empty() && m.chars().all(char::is_alphanumeric) && words.insert(m).is_some()
            });
            all_words.then_some(words)
        };
        Ok(Markers {
            re,
            words,
            ignore_phrases: ignore_phrases
                .iter()
                .map(|p| p.to_lowercase().replace('-', " "))
                .collect(),
        })
    }

    /// Is every marker made of letters and digits only?
    pub fn all_words(&self) -> bool {
        self.words.is_some()
    }

    /// Does `text` hold a marker anywhere?
    pub fn is_match(&self, text: &str) -> bool {
        self.re.as_ref().is_some_and(|re| re.is_match(text))
    }

    /// Does `text` start with a marker?
    pub fn starts(&self, text: &str) -> bool {
        self.re
            .as_ref()
            .is_some_and(|re| re.find(text).is_some_and(|m| m.start() == 0))
    }

    /// Is `text` (trimmed) one marker and nothing else?
    pub fn is_whole(&self, text: &str) -> bool {
        let text = text.trim();
        self.re.as_ref().is_some_and(|re| {
            re.find(text)
                .is_some_and(|m| m.start() == 0 && m.end() == text.len())
        })
    }

    /// Every marker in the prose of `doc`, in order, but those starting an ordinary phrase
    /// (`my todo list`): `f(range, marker)`.
    pub fn in_prose<'d>(&self, doc: &Document<'d>, mut f: impl FnMut(Range<usize>, &'d str)) {
        let Some(re) = &self.re else { return };
        // Runs holding a word that may be a marker. The regex's word boundaries are those
        // of the words on ASCII text (`_` only makes the regex stricter); other runs are
        // always searched.
        let candidates = self
            .words
            .as_ref()
            .map(|w| w.per_run(doc.prose.len(), doc.words(), doc.word_hashes()));
        for (r, run) in doc.prose.iter().enumerate() {
            let s = doc.slice(&run.range);
            if candidates.as_ref().is_some_and(|c| c[r] == 0) && s.is_ascii() {
                continue;
            }
            for m in re.find_iter(s) {
                let word = m.as_str();
                if word.chars().any(char::is_lowercase) && self.is_ignored_phrase(&s[m.start()..]) {
                    continue;
                }
                let start = run.range.start + m.start();
                f(start..start + m.len(), word);
            }
        }
    }

    fn is_ignored_phrase(&self, from_match: &str) -> bool {
        if self.ignore_phrases.is_empty() {
            return false;
        }
        let head: String = from_match
            .chars()
            .take(40)
            .collect::<String>()
            .to_lowercase()
            .replace('-', " ");
        self.ignore_phrases.iter().any(|p| {
            head.starts_with(p.as_str())
                && head[p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
    }
}

/// Ellipsis forms, compiled: each form matches with its last character repeated (`.....`).
#[derive(Debug, Clone)]
pub struct Ellipses {
    /// The alternation of every form, escaped, for patterns built around it.
    pub alternation: String,
    only: Regex,
    ends_with: Regex,
    /// Each form without trailing white space (`None`: a form is all white space).
    ends: Option<Vec<String>>,
    /// Every form starts with a character that is no letter or digit (worked out once:
    /// `…` is not ASCII, and asking Unicode per call cost 1% of a run).
    all_punctuation: bool,
}

impl Default for Ellipses {
    fn default() -> Self {
        Ellipses::new(&[]).expect("the default ellipses compile")
    }
}

impl Ellipses {
    /// `forms` empty: `...` and `…`.
    pub fn new(forms: &[String]) -> Result<Ellipses, String> {
        let forms: Vec<String> = if forms.is_empty() {
            vec!["...".into(), "…".into()]
        } else {
            forms.to_vec()
        };
        let ends: Option<Vec<String>> = forms
            .iter()
            .map(|e| Some(e.trim_end().to_string()).filter(|e| !e.is_empty()))
            .collect();
        let all_punctuation = ends.as_ref().is_some_and(|forms| {
            forms
                .iter()
                .all(|f| f.chars().next().is_some_and(|c| !c.is_alphanumeric()))
        });
        let alternation = forms
            .iter()
            .map(|e| format!("{}+", regex::escape(e)))
            .collect::<Vec<_>>()
            .join("|");
        let only = Regex::new(&format!(r"^\s*(?:{alternation})\s*$")).map_err(|e| e.to_string())?;
        let ends_with =
            Regex::new(&format!(r"(?:^|\s)((?:{alternation}))\s*$")).map_err(|e| e.to_string())?;
        Ok(Ellipses {
            alternation,
            only,
            ends_with,
            ends,
            all_punctuation,
        })
    }

    /// Does every ellipsis form start with a character that is no letter or digit?
    pub fn all_punctuation(&self) -> bool {
        self.all_punctuation
    }

    /// Is `text` only an ellipsis (with white space around)?
    pub fn is_only(&self, text: &str) -> bool {
        self.only.is_match(text)
    }

    /// The ellipsis ending `text` after white space (or at its start), if any.
    pub fn trailing(&self, text: &str) -> Option<Range<usize>> {
        self.ends_with
            .captures(text)
            .and_then(|c| c.get(1))
            .map(|m| m.range())
    }

    /// Does `text` start with an ellipsis form (after white space)?
    pub fn starts(&self, text: &str) -> bool {
        let text = text.trim_start();
        self.ends
            .as_ref()
            .is_some_and(|forms| forms.iter().any(|e| text.starts_with(e.as_str())))
    }

    /// Can `text` end with an ellipsis (then white space)? A cheap necessary condition for
    /// the patterns anchored at an ellipsis before the end: most lines end in a full stop,
    /// few in three.
    pub fn may_end(&self, text: &str) -> bool {
        self.ends.as_ref().is_none_or(|ends| {
            // Most lines end in a visible ASCII character: nothing to trim.
            let text = match text.as_bytes().last() {
                Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => text,
                _ => text.trim_end(),
            };
            let Some(last) = text.chars().next_back() else {
                return false;
            };
            ends.iter()
                .any(|e| e.ends_with(last) && ends_with_form(text, e))
        })
    }
}

/// Does `text` end as the ellipsis pattern made of `form` does: `form` with its last
/// character repeated any number of times (`...`, `.....`)?
fn ends_with_form(text: &str, form: &str) -> bool {
    let Some(last) = form.chars().next_back() else {
        return false;
    };
    let head = &form[..form.len() - last.len_utf8()];
    let mut rest = text;
    while let Some(r) = rest.strip_suffix(last) {
        if r.ends_with(head) {
            return true;
        }
        rest = r;
    }
    false
}

/// The placeholder vocabulary of a profile: the union of its packs' placeholder entries.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    pub markers: Markers,
    pub ellipses: Ellipses,
}

/// Destinations that are placeholders whatever the pack says: nothing, the page itself, a
/// scheme with no address, or a word standing for the address.
const PLACEHOLDER_DESTS: &[&str] = &["", "#", "?", "http://", "https://", "link", "url"];
/// Field values that stand for nothing.
const PLACEHOLDER_VALUES: &[&str] = &["?", "-"];

impl Vocab {
    /// The union of `sources` (the placeholder entries of a profile's packs).
    pub fn new(sources: &[VocabSource]) -> Result<Vocab, String> {
        let mut all = VocabSource::default();
        for s in sources {
            all.markers.extend(s.markers.iter().cloned());
            all.exact_markers.extend(s.exact_markers.iter().cloned());
            all.ignore_phrases.extend(s.ignore_phrases.iter().cloned());
            all.ellipses.extend(s.ellipses.iter().cloned());
        }
        for v in [
            &mut all.markers,
            &mut all.exact_markers,
            &mut all.ignore_phrases,
            &mut all.ellipses,
        ] {
            v.sort();
            v.dedup();
        }
        Ok(Vocab {
            markers: Markers::new(&all.markers, &all.exact_markers, &all.ignore_phrases)?,
            ellipses: Ellipses::new(&all.ellipses)?,
        })
    }

    /// Is a link or image destination a placeholder (`TODO`, `#`, empty, `https://`)?
    pub fn is_placeholder_dest(&self, dest: &str) -> bool {
        let dest = dest.trim();
        // A marker dressed up to stand out (`#TODO`, `@@TODO`, `<TBD>`) is still one.
        let bare =
            dest.trim_matches(|c: char| matches!(c, '#' | '@' | '<' | '>' | '_' | '*' | '!'));
        crate::text::in_lowercase_list(dest, PLACEHOLDER_DESTS)
            || self.is_marker_or_ellipsis(dest)
            || (!bare.is_empty()
                && bare.len() < dest.len()
                && (!self.markers.all_words() || bare.trim().chars().all(char::is_alphanumeric))
                && self.markers.is_whole(bare))
    }

    /// Is a field value (`Title: ...`) a placeholder (empty values are the caller's)?
    pub fn is_placeholder_value(&self, value: &str) -> bool {
        let value = value.trim();
        PLACEHOLDER_VALUES.contains(&value) || self.is_marker_or_ellipsis(value)
    }

    fn is_marker_or_ellipsis(&self, s: &str) -> bool {
        if s.is_empty() {
            return false;
        }
        // Most destinations and values are no word at all (a path, a URL, a sentence):
        // when every marker is letters and digits, and every ellipsis form starts with
        // something else, only a word can be a marker and only such a start an ellipsis.
        let word = s.chars().all(char::is_alphanumeric);
        let punct = s.chars().next().is_some_and(|c| !c.is_alphanumeric());
        let maybe_marker = word || !self.markers.all_words();
        let maybe_ellipsis = punct || !self.ellipses.all_punctuation();
        (maybe_marker && self.markers.is_whole(s)) || (maybe_ellipsis && self.ellipses.is_only(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(markers: &[&str]) -> Vocab {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Vocab::new(&[VocabSource {
            markers: own(markers),
            exact_markers: own(&["XXX"]),
            ignore_phrases: own(&["todo list"]),
            ellipses: Vec::new(),
        }])
        .unwrap()
    }

    #[test]
    fn destinations() {
        let v = vocab(&["TODO", "TBD"]);
        for d in [
            "", " # ", "TODO", "todo", "#todo", "@@TODO", "<TBD>", "XXX", "...", "…", "https://",
            "URL",
        ] {
            assert!(v.is_placeholder_dest(d), "{d:?}");
        }
        for d in [
            "#agenda",
            "xxx",
            "https://todo.app",
            "../todo.md",
            "#",
            "mailto:x@y.z",
        ]
        .into_iter()
        .filter(|d| *d != "#")
        {
            assert!(!v.is_placeholder_dest(d), "{d:?}");
        }
    }

    #[test]
    fn a_pack_word_is_a_placeholder_everywhere() {
        let without = vocab(&["TODO"]);
        let with = vocab(&["TODO", "WIP"]);
        assert!(!without.is_placeholder_dest("WIP") && !without.is_placeholder_value("wip"));
        assert!(with.is_placeholder_dest("WIP") && with.is_placeholder_value("wip"));
    }

    #[test]
    fn values() {
        let v = vocab(&["TODO"]);
        for s in ["TODO", "...", " … ", "?", "-", "....."] {
            assert!(v.is_placeholder_value(s), "{s:?}");
        }
        for s in ["Real title", "TODO list app", "A -", "x"] {
            assert!(!v.is_placeholder_value(s), "{s:?}");
        }
    }

    #[test]
    fn ellipsis_forms_end_with_repeats() {
        let e = Ellipses::default();
        assert!(e.may_end("and so on ....."));
        assert!(e.may_end("wait…"));
        assert!(!e.may_end("done."));
        assert_eq!(e.trailing("we went ..."), Some(8..11));
        assert!(e.starts("  ... quoted"));
    }

    #[test]
    fn ellipsis_ends_are_what_the_patterns_match() {
        let forms = ["...", "…", ". . .", "etc", "--", "x"];
        let pieces = [".", "..", "…", " ", "e", "t", "c", "-", "x", "a", "\u{a0}"];
        let mut rng = crate::test_rng::Rng(0xe111_9515);
        let mut ends = 0;
        for form in forms {
            // As `Ellipses::new` writes them: `+` repeats the form's last character.
            let re = regex::Regex::new(&format!("{}+$", regex::escape(form))).unwrap();
            for _ in 0..5_000 {
                let text = rng.text(&pieces, 7);
                let text = text.trim_end();
                let expected = re.is_match(text);
                ends += usize::from(expected);
                assert_eq!(ends_with_form(text, form), expected, "{form:?} {text:?}");
            }
        }
        assert!(ends > 500, "{ends}");
    }

    /// The word prefilter of [`Markers::in_prose`] (a fast path) finds what the plain regex
    /// search finds.
    #[test]
    fn the_word_prefilter_finds_what_the_regex_finds() {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let with = Markers::new(
            &own(&["TODO", "TBD", "FIXME"]),
            &own(&["XXX"]),
            &own(&["todo list"]),
        )
        .unwrap();
        assert!(with.words.is_some(), "the default markers are words");
        let mut without = with.clone();
        without.words = None;
        let pieces = [
            "TODO",
            "todo",
            "Tbd",
            "FIXME",
            "XXX",
            "xxx",
            "TODO_x",
            "x_TODO",
            "TODO²",
            "TODOs",
            "TODO's",
            "é",
            "todo list",
            " ",
            "\n",
            "\n\n",
            "`TODO`",
            "[TODO](x)",
            ".",
            "-",
            "a",
            "1",
            ":",
            "*",
        ];
        let mut rng = crate::test_rng::Rng(0x70d0);
        let mut found = 0;
        for _ in 0..3_000 {
            let text = rng.text(&pieces, 13);
            let file = crate::source::SourceFile::new("t.md", None, text.clone());
            let doc = Document::parse(&file);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            with.in_prose(&doc, |r, w| a.push((r, w)));
            without.in_prose(&doc, |r, w| b.push((r, w)));
            assert_eq!(a, b, "{text:?}");
            found += a.len();
        }
        assert!(found > 1_000, "{found}");
    }

    /// The shortcuts of `is_placeholder_dest` and `is_placeholder_value` (words only for
    /// markers, punctuation first for ellipses) answer as the plain regexes do.
    #[test]
    fn placeholder_shortcuts_equal_the_regexes() {
        let v = vocab(&["TODO", "TBD", "lorem"]);
        let plain = |s: &str| {
            let s = s.trim();
            !s.is_empty() && (v.markers.is_whole(s) || v.ellipses.is_only(s))
        };
        let pieces = [
            "TODO", "todo", "tbd", "XXX", "...", "…", " ", "#", "/", "a", "é", ".", "-", "x1",
        ];
        let mut rng = crate::test_rng::Rng(0x7a1d);
        for _ in 0..20_000 {
            let s = rng.text(&pieces, 4);
            let t = s.trim();
            assert_eq!(v.is_marker_or_ellipsis(t), plain(t), "{s:?}");
        }
    }
}
