//! The Jekyll site model: what a Jekyll 3.9/4.x site (and GitHub Pages) publishes, and
//! where. Which files are published and as what (`include:`/`exclude:`, `_` folders,
//! collections and `collections_dir`, posts in nested `_posts`, drafts, pages in Markdown
//! or HTML, files copied as they are), their URLs (permalink styles, `defaults:`, front
//! matter, dates with UTC offsets), and the URLs plugins make (jekyll-redirect-from,
//! -feed, -sitemap, -paginate, -archives, GitHub Pages' defaults, `_redirects`).
//!
//! What the model cannot know (a plugin it does not know, a date a collection document
//! lacks) it records as such, so that links there are not called broken.

pub mod config;
pub mod permalink;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::document::{FmValue, FrontMatter};
pub use config::JekyllConfig;
use permalink::{days_of, expand_style, fill, normalize_url, page_suffix, parse_day, Day, Fields};

/// What a source file is, for Jekyll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// In a `_posts` folder; `categories` are the folders above it.
    Post { categories: Vec<String> },
    /// In `_drafts`: published only with `--drafts`, at a date postlint cannot know.
    Draft,
    /// A document of a collection (`_docs/guide.md`); `path` is inside the collection.
    Document { collection: String, path: String },
    /// A page (a file with front matter outside `_` folders, or Markdown made a page by
    /// GitHub Pages' optional front matter).
    Page,
    /// Copied as it is.
    Static,
    /// Not published: excluded, in a `_` or `.` folder, a collection without `output`.
    Unpublished,
}

impl Kind {
    /// Is the file rendered into a page of the site?
    pub fn is_rendered(&self, config: &JekyllConfig) -> bool {
        match self {
            Kind::Post { .. } | Kind::Page | Kind::Draft => true,
            Kind::Document { collection, .. } => {
                config.collection(collection).is_some_and(|c| c.output)
            }
            Kind::Static | Kind::Unpublished => false,
        }
    }
}

/// Where a rendered file is published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// The URLs it may be published at (one but where a date's time zone leaves the day
    /// open); empty when the model cannot tell.
    pub urls: Vec<String>,
    /// A post's name for `{% post_url %}` (the file name without extension).
    pub post_name: Option<String>,
    /// `redirect_from:` URLs (jekyll-redirect-from).
    pub redirects: Vec<String>,
    /// Tags and categories (for jekyll-archives), and the day (for date archives).
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub day: Option<Day>,
    /// The URL depends on something postlint cannot know; links under `uncertain` (the
    /// template's fixed start) are not called broken.
    pub uncertain: Option<String>,
}

/// Keys a front matter or `defaults:` gives, looked up in that order.
pub struct Data<'a> {
    fm: Option<&'a FrontMatter>,
    defaults: Vec<&'a (String, FmValue)>,
}

impl<'a> Data<'a> {
    pub fn get(&self, key: &str) -> Option<&'a FmValue> {
        self.fm
            .and_then(|fm| fm.get(key))
            .map(|e| &e.value)
            .or_else(|| self.defaults.iter().find(|(k, _)| k == key).map(|(_, v)| v))
    }

    fn string(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            FmValue::String(s) => Some(s.trim().to_string()),
            FmValue::Int(i) => Some(i.to_string()),
            _ => None,
        }
    }

    fn list(&self, key: &str) -> Vec<String> {
        self.get(key).map_or_else(Vec::new, FmValue::strings)
    }
}

/// Jekyll's default excludes (Jekyll 4), joined to the site's own.
const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

/// A path pattern of `_config.yml`, compiled.
#[derive(Debug, Clone)]
pub(crate) struct PathMatcher {
    prefix: String,
    glob: Option<globset::GlobMatcher>,
    /// `defaults:` scopes: a plain path matches itself and what is under it, not any
    /// string prefix; `exclude:` entries match as a string prefix, as Jekyll's do.
    folder_prefix: bool,
}

impl PathMatcher {
    fn exclude(pattern: &str) -> Option<PathMatcher> {
        let p = pattern.trim_start_matches("./").trim_start_matches('/');
        (!p.is_empty()).then(|| PathMatcher {
            prefix: p.to_string(),
            glob: globset::GlobBuilder::new(p)
                .literal_separator(false)
                .build()
                .ok()
                .map(|g| g.compile_matcher()),
            folder_prefix: false,
        })
    }

    fn scope(path: Option<&str>) -> PathMatcher {
        let path = path.map(str::trim).unwrap_or("");
        PathMatcher {
            prefix: path.trim_matches('/').to_string(),
            glob: path
                .contains('*')
                .then(|| globset::Glob::new(path).ok().map(|g| g.compile_matcher()))
                .flatten(),
            folder_prefix: true,
        }
    }

