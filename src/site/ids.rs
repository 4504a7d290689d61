//! Heading ids the way the site's renderer makes them, so `#fragment` links can be checked.
//!
//! - `KramdownGfm`: Jekyll's default (kramdown with `input: GFM`), kramdown-parser-gfm's
//!   `generate_gfm_header_id`: the heading's text (code spans included, link URLs not),
//!   with kramdown's typographic replacements (`'` → `’`, `--` → `–`, `...` → `…`),
//!   lowercased, every character that is not a letter, mark, digit, connector, `-`, space or
//!   tab removed, spaces and tabs turned into `-`; the n-th repeat gets `-n`.
//! - `Kramdown`: `input: kramdown`, `basic_generate_id` on the raw heading line: leading
//!   characters up to the first ASCII letter removed, only `[a-zA-Z0-9 -]` kept, spaces to
//!   `-`, lowercased, `section` when empty, repeats get `-1`, `-2`.
//! - `GitHub`: GitHub's slugs (github-slugger): like the GFM form without typographic
//!   replacements.
//!
//! `auto_id_prefix` is prepended by both kramdown flavours.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// kramdown-parser-gfm's `NON_WORD_RE`: `\w` is Unicode-aware (letters, marks, digits,
/// connector punctuation), as Ruby's `\p{Word}`.
static NON_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\w\- \t]").expect("non-word regex"));

/// Which algorithm makes heading ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdStyle {
    KramdownGfm,
    Kramdown,
    Github,
}

/// kramdown's typographic symbols, as they end up in the raw text of a GFM heading.
fn typographic(text: &str) -> String {
    text.replace("---", "—")
        .replace("--", "–")
        .replace("...", "…")
        .replace('\'', "’")
        .replace('"', "”")
}

/// Base id (before de-duplication) of a heading.
/// `text` is the heading's visible text; `raw` its source line content (for `Kramdown`).
pub fn base_id(style: IdStyle, text: &str, raw: &str) -> String {
    match style {
        IdStyle::KramdownGfm | IdStyle::Github if text.is_ascii() && !text.contains("--") => {
            ascii_gfm_id(text)
        }
        IdStyle::KramdownGfm | IdStyle::Github => gfm_id(style, text),
        IdStyle::Kramdown => {
            let start = raw
                .find(|c: char| c.is_ascii_alphabetic())
                .unwrap_or(raw.len());
            raw[start..]
                .chars()
                .filter(|&c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
                .map(|c| {
                    if c == ' ' {
                        '-'
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        }
    }
}

/// The GFM / GitHub id of any heading text.
fn gfm_id(style: IdStyle, text: &str) -> String {
    let t = if style == IdStyle::KramdownGfm {
        typographic(text)
    } else {
        text.to_string()
    };
    NON_WORD
        .replace_all(&t.to_lowercase(), "")
        .chars()
        .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
        .collect()
}

/// The GFM / GitHub id of an ASCII heading without `--`, in one pass: for such text
/// kramdown's typographic replacements only produce characters the id drops anyway, and
/// `\w` is `[0-9A-Za-z_]`. (Equal to the general path: see the test.)
fn ascii_gfm_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'0'..=b'9' | b'a'..=b'z' | b'_' | b'-' => id.push(char::from(b)),
            b'A'..=b'Z' => id.push(char::from(b.to_ascii_lowercase())),
            b' ' | b'\t' => id.push('-'),
            _ => {}
        }
    }
    id
}

/// Assigns ids to a document's headings in order, handling repeats.
#[derive(Debug)]
pub struct IdGenerator {
    style: IdStyle,
    prefix: String,
    seen: HashMap<String, usize>,
}

impl IdGenerator {
    pub fn new(style: IdStyle, prefix: &str) -> Self {
        Self {
            style,
            prefix: prefix.to_string(),
            seen: HashMap::default(),
        }
    }

    pub fn next(&mut self, text: &str, raw: &str) -> String {
        let mut id = base_id(self.style, text, raw);
        if self.style == IdStyle::Kramdown && id.is_empty() {
            id = "section".to_string();
        }
        // Most ids are new: looked up by reference, copied only to be remembered.
        let repeats = match self.seen.get_mut(&id) {
            Some(n) => {
                *n += 1;
                *n - 1
            }
            None => {
                self.seen.insert(id.clone(), 1);
                0
            }
        };
        if repeats > 0 {
            id = format!("{id}-{repeats}");
        }
        match self.style {
            IdStyle::Github => id,
            _ if self.prefix.is_empty() => id,
            _ => format!("{}{id}", self.prefix),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(style: IdStyle, headings: &[&str]) -> Vec<String> {
        let mut g = IdGenerator::new(style, "");
        headings.iter().map(|h| g.next(h, h)).collect()
    }

    #[test]
    fn gfm_ids() {
        assert_eq!(
            ids(
                IdStyle::KramdownGfm,
                &[
                    "What's next? Here's how!",
                    "Who came?",
                    "Who came?",
                    "Who came?"
                ]
            ),
            [
                "whats-next-heres-how",
                "who-came",
                "who-came-1",
                "who-came-2"
            ]
        );
        // Punctuation goes, underscores and hyphens stay, no collapsing of spaces.
        assert_eq!(ids(IdStyle::KramdownGfm, &["a_b - c  d"]), ["a_b---c--d"]);
        // Unicode letters are kept, lowercased.
        assert_eq!(
            ids(IdStyle::KramdownGfm, &["Café Ünïcode 東京"]),
            ["café-ünïcode-東京"]
        );
        // Leading digits stay in GFM ids.
        assert_eq!(ids(IdStyle::KramdownGfm, &["2021 Summit"]), ["2021-summit"]);
        // kramdown turns `--` into an en dash, which is then dropped; GitHub keeps it.
        assert_eq!(ids(IdStyle::KramdownGfm, &["A -- B"]), ["a--b"]);
        assert_eq!(ids(IdStyle::Github, &["A -- B"]), ["a----b"]);
    }

    #[test]
    fn the_ascii_shortcut_agrees_with_the_general_path() {
        let alphabet = b"aZ09_- \t'\".!?:/()[]`*&#<>";
        let mut rng = crate::test_rng::Rng(0x05ee_d1d5);
        let mut tried = 0;
        while tried < 20_000 {
            let len = rng.below(12);
            let text: String = (0..len)
                .map(|_| char::from(alphabet[rng.below(alphabet.len())]))
                .collect();
            if text.contains("--") {
                continue;
            }
            tried += 1;
            for style in [IdStyle::KramdownGfm, IdStyle::Github] {
                assert_eq!(
                    base_id(style, &text, &text),
                    gfm_id(style, &text),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn kramdown_basic_ids() {
        assert_eq!(
            ids(
                IdStyle::Kramdown,
                &["1. Imaging", "What's next?", "Café", "123", "Imaging"]
            ),
            ["imaging", "whats-next", "caf", "section", "imaging-1"]
        );
    }

    #[test]
    fn prefix() {
        let mut g = IdGenerator::new(IdStyle::Kramdown, "sec-");
        assert_eq!(g.next("Intro", "Intro"), "sec-intro");
    }
}
