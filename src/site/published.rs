//! Every URL a Jekyll site publishes: its documents' and rendered files', and those its
//! plugins make (redirects, archives, the feed, the sitemap, pagination).

use super::jekyll::permalink::{fill, normalize_url, slugify, url_keys, Fields};
use super::jekyll::Output;
use super::{JekyllSite, Target};

impl JekyllSite {
    /// Record that `url` (in every form it is served under) leads to `target`; an earlier
    /// target of the same URL stays.
    pub(crate) fn add(&mut self, url: &str, target: Target) {
        for k in url_keys(url) {
            self.urls.entry(k).or_insert(target);
        }
    }

    /// Publish the parsed documents' outputs, then the rendered files', then what plugins
    /// make of them all.
    pub(crate) fn publish(&mut self, docs: Vec<(Target, Output)>) {
        let rendered: Vec<(Target, Output)> = self
            .rendered
            .iter()
            .enumerate()
            .map(|(i, r)| (Target::Rendered(i), r.output.clone()))
            .collect();
        let redirects = self.config.has_plugin("jekyll-redirect-from");
        let mut tags: Vec<String> = Vec::new();
        let mut categories: Vec<String> = Vec::new();
        let mut days = Vec::new();
        for (target, out) in docs.iter().chain(&rendered) {
            for u in &out.urls {
                self.add(u, *target);
            }
            if let Some(name) = &out.post_name {
                self.posts.entry(name.clone()).or_insert(*target);
                tags.extend(out.tags.iter().cloned());
                categories.extend(out.categories.iter().cloned());
                days.extend(out.day);
            }
            if redirects {
                for r in &out.redirects {
                    self.add(r, Target::Generated);
                }
            }
            if let Some(prefix) = out.uncertain.as_ref().filter(|p| p.len() > 1) {
                self.open_prefixes.push(prefix.clone());
            }
        }
        self.publish_plugins(&mut tags, &mut categories, &mut days);
        // What is published under which first segment and folder.
        let keys: Vec<String> = self
            .urls
            .keys()
            .chain(&self.static_files)
            .cloned()
            .collect();
        for k in keys {
            // A segment counts once something is published under it as a folder: the
            // page `/docs.html` (also served as `/docs`) says nothing of `/docs/v1.1/`.
            if k.trim_start_matches('/').contains('/') {
                self.top_segments.insert(first_segment(&k).to_string());
            }
            let mut dir = k.as_str();
            // The folder above `dir` (a trailing `/` is `dir`'s own); never slice inside a
            // character (`/2020/café`).
            while let Some(i) = dir.strip_suffix('/').unwrap_or(dir).rfind('/') {
                dir = &dir[..=i];
                if !self.content_dirs.insert(dir.to_string()) {
                    break;
                }
            }
        }
        self.open_prefixes.sort();
        self.open_prefixes.dedup();
    }