    fn matches(&self, rel: &str) -> bool {
        if let Some(g) = &self.glob {
            if g.is_match(rel) {
                return true;
            }
            if self.folder_prefix {
                return false;
            }
        }
        if self.folder_prefix {
            self.prefix.is_empty()
                || rel == self.prefix
                || rel
                    .strip_prefix(self.prefix.as_str())
                    .is_some_and(|r| r.starts_with('/'))
        } else {
            rel.starts_with(self.prefix.as_str())
        }
    }
}

/// The path patterns of a config, compiled once.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled {
    include: Vec<PathMatcher>,
    exclude: Vec<PathMatcher>,
    defaults: Vec<PathMatcher>,
}

impl JekyllConfig {
    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| Compiled {
            include: self
                .include
                .iter()
                .filter_map(|p| PathMatcher::exclude(p))
                .collect(),
            exclude: self
                .exclude
                .iter()
                .map(String::as_str)
                .chain(DEFAULT_EXCLUDES.iter().copied())
                .filter_map(PathMatcher::exclude)
                .collect(),
            defaults: self
                .defaults
                .iter()
                .map(|d| PathMatcher::scope(d.path.as_deref()))
                .collect(),
        })
    }
}

/// File names jekyll-optional-front-matter leaves alone (read on GitHub, not published).
const NOT_PAGES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "copying",
    "code_of_conduct",
    "contributing",
    "issue_template",
    "pull_request_template",
];

impl JekyllConfig {
    /// Does `exclude:` (with Jekyll's default excludes) leave out `rel` (`a/b/c.md`), and no
    /// `include:` bring it back? As Jekyll's `EntryFilter`: a pattern matches as a glob or
    /// as a prefix of the path. The patterns are compiled once per site.
    pub fn excluded(&self, rel: &str) -> bool {
        let c = self.compiled();
        !c.include.iter().any(|m| m.matches(rel)) && c.exclude.iter().any(|m| m.matches(rel))
    }

    /// Is a folder or file name `name` (one path component) special for Jekyll (`_x`,
    /// `.x`, `#x`, `x~`) and not brought back by `include:`?
    fn special(&self, name: &str) -> bool {
        (name.starts_with(['_', '.', '#']) || name.ends_with('~'))
            && !self.include.iter().any(|i| i.trim_matches('/') == name)
    }

    /// What the file at `rel` (relative to the site root, with `/`) is for Jekyll.
    pub fn classify(&self, rel: &str, has_front_matter: bool) -> Kind {
        if self.excluded(rel) {
            return Kind::Unpublished;
        }
        let inside = if self.collections_dir.is_empty() {
            Some(rel)
        } else {
            rel.strip_prefix(&self.collections_dir)
                .and_then(|r| r.strip_prefix('/'))
        };
        let parts: Vec<&str> = rel.split('/').collect();
        let (dirs, file) = parts.split_at(parts.len() - 1);
        let file = file[0];
        if let Some(inner) = inside {
            let inner_parts: Vec<&str> = inner.split('/').collect();
            if let Some(i) = inner_parts.iter().position(|p| *p == "_posts") {
                if inner_parts[..i].iter().any(|p| self.special(p)) {
                    return Kind::Unpublished;
                }
                return Kind::Post {
                    categories: inner_parts[..i].iter().map(|c| c.to_string()).collect(),
                };
            }
            if inner_parts.contains(&"_drafts") {
                return Kind::Draft;
            }
            if let Some(label) = inner_parts.first().and_then(|p| p.strip_prefix('_')) {
                if inner_parts.len() > 1 && self.collection(label).is_some() {
                    let path = inner_parts[1..].join("/");
                    return Kind::Document {
                        collection: label.to_string(),
                        path,
                    };
                }
            }
        }
        if dirs.iter().chain([&file]).any(|p| self.special(p)) {
            return Kind::Unpublished;
        }
        let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
        if has_front_matter {
            return Kind::Page;
        }
        let stem = file
            .rsplit_once('.')
            .map_or(file, |(s, _)| s)
            .to_lowercase();
        if self.is_markdown_ext(ext)
            && self.has_plugin("jekyll-optional-front-matter")
            && !NOT_PAGES.contains(&stem.as_str())
        {
            return Kind::Page;
        }
        Kind::Static
    }

    /// The `defaults:` values that apply to `rel` of type `kind` (`posts`, `pages`,
    /// `drafts` or a collection's label), the most specific scope first.
    pub fn defaults_for(&self, rel: &str, kind: &str) -> Vec<&(String, FmValue)> {
        let compiled = self.compiled();
        let mut scoped: Vec<(usize, &config::DefaultsEntry)> = Vec::new();
        for (d, scope) in self.defaults.iter().zip(&compiled.defaults) {
            let type_ok = d.kind.as_deref().is_none_or(|k| k == kind);
            if type_ok && scope.matches(rel) {
                // Jekyll ranks a scope by its path length, then by having a type.
                let len = d.path.as_deref().map_or(0, |p| p.trim().len());
                scoped.push((len * 2 + usize::from(d.kind.is_some()), d));
            }
        }
        scoped.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        scoped.iter().flat_map(|(_, d)| d.values.iter()).collect()
    }

