//! Resolve a link destination the way the built site will: Liquid expanded, relative to
//! the linking page's own URL, against the site's posts, pages and static files.

use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use super::jekyll;
use super::jekyll::permalink::{normalize_url, url_keys};
use super::published::first_segment;
use crate::site::{JekyllSite, Site, Target};
use crate::text::distance;

/// What a destination points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Nothing to check offline: an external URL, `mailto:`, Liquid postlint cannot expand.
    External,
    /// A fragment of the linking document itself.
    SelfFragment(String),
    /// A document of the site (index into [`Site::docs`]), maybe with a fragment.
    Doc {
        doc: usize,
        fragment: Option<String>,
    },
    /// A rendered file that is not Markdown (an HTML page or post) of Jekyll site `site`
    /// (index into [`Site::jekyll`]): `page` indexes its `rendered`.
    Rendered {
        site: usize,
        page: usize,
        fragment: Option<String>,
    },
    /// A file that exists (not a parsed document), or a page a plugin makes.
    File,
    /// Somewhere the model cannot tell about: a plugin it does not know may make it, the
    /// site declares the prefix another application's (`[links] external-prefixes`).
    Unknown,
    /// Under a first path segment (`/api/`) nothing of this site is published under:
    /// another application on the same domain, or a section that is gone.
    Outside { prefix: String },
    /// Nothing will be there. `target` says what was looked for (a URL path, a file path,
    /// or a post name); [`Site::closest_target`] finds a hint when one is reported.
    Missing { target: String },
}

static SCHEME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-zA-Z][a-zA-Z0-9+.-]*:").expect("scheme regex"));
static FILTERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{-?\s*["']([^"']*)["']\s*\|\s*(relative_url|absolute_url)\s*-?\}\}"#)
        .expect("url filter regex")
});
static SITE_VAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{-?\s*site\.(baseurl|url)\s*-?\}\}").expect("site var regex"));

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Join a relative path to a base directory URL and normalise `.` and `..`.
fn join_url(base_dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base_dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    let trailing = rel.ends_with('/')
        || rel.ends_with("/.")
        || rel.ends_with("/..")
        || rel == "."
        || rel == "..";
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The last path segment of a URL or path (`/a/b.html` → `b.html`).
fn last_segment(s: &str) -> &str {
    s.trim_end_matches('/').rsplit('/').next().unwrap_or("")
}

/// What [`closest`] compares of a candidate's last segment before its edit distance: its
/// bigrams and letters. An index of candidates ([`super::suggest::Suggester`]) computes
/// them once per candidate rather than once per dead link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Features {
    bigrams: u64,
    letters: [u8; 32],
}

impl Features {
    pub fn of(candidate: &str) -> Features {
        let l = last_segment(candidate);
        Features {
            bigrams: bigrams(l),
            letters: letters(l),
        }
    }
}

