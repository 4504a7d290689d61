//! What postlint knows about the whole site: built once from every parsed document
//! (checked files and, inside a Jekyll site, the site's other posts) and shared read-only
//! by the rules.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub mod fm_stats;
pub mod ids;
pub mod jekyll;
mod published;
pub mod resolve;
pub mod suggest;
mod update;
pub mod vocabulary;
pub use update::Updated;

use regex::Regex;
use serde::Deserialize;

use crate::document::footnotes::footnotes;
use crate::document::Document;
use ids::{IdGenerator, IdStyle};
use jekyll::{JekyllConfig, Kind, Output};

/// Folder of the Jekyll site holding `path`: the nearest ancestor with a `_config.yml`.
pub fn jekyll_root(path: &Path) -> Option<PathBuf> {
    let abs = crate::source::absolute(path).ok()?;
    abs.ancestors()
        .skip(1)
        .find(|dir| dir.join("_config.yml").is_file() || dir.join("_config.yaml").is_file())
        .map(Path::to_path_buf)
}

/// What is published at a URL of a Jekyll site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A parsed document (index into [`Site::docs`]).
    Doc(usize),
    /// A rendered file that is not Markdown (index into [`JekyllSite::rendered`]).
    Rendered(usize),
    /// A page a plugin makes (a redirect, an archive, the feed).
    Generated,
}

/// One Jekyll site (a folder with `_config.yml`).
#[derive(Debug)]
pub struct JekyllSite {
    pub root: PathBuf,
    pub config: JekyllConfig,
    /// Every served form of every published URL → what is there.
    pub urls: rustc_hash::FxHashMap<String, Target>,
    /// Post names (`2020-04-28-dask-summit`) → the post, for `{% post_url %}`.
    pub posts: rustc_hash::FxHashMap<String, Target>,
    /// URL paths of files copied as they are (images, PDFs...).
    pub static_files: HashSet<String>,
    /// Rendered files that are not Markdown: HTML pages and posts, with their ids.
    pub rendered: Vec<jekyll::Rendered>,
    /// URL prefixes under which the model cannot tell what exists (drafts, documents whose
    /// permalink needs a date they lack, a host redirect ending in `*`).
    pub open_prefixes: Vec<String>,
    /// URL templates of numbered pages (pagination): (start, end) around the number.
    pub numbered: Vec<(String, String)>,
    /// The first path segments (`/blog/` → `blog`) anything of the site is published
    /// under, `""` for files at the root.
    pub top_segments: HashSet<String>,
    /// Folders (`/news/2019/`) that hold published pages.
    pub content_dirs: HashSet<String>,
    /// Plugins the model does not know (named in the config, or Ruby files in
    /// `_plugins/`) may make pages it cannot see.
    pub unknown_generators: bool,
    /// "Did you mean" indexes of its URLs and post names, made on first use.
    pub suggest_urls: std::sync::OnceLock<suggest::Suggester>,
    pub suggest_posts: std::sync::OnceLock<suggest::Suggester>,
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
    /// `ids` are all the document's: no Liquid loop makes headings or elements postlint
    /// cannot see.
    pub ids_complete: bool,
    /// "Did you mean" index of `ids`, made on first use.
    pub suggest_ids: std::sync::OnceLock<suggest::Suggester>,
    /// Path relative to the Jekyll root.
    pub rel: Option<PathBuf>,
    /// Under `_posts/` or `_drafts/` (in a Jekyll site), or any file with front matter
    /// outside one.
    pub is_post: bool,
    /// Rendered into a page of the site (a post, page or collection document that is
    /// output). `false` for files Jekyll leaves out or copies as they are (a README read
    /// on GitHub), and for files outside any Jekyll site.
    pub published: bool,
    /// What the file is for Jekyll (inside a Jekyll site).
    pub kind: Option<Kind>,
    /// Keys `_config.yml`'s `defaults:` gives this file.
    pub default_keys: Vec<String>,
    /// Index into [`Site::fm_stats`]: the posts this one is compared with.
    pub fm_group: Option<usize>,
    /// The language the document says it is in (front matter, its folders, the site's
    /// `lang:`), as a code (`es`); `None` when nothing says.
    pub lang: Option<String>,
}

pub use fm_stats::{FmStats, KeyStats, Spelling, LIST_KEYS};