    /// Keys that `defaults:` gives the file at `rel` (a post when `is_post`).
    pub fn default_keys(&self, rel: &Path, is_post: bool) -> Vec<String> {
        let rel = rel.to_string_lossy().replace('\\', "/");
        let kind = if is_post { "posts" } else { "pages" };
        let mut keys: Vec<String> = self
            .defaults_for(&rel, kind)
            .into_iter()
            .map(|(k, _)| k.clone())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Can a post's URL start with its year (`/:year/...`, or `/:categories/:year/...` for
    /// a post without categories)? Then a link to `/2019/...` is in the posts' area even
    /// when no post of 2019 is left.
    pub fn posts_start_with_year(&self) -> bool {
        let site = expand_style(self.permalink.as_deref().unwrap_or("date"));
        let defaults = self
            .defaults
            .iter()
            .filter(|d| d.kind.as_deref().is_none_or(|k| k == "posts"))
            .filter_map(|d| {
                d.values
                    .iter()
                    .find(|(k, _)| k == "permalink")
                    .and_then(|(_, v)| v.as_str())
            })
            .map(expand_style);
        std::iter::once(site)
            .chain(defaults)
            .any(|t| t.starts_with("/:year") || t.starts_with("/:categories"))
    }

    /// The type a `defaults:` scope names `kind` by.
    fn scope_type(kind: &Kind) -> &str {
        match kind {
            Kind::Post { .. } => "posts",
            Kind::Draft => "drafts",
            Kind::Document { collection, .. } => collection,
            _ => "pages",
        }
    }

    /// The front matter and defaults of a file of `kind` at `rel`.
    pub fn data<'a>(&'a self, rel: &str, kind: &Kind, fm: Option<&'a FrontMatter>) -> Data<'a> {
        Data {
            fm,
            defaults: self.defaults_for(rel, Self::scope_type(kind)),
        }
    }

    /// Where the rendered file `rel` of `kind`, with `data`, is published.
    pub fn output(&self, rel: &str, kind: &Kind, data: &Data) -> Output {
        let file = rel.rsplit('/').next().unwrap_or(rel);
        let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
        let output_ext = self.output_ext(ext);
        let timezone = self.timezone.is_some();
        let mut out = Output {
            redirects: data.list("redirect_from"),
            tags: data.list("tags"),
            ..Output::default()
        };
        out.tags.extend(data.list("tag"));
        let site_style = self.permalink.as_deref().unwrap_or("date");
        match kind {
            Kind::Post { categories } => {
                let Some((file_day, title)) = post_name(stem) else {
                    return out;
                };
                out.post_name = Some(stem.to_string());
                let days = match data.string("date") {
                    Some(d) => {
                        let ds = days_of(&d, timezone);
                        if ds.is_empty() {
                            vec![file_day]
                        } else {
                            ds
                        }
                    }
                    None => vec![file_day],
                };
                // Categories: folders above `_posts`, then the front matter's, as Jekyll
                // writes them in URLs (downcased, not slugified).
                let mut cats: Vec<String> = Vec::new();
                for c in categories
                    .iter()
                    .cloned()
                    .chain(data.list("categories"))
                    .chain(data.list("category"))
                {
                    let c = c.to_lowercase();
                    if !cats.contains(&c) {
                        cats.push(c);
                    }
                }
                out.categories = cats.clone();
                let slug = data.string("slug").unwrap_or_else(|| title.to_string());
                // Front matter or `defaults:`, then the `posts` collection's own
                // permalink (`collections: posts: permalink:`), then the site's style.
                let template = data
                    .string("permalink")
                    .or_else(|| self.collection("posts").and_then(|c| c.permalink.clone()))
                    .map_or_else(|| expand_style(site_style), |p| expand_style(&p));
                out.day = days.first().copied();
                for day in days {
                    let fields = Fields {
                        day: Some(day),
                        title: &slug,
                        categories: &cats,
                        collection: "posts",
                        path: stem,
                        basename: stem,
                        output_ext: &output_ext,
                    };
                    if let Some(u) = fill(&template, &fields) {
                        if !out.urls.contains(&u) {
                            out.urls.push(u);
                        }
                    }
                }
            }
            Kind::Draft => {
                // Published (with `--drafts`) at the date of the build: no URL to link to.
            }
            Kind::Document { collection, path } => {
                let coll = self.collection(collection);
                let template = data
                    .string("permalink")
                    .or_else(|| coll.and_then(|c| c.permalink.clone()))
                    .map(|p| expand_style(&p))
                    .unwrap_or_else(|| "/:collection/:path:output_ext".into());
                let inner = path.rsplit_once('.').map_or(path.as_str(), |(p, _)| p);
                let day = data.string("date").and_then(|d| parse_day(&d));
                let slug = data.string("slug").unwrap_or_else(|| stem.to_string());
                let cats: Vec<String> = data
                    .list("categories")
                    .into_iter()
                    .map(|c| c.to_lowercase())
                    .collect();
                let fields = Fields {
                    day,
                    title: &slug,
                    categories: &cats,
                    collection,
                    path: inner,
                    basename: stem,
                    output_ext: &output_ext,
                };
                match fill(&template, &fields) {
                    Some(u) => out.urls.push(u),
                    None => {
                        out.uncertain =
                            Some(fixed_start(&template.replace(":collection", collection)))
                    }
                }
            }
            Kind::Page => {
                let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                if let Some(p) = data.string("permalink") {
                    let fields = Fields {
                        title: stem,
                        path: dir,
                        basename: stem,
                        output_ext: &output_ext,
                        ..Fields::default()
                    };
                    match fill(&expand_style(&p), &fields) {
                        Some(u) => out.urls.push(u),
                        None => out.uncertain = Some(fixed_start(&p)),
                    }
                } else {
                    let index = stem == "index"
                        || (stem.eq_ignore_ascii_case("readme")
                            && self.has_plugin("jekyll-readme-index"));
                    let url = if index && output_ext == ".html" {
                        format!("/{dir}/")
                    } else if output_ext != ".html" {
                        format!("/{dir}/{stem}{output_ext}")
                    } else {
                        let suffix = page_suffix(site_style);
                        let suffix = if suffix == ":output_ext" {
                            output_ext.as_str()
                        } else {
                            suffix
                        };
                        format!("/{dir}/{stem}{suffix}")
                    };
                    out.urls.push(normalize_url(&url));
                }
            }
            Kind::Static | Kind::Unpublished => {}
        }
        out
    }

    /// Does jekyll-readme-index (on by default on GitHub Pages) make the README at `rel`,
    /// a file without front matter, the index page of its folder? Only when the folder has
    /// no index of its own.
    pub fn readme_is_index(&self, root: &Path, rel: &str) -> bool {
        let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
        let Some((stem, ext)) = file.rsplit_once('.') else {
            return false;
        };
        if !stem.eq_ignore_ascii_case("readme")
            || !self.is_markdown_ext(&ext.to_lowercase())
            || !self.has_plugin("jekyll-readme-index")
        {
            return false;
        }
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            return false;
        };
        !entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().to_lowercase();
            name.rsplit_once('.').is_some_and(|(stem, ext)| {
                stem == "index" && (ext == "html" || ext == "htm" || self.is_markdown_ext(ext))
            })
        })
    }

    /// Where a file without front matter at `path` inside `collection` is copied
    /// (Jekyll's `StaticFile#url`: the collection's permalink with `:path` the path without
    /// extension, no title and no output extension, the trailing `/` cut and the file's
    /// extension added), or `None` when the collection is not written or its permalink
    /// needs a date.
    pub fn collection_static_url(&self, collection: &str, path: &str) -> Option<String> {
        let coll = self.collection(collection).filter(|c| c.output)?;
        let template = coll
            .permalink
            .as_deref()
            .map_or_else(|| "/:collection/:path:output_ext".into(), expand_style);
        let (inner, ext) = match path.rsplit_once('.') {
            Some((inner, ext)) if !inner.ends_with('/') => (inner, format!(".{ext}")),
            _ => (path, String::new()),
        };
        let basename = inner.rsplit('/').next().unwrap_or(inner);
        let fields = Fields {
            title: "",
            collection,
            path: inner,
            basename,
            ..Fields::default()
        };
        let url = normalize_url(&fill(&template, &fields)?);
        Some(format!("{}{ext}", url.trim_end_matches('/')))
    }

    /// The extension a rendered file gets.
    fn output_ext(&self, ext: &str) -> String {
        let e = ext.to_lowercase();
        if self.is_markdown_ext(&e) || e == "html" || e == "htm" {
            ".html".into()
        } else {
            match e.as_str() {
                "scss" | "sass" => ".css".into(),
                "coffee" => ".js".into(),
                "" => String::new(),
                other => format!(".{other}"),
            }
        }
    }
}

