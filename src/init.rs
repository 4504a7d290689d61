//! `postlint init`: write a `postlint.toml` whose front-matter schema is inferred from the
//! site's own posts, with comments, for a maintainer to review and commit.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use crate::discover::{self, Input};
use crate::document::{Document, FmValue};
use crate::site::{FmStats, Site};
use crate::source::SourceFile;
use crate::util::count;

/// The text of the config for the site at `root`; `Err` when there is nothing to learn from.
pub fn infer(root: &Path) -> Result<String, String> {
    let found = discover::discover(&[root.to_path_buf()])?;
    let files: Vec<SourceFile> = found
        .inputs
        .into_iter()
        .filter_map(|i| match i {
            Input::File { display, path } => {
                let text = std::fs::read_to_string(&path).ok()?;
                Some(SourceFile::new(display, Some(path), text))
            }
            Input::Stdin => None,
        })
        .collect();
    let docs: Vec<Document> = files.iter().map(Document::parse).collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let styles = vec![None; refs.len()];
    let site = Site::build(&refs, crate::site::Needs::FM_STATS, &styles);
    // The group with the most posts is the site's.
    let (group, stats) = site
        .fm_stats
        .iter()
        .enumerate()
        .max_by_key(|(_, s)| s.posts)
        .ok_or("no posts found")?;
    if stats.posts == 0 {
        return Err(format!(
            "no posts with front matter under {}",
            root.display()
        ));
    }
    // Per key: the schema types every post's value satisfies.
    let posts: Vec<&Document> = site
        .docs
        .iter()
        .zip(&docs)
        .filter(|(info, _)| info.fm_group == Some(group))
        .map(|(_, d)| d)
        .collect();
    Ok(render(stats, &posts, site.jekyll.is_empty()))
}

fn schema_type(v: &FmValue) -> &'static str {
    match v {
        FmValue::String(s) if crate::document::front_matter::is_date(s.trim()) => "date",
        FmValue::String(s) if crate::document::front_matter::is_date_time(s.trim()) => "date-time",
        FmValue::String(s) if s.trim().is_empty() => "string",
        FmValue::String(_) => "non-empty-string",
        FmValue::List(items)
            if items
                .iter()
                .all(|i| matches!(i, FmValue::String(_) | FmValue::Int(_))) =>
        {
            "list-of-strings"
        }
        FmValue::List(_) => "list",
        FmValue::Map(_) => "map",
        FmValue::Bool(_) => "boolean",
        FmValue::Int(_) | FmValue::Float(_) => "number",
        FmValue::Null => "null",
    }
}

fn render(stats: &FmStats, posts: &[&Document], outside_jekyll: bool) -> String {
    let n = stats.posts;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# postlint configuration, written by `postlint init` from the front matter of {}.",
        count(n as usize, "post")
    );
    let _ = writeln!(
        out,
        "# Review it and commit it: postlint then holds every post to these conventions."
    );
    let _ = writeln!(out, "# Reference: `postlint explain front-matter`.");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# The site's front-matter schema; it replaces postlint's default `front-matter` rule."
    );
    let _ = writeln!(out, "[front-matter]");
    if outside_jekyll {
        let _ = writeln!(
            out,
            "# Every Markdown file with front matter (this folder is not a Jekyll site)."
        );
    } else {
        let _ = writeln!(out, "# Posts: the files under _posts/.");
    }
    let _ = writeln!(out, "applies_to = \"posts\"");
    let required: Vec<&String> = stats
        .keys
        .iter()
        .filter(|(_, k)| k.present == n)
        .map(|(key, _)| key)
        .collect();
    let _ = writeln!(
        out,
        "# Keys {} (written, or given by `defaults:` in _config.yml).",
        if n == 1 {
            "the one post has".to_string()
        } else {
            format!("all {n} posts have")
        }
    );
    let _ = writeln!(
        out,
        "required = [{}]",
        required
            .iter()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let non_empty: Vec<&String> = stats
        .keys
        .iter()
        .filter(|(_, k)| {
            k.present >= 2 && k.empty == 0 && k.types.keys().all(|t| *t == "list" || *t == "string")
        })
        .filter(|(_, k)| k.types.contains_key("list"))
        .map(|(key, _)| key)
        .collect();
    let _ = writeln!(out, "# Lists that no post leaves empty.");
    let _ = writeln!(
        out,
        "non_empty = [{}]",
        non_empty
            .iter()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# The value types each key has in every post that sets it."
    );
    let _ = writeln!(out, "[front-matter.types]");
    for (key, ks) in &stats.keys {
        let written: u32 = ks.types.values().sum();
        if written < 2 {
            continue;
        }
        let mut types: Vec<&'static str> = Vec::new();
        for doc in posts {
            if let Some(e) = doc.front_matter.as_ref().and_then(|f| f.get(key)) {
                let t = schema_type(&e.value);
                if !types.contains(&t) {
                    types.push(t);
                }
            }
        }
        if types.contains(&"null") {
            continue;
        }
        // A date-time column accepts plain dates too; a string one accepts any string.
        if types.contains(&"date") && types.contains(&"date-time") {
            types.retain(|t| *t != "date");
        }
        if types.contains(&"non-empty-string")
            && (types.contains(&"date") || types.contains(&"date-time"))
        {
            types = vec!["string"];
        }
        types.sort_unstable();
        let value = if types.len() == 1 {
            format!("\"{}\"", types[0])
        } else {
            format!(
                "[{}]",
                types
                    .iter()
                    .map(|t| format!("\"{t}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let key_toml = if key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            key.clone()
        } else {
            format!("\"{}\"", key.replace('"', "\\\""))
        };
        let _ = writeln!(
            out,
            "# `{key}`: set in {written} of {}",
            count(n as usize, "post")
        );
        let _ = writeln!(out, "{key_toml} = {value}");
    }
    out
}

/// Write the inferred config to `root/postlint.toml`: a new file, or with `force` one that
/// replaces whatever has that name. A symlink there is never followed: without `force` it
/// counts as an existing file (even when it points nowhere), with `force` it is replaced.
pub fn run(root: &Path, force: bool) -> Result<String, String> {
    // Inside a Jekyll site (run from `_posts/`, say), the config belongs at the site's
    // root, where it governs every post.
    let site_root = crate::site::jekyll_root(&root.join("x"));
    let root = match &site_root {
        Some(r) => r.as_path(),
        None => root,
    };
    let target = root.join("postlint.toml");
    let exists = || format!("{} exists; use --force to overwrite it", target.display());
    if !force && std::fs::symlink_metadata(&target).is_ok() {
        return Err(exists());
    }
    let text = infer(root)?;
    // Parse what we wrote: init must never write a config postlint rejects.
    crate::config::Config::parse("postlint.toml", &text, root.to_path_buf(), None)
        .map_err(|e| format!("internal error, inferred config does not parse: {e}"))?;
    let cannot = |e: std::io::Error| format!("cannot write {}: {e}", target.display());
    if force {
        crate::fix::replace_file(&target, text.as_bytes()).map_err(cannot)?;
    } else {
        // O_EXCL: fails on anything already there, a dangling symlink included.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => exists(),
                _ => cannot(e),
            })?;
        if let Err(e) = file.write_all(text.as_bytes()) {
            drop(file);
            let _ = std::fs::remove_file(&target);
            return Err(cannot(e));
        }
    }
    Ok(target.display().to_string())
}
