//! Checking: every enabled rule on one parsed document. The only place that stamps a
//! rule's name and severity on its findings and applies suppressions, for the rules'
//! findings and `--online`'s alike; and where two findings of one defect become one.

use std::ops::Range;

use super::profiles::Profile;
use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::document::suppress::Suppressions;
use crate::document::Document;
use crate::rule::{Ctx, DocCache, Family, FixAvailability, Needs, RuleMeta};
use crate::rules::engine_notes;
use crate::site::Site;
use crate::source::SourceFile;

/// Run the enabled rules on one file on its own (no site context).
pub fn lint_source(
    file: &SourceFile,
    profile: &Profile,
    severity: impl Fn(&RuleMeta) -> Option<Severity>,
) -> Vec<Diagnostic> {
    let doc = Document::parse(file);
    let style = profile.config.links.heading_ids;
    let site = Site::build(&[&doc], Needs::URLS.union(Needs::IDS), &[style]);
    lint_document(&doc, &site, Some(0), profile, severity)
}

/// Run the enabled rules on one parsed document. `severity` says whether (and how loud)
/// each rule is.
pub fn lint_document(
    doc: &Document,
    site: &Site,
    index: Option<usize>,
    profile: &Profile,
    severity: impl Fn(&RuleMeta) -> Option<Severity>,
) -> Vec<Diagnostic> {
    let mut out = Stamped::default();
    let cache = DocCache::default();
    for rule in &profile.rules {
        let meta = rule.meta();
        let Some(sev) = severity(meta) else { continue };
        let mut ctx = Ctx::new(site, index, &cache, &profile.vocab, &profile.config.links);
        let t = crate::timings::start();
        // A rule that panics (a bug) loses its own findings, not the file's or the run's.
        let checked = guarded(|| rule.check(doc, &mut ctx));
        crate::timings::record(&meta.name, t);
        if let Err(why) = checked {
            out.diags.push((
                internal_error(
                    doc.body_start..doc.body_start,
                    format!("internal error in rule `{}`: {why}", meta.name),
                ),
                None,
            ));
            continue;
        }
        let findings = ctx.into_findings();
        debug_assert_fix_availability(meta, &findings);
        out.add(meta, sev, findings, &doc.suppressions, |o| doc.line_of(o));
    }
    out.finish(|o| doc.line_of(o))
}

/// Findings stamped with their rule, and the rule's family (for [`Stamped::finish`]).
#[derive(Default)]
pub(super) struct Stamped {
    diags: Vec<(Diagnostic, Option<Family>)>,
}

impl Stamped {
    /// Stamp `findings` of `meta` at `severity`, leaving out the suppressed ones.
    pub(super) fn add(
        &mut self,
        meta: &RuleMeta,
        severity: Severity,
        findings: Vec<Finding>,
        suppressions: &Suppressions,
        line_of: impl Fn(usize) -> usize,
    ) {
        for f in findings {
            if suppressions.is_suppressed(&meta.name, line_of(f.range.start)) {
                continue;
            }
            self.diags.push((stamp(meta, severity, f), meta.family));
        }
    }

    /// The diagnostics, with one finding per defect: where findings of one family overlap
    /// on a line (a `TODO` destination seen as a placeholder, a placeholder link and a talk
    /// without slides), only the highest rank's are kept.
    pub(super) fn finish(mut self, line_of: impl Fn(usize) -> usize) -> Vec<Diagnostic> {
        // The same finding twice (two uses of one reference definition): once.
        let mut seen = std::collections::HashSet::new();
        self.diags.retain(|(d, _)| {
            seen.insert((
                d.rule.clone(),
                d.range.start,
                d.range.end,
                d.message.clone(),
            ))
        });
        if self
            .diags
            .iter()
            .filter(|(_, f)| f.is_some())
            .nth(1)
            .is_some()
        {
            let drop = overlapped(&self.diags, line_of);
            let mut i = 0;
            self.diags.retain(|_| {
                i += 1;
                !drop[i - 1]
            });
        }
        self.diags.into_iter().map(|(d, _)| d).collect()
    }
}

/// Which of `diags` another of its family outranks: sorted by (family, line, start), each
/// run of overlapping findings keeps the findings of its highest rank. Linear after the
/// sort.
fn overlapped(
    diags: &[(Diagnostic, Option<Family>)],
    line_of: impl Fn(usize) -> usize,
) -> Vec<bool> {
    let mut order: Vec<(&str, usize, usize, usize)> = diags
        .iter()
        .enumerate()
        .filter_map(|(i, (d, f))| f.map(|f| (f.name, line_of(d.range.start), d.range.start, i)))
        .collect();
    order.sort_unstable();
    let mut drop = vec![false; diags.len()];
    let mut run: Vec<usize> = Vec::new();
    let mut run_end = 0;
    for (k, &(family, line, start, i)) in order.iter().enumerate() {
        let joins = k > 0 && {
            let (pf, pl, _, _) = order[k - 1];
            pf == family && pl == line && start < run_end
        };
        if !joins {
            keep_top_rank(diags, &mut run, &mut drop);
            run_end = 0;
        }
        let r: &Range<usize> = &diags[i].0.range;
        // An empty range still marks a place.
        run_end = run_end.max(r.end.max(r.start + 1));
        run.push(i);
    }
    keep_top_rank(diags, &mut run, &mut drop);
    drop
}