/// A post file name's date and title (`2020-04-28-dask-summit`).
pub fn post_name(stem: &str) -> Option<(Day, &str)> {
    let b = stem.as_bytes();
    if b.len() < 11 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let mut parts = stem.splitn(4, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let title = parts.next()?;
    if title.is_empty() {
        return None;
    }
    Some((Day::new(year, month, day)?, title))
}

/// A template's start before its first placeholder (`/docs/` of `/docs/:year/:title/`).
fn fixed_start(template: &str) -> String {
    let start = template.split(':').next().unwrap_or("");
    normalize_url(&start[..start.rfind('/').map_or(0, |i| i + 1)])
}

/// What the walk of a site's files found besides its Markdown (which is parsed).
#[derive(Debug, Default)]
pub struct Files {
    /// URL paths of files copied as they are (images, PDFs...).
    pub statics: HashSet<String>,
    /// Rendered files that are not Markdown (HTML pages and posts, feeds written by hand).
    pub rendered: Vec<Rendered>,
    /// URLs a redirect file of the host (`_redirects`, `netlify.toml`) answers.
    pub redirects: Vec<String>,
    /// The site has Ruby plugins of its own (`_plugins/*.rb`).
    pub local_plugins: bool,
}

/// A rendered file that is not Markdown.
#[derive(Debug)]
pub struct Rendered {
    pub path: PathBuf,
    pub rel: String,
    pub kind: Kind,
    pub output: Output,
    /// Its element ids (`id`, `name`), when it has no Liquid that could make others.
    pub ids: Option<rustc_hash::FxHashSet<String>>,
    /// "Did you mean" index of `ids`, made on first use.
    pub suggest_ids: std::sync::OnceLock<crate::site::suggest::Suggester>,
}

/// Walk `root`: every file that is published or read as it is. `markdown(ext)` says
/// which files are parsed as documents (their URLs come from the parsed front matter).
/// Folders are listed and files read on the run's threads; `rendered` comes out sorted
/// by path, whatever order the threads found the files in.
pub fn walk(root: &Path, config: &JekyllConfig, want_ids: bool) -> Files {
    use std::sync::Mutex;
    /// One thread's finds, handed over when its visitor is dropped.
    struct Part<'a> {
        files: Files,
        out: &'a Mutex<Vec<Files>>,
    }
    impl Drop for Part<'_> {
        fn drop(&mut self) {
            let files = std::mem::take(&mut self.files);
            if let Ok(mut out) = self.out.lock() {
                out.push(files);
            }
        }
    }
    let parts: Mutex<Vec<Files>> = Mutex::new(Vec::new());
    walker(root)
        .threads(rayon::current_num_threads())
        .build_parallel()
        .run(|| {
            let mut part = Part {
                files: Files::default(),
                out: &parts,
            };
            Box::new(move |entry| {
                if let Ok(entry) = entry {
                    visit(root, config, want_ids, &entry, &mut part.files);
                }
                ignore::WalkState::Continue
            })
        });
    let mut files = Files {
        local_plugins: root.join("_plugins").is_dir(),
        ..Files::default()
    };
    for part in parts.into_inner().unwrap_or_default() {
        files.statics.extend(part.statics);
        files.rendered.extend(part.rendered);
        files.redirects.extend(part.redirects);
    }
    files.rendered.sort_by(|a, b| a.rel.cmp(&b.rel));
    files
}

