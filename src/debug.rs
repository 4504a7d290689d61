//! `postlint debug FILE`: what the rules see in one file — its model (front matter,
//! headings and their ids, blocks and prose runs, words, entries, links and what each
//! resolves to, raw HTML tags, footnotes, code and Liquid ranges) and its place in the
//! site. For rule authors and bug reports, as `typos --words` is.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::discover::{self, Input};
use crate::document::footnotes::footnotes;
use crate::document::{entries, Document};
use crate::engine::{Fatal, Profiles};
use crate::rule::Needs;
use crate::site::resolve::Resolved;
use crate::site::{self, Site};
use crate::source::SourceFile;

/// The report for `path`, with its site (when it is in one) read for context.
pub fn run(path: &Path) -> Result<String, Fatal> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Fatal::Usage(format!("{}: cannot read: {e}", path.display())))?;
    let mut profiles = Profiles::new(None);
    let p = profiles.for_path(Some(path))?;
    let profile = &profiles.list[p];
    let me = SourceFile::new(path.display().to_string(), Some(path.to_path_buf()), text);
    // The other Markdown files of its Jekyll site, for links and ids.
    let others: Vec<SourceFile> = site::jekyll_root(path)
        .and_then(|root| discover::discover(&[root]).ok())
        .map(|found| {
            let mine = crate::source::absolute(path).ok();
            found
                .inputs
                .into_iter()
                .filter_map(|i| match i {
                    Input::File { path: p, display } => Some((p, display)),
                    Input::Stdin => None,
                })
                .filter(|(p, _)| crate::source::absolute(p).ok() != mine)
                .filter_map(|(p, display)| {
                    let text = std::fs::read_to_string(&p).ok()?;
                    Some(SourceFile::new(display, Some(p), text))
                })
                .collect()
        })
        .unwrap_or_default();
    let doc = Document::parse(&me);
    let other_docs: Vec<Document> = others.iter().map(Document::parse).collect();
    let mut all: Vec<&Document> = vec![&doc];
    all.extend(other_docs.iter());
    let needs = Needs::URLS
        .union(Needs::IDS)
        .union(Needs::VOCABULARY)
        .union(Needs::FM_STATS);
    let styles = vec![profile.config.links.heading_ids; all.len()];
    let site = Site::build(&all, needs, &styles);
    Ok(report(&doc, &site, |d| {
        profile.vocab.is_placeholder_dest(d)
    }))
}

