//! Arbitrary bytes and sequences of framed messages through the language server,
//! in-process: no panic, valid replies, bounded memory. See `fuzz/lsp_exercise.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../lsp_exercise.rs"]
mod lsp_exercise;

fuzz_target!(|data: &[u8]| {
    lsp_exercise::exercise(data);
});