/// The candidate whose last path segment is nearest to the target's (a near miss only: up to
/// a third of its length, at most 3 edits). Every page of the site is a candidate, so each
/// is first ruled out cheaply: by length, then by bigrams (one edit loses at most three of
/// the target's bigrams), before the edit distance is computed.
fn closest<'a>(
    target: &str,
    candidates: impl Iterator<Item = (&'a str, Features)>,
) -> Option<String> {
    let t = last_segment(target);
    let max = (t.chars().count() / 3).clamp(1, 3);
    let t_bigrams = bigrams(t);
    let t_letters = letters(t);
    let mut best: Option<(usize, &str)> = None;
    for (c, f) in candidates {
        #[cfg(test)]
        COMPARED.with(|n| n.set(n.get() + 1));
        let l = last_segment(c);
        // A character is at most four bytes.
        if l.len().abs_diff(t.len()) > 4 * max {
            continue;
        }
        let lost = (t_bigrams & !f.bigrams)
            .count_ones()
            .max((f.bigrams & !t_bigrams).count_ones());
        if lost as usize > 3 * max || letters_apart(&t_letters, &f.letters) > 2 * max {
            continue;
        }
        if let Some(d) = distance::osa(t, l, max) {
            if best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
thread_local! {
    /// Candidates `closest` looked at, for the test that holds suggestions linear.
    pub(crate) static COMPARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Names read from folders outside a Jekyll site, for the same test there.
    pub(crate) static LISTED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How often each byte occurs in `s`, folded into 32 bins.
fn letters(s: &str) -> [u8; 32] {
    let mut h = [0u8; 32];
    for b in s.bytes() {
        let bin = &mut h[usize::from(b % 32)];
        *bin = bin.saturating_add(1);
    }
    h
}

/// The L1 distance of two byte histograms: an edit changes it by at most 2 (folding bins
/// only makes it smaller), so it is at most twice the edit distance.
fn letters_apart(t: &[u8; 32], h: &[u8; 32]) -> usize {
    t.iter()
        .zip(h)
        .map(|(a, b)| usize::from(a.abs_diff(*b)))
        .sum()
}

/// The set of byte bigrams of `s`, hashed into 64 buckets. Collisions only make the
/// difference of two sets smaller, so it stays a lower bound.
fn bigrams(s: &str) -> u64 {
    s.as_bytes().windows(2).fold(0, |acc, w| {
        let h = (u32::from(w[0]) * 31 + u32::from(w[1])).wrapping_mul(0x9e37_79b9) >> 26;
        acc | 1 << h
    })
}

/// A destination made of the Liquid tag `name` and what follows it: `{% post_url x %}#y`
/// gives `("x", "#y")`. Exactly what `^\{%-?\s*NAME\s+(\S+?)\s*-?%\}(.*)$` captures (the
/// tests hold that regex as the reference), without running a backtracking regex per link.
fn liquid_tag<'a>(dest: &'a str, name: &str) -> Option<(&'a str, &'a str)> {
    let s = dest.strip_prefix("{%")?;
    let s = s.strip_prefix('-').unwrap_or(s);
    let after_name = s.trim_start().strip_prefix(name)?;
    let arg = after_name.trim_start();
    if arg.len() == after_name.len() {
        return None;
    }
    // The shortest run of non-space characters that the tag's end can follow.
    let ends = arg
        .char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain([arg.len()]);
    for i in ends {
        let close = arg[i..].trim_start();
        let close = close.strip_prefix('-').unwrap_or(close);
        if let Some(rest) = close.strip_prefix("%}").filter(|rest| !rest.contains('\n')) {
            return Some((&arg[..i], rest));
        }
        if arg[i..].starts_with(char::is_whitespace) {
            // The argument cannot reach past white space: no later end will do.
            return None;
        }
    }
    None
}

impl Site {
    /// What `target` of Jekyll site `j` is, with `fragment`.
    fn resolved(&self, j: usize, target: Target, fragment: Option<String>) -> Resolved {
        match target {
            Target::Doc(doc) => Resolved::Doc { doc, fragment },
            Target::Rendered(page) => Resolved::Rendered {
                site: j,
                page,
                fragment,
            },
            Target::Generated => Resolved::File,
        }
    }

    /// Resolve `dest`, written in document `from` (an index into [`Site::docs`]).
    pub fn resolve(&self, from: usize, dest: &str) -> Resolved {
        let dest = dest.trim();
        let info = &self.docs[from];
        let site = info.jekyll.map(|j| &self.jekyll[j]);
        // `{% post_url name %}` and `{% link path %}`.
        // Both tag patterns start with `{%`, the output patterns below with `{{`: most
        // destinations have neither and skip the searches.
        let tag = dest.starts_with("{%");
        if let Some((arg, rest)) = tag.then(|| liquid_tag(dest, "post_url")).flatten() {
            let Some(site) = site else {
                return Resolved::External;
            };
            let name = arg.rsplit('/').next().unwrap_or(arg).to_string();
            let fragment = rest.strip_prefix('#').map(str::to_string);
            let j = info.jekyll.unwrap_or(0);
            return match site.posts.get(&name) {
                Some(&t) => self.resolved(j, t, fragment),
                None => Resolved::Missing {
                    target: format!("post `{name}`"),
                },
            };
        }
        if let Some((arg, rest)) = tag.then(|| liquid_tag(dest, "link")).flatten() {
            let Some(site) = site else {
                return Resolved::External;
            };
            let rel = arg.to_string();
            let path = site.root.join(&rel);
            let fragment = rest.strip_prefix('#').map(str::to_string);
            return match self.doc_by_path(&path) {
                Some(doc) => Resolved::Doc { doc, fragment },
                None if path.is_file() => Resolved::File,
                None => Resolved::Missing {
                    target: format!("file `{rel}`"),
                },
            };
        }
        // Copied only when Liquid output is filled in.
        let mut dest = std::borrow::Cow::Borrowed(dest);
        if let Some(site) = site.filter(|_| dest.contains("{{")) {
            let base = site.config.baseurl();
            let url = site
                .config
                .url
                .as_deref()
                .unwrap_or("")
                .trim_end_matches('/')
                .to_string();
            let filled = FILTERED
                .replace_all(&dest, |c: &regex::Captures| {
                    let p = normalize_url(&c[1]);
                    if &c[2] == "absolute_url" {
                        format!("{url}{base}{p}")
                    } else {
                        format!("{base}{p}")
                    }
                })
                .into_owned();
            dest = SITE_VAR
                .replace_all(&filled, |c: &regex::Captures| {
                    if &c[1] == "baseurl" {
                        base.clone()
                    } else {
                        url.clone()
                    }
                })
                .into_owned()
                .into();
        }
        if dest.contains("{{") || dest.contains("{%") {
            return Resolved::External;
        }
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (&*dest, None),
        };
        let mut path = path_part.split('?').next().unwrap_or("");
        if SCHEME.is_match(path) || path.starts_with("//") {
            // An absolute URL to the site itself is checked like a site path.
            match site.and_then(|s| own_path(s.config.url.as_deref()?, path)) {
                Some(p) => path = p,
                None => return Resolved::External,
            }
            if path.is_empty() {
                path = "/";
            }
        }
        if path.is_empty() {
            return match fragment {
                Some(f) if !f.is_empty() => Resolved::SelfFragment(percent_decode(f)),
                _ => Resolved::External,
            };
        }
        let path = percent_decode(path);
        let fragment = fragment.filter(|f| !f.is_empty()).map(percent_decode);
        match site {
            // A file Jekyll does not render (a README read on GitHub, an excluded folder)
            // links as the repository's files do.
            Some(site) if info.published => self.resolve_in_site(site, from, &path, fragment),
            _ => self.resolve_on_disk(from, &path, fragment),
        }
    }

    fn resolve_in_site(
        &self,
        site: &JekyllSite,
        from: usize,
        path: &str,
        fragment: Option<String>,
    ) -> Resolved {
        let info = &self.docs[from];
        let j = info.jekyll.unwrap_or(0);
        // A link to a Markdown source (jekyll-relative-links on GitHub Pages rewrites it to
        // the page's URL; editors follow it too): relative to this file, or from the root.
        if let Some(r) = self.markdown_source(site, info, path, fragment.clone()) {
            return r;
        }
        let base_dir = match &info.url {
            Some(u) => u[..u.rfind('/').map_or(0, |i| i + 1)].to_string(),
            None => match info
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .and_then(|d| d.strip_prefix(&site.root).ok())
            {
                Some(rel) => format!("/{}/", rel.to_string_lossy()),
                None => "/".into(),
            },
        };
        let mut url = join_url(&base_dir, path);
        let base = site.config.baseurl();
        if !base.is_empty() {
            if let Some(rest) = url.strip_prefix(&base) {
                if rest.is_empty() || rest.starts_with('/') {
                    url = if rest.is_empty() {
                        "/".into()
                    } else {
                        rest.to_string()
                    };
                }
            }
        }
        for key in url_keys(&url) {
            if let Some(&t) = site.urls.get(&key) {
                return self.resolved(j, t, fragment);
            }
        }
        if site.static_files.contains(&url) || jekyll::source_of(&site.root, &url).is_dir() {
            return Resolved::File;
        }
        if site.is_numbered(&url) || site.is_open(&url) {
            return Resolved::Unknown;
        }
        // A folder of published pages (`/news/2019/`) may be a listing that a plugin the
        // model does not know makes.
        if site.unknown_generators {
            let dir = if url.ends_with('/') {
                url.clone()
            } else {
                format!("{url}/")
            };
            if site.content_dirs.contains(&dir) {
                return Resolved::Unknown;
            }
        }
        let segment = first_segment(&url);
        let a_year = segment.len() == 4 && segment.bytes().all(|b| b.is_ascii_digit());
        let posts_area = a_year && site.config.posts_start_with_year();
        // Another application's prefix is linked from the root; a relative link that
        // lands outside (`[site](cocoapods.org)`) or a path that starts with a scheme
        // (`/https://…`) is a slip in this post.
        let slip = !path.starts_with('/') || segment.ends_with(':');
        if !segment.is_empty() && !site.top_segments.contains(segment) && !posts_area && !slip {
            // A segment a letter from a page or folder the site does publish
            // (`/philosphy` beside `/philosophy/`) is a slip in this post, not another
            // application's prefix.
            if segment.chars().count() >= 5 && self.near_a_published_segment(from, &url, segment) {
                return Resolved::Missing { target: url };
            }
            // A folder (`/api/`), or a single file at the top (`/install.sh`).
            let folder = url.trim_start_matches('/').contains('/');
            return Resolved::Outside {
                prefix: format!("/{segment}{}", if folder { "/" } else { "" }),
            };
        }
        Resolved::Missing { target: url }
    }

    /// Is the site's nearest published URL to `url` under a first segment one edit from
    /// `segment` (two from a name of ten letters or more; extensions aside)?
    fn near_a_published_segment(&self, from: usize, url: &str, segment: &str) -> bool {
        let Some(near) = self.closest_target(from, url) else {
            return false;
        };
        let theirs = first_segment(&near);
        let stem = |s: &str| -> String {
            let s = s.rsplit_once('.').map_or(s, |(stem, _)| stem);
            s.to_lowercase()
        };
        let (mine, theirs) = (stem(segment), stem(theirs));
        // One edit, two in long names: `/sssurvey/` is another application than the
        // site's `/survey`.
        let max = if mine.chars().count() >= 10 { 2 } else { 1 };
        mine != theirs
            && !theirs.is_empty()
            && crate::text::distance::osa(&mine, &theirs, max).is_some()
    }

    /// `path` names a Markdown source file of the site (`../_posts/2020-01-01-a.md`,
    /// `/_pages/team.md`): the document, when it is one, or the file.
    fn markdown_source(
        &self,
        site: &JekyllSite,
        info: &super::DocInfo,
        path: &str,
        fragment: Option<String>,
    ) -> Option<Resolved> {
        let ext = path.rsplit_once('.').map(|(_, e)| e)?;
        if !site.config.is_markdown_ext(ext) {
            return None;
        }
        let on_disk = if let Some(abs) = path.strip_prefix('/') {
            site.root.join(abs)
        } else {
            info.path.as_ref()?.parent()?.join(path)
        };
        let on_disk = super::normalize(&on_disk);
        match self.doc_by_path(&on_disk) {
            Some(doc) => Some(Resolved::Doc { doc, fragment }),
            None if on_disk.is_file() => Some(Resolved::File),
            None => None,
        }
    }

    /// The existing page, post or file closest to a missing `target` of document `from`.
    pub fn closest_target(&self, from: usize, target: &str) -> Option<String> {
        let info = &self.docs[from];
        match info.jekyll.map(|j| &self.jekyll[j]) {
            Some(site) => {
                let near = |t: &str, c: &mut dyn Iterator<Item = (&str, Features)>| closest(t, c);
                if let Some(name) = target
                    .strip_prefix("post `")
                    .and_then(|t| t.strip_suffix('`'))
                {
                    let index = site.suggest_posts.get_or_init(|| {
                        super::suggest::Suggester::new(site.posts.keys().map(String::as_str))
                    });
                    return index.suggest(name, near);
                }
                let index = site.suggest_urls.get_or_init(|| {
                    let candidates = site
                        .urls
                        .keys()
                        .filter(|k| !k.ends_with('/') || k.len() == 1)
                        .map(String::as_str)
                        .chain(site.static_files.iter().map(String::as_str));
                    super::suggest::Suggester::new(candidates)
                });
                index.suggest(target, near)
            }
            None => {
                let dir = info.path.as_ref()?.parent()?;
                let target_path = dir.join(target);
                let folder = target_path.parent().unwrap_or(dir);
                // Only a folder of the checked tree is listed for a hint.
                if !self.in_checked_tree(from, folder) {
                    return None;
                }
                // Each folder is listed once, not once per missing file in it.
                let cached = self.folders.lock().ok()?.get(folder).cloned();
                let index = match cached {
                    Some(index) => index,
                    None => {
                        let index = std::fs::read_dir(folder).ok().map(|entries| {
                            let names: Vec<String> = entries
                                .flatten()
                                .map(|e| e.file_name().to_string_lossy().into_owned())
                                .collect();
                            #[cfg(test)]
                            LISTED.with(|n| n.set(n.get() + names.len()));
                            std::sync::Arc::new(super::suggest::Suggester::new(
                                names.iter().map(String::as_str),
                            ))
                        });
                        self.folders
                            .lock()
                            .ok()?
                            .insert(folder.to_path_buf(), index.clone());
                        index
                    }
                }?;
                index.suggest(target, |t, c| closest(t, c))
            }
        }
    }

    fn resolve_on_disk(&self, from: usize, path: &str, fragment: Option<String>) -> Resolved {
        let Some(dir) = self.docs[from].path.as_ref().and_then(|p| p.parent()) else {
            return Resolved::External;
        };
        if path.starts_with('/') {
            // Without a site root, a site-absolute path cannot be checked.
            return Resolved::External;
        }
        let target: PathBuf = dir.join(path);
        if let Some(doc) = self.doc_by_path(&super::normalize(&target)) {
            return Resolved::Doc { doc, fragment };
        }
        // Outside the checked tree nothing is looked up: no finding whether or not the
        // file exists (a post must not learn, or reveal, what is there).
        if !self.in_checked_tree(from, &target) {
            return Resolved::Unknown;
        }
        if target.exists() {
            return Resolved::File;
        }
        Resolved::Missing {
            target: path.to_string(),
        }
    }
}

/// The path of `url` when it is an address of the site at `own` (`url:` of the config),
/// whatever its scheme or `www.`: `https://www.example.org/a/` → `/a/`.
fn own_path<'a>(own: &str, url: &'a str) -> Option<&'a str> {
    let host = |u: &str| {
        let u = u.split_once("//").map_or(u, |(_, rest)| rest);
        let end = u.find('/').unwrap_or(u.len());
        (
            u[..end].trim_start_matches("www.").to_ascii_lowercase(),
            end,
        )
    };
    let (own_host, _) = host(own.trim_end_matches('/'));
    if own_host.is_empty() {
        return None;
    }
    let after_scheme = url.split_once("//").map_or(url, |(_, rest)| rest);
    let (h, end) = host(url);
    (h == own_host).then(|| &after_scheme[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquid_tags_are_read_as_their_regex_reads_them() {
        let reference =
            |name: &str| Regex::new(&format!(r"^\{{%-?\s*{name}\s+(\S+?)\s*-?%\}}(.*)$")).unwrap();
        let pieces = [
            "{%",
            "{%-",
            "%}",
            "-%}",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{a0}",
            "post_url",
            "link",
            "-",
            "%",
            "}",
            "{",
            "a",
            "2020-01-01-x",
            "#frag",
            "é",
            "/",
        ];
        let mut rng = crate::test_rng::Rng(0x5eed_1a9d);
        let mut matched = 0;
        for name in ["post_url", "link"] {
            let re = reference(name);
            for _ in 0..30_000 {
                let n = 1 + rng.below(9);
                let mut s = String::new();
                if rng.chance(70) {
                    s.push_str(rng.pick(&["{% ", "{%- ", "{%"]));
                    s.push_str(name);
                }
                for _ in 0..n {
                    s.push_str(rng.pick(&pieces));
                }
                let expected = re
                    .captures(&s)
                    .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
                assert_eq!(liquid_tag(&s, name), expected, "{s:?}");
                matched += usize::from(expected.is_some());
            }
        }
        assert!(matched > 2_000, "too few generated tags match: {matched}");
        assert_eq!(
            liquid_tag("{% post_url 2020-01-01-x %}#a", "post_url"),
            Some(("2020-01-01-x", "#a"))
        );
    }

    #[test]
    fn joins_relative_urls() {
        assert_eq!(
            join_url("/2021/03/01/", "../../../2020/04/28/dask-summit.html"),
            "/2020/04/28/dask-summit.html"
        );
        assert_eq!(join_url("/a/b/", "c"), "/a/b/c");
        assert_eq!(join_url("/a/b/", "/x/"), "/x/");
        assert_eq!(join_url("/a/", "../../.."), "/");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
    }

    /// "Did you mean" costs the same per dead link whatever the size of the site: at 4x the
    /// posts (each with a dead link, all in one folder), 4x the comparisons, not 16x.
    #[test]
    fn suggestions_stay_linear_in_the_site() {
        fn compared(posts: usize) -> usize {
            let dir = std::env::temp_dir()
                .join(format!("postlint-suggest-{}-{posts}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("_posts")).unwrap();
            std::fs::write(dir.join("_config.yml"), "permalink: /blog/:title/\n").unwrap();
            let files: Vec<crate::source::SourceFile> = (0..posts)
                .map(|i| {
                    let path = dir.join(format!("_posts/2020-01-01-talk-number-{i}.md"));
                    let text = format!("---\ntitle: T\n---\n[x](/blog/talk-nmber-{i}/)\n");
                    std::fs::write(&path, &text).unwrap();
                    crate::source::SourceFile::new("p", Some(path), text)
                })
                .collect();
            let docs: Vec<crate::document::Document> =
                files.iter().map(crate::document::Document::parse).collect();
            let refs: Vec<&crate::document::Document> = docs.iter().collect();
            let site = Site::build(&refs, crate::site::Needs::URLS, &vec![None; posts]);
            COMPARED.with(|n| n.set(0));
            for i in 0..posts {
                let target = format!("/blog/talk-nmber-{i}/");
                assert!(matches!(site.resolve(i, &target), Resolved::Missing { .. }));
                site.closest_target(i, &target);
            }
            let _ = std::fs::remove_dir_all(&dir);
            COMPARED.with(|n| n.get())
        }
        let (small, large) = (compared(600), compared(2_400));
        assert!(large <= small * 5, "{small} -> {large}");
    }

    /// Outside a Jekyll site, the folder of missing files is listed once, not once per
    /// missing file, and each suggestion compares a bounded number of its names: at 4x the
    /// files and dead images, about 4x the work, not 16x.
    #[test]
    fn suggestions_outside_a_site_list_each_folder_once() {
        fn work(images: usize) -> (usize, usize) {
            let dir = std::env::temp_dir()
                .join(format!("postlint-folder-{}-{images}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            for i in 0..images {
                std::fs::write(dir.join(format!("img{i}.png")), "").unwrap();
            }
            let path = dir.join("post.md");
            let file = crate::source::SourceFile::new("post.md", Some(path), String::new());
            let doc = crate::document::Document::parse(&file);
            let site = Site::build(&[&doc], crate::site::Needs::URLS, &[None]);
            COMPARED.with(|n| n.set(0));
            LISTED.with(|n| n.set(0));
            for i in 0..images {
                let target = format!("img{i}x.png");
                assert!(matches!(site.resolve(0, &target), Resolved::Missing { .. }));
                let found = site.closest_target(0, &target);
                if i == 0 {
                    assert_eq!(found.as_deref(), Some("img0.png"));
                }
            }
            let _ = std::fs::remove_dir_all(&dir);
            (COMPARED.with(|n| n.get()), LISTED.with(|n| n.get()))
        }
        let (small, large) = (work(600), work(2_400));
        assert!(large.0 <= small.0 * 5, "compared: {small:?} -> {large:?}");
        assert!(large.1 <= small.1 * 5, "listed: {small:?} -> {large:?}");
    }
}
