//! `--format json`: the documented contract (README, "JSON output"). Version 1.

use serde::Serialize;

use crate::diagnostic::{Applicability, Severity};
use crate::engine::Report;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Diagnostics<'a>,
    summary: Summary,
}

/// The findings, each made when it is written.
struct Diagnostics<'a>(&'a Report);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.0;
        s.collect_seq(report.diagnostics.iter().map(|d| diagnostic(report, d)))
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: usize,
    end: usize,
    replacement: &'a str,
}

fn diagnostic<'a>(report: &'a Report, d: &'a crate::diagnostic::Diagnostic) -> JsonDiagnostic<'a> {
    let file = report.db.get(d.file);
    let start = file.position(d.range.start);
    let end = file.position(d.range.end);
    JsonDiagnostic {
        path: &file.name,
        rule: &d.rule,
        severity: d.severity,
        message: &d.message,
        help: d.help.as_deref(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        fix: d.fix.as_ref().map(|f| JsonFix {
            applicability: f.applicability,
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    start: e.range.start,
                    end: e.range.end,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let output = Output {
        version: 1,
        diagnostics: Diagnostics(report),
        summary: Summary {
            files: report.files_checked,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
