//! What a rule is: metadata (name, summary, docs, default severity, fixability) and one
//! check over a parsed [`Document`]. Rules report [`Finding`]s; the engine stamps the rule
//! name, severity and file on them and applies suppressions, so no rule does that itself.

use std::borrow::Cow;

use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::site::{LinksConfig, Site};
use crate::vocab::Vocab;

/// Whether a rule's findings come with a fix (checked against what it reports in debug
/// builds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    Never,
    Sometimes,
    Always,
}

pub use crate::site::Needs;

/// Rules that can report one defect from two angles (a `TODO` destination is a placeholder,
/// a placeholder link and a talk without slides) share a family: where two findings of one
/// family overlap on a line, the engine keeps the higher rank's only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    pub name: &'static str,
    pub rank: u8,
}

/// Static description of a rule. Built-in rules and pack kinds declare theirs with
/// [`declare_rule!`]; a pack entry's is its kind's with the entry's [`Definition`].
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable kebab-case name used in config, suppressions and output (a kind's name for
    /// a kind).
    pub name: Cow<'static, str>,
    /// One line, lowercase start, no trailing period.
    pub summary: Cow<'static, str>,
    /// Markdown with the sections "What it does", "Why is this bad?", "Example",
    /// "Not flagged" and "Fix".
    pub docs: &'static str,
    pub default_severity: Severity,
    pub fix: FixAvailability,
    /// Where the rule comes from: `built-in` or the pack's file name.
    pub origin: Cow<'static, str>,
    pub needs: Needs,
    pub family: Option<Family>,
    /// The pack kind this rule is an entry of (`None` for built-in rules).
    pub kind: Option<&'static str>,
}

/// The part every pack entry has, whatever its kind (Vale's `Definition`).
#[derive(Debug, Clone, Copy)]
pub struct Definition<'a> {
    pub name: &'a str,
    pub severity: Option<Severity>,
    pub summary: Option<&'a str>,
}

impl RuleMeta {
    /// The docs with the single leading space of each `///` line removed.
    pub fn docs_text(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    pub fn fixable(&self) -> bool {
        self.fix != FixAvailability::Never
    }

    /// Whether the rule looks at other documents of the site.
    pub fn needs_site(&self) -> bool {
        self.needs.site()
    }

    /// The metadata of a pack entry of this kind.
    pub fn entry(&self, def: Definition, origin: &str) -> RuleMeta {
        RuleMeta {
            name: Cow::Owned(def.name.to_string()),
            summary: def
                .summary
                .map_or_else(|| self.summary.clone(), |s| Cow::Owned(s.to_string())),
            default_severity: def.severity.unwrap_or(self.default_severity),
            origin: Cow::Owned(origin.to_string()),
            kind: Some(match &self.name {
                Cow::Borrowed(k) => k,
                Cow::Owned(_) => "custom",
            }),
            ..self.clone()
        }
    }
}

/// Pack entries name their [`Definition`] fields the same way in every kind.
#[macro_export]
macro_rules! pack_definition {
    ($spec:ty) => {
        impl $spec {
            pub fn definition(&self) -> $crate::rule::Definition<'_> {
                $crate::rule::Definition {
                    name: &self.name,
                    severity: self.severity,
                    summary: self.summary.as_deref(),
                }
            }
        }
    };
}

/// What a rule sees besides its document: the site, and where its findings go.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub site: &'a Site,
    /// The checked document's index in [`Site::docs`], when it is part of the site.
    pub doc: Option<usize>,
    /// Work several rules need on the same document, done once.
    pub cache: &'a DocCache,
    /// What counts as a placeholder in this profile.
    pub vocab: &'a Vocab,
    /// The profile's `[links]` settings.
    pub links: &'a LinksConfig,
    findings: Vec<Finding>,
}

/// Per-document results shared by the rules that need them.
#[derive(Debug, Default)]
pub struct DocCache {
    /// Names found by the profile's name index (`name-spelling` and `name-case`).
    pub names: std::sync::OnceLock<Vec<crate::names::NameMatch>>,
    /// The document's entries (`heading-level`, `field-name`, template rules).
    pub entries: std::sync::OnceLock<Vec<crate::document::entries::Entry>>,
    /// What each link of `Document::links` resolves to (`broken-link`, `broken-fragment`);
    /// `None` for images and placeholder destinations.
    pub link_targets: std::sync::OnceLock<Vec<Option<crate::site::resolve::Resolved>>>,
    /// Whether the document is in English (rules that know English words ask).
    pub english: std::sync::OnceLock<bool>,
}

impl DocCache {
    /// Is `doc` (document `me` of `site`) written in English? What it says (front matter,
    /// a language folder, the site's `lang:`) first, then whether its words are mostly
    /// English words; English when nothing tells.
    pub fn is_english(&self, doc: &Document, site: &Site, me: Option<usize>) -> bool {
        *self.english.get_or_init(|| {
            match me
                .and_then(|i| site.docs.get(i))
                .and_then(|d| d.lang.as_deref())
            {
                Some(code) => code == "en",
                None => crate::text::lang::words_are_english(doc.words()).unwrap_or(true),
            }
        })
    }

    /// The entries of `doc`, computed once.
    pub fn entries(&self, doc: &Document) -> &[crate::document::entries::Entry] {
        self.entries
            .get_or_init(|| crate::document::entries::entries(doc))
    }