/// [`walk`] on one thread, in the walker's order (to test the parallel walk against).
#[cfg(test)]
fn walk_serial(root: &Path, config: &JekyllConfig, want_ids: bool) -> Files {
    let mut files = Files {
        local_plugins: root.join("_plugins").is_dir(),
        ..Files::default()
    };
    for entry in walker(root).build().flatten() {
        visit(root, config, want_ids, &entry, &mut files);
    }
    files
}

/// The walk of a site's files: hidden ones too, no ignore files; not `.git`, `_site`,
/// `node_modules`.
fn walker(root: &Path) -> ignore::WalkBuilder {
    let mut b = ignore::WalkBuilder::new(root);
    b.hidden(false)
        .git_ignore(false)
        .git_global(false)
        .git_exclude(false)
        .ignore(false)
        .parents(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name == ".git" || name == "_site" || name == "node_modules")
        });
    b
}

/// One entry of the walk of `root`, into `files`.
fn visit(
    root: &Path,
    config: &JekyllConfig,
    want_ids: bool,
    entry: &ignore::DirEntry,
    files: &mut Files,
) {
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return;
    }
    let Ok(rel) = entry.path().strip_prefix(root) else {
        return;
    };
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if rel == "_redirects" || rel == "netlify.toml" {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            files.redirects.extend(host_redirects(&rel, &text));
        }
    }
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e).to_lowercase();
    if config.is_markdown_ext(&ext) {
        // Parsed as a document: its model gives its URL.
        return;
    }
    let head = read_head(entry.path());
    let has_fm = head.as_deref().is_some_and(has_front_matter);
    match config.classify(&rel, has_fm) {
        Kind::Static => {
            files.statics.insert(format!("/{rel}"));
        }
        // A file without front matter in a collection is copied as it is, under the
        // collection's permalink when the collection is written.
        Kind::Document { collection, path } if !has_fm => {
            if let Some(url) = config.collection_static_url(&collection, &path) {
                files.statics.insert(url);
            }
        }
        Kind::Unpublished => {}
        kind => {
            if !kind.is_rendered(config) {
                return;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let (fm, body) = crate::document::front_matter::split(&text, 0);
            let data = config.data(&rel, &kind, fm.as_ref().filter(|f| f.closed));
            let output = config.output(&rel, &kind, &data);
            let ids = (want_ids && (ext == "html" || ext == "htm"))
                .then(|| html_ids(&text[body..]))
                .flatten();
            files.rendered.push(Rendered {
                path: entry.path().to_path_buf(),
                rel,
                kind,
                output,
                ids,
                suggest_ids: Default::default(),
            });
        }
    }
}

