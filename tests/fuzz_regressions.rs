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
        let data = std::fs::read(e.unwrap().path()).unwrap();
        exercise::exercise(&data, &profile);
        n += 1;
    }
    assert!(n > 0, "the regression inputs are present");
}
