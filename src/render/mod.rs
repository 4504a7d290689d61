//! Output formats. Each turns a [`Report`] into text; none of them changes it.

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

pub fn render(report: &Report, format: Format, opts: RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts),
        Format::Short => short::render(report, opts),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
    }
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
