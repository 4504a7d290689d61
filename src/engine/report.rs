//! The report: every file's diagnostics (engine notes, rules, `--online`) in one stable
//! order, and the rules of the run for the formats that describe them.

use super::check::internal_error;
use super::load::Loaded;
use super::{Profiles, Report, RuleInfo};
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::discover::WalkError;
use crate::rules::engine_notes;
use crate::source::SourceFile;

pub(super) fn assemble(
    profiles: &Profiles,
    loaded: Vec<Loaded>,
    checked: Vec<Vec<Diagnostic>>,
    online: Vec<Vec<Diagnostic>>,
    parse_failures: Vec<Option<String>>,
    errors: Vec<WalkError>,
) -> Report {
    let mut report = Report {
        rules: profiles
            .metas()
            .into_iter()
            .map(|m| RuleInfo {
                name: m.name.to_string(),
                summary: m.summary.to_string(),
                docs: m.docs_text(),
                severity: m.default_severity,
                fixable: m.fixable(),
            })
            .collect(),
        ..Report::default()
    };
    report.diagnostics.reserve(
        loaded.iter().map(|l| l.early.len()).sum::<usize>()
            + checked.iter().map(Vec::len).sum::<usize>()
            + online.iter().map(Vec::len).sum::<usize>(),
    );
    for (((l, diags), online), failed) in loaded
        .into_iter()
        .zip(checked)
        .zip(online)
        .zip(parse_failures)
    {
        // A document read for the site is reported only for what `--since` found in it.
        if !l.report && diags.is_empty() {
            continue;
        }
        let failed = failed.map(|why| {
            internal_error(
                0..0,
                format!("internal error while parsing this file: {why}"),
            )
        });
        let id = report.db.add(l.file);
        for mut d in l.early.into_iter().chain(failed).chain(diags).chain(online) {
            d.file = id;
            report.diagnostics.push(d);
        }
        report.files_checked += usize::from(l.checked);
        report.io_errors += usize::from(l.io_error);
    }
    for err in errors {
        let id = report
            .db
            .add(SourceFile::new(err.display, None, String::new()));
        report.io_errors += 1;
        let mut d = super::check::stamp(
            &engine_notes::IO_ERROR,
            Severity::Error,
            Finding::new(0..0, err.message),
        );
        d.file = id;
        report.diagnostics.push(d);
    }
    // Files ranked by name once (files of the same name share a rank), then diagnostics
    // sorted by (file rank, position, rule, message).
    let mut names: Vec<&str> = (0..report.db.len())
        .map(|id| report.db.get(id).name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let rank: Vec<usize> = (0..report.db.len())
        .map(|id| names.partition_point(|n| *n < report.db.get(id).name.as_str()))
        .collect();
    report.diagnostics.sort_by(|a, b| {
        (
            rank[a.file],
            a.range.start,
            a.range.end,
            &a.rule,
            &a.message,
        )
            .cmp(&(
                rank[b.file],
                b.range.start,
                b.range.end,
                &b.rule,
                &b.message,
            ))
    });
    report
}
