//! `_config.yml` as Jekyll reads it (the keys that decide what a site publishes), read
//! leniently: a key of an unexpected type is ignored, not the whole file. Also the
//! `Gemfile`, for GitHub Pages and the plugins its `jekyll_plugins` group loads.

use std::path::Path;

use crate::document::FmValue;
use crate::site::ids::IdStyle;

/// The parts of `_config.yml` postlint reads.
#[derive(Debug, Default, Clone)]
pub struct JekyllConfig {
    pub permalink: Option<String>,
    pub baseurl: Option<String>,
    pub url: Option<String>,
    pub markdown: Option<String>,
    /// `kramdown: input:` (`GFM` by default).
    pub kramdown_input: Option<String>,
    pub kramdown_id_prefix: Option<String>,
    /// `redcarpet: extensions:`.
    pub redcarpet_extensions: Vec<String>,
    pub defaults: Vec<DefaultsEntry>,
    pub theme: Option<String>,
    pub remote_theme: Option<String>,
    /// The site's language (`lang: es`), for posts that do not say theirs.
    pub lang: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub collections: Vec<Collection>,
    /// Where collections (and `_posts`) live, relative to the root.
    pub collections_dir: String,
    /// Plugins named in `plugins:`, `gems:` or `whitelist:` (and the Gemfile's
    /// `jekyll_plugins` group).
    pub plugins: Vec<String>,
    /// The `github-pages` gem is in the Gemfile: GitHub Pages' default plugins are on.
    pub github_pages: bool,
    pub paginate: bool,
    pub paginate_path: Option<String>,
    /// jekyll-paginate-v2: `pagination: enabled: true`, its `permalink`.
    pub pagination_v2: Option<String>,
    pub archives: Option<Archives>,
    /// Theme archive pages by path (minimal mistakes' `tag_archive: path: /tags/`).
    pub archive_paths: Vec<String>,
    pub timezone: Option<String>,
    /// `markdown_ext:` (default `markdown,mkdown,mkdn,mkd,md`).
    pub markdown_ext: Vec<String>,
    /// jekyll-feed's path (default `/feed.xml`).
    pub feed_path: Option<String>,
    /// `include:`, `exclude:` and `defaults:` paths, compiled on first use.
    pub(crate) compiled: std::sync::OnceLock<super::Compiled>,
}

/// One `defaults:` entry.
#[derive(Debug, Default, Clone)]
pub struct DefaultsEntry {
    pub path: Option<String>,
    pub kind: Option<String>,
    pub values: Vec<(String, FmValue)>,
}

/// One collection of `collections:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub label: String,
    pub output: bool,
    pub permalink: Option<String>,
}

/// jekyll-archives: which archives, and their permalinks.
#[derive(Debug, Default, Clone)]
pub struct Archives {
    pub enabled: Vec<String>,
    pub permalinks: Vec<(String, String)>,
}

impl Archives {
    /// The permalink template of archive `kind` (`tag`, `category`, `year`...).
    pub fn permalink(&self, kind: &str) -> String {
        if let Some((_, p)) = self.permalinks.iter().find(|(k, _)| k == kind) {
            return p.clone();
        }
        match kind {
            "year" => "/:year/",
            "month" => "/:year/:month/",
            "day" => "/:year/:month/:day/",
            "tag" => "/tag/:name/",
            "category" => "/category/:name/",
            _ => "/:name/",
        }
        .to_string()
    }

    pub fn on(&self, kind: &str) -> bool {
        self.enabled
            .iter()
            .any(|e| e == "all" || e == kind || e.trim_end_matches('s') == kind)
    }
}

/// GitHub Pages' default plugins (github/pages-gem `DEFAULT_PLUGINS`).
const GITHUB_PAGES_DEFAULTS: &[&str] = &[
    "jekyll-coffeescript",
    "jekyll-default-layout",
    "jekyll-gist",
    "jekyll-github-metadata",
    "jekyll-optional-front-matter",
    "jekyll-paginate",
    "jekyll-readme-index",
    "jekyll-titles-from-headings",
    "jekyll-relative-links",
];

