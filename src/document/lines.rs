//! Line shapes of Markdown source that rules read line by line (setext underlines,
//! numbered list items), defined once.

use std::sync::LazyLock;

use regex::Regex;

/// A numbered list item's start (`3. `, `12) `): the number, then the delimiter.
pub static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}(\d{1,9})([.)])[ \t]+\S").expect("numbered regex"));
static UNDERLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}(-+|=+)[ \t]*$").expect("underline regex"));

/// A setext underline (`---`, `===`). Most lines start with something else: they are told
/// apart by their first byte, without a regex search per line.
pub fn is_underline(line: &str) -> bool {
    let first = line.trim_start_matches(' ').as_bytes().first();
    matches!(first, Some(b'-' | b'=')) && UNDERLINE.is_match(line)
}
