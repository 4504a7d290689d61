//! Which files to lint: explicit files as given, folders walked with the `ignore` crate
//! (honours `.gitignore`, skips hidden files, Jekyll build output and vendored trees).

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// Folders never walked into: build output, caches, vendored dependencies.
pub const SKIPPED_DIRS: [&str; 5] = [
    "_site",
    ".jekyll-cache",
    ".sass-cache",
    "node_modules",
    "vendor",
];

/// Extensions picked up when walking a folder.
pub const EXTENSIONS: [&str; 2] = ["md", "markdown"];

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// `display` is the path as given or walked (no leading `./`).
    File {
        display: String,
        path: PathBuf,
    },
    Stdin,
}

/// A path the walk could not read.
#[derive(Debug, Clone)]
pub struct WalkError {
    pub display: String,
    pub message: String,
}

/// The result of discovery.
#[derive(Debug, Default)]
pub struct Discovered {
    pub inputs: Vec<Input>,
    pub errors: Vec<WalkError>,
    /// The folders walked in full: a Jekyll site rooted at one of them has no other files
    /// to add as context.
    pub walked: Vec<PathBuf>,
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.to_string()
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Expand `paths` into inputs. A path that does not exist is an error (`Err` with its
/// message); unreadable entries found while walking are returned in `errors`.
pub fn discover(paths: &[PathBuf]) -> Result<Discovered, String> {
    let mut out = Discovered::default();
    for path in paths {
        if path.as_os_str() == "-" {
            out.inputs.push(Input::Stdin);
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("{}: no such file or directory", path.display())
            }
            _ => format!("{}: {e}", path.display()),
        })?;
        if !meta.is_dir() {
            out.inputs.push(Input::File {
                display: display(path),
                path: path.clone(),
            });
            continue;
        }
        out.walked.push(path.clone());
        let walker = WalkBuilder::new(path)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.depth() > 0
                    && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) && is_markdown(e.path()) {
                        out.inputs.push(Input::File {
                            display: display(e.path()),
                            path: e.path().to_path_buf(),
                        });
                    }
                }
                Err(err) => out.errors.push(walk_error(&err)),
            }
        }
    }
    out.inputs.sort();
    out.inputs.dedup();
    Ok(out)
}

fn walk_error(err: &ignore::Error) -> WalkError {
    fn path_of(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    fn inner(err: &ignore::Error) -> String {
        match err {
            ignore::Error::WithPath { err, .. }
            | ignore::Error::WithDepth { err, .. }
            | ignore::Error::WithLineNumber { err, .. } => inner(err),
            ignore::Error::Io(e) => e.to_string(),
            other => other.to_string(),
        }
    }
    WalkError {
        display: path_of(err).map_or_else(|| "<walk>".to_string(), display),
        message: inner(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_markdown_and_skips_build_output() {
        let dir = std::env::temp_dir().join(format!("postlint-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for f in [
            "_posts/a.md",
            "_posts/b.markdown",
            "_posts/c.txt",
            "_site/x.md",
            "vendor/y.md",
            ".hidden/z.md",
            "node_modules/q.md",
        ] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        std::fs::write(dir.join(".gitignore"), "_posts/b.markdown\n").unwrap();
        let found = discover(std::slice::from_ref(&dir)).unwrap();
        let names: Vec<String> = found
            .inputs
            .iter()
            .filter_map(|i| match i {
                Input::File { path, .. } => {
                    Some(path.strip_prefix(&dir).unwrap().display().to_string())
                }
                Input::Stdin => None,
            })
            .collect();
        assert_eq!(names, ["_posts/a.md"]);
        // An explicit file is linted whatever its extension.
        let txt = dir.join("_posts/c.txt");
        assert_eq!(discover(&[txt]).unwrap().inputs.len(), 1);
        assert!(discover(&[dir.join("missing.md")]).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
