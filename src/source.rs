//! Source files and byte ↔ line/column conversion.
//!
//! Every range in postlint is a byte range into the file's own text (BOM included).
//! Line and column are computed only when rendering. Lines end at `\n`, `\r\n` or a lone
//! `\r`; columns count Unicode scalar values (characters), 1-based, and a leading BOM is not
//! counted.

use std::ops::Range;
use std::path::PathBuf;

use codespan_reporting::files::{Error as FilesError, Files};

/// One file's text and line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given on the command line or found by the walk (relative to the working
    /// directory when it was given relative), used in every diagnostic.
    pub name: String,
    /// Where the file lives on disk (`None` for standard input).
    pub path: Option<PathBuf>,
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters before every [`CHUNK`]th byte, built when a column is first asked on a
    /// long line: a column is then found in at most `CHUNK` bytes, not from the line's
    /// start (200,000 findings on a 1 MB line took seconds, each counting half the line).
    chars_before: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between two entries of [`SourceFile::chars_before`]; also the longest prefix of a
/// line whose characters are counted directly.
const CHUNK: usize = 256;

/// Characters that start in `bytes` (bytes that are not UTF-8 continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A 1-based line and column (column in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: String) -> Self {
        let line_starts = line_starts(&text);
        Self {
            name: name.into(),
            path,
            text,
            line_starts,
            chars_before: std::sync::OnceLock::new(),
        }
    }

    /// Characters in `text[..offset]` (`offset` on a character boundary).
    fn chars_to(&self, offset: usize) -> usize {
        let index = self.chars_before.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut n = 0;
            bytes
                .chunks(CHUNK)
                .map(|c| {
                    let before = n;
                    n += char_starts(c);
                    before
                })
                .collect()
        });
        let chunk = offset / CHUNK;
        index.get(chunk).copied().unwrap_or(0)
            + char_starts(&self.text.as_bytes()[chunk * CHUNK..offset])
    }

    /// Number of lines (a file without a final newline still has its last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line index holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of a 0-based line, without its line ending.
    pub fn line_range(&self, index: usize) -> Range<usize> {
        let start = self.line_starts[index];
        let mut end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Byte offset where the 0-based line starts.
    pub fn line_start(&self, index: usize) -> usize {
        self.line_starts[index]
    }

    /// 1-based line and character column of a byte offset. Offsets past the end clamp to
    /// the end; offsets inside a multi-byte character count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let mut prefix_end = offset;
        while !self.text.is_char_boundary(prefix_end) {
            prefix_end -= 1;
        }
        let prefix = &self.text[start..prefix_end];
        let mut column = if prefix.len() <= CHUNK {
            prefix.chars().count() + 1
        } else {
            self.chars_to(prefix_end) - self.chars_to(start) + 1
        };
        if line == 0 && prefix.starts_with('\u{feff}') {
            column -= 1;
        }
        Position {
            line: line + 1,
            column,
        }
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    // Sized from a count first (memchr counts a byte with vector instructions): every
    // file's starts are held until its check, and a guessed capacity either grows by
    // doubling or sits unused. Exact for LF files; CRLF counts twice, so such files give
    // the rest back at the end.
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let cr = memchr::memchr_iter(b'\r', bytes).count();
    let mut starts = Vec::with_capacity(lf + cr + 1);
    starts.push(0);
    if cr == 0 {
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        return starts;
    }
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    crate::util::exact(&mut starts);
    starts
}

/// All files of one run, addressed by index; implements codespan's `Files` so the human
/// renderer and every other format share one notion of lines.
#[derive(Debug, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    pub fn add(&mut self, file: SourceFile) -> usize {
        self.files.push(file);
        self.files.len() - 1
    }

    pub fn get(&self, id: usize) -> &SourceFile {
        &self.files[id]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
}

impl<'a> Files<'a> for SourceDb {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.name.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.files
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.line_index(byte_index.min(file.text.len())))
    }

    fn column_number(
        &'a self,
        id: usize,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        Ok(file.position(byte_index).column)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.files.get(id).ok_or(FilesError::FileMissing)?;
        if line_index >= file.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: file.line_count().saturating_sub(1),
            });
        }
        // codespan wants the range including the line ending.
        let start = file.line_start(line_index);
        let end = if line_index + 1 < file.line_count() {
            file.line_start(line_index + 1)
        } else {
            file.text.len()
        };
        Ok(start..end)
    }
}

