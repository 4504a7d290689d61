//! Inputs of the language server's fuzz target (`fuzz/`, `cargo +nightly fuzz run lsp`)
//! kept as regression tests: the battery's bad input written in the target's format, and
//! any input the fuzzer found failing. Each goes through the fuzz target's own steps
//! (`fuzz/lsp_exercise.rs`): the server in-process, no panic, valid replies.

#[path = "../fuzz/lsp_exercise.rs"]
mod lsp_exercise;

#[test]
fn language_server_inputs_found_by_fuzzing_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("lsp-") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        lsp_exercise::exercise(&data);
        n += 1;
    }
    assert!(n > 0, "the regression inputs are present");
}
