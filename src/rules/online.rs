//! Findings of `--online` link checking. The checking itself is in `links::online`; these
//! are the rules it reports under (so they can be selected, ignored and configured).

use crate::declare_rule;
use crate::diagnostic::Severity;

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
    pub static DEAD_LINK = {
        name: "dead-link",
        summary: "external link that answers 4xx/5xx or cannot be reached (--online)",
        severity: Severity::Error,
        fixable: false,
    }
}

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
    pub static LINK_TIMEOUT = {
        name: "link-timeout",
        summary: "external link that did not answer in time (--online)",
        severity: Severity::Warning,
        fixable: false,
    }
}

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
    pub static PERMANENT_REDIRECT = {
        name: "permanent-redirect",
        summary: "external link that moved permanently (--online)",
        severity: Severity::Info,
        fixable: true,
    }
}
