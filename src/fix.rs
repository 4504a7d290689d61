//! Applying fixes: all edits of a fix or none, overlapping fixes skipped in a deterministic
//! order, line endings kept, and files written atomically only if unchanged since read.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, Default)]
pub struct FixMode {
    pub unsafe_fixes: bool,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end)
        || (a.start == b.start)
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

/// Does the text use CRLF line endings (more CRLF than bare LF)?
pub fn is_crlf(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    crlf > lf
}

/// Apply the applicable fixes of `diagnostics` to `text`. Returns the new text and the
/// number of fixes applied.
pub fn apply(text: &str, diagnostics: &[&Diagnostic], mode: FixMode) -> (String, usize) {
    let (edits, count) = plan(text, diagnostics, mode);
    (apply_edits(text, &edits), count)
}

/// The edits `apply` makes (non-overlapping, sorted by position), and how many fixes they
/// come from.
pub fn plan(text: &str, diagnostics: &[&Diagnostic], mode: FixMode) -> (Vec<Edit>, usize) {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut fixes: Vec<(&Diagnostic, &Vec<Edit>)> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (*d, f)))
        .filter(|(_, f)| f.applicability == Applicability::Safe || mode.unsafe_fixes)
        .filter(|(_, f)| {
            !f.edits.is_empty()
                && f.edits.iter().all(|e| {
                    e.range.start >= bom
                        && e.range.start <= e.range.end
                        && e.range.end <= text.len()
                        && text.is_char_boundary(e.range.start)
                        && text.is_char_boundary(e.range.end)
                })
        })
        .map(|(d, f)| (d, &f.edits))
        .collect();
    // Deterministic order: by position, then rule and message.
    fixes.sort_by(|(da, ea), (db, eb)| {
        let key = |d: &Diagnostic, e: &Vec<Edit>| {
            (
                e.iter().map(|x| x.range.start).min().unwrap_or(0),
                e.iter().map(|x| x.range.end).max().unwrap_or(0),
                d.rule.clone(),
                d.message.clone(),
            )
        };
        key(da, ea).cmp(&key(db, eb))
    });
    let mut accepted: Vec<Edit> = Vec::new();
    let mut count = 0;
    for (_, edits) in fixes {
        let clash = edits.iter().enumerate().any(|(i, e)| {
            accepted.iter().any(|a| overlaps(&a.range, &e.range))
                || edits[..i].iter().any(|o| overlaps(&o.range, &e.range))
        });
        if clash {
            continue;
        }
        accepted.extend(edits.iter().cloned());
        count += 1;
    }
    accepted.sort_by_key(|e| e.range.start);
    (accepted, count)
}

/// Apply sorted, non-overlapping edits; `\n` in replacements becomes `\r\n` in CRLF text.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let crlf = is_crlf(text);
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        let replacement = if crlf {
            e.replacement.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            e.replacement.clone()
        };
        out.replace_range(e.range.clone(), &replacement);
    }
    out
}

/// Write `new` to `path` atomically (temporary file in the same folder, fsync, rename,
/// permissions kept), unless the file no longer holds `expected`.
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), String> {
    let current = std::fs::read(path).map_err(|e| format!("cannot re-read: {e}"))?;
    if current != expected {
        return Err("changed on disk since postlint read it; not written".into());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.postlint-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(new)?;
        f.sync_all()?;
        std::fs::set_permissions(&tmp, std::fs::metadata(path)?.permissions())?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot write: {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(rule: &str, fix: Fix) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            severity: Severity::Warning,
            message: rule.into(),
            file: 0,
            range: 0..0,
            labels: Vec::new(),
            help: None,
            fix: Some(fix),
        }
    }

    #[test]
    fn overlapping_fixes_first_wins_and_unsafe_needs_opt_in() {
        let text = "teh github repo";
        let a = diag("typo", Fix::safe(0..3, "the"));
        let b = diag("other", Fix::safe(1..5, "XX"));
        let c = diag("case", Fix::safe(4..10, "GitHub"));
        let u = diag("unsafe", Fix::unsafe_edit(11..15, "repository"));
        let (out, n) = apply(text, &[&c, &b, &a, &u], FixMode::default());
        assert_eq!((out.as_str(), n), ("the GitHub repo", 2));
        let (out, _) = apply(text, &[&a, &u], FixMode { unsafe_fixes: true });
        assert_eq!(out, "the github repository");
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let text = "\u{feff}a\r\nb\r\n";
        let d = diag("x", Fix::safe(6..6, "\n"));
        let (out, _) = apply(text, &[&d], FixMode::default());
        assert_eq!(out, "\u{feff}a\r\n\r\nb\r\n");
        let into_bom = diag("y", Fix::safe(0..1, ""));
        assert_eq!(apply(text, &[&into_bom], FixMode::default()).1, 0);
    }

    #[test]
    fn atomic_write_refuses_changed_files_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("postlint-fix-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.md");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(write_atomic(&p, b"other", b"new").is_err());
        write_atomic(&p, b"old", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
