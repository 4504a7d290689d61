//! What postlint knows about the whole site: built once from every parsed document
//! (checked files and, inside a Jekyll site, the site's other posts) and shared read-only
//! by the rules.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::document::Document;
use crate::links::ids::{IdGenerator, IdStyle};
use crate::links::jekyll::{self, JekyllConfig, Output};
use crate::names::{dictionary, distance};

/// Folder of the Jekyll site holding `path`: the nearest ancestor with a `_config.yml`.
pub fn jekyll_root(path: &Path) -> Option<PathBuf> {
    let abs = crate::source::absolute(path).ok()?;
    abs.ancestors()
        .skip(1)
        .find(|dir| dir.join("_config.yml").is_file() || dir.join("_config.yaml").is_file())
        .map(Path::to_path_buf)
}

/// One Jekyll site (a folder with `_config.yml`).
#[derive(Debug)]
pub struct JekyllSite {
    pub root: PathBuf,
    pub config: JekyllConfig,
    /// Every served form of every page and post URL → document.
    pub urls: rustc_hash::FxHashMap<String, usize>,
    /// Post names (`2020-04-28-dask-summit`) → document, for `{% post_url %}`.
    pub posts: rustc_hash::FxHashMap<String, usize>,
    /// URL paths of files copied as they are (images, PDFs...).
    pub static_files: HashSet<String>,
    /// The layouts in `_layouts/` (names as `layout:` gives them, with their extension),
    /// or `None` without that folder. Listed once, not looked up per post.
    pub layouts: Option<Vec<(String, String)>>,
}

/// What the site knows of one document.
#[derive(Debug, Default)]
pub struct DocInfo {
    /// Absolute path, when the document is a file.
    pub path: Option<PathBuf>,
    /// Index into [`Site::jekyll`].
    pub jekyll: Option<usize>,
    /// Published URL path (no baseurl).
    pub url: Option<String>,
    /// Heading ids in document order (the targets a reader sees).
    pub heading_ids: Vec<(String, String)>,
    /// Every fragment target: heading ids, explicit ids, HTML ids and names, footnotes.
    pub ids: rustc_hash::FxHashSet<String>,
    /// Path relative to the Jekyll root.
    pub rel: Option<PathBuf>,
    /// Under `_posts/` (in a Jekyll site), or any file with front matter outside one.
    pub is_post: bool,
    /// Keys `_config.yml`'s `defaults:` gives this file.
    pub default_keys: Vec<String>,
    /// Index into [`Site::fm_stats`]: the posts this one is compared with.
    pub fm_group: Option<usize>,
}

/// How the posts of one site use one front-matter key.
#[derive(Debug, Default, Clone)]
pub struct KeyStats {
    /// Posts that have the key (written, or given by `defaults:`).
    pub present: u32,
    /// Posts that write it, by value type (`string`, `list`...).
    pub types: BTreeMap<&'static str, u32>,
    /// Posts that write it, by the form of a string value (`date`, `date-time`...).
    pub shapes: BTreeMap<&'static str, u32>,
    /// Posts where it is empty.
    pub empty: u32,
    /// One example value per shape, for messages.
    pub examples: BTreeMap<&'static str, String>,
}

/// Front-matter conventions of one site, learned from its posts in one pass.
#[derive(Debug, Default, Clone)]
pub struct FmStats {
    /// Posts with readable front matter.
    pub posts: u32,
    pub keys: BTreeMap<String, KeyStats>,
    /// For list-like keys (`tags`, `categories`): value → number of posts using it.
    pub values: BTreeMap<String, BTreeMap<String, u32>>,
    /// `values` with each spelling's lowercase form, made on first use (once per site, not
    /// once per post and tag).
    lowered: std::sync::OnceLock<BTreeMap<String, Vec<Spelling>>>,
}

/// One spelling of a tag or category on a site: as written, lowercased, and in how many
/// posts.
#[derive(Debug, Clone)]
pub struct Spelling {
    pub text: String,
    pub lower: String,
    pub posts: u32,
}

/// Keys whose values are Jekyll's classifications (case-sensitive tag and category pages).
pub const LIST_KEYS: [&str; 3] = ["tags", "categories", "category"];

