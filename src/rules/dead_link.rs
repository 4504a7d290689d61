//! `dead-link`: a finding of `--online` link checking (the checking itself is in
//! `online`; this is the rule it reports under, so it can be selected, ignored and
//! configured).

use crate::declare_rule;
use std::ops::Range;

use crate::diagnostic::{Finding, Severity};
use crate::online::Outcome;
use crate::rule::FixAvailability;

declare_rule! {
    /// ## What it does
    /// With `--online`, fetches every external `http(s)` link of the checked posts (HEAD,
    /// then GET when HEAD is refused) and reports those that answer 4xx or 5xx, whose host
    /// does not resolve, that refuse connections, or that redirect in circles. 429 and 5xx
    /// answers are retried with backoff first.
    ///
    /// ## Why is this bad?
    /// Slides and recordings move; a recap full of dead links loses its value.
    ///
    /// ## Example
    /// `[Slides](https://docs.example.com/gone)` answering 404.
    ///
    /// ## Not flagged
    /// - without `--online`: postlint then never touches the network;
    /// - URLs matching `[links] exclude` in `postlint.toml`;
    /// - schemes other than http and https.
    ///
    /// ## Fix
    /// None.
    pub static META = {
        name: "dead-link",
        summary: "external link that answers 4xx/5xx or cannot be reached (--online)",
        severity: Severity::Error,
        fix: FixAvailability::Never,
    }
}

/// The finding for a link that answered `outcome`, when it is this rule's.
pub fn finding(outcome: &Outcome, range: Range<usize>) -> Option<Finding> {
    let message = match outcome {
        Outcome::Status { code } => format!("link answers HTTP {code}"),
        Outcome::DnsFailure => "link's host name does not resolve".to_string(),
        Outcome::Unreachable { reason } => format!("link cannot be reached: {reason}"),
        Outcome::TooManyRedirects => "link redirects too many times".to_string(),
        Outcome::Ok | Outcome::Timeout | Outcome::Moved { .. } => return None,
    };
    Some(Finding::new(range, message))
}
