//! The Jekyll site model: `_config.yml`, where each post and page will be published, and
//! which static files exist. Only what link checking needs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::ids::IdStyle;
use crate::document::{Document, FmValue};

/// The parts of `_config.yml` postlint reads. Unknown keys are ignored.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct JekyllConfig {
    #[serde(default)]
    pub permalink: Option<String>,
    #[serde(default)]
    pub baseurl: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub markdown: Option<String>,
    #[serde(default)]
    pub kramdown: Option<KramdownConfig>,
    /// Front-matter defaults.
    #[serde(default)]
    pub defaults: Vec<DefaultsEntry>,
    #[serde(default)]
    pub theme: Option<FmValue>,
    #[serde(default)]
    pub remote_theme: Option<FmValue>,
    /// The site's language (`lang: es`), for posts that do not say theirs.
    #[serde(default)]
    pub lang: Option<FmValue>,
}

/// One `defaults:` entry of `_config.yml`.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct DefaultsEntry {
    #[serde(default)]
    pub scope: DefaultsScope,
    #[serde(default)]
    pub values: Option<FmValue>,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct DefaultsScope {
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

impl JekyllConfig {
    /// Keys that `defaults:` gives the file at `rel` (a post when `is_post`). Jekyll merges
    /// every matching scope (the most specific wins a conflict; for "is the key set at all"
    /// the union is what matters).
    pub fn default_keys(&self, rel: &Path, is_post: bool) -> Vec<String> {
        let rel = rel.to_string_lossy().replace('\\', "/");
        let mut keys = Vec::new();
        for d in &self.defaults {
            let path_ok = match d.scope.path.as_deref().map(str::trim) {
                None | Some("") => true,
                Some(p) if p.contains('*') => globset::Glob::new(p)
                    .map(|g| g.compile_matcher().is_match(&rel))
                    .unwrap_or(false),
                Some(p) => rel.starts_with(p.trim_end_matches('/')),
            };
            let type_ok = match d.scope.kind.as_deref() {
                None => true,
                Some("posts") => is_post,
                Some("pages") => !is_post,
                Some(_) => false,
            };
            if path_ok && type_ok {
                if let Some(FmValue::Map(values)) = &d.values {
                    keys.extend(values.iter().map(|(k, _)| k.clone()));
                }
            }
        }
        keys
    }

    /// Layouts may come from a gem or remote theme, outside the repository.
    pub fn has_theme(&self) -> bool {
        self.theme.is_some() || self.remote_theme.is_some()
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct KramdownConfig {
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub auto_id_prefix: Option<String>,
}

impl JekyllConfig {
    /// Read `root/_config.yml` (or `.yaml`); a missing or unreadable file gives the defaults.
    pub fn load(root: &Path) -> JekyllConfig {
        let text = std::fs::read_to_string(root.join("_config.yml"))
            .or_else(|_| std::fs::read_to_string(root.join("_config.yaml")))
            .unwrap_or_default();
        if text.trim().is_empty() {
            return JekyllConfig::default();
        }
        let options = serde_saphyr::options! { with_snippet: false };
        serde_saphyr::from_str_with_options(&text, options).unwrap_or_default()
    }

    /// `baseurl` without a trailing slash ("" when unset).
    pub fn baseurl(&self) -> String {
        let b = self.baseurl.as_deref().unwrap_or("").trim();
        let b = b.trim_end_matches('/');
        if b.is_empty() || b.starts_with('/') {
            b.to_string()
        } else {
            format!("/{b}")
        }
    }

    /// How kramdown makes heading ids for this site.
    pub fn id_style(&self) -> IdStyle {
        let markdown = self
            .markdown
            .as_deref()
            .unwrap_or("kramdown")
            .to_lowercase();
        if markdown != "kramdown" {
            // CommonMarkGhPages and friends make GitHub-style ids.
            return IdStyle::Github;
        }
        match self
            .kramdown
            .as_ref()
            .and_then(|k| k.input.as_deref())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("kramdown") => IdStyle::Kramdown,
            _ => IdStyle::KramdownGfm,
        }
    }

    pub fn id_prefix(&self) -> &str {
        self.kramdown
            .as_ref()
            .and_then(|k| k.auto_id_prefix.as_deref())
            .unwrap_or("")
    }

    /// The permalink template (named styles expanded).
    pub fn permalink_template(&self) -> String {
        expand_style(self.permalink.as_deref().unwrap_or("date"))
    }
}

fn expand_style(p: &str) -> String {
    match p {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        other => other.to_string(),
    }
}

static POST_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})-(.+)$").expect("post name regex")
});

static FM_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})").expect("date regex"));

/// Jekyll's default slugify: lowercase, runs of non-alphanumerics to one `-`, trimmed.
pub fn slugify(s: &str) -> String {
    slug(
        s.chars().flat_map(char::to_lowercase),
        char::is_alphanumeric,
    )
}

