//! One line per finding, for editors' quickfix lists and grep:
//! `path:line:column: severity[rule]: message`.

use std::fmt::Write;

use super::{summary, RenderOptions};
use crate::engine::Report;

pub fn render(report: &Report, opts: RenderOptions) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let file = report.db.get(d.file);
        let pos = file.position(d.range.start);
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            file.name, pos.line, pos.column, d.severity, d.rule, d.message
        );
    }
    if !opts.quiet {
        let _ = writeln!(out, "{}", summary(report, opts.elapsed));
    }
    out
}
