//! What a rule is: metadata (name, summary, docs, default severity, fixability) and one
//! check over a parsed [`Document`]. Rules report [`Finding`]s; the engine stamps the rule
//! name, severity and file on them and applies suppressions, so no rule does that itself.

use std::borrow::Cow;

use crate::diagnostic::{Finding, Severity};
use crate::document::Document;
use crate::site::Site;

/// Static description of a rule. Built-in rules declare theirs with [`declare_rule!`];
/// rules defined by a rule pack get the name, severity and summary from the pack and the
/// docs from their kind.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable kebab-case name used in config, suppressions and output.
    pub name: Cow<'static, str>,
    /// One line, lowercase start, no trailing period.
    pub summary: Cow<'static, str>,
    /// Markdown with the sections "What it does", "Why is this bad?", "Example",
    /// "Not flagged" and "Fix".
    pub docs: &'static str,
    pub default_severity: Severity,
    pub fixable: bool,
    /// Where the rule comes from: `built-in` or the pack's file name.
    pub origin: Cow<'static, str>,
    /// Whether the rule looks at other posts of the site (then the whole site is indexed
    /// even when only some files are checked).
    pub needs_site: bool,
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
}

/// What a rule sees besides its document: the site, and where its findings go.
#[derive(Debug)]
pub struct Ctx<'a> {
    pub site: &'a Site,
    /// The checked document's index in [`Site::docs`], when it is part of the site.
    pub doc: Option<usize>,
    /// Work several rules need on the same document, done once.
    pub cache: &'a DocCache,
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
    pub link_targets: std::sync::OnceLock<Vec<Option<crate::links::resolve::Resolved>>>,
}

impl DocCache {
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
    ) -> &[Option<crate::links::resolve::Resolved>] {
        self.link_targets.get_or_init(|| {
            doc.links
                .iter()
                .map(|l| {
                    (!l.is_image && !crate::rules::placeholder_link::is_placeholder(&l.dest))
                        .then(|| site.resolve(me, &l.dest))
                })
                .collect()
        })
    }
}

impl<'a> Ctx<'a> {
    pub fn new(site: &'a Site, doc: Option<usize>, cache: &'a DocCache) -> Self {
        Self {
            site,
            doc,
            cache,
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

/// Declare a built-in rule's metadata; the doc comment becomes its `explain` text.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub static META = {
///         name: "empty-section",
///         summary: "heading with nothing under it",
///         severity: Severity::Warning,
///         fixable: false,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $meta:ident = {
            name: $name:literal,
            summary: $summary:literal,
            severity: $severity:expr,
            fixable: $fixable:expr
            $(, needs_site: $needs_site:expr)? $(,)?
        }
    ) => {
        $vis static $meta: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            name: ::std::borrow::Cow::Borrowed($name),
            summary: ::std::borrow::Cow::Borrowed($summary),
            docs: concat!($($doc, "\n"),*),
            default_severity: $severity,
            fixable: $fixable,
            origin: ::std::borrow::Cow::Borrowed("built-in"),
            needs_site: false $(|| $needs_site)?,
        };
    };
}
