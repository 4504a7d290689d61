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
    /// Other names of files in `inputs` that are other paths on disk (a symlink named next
    /// to its target): not checked again, but still pages of their site.
    pub aliases: Vec<Input>,
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.to_string()
}

pub fn is_markdown(path: &Path) -> bool {
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
        let mut sites = JekyllExcludes::default();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file())
                        && is_markdown(e.path())
                        && !sites.excludes(e.path())
                    {
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
    // One walk never meets a file twice (it does not follow symlinks); several paths can.
    if paths.len() > 1 {
        dedup_same_file(&mut out);
    }
    Ok(out)
}

/// One input per file: a file reached twice (a folder and a file in it, `a.md` and
/// `./a.md`, a symlink and its target) is checked and fixed once, under its first name in
/// sorted order; reported twice, a fix would be written twice and the second write would
/// find the file changed. A second name that is another path on disk goes to `aliases`.
fn dedup_same_file(out: &mut Discovered) {
    let mut seen: std::collections::HashMap<PathBuf, PathBuf> = Default::default();
    let mut kept = Vec::with_capacity(out.inputs.len());
    for input in std::mem::take(&mut out.inputs) {
        let Input::File { path, .. } = &input else {
            kept.push(input);
            continue;
        };
        let abs = crate::source::absolute(path).unwrap_or_else(|_| path.clone());
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| abs.clone());
        match seen.get(&key) {
            None => {
                seen.insert(key, abs);
                kept.push(input);
            }
            Some(first) if *first == abs => {}
            Some(_) => out.aliases.push(input),
        }
    }
    out.inputs = kept;
}

/// The `exclude:` of the Jekyll sites a walk meets: a file a site leaves out is not one of
/// its posts or pages, and a folder walk skips it (a file named explicitly is still
/// checked). Each folder's site is looked up once, each site's config read once.
#[derive(Default)]
struct JekyllExcludes {
    by_dir: std::collections::HashMap<PathBuf, Option<usize>>,
    sites: Vec<(PathBuf, crate::site::jekyll::JekyllConfig)>,
}

impl JekyllExcludes {
    fn excludes(&mut self, file: &Path) -> bool {
        let Some(dir) = file.parent() else {
            return false;
        };
        let site = match self.by_dir.get(dir) {
            Some(s) => *s,
            None => {
                let s = crate::site::jekyll_root(file).map(|root| {
                    match self.sites.iter().position(|(r, _)| *r == root) {
                        Some(i) => i,
                        None => {
                            let config = crate::site::jekyll::JekyllConfig::load(&root);
                            self.sites.push((root, config));
                            self.sites.len() - 1
                        }
                    }
                });
                self.by_dir.insert(dir.to_path_buf(), s);
                s
            }
        };
        let Some((root, config)) = site.map(|i| &self.sites[i]) else {
            return false;
        };
        let Ok(abs) = crate::source::absolute(file) else {
            return false;
        };
        let Ok(rel) = abs.strip_prefix(root) else {
            return false;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        config.excluded(&rel)
    }
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
        // A Jekyll site's `exclude:` leaves files out of a walk, not out of a named check.
        std::fs::write(dir.join("_config.yml"), "exclude: [notes.md, drafts]\n").unwrap();
        for f in ["notes.md", "drafts/d.md", "post.md"] {
            std::fs::create_dir_all(dir.join(f).parent().unwrap()).unwrap();
            std::fs::write(dir.join(f), "x").unwrap();
        }
        let found = discover(std::slice::from_ref(&dir)).unwrap();
        let walked: Vec<String> = found
            .inputs
            .iter()
            .filter_map(|i| match i {
                Input::File { path, .. } => {
                    Some(path.strip_prefix(&dir).unwrap().display().to_string())
                }
                Input::Stdin => None,
            })
            .collect();
        assert_eq!(walked, ["_posts/a.md", "post.md"]);
        assert_eq!(discover(&[dir.join("notes.md")]).unwrap().inputs.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