/// [`std::path::absolute`] with the working directory read once per process: the standard
/// one asks the kernel for it on every call, thousands of times in a run over a site.
/// postlint never changes its working directory.
pub fn absolute(path: &std::path::Path) -> std::io::Result<PathBuf> {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    if path.is_absolute() {
        return std::path::absolute(path);
    }
    match CWD.get_or_init(|| std::env::current_dir().ok()) {
        Some(cwd) if !path.as_os_str().is_empty() => std::path::absolute(cwd.join(path)),
        _ => std::path::absolute(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.md", None, text.to_string())
    }

    #[test]
    fn positions_with_lf_crlf_and_lone_cr() {
        let f = file("ab\ncd\r\nef\rgh");
        assert_eq!(f.line_count(), 4);
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(4), Position { line: 2, column: 2 });
        assert_eq!(f.position(7), Position { line: 3, column: 1 });
        assert_eq!(f.position(10), Position { line: 4, column: 1 });
        assert_eq!(f.line_range(1), 3..5);
        assert_eq!(f.line_range(2), 7..9);
    }

    #[test]
    fn line_starts_agree_with_a_byte_by_byte_scan() {
        // LF, CRLF and lone CR mixed, and LF-only texts (the counted fast path).
        let mut rng = crate::test_rng::Rng(0x6c69_6e65);
        for round in 0..2_000 {
            let pieces: &[&str] = if round % 2 == 0 {
                &["a", "\n", "\r", "\r\n", "é", "\n\n"]
            } else {
                &["a", "\n", "bc", "\n\n"]
            };
            let text = rng.text(pieces, 40);
            let bytes = text.as_bytes();
            let mut expected = vec![0];
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    expected.push(i + 1);
                }
            }
            let got = line_starts(&text);
            assert_eq!(got, expected, "{text:?}");
            assert_eq!(got.capacity(), got.len(), "{text:?}");
        }
    }

    #[test]
    fn columns_count_characters_and_skip_bom() {
        let f = file("\u{feff}é🙂 TODO\n\tx");
        let todo = f.text.find("TODO").unwrap();
        assert_eq!(f.position(todo), Position { line: 1, column: 4 });
        let x = f.text.find('x').unwrap();
        assert_eq!(f.position(x), Position { line: 2, column: 2 });
    }

    /// Columns on long lines come from the character index; they agree with counting
    /// from the line's start.
    #[test]
    fn columns_on_long_lines_agree_with_counting() {
        let mut rng = crate::test_rng::Rng(0x636f_6c73);
        for _ in 0..200 {
            let text = rng.text(&["a", "é", "🙂", "東", " ", "\n", "TODO "], 400);
            let text = format!("\u{feff}{}", text.repeat(3));
            let f = file(&text);
            for offset in (0..=text.len()).step_by(7) {
                let line = f.line_index(offset);
                let start = f.line_start(line);
                let mut end = offset.min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                let prefix = &text[start..end];
                let bom = usize::from(line == 0 && prefix.starts_with('\u{feff}'));
                let want = prefix.chars().count() + 1 - bom;
                assert_eq!(f.position(offset).column, want, "offset {offset}");
            }
        }
    }

    /// Item 8 (issue "Robustness and security under hostile input"): a column costs the
    /// same wherever it is on a long line, so positions of n findings on one line take
    /// time linear in n.
    #[test]
    fn positions_on_one_long_line_are_linear() {
        crate::rules::test_support::assert_linear(
            400,
            |n| file(&"TODO ".repeat(n)),
            |f| {
                let mut sum = 0;
                for offset in (0..f.text.len()).step_by(5) {
                    sum += f.position(offset).column;
                }
                assert!(sum > 0);
            },
        );
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let f = file("a\n");
        assert_eq!(f.position(99), Position { line: 2, column: 1 });
        let empty = file("");
        assert_eq!(empty.position(0), Position { line: 1, column: 1 });
    }
}