impl FmStats {
    /// Add the counts of `later`, gathered from documents after this one's.
    fn merge(&mut self, later: FmStats) {
        // Destructured, so that a new field cannot be forgotten here.
        let FmStats {
            posts,
            keys,
            values,
            lowered: _,
        } = later;
        self.posts += posts;
        for (key, k) in keys {
            let KeyStats {
                present,
                types,
                shapes,
                empty,
                examples,
            } = k;
            let mine = self.keys.entry(key).or_default();
            mine.present += present;
            mine.empty += empty;
            for (t, n) in types {
                *mine.types.entry(t).or_default() += n;
            }
            for (shape, n) in shapes {
                *mine.shapes.entry(shape).or_default() += n;
            }
            for (shape, example) in examples {
                mine.examples.entry(shape).or_insert(example);
            }
        }
        for (key, counts) in values {
            let mine = self.values.entry(key).or_default();
            for (v, n) in counts {
                *mine.entry(v).or_default() += n;
            }
        }
    }

    /// The spellings other posts use for the list-like `key` (see [`LIST_KEYS`]).
    pub fn spellings(&self, key: &str) -> &[Spelling] {
        let lowered = self.lowered.get_or_init(|| {
            self.values
                .iter()
                .map(|(k, counts)| {
                    let spellings = counts
                        .iter()
                        .map(|(v, &posts)| Spelling {
                            text: v.clone(),
                            lower: v.to_lowercase(),
                            posts,
                        })
                        .collect();
                    (k.clone(), spellings)
                })
                .collect()
        });
        lowered.get(key).map_or(&[], Vec::as_slice)
    }

    fn add(&mut self, doc: &Document, default_keys: &[String]) {
        let Some(fm) = doc.readable_front_matter() else {
            return;
        };
        self.posts += 1;
        let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        for e in &fm.entries {
            if !seen.insert(e.key.as_str()) {
                continue;
            }
            let k = self.keys.entry(e.key.clone()).or_default();
            k.present += 1;
            *k.types.entry(e.value.type_name()).or_default() += 1;
            if let Some(shape) = e.value.shape() {
                *k.shapes.entry(shape).or_default() += 1;
                k.examples
                    .entry(shape)
                    .or_insert_with(|| e.value.as_str().unwrap_or("").to_string());
            }
            k.empty += u32::from(e.value.is_empty());
            if LIST_KEYS.contains(&e.key.as_str()) {
                let mut vals = e.value.strings();
                vals.sort();
                vals.dedup();
                let counts = self.values.entry(e.key.clone()).or_default();
                for v in vals {
                    *counts.entry(v).or_default() += 1;
                }
            }
        }
        for d in default_keys {
            if seen.insert(d.as_str()) {
                self.keys.entry(d.clone()).or_default().present += 1;
            }
        }
    }
}

#[derive(Debug, Default)]
pub struct Site {
    /// Capitalised words learned from the site's prose.
    pub vocabulary: Vocabulary,
    pub docs: Vec<DocInfo>,
    pub jekyll: Vec<JekyllSite>,
    /// Front-matter conventions: one per Jekyll site, and one for files outside any.
    pub fm_stats: Vec<FmStats>,
    by_path: rustc_hash::FxHashMap<PathBuf, usize>,
}

static IAL_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{:?\s*[^}]*#([\w:.-]+)[^}]*\}").expect("ial regex"));
static HTML_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#)
        .expect("html id regex")
});
static FOOTNOTE_DEF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\[\^([^\]]+)\]:").expect("footnote regex"));

