//! `--format github`: GitHub Actions workflow commands, one per finding, so findings show
//! as annotations on the pull request's diff.

use std::fmt::Write;

use crate::diagnostic::Severity;
use crate::engine::Report;

/// Escape the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (`file=`, `title=`): also `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        let file = report.db.get(d.file);
        let start = file.position(d.range.start);
        let end = file.position(d.range.end);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = format!(
            "file={},line={},endLine={}",
            escape_property(&file.name),
            start.line,
            end.line
        );
        // GitHub rejects columns on annotations spanning several lines; its end column is
        // inclusive (ours is exclusive).
        if start.line == end.line {
            let end_col = end.column.saturating_sub(1).max(start.column);
            let _ = write!(props, ",col={},endColumn={end_col}", start.column);
        }
        let _ = write!(
            props,
            ",title={}",
            escape_property(&format!("postlint({})", d.rule))
        );
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(out, "::{command} {props}::{}", escape_data(&message))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
