//! Inputs the fuzzer (`fuzz/`, `cargo +nightly fuzz run lint`) found crashing, kept as
//! regression tests: each goes through the same steps as the fuzz target.

use postlint::diagnostic::Diagnostic;
use postlint::fix::{self, FixMode};
use postlint::lint::{lint_source, Profile};
use postlint::source::SourceFile;

fn exercise(data: &[u8], profile: &Profile) {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new("fuzz.md", None, text.clone());
    let diags = lint_source(&file, profile, |m| Some(m.default_severity));
    for d in &diags {
        assert!(d.range.start <= d.range.end && d.range.end <= text.len());
        let _ = file.position(d.range.end);
    }
    let refs: Vec<&Diagnostic> = diags.iter().collect();
    let (fixed, _) = fix::apply(&text, &refs, FixMode { unsafe_fixes: true });
    let _ = lint_source(&SourceFile::new("fuzz.md", None, fixed), profile, |m| {
        Some(m.default_severity)
    });
}

#[test]
fn crashes_found_by_fuzzing_stay_fixed() {
    let profile = Profile::load(None).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let data = std::fs::read(e.unwrap().path()).unwrap();
        exercise(&data, &profile);
        n += 1;
    }
    assert!(n > 0, "the regression inputs are present");
}
