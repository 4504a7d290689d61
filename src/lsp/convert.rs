//! Byte offsets ↔ LSP positions (0-based line, UTF-16 code units), and findings as LSP
//! diagnostics. Lines end at `\n`, `\r\n` or a lone `\r`, in LSP as in [`SourceFile`].

use lsp_types::{Diagnostic as LspDiagnostic, DiagnosticSeverity, NumberOrString, Position, Range};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// Text between two UTF-16 checkpoints, in bytes.
const BLOCK: usize = 1024;

/// UTF-16 units from the start of the text at every [`BLOCK`] bytes, so that a position
/// costs a binary search and a scan of at most a block, however long its line: a finding at
/// the end of a 10 MB line would otherwise count the whole line, once per finding.
#[derive(Debug, Clone)]
pub struct Utf16Index {
    /// (byte offset, UTF-16 units before it); the offsets are the first character
    /// boundaries at or after each multiple of [`BLOCK`].
    checkpoints: Vec<(usize, usize)>,
}

impl Utf16Index {
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / BLOCK + 1);
        let (mut at, mut units) = (0, 0);
        checkpoints.push((0, 0));
        let mut next = BLOCK;
        while next < text.len() {
            let mut b = next;
            while !text.is_char_boundary(b) {
                b += 1;
            }
            units += utf16_len(&text[at..b]);
            at = b;
            checkpoints.push((at, units));
            next += BLOCK;
        }
        Utf16Index { checkpoints }
    }

    /// UTF-16 units in `text[..offset]` (`offset` a character boundary of `text`).
    fn units_before(&self, text: &str, offset: usize) -> usize {
        let k = (offset / BLOCK).min(self.checkpoints.len() - 1);
        let (mut at, mut units) = self.checkpoints[k];
        if at > offset {
            (at, units) = self.checkpoints[k - 1];
        }
        units + utf16_len(&text[at..offset])
    }

    /// A byte offset as an LSP position. Offsets past the end clamp to it; offsets inside a
    /// character count as its start.
    pub fn position(&self, file: &SourceFile, offset: usize) -> Position {
        let offset = floor_boundary(&file.text, offset);
        let line = file.line_index(offset);
        let start = file.line_start(line);
        let character =
            self.units_before(&file.text, offset) - self.units_before(&file.text, start);
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, file: &SourceFile, r: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(file, r.start), self.position(file, r.end))
    }
}

fn utf16_len(s: &str) -> usize {
    // ASCII is one unit a byte; only the rest needs decoding.
    if s.is_ascii() {
        s.len()
    } else {
        s.encode_utf16().count()
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut o = offset.min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The byte offset of an LSP position in `text`. A line past the end is the end; a
/// character past its line's end is that end (before the line break); a position inside a
/// surrogate pair is the start of its character. Costs the length of the text before it.
pub fn offset_at(text: &str, pos: Position) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    for _ in 0..pos.line {
        match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(i) => {
                let i = start + i;
                start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
            }
            None => return text.len(),
        }
    }
    let mut units = 0usize;
    for (i, ch) in text[start..].char_indices() {
        if ch == '\n' || ch == '\r' {
            return start + i;
        }
        units += ch.len_utf16();
        if units > pos.character as usize {
            return start + i;
        }
    }
    text.len()
}

/// A finding as an LSP diagnostic.
pub fn to_lsp(file: &SourceFile, index: &Utf16Index, d: &Diagnostic) -> LspDiagnostic {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    LspDiagnostic {
        range: index.range(file, &d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        source: Some("postlint".into()),
        message,
        ..LspDiagnostic::default()
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// The plain way: count the line's UTF-16 units up to the offset.
    fn naive(file: &SourceFile, offset: usize) -> Position {
        let offset = floor_boundary(&file.text, offset);
        let line = file.line_index(offset);
        let start = file.line_start(line);
        let character = file.text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    #[test]
    fn positions_agree_with_counting_the_line() {
        let pieces = ["a", "é", "🙂", "\n", "\r\n", "\r", "語", " ", "\u{feff}"];
        let mut rng = Rng(7);
        for round in 0..200 {
            let n = if round % 10 == 0 { 3000 } else { rng.below(60) };
            let text: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
            let file = SourceFile::new("t.md", None, text.clone());
            let index = Utf16Index::new(&text);
            // Every offset of the short texts; enough of the long ones to cross checkpoints.
            let step = if text.len() > 500 { 29 } else { 1 };
            for offset in (0..=text.len() + 2).step_by(step) {
                let p = index.position(&file, offset);
                assert_eq!(p, naive(&file, offset), "{text:?} at {offset}");
                let o = offset.min(text.len());
                let inside_crlf = text[..floor_boundary(&text, o)].ends_with('\r')
                    && text[floor_boundary(&text, o)..].starts_with('\n');
                if text.is_char_boundary(o) && !inside_crlf {
                    assert_eq!(
                        offset_at(&text, p),
                        offset.min(text.len()),
                        "{text:?} {p:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn offsets_clamp_to_lines_and_characters() {
        let text = "ab\r\n🙂x\rlast";
        let at = |line, character| offset_at(text, Position::new(line, character));
        assert_eq!(at(0, 9), 2, "past the line's end: before its break");
        assert_eq!(
            at(1, 1),
            4,
            "inside a surrogate pair: the character's start"
        );
        assert_eq!(at(1, 2), 8);
        assert_eq!(at(2, 0), 10);
        assert_eq!(at(7, 0), text.len());
    }
}