/// Plugins postlint knows the URLs of (or knows make none); any other plugin, or a
/// `_plugins/` folder of Ruby files, may make pages postlint cannot see.
pub const KNOWN_PLUGINS: &[&str] = &[
    "jekyll-coffeescript",
    "jekyll-default-layout",
    "jekyll-gist",
    "jekyll-github-metadata",
    "jekyll-optional-front-matter",
    "jekyll-paginate",
    "jekyll-paginate-v2",
    "jekyll-readme-index",
    "jekyll-titles-from-headings",
    "jekyll-relative-links",
    "jekyll-redirect-from",
    "jekyll-feed",
    "jekyll-sitemap",
    "jekyll-archives",
    "jekyll-seo-tag",
    "jekyll-remote-theme",
    "jekyll-include-cache",
    "jekyll-mentions",
    "jemoji",
    "jekyll-avatar",
    "jekyll-toc",
    "jekyll-last-modified-at",
    "jekyll-assets",
    "jekyll-sass-converter",
    "jekyll-commonmark",
    "jekyll-commonmark-ghpages",
    "jekyll-katex",
    "jekyll-scholar",
    "jekyll-twitter-plugin",
    "jekyll-youtube",
    "jekyll-analytics",
    "jekyll-spaceship",
    "jekyll-polyglot",
    "jekyll-data",
    "jekyll-github-pages",
    "github-pages",
];

