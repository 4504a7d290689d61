//! Pack kind `template` (the default `talk-entry` rule is one): what every entry of a kind
//! must contain.

use std::borrow::Cow;
use regex::Regex;
use serde::Deserialize;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::entries::{field, Entry, Field};
use crate::document::Document;
use crate::text::in_lowercase_list;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};
use crate::vocab::Vocab;

declare_rule! {
    /// ## What it does
    /// Checks that every *entry* of a post has what the template requires. An entry is a section
    /// whose body starts with a list of `Field: value` items (a talk: `Title:`, `Presenters:`, a
    /// `[Slides](...)` link), or, with `under_heading`, every subsection of a matching heading (a
    /// sponsor under `## Sponsors`). Requirements: a field with a real value (not empty, not `...`,
    /// not `TODO`), a link whose text and URL match patterns, an image. The default `talk-entry`
    /// rule (`rules/recap.yml`) requires a title, a presenter and an http(s) slides link.
    ///
    /// ## Why is this bad?
    /// A recap whose talk has no slides link or no speaker is unfinished, and readers notice.
    ///
    /// ## Example
    /// ```markdown
    /// #### Prefect
    ///
    /// -   Title: ...
    /// -   Presenters: Chris White
    /// -   [Slides](TODO)
    /// ```
    /// Reported: the empty title, and the slides link that is not a web address.
    ///
    /// ## Not flagged
    /// - sections that are not entries (no `Field:` list, or none of the template's fields);
    /// - a field whose value is a link, an image, code or Liquid;
    /// - entries of other templates.
    ///
    /// ## Fix
    /// None: only the author knows the missing title or link.
    pub static KIND = {
        kind: "template",
        summary: "entries missing what their template requires",
        severity: Severity::Error,
        fix: FixAvailability::Never,
        family: ("placeholder", 2),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AppliesTo {
    /// An entry has at least one of these fields (case-insensitive).
    #[serde(default)]
    pub any_field: Vec<String>,
    /// Or: every subsection of a heading matching this regex is an entry.
    #[serde(default)]
    pub under_heading: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRequirement {
    /// Regex the link text must match.
    pub text: String,
    /// Regex the destination must match.
    pub url: String,
    /// Regex of what an embed shows (the `src` of an `<iframe>`, `<script>`, `<video>`,
    /// `<embed>` or `<object>`, the text of a Liquid tag such as `{% include youtube.html
    /// %}`, the host of a link whose text says nothing): one that matches stands for the
    /// link.
    #[serde(default)]
    pub embeds: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRequirement {
    /// Regex the image source must match (default: anything).
    #[serde(default)]
    pub src: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    #[serde(default)]
    pub field: Option<Vec<String>>,
    #[serde(default)]
    pub link: Option<LinkRequirement>,
    #[serde(default)]
    pub image: Option<ImageRequirement>,
    /// When the thing is missing. `{entry}` is the entry's heading.
    pub message: String,
    /// When a field is there but empty or a placeholder (default: `message`).
    #[serde(default)]
    pub empty_message: Option<String>,
    /// When a link is there but its URL does not match (`{url}` is filled in).
    #[serde(default)]
    pub bad_message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSpec {
    pub name: String,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub applies_to: AppliesTo,
    pub require: Vec<Requirement>,
    /// Values that count as empty, besides the profile's placeholder vocabulary (markers
    /// such as `TODO`, ellipses, `?`, `-`).
    #[serde(default)]
    pub placeholders: Vec<String>,
}

enum Check {
    Field(Vec<String>),
    Link {
        text: Regex,
        url: Regex,
        embeds: Option<Regex>,
    },
    Image {
        src: Option<Regex>,
    },
}

struct Compiled {
    check: Check,
    message: String,
    empty_message: Option<String>,
    bad_message: Option<String>,
}

pub struct Template {
    meta: RuleMeta,
    any_field: Vec<String>,
    under_heading: Option<Regex>,
    requirements: Vec<Compiled>,
    placeholders: Vec<String>,
}

fn regex(p: &str, what: &str) -> Result<Regex, String> {
    Regex::new(p).map_err(|e| format!("invalid {what} pattern `{p}`: {e}"))
}

crate::pack_definition!(TemplateSpec);

impl TemplateSpec {
    pub fn compile(self, origin: &str) -> Result<Template, String> {
        let meta = KIND.entry(self.definition(), origin);
        if self.applies_to.any_field.is_empty() && self.applies_to.under_heading.is_none() {
            return Err("`applies_to` needs `any_field` or `under_heading`".into());
        }
        let mut requirements = Vec::new();
        for r in self.require {
            let check = match (r.field, r.link, r.image) {
                (Some(f), None, None) => Check::Field(f.iter().map(|s| s.to_lowercase()).collect()),
                (None, Some(l), None) => Check::Link {
                    text: regex(&l.text, "link text")?,
                    url: regex(&l.url, "link url")?,
                    embeds: l
                        .embeds
                        .as_deref()
                        .map(|e| regex(e, "link embeds"))
                        .transpose()?,
                },
                (None, None, Some(i)) => Check::Image {
                    src: i
                        .src
                        .as_deref()
                        .map(|s| regex(s, "image src"))
                        .transpose()?,
                },
                _ => {
                    return Err(
                        "each requirement names exactly one of `field`, `link`, `image`".into(),
                    )
                }
            };
            requirements.push(Compiled {
                check,
                message: r.message,
                empty_message: r.empty_message,
                bad_message: r.bad_message,
            });
        }
        Ok(Template {
            meta,
            any_field: self
                .applies_to
                .any_field
                .iter()
                .map(|s| s.to_lowercase())
                .collect(),
            under_heading: self
                .applies_to
                .under_heading
                .as_deref()
                .map(|p| regex(p, "under_heading"))
                .transpose()?,
            requirements,
            placeholders: self.placeholders,
        })
    }
}

impl Template {
    /// The entries this template applies to.
    /// Entries found by `entries` are borrowed from the document's cache; those found under
    /// a heading are made here.
    fn entries<'c>(&self, doc: &Document, ctx: &Ctx<'c>) -> Vec<Cow<'c, Entry>> {
        let mut out: Vec<Cow<'c, Entry>> = Vec::new();
        if !self.any_field.is_empty() {
            out.extend(
                ctx.cache
                    .entries(doc)
                    .iter()
                    .filter(|e| {
                        e.fields
                            .iter()
                            .any(|f| in_lowercase_list(&f.label, &self.any_field))
                    })
                    .map(Cow::Borrowed),
            );
        }
        if let Some(re) = &self.under_heading {
            for section in &doc.sections {
                let h = section.heading;
                let level = doc.headings[h].level;
                let Some(parent) = doc.headings[..h].iter().rposition(|p| p.level < level) else {
                    continue;
                };
                if doc.headings[parent].level + 1 != level
                    || !re.is_match(&doc.headings[parent].text)
                {
                    continue;
                }
                if out.iter().any(|e| e.heading == h) {
                    continue;
                }
                let end = doc
                    .headings
                    .get(h + 1)
                    .map_or(section.body.end, |n| n.range.start.min(section.body.end));
                let body = section.body.start..end;
                let fields = doc
                    .list_items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| body.contains(&i.range.start))
                    .filter_map(|(n, _)| field(doc, n))
                    .collect();
                out.push(Cow::Owned(Entry {
                    heading: h,
                    body,
                    parent: Some(parent),
                    fields,
                    items: 0,
                }));
            }
            out.sort_by_key(|e| e.heading);
        }
        out
    }

    fn is_empty_value(&self, f: &Field, vocab: &Vocab) -> bool {
        if f.value_has_markup {
            return false;
        }
        let v = f.value.trim();
        v.is_empty()
            || vocab.is_placeholder_value(v)
            || self.placeholders.iter().any(|p| p.eq_ignore_ascii_case(v))
    }
}

impl Rule for Template {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        for entry in self.entries(doc, ctx) {
            let heading = &doc.headings[entry.heading];
            let head_range = heading.text_range.clone();
            let fill = |m: &str| m.replace("{entry}", &heading.text);
            for req in &self.requirements {
                match &req.check {
                    Check::Field(names) => {
                        let found: Vec<&Field> = entry
                            .fields
                            .iter()
                            .filter(|f| in_lowercase_list(&f.label, names))
                            .collect();
                        if found.is_empty() {
                            ctx.report(Finding::new(head_range.clone(), fill(&req.message)).help(
                                format!("add a `{}:` item to this entry", title_case(&names[0])),
                            ));
                        } else if found.iter().all(|f| self.is_empty_value(f, ctx.vocab)) {
                            let f = found[0];
                            let msg = req.empty_message.as_deref().unwrap_or(&req.message);
                            ctx.report(
                                Finding::new(
                                    f.label_range.start..f.value_range.end.max(f.label_range.end),
                                    fill(msg),
                                )
                                .label(head_range.clone(), "in this entry")
                                .help(format!("fill in the {}", f.label)),
                            );
                        }
                    }
                    Check::Link { text, url, embeds } => {
                        let embeds = embeds.as_ref();
                        let links: Vec<_> = doc
                            .links
                            .iter()
                            .filter(|l| !l.is_image && entry.body.contains(&l.range.start))
                            .filter(|l| {
                                // The link text, the label of the field it sits in
                                // (`- Slides: [deck](...)`), the sentence it sits in
                                // (`The slides are [here](...)`), or where it goes.
                                text.is_match(doc.slice(&l.text_range))
                                    || entry.fields.iter().any(|f| {
                                        doc.list_items[f.item].range.contains(&l.range.start)
                                            && text.is_match(&f.label)
                                    })
                                    || l.block.is_some_and(|b| text.is_match(&doc.block_text(b)))
                                    || embeds.is_some_and(|e| e.is_match(l.dest.trim()))
                            })
                            .collect();
                        if links.iter().any(|l| url.is_match(l.dest.trim()))
                            || embedded(doc, &entry.body, text, url, embeds)
                        {
                            continue;
                        }
                        match links.first() {
                            // `placeholder-link` owns placeholder destinations.
                            Some(l) if ctx.vocab.is_placeholder_dest(&l.dest) => {}
                            Some(l) => {
                                let msg = req
                                    .bad_message
                                    .as_deref()
                                    .unwrap_or(&req.message)
                                    .replace("{url}", l.dest.trim());
                                ctx.report(
                                    Finding::new(
                                        l.dest_range.clone().unwrap_or(l.range.clone()),
                                        fill(&msg),
                                    )
                                    .label(head_range.clone(), "in this entry")
                                    .help("link to the real slides (an http(s) URL)"),
                                );
                            }
                            None => ctx.report(
                                Finding::new(head_range.clone(), fill(&req.message))
                                    .help("add the link to this entry's list"),
                            ),
                        }
                    }
                    Check::Image { src } => {
                        let ok = doc.links.iter().any(|l| {
                            l.is_image
                                && entry.body.contains(&l.range.start)
                                && src.as_ref().is_none_or(|re| re.is_match(&l.dest))
                        }) || doc.code.iter().any(|r| {
                            entry.body.contains(&r.start)
                                && doc.slice(r).to_lowercase().contains("<img")
                        });
                        if !ok {
                            ctx.report(
                                Finding::new(head_range.clone(), fill(&req.message))
                                    .help("add the image to this entry"),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Does the raw HTML or Liquid of `body` give what a link requirement asks for: an embed
/// whose source matches `embeds` (`<iframe src>` of slides or a video, a Speaker Deck
/// `<script>`, `{% include youtube.html %}`), or an `<a href>` to a web address whose text
/// matches `text` or whose address matches `embeds`?
fn embedded(
    doc: &Document,
    body: &std::ops::Range<usize>,
    text: &Regex,
    url: &Regex,
    embeds: Option<&Regex>,
) -> bool {
    let t = doc.text;
    // `//host/x` is a web address on an https page.
    let web = |v: &str| {
        let v = v.trim();
        match v.strip_prefix("//") {
            Some(rest) => url.is_match(&format!("https://{rest}")),
            None => url.is_match(v),
        }
    };
    let tags = doc.html_tags();
    let first = tags.partition_point(|g| g.range.start < body.start);
    let inside = &tags[first..tags.partition_point(|g| g.range.start < body.end).max(first)];
    for (i, tag) in inside.iter().enumerate() {
        if tag.closing {
            continue;
        }
        let src = ["src", "data"].iter().find_map(|a| tag.value(t, a));
        let is_embed = ["iframe", "script", "video", "source", "embed", "object"]
            .iter()
            .any(|n| tag.is(t, n));
        if let (true, Some(src), Some(e)) = (is_embed, src, embeds) {
            if e.is_match(src) {
                return true;
            }
        }
        if tag.is(t, "a") {
            let Some(href) = tag.value(t, "href") else {
                continue;
            };
            let end = inside[i + 1..]
                .iter()
                .find(|c| c.closing && c.is(t, "a"))
                .map_or(tag.range.end, |c| c.range.start);
            let label = &t[tag.range.end..end.max(tag.range.end)];
            if web(href) && (text.is_match(label) || embeds.is_some_and(|e| e.is_match(href))) {
                return true;
            }
        }
    }
    embeds.is_some_and(|e| {
        let first = doc.liquid.partition_point(|l| l.start < body.start);
        doc.liquid[first..]
            .iter()
            .take_while(|l| l.start < body.end)
            .any(|l| t[l.clone()].starts_with("{%") && e.is_match(&t[l.clone()]))
    })
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::lint_rule;

    fn talk() -> Template {
        let yaml = r#"
name: talk-entry
kind: template
applies_to: { any_field: [Title, Presenter, Presenters] }
require:
  - field: [Title]
    message: 'talk entry "{entry}" has no title'
    empty_message: 'talk entry "{entry}" has an empty title'
  - field: [Presenter, Presenters]
    message: 'talk entry "{entry}" has no presenter'
  - link: { text: '(?i)\bslides?\b', url: '^https?://\S+$' }
    message: 'talk entry "{entry}" has no slides link'
    bad_message: 'talk entry "{entry}" has no slides link: `{url}` is not a web address'
"#;
        let yaml = yaml.replace("kind: template\n", "");
        let spec: TemplateSpec = serde_saphyr::from_str(&yaml).unwrap();
        spec.compile("test").unwrap()
    }

    #[test]
    fn reports_missing_and_empty_parts() {
        let src = "### Talks\n\n#### Blue\n\n-   Title:\n-   Presenters: A\n-   [Slides](https://x.org/s)\n\n#### Prefect\n\n-   Title: ...\n-   Presenters: B\n-   [Slides](TODO)\n\n#### Lone\n\n-   Title: Real talk\n";
        let f = lint_rule(&talk(), src);
        let got: Vec<(usize, &str)> = f.iter().map(|(l, m)| (*l, m.as_str())).collect();
        assert_eq!(
            got,
            [
                (5, "talk entry \"Blue\" has an empty title"),
                (11, "talk entry \"Prefect\" has an empty title"),
                // `[Slides](TODO)` is `placeholder-link`'s.
                (15, "talk entry \"Lone\" has no presenter"),
                (15, "talk entry \"Lone\" has no slides link"),
            ]
        );
    }

    #[test]
    fn complete_entries_and_other_lists_are_fine() {
        let src = "#### A\n\n-   Title: T\n-   Presenter: P\n-   Slides: [deck](https://x.org)\n\n## Links\n\n- one\n- two\n\n## Notes\n\n- Date: Monday\n- Place: Lisbon\n";
        assert!(
            lint_rule(&talk(), src).is_empty(),
            "{:?}",
            lint_rule(&talk(), src)
        );
    }

    #[test]
    fn sponsor_logo_template() {
        let yaml = "name: sponsor-logo\napplies_to: { under_heading: '(?i)^sponsors?$' }\nrequire:\n  - image: {}\n    message: 'sponsor \"{entry}\" has no logo'\n";
        let rule = serde_saphyr::from_str::<TemplateSpec>(yaml)
            .unwrap()
            .compile("t")
            .unwrap();
        let src = "## Sponsors\n\n### Acme\n\n![Acme logo](acme.png)\n\n### Initech\n\nThanks!\n\n## Other\n\n### Not a sponsor\n\nText\n";
        let f = lint_rule(&rule, src);
        assert_eq!(f, [(7, "sponsor \"Initech\" has no logo".to_string())]);
    }
}
