//! `link-timeout`: a finding of `--online` link checking (the checking itself is in
//! `online`; this is the rule it reports under, so it can be selected, ignored and
//! configured).

use crate::declare_rule;
use std::ops::Range;

use crate::diagnostic::{Finding, Severity};
use crate::online::Outcome;
use crate::rule::FixAvailability;

declare_rule! {
    /// ## What it does
    /// With `--online`, reports an external link whose server did not answer within
    /// `--online-timeout` seconds (after retries).
    ///
    /// ## Why is this bad?
    /// It may be down, or only slow; worth a look, not worth failing a build over.
    ///
    /// ## Example
    /// `[Archive](https://slow.example.org/)` timing out.
    ///
    /// ## Not flagged
    /// Links that answer, however slowly, within the timeout.
    ///
    /// ## Fix
    /// None.
    pub static META = {
        name: "link-timeout",
        summary: "external link that did not answer in time (--online)",
        severity: Severity::Warning,
        fix: FixAvailability::Never,
    }
}

/// The finding for a link that answered `outcome`, when it is this rule's.
pub fn finding(outcome: &Outcome, range: Range<usize>) -> Option<Finding> {
    matches!(outcome, Outcome::Timeout)
        .then(|| Finding::new(range, "link did not answer in time"))
}
