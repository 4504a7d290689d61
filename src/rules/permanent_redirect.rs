//! `permanent-redirect`: a finding of `--online` link checking (the checking itself is in
//! `online`; this is the rule it reports under, so it can be selected, ignored and
//! configured).

use crate::declare_rule;
use std::ops::Range;

use crate::diagnostic::{Finding, Fix, Severity};
use crate::online::Outcome;
use crate::rule::FixAvailability;

declare_rule! {
    /// ## What it does
    /// With `--online`, reports an external link answered by a permanent redirect (301 or
    /// 308) to a page that works, with a fix to link to the new address directly.
    ///
    /// ## Why is this bad?
    /// Old addresses stop redirecting one day; the new one is the one to keep.
    ///
    /// ## Example
    /// `http://example.org/talks` moved to `https://example.org/talks/`.
    ///
    /// ## Not flagged
    /// Temporary redirects (302, 303, 307): login pages, short links and load balancers use
    /// them and the original URL is the right one to keep.
    ///
    /// ## Fix
    /// Safe: replace the URL with the redirect's target.
    pub static META = {
        name: "permanent-redirect",
        summary: "external link that moved permanently (--online)",
        severity: Severity::Info,
        fix: FixAvailability::Always,
    }
}

/// The finding for a link that answered `outcome`, when it is this rule's.
pub fn finding(outcome: &Outcome, range: Range<usize>) -> Option<Finding> {
    let Outcome::Moved { to } = outcome else {
        return None;
    };
    Some(
        Finding::new(range.clone(), format!("link moved permanently to `{to}`"))
            .fix(Fix::safe(range, to.clone())),
    )
}