/// Jekyll's `pretty` slug mode keeping case, used for `:title`: runs of characters other
/// than letters, marks, digits and `._~!$&'()+,;=@` become one `-`, trimmed at the ends.
pub fn slugify_title(s: &str) -> String {
    slug(s.chars(), |c| {
        c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c)
    })
}

/// Keep the characters `keep` accepts; each run of others becomes one `-`, none at the ends.
fn slug(chars: impl Iterator<Item = char>, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in chars {
        if keep(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Where a source file ends up, relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A post (`_posts/2020-04-28-name.md`): its URL and `post_url` name.
    Post { url: String, name: String },
    /// A page (`about.md`, `talks/index.md`).
    Page { url: String },
    /// Not published (drafts, includes, layouts, files outside the site).
    None,
}

fn fm_string(doc: &Document, key: &str) -> Option<String> {
    let fm = doc.front_matter.as_ref()?;
    match &fm.get(key)?.value {
        FmValue::String(s) => Some(s.trim().to_string()),
        FmValue::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

fn fm_list(doc: &Document, key: &str) -> Vec<String> {
    doc.front_matter
        .as_ref()
        .and_then(|fm| fm.get(key))
        .map_or_else(Vec::new, |e| e.value.strings())
}

/// The URL path (no baseurl) of the file `rel` (relative to the site root) holding `doc`.
pub fn output(config: &JekyllConfig, rel: &Path, doc: &Document) -> Output {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some(file) = parts.last() else {
        return Output::None;
    };
    let stem = Path::new(file)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let dirs = &parts[..parts.len() - 1];
    if let Some(i) = dirs.iter().position(|d| d == "_posts") {
        let Some(c) = POST_NAME.captures(&stem) else {
            return Output::None;
        };
        let (mut year, mut month, mut day) = (c[1].to_string(), c[2].to_string(), c[3].to_string());
        if let Some(d) = fm_string(doc, "date") {
            if let Some(dc) = FM_DATE.captures(&d) {
                (year, month, day) = (dc[1].to_string(), dc[2].to_string(), dc[3].to_string());
            }
        }
        let slug_source = fm_string(doc, "slug").unwrap_or_else(|| c[4].to_string());
        // Categories: folders above `_posts`, then the front matter's.
        let mut categories: Vec<String> = dirs[..i].to_vec();
        for key in ["category", "categories"] {
            for cat in fm_list(doc, key) {
                if !categories.contains(&cat) {
                    categories.push(cat);
                }
            }
        }
        let url = match fm_string(doc, "permalink") {
            Some(p) => p,
            None => fill(
                &config.permalink_template(),
                &Fields {
                    year: &year,
                    month: &month,
                    day: &day,
                    title: &slug_source,
                    categories: &categories,
                },
            ),
        };
        return Output::Post {
            url: normalize_url(&url),
            name: stem,
        };
    }
    if parts
        .iter()
        .any(|p| p.starts_with('_') || p.starts_with('.'))
    {
        return Output::None;
    }
    if let Some(p) = fm_string(doc, "permalink") {
        return Output::Page {
            url: normalize_url(&p),
        };
    }
    let mut url = String::from("/");
    for d in dirs {
        url.push_str(d);
        url.push('/');
    }
    if stem != "index" {
        url.push_str(&stem);
        url.push_str(".html");
    }
    Output::Page { url }
}

struct Fields<'a> {
    year: &'a str,
    month: &'a str,
    day: &'a str,
    title: &'a str,
    categories: &'a [String],
}

fn fill(template: &str, f: &Fields) -> String {
    let pad = |s: &str| format!("{:0>2}", s);
    let month = pad(f.month);
    let day = pad(f.day);
    let cats = f
        .categories
        .iter()
        .map(|c| slugify(c))
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    let title = slugify_title(f.title);
    let slug = slugify(f.title);
    let short_year = f.year.get(2..).unwrap_or(f.year).to_string();
    // Longest placeholders first, so `:i_month` is not read as `:i` + `_month`.
    let mut out = template.to_string();
    for (key, value) in [
        (":categories", cats.as_str()),
        (":output_ext", ".html"),
        (":short_year", short_year.as_str()),
        (":i_month", f.month.trim_start_matches('0')),
        (":i_day", f.day.trim_start_matches('0')),
        (":year", f.year),
        (":month", month.as_str()),
        (":day", day.as_str()),
        (":title", title.as_str()),
        (":slug", slug.as_str()),
    ] {
        // One placeholder after another, as Jekyll does; most are absent from a template.
        if out.contains(key) {
            out = out.replace(key, value);
        }
    }
    out
}

/// Collapse `//`, make sure of a leading `/`.
pub fn normalize_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 1);
    if !url.starts_with('/') {
        out.push('/');
    }
    let mut prev_slash = false;
    for c in url.chars() {
        if c == '/' {
            if prev_slash {
                continue;
            }
            prev_slash = true;
        } else {
            prev_slash = false;
        }
        out.push(c);
    }
    out
}

/// The forms under which a URL path is served (`/a/b.html` ≡ `/a/b`, `/a/` ≡ `/a/index.html`).
pub fn url_keys(url: &str) -> Vec<String> {
    let u = normalize_url(url);
    let mut keys = vec![u.clone()];
    if let Some(stripped) = u.strip_suffix(".html") {
        keys.push(stripped.to_string());
        if let Some(dir) = stripped.strip_suffix("/index") {
            keys.push(format!("{dir}/"));
        }
    } else if u.ends_with('/') {
        keys.push(format!("{u}index.html"));
        if u.len() > 1 {
            keys.push(u.trim_end_matches('/').to_string());
        }
    } else {
        keys.push(format!("{u}.html"));
        keys.push(format!("{u}/"));
    }
    keys
}

/// Every file Jekyll would copy as is: not Markdown, not under `_`/`.` folders.
pub fn static_files(root: &Path) -> HashSet<String> {
    let mut out = HashSet::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(false)
        .require_git(false)
        .filter_entry(|e| {
            e.depth() == 0 || {
                let name = e.file_name().to_string_lossy();
                !(name.starts_with('_')
                    || name.starts_with('.')
                    || name == "node_modules"
                    || name == "vendor")
            }
        })
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(root) {
            let url = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(format!("/{url}"));
        }
    }
    out
}

