//! Rules about the file itself: front-matter syntax, and the findings the engine reports
//! when a file cannot be read as text.

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, FrontMatterFormat};
use crate::rule::{Ctx, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Reports front matter that Jekyll cannot read: an opening `---` (or `+++`) with no
    /// closing fence, and YAML (or TOML) syntax errors, duplicate keys and a block that is
    /// not a mapping, at the line and column of the problem.
    ///
    /// ## Why is this bad?
    /// Jekyll fails the build, or renders the post without its title and layout.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: "Dask Summit
    /// ---
    /// ```
    ///
    /// ## Not flagged
    /// A file that does not start with a fence has no front matter; a `---` further down is
    /// a thematic break or a setext underline.
    ///
    /// ## Fix
    /// None.
    pub static META = {
        name: "front-matter-syntax",
        summary: "front matter that does not parse or is not closed",
        severity: Severity::Error,
        fixable: false,
    }
}

declare_rule! {
    /// ## What it does
    /// Reported when a file cannot be read: permission denied, a path that vanished, a
    /// directory loop. The other files are still checked, and the exit status is 2.
    ///
    /// ## Why is this bad?
    /// A file postlint cannot read is a file nobody checked.
    ///
    /// ## Example
    /// `_posts/2020-01-01-x.md: permission denied`
    ///
    /// ## Not flagged
    /// Files skipped on purpose (ignored by `.gitignore`, under `_site/`).
    ///
    /// ## Fix
    /// None.
    pub static IO_ERROR = {
        name: "io-error",
        summary: "file or folder that cannot be read",
        severity: Severity::Error,
        fixable: false,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a file that is not valid UTF-8, at the first invalid byte (line, column and
    /// byte offset). The rest of the file is not checked.
    ///
    /// ## Why is this bad?
    /// Jekyll expects UTF-8; a stray Latin-1 byte shows up as mojibake or breaks the build.
    ///
    /// ## Example
    /// A post saved as Windows-1252 with `café` in it.
    ///
    /// ## Not flagged
    /// A UTF-8 byte-order mark.
    ///
    /// ## Fix
    /// None: re-save the file as UTF-8.
    pub static INVALID_UTF8 = {
        name: "invalid-utf8",
        summary: "file that is not valid UTF-8",
        severity: Severity::Error,
        fixable: false,
    }
}

declare_rule! {
    /// ## What it does
    /// Notes a file that holds NUL bytes (an image or archive with a `.md` name, say) and
    /// skips it.
    ///
    /// ## Why is this bad?
    /// It is not a post; it is only reported so that nothing is skipped silently.
    ///
    /// ## Example
    /// `_posts/photo.md` that is really a PNG.
    ///
    /// ## Not flagged
    /// Text files.
    ///
    /// ## Fix
    /// None.
    pub static BINARY_FILE = {
        name: "binary-file",
        summary: "binary file skipped",
        severity: Severity::Info,
        fixable: false,
    }
}

declare_rule! {
    /// ## What it does
    /// Notes a file larger than `--max-file-size` (10 MB by default) and skips it.
    ///
    /// ## Why is this bad?
    /// A blog post is a few kilobytes; a file of megabytes is a data dump or a generated
    /// file with a `.md` name, and checking it would only slow every run down.
    ///
    /// ## Example
    /// `_posts/2020-01-01-export.md` of 50 MB.
    ///
    /// ## Not flagged
    /// Files up to the limit; raise it with `--max-file-size`.
    ///
    /// ## Fix
    /// None.
    pub static TOO_LARGE = {
        name: "file-too-large",
        summary: "file over --max-file-size, skipped",
        severity: Severity::Info,
        fixable: false,
    }
}

declare_rule! {
    /// ## What it does
    /// Reported when postlint itself fails on a file: a bug (a panic) while parsing it or
    /// in one of its rules. The message names the rule and what went wrong. The other rules
    /// still run on the file when the parse succeeded, the other files are still checked,
    /// and the exit status is 2.
    ///
    /// ## Why is this bad?
    /// Part of the file went unchecked. Please report it with the file (or the smallest
    /// part of it that still fails).
    ///
    /// ## Example
    /// `_posts/2020-01-01-x.md: internal error in rule `name-case`: ...`
    ///
    /// ## Not flagged
    /// Anything that is not a bug in postlint.
    ///
    /// ## Fix
    /// None.
    pub static INTERNAL_ERROR = {
        name: "internal-error",
        summary: "postlint failed on this file (a bug); other files still checked",
        severity: Severity::Error,
        fixable: false,
    }
}

pub struct FrontMatterSyntax;

impl Rule for FrontMatterSyntax {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let Some(fm) = &doc.front_matter else { return };
        let fence = match fm.format {
            FrontMatterFormat::Yaml => "---",
            FrontMatterFormat::Toml => "+++",
        };
        if !fm.closed {
            let open = fm.range.start..fm.range.start + 3;
            ctx.report(
                Finding::new(open, "front matter is never closed")
                    .help(format!(
                        "add a line `{fence}` after the last front-matter key; until then Jekyll treats the whole file as content"
                    )),
            );
            return;
        }
        if let Some(err) = &fm.error {
            let lang = match fm.format {
                FrontMatterFormat::Yaml => "YAML",
                FrontMatterFormat::Toml => "TOML",
            };
            let mut range = err.range.clone();
            if range.is_empty() {
                let end = doc.text[range.start..]
                    .chars()
                    .next()
                    .map_or(range.start, |c| range.start + c.len_utf8());
                range = range.start..end;
            }
            ctx.report(
                Finding::new(
                    range,
                    format!("invalid {lang} in front matter: {}", err.message),
                )
                .help("fix the syntax; Jekyll cannot build the post until it parses"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn unterminated_front_matter() {
        let f = lint_rule(&super::FrontMatterSyntax, "---\ntitle: x\n\n# H\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 1);
        assert!(f[0].1.contains("never closed"));
    }

    #[test]
    fn yaml_error_points_at_its_line() {
        let f = lint_rule(
            &super::FrontMatterSyntax,
            "---\nlayout: post\ntags: [a, b\n---\nx\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].0 >= 3 && f[0].0 <= 4, "{f:?}");
    }

    #[test]
    fn duplicate_key_is_reported() {
        let f = lint_rule(
            &super::FrontMatterSyntax,
            "---\ntitle: a\ntitle: b\n---\nx\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 3, "{f:?}");
    }

    #[test]
    fn valid_and_absent_front_matter_are_fine() {
        assert!(lint_rule(&super::FrontMatterSyntax, "---\ntitle: a\n---\nx\n").is_empty());
        assert!(lint_rule(&super::FrontMatterSyntax, "# Title\n\n---\n\nx\n").is_empty());
        assert!(lint_rule(&super::FrontMatterSyntax, "---\n---\nx\n").is_empty());
    }

    #[test]
    fn list_front_matter_is_not_a_mapping() {
        let f = lint_rule(&super::FrontMatterSyntax, "---\n- a\n- b\n---\nx\n");
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