fn report(doc: &Document, site: &Site, is_placeholder: impl Fn(&str) -> bool) -> String {
    let mut out = String::new();
    let at = |r: &Range<usize>| {
        let p = doc.source.position(r.start);
        format!("{}:{}", p.line, p.column)
    };
    let quote = |r: &Range<usize>| format!("{:?}", doc.slice(r));
    let info = &site.docs[0];

    let _ = writeln!(out, "== file: {}", doc.source.name);
    match info.jekyll.map(|j| &site.jekyll[j]) {
        Some(js) => {
            let _ = writeln!(out, "   Jekyll site at {}", js.root.display());
            let _ = writeln!(
                out,
                "   published at: {}",
                info.url.as_deref().unwrap_or("-")
            );
            let _ = writeln!(out, "   a post: {}", info.is_post);
            if !info.default_keys.is_empty() {
                let _ = writeln!(
                    out,
                    "   keys from defaults: {}",
                    info.default_keys.join(", ")
                );
            }
        }
        None => {
            let _ = writeln!(out, "   not in a Jekyll site (links resolve on disk)");
        }
    }

    let _ = writeln!(out, "\n== front matter");
    match &doc.front_matter {
        None => {
            let _ = writeln!(out, "   none");
        }
        Some(fm) => {
            if let Some(e) = &fm.error {
                let _ = writeln!(out, "   unreadable: {}", e.message);
            }
            for e in &fm.entries {
                let _ = writeln!(
                    out,
                    "   {} {} = {:?} ({})",
                    at(&e.key_range),
                    e.key,
                    doc.slice(&e.value_range),
                    e.value.type_name()
                );
            }
        }
    }

    let _ = writeln!(out, "\n== headings (id as the site makes it)");
    for (h, (id, _)) in doc.headings.iter().zip(&info.heading_ids) {
        let _ = writeln!(out, "   {} h{} {:?} #{id}", at(&h.range), h.level, h.text);
    }

    let _ = writeln!(out, "\n== sections");
    for s in &doc.sections {
        let h = &doc.headings[s.heading];
        let _ = writeln!(
            out,
            "   {:?}: {} content blocks, {} subheadings",
            h.text, s.content_blocks, s.subheadings
        );
    }

    let _ = writeln!(out, "\n== blocks and their prose runs");
    for (b, block) in doc.blocks.iter().enumerate() {
        let runs: Vec<String> = doc.block_prose(b).iter().map(|r| quote(&r.range)).collect();
        let _ = writeln!(
            out,
            "   {} {:?} (+{} other):{}{}",
            at(&block.range),
            block.kind,
            block.other,
            if runs.is_empty() { "" } else { " " },
            runs.join(" ")
        );
    }

    let _ = writeln!(out, "\n== words");
    let mut line = 0;
    let mut current = String::new();
    for w in doc.words() {
        let l = doc.source.position(w.range.start).line;
        if l != line && !current.is_empty() {
            let _ = writeln!(out, "   {line}: {current}");
            current.clear();
        }
        line = l;
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(w.text);
    }
    if !current.is_empty() {
        let _ = writeln!(out, "   {line}: {current}");
    }

    let _ = writeln!(out, "\n== entries");
    for e in entries::entries(doc) {
        let _ = writeln!(out, "   {:?}", doc.headings[e.heading].text);
        for f in &e.fields {
            let _ = writeln!(out, "      {}: {:?}", f.label, f.value);
        }
    }

    let _ = writeln!(out, "\n== links");
    for l in &doc.links {
        let what = if l.is_image { "image" } else { "link" };
        let resolved = if is_placeholder(&l.dest) {
            "a placeholder".to_string()
        } else {
            match site.resolve(0, &l.dest) {
                Resolved::External => "external (not checked offline)".into(),
                Resolved::SelfFragment(f) => format!("this page, #{f}"),
                Resolved::Doc { doc: d, fragment } => {
                    let path = site.docs[d]
                        .path
                        .as_deref()
                        .map_or_else(|| "?".into(), |p| p.display().to_string());
                    match fragment {
                        Some(f) => format!("{path} #{f}"),
                        None => path,
                    }
                }
                Resolved::File => "a file of the site, or a page a plugin makes".into(),
                Resolved::Rendered {
                    site: j,
                    page,
                    fragment,
                } => {
                    let r = &site.jekyll[j].rendered[page];
                    let path = r.path.display().to_string();
                    match fragment {
                        Some(f) => format!("{path} #{f}"),
                        None => path,
                    }
                }
                Resolved::Unknown => "unknown to the model (not checked)".into(),
                Resolved::Outside { prefix } => {
                    format!("outside this site: nothing is published under {prefix}")
                }
                Resolved::Missing { target } => format!("MISSING: {target}"),
            }
        };
        let _ = writeln!(out, "   {} {what} {:?} → {resolved}", at(&l.range), l.dest);
    }

    let _ = writeln!(out, "\n== raw HTML tags");
    for t in doc.html_tags() {
        let _ = writeln!(out, "   {} {}", at(&t.range), doc.slice(&t.range));
    }

    let (defs, refs) = footnotes(doc);
    let _ = writeln!(out, "\n== footnotes");
    for d in defs {
        let _ = writeln!(out, "   {} definition [^{}]", at(&d.range), d.label);
    }
    for r in refs {
        let _ = writeln!(out, "   {} reference [^{}]", at(&r.range), r.label);
    }

    let _ = writeln!(out, "\n== code, HTML and Liquid (never prose)");
    for r in &doc.code {
        let _ = writeln!(out, "   {} {}", at(r), quote(r));
    }
    let _ = writeln!(out, "\n== bare URLs");
    for r in &doc.bare_urls {
        let _ = writeln!(out, "   {} {}", at(r), quote(r));
    }
    out
}

/// The path `debug` was given, checked.
pub fn path_arg(path: &Path) -> Result<PathBuf, Fatal> {
    if path.is_file() {
        Ok(path.to_path_buf())
    } else {
        Err(Fatal::Usage(format!("{}: not a file", path.display())))
    }
}