/// Mark for dropping the findings of `run` below its highest rank; empty `run`.
fn keep_top_rank(diags: &[(Diagnostic, Option<Family>)], run: &mut Vec<usize>, drop: &mut [bool]) {
    let top = run
        .iter()
        .filter_map(|&i| diags[i].1.map(|f| f.rank))
        .max()
        .unwrap_or(0);
    for &i in run.iter() {
        drop[i] = diags[i].1.is_some_and(|f| f.rank < top);
    }
    run.clear();
}

/// In debug builds: a rule's findings carry fixes as its metadata says.
fn debug_assert_fix_availability(meta: &RuleMeta, findings: &[Finding]) {
    if cfg!(debug_assertions) {
        for f in findings {
            match meta.fix {
                FixAvailability::Never => {
                    assert!(f.fix.is_none(), "`{}` says it never fixes", meta.name)
                }
                FixAvailability::Always => {
                    assert!(f.fix.is_some(), "`{}` says it always fixes", meta.name)
                }
                FixAvailability::Sometimes => {}
            }
        }
    }
}

/// Run `f`, turning a panic into its message: postlint's own bugs must not stop the
/// other files (the panic hook has already printed where it happened).
pub(super) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// An `internal-error` diagnostic (always an error: it cannot be configured away).
pub(super) fn internal_error(range: Range<usize>, message: String) -> Diagnostic {
    let mut d = stamp(
        &engine_notes::INTERNAL_ERROR,
        Severity::Error,
        Finding::new(range, message),
    );
    d.help = Some("this is a bug in postlint: please report it with this file".into());
    d
}

pub(super) fn stamp(meta: &RuleMeta, severity: Severity, f: Finding) -> Diagnostic {
    Diagnostic {
        rule: meta.name.to_string(),
        severity,
        message: f.message,
        file: 0,
        range: f.range,
        labels: f.labels,
        help: f.help,
        fix: f.fix,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{Ctx, Rule};

    /// A rule with a bug: it panics on posts mentioning `BOOM`.
    struct Boom(RuleMeta);

    impl Rule for Boom {
        fn meta(&self) -> &RuleMeta {
            &self.0
        }

        fn check(&self, doc: &Document, _: &mut Ctx<'_>) {
            if doc.text.contains("BOOM") {
                panic!("a bug in `boom`");
            }
        }
    }

    #[test]
    fn a_panicking_rule_costs_its_own_findings_only() {
        let mut profile = Profile::load(None).unwrap();
        let mut meta = crate::rules::empty_section::META.clone();
        meta.name = "boom".into();
        profile.rules.insert(0, Box::new(Boom(meta)));
        let file = SourceFile::new("t.md", None, "# BOOM\n\nTODO: write this.\n".into());
        let diags = lint_source(&file, &profile, |m| Some(m.default_severity));
        let internal: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.rule == "internal-error")
            .collect();
        assert_eq!(internal.len(), 1, "{diags:?}");
        assert_eq!(internal[0].severity, Severity::Error);
        assert!(
            internal[0].message.contains("rule `boom`")
                && internal[0].message.contains("a bug in `boom`"),
            "{}",
            internal[0].message
        );
        // The rules after it still ran.
        assert!(diags.iter().any(|d| d.rule == "placeholder"), "{diags:?}");
        let clean = SourceFile::new("t.md", None, "# Fine\n\nAll written.\n".into());
        let diags = lint_source(&clean, &profile, |m| Some(m.default_severity));
        assert!(diags.iter().all(|d| d.rule != "internal-error"));
    }

    #[test]
    fn guarded_reports_the_panic_message() {
        assert_eq!(guarded(|| 7), Ok(7));
        assert_eq!(
            guarded(|| -> u8 { panic!("plain") }),
            Err("plain".to_string())
        );
        let n = 3;
        assert_eq!(
            guarded(|| -> u8 { panic!("formatted {n}") }),
            Err("formatted 3".to_string())
        );
    }

    fn diag(
        rule: &str,
        range: Range<usize>,
        family: Option<(&'static str, u8)>,
    ) -> (Diagnostic, Option<Family>) {
        let meta = RuleMeta {
            name: rule.to_string().into(),
            ..crate::rules::empty_section::META.clone()
        };
        (
            stamp(&meta, Severity::Error, Finding::new(range, "m")),
            family.map(|(name, rank)| Family { name, rank }),
        )
    }

    #[test]
    fn one_finding_per_defect_within_a_family() {
        let s = Stamped {
            diags: vec![
                diag("placeholder", 10..14, Some(("placeholder", 1))),
                diag("placeholder-link", 10..14, Some(("placeholder", 3))),
                diag("talk-entry", 8..14, Some(("placeholder", 2))),
                // Same place, other family or none: kept.
                diag("bare-url", 10..14, None),
                diag("typo", 11..13, Some(("spelling", 1))),
                // Same family, elsewhere: kept.
                diag("placeholder", 30..34, Some(("placeholder", 1))),
            ],
        };
        // One line each 100 bytes.
        let kept: Vec<String> = s
            .finish(|o| o / 100)
            .into_iter()
            .map(|d| format!("{}@{}", d.rule, d.range.start))
            .collect();
        assert_eq!(
            kept,
            [
                "placeholder-link@10",
                "bare-url@10",
                "typo@11",
                "placeholder@30"
            ]
        );
    }

    #[test]
    fn findings_on_other_lines_are_other_defects() {
        let s = Stamped {
            diags: vec![
                diag("placeholder", 10..250, Some(("placeholder", 1))),
                diag("placeholder-link", 210..214, Some(("placeholder", 3))),
            ],
        };
        assert_eq!(s.finish(|o| o / 100).len(), 2);
    }
}
