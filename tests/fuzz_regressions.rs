//! Inputs the fuzzer (`fuzz/`, `cargo +nightly fuzz run lint`) found crashing, kept as
//! regression tests: each goes through the fuzz target's own steps (`fuzz/exercise.rs`).

use postlint::engine::Profile;

#[path = "../fuzz/exercise.rs"]
mod exercise;

#[test]
fn crashes_found_by_fuzzing_stay_fixed() {
    let profile = Profile::load(None).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        // `lsp-*` inputs are the language server target's (`tests/lsp_fuzz_regressions.rs`).
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("lsp-"))
        {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        exercise::exercise(&data, &profile);
        n += 1;
    }
    assert!(n > 0, "the regression inputs are present");
}