/// `[links]`: how links are checked.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksConfig {
    /// `kramdown-gfm`, `kramdown` or `github`: how heading ids are made (default: from
    /// `_config.yml`, GitHub's outside a Jekyll site).
    #[serde(default)]
    pub heading_ids: Option<ids::IdStyle>,
    /// Regular expressions of URLs `--online` never fetches.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Where `--online` keeps its cache (relative to this file).
    #[serde(default)]
    pub cache: Option<String>,
    /// How long a cached answer is trusted, in hours.
    #[serde(default)]
    pub cache_hours: Option<u64>,
    /// Site paths other applications serve on the same domain (`/api/`, `/docs/v1/`):
    /// links under them are not checked.
    #[serde(default)]
    pub external_prefixes: Vec<String>,
}

impl LinksConfig {
    /// Is `url` (a site path) under a prefix another application serves?
    pub fn is_external(&self, url: &str) -> bool {
        self.external_prefixes.iter().any(|p| {
            let p = p.trim_end_matches('/');
            !p.is_empty() && (url == p || url.starts_with(&format!("{p}/")))
        })
    }
}

pub use vocabulary::{Vocabulary, WordCounts, MIN_USES};

/// What the enabled rules need besides their own document: the engine reads and indexes the
/// rest of a Jekyll site, and the site builds each of its facts, only when a rule asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs(u8);

impl Needs {
    /// The document alone.
    pub const DOCUMENT: Needs = Needs(0);
    /// Where every page, post and file of the site is published (links, images, layouts).
    pub const URLS: Needs = Needs(1);
    /// Every document's heading and element ids (fragments).
    pub const IDS: Needs = Needs(1 << 1);
    /// The capitalised words the site uses, counted (site-learned names).
    pub const VOCABULARY: Needs = Needs(1 << 2);
    /// How the site's posts write their front matter.
    pub const FM_STATS: Needs = Needs(1 << 3);
    /// Every word the site uses, counted in any case (the spell check).
    pub const WORDS: Needs = Needs(1 << 4);

    pub const fn union(self, other: Needs) -> Needs {
        Needs(self.0 | other.0)
    }

    pub const fn contains(self, other: Needs) -> bool {
        self.0 & other.0 == other.0
    }

    /// Does this need any document besides the checked one? (A document's own ids do
    /// not.)
    pub const fn site(self) -> bool {
        self.0 & !Needs::IDS.0 != 0
    }
}

#[derive(Debug, Default)]
pub struct Site {
    /// The facts this index was built with.
    pub needs: Needs,
    /// Capitalised words learned from the site's prose.
    pub vocabulary: Vocabulary,
    /// Every word of the site's prose, counted (only when a rule needs it).
    pub words: WordCounts,
    pub docs: Vec<DocInfo>,
    pub jekyll: Vec<JekyllSite>,
    /// Front-matter conventions: one per Jekyll site, and one for files outside any.
    pub fm_stats: Vec<FmStats>,
    by_path: rustc_hash::FxHashMap<PathBuf, usize>,
    /// The folders walked to find the checked files, as (absolute, resolved) paths: links
    /// are looked up on disk only inside the checked tree (see [`Site::in_checked_tree`]).
    trees: Vec<(PathBuf, PathBuf)>,
    /// Outside a Jekyll site, "did you mean" indexes of the folders a missing target was
    /// looked for in (`None`: the folder cannot be listed), each listed once.
    folders: std::sync::Mutex<
        rustc_hash::FxHashMap<PathBuf, Option<std::sync::Arc<suggest::Suggester>>>,
    >,
}

/// The working directory, absolute and resolved (read once).
fn working_dir() -> Option<&'static (PathBuf, PathBuf)> {
    static CWD: std::sync::OnceLock<Option<(PathBuf, PathBuf)>> = std::sync::OnceLock::new();
    CWD.get_or_init(|| {
        let abs = std::env::current_dir().ok()?;
        let real = std::fs::canonicalize(&abs).ok()?;
        Some((abs, real))
    })
    .as_ref()
}