    /// The names `index` finds in `doc`, computed once (one index per profile).
    pub fn names(
        &self,
        index: &crate::names::NameIndex,
        doc: &Document,
    ) -> &[crate::names::NameMatch] {
        self.names.get_or_init(|| {
            let words = doc.words();
            let t = crate::timings::start();
            let found = index.scan_hashed(doc.text, words, doc.word_hashes());
            crate::timings::record("names: scan", t);
            found
        })
    }

    /// What the links of `doc` (document `me` of `site`) resolve to, computed once.
    pub fn link_targets(
        &self,
        doc: &Document,
        site: &Site,
        me: usize,
        vocab: &Vocab,
    ) -> &[Option<crate::site::resolve::Resolved>] {
        self.link_targets.get_or_init(|| {
            doc.links
                .iter()
                .map(|l| {
                    // `<name@example.org>` is an e-mail address, never a site path.
                    let email = l.link_type == pulldown_cmark::LinkType::Email;
                    (!l.is_image && !email && !vocab.is_placeholder_dest(&l.dest))
                        .then(|| site.resolve(me, &l.dest))
                })
                .collect()
        })
    }
}

impl<'a> Ctx<'a> {
    /// What the document is to its reader, for messages ("left in the post"): `post` (in
    /// `_posts/` or `_drafts/`, or outside a Jekyll site a file with front matter), `page`
    /// (another file a Jekyll site renders: a page, a collection's document), or `file` (a
    /// README or other file Jekyll copies as it is or leaves out; outside a site, a file
    /// without front matter).
    pub fn noun(&self, doc: &Document) -> &'static str {
        let info = self.doc.and_then(|i| self.site.docs.get(i));
        if info.is_some_and(|d| d.is_post) {
            return "post";
        }
        if let Some(d) = info.filter(|d| d.jekyll.is_some()) {
            return if d.published { "page" } else { "file" };
        }
        // Outside a Jekyll site (or read from standard input under a name).
        let in_posts = std::path::Path::new(&doc.source.name)
            .components()
            .any(|c| matches!(c.as_os_str().to_str(), Some("_posts" | "_drafts")));
        if in_posts || doc.front_matter.as_ref().is_some_and(|f| f.closed) {
            "post"
        } else {
            "file"
        }
    }

    /// Is `doc` a third party's document shipped with the site rather than the site's own
    /// writing: a file without front matter (Jekyll copies it as it is) under a vendor
    /// folder (`vendor/`, `node_modules/`, `bower_components/`, `third_party/`, a
    /// `plugins/` or `lib/` folder), or a package's README, CHANGELOG, HISTORY or LICENSE
    /// below the site's top folder, or a LICENSE anywhere? Rules about how Markdown renders
    /// leave such files to their authors.
    pub fn is_third_party(&self, doc: &Document) -> bool {
        if doc.front_matter.as_ref().is_some_and(|f| f.closed) {
            return false;
        }
        let rel = self
            .doc
            .and_then(|i| self.site.docs.get(i))
            .and_then(|d| d.rel.as_deref());
        let Some(rel) = rel else {
            return false;
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(p) => Some(p.to_string_lossy().to_lowercase()),
                _ => None,
            })
            .collect();
        let Some((file, folders)) = parts.split_last() else {
            return false;
        };
        const VENDOR: [&str; 7] = [
            "vendor",
            "vendors",
            "node_modules",
            "bower_components",
            "third_party",
            "third-party",
            "plugins",
        ];
        let stem = file.split('.').next().unwrap_or(file);
        let package_doc = ["readme", "changelog", "history", "changes"].contains(&stem);
        folders
            .iter()
            .any(|f| VENDOR.contains(&f.as_str()) || f == "lib")
            || stem == "license"
            || stem == "licence"
            || (package_doc && !folders.is_empty())
    }

    pub fn new(
        site: &'a Site,
        doc: Option<usize>,
        cache: &'a DocCache,
        vocab: &'a Vocab,
        links: &'a LinksConfig,
    ) -> Self {
        Self {
            site,
            doc,
            cache,
            vocab,
            links,
            findings: Vec::new(),
        }
    }

    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;
    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>);
}

/// Declare a rule's metadata, or a pack kind's; the doc comment becomes its `explain` text.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub static META = {
///         name: "empty-section",          // or `kind: "placeholder"` for a pack kind
///         summary: "heading with nothing under it",
///         severity: Severity::Warning,
///         fix: FixAvailability::Never,
///         needs: Needs::DOCUMENT,          // optional
///         family: ("placeholder", 1),      // optional
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $meta:ident = {
            $which:ident: $name:literal,
            summary: $summary:literal,
            severity: $severity:expr,
            fix: $fix:expr
            $(, needs: $needs:expr)?
            $(, family: ($family:literal, $rank:literal))? $(,)?
        }
    ) => {
        $vis static $meta: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            name: ::std::borrow::Cow::Borrowed($name),
            summary: ::std::borrow::Cow::Borrowed($summary),
            docs: concat!($($doc, "\n"),*),
            default_severity: $severity,
            fix: $fix,
            origin: ::std::borrow::Cow::Borrowed("built-in"),
            needs: $crate::rule::Needs::DOCUMENT $(.union($needs))?,
            family: $crate::declare_rule!(@family $($family, $rank)?),
            kind: $crate::declare_rule!(@kind $which $name),
        };
    };
    (@family) => { None };
    (@family $family:literal, $rank:literal) => {
        Some($crate::rule::Family { name: $family, rank: $rank })
    };
    (@kind name $name:literal) => { None };
    (@kind kind $name:literal) => { Some($name) };
}
