//! Changed-only checks (`--since REF`): the changed files are checked in full, and every
//! other document of their sites only where one of its links leads into a changed file
//! (a renamed heading) or to a file that is gone (a deleted or renamed post, image or
//! page): a pull request is told what it broke elsewhere, and nothing older.

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use crate::document::Document;
use crate::site::jekyll::permalink::url_keys;
use crate::site::resolve::Resolved;
use crate::site::Site;
use crate::source::SourceFile;

/// What changed.
#[derive(Debug, Clone, Default)]
pub struct Focus {
    /// Files changed, absolute (the files checked in full).
    pub changed: Vec<PathBuf>,
    /// Files gone, absolute, with their text before.
    pub vanished: Vec<(PathBuf, String)>,
}

/// The rules that follow links into other files.
pub const LINK_RULES: [&str; 3] = ["broken-link", "broken-fragment", "missing-image"];

/// What a site published of the files that are gone: their URLs (every served form) and
/// post names.
#[derive(Debug, Default)]
pub(super) struct Gone {
    urls: HashSet<String>,
    posts: HashSet<String>,
    changed: HashSet<PathBuf>,
}

impl Gone {
    pub(super) fn new(focus: &Focus, site: &Site) -> Gone {
        let mut gone = Gone {
            changed: focus
                .changed
                .iter()
                .filter_map(|p| crate::source::absolute(p).ok())
                .collect(),
            ..Gone::default()
        };
        for (path, text) in &focus.vanished {
            let Some(js) = site.jekyll.iter().find(|j| path.starts_with(&j.root)) else {
                continue;
            };
            let Ok(rel) = path.strip_prefix(&js.root) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let file = SourceFile::new(rel.clone(), Some(path.clone()), text.clone());
            let doc = Document::parse(&file);
            let fm = doc
                .front_matter
                .as_ref()
                .filter(|f| f.format == crate::document::FrontMatterFormat::Yaml);
            let kind = js.config.classify(&rel, fm.is_some());
            if kind == crate::site::jekyll::Kind::Static {
                gone.urls.insert(format!("/{rel}"));
                continue;
            }
            if !kind.is_rendered(&js.config) {
                continue;
            }
            let data = js.config.data(&rel, &kind, doc.readable_front_matter());
            let out = js.config.output(&rel, &kind, &data);
            for u in &out.urls {
                gone.urls.extend(url_keys(u));
            }
            gone.posts.extend(out.post_name);
        }
        gone
    }

    /// The destination ranges of the links of document `me` that lead into a changed
    /// file or to one that is gone.
    pub(super) fn impacted(&self, site: &Site, me: usize, doc: &Document) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for link in &doc.links {
            let into = match site.resolve(me, &link.dest) {
                Resolved::Doc { doc: d, .. } => site.docs[d]
                    .path
                    .as_ref()
                    .is_some_and(|p| self.changed.contains(p)),
                Resolved::Missing { target } => match target
                    .strip_prefix("post `")
                    .and_then(|t| t.strip_suffix('`'))
                {
                    Some(name) => self.posts.contains(name),
                    None => self.urls.contains(&target),
                },
                _ => false,
            };
            if into {
                out.push(link.dest_range.clone().unwrap_or(link.range.clone()));
            }
        }
        out
    }
}
