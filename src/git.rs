//! What changed in a git repository since a reference (`--since REF`): the files to check,
//! and the files that are gone (deleted, or renamed away), with their old text, so that
//! the links into them can be checked too. The `git` binary does the work.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The changes since a reference.
#[derive(Debug, Default)]
pub struct Changes {
    /// The merge base the changes are counted from.
    pub base: String,
    /// Files added, modified or renamed (their new path), and untracked files: absolute.
    pub changed: Vec<PathBuf>,
    /// Files deleted or renamed away: absolute path and text at the base.
    pub vanished: Vec<(PathBuf, String)>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("").trim();
        return Err(format!("git {}: {first}", args.join(" ")));
    }
    Ok(out.stdout)
}

/// The changes of the working tree of the repository holding `dir` since the merge base
/// of `reference` and `HEAD` (on a pull request: since it left its base branch).
pub fn changes_since(reference: &str, dir: &Path) -> Result<Changes, String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        format!(
            "--since needs a git repository, and {} is in none",
            dir.display()
        )
    })?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let base = match git(&top, &["merge-base", reference, "HEAD"]) {
        Ok(b) => String::from_utf8_lossy(&b).trim().to_string(),
        // A reference with no common history (a shallow clone) compares with itself.
        Err(_) => {
            let b = git(
                &top,
                &["rev-parse", "--verify", &format!("{reference}^{{commit}}")],
            )
            .map_err(|_| format!("--since: `{reference}` is no commit of this repository"))?;
            String::from_utf8_lossy(&b).trim().to_string()
        }
    };
    let mut changes = Changes {
        base: base.clone(),
        ..Changes::default()
    };
    let diff = git(&top, &["diff", "--name-status", "-M", "-z", &base])?;
    let fields: Vec<String> = diff
        .split(|b| *b == 0)
        .filter(|f| !f.is_empty())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let mut i = 0;
    while i < fields.len() {
        let status = fields[i].clone();
        let kind = status.chars().next().unwrap_or(' ');
        match kind {
            'R' | 'C' => {
                let (Some(from), Some(to)) = (fields.get(i + 1), fields.get(i + 2)) else {
                    break;
                };
                if kind == 'R' {
                    changes
                        .vanished
                        .push((top.join(from), show(&top, &base, from)));
                }
                changes.changed.push(top.join(to));
                i += 3;
            }
            'D' => {
                if let Some(path) = fields.get(i + 1) {
                    changes
                        .vanished
                        .push((top.join(path), show(&top, &base, path)));
                }
                i += 2;
            }
            _ => {
                if let Some(path) = fields.get(i + 1) {
                    changes.changed.push(top.join(path));
                }
                i += 2;
            }
        }
    }
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    for f in untracked.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        changes
            .changed
            .push(top.join(String::from_utf8_lossy(f).as_ref()));
    }
    changes.changed.retain(|p| p.is_file());
    changes.changed.sort();
    changes.changed.dedup();
    Ok(changes)
}

/// The text of `path` at `rev` ("" when it is not text or cannot be read).
fn show(top: &Path, rev: &str, path: &str) -> String {
    git(top, &["show", &format!("{rev}:{path}")])
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}