/// The site root's path for a URL path of a static file.
pub fn source_of(root: &Path, url: &str) -> PathBuf {
    root.join(url.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn out(config: &JekyllConfig, rel: &str, text: &str) -> Output {
        let f = SourceFile::new(rel, None, text.to_string());
        let doc = Document::parse(&f);
        output(config, Path::new(rel), &doc)
    }

    fn cfg(permalink: Option<&str>) -> JekyllConfig {
        JekyllConfig {
            permalink: permalink.map(str::to_string),
            ..JekyllConfig::default()
        }
    }

    fn url(o: Output) -> String {
        match o {
            Output::Post { url, .. } | Output::Page { url } => url,
            Output::None => "-".into(),
        }
    }

    #[test]
    fn post_urls_follow_the_permalink() {
        let c = cfg(Some("/:year/:month/:day/:title.html"));
        assert_eq!(
            url(out(&c, "_posts/2020-04-28-dask-summit.md", "x")),
            "/2020/04/28/dask-summit.html"
        );
        let c = cfg(None);
        assert_eq!(
            url(out(
                &c,
                "_posts/2020-04-28-dask-summit.md",
                "---\ncategories: [blog, News]\n---\nx"
            )),
            "/blog/news/2020/04/28/dask-summit.html"
        );
        assert_eq!(
            url(out(&cfg(Some("pretty")), "_posts/2020-4-8-A_B c.md", "x")),
            "/2020/04/08/A_B-c/"
        );
        assert_eq!(
            url(out(&cfg(Some("none")), "news/_posts/2020-04-28-x.md", "x")),
            "/news/x.html"
        );
        assert_eq!(
            url(out(
                &c,
                "_posts/2020-04-28-x.md",
                "---\npermalink: /custom/place/\n---\n"
            )),
            "/custom/place/"
        );
        assert_eq!(
            url(out(
                &cfg(Some("/:year/:title.html")),
                "_posts/2020-04-28-x.md",
                "---\ndate: 2021-01-02 10:00\nslug: other\n---\n"
            )),
            "/2021/other.html"
        );
    }

    #[test]
    fn page_urls_and_unpublished_files() {
        let c = cfg(None);
        assert_eq!(url(out(&c, "about.md", "x")), "/about.html");
        assert_eq!(url(out(&c, "talks/index.md", "x")), "/talks/");
        assert_eq!(url(out(&c, "_drafts/x.md", "x")), "-");
        assert_eq!(url(out(&c, "_posts/notes.md", "x")), "-");
    }

    #[test]
    fn served_forms() {
        assert!(url_keys("/a/b.html").contains(&"/a/b".to_string()));
        assert!(url_keys("/a/").contains(&"/a/index.html".to_string()));
        assert!(url_keys("/a/index.html").contains(&"/a/".to_string()));
    }

    #[test]
    fn id_style_from_config() {
        let c: JekyllConfig =
            serde_saphyr::from_str("kramdown:\n  input: kramdown\n  auto_id_prefix: x-\n").unwrap();
        assert_eq!(c.id_style(), IdStyle::Kramdown);
        assert_eq!(c.id_prefix(), "x-");
        assert_eq!(JekyllConfig::default().id_style(), IdStyle::KramdownGfm);
        let c: JekyllConfig =
            serde_saphyr::from_str("markdown: CommonMarkGhPages\nbaseurl: blog/\n").unwrap();
        assert_eq!(c.id_style(), IdStyle::Github);
        assert_eq!(c.baseurl(), "/blog");
    }
}