static IAL_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{:?\s*[^}]*#([\w:.-]+)[^}]*\}").expect("ial regex"));
impl JekyllSite {
    /// Does the layout `name` (or a layout it is set in, three deep) list the site's
    /// documents (`site.posts`, `paginator`, a `for` over `site.<collection>`)? Then a page
    /// with that layout is made by it, even with an empty body (a blog index). Read only
    /// when asked, at most 1 MiB a layout; `false` when it cannot be read.
    pub fn layout_lists_documents(&self, name: &str) -> bool {
        let Some(layouts) = &self.layouts else {
            return false;
        };
        let mut name = name.to_string();
        for _ in 0..3 {
            let Some((stem, ext)) = layouts.iter().find(|(stem, _)| *stem == name) else {
                return false;
            };
            let file = if ext.is_empty() {
                stem.clone()
            } else {
                format!("{stem}.{ext}")
            };
            let Ok(text) =
                crate::util::read_regular(&self.root.join("_layouts").join(file), 1 << 20, false)
            else {
                return false;
            };
            if text.contains("site.posts")
                || text.contains("paginator")
                || text.contains(" in site.")
            {
                return true;
            }
            // On to the layout this one is set in.
            let (fm, _) = crate::document::front_matter::split(&text, 0);
            match fm
                .as_ref()
                .and_then(|f| f.get("layout"))
                .and_then(|e| e.value.as_str())
            {
                Some(parent) => name = parent.to_string(),
                None => return false,
            }
        }
        false
    }

    /// An empty site with the defaults (for tests).
    #[cfg(test)]
    pub fn for_tests() -> JekyllSite {
        JekyllSite {
            root: PathBuf::from("/site"),
            config: JekyllConfig::default(),
            urls: Default::default(),
            posts: Default::default(),
            static_files: HashSet::new(),
            rendered: Vec::new(),
            open_prefixes: Vec::new(),
            numbered: Vec::new(),
            top_segments: HashSet::new(),
            content_dirs: HashSet::new(),
            unknown_generators: false,
            suggest_urls: Default::default(),
            suggest_posts: Default::default(),
            layouts: None,
        }
    }
}