    fn publish_plugins(
        &mut self,
        tags: &mut Vec<String>,
        categories: &mut Vec<String>,
        days: &mut Vec<super::jekyll::permalink::Day>,
    ) {
        let config = &self.config;
        let mut made: Vec<String> = Vec::new();
        if config.has_plugin("jekyll-feed") {
            made.push(
                config
                    .feed_path
                    .clone()
                    .unwrap_or_else(|| "/feed.xml".into()),
            );
        }
        if config.has_plugin("jekyll-sitemap") {
            made.push("/sitemap.xml".into());
            made.push("/robots.txt".into());
        }
        let mut numbered = Vec::new();
        if config.paginate && config.has_plugin("jekyll-paginate") {
            let path = config.paginate_path.as_deref().unwrap_or("/page:num/");
            numbered.push(split_num(path));
        }
        if let Some(p) = &config.pagination_v2 {
            // jekyll-paginate-v2 pages any page that asks: its permalink under any folder.
            let (start, end) = split_num(p);
            numbered.push((format!("*{start}"), end));
        }
        if let Some(a) = config
            .archives
            .as_ref()
            .filter(|_| config.has_plugin("jekyll-archives"))
        {
            tags.sort();
            tags.dedup();
            categories.sort();
            categories.dedup();
            days.sort();
            days.dedup();
            for (kind, names) in [("tag", &*tags), ("category", &*categories)] {
                if !a.on(kind) {
                    continue;
                }
                let template = a.permalink(kind);
                for name in names {
                    // jekyll-archives slugifies the name (its `pretty` mode keeps more
                    // characters than the default; both are accepted).
                    for slug in [slugify(name), name.to_lowercase().replace(' ', "-")] {
                        made.push(normalize_url(&template.replace(":name", &slug)));
                    }
                }
            }
            for kind in ["year", "month", "day"] {
                if !a.on(kind) {
                    continue;
                }
                let template = a.permalink(kind);
                for d in days.iter() {
                    let fields = Fields {
                        day: Some(*d),
                        ..Fields::default()
                    };
                    made.extend(fill(&template, &fields));
                }
            }
        }
        for p in &config.archive_paths {
            // A theme's archive page (minimal mistakes' `tag_archive`): the page itself is a
            // page of the site; its entries are fragments Liquid makes.
            made.push(normalize_url(p));
        }
        for m in made {
            self.add(&m, Target::Generated);
        }
        self.numbered.extend(numbered);
    }

    /// Is `url` a numbered page (pagination) of this site?
    pub fn is_numbered(&self, url: &str) -> bool {
        let url = url.strip_suffix("index.html").unwrap_or(url);
        self.numbered.iter().any(|(start, end)| {
            let (anywhere, start) = match start.strip_prefix('*') {
                Some(s) => (true, s),
                None => (false, start.as_str()),
            };
            let candidates: Vec<usize> = if anywhere {
                url.match_indices(start).map(|(i, _)| i).collect()
            } else {
                url.starts_with(start).then_some(0).into_iter().collect()
            };
            candidates.into_iter().any(|i| {
                let rest = &url[i + start.len()..];
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                let tail = &rest[digits..];
                digits > 0 && tail.trim_end_matches('/') == end.trim_end_matches('/')
            })
        })
    }

    /// Is `url` under a prefix whose contents the model cannot tell?
    pub fn is_open(&self, url: &str) -> bool {
        self.open_prefixes
            .iter()
            .any(|p| p.len() > 1 && url.starts_with(p.as_str()))
    }
}

/// `/page:num/` → (`/page`, `/`).
fn split_num(template: &str) -> (String, String) {
    let t = normalize_url(template);
    match t.split_once(":num") {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (t, String::new()),
    }
}

/// The first segment of a URL path (`blog` of `/blog/x/` and of `/blog`, `install.sh` of
/// `/install.sh`); `""` for a page at the root (`/about.html`), which is this site's
/// own ground.
pub fn first_segment(url: &str) -> &str {
    let u = url.trim_start_matches('/');
    match u.find('/') {
        Some(i) => &u[..i],
        None if u.ends_with(".html") || u.ends_with(".htm") => "",
        None => u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_segments() {
        assert_eq!(first_segment("/blog/a/"), "blog");
        assert_eq!(first_segment("/feed.xml"), "feed.xml");
        assert_eq!(first_segment("/about.html"), "");
        assert_eq!(first_segment("/pando-python"), "pando-python");
        assert_eq!(first_segment("/"), "");
    }

    #[test]
    fn numbered_pages() {
        assert_eq!(
            split_num("/blog/page:num/"),
            ("/blog/page".into(), "/".into())
        );
        let mut js = JekyllSite::for_tests();
        js.numbered.push(split_num("/page:num/"));
        assert!(js.is_numbered("/page2/") && js.is_numbered("/page12/index.html"));
        assert!(!js.is_numbered("/page/") && !js.is_numbered("/pages2/"));
        js.numbered.push(("*/page/".into(), "/".into()));
        assert!(js.is_numbered("/blog/page/3/"));
    }
}