/// The first bytes of a file (to look for front matter), or `None` if unreadable.
fn read_head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let mut buf = [0u8; 8];
    let n = f.read(&mut buf).ok()?;
    Some(buf[..n].to_vec())
}

/// Does a file starting with `head` have front matter (`---` on its first line, a BOM
/// allowed)?
fn has_front_matter(head: &[u8]) -> bool {
    let h = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    h.starts_with(b"---\n") || h.starts_with(b"---\r\n") || h == b"---"
}

/// The element ids of an HTML file's body; `None` when Liquid in it may make others.
fn html_ids(body: &str) -> Option<rustc_hash::FxHashSet<String>> {
    if body.contains("{%") || body.contains("{{") {
        return None;
    }
    let mut ids = rustc_hash::FxHashSet::default();
    let whole = [std::ops::Range {
        start: 0,
        end: body.len(),
    }];
    for tag in crate::document::html::tags(body, &whole) {
        for a in &tag.attrs {
            let name = &body[a.name.clone()];
            if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("name") {
                if let Some(v) = &a.value {
                    ids.insert(body[v.clone()].to_string());
                }
            }
        }
    }
    Some(ids)
}

/// The source paths a host's redirect file (Netlify's `_redirects`, `netlify.toml`)
/// answers; a trailing `*` stays as a prefix marker.
fn host_redirects(name: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if name == "_redirects" {
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('#') {
                continue;
            }
            if let Some(from) = line
                .split_whitespace()
                .next()
                .filter(|f| f.starts_with('/'))
            {
                out.push(from.to_string());
            }
        }
    } else {
        for line in text.lines() {
            let line = line.trim();
            if let Some(v) = line.strip_prefix("from") {
                let v = v.trim_start().trim_start_matches('=').trim();
                let v = v.trim_matches(['"', '\'']);
                if v.starts_with('/') {
                    out.push(v.to_string());
                }
            }
        }
    }
    out
}

