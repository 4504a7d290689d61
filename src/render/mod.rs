//! Output formats. Each writes a [`Report`] as text, finding by finding, to a writer
//! (standard output in the CLI: nothing is held in memory but the finding being written);
//! none of them changes it. Each is linear in the findings: a line and column cost the
//! same wherever a finding is (`SourceFile::position`), and the human format shows a
//! window of a long line, not all of it.

pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;

use std::time::Duration;

use crate::diagnostic::Severity;
use crate::engine::Report;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with source snippets (codespan-reporting)
    Human,
    /// one line per finding: `path:line:column: severity[rule]: message`
    Short,
    /// one JSON object, the documented contract (see README)
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests)
    Github,
    /// SARIF 2.1.0 (code scanning)
    Sarif,
}

#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    /// Only findings: no summary line.
    pub quiet: bool,
    pub elapsed: Duration,
}

/// Write `report` in `format` to `out`. Stops at the first write error (a closed pipe).
pub fn write(
    report: &Report,
    format: Format,
    opts: RenderOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => {
            let mut trimmed = TrimLineEnds::new(out);
            human::write(report, opts, &mut trimmed)?;
            trimmed.finish()
        }
        Format::Short => short::write(report, opts, out),
        Format::Json => json::write(report, out),
        Format::Github => github::write(report, out),
        Format::Sarif => sarif::write(report, out),
    }
}

/// `report` in `format`, as one string (for tests and tools).
pub fn render(report: &Report, format: Format, opts: RenderOptions) -> String {
    let mut out = Vec::new();
    write(report, format, opts, &mut out).expect("writing to memory cannot fail");
    String::from_utf8_lossy(&out).into_owned()
}

/// A writer that drops the blanks at the ends of the lines written through it (see
/// [`trim_line_ends`]); it holds one line at a time, so output still streams.
struct TrimLineEnds<'a> {
    out: &'a mut dyn std::io::Write,
    line: Vec<u8>,
}

impl<'a> TrimLineEnds<'a> {
    fn new(out: &'a mut dyn std::io::Write) -> Self {
        TrimLineEnds {
            out,
            line: Vec::new(),
        }
    }

    fn emit(&mut self) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(&self.line);
        self.out.write_all(trim_line_ends(&text).as_bytes())?;
        self.line.clear();
        Ok(())
    }

    /// Writes the last line (one without a line end).
    fn finish(mut self) -> std::io::Result<()> {
        self.emit()?;
        self.out.flush()
    }
}

impl std::io::Write for TrimLineEnds<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..=i]);
            self.emit()?;
            rest = &rest[i + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// `text` without spaces at the ends of its lines, also where colour codes follow them
/// (codespan-reporting pads an empty source line and a label's guide line with spaces).
pub fn trim_line_ends(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = body.strip_suffix('\r').unwrap_or(body);
        let end = &line[body.len()..];
        // The colour codes at the end of the line, kept; the blanks among them, dropped.
        let mut cut = body.len();
        let mut codes: Vec<&str> = Vec::new();
        loop {
            let rest = &body[..cut];
            if let Some(r) = rest.strip_suffix([' ', '\t']) {
                cut = r.len();
            } else if let Some(start) = trailing_code(rest) {
                codes.push(&rest[start..]);
                cut = start;
            } else {
                break;
            }
        }
        out.push_str(&body[..cut]);
        out.extend(codes.iter().rev().copied());
        out.push_str(end);
    }
    out
}

/// Where an ANSI SGR sequence (`ESC [ digits/semicolons m`) that ends `s` starts.
fn trailing_code(s: &str) -> Option<usize> {
    let body = s.strip_suffix('m')?;
    let params = body.trim_end_matches(|c: char| c.is_ascii_digit() || c == ';');
    params.strip_suffix("\x1b[").map(|p| p.len())
}

/// `checked 6 files: 3 errors, 1 warning, 0 infos (12 ms)`.
pub fn summary(report: &Report, elapsed: Duration) -> String {
    let plural = crate::util::count;
    let (e, w, i) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    let files = plural(report.files_checked, "file");
    let ms = elapsed.as_millis();
    if e + w + i == 0 {
        format!("checked {files}: no problems found ({ms} ms)")
    } else {
        format!(
            "checked {files}: {}, {}, {} ({ms} ms)",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "info")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::trim_line_ends;

    #[test]
    fn line_ends_lose_their_blanks_and_keep_their_colour_codes() {
        assert_eq!(trim_line_ends("a \n  \nb"), "a\n\nb");
        assert_eq!(trim_line_ends("69 | \r\nx\t \n"), "69 |\r\nx\n");
        let coloured = "\x1b[0m\x1b[36m69\x1b[0m \x1b[0m\x1b[36m|\x1b[0m \n";
        assert_eq!(
            trim_line_ends(coloured),
            "\x1b[0m\x1b[36m69\x1b[0m \x1b[0m\x1b[36m|\x1b[0m\n"
        );
        assert_eq!(
            trim_line_ends("x \x1b[0m  \x1b[1;31m \n"),
            "x\x1b[0m\x1b[1;31m\n"
        );
        // Blanks inside a line, and text that only looks like a code, stay.
        assert_eq!(trim_line_ends("a  b [0m \n"), "a  b [0m\n");
        assert_eq!(trim_line_ends(""), "");
    }
}
