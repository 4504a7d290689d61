//! `--online`: the external links of the checked documents are fetched (`crate::online`)
//! and each outcome becomes a finding of `dead-link`, `link-timeout` or
//! `permanent-redirect`, stamped and suppressed as every rule's findings are.

use std::ops::Range;

use super::check::Stamped;
use super::load::Loaded;
use super::{Profiles, Selection};
use crate::diagnostic::{Diagnostic, Finding};
use crate::document::suppress::Suppressions;
use crate::document::Document;
use crate::online::{self, OnlineOptions, Outcome};
use crate::rule::RuleMeta;
use crate::rules::{dead_link, link_timeout, permanent_redirect};

/// The external links of one checked document, kept for `--online`.
pub(super) struct ExternalLinks {
    links: Vec<(Range<usize>, String)>,
    suppressions: Suppressions,
}

impl ExternalLinks {
    pub(super) fn of(doc: &Document) -> ExternalLinks {
        ExternalLinks {
            links: doc
                .links
                .iter()
                .map(|k| {
                    (
                        k.dest_range.clone().unwrap_or(k.range.clone()),
                        k.dest.trim().to_string(),
                    )
                })
                .filter(|(_, u)| u.starts_with("http://") || u.starts_with("https://"))
                .collect(),
            suppressions: doc.suppressions.clone(),
        }
    }
}

type OnlineRule = (
    &'static RuleMeta,
    fn(&Outcome, Range<usize>) -> Option<Finding>,
);

const RULES: [OnlineRule; 3] = [
    (&dead_link::META, dead_link::finding),
    (&link_timeout::META, link_timeout::finding),
    (&permanent_redirect::META, permanent_redirect::finding),
];

/// Fetch the external links of the checked documents and report what failed.
pub(super) fn check(
    options: &OnlineOptions,
    profiles: &Profiles,
    selection: &Selection,
    loaded: &[Loaded],
    links: &[Option<ExternalLinks>],
    out: &mut [Vec<Diagnostic>],
) {
    let excludes: Vec<regex::Regex> = profiles
        .list
        .iter()
        .flat_map(|p| p.config.links.exclude.iter())
        .filter_map(|e| regex::Regex::new(e).ok())
        .collect();
    let wanted = |url: &str| !excludes.iter().any(|re| re.is_match(url));
    let urls: Vec<String> = links
        .iter()
        .flatten()
        .flat_map(|l| l.links.iter().map(|(_, u)| u.clone()))
        .filter(|u| wanted(u))
        .collect();
    if urls.is_empty() {
        return;
    }
    let results = online::check_all(&urls, options);
    for (i, (l, ext)) in loaded.iter().zip(links).enumerate() {
        let Some(ext) = ext else { continue };
        let profile = &profiles.list[l.profile];
        let mut stamped = Stamped::default();
        for (meta, finding) in RULES {
            let Some(severity) =
                selection.severity(meta, &profile.config, l.config_path.as_deref())
            else {
                continue;
            };
            let findings: Vec<Finding> = ext
                .links
                .iter()
                .filter_map(|(range, url)| finding(results.get(url)?, range.clone()))
                .collect();
            stamped.add(meta, severity, findings, &ext.suppressions, |o| {
                l.file.line_index(o)
            });
        }
        out[i] = stamped.finish(|o| l.file.line_index(o));
    }
}
