//! `bad-url`: an absolute URL that cannot work.

use std::sync::LazyLock;

use regex::Regex;

use crate::declare_rule;
use crate::diagnostic::{Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks link and image destinations that are (or try to be) absolute URLs:
    /// - a misspelt scheme: `htps://`, `htttp://`, `http//host`, `https:/host`, `http:\\host`;
    /// - an absolute URL the `url` crate cannot parse, or with no host (`https:///x`);
    /// - white space inside the destination (`<https://x.org/a b>`);
    /// - a scheme browsers do not know (`htp:`, `hhtps:`, `wwww:`), when it has a `//`.
    ///
    /// ## Why is this bad?
    /// The reader clicks and gets an error page, or nothing at all.
    ///
    /// ## Example
    /// ```markdown
    /// [Slides](htps://docs.google.com/presentation/d/abc)
    /// [Video](http//youtube.com/watch?v=x)
    /// ```
    ///
    /// ## Not flagged
    /// - relative links and fragments (see `broken-link`, `broken-fragment`);
    /// - placeholders such as `#` or `TODO` (see `placeholder-link`);
    /// - destinations holding Liquid (`{{ site.url }}/x`);
    /// - known schemes: `http`, `https`, `mailto`, `tel`, `ftp`, `data`, `irc`, `ssh`, ...
    ///
    /// ## Fix
    /// Safe for a misspelt `http`/`https` scheme with an otherwise valid URL.
    pub static META = {
        name: "bad-url",
        summary: "absolute URL that is malformed (htps://, http//host, no host, spaces)",
        severity: Severity::Error,
        fix: FixAvailability::Sometimes,
    }
}

static SCHEME_TYPO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(htps|htp|htts|htpps|hhtps|hhttp|htttps|htttp|ttps|ttp|http|https)(:/{0,3}|//|:\\\\)(.*)$")
        .expect("scheme regex")
});

const KNOWN_SCHEMES: &[&str] = &[
    "http",
    "https",
    "mailto",
    "tel",
    "sms",
    "ftp",
    "ftps",
    "sftp",
    "data",
    "irc",
    "ircs",
    "ssh",
    "git",
    "file",
    "news",
    "nntp",
    "xmpp",
    "webcal",
    "magnet",
    "feed",
    "geo",
    "javascript",
    "urn",
    "doi",
    "s3",
    "gs",
    "slack",
    "zoommtg",
    "spotify",
    "vscode",
    "obsidian",
    "matrix",
    // Other protocols with addresses of their own (IANA's permanent and common
    // provisional schemes): mirrors, repositories, streams, shares.
    "rsync",
    "svn",
    "svn+ssh",
    "git+ssh",
    "git+https",
    "hg",
    "bzr",
    "cvs",
    "smb",
    "afp",
    "nfs",
    "ldap",
    "ldaps",
    "telnet",
    "gopher",
    "gemini",
    "ws",
    "wss",
    "rtsp",
    "rtmp",
    "mms",
    "sip",
    "sips",
    "ipfs",
    "ipns",
    "dat",
    "hyper",
    "ftpes",
    "scp",
    "dav",
    "davs",
    "steam",
    "skype",
    "facetime",
    "callto",
    "chrome",
    "about",
    "view-source",
    "x-apple-data-detectors",
    "itms-apps",
    "market",
    "zotero",
    "jdbc",
    "redis",
    "rediss",
    "mongodb",
    "mongodb+srv",
    "postgres",
    "postgresql",
    "mysql",
    "amqp",
    "amqps",
    "mqtt",
    "hdfs",
    "gsiftp",
    "irods",
];

pub struct BadUrl;

