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
        Format::Human => human::write(report, opts, out),
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

/// `checked 6 files: 3 errors, 1 warning, 0 infos (12 ms)`.
pub fn summary(report: &Report, elapsed: Duration) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
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