impl Site {
    /// Index every document. `id_style` overrides how heading ids are made.
    pub fn build(docs: &[&Document], id_style: Option<IdStyle>) -> Site {
        let t = crate::timings::start();
        let mut site = Site {
            vocabulary: Vocabulary::build(docs),
            ..Site::default()
        };
        crate::timings::record("site: vocabulary", t);
        let t = crate::timings::start();
        // Absolute paths in parallel (each may ask the file system); then each folder's
        // Jekyll root once, in order, so sites are numbered as their first post comes.
        let paths: Vec<Option<PathBuf>> = {
            use rayon::prelude::*;
            docs.par_iter()
                .map(|doc| {
                    let p = doc.source.path.as_ref()?;
                    crate::source::absolute(p).ok()
                })
                .collect()
        };
        let mut roots: HashMap<&Path, Option<usize>> = HashMap::new();
        let sites: Vec<Option<usize>> = paths
            .iter()
            .map(|path| {
                let dir = path.as_deref()?.parent()?;
                *roots
                    .entry(dir)
                    .or_insert_with(|| jekyll_root(&dir.join("x")).map(|r| site.jekyll_index(r)))
            })
            .collect();
        drop(roots);
        let doc_roots: Vec<(Option<PathBuf>, Option<usize>)> =
            paths.into_iter().zip(sites).collect();
        crate::timings::record("site: roots", t);
        let t = crate::timings::start();
        let loose = site.jekyll.len();
        // Everything about one document that needs no other document, in parallel; the
        // shared maps are filled afterwards, in document order.
        let infos: Vec<(DocInfo, Output, Vec<String>)> = {
            use rayon::prelude::*;
            let site = &site;
            docs.par_iter()
                .zip(doc_roots.into_par_iter())
                .map(|(doc, (path, jekyll))| {
                    let js = jekyll.map(|j| &site.jekyll[j]);
                    let (style, prefix) = match js {
                        Some(js) => (js.config.id_style(), js.config.id_prefix().to_string()),
                        None => (IdStyle::Github, String::new()),
                    };
                    let mut info = DocInfo::default();
                    collect_ids(doc, id_style.unwrap_or(style), &prefix, &mut info);
                    let mut output = Output::None;
                    if let (Some(js), Some(p)) = (js, &path) {
                        if let Ok(rel) = p.strip_prefix(&js.root) {
                            info.is_post = rel.components().any(|c| c.as_os_str() == "_posts");
                            info.default_keys = js.config.default_keys(rel, info.is_post);
                            info.rel = Some(rel.to_path_buf());
                            output = jekyll::output(&js.config, rel, doc);
                        }
                    }
                    if jekyll.is_none() {
                        info.is_post = doc.front_matter.as_ref().is_some_and(|f| f.closed);
                    }
                    if info.is_post {
                        // Groups: Jekyll sites by index, files outside any site last.
                        info.fm_group = Some(jekyll.unwrap_or(loose));
                    }
                    info.path = path;
                    info.jekyll = jekyll;
                    // The keys the URL answers to, made here: only the map inserts are serial.
                    let keys = match &output {
                        Output::Post { url, .. } | Output::Page { url } => jekyll::url_keys(url),
                        Output::None => Vec::new(),
                    };
                    (info, output, keys)
                })
                .collect()
        };
        crate::timings::record("site: documents", t);
        let t = crate::timings::start();
        site.docs.reserve(infos.len());
        site.by_path.reserve(infos.len());
        for (i, (mut info, output, keys)) in infos.into_iter().enumerate() {
            if let Some(j) = info.jekyll {
                let js = &mut site.jekyll[j];
                for k in keys {
                    js.urls.entry(k).or_insert(i);
                }
                match output {
                    Output::Post { url, name } => {
                        js.posts.insert(name, i);
                        info.url = Some(url);
                    }
                    Output::Page { url } => info.url = Some(url),
                    Output::None => {}
                }
            }
            if let Some(p) = &info.path {
                site.by_path.insert(p.clone(), i);
            }
            site.docs.push(info);
        }
        crate::timings::record("site: urls", t);
        let t = crate::timings::start();
        // Counted per thread over runs of consecutive documents, then merged in document
        // order (so the first example of a shape stays the first post's).
        site.fm_stats = {
            use rayon::prelude::*;
            let groups = loose + 1;
            let empty = || vec![FmStats::default(); groups];
            site.docs
                .par_iter()
                .zip(docs.par_iter())
                .with_min_len(256)
                .fold(empty, |mut stats, (info, doc)| {
                    if let Some(g) = info.fm_group {
                        stats[g].add(doc, &info.default_keys);
                    }
                    stats
                })
                .reduce(empty, |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        x.merge(y);
                    }
                    a
                })
        };
        crate::timings::record("site: front-matter statistics", t);
        site
    }

    fn jekyll_index(&mut self, root: PathBuf) -> usize {
        if let Some(i) = self.jekyll.iter().position(|j| j.root == root) {
            return i;
        }
        let config = JekyllConfig::load(&root);
        let static_files = jekyll::static_files(&root);
        let layouts = list_layouts(&root.join("_layouts"));
        self.jekyll.push(JekyllSite {
            root,
            config,
            urls: Default::default(),
            posts: Default::default(),
            static_files,
            layouts,
        });
        self.jekyll.len() - 1
    }

    /// The index of the document read from `path`.
    pub fn doc_by_path(&self, path: &Path) -> Option<usize> {
        let abs = crate::source::absolute(path).ok()?;
        self.by_path.get(&abs).copied()
    }

    /// The index of `doc` in this site.
    pub fn doc_index(&self, doc: &Document) -> Option<usize> {
        doc.source.path.as_deref().and_then(|p| self.doc_by_path(p))
    }
}