fn string(v: &FmValue) -> Option<String> {
    match v {
        FmValue::String(s) => Some(s.clone()),
        FmValue::Int(i) => Some(i.to_string()),
        FmValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn strings(v: &FmValue) -> Vec<String> {
    match v {
        FmValue::List(items) => items.iter().filter_map(string).collect(),
        FmValue::String(s) => s
            .split([',', ' '])
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn get<'a>(map: &'a [(String, FmValue)], key: &str) -> Option<&'a FmValue> {
    // The last of duplicate keys wins, as with Psych.
    map.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn truthy(v: Option<&FmValue>) -> bool {
    match v {
        Some(FmValue::Bool(b)) => *b,
        Some(FmValue::Int(i)) => *i > 0,
        Some(FmValue::String(s)) => !s.is_empty() && s != "false",
        Some(FmValue::Map(m)) => truthy(get(m, "enabled")),
        _ => false,
    }
}

impl JekyllConfig {
    /// Read `root/_config.yml` (or `.yaml`) and `root/Gemfile`; a missing or unreadable
    /// file (not a regular file, or over 4 MiB) gives Jekyll's defaults.
    pub fn load(root: &Path) -> JekyllConfig {
        // Regular files of a bounded size only: a FIFO `Gemfile` would block the run, and
        // no real configuration is megabytes long.
        let read = |name: &str| {
            crate::util::read_regular(&root.join(name), crate::util::CONFIG_SIZE_LIMIT, true).ok()
        };
        let text = read("_config.yml")
            .or_else(|| read("_config.yaml"))
            .unwrap_or_default();
        let mut config = JekyllConfig::parse(&text);
        if let Some(gemfile) = read("Gemfile") {
            config.read_gemfile(&gemfile);
        }
        config
    }

    /// Parse `_config.yml` text.
    pub fn parse(text: &str) -> JekyllConfig {
        use serde_saphyr::options::DuplicateKeyPolicy;
        let options = serde_saphyr::options! {
            with_snippet: false,
            duplicate_keys: DuplicateKeyPolicy::LastWins,
        };
        let map = match serde_saphyr::from_str_with_options::<FmValue>(text, options) {
            Ok(FmValue::Map(m)) => m,
            _ => Vec::new(),
        };
        let s = |k: &str| get(&map, k).and_then(string);
        let mut c = JekyllConfig {
            permalink: s("permalink"),
            baseurl: s("baseurl"),
            url: s("url"),
            markdown: s("markdown"),
            theme: s("theme"),
            remote_theme: s("remote_theme"),
            lang: s("lang").or_else(|| s("locale")),
            timezone: s("timezone"),
            paginate: get(&map, "paginate").is_some_and(|v| !matches!(v, FmValue::Null)),
            paginate_path: s("paginate_path"),
            include: get(&map, "include").map(strings).unwrap_or_default(),
            exclude: get(&map, "exclude").map(strings).unwrap_or_default(),
            collections_dir: s("collections_dir")
                .map(|d| d.trim_matches('/').to_string())
                .unwrap_or_default(),
            markdown_ext: s("markdown_ext")
                .map(|m| m.split(',').map(|e| e.trim().to_lowercase()).collect())
                .unwrap_or_else(|| {
                    ["markdown", "mkdown", "mkdn", "mkd", "md"]
                        .map(String::from)
                        .to_vec()
                }),
            ..JekyllConfig::default()
        };
        for key in ["plugins", "gems", "whitelist"] {
            if let Some(v) = get(&map, key) {
                c.plugins.extend(strings(v));
            }
        }
        if let Some(FmValue::Map(k)) = get(&map, "kramdown") {
            c.kramdown_input = get(k, "input").and_then(string);
            c.kramdown_id_prefix = get(k, "auto_id_prefix").and_then(string);
        }
        if let Some(FmValue::Map(r)) = get(&map, "redcarpet") {
            c.redcarpet_extensions = get(r, "extensions").map(strings).unwrap_or_default();
        }
        if let Some(FmValue::List(list)) = get(&map, "defaults") {
            for d in list {
                let FmValue::Map(entry) = d else { continue };
                let scope = match get(entry, "scope") {
                    Some(FmValue::Map(s)) => s.clone(),
                    _ => Vec::new(),
                };
                let values = match get(entry, "values") {
                    Some(FmValue::Map(v)) => v.clone(),
                    _ => continue,
                };
                c.defaults.push(DefaultsEntry {
                    path: get(&scope, "path").and_then(string),
                    kind: get(&scope, "type").and_then(string),
                    values,
                });
            }
        }
        match get(&map, "collections") {
            Some(FmValue::List(labels)) => {
                for l in labels.iter().filter_map(string) {
                    c.collections.push(Collection {
                        label: l,
                        output: false,
                        permalink: None,
                    });
                }
            }
            Some(FmValue::Map(entries)) => {
                for (label, v) in entries {
                    let (output, permalink) = match v {
                        FmValue::Map(m) => (
                            truthy(get(m, "output")),
                            get(m, "permalink").and_then(string),
                        ),
                        _ => (false, None),
                    };
                    c.collections.push(Collection {
                        label: label.clone(),
                        output,
                        permalink,
                    });
                }
            }
            _ => {}
        }
        if let Some(FmValue::Map(p)) = get(&map, "pagination") {
            if truthy(get(p, "enabled")) {
                c.pagination_v2 = Some(
                    get(p, "permalink")
                        .and_then(string)
                        .unwrap_or_else(|| "/page/:num/".into()),
                );
            }
        }
        if let Some(FmValue::Map(a)) = get(&map, "jekyll-archives") {
            c.archives = Some(Archives {
                enabled: match get(a, "enabled") {
                    Some(FmValue::String(s)) => vec![s.clone()],
                    Some(v) => strings(v),
                    None => Vec::new(),
                },
                permalinks: match get(a, "permalinks") {
                    Some(FmValue::Map(p)) => p
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), string(v)?)))
                        .collect(),
                    _ => Vec::new(),
                },
            });
        }
        for key in ["tag_archive", "category_archive"] {
            if let Some(FmValue::Map(a)) = get(&map, key) {
                if let Some(p) = get(a, "path").and_then(string) {
                    c.archive_paths.push(p);
                }
            }
        }
        if let Some(FmValue::Map(f)) = get(&map, "feed") {
            c.feed_path = get(f, "path").and_then(string);
        }
        c
    }

    /// Read the Gemfile: the `github-pages` gem, and the gems of the `jekyll_plugins`
    /// group (Jekyll loads those without a `plugins:` entry).
    pub fn read_gemfile(&mut self, gemfile: &str) {
        let mut in_plugins = false;
        for line in gemfile.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.starts_with("group") && line.contains(":jekyll_plugins") {
                in_plugins = true;
                continue;
            }
            if line == "end" {
                in_plugins = false;
                continue;
            }
            let Some(rest) = line.strip_prefix("gem ") else {
                continue;
            };
            let name = rest
                .trim()
                .trim_start_matches(['"', '\''])
                .split(['"', '\''])
                .next()
                .unwrap_or("");
            if name == "github-pages" {
                self.github_pages = true;
            }
            if in_plugins || line.contains(":jekyll_plugins") {
                self.plugins.push(name.to_string());
            }
        }
    }

    /// Is `plugin` on: named by the config or the Gemfile, or a GitHub Pages default?
    pub fn has_plugin(&self, plugin: &str) -> bool {
        self.plugins.iter().any(|p| p == plugin)
            || (self.github_pages && GITHUB_PAGES_DEFAULTS.contains(&plugin))
    }

    /// Plugins named that postlint does not know (they may generate pages).
    pub fn unknown_plugins(&self) -> impl Iterator<Item = &str> {
        self.plugins
            .iter()
            .map(String::as_str)
            .filter(|p| !KNOWN_PLUGINS.contains(p))
    }

    /// Layouts may come from a gem or remote theme, outside the repository.
    pub fn has_theme(&self) -> bool {
        self.theme.is_some() || self.remote_theme.is_some()
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

    /// The converter of Markdown files, lowercase (`kramdown` by default).
    pub fn converter(&self) -> String {
        self.markdown
            .as_deref()
            .unwrap_or("kramdown")
            .to_lowercase()
    }

    /// Does the Markdown converter turn bare URLs into links (redcarpet with `autolink`,
    /// CommonMark with its autolink extension)?
    pub fn autolinks_urls(&self) -> bool {
        match self.converter().as_str() {
            "redcarpet" => self.redcarpet_extensions.iter().any(|e| e == "autolink"),
            "commonmarkghpages" | "commonmark" => true,
            _ => false,
        }
    }

    /// How the converter makes heading ids for this site.
    pub fn id_style(&self) -> IdStyle {
        if self.converter() != "kramdown" {
            // CommonMarkGhPages, redcarpet's with_toc_data and friends make GitHub-style ids.
            return IdStyle::Github;
        }
        match self
            .kramdown_input
            .as_deref()
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("kramdown") => IdStyle::Kramdown,
            _ => IdStyle::KramdownGfm,
        }
    }

    pub fn id_prefix(&self) -> &str {
        self.kramdown_id_prefix.as_deref().unwrap_or("")
    }

    /// Is a file with this extension (no dot) Markdown for Jekyll?
    pub fn is_markdown_ext(&self, ext: &str) -> bool {
        let ext = ext.to_lowercase();
        self.markdown_ext.contains(&ext)
    }

    /// The collection of label `label`, if the site declares it (`posts` always exists).
    pub fn collection(&self, label: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.label == label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_decides_publishing() {
        let c = JekyllConfig::parse(
            "permalink: pretty\ninclude: [_pages, .well-known]\nexclude:\n  - README.md\n  - vendor\ncollections:\n  docs:\n    output: true\n    permalink: /:collection/:path/\n  staff: {}\ncollections_dir: my_collections\nplugins: [jekyll-feed, jekyll-redirect-from]\ndefaults:\n  - scope: {path: '', type: posts}\n    values: {permalink: /blog/:year/:title/, layout: post}\njekyll-archives:\n  enabled: [tags]\n  permalinks: {tag: '/tags/:name/'}\ntag_archive: {type: liquid, path: /tags/}\n",
        );
        assert_eq!(c.permalink.as_deref(), Some("pretty"));
        assert_eq!(c.include, ["_pages", ".well-known"]);
        assert_eq!(c.exclude, ["README.md", "vendor"]);
        assert_eq!(c.collections.len(), 2);
        assert!(c.collections[0].output && !c.collections[1].output);
        assert_eq!(c.collections_dir, "my_collections");
        assert!(c.has_plugin("jekyll-feed") && !c.has_plugin("jekyll-relative-links"));
        assert_eq!(c.defaults[0].kind.as_deref(), Some("posts"));
        let a = c.archives.unwrap();
        assert!(a.on("tag") && !a.on("category"));
        assert_eq!(a.permalink("tag"), "/tags/:name/");
        assert_eq!(c.archive_paths, ["/tags/"]);
    }

    #[test]
    fn a_bad_key_does_not_lose_the_others() {
        let c = JekyllConfig::parse("collections: 7\npermalink: /:title/\nexclude: {a: b}\n");
        assert_eq!(c.permalink.as_deref(), Some("/:title/"));
        assert!(c.collections.is_empty() && c.exclude.is_empty());
        // Duplicate keys: the last wins, as Jekyll reads them.
        let c = JekyllConfig::parse("url: https://a.org\nurl: https://b.org\n");
        assert_eq!(c.url.as_deref(), Some("https://b.org"));
    }

    #[test]
    fn gemfile_github_pages_and_plugin_group() {
        let mut c = JekyllConfig::default();
        c.read_gemfile(
            "source 'https://rubygems.org'\ngem \"github-pages\", group: :jekyll_plugins\ngroup :jekyll_plugins do\n  gem 'jekyll-archives'\nend\ngem 'rake'\n",
        );
        assert!(c.github_pages);
        assert!(c.has_plugin("jekyll-relative-links"));
        assert!(c.has_plugin("jekyll-archives"));
        assert!(!c.has_plugin("rake"));
    }

    #[test]
    fn redcarpet_autolink() {
        let c = JekyllConfig::parse(
            "markdown: redcarpet\nredcarpet:\n  extensions: [tables, autolink]\n",
        );
        assert!(c.autolinks_urls());
        assert!(!JekyllConfig::parse("markdown: kramdown\n").autolinks_urls());
    }
}
