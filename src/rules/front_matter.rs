//! Pack kind `front-matter` (the default `front-matter` rule): a schema for front matter,
//! plus the checks Jekyll itself implies.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::front_matter::{file_name_date, is_readable_date, valid_ymd, written_day};
use crate::document::{Document, FmEntry, FmValue};
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks each post's front matter against a schema, declared in a rule pack
    /// (`rules/front-matter.yml` holds the defaults) or in `postlint.toml` under `[front-matter]`
    /// (which replaces the default; `postlint init` writes one from your posts):
    /// - `required` keys (after merging `_config.yml`'s `defaults:`, so a key the defaults give is
    ///   never missing), and `one_of` groups (at least one key of each group);
    /// - `types` per key: `string`, `non-empty-string`, `list-of-strings`, `date` and `date-time`
    ///   (both as Jekyll reads a date: `2020-04-28`, `2020-04-28 10:00:00 -0500`, and hand-written
    ///   forms such as `February 21, 2017`; not `TBD` or `2020-13-01`), `boolean`, `number`, or a
    ///   list of these;
    /// - `values` per key: an `enum` of allowed values or a `pattern` (regex), checked on strings
    ///   and on each item of a list;
    /// - `non_empty` keys (`tags: []` is reported).
    ///
    /// And what Jekyll implies, inside a Jekyll site:
    /// - a file under `_posts/` named like a post (`2020-04-28-title.md`) without front
    ///   matter (Jekyll does not render it as a post);
    /// - `layout` naming no file in `_layouts/` (when that folder exists and no `theme` is set);
    /// - a file name whose date is no day of the calendar (`2022-06-31-recap.md`);
    /// - a `date` that names another day than the file name (`2020-04-28-...`), ISO or
    ///   written by hand (`April 29, 2020`), where every other post of the site that has
    ///   both keeps the two in step (at least 3 of them).
    ///
    /// ## Why is this bad?
    /// A post without a title or with a misnamed layout renders wrong or not at all; a date that
    /// disagrees with the file name moves the post to another URL than the one people link to.
    ///
    /// ## Example
    /// ```yaml
    /// ---
    /// layout: postt
    /// date: 2020-04-29
    /// tags: []
    /// ---
    /// ```
    ///
    /// ## Not flagged
    /// - a key with no value (`tags:`) that is not required: Jekyll reads it as absent (see
    ///   `front-matter-consistency` for keys the other posts fill in);
    /// - dates in any form Ruby's `Time.parse` may read (any digit or English month or weekday
    ///   name); a `date` that disagrees with the file name on a site whose posts often do
    ///   (the file is named when the draft starts, `date` set on publishing day);
    /// - keys the schema does not mention (see `front-matter-consistency` for site conventions);
    /// - pages, when the schema `applies_to: posts` (the default);
    /// - layouts when the site uses a gem or remote theme (they live outside the repository),
    ///   and the layout of a page that says `published: false` (it is never built).
    ///
    /// ## Fix
    /// None.
    pub static KIND = {
        kind: "front-matter",
        summary: "front matter that breaks the schema or what Jekyll expects",
        severity: Severity::Error,
        fix: FixAvailability::Never,
        needs: Needs::FM_STATS,
    }
}

fn default_applies() -> String {
    "posts".into()
}

/// A type, or a list of accepted types.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TypeSpec {
    One(String),
    Any(Vec<String>),
}