/// Files under `dir` as (name without extension, relative with `/`; extension), or `None`
/// when `dir` is no folder.
fn list_layouts(dir: &Path) -> Option<Vec<(String, String)>> {
    if !dir.is_dir() {
        return None;
    }
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((d, prefix, depth)) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in rd.flatten() {
            let path = entry.path();
            let Some(file) = path.file_name().map(|f| f.to_string_lossy().into_owned()) else {
                continue;
            };
            if path.is_dir() {
                if depth < 8 {
                    stack.push((path, format!("{prefix}{file}/"), depth + 1));
                }
            } else if path.is_file() {
                let (stem, ext) = file.rsplit_once('.').unwrap_or((&file, ""));
                out.push((format!("{prefix}{stem}"), ext.to_string()));
            }
        }
    }
    out.sort();
    Some(out)
}

/// Heading ids (in the site's style) and every other fragment target of `doc`.
fn collect_ids(doc: &Document, style: IdStyle, prefix: &str, info: &mut DocInfo) {
    let mut gen = IdGenerator::new(style, prefix);
    info.ids.reserve(doc.headings.len());
    for h in &doc.headings {
        let id = match &h.id {
            Some(id) => id.clone(),
            None => gen.next(&h.text, doc.slice(&h.raw_range)),
        };
        info.ids.insert(id.clone());
        info.heading_ids.push((id, h.text.clone()));
    }
    let body = &doc.text[doc.body_start..];
    for c in IAL_ID.captures_iter(body) {
        info.ids.insert(c[1].to_string());
    }
    for r in &doc.code {
        let s = doc.slice(r);
        if s.starts_with('<') {
            for c in HTML_ID.captures_iter(s) {
                if let Some(m) = c.get(1).or(c.get(2)).or(c.get(3)) {
                    info.ids.insert(m.as_str().to_string());
                }
            }
        }
    }
    for c in FOOTNOTE_DEF.captures_iter(body) {
        info.ids.insert(format!("fn:{}", &c[1]));
        info.ids.insert(format!("fnref:{}", &c[1]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn statistics_merged_from_two_runs_equal_one_pass() {
        let fronts = [
            "title: A\ndate: 2020-01-02\ntags: [python, Dask]",
            "title: B\ndate: 2020-01-03 10:00:00\ntags: [Python]\nlayout: post",
            "title: \"\"\ndate: 2020/01/04\ntags: []",
            "title: D\nauthor: me\ntags: [dask, python]\ncategories: [news]",
            "title: E\ndate: 2021-05-06\ncategories: news",
        ];
        let files: Vec<SourceFile> = fronts
            .iter()
            .map(|f| SourceFile::new("p.md", None, format!("---\n{f}\n---\nBody\n")))
            .collect();
        let docs: Vec<Document> = files.iter().map(Document::parse).collect();
        let defaults = vec!["layout".to_string()];
        let mut whole = FmStats::default();
        for d in &docs {
            whole.add(d, &defaults);
        }
        for split in 0..=docs.len() {
            let (mut a, mut b) = (FmStats::default(), FmStats::default());
            for d in &docs[..split] {
                a.add(d, &defaults);
            }
            for d in &docs[split..] {
                b.add(d, &defaults);
            }
            a.merge(b);
            assert_eq!(format!("{a:?}"), format!("{whole:?}"), "split at {split}");
        }
        // The first post's example of a shape is kept, wherever the split falls.
        assert_eq!(whole.keys["date"].examples["date"], "2020-01-02");
        assert!(whole.keys["date"].examples.len() >= 2);
    }

    fn ids(style: IdStyle, text: &str) -> Vec<String> {
        let f = SourceFile::new("t.md", None, text.to_string());
        let doc = Document::parse(&f);
        let site = Site::build(&[&doc], Some(style));
        site.docs[0]
            .heading_ids
            .iter()
            .map(|(id, _)| id.clone())
            .collect()
    }

    const HEADINGS: &str = "## Using `dask.array` with [Zarr](https://zarr.dev)\n\n## What's next?\n\n## 2021: a year -- in review!\n\n## Café & Crème\n\n## What's next?\n\n## ***\n";

    #[test]
    fn ids_in_each_style() {
        assert_eq!(
            ids(IdStyle::KramdownGfm, HEADINGS),
            [
                "using-daskarray-with-zarr",
                "whats-next",
                "2021-a-year--in-review",
                "café--crème",
                "whats-next-1",
                ""
            ]
        );
        assert_eq!(
            ids(IdStyle::Github, HEADINGS),
            [
                "using-daskarray-with-zarr",
                "whats-next",
                "2021-a-year----in-review",
                "café--crème",
                "whats-next-1",
                ""
            ]
        );
        assert_eq!(
            ids(IdStyle::Kramdown, HEADINGS),
            [
                "using-daskarray-with-zarrhttpszarrdev",
                "whats-next",
                "a-year----in-review",
                "caf--crme",
                "whats-next-1",
                "section"
            ]
        );
    }
}

/// How often each capitalised word is used across the site, and which frequent ones are
/// canonical for this run.
#[derive(Debug, Default)]
pub struct Vocabulary {
    counts: rustc_hash::FxHashMap<String, u32>,
    /// Deletion keys (distance 1) of canonical words → the words.
    index: rustc_hash::FxHashMap<String, Vec<String>>,
}

/// A word becomes canonical when used at least this many times across the site.
pub const MIN_USES: u32 = 3;

impl Vocabulary {
    pub fn build<'a>(docs: &[&Document<'a>]) -> Vocabulary {
        use rayon::prelude::*;
        // Keys borrow the documents' text while counting; only the site's distinct words
        // are copied, once, at the end.
        type Counts<'a> = rustc_hash::FxHashMap<&'a str, u32>;
        // Only capitalised words, and without caching: the words of every post at once
        // would be most of the run's memory. Counted per thread, then merged.
        let counts: Counts<'a> = docs
            .par_iter()
            .fold(Counts::default, |mut counts, doc| {
                crate::document::words::scan_capitalised(doc, |w| {
                    if !w.in_identifier(doc.text) {
                        *counts.entry(w.text).or_default() += 1;
                    }
                });
                counts
            })
            // Into the larger map.
            .reduce(Counts::default, |a, b| {
                if a.len() < b.len() {
                    merge(b, a)
                } else {
                    merge(a, b)
                }
            });
        fn merge<'a>(mut a: Counts<'a>, b: Counts<'a>) -> Counts<'a> {
            for (k, n) in b {
                *a.entry(k).or_default() += n;
            }
            a
        }
        let counts: rustc_hash::FxHashMap<String, u32> = counts
            .into_iter()
            .map(|(w, n)| (w.to_string(), n))
            .collect();
        let dict = dictionary::get();
        let mut index: rustc_hash::FxHashMap<String, Vec<String>> =
            rustc_hash::FxHashMap::default();
        let mut keys = Vec::new();
        for (word, &n) in &counts {
            if n < MIN_USES || dict.is_known(&word.to_lowercase()) {
                continue;
            }
            keys.clear();
            distance::deletes(word, 1, &mut keys);
            keys.sort_unstable();
            keys.dedup();
            for k in &keys {
                index.entry(k.clone()).or_default().push(word.clone());
            }
        }
        for v in index.values_mut() {
            v.sort();
        }
        Vocabulary { counts, index }
    }

    /// Times `word` (as written) is used across the site.
    pub fn uses(&self, word: &str) -> u32 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// Canonical site words within distance 1 of `word` (same first letter, same case
    /// shape), most used first.
    pub fn near(&self, word: &str) -> Vec<(&str, u32)> {
        let mut keys = Vec::new();
        distance::deletes(word, 1, &mut keys);
        let mut out: Vec<(&str, u32)> = Vec::new();
        for k in &keys {
            for cand in self.index.get(k).into_iter().flatten() {
                if cand == word || out.iter().any(|(c, _)| c == cand) {
                    continue;
                }
                let same_first = cand.chars().next() == word.chars().next();
                let caps = |s: &str| !s.chars().any(char::is_lowercase);
                if same_first && caps(cand) == caps(word) && distance::osa(cand, word, 1).is_some()
                {
                    out.push((cand.as_str(), self.uses(cand)));
                }
            }
        }
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }
}
