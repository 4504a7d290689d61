//! One line per finding, for editors' quickfix lists and grep:
//! `path:line:column: severity[rule]: message`. Control characters in the path or the
//! message (a line break in a file name) are written as escapes (`\n`).

use std::io::Write;

use super::{summary, RenderOptions};
use crate::engine::Report;
use crate::util::escape_controls;

pub fn write(report: &Report, opts: RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let file = report.db.get(d.file);
        let pos = file.position(d.range.start);
        // One line per finding, whatever a file name or a message holds.
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            escape_controls(&file.name),
            pos.line,
            pos.column,
            d.severity,
            d.rule,
            escape_controls(&d.message)
        )?;
    }
    if !opts.quiet {
        writeln!(out, "{}", summary(report, opts.elapsed))?;
    }
    Ok(())
}
