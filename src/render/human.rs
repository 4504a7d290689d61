//! rustc-style output through codespan-reporting: our diagnostics are converted to its
//! type only here.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::term::termcolor::{Buffer, ColorSpec, WriteColor};
use codespan_reporting::term::{self, Config};
use std::io::Write;

use super::{summary, RenderOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Report;

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![Label::primary(d.file, d.range.clone())];
    labels.extend(
        d.labels
            .iter()
            .map(|l| Label::secondary(d.file, l.range.clone()).with_message(l.message.clone())),
    );
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(fix) = &d.fix {
        let kind = match fix.applicability {
            crate::diagnostic::Applicability::Safe => "fix available",
            crate::diagnostic::Applicability::Unsafe => "unsafe fix available",
        };
        notes.push(format!("note: {kind}"));
    }
    CsDiagnostic::new(severity)
        .with_code(d.rule.clone())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

pub fn render(report: &Report, opts: RenderOptions) -> String {
    let mut buf = if opts.color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let config = Config::default();
    for d in &report.diagnostics {
        let cs = to_codespan(d);
        if d.range.is_empty() && report.db.get(d.file).text.is_empty() {
            // No source to show (unreadable or binary file): header and location only.
            let _ = write_header_only(&mut buf, report, d);
            continue;
        }
        if term::emit_to_write_style(&mut buf, &config, &report.db, &cs).is_err() {
            let _ = write_header_only(&mut buf, report, d);
        }
    }
    if !opts.quiet {
        let _ = writeln!(buf, "{}", summary(report, opts.elapsed));
    }
    String::from_utf8_lossy(buf.as_slice()).into_owned()
}

fn write_header_only(buf: &mut Buffer, report: &Report, d: &Diagnostic) -> std::io::Result<()> {
    let mut spec = ColorSpec::new();
    spec.set_bold(true);
    buf.set_color(&spec)?;
    write!(buf, "{}[{}]", d.severity, d.rule)?;
    buf.reset()?;
    writeln!(buf, ": {}", d.message)?;
    writeln!(buf, "  --> {}\n", report.db.get(d.file).name)
}
