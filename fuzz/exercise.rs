//! What the fuzz target does with one input; shared with `tests/fuzz_regressions.rs` so the
//! regression tests replay exactly what the fuzzer ran.

use postlint::diagnostic::Diagnostic;
use postlint::engine::{lint_source, Profile};
use postlint::fix::{self, FixMode};
use postlint::source::SourceFile;

/// Arbitrary bytes through document parsing, every rule and fix application.
pub fn exercise(data: &[u8], profile: &Profile) {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new("fuzz.md", None, text.clone());
    let diags = lint_source(&file, profile, |m| Some(m.default_severity));
    no_internal_error(&diags);
    for d in &diags {
        assert!(d.range.start <= d.range.end && d.range.end <= text.len());
        let _ = file.position(d.range.end);
    }
    let refs: Vec<&Diagnostic> = diags.iter().collect();
    let (fixed, _) = fix::apply(&text, &refs, FixMode { unsafe_fixes: true });
    let again = SourceFile::new("fuzz.md", None, fixed);
    no_internal_error(&lint_source(&again, profile, |m| Some(m.default_severity)));
}

/// The engine turns a rule's panic into an `internal-error` diagnostic so that a run goes
/// on; here it must stay a crash, for the fuzzer to see and the regression tests to fail.
fn no_internal_error(diags: &[Diagnostic]) {
    let internal = &postlint::rules::engine_notes::INTERNAL_ERROR;
    if let Some(d) = diags.iter().find(|d| d.rule == internal.name) {
        panic!("{}", d.message);
    }
}