impl Site {
    /// Index every document, building the facts `needs` asks for. `id_styles[i]`, when
    /// set, overrides how document `i`'s heading ids are made (its profile's
    /// `heading-ids`).
    pub fn build(docs: &[&Document], needs: Needs, id_styles: &[Option<IdStyle>]) -> Site {
        debug_assert_eq!(docs.len(), id_styles.len());
        let mut site = Site {
            needs,
            ..Site::default()
        };
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
        let infos: Vec<(DocInfo, Output)> = {
            use rayon::prelude::*;
            let site = &site;
            let style_of = |i: usize| id_styles.get(i).copied().flatten();
            docs.par_iter()
                .zip(doc_roots.into_par_iter())
                .enumerate()
                .map(|(i, (doc, (path, jekyll)))| {
                    site.describe(doc, path, jekyll, style_of(i), loose)
                })
                .collect()
        };
        crate::timings::record("site: documents", t);
        let t = crate::timings::start();
        site.docs.reserve(infos.len());
        site.by_path.reserve(infos.len());
        let mut outputs: Vec<Vec<(Target, Output)>> = vec![Vec::new(); site.jekyll.len()];
        for (i, (mut info, output)) in infos.into_iter().enumerate() {
            if let Some(j) = info.jekyll {
                info.url = output.urls.first().cloned();
                if info.kind == Some(Kind::Static) {
                    if let Some(rel) = &info.rel {
                        let rel = rel.to_string_lossy().replace('\\', "/");
                        site.jekyll[j].static_files.insert(format!("/{rel}"));
                    }
                }
                outputs[j].push((Target::Doc(i), output));
            }
            if let Some(p) = &info.path {
                site.by_path.insert(p.clone(), i);
            }
            site.docs.push(info);
        }
        for (js, docs) in site.jekyll.iter_mut().zip(outputs) {
            js.publish(docs);
        }
        crate::timings::record("site: urls", t);
        let t = crate::timings::start();
        let english: Vec<bool> = site
            .docs
            .iter()
            .map(|d| d.lang.as_deref().is_none_or(|l| l == "en"))
            .collect();
        if needs.contains(Needs::VOCABULARY) {
            site.vocabulary = Vocabulary::build(docs, &english);
        }
        crate::timings::record("site: vocabulary", t);
        let t = crate::timings::start();
        if needs.contains(Needs::WORDS) {
            site.words = WordCounts::build(docs, &english);
        }
        crate::timings::record("site: word counts", t);
        let t = crate::timings::start();
        // Counted per thread over runs of consecutive documents, then merged in document
        // order (so the first example of a shape stays the first post's).
        let groups = loose + 1;
        site.fm_stats = if !needs.contains(Needs::FM_STATS) {
            vec![FmStats::default(); groups]
        } else {
            use rayon::prelude::*;
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

    /// Everything about one document that needs no other document: its [`DocInfo`] (but
    /// its `url`) and where it is published. `jekyll`: its Jekyll site; `style`: its
    /// profile's heading-id style, if set; `loose`: the front-matter group of files
    /// outside any Jekyll site.
    pub(crate) fn describe(
        &self,
        doc: &Document,
        path: Option<PathBuf>,
        jekyll: Option<usize>,
        style: Option<IdStyle>,
        loose: usize,
    ) -> (DocInfo, Output) {
        let needs = self.needs;
        let js = jekyll.map(|j| &self.jekyll[j]);
        let (site_style, prefix) = match js {
            Some(js) => (js.config.id_style(), js.config.id_prefix().to_string()),
            None => (IdStyle::Github, String::new()),
        };
        let mut info = DocInfo::default();
        if needs.contains(Needs::IDS) {
            collect_ids(doc, style.unwrap_or(site_style), &prefix, &mut info);
        }
        let mut output = Output::default();
        if let (Some(js), Some(p)) = (js, &path) {
            if let Ok(rel) = p.strip_prefix(&js.root) {
                let rel_s = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                // Jekyll's front matter is YAML between `---` lines.
                let fm = doc
                    .front_matter
                    .as_ref()
                    .filter(|f| f.format == crate::document::FrontMatterFormat::Yaml);
                let mut kind = js.config.classify(&rel_s, fm.is_some());
                if kind == Kind::Static && js.config.readme_is_index(&js.root, &rel_s) {
                    kind = Kind::Page;
                }
                info.is_post = matches!(kind, Kind::Post { .. } | Kind::Draft);
                info.published = kind.is_rendered(&js.config);
                info.default_keys = js.config.default_keys(rel, info.is_post);
                info.rel = Some(rel.to_path_buf());
                if info.published {
                    let data = js.config.data(&rel_s, &kind, doc.readable_front_matter());
                    output = js.config.output(&rel_s, &kind, &data);
                }
                info.kind = Some(kind);
            }
        }
        if jekyll.is_none() {
            info.is_post = doc.front_matter.as_ref().is_some_and(|f| f.closed);
        }
        info.lang = declared_lang(doc, info.rel.as_deref(), js);
        if info.is_post {
            // Groups: Jekyll sites by index, files outside any site last.
            info.fm_group = Some(jekyll.unwrap_or(loose));
        }
        info.path = path;
        info.jekyll = jekyll;
        (info, output)
    }

    fn jekyll_index(&mut self, root: PathBuf) -> usize {
        if let Some(i) = self.jekyll.iter().position(|j| j.root == root) {
            return i;
        }
        let config = JekyllConfig::load(&root);
        let files = if self.needs.contains(Needs::URLS) {
            jekyll::walk(&root, &config, self.needs.contains(Needs::IDS))
        } else {
            jekyll::Files::default()
        };
        let layouts = jekyll::list_layouts(&root.join("_layouts"));
        let unknown_generators = files.local_plugins || config.unknown_plugins().next().is_some();
        let mut js = JekyllSite {
            root,
            config,
            urls: Default::default(),
            posts: Default::default(),
            static_files: files.statics,
            rendered: files.rendered,
            open_prefixes: Vec::new(),
            numbered: Vec::new(),
            top_segments: HashSet::new(),
            content_dirs: HashSet::new(),
            unknown_generators,
            suggest_urls: Default::default(),
            suggest_posts: Default::default(),
            layouts,
        };
        for r in files.redirects {
            match r.strip_suffix('*') {
                Some(prefix) => js.open_prefixes.push(prefix.to_string()),
                None => js.add(&r, Target::Generated),
            }
        }
        self.jekyll.push(js);
        self.jekyll.len() - 1
    }

    /// Record the folders walked to find the checked files (the checked tree).
    pub fn set_checked_trees(&mut self, walked: &[PathBuf]) {
        self.trees = walked
            .iter()
            .filter_map(|w| {
                let abs = crate::source::absolute(w).ok()?;
                let real = std::fs::canonicalize(w).ok()?;
                Some((abs, real))
            })
            .collect();
    }

    /// Is `path` (absolute, as a document's folder joined with a link) inside the tree
    /// postlint was asked to check from document `from`, both as written and with every
    /// symlink resolved? The tree is the Jekyll site's root for a file of a site, any
    /// folder walked, and for a file named on its own the working directory when it holds
    /// the file, else the file's folder. Links are looked up on disk, and folders listed
    /// for a "did you mean", only inside it: a post cannot make postlint tell whether a
    /// file elsewhere exists, or list a folder elsewhere.
    pub fn in_checked_tree(&self, from: usize, path: &Path) -> bool {
        let info = &self.docs[from];
        let Some(doc_dir) = info.path.as_ref().and_then(|p| p.parent()) else {
            return false;
        };
        let mut trees: Vec<(PathBuf, Option<PathBuf>)> = self
            .trees
            .iter()
            .map(|(a, r)| (a.clone(), Some(r.clone())))
            .collect();
        if let Some(j) = info.jekyll {
            trees.push((self.jekyll[j].root.clone(), None));
        }
        if !trees.iter().any(|(abs, _)| doc_dir.starts_with(abs)) {
            match working_dir().filter(|(abs, _)| doc_dir.starts_with(abs)) {
                Some((abs, real)) => trees.push((abs.clone(), Some(real.clone()))),
                None => trees.push((doc_dir.to_path_buf(), None)),
            }
        }
        let normal = normalize(path);
        let mut real_path: Option<Option<PathBuf>> = None;
        trees.into_iter().any(|(abs, real)| {
            if !normal.starts_with(&abs) {
                return false;
            }
            let Some(real) = real.or_else(|| std::fs::canonicalize(&abs).ok()) else {
                return false;
            };
            real_path
                .get_or_insert_with(|| crate::util::resolved(path))
                .as_ref()
                .is_some_and(|p| p.starts_with(&real))
        })
    }

    /// The index of the document read from `path`.
    pub fn doc_by_path(&self, path: &Path) -> Option<usize> {
        let abs = crate::source::absolute(path).ok()?;
        self.by_path.get(&abs).copied()
    }

    /// The front-matter statistics of the posts document `i` is compared with, and the
    /// keys `_config.yml`'s `defaults:` gives it; `None` when it is no post.
    pub fn fm_context(&self, i: usize) -> Option<(&FmStats, &[String])> {
        let info = &self.docs[i];
        Some((&self.fm_stats[info.fm_group?], info.default_keys.as_slice()))
    }

    /// The index of `doc` in this site.
    pub fn doc_index(&self, doc: &Document) -> Option<usize> {
        doc.source.path.as_deref().and_then(|p| self.doc_by_path(p))
    }
}

/// `p` with `.` and `..` taken out by their names (what a browser does to a URL path).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The language `doc` says it is in: its front matter (`lang`, `language`, `locale`), then
/// the nearest language folder of its path, then the site's `lang:`.
fn declared_lang(doc: &Document, path: Option<&Path>, site: Option<&JekyllSite>) -> Option<String> {
    let fm = doc.readable_front_matter();
    let said = ["lang", "language", "locale"]
        .iter()
        .find_map(|k| fm?.get(k)?.value.as_str().map(str::to_string));
    if let Some(code) = said.as_deref().and_then(crate::text::lang::code) {
        return Some(code);
    }
    let folders: Vec<String> = path
        .and_then(Path::parent)
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    crate::text::lang::of_path(folders.iter().map(String::as_str)).or_else(|| {
        let l = site?.config.lang.as_deref()?;
        crate::text::lang::code(l)
    })
}

/// Heading ids (in the site's style) and every other fragment target of `doc`.
fn collect_ids(doc: &Document, style: IdStyle, prefix: &str, info: &mut DocInfo) {
    info.ids_complete = !doc.liquid.iter().any(|r| {
        let tag = doc
            .slice(r)
            .trim_start_matches("{%")
            .trim_start_matches('-');
        tag.trim_start().starts_with("for ")
    });
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
    // Tags are read here only where an id may be, and not kept: the document's check reads
    // them again, so that every document's tags are not held until the check.
    let tags = if crate::document::html::may_have_id(doc.text, &doc.html) {
        crate::document::html::tags(doc.text, &doc.html)
    } else {
        Vec::new()
    };
    for tag in &tags {
        for a in &tag.attrs {
            let name = &doc.text[a.name.clone()];
            if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("name") {
                if let Some(v) = &a.value {
                    info.ids.insert(doc.text[v.clone()].to_string());
                }
            }
        }
    }
    for def in footnotes(doc).0 {
        info.ids.insert(format!("fn:{}", def.label));
        info.ids.insert(format!("fnref:{}", def.label));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn ids(style: IdStyle, text: &str) -> Vec<String> {
        let f = SourceFile::new("t.md", None, text.to_string());
        let doc = Document::parse(&f);
        let site = Site::build(&[&doc], Needs::IDS, &[Some(style)]);
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
