//! The engine's own notes about inputs it could not check: `io-error`, `invalid-utf8`,
//! `binary-file`, `file-too-large` and `internal-error`. No rule code: the engine reports
//! them while reading and checking (see `engine::load`), under these names.

use crate::declare_rule;
use crate::diagnostic::Severity;
use crate::rule::FixAvailability;

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
        fix: FixAvailability::Never,
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
        fix: FixAvailability::Never,
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
        fix: FixAvailability::Never,
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
        fix: FixAvailability::Never,
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
        fix: FixAvailability::Never,
    }
}

