//! Inline suppression comments:
//! `<!-- postlint-disable RULE ... -->` … `<!-- postlint-enable RULE ... -->` and
//! `<!-- postlint-disable-next-line RULE ... -->`; no RULE means every rule.

use std::sync::LazyLock;

use regex::Regex;

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*postlint-(disable-next-line|disable|enable)\b([^>]*?)\s*-->")
        .expect("suppression regex")
});

/// Which rules are off on which (0-based) lines.
#[derive(Debug, Default, Clone)]
pub struct Suppressions {
    /// (rule or None for all, first line, last line inclusive)
    spans: Vec<(Option<String>, usize, usize)>,
}

/// A suppression comment found in an HTML block or inline HTML.
#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: DirectiveKind,
    pub rules: Vec<String>,
    /// 0-based line where the comment ends.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableNextLine,
}

/// Parse the directives in one HTML fragment whose comment ends on `line_of(offset)`.
pub fn directives(html: &str, base: usize, line_of: impl Fn(usize) -> usize) -> Vec<Directive> {
    COMMENT
        .captures_iter(html)
        .map(|c| {
            let kind = match &c[1] {
                "disable-next-line" => DirectiveKind::DisableNextLine,
                "disable" => DirectiveKind::Disable,
                _ => DirectiveKind::Enable,
            };
            let rules = c[2]
                .split(|ch: char| ch == ',' || ch.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let end = c.get(0).expect("match").end();
            Directive {
                kind,
                rules,
                line: line_of(base + end.saturating_sub(1)),
            }
        })
        .collect()
}

impl Suppressions {
    /// Build from directives in document order. `next_content_line(l)` gives the first
    /// non-blank line after `l`.
    pub fn build(
        directives: &[Directive],
        last_line: usize,
        next_content_line: impl Fn(usize) -> usize,
    ) -> Self {
        let mut spans = Vec::new();
        // Open regions: rule (None = all) -> start line.
        let mut open: Vec<(Option<String>, usize)> = Vec::new();
        for d in directives {
            let targets: Vec<Option<String>> = if d.rules.is_empty() {
                vec![None]
            } else {
                d.rules.iter().cloned().map(Some).collect()
            };
            match d.kind {
                DirectiveKind::DisableNextLine => {
                    let line = next_content_line(d.line);
                    for t in targets {
                        spans.push((t, line, line));
                    }
                }
                DirectiveKind::Disable => {
                    for t in targets {
                        if !open.iter().any(|(r, _)| *r == t) {
                            open.push((t, d.line));
                        }
                    }
                }
                DirectiveKind::Enable => {
                    for t in targets {
                        // `enable` with no rule closes every open region.
                        let closes: Vec<usize> = open
                            .iter()
                            .enumerate()
                            .filter(|(_, (r, _))| t.is_none() || *r == t)
                            .map(|(i, _)| i)
                            .collect();
                        for i in closes.into_iter().rev() {
                            let (r, start) = open.remove(i);
                            spans.push((r, start, d.line));
                        }
                    }
                }
            }
        }
        for (r, start) in open {
            spans.push((r, start, last_line));
        }
        Self { spans }
    }

    /// Is `rule` suppressed on 0-based `line`?
    pub fn is_suppressed(&self, rule: &str, line: usize) -> bool {
        self.spans
            .iter()
            .any(|(r, a, b)| (*a..=*b).contains(&line) && r.as_deref().is_none_or(|r| r == rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_next_line() {
        let ds = vec![
            Directive {
                kind: DirectiveKind::Disable,
                rules: vec!["placeholder".into()],
                line: 2,
            },
            Directive {
                kind: DirectiveKind::Enable,
                rules: vec!["placeholder".into()],
                line: 5,
            },
            Directive {
                kind: DirectiveKind::DisableNextLine,
                rules: vec![],
                line: 8,
            },
        ];
        let s = Suppressions::build(&ds, 20, |l| l + 2);
        assert!(s.is_suppressed("placeholder", 3));
        assert!(!s.is_suppressed("empty-section", 3));
        assert!(!s.is_suppressed("placeholder", 6));
        assert!(s.is_suppressed("empty-section", 10));
        assert!(!s.is_suppressed("empty-section", 9));
    }

    #[test]
    fn parses_rule_lists() {
        let d = directives(
            "<!-- postlint-disable placeholder, empty-section -->",
            0,
            |_| 0,
        );
        assert_eq!(d[0].rules, ["placeholder", "empty-section"]);
        assert_eq!(d[0].kind, DirectiveKind::Disable);
        assert!(directives("<!-- postlint-disabled -->", 0, |_| 0).is_empty());
    }
}