fn check(dest: &str) -> Option<(String, Option<String>)> {
    if dest.contains("{{") || dest.contains("{%") {
        return None;
    }
    if dest.chars().any(char::is_whitespace) && (dest.contains("://") || dest.starts_with("http")) {
        return Some(("URL contains white space".into(), None));
    }
    // The common case, `https://host...`, is what the scheme check accepts anyway.
    let plain = ["https://", "http://"].iter().any(|p| {
        dest.strip_prefix(p)
            .is_some_and(|rest| !rest.starts_with('/'))
    });
    if let Some(c) = (!plain).then(|| SCHEME_TYPO.captures(dest)).flatten() {
        let scheme = c[1].to_lowercase();
        let sep = &c[2];
        let rest = &c[3];
        let good_scheme = scheme == "http" || scheme == "https";
        if good_scheme && sep == ":///" {
            return Some(("URL has no host".into(), None));
        }
        if !(good_scheme && sep == "://") {
            if rest.is_empty() {
                // `https://` alone is a placeholder, not a malformed URL.
                return None;
            }
            let fixed_scheme = if scheme.contains('s') && scheme != "ttp" && scheme != "htp" {
                "https"
            } else {
                "http"
            };
            let fixed = format!("{fixed_scheme}://{}", rest.trim_start_matches(['/', '\\']));
            let valid = url::Url::parse(&fixed)
                .is_ok_and(|u| u.host_str().is_some_and(|h| h.contains('.')));
            return Some((
                format!("malformed URL scheme `{scheme}{sep}`"),
                valid.then_some(fixed),
            ));
        }
    }
    if let Some((scheme, rest)) = dest.split_once("://") {
        if rest.is_empty() {
            return None;
        }
        if rest.starts_with('/')
            && (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        {
            return Some(("URL has no host".into(), None));
        }
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        {
            let lower = scheme.to_lowercase();
            if !KNOWN_SCHEMES.contains(&lower.as_str()) {
                return Some((format!("unknown URL scheme `{scheme}:`"), None));
            }
            let web = lower == "http" || lower == "https";
            if web && plain_web_authority(rest) {
                return None;
            }
            match url::Url::parse(dest) {
                Err(e) => return Some((format!("URL does not parse: {e}"), None)),
                Ok(u) if web && u.host_str().is_none_or(str::is_empty) => {
                    return Some(("URL has no host".into(), None))
                }
                Ok(_) => {}
            }
        }
    }
    None
}

/// Does `rest`, what follows `http://` or `https://`, start with a host the URL parser
/// accepts as it is: ASCII letters, digits, `-` and `.`, no user, no port, no punycode
/// label (`xn--`, which the parser decodes and may reject) and a last label that starts
/// with a letter (a numeric one makes the parser read an IPv4 address). The path, query
/// and fragment cannot make such a URL fail: the parser escapes what needs escaping. Most
/// links are like this, and are then not parsed at all.
fn plain_web_authority(rest: &str) -> bool {
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let host = &rest[..end];
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return false;
    }
    let labels = host.strip_suffix('.').unwrap_or(host);
    let last_starts_with_letter = labels
        .rsplit('.')
        .next()
        .and_then(|l| l.as_bytes().first())
        .is_some_and(u8::is_ascii_alphabetic);
    last_starts_with_letter
        && !labels
            .split('.')
            .any(|l| l.len() >= 4 && l[..4].eq_ignore_ascii_case("xn--"))
}

impl Rule for BadUrl {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        for link in &doc.links {
            let Some((message, fixed)) = check(link.dest.trim()) else {
                continue;
            };
            let range = link.dest_range.clone().unwrap_or(link.range.clone());
            // Where the URL is written: inline, inside `<...>`, or in the reference
            // definition. Without that, no edit (it would replace the whole link).
            let written = link.dest_range.clone().or(link.definition.clone());
            let mut f = Finding::new(range, message);
            f = match (fixed, written) {
                (Some(u), Some(at)) => f
                    .help(format!("did you mean `{u}`?"))
                    .fix(Fix::safe(at, u)),
                (Some(u), None) => f.help(format!("did you mean `{u}`?")),
                (None, _) => f.help("write the full URL, e.g. `https://example.org/page`"),
            };
            ctx.report(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::test_support::lint_rule;

    #[test]
    fn plain_hosts_are_those_the_url_parser_accepts() {
        let pieces = [
            "a", "Z", "x1", "-", ".", "..", "xn--", "XN--a", "0x1f", "12", "999", "/", "?", "#",
            "\\", "@", ":", ":80", "%41", "é", "_", " ", "\u{1}", "[::1]", "~", "%",
        ];
        let mut rng = crate::test_rng::Rng(0x0b4d_0721);
        let mut plain = 0;
        for _ in 0..40_000 {
            let rest: String = (0..1 + rng.below(8)).map(|_| rng.pick(&pieces)).collect();
            if !super::plain_web_authority(&rest) {
                continue;
            }
            plain += 1;
            for scheme in ["http", "HTTPS"] {
                let u = url::Url::parse(&format!("{scheme}://{rest}"));
                assert!(
                    u.as_ref()
                        .is_ok_and(|u| u.host_str().is_some_and(|h| !h.is_empty())),
                    "{scheme}://{rest}: {u:?}"
                );
            }
        }
        assert!(plain > 1_000, "{plain}");
    }

    #[test]
    fn broken_urls() {
        assert_eq!(
            check("htps://x.org/a").unwrap().1.as_deref(),
            Some("https://x.org/a")
        );
        assert_eq!(
            check("http//youtube.com/w").unwrap().1.as_deref(),
            Some("http://youtube.com/w")
        );
        assert_eq!(
            check("https:/x.org").unwrap().1.as_deref(),
            Some("https://x.org")
        );
        assert!(check("https:///path").unwrap().0.contains("no host"));
        assert!(check("wwww://x.org")
            .unwrap()
            .0
            .contains("unknown URL scheme"));
        assert!(check("https://x.org/a b")
            .unwrap()
            .0
            .contains("white space"));
    }

    #[test]
    fn fine_urls() {
        for ok in [
            "https://x.org/a?b=c#d",
            "http://localhost:8000",
            "mailto:a@b.org",
            "tel:+123",
            "/2020/01/01/x.html",
            "../x.md",
            "#frag",
            "https://",
            "TODO",
            "{{ site.url }}/x",
            "ssh://git@github.com/x",
            "data:image/png;base64,xx",
            "rsync://mirror.example.org/ruby/",
            "svn+ssh://svn.example.org/repo",
        ] {
            assert!(check(ok).is_none(), "{ok}: {:?}", check(ok));
        }
    }

    #[test]
    fn points_at_the_destination() {
        let f = lint_rule(
            &super::BadUrl,
            "See [slides](htps://x.org/s) and `[x](htps://y)`.\n",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].1, "malformed URL scheme `htps://`");
    }
}