impl TypeSpec {
    fn names(&self) -> Vec<&str> {
        match self {
            TypeSpec::One(t) => vec![t.as_str()],
            TypeSpec::Any(ts) => ts.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSpec {
    #[serde(default, rename = "enum")]
    pub allowed: Vec<String>,
    #[serde(default)]
    pub pattern: Option<String>,
}

/// The `front-matter` kind's data (also `[front-matter]` in `postlint.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatterSpec {
    #[serde(default = "default_name")]
    pub name: String,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub summary: Option<String>,
    /// `posts`, `pages` or `all`.
    #[serde(default = "default_applies")]
    pub applies_to: String,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub one_of: Vec<Vec<String>>,
    #[serde(default)]
    pub types: BTreeMap<String, TypeSpec>,
    #[serde(default)]
    pub values: BTreeMap<String, ValueSpec>,
    #[serde(default)]
    pub non_empty: Vec<String>,
}

fn default_name() -> String {
    "front-matter".into()
}

pub const TYPES: &[&str] = &[
    "string",
    "non-empty-string",
    "list-of-strings",
    "date",
    "date-time",
    "boolean",
    "number",
    "list",
    "map",
];

pub struct FrontMatter {
    meta: RuleMeta,
    spec: FrontMatterSpec,
    values: BTreeMap<String, (Vec<String>, Option<Regex>)>,
}

crate::pack_definition!(FrontMatterSpec);

impl FrontMatterSpec {
    pub fn compile(self, origin: &str) -> Result<FrontMatter, String> {
        for (key, t) in &self.types {
            for name in t.names() {
                if !TYPES.contains(&name) {
                    return Err(format!(
                        "unknown type `{name}` for `{key}` (one of: {})",
                        TYPES.join(", ")
                    ));
                }
            }
        }
        if !["posts", "pages", "all"].contains(&self.applies_to.as_str()) {
            return Err(format!(
                "`applies_to` is `posts`, `pages` or `all`, not `{}`",
                self.applies_to
            ));
        }
        let mut values = BTreeMap::new();
        for (key, v) in &self.values {
            let re = match &v.pattern {
                Some(p) => {
                    Some(Regex::new(p).map_err(|e| format!("invalid pattern for `{key}`: {e}"))?)
                }
                None => None,
            };
            values.insert(key.clone(), (v.allowed.clone(), re));
        }
        Ok(FrontMatter {
            meta: KIND.entry(self.definition(), origin),
            spec: self,
            values,
        })
    }
}

/// Does `value` have type `name`?
pub fn has_type(value: &FmValue, name: &str) -> bool {
    match name {
        "string" => matches!(value, FmValue::String(_)),
        "non-empty-string" => matches!(value, FmValue::String(s) if !s.trim().is_empty()),
        "list-of-strings" => {
            matches!(value, FmValue::List(items) if items.iter().all(|i| matches!(i, FmValue::String(_) | FmValue::Int(_))))
        }
        "list" => matches!(value, FmValue::List(_)),
        "map" => matches!(value, FmValue::Map(_)),
        // Both as Jekyll reads them: a `date` may carry a time, and hand-written dates
        // (`February 21, 2017`) are as good as ISO ones.
        "date" | "date-time" => matches!(value, FmValue::String(s) if is_readable_date(s)),
        "boolean" => matches!(value, FmValue::Bool(_)),
        "number" => matches!(value, FmValue::Int(_) | FmValue::Float(_)),
        _ => false,
    }
}

fn describe(value: &FmValue) -> String {
    match value {
        FmValue::String(s) if s.trim().is_empty() => "an empty string".into(),
        FmValue::String(_) => "a string".into(),
        FmValue::List(l) if l.is_empty() => "an empty list".into(),
        FmValue::List(_) => "a list".into(),
        FmValue::Map(_) => "a mapping".into(),
        FmValue::Bool(_) => "a boolean".into(),
        FmValue::Int(_) | FmValue::Float(_) => "a number".into(),
        FmValue::Null => "empty (null)".into(),
    }
}

impl Rule for FrontMatter {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let info = ctx.doc.map(|i| &ctx.site.docs[i]);
        let is_post = info.is_some_and(|i| i.is_post && i.jekyll.is_some());
        let in_posts = info.is_some_and(|i| {
            i.rel
                .as_ref()
                .is_some_and(|r| r.components().any(|c| c.as_os_str() == "_posts"))
        });
        // A post under _posts/ must have front matter at all; a file there whose name has
        // no date is no post to Jekyll (an include, a template) and is left alone.
        let dated_name = doc
            .source
            .path
            .as_ref()
            .and_then(|p| p.file_stem())
            .and_then(|s| s.to_str())
            .is_some_and(|s| file_name_date(s).is_some());
        if in_posts && dated_name && doc.front_matter.is_none() {
            let start = doc.bom;
            let end = doc.text[start..]
                .find('\n')
                .map_or(doc.text.len(), |i| start + i);
            ctx.report(
                Finding::new(start..end.max(start), "post has no front matter")
                    .help("start the file with `---`, the post's `title:` and `layout:`, and `---`: Jekyll renders files in `_posts/` without front matter as plain files, not posts"),
            );
            return;
        }
        let Some(fm) = doc.readable_front_matter() else {
            return;
        };
        let applies = match self.spec.applies_to.as_str() {
            "all" => true,
            "pages" => !is_post,
            _ => is_post || info.is_some_and(|i| i.jekyll.is_none() && i.is_post),
        };
        let fence = fm.range.start..fm.range.start + 3;
        let defaults: &[String] = info.map_or(&[], |i| i.default_keys.as_slice());
        let has = |k: &str| fm.get(k).is_some() || defaults.iter().any(|d| d == k);
        if applies {
            for key in &self.spec.required {
                if !has(key) {
                    ctx.report(
                        Finding::new(fence.clone(), format!("front matter has no `{key}`")).help(
                            format!("add `{key}: ...` (required by the front-matter schema)"),
                        ),
                    );
                }
            }
            for group in &self.spec.one_of {
                if !group.iter().any(|k| has(k)) {
                    ctx.report(Finding::new(
                        fence.clone(),
                        format!(
                            "front matter needs one of {}",
                            group
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
            for e in &fm.entries {
                self.check_entry(e, ctx);
            }
        }
        if let Some(i) = info {
            if let (Some(j), Some(rel)) = (i.jekyll, &i.rel) {
                jekyll_checks(fm, &ctx.site.jekyll[j], rel, ctx);
            }
        }
    }
}

impl FrontMatter {
    fn check_entry(&self, e: &FmEntry, ctx: &mut Ctx<'_>) {
        let key = e.key.as_str();
        // `tags:` with nothing after it is no tags to Jekyll, as if the key were absent;
        // only a required key must have a value.
        let absent = e.value == FmValue::Null && !self.spec.required.iter().any(|k| k == key);
        if let Some(t) = self.spec.types.get(key).filter(|_| !absent) {
            let names = t.names();
            if !names.iter().any(|n| has_type(&e.value, n)) {
                let wants_date = names.iter().any(|n| n.starts_with("date"));
                if let (true, FmValue::String(v)) = (wants_date, &e.value) {
                    if !v.trim().is_empty() {
                        ctx.report(
                            Finding::new(
                                e.value_range.clone(),
                                format!("`{key}` is `{}`, which Jekyll cannot read as a date", v.trim()),
                            )
                            .label(e.key_range.clone(), "this key")
                            .help("write the date as 2020-04-28, or 2020-04-28 10:00:00 -0500 with a time"),
                        );
                        return;
                    }
                }
                ctx.report(
                    Finding::new(
                        e.value_range.clone(),
                        format!(
                            "`{key}` is {}; the schema wants {}",
                            describe(&e.value),
                            names.join(" or ")
                        ),
                    )
                    .label(e.key_range.clone(), "this key"),
                );
                return;
            }
        }
        if self.spec.non_empty.iter().any(|k| k == key) && e.value.is_empty() {
            ctx.report(
                Finding::new(e.value_range.clone(), format!("`{key}` is empty"))
                    .help(format!("give `{key}` a value, or remove the key")),
            );
        }
        if let Some((allowed, re)) = self.values.get(key) {
            let items: Vec<String> = match &e.value {
                FmValue::List(_) => e.value.strings(),
                FmValue::String(s) => vec![s.clone()],
                _ => Vec::new(),
            };
            for item in items {
                let ok_enum = allowed.is_empty() || allowed.contains(&item);
                let ok_re = re.as_ref().is_none_or(|r| r.is_match(&item));
                if !(ok_enum && ok_re) {
                    let mut f = Finding::new(
                        e.value_range.clone(),
                        format!("`{key}` has the value `{item}`, which the schema does not allow"),
                    );
                    if !allowed.is_empty() {
                        f = f.help(format!(
                            "allowed: {}",
                            allowed
                                .iter()
                                .map(|a| format!("`{a}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    ctx.report(f);
                }
            }
        }
    }
}

fn jekyll_checks(
    fm: &crate::document::FrontMatter,
    site: &crate::site::JekyllSite,
    rel: &std::path::Path,
    ctx: &mut Ctx<'_>,
) {
    // An unpublished page (`published: false`) is never built: its layout is never looked
    // up.
    let unpublished = fm
        .get("published")
        .is_some_and(|e| e.value == FmValue::Bool(false));
    if let Some(e) = fm.get("layout").filter(|_| !unpublished) {
        if let Some(name) = e
            .value
            .as_str()
            .map(str::trim)
            .filter(|n| !n.is_empty() && *n != "none" && *n != "null")
        {
            if let (Some(layouts), false) = (&site.layouts, site.config.has_theme()) {
                let exists = layouts.iter().any(|(stem, ext)| {
                    stem == name && ["html", "md", "markdown", "liquid"].contains(&ext.as_str())
                });
                if !exists {
                    let mut f = Finding::new(
                        e.value_range.clone(),
                        format!("layout `{name}` does not exist in `_layouts/`"),
                    );
                    let mut names: Vec<String> =
                        layouts.iter().map(|(stem, _)| stem.clone()).collect();
                    names.dedup();
                    if let Some(best) = names
                        .iter()
                        .filter(|n| crate::text::distance::osa(n, name, 2).is_some())
                        .min()
                    {
                        f = f.help(format!("did you mean `{best}`?"));
                    } else if !names.is_empty() {
                        let mut sorted = names.clone();
                        sorted.sort();
                        f = f.help(format!("layouts: {}", sorted.join(", ")));
                    }
                    ctx.report(f);
                }
            }
        }
    }
    // The date in the file name and the `date` key.
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !rel.components().any(|c| c.as_os_str() == "_posts") {
        return;
    }
    let Some((y, m, d, named)) = file_name_date(&stem) else {
        return;
    };
    if !valid_ymd(y, m, d) {
        // At the `date` or `title` line that readers of the front matter look at, else the
        // fence.
        let at = fm
            .get("date")
            .or_else(|| fm.get("title"))
            .map_or(fm.range.start..fm.range.start + 3, |e| e.key_range.clone());
        ctx.report(
            Finding::new(at, format!("the file name's date `{named}` is no day of the calendar"))
                .help("rename the file with the post's real date (YYYY-MM-DD-title.md): Jekyll rolls an impossible day over into the next month, or stops with \"Invalid date\""),
        );
        return;
    }
    let Some(e) = fm.get("date") else {
        return;
    };
    let Some(written) = e.value.as_str().and_then(written_day) else {
        return;
    };
    if written == (y, m, d) {
        return;
    }
    // Many sites name the file on the day the draft starts and set `date:` on publishing
    // day, on purpose: the mismatch is a mistake only where every other post keeps the two
    // in step (at least 3 of them). On the corpus, 19 in 20 still reported publishing days
    // that the maintainers set on purpose (Riding Rails, CocoaPods).
    let in_step = ctx
        .doc
        .and_then(|i| ctx.site.fm_context(i))
        .is_some_and(|(stats, _)| {
            let others = stats.dated.saturating_sub(1);
            others >= 3 && stats.dated_agree >= others
        });
    if in_step {
        let (wy, wm, wd) = written;
        ctx.report(
            Finding::new(
                e.value_range.clone(),
                format!("`date` is {wy:04}-{wm:02}-{wd:02} but the file name says {named}"),
            )
            .help("the other posts keep the two in step, and Jekyll publishes the post under the front-matter date: make them agree"),
        );
    }
}