/// Every layout in `_layouts/` (names as `layout:` gives them), or `None` without the
/// folder.
pub fn list_layouts(dir: &Path) -> Option<Vec<(String, String)>> {
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

/// The site root's path for a URL path of a static file.
pub fn source_of(root: &Path, url: &str) -> PathBuf {
    root.join(url.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::source::SourceFile;

    fn url_of(config: &JekyllConfig, rel: &str, text: &str) -> Vec<String> {
        let f = SourceFile::new(rel, None, text.to_string());
        let doc = Document::parse(&f);
        let fm = doc.readable_front_matter();
        let kind = config.classify(rel, fm.is_some());
        if !kind.is_rendered(config) {
            return Vec::new();
        }
        let data = config.data(rel, &kind, fm);
        config.output(rel, &kind, &data).urls
    }

    fn cfg(yaml: &str) -> JekyllConfig {
        JekyllConfig::parse(yaml)
    }

    /// The walk on the run's threads finds what a walk on one thread finds.
    #[test]
    fn the_parallel_walk_equals_the_serial_walk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write(
            "_config.yml",
            "plugins: [jekyll-redirect-from]\ncollections:\n  talks:\n    output: true\n",
        );
        write("_redirects", "/old /new 301\n/docs/* /d/:splat\n");
        write(
            "netlify.toml",
            "[[redirects]]\nfrom = \"/x\"\nto = \"/y\"\n",
        );
        write("_plugins/p.rb", "");
        write("_site/index.html", "---\n---\n<p id=built></p>\n");
        write(".git/HEAD", "ref");
        write("node_modules/a/index.html", "<p id=n></p>\n");
        write(".well-known/security.txt", "x");
        for i in 0..40 {
            write(&format!("images/{i}/photo-{i}.jpg"), "\u{ff}\u{d8}");
            write(
                &format!("_posts/2020-01-{:02}-p{i}.md", i % 28 + 1),
                "---\n---\nx\n",
            );
            write(
                &format!("pages/{i}/index.html"),
                &format!("---\ntitle: P{i}\n---\n<h2 id=\"s{i}\">S</h2><a name=\"n{i}\"></a>\n"),
            );
            write(&format!("raw/{i}.html"), &format!("<p id=r{i}></p>\n"));
            write(
                &format!("liquid/{i}.html"),
                "---\n---\n{% for x in y %}<p id=l></p>{% endfor %}\n",
            );
            write(&format!("_talks/{i}.pdf"), "%PDF");
            write(&format!("_talks/t{i}.html"), "---\n---\n<p id=t></p>\n");
            write(&format!("feed{i}.xml"), "---\nlayout: null\n---\n<feed/>\n");
        }
        let config = JekyllConfig::load(root);
        for want_ids in [true, false] {
            let (fast, plain) = (
                walk(root, &config, want_ids),
                walk_serial(root, &config, want_ids),
            );
            let norm = |f: &Files| {
                let mut statics: Vec<&String> = f.statics.iter().collect();
                statics.sort();
                let mut rendered: Vec<String> = f
                    .rendered
                    .iter()
                    .map(|r| {
                        let ids = r.ids.as_ref().map(|i| {
                            let mut v: Vec<&String> = i.iter().collect();
                            v.sort();
                            format!("{v:?}")
                        });
                        format!(
                            "{} {} {:?} {:?} {ids:?}",
                            r.path.display(),
                            r.rel,
                            r.kind,
                            r.output
                        )
                    })
                    .collect();
                rendered.sort();
                let mut redirects = f.redirects.clone();
                redirects.sort();
                (format!("{statics:?}"), rendered, redirects, f.local_plugins)
            };
            assert_eq!(norm(&fast), norm(&plain));
            assert!(fast.statics.len() > 80 && fast.rendered.len() > 120);
            let rels: Vec<&str> = fast.rendered.iter().map(|r| r.rel.as_str()).collect();
            assert!(rels.windows(2).all(|w| w[0] <= w[1]), "sorted by path");
            assert_eq!(fast.redirects.len(), 3);
        }
    }

    #[test]
    fn collection_files_without_front_matter_are_copied_under_the_permalink() {
        let c = cfg("collections:\n  principles:\n    output: true\n    permalink: /partnership-principles/:path/\n  talks:\n    output: true\n  staff: {}\n");
        assert_eq!(
            c.collection_static_url("principles", "guide.pdf")
                .as_deref(),
            Some("/partnership-principles/guide.pdf")
        );
        assert_eq!(
            c.collection_static_url("talks", "2020/deck.key").as_deref(),
            Some("/talks/2020/deck.key")
        );
        assert_eq!(c.collection_static_url("staff", "ada.png"), None);
        let dated =
            cfg("collections:\n  notes:\n    output: true\n    permalink: /:year/:title/\n");
        assert_eq!(dated.collection_static_url("notes", "a.png"), None);
    }

    #[test]
    fn post_urls_follow_the_permalink() {
        let c = cfg("permalink: /:year/:month/:day/:title.html\n");
        assert_eq!(
            url_of(&c, "_posts/2020-04-28-dask-summit.md", "x"),
            ["/2020/04/28/dask-summit.html"]
        );
        let c = cfg("");
        assert_eq!(
            url_of(
                &c,
                "_posts/2020-04-28-dask-summit.md",
                "---\ncategories: [blog, News]\n---\nx"
            ),
            ["/blog/news/2020/04/28/dask-summit.html"]
        );
        assert_eq!(
            url_of(&cfg("permalink: pretty\n"), "_posts/2020-4-8-A_B c.md", "x"),
            ["/2020/04/08/A_B-c/"]
        );
        assert_eq!(
            url_of(
                &cfg("permalink: none\n"),
                "news/_posts/2020-04-28-x.md",
                "x"
            ),
            ["/news/x.html"]
        );
        assert_eq!(
            url_of(
                &c,
                "_posts/2020-04-28-x.md",
                "---\npermalink: /custom/place/\n---\n"
            ),
            ["/custom/place/"]
        );
        assert_eq!(
            url_of(
                &cfg("permalink: /:year/:title.html\n"),
                "_posts/2020-04-28-x.md",
                "---\ndate: 2021-01-02 10:00\nslug: other\n---\n"
            ),
            ["/2021/other.html"]
        );
    }

    /// Jekyll downcases categories in URLs; it does not slugify them (`zh_cn`).
    #[test]
    fn categories_are_downcased_not_slugified() {
        assert_eq!(
            url_of(
                &cfg("permalink: pretty\n"),
                "zh_cn/news/_posts/2020-01-02-a.md",
                "---\n---\n"
            ),
            ["/zh_cn/news/2020/01/02/a/"]
        );
    }

    #[test]
    fn defaults_give_permalinks_and_front_matter_wins() {
        let c = cfg("permalink: none\ndefaults:\n  - scope: {path: '', type: posts}\n    values: {permalink: '/blog/:year/:month/:day/:title/'}\n");
        assert_eq!(
            url_of(
                &c,
                "_posts/2020-01-02-old.md",
                "---\ncategories: releases\n---\n"
            ),
            ["/blog/2020/01/02/old/"]
        );
        assert_eq!(
            url_of(
                &c,
                "_posts/2020-01-02-old.md",
                "---\npermalink: /here/\n---\n"
            ),
            ["/here/"]
        );
        let c =
            cfg("defaults:\n  - scope: {path: _posts}\n    values: {permalink: '/blog/:slug/'}\n");
        assert_eq!(
            url_of(
                &c,
                "_posts/2019-09-23-hack.md",
                "---\nslug: 2019-09-23-hack\n---\n"
            ),
            ["/blog/2019-09-23-hack/"]
        );
    }

    #[test]
    fn the_posts_collection_may_set_their_permalink() {
        let c = cfg("collections:\n  posts:\n    permalink: /news/:year/:month/:day/:title/\n    output: true\n");
        assert_eq!(
            url_of(
                &c,
                "_posts/2016-04-19-a.md",
                "---\ndate: 2016-04-19 10:26:12 -0700\n---\n"
            ),
            ["/news/2016/04/19/a/"]
        );
    }

    #[test]
    fn collections_publish_their_documents() {
        let c = cfg("collections:\n  docs:\n    output: true\n    permalink: /:collection/:path/\n  events:\n    output: true\n  staff: {}\n");
        assert_eq!(
            url_of(&c, "_docs/guide/install.md", "---\n---\n"),
            ["/docs/guide/install/"]
        );
        assert_eq!(
            url_of(&c, "_events/talk.md", "---\n---\n"),
            ["/events/talk.html"]
        );
        assert!(url_of(&c, "_staff/ada.md", "---\n---\n").is_empty());
        assert!(!c.classify("_staff/ada.md", true).is_rendered(&c));
        let c = cfg("collections_dir: my\ncollections: {talks: {output: true}}\n");
        assert_eq!(
            url_of(&c, "my/_talks/a.md", "---\n---\n"),
            ["/talks/a.html"]
        );
        assert!(matches!(
            c.classify("my/_posts/2020-01-01-a.md", true),
            Kind::Post { .. }
        ));
    }

    #[test]
    fn include_exclude_and_special_folders() {
        let c = cfg("include: [_pages]\nexclude: [README.md, scripts, '*.txt']\n");
        assert_eq!(c.classify("_pages/contact.md", true), Kind::Page);
        assert_eq!(c.classify("_includes/x.md", true), Kind::Unpublished);
        assert_eq!(c.classify("README.md", true), Kind::Unpublished);
        assert_eq!(c.classify("scripts/run.md", true), Kind::Unpublished);
        assert_eq!(c.classify("notes.txt", false), Kind::Unpublished);
        assert_eq!(c.classify("Gemfile", false), Kind::Unpublished);
        assert_eq!(c.classify(".github/x.md", true), Kind::Unpublished);
        assert_eq!(c.classify("assets/a.png", false), Kind::Static);
        assert_eq!(
            url_of(&c, "_pages/contact.md", "---\npermalink: /contact/\n---\n"),
            ["/contact/"]
        );
    }

    #[test]
    fn pages_follow_the_site_style() {
        assert_eq!(url_of(&cfg(""), "about.md", "---\n---\n"), ["/about.html"]);
        assert_eq!(
            url_of(&cfg("permalink: pretty\n"), "about.md", "---\n---\n"),
            ["/about/"]
        );
        assert_eq!(
            url_of(&cfg(""), "talks/index.md", "---\n---\n"),
            ["/talks/"]
        );
        assert_eq!(url_of(&cfg(""), "feed.xml", "---\n---\n"), ["/feed.xml"]);
        assert_eq!(
            url_of(&cfg(""), "assets/main.scss", "---\n---\n"),
            ["/assets/main.css"]
        );
    }

    #[test]
    fn github_pages_makes_markdown_without_front_matter_a_page() {
        let mut c = cfg("");
        assert_eq!(c.classify("notes.md", false), Kind::Static);
        c.github_pages = true;
        assert_eq!(c.classify("notes.md", false), Kind::Page);
        assert_eq!(c.classify("README.md", false), Kind::Static);
        assert_eq!(c.classify("docs/CONTRIBUTING.md", false), Kind::Static);
    }

    #[test]
    fn a_utc_offset_gives_two_candidate_days() {
        let c = cfg("permalink: /:year/:i_month/:i_day/:title/\n");
        assert_eq!(
            url_of(
                &c,
                "_posts/2019-03-27-rel.md",
                "---\ndate: 2019-03-27 23:05:01 -04:00\n---\n"
            ),
            ["/2019/3/28/rel/", "/2019/3/27/rel/"]
        );
        assert_eq!(
            url_of(
                &c,
                "_posts/2021-01-11-x.md",
                "---\ndate: January 12, 2021\n---\n"
            ),
            ["/2021/1/12/x/"]
        );
    }

    #[test]
    fn redirect_files_of_the_host() {
        assert_eq!(
            host_redirects(
                "_redirects",
                "# c\n/old  /new 301\n/blog/*  /posts/:splat\n"
            ),
            ["/old", "/blog/*"]
        );
        assert_eq!(
            host_redirects(
                "netlify.toml",
                "[[redirects]]\n  from = \"/docs/*\"\n  to = \"/\"\n"
            ),
            ["/docs/*"]
        );
    }
}
