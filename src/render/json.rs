//! `--format json`: the documented contract (README, "JSON output"). Version 1.

use serde::Serialize;

use crate::diagnostic::{Applicability, Severity};
use crate::engine::Report;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
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

pub fn render(report: &Report) -> String {
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
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
        })
        .collect();
    let out = Output {
        version: 1,
        diagnostics,
        summary: Summary {
            files: report.files_checked,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
    };
    let mut s = serde_json::to_string_pretty(&out).expect("JSON output serializes");
    s.push('\n');
    s
}
