//! Arbitrary bytes through document parsing, every rule, and fix application.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint::engine::Profile;
use std::sync::OnceLock;

#[path = "../exercise.rs"]
mod exercise;

static PROFILE: OnceLock<Profile> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let profile = PROFILE.get_or_init(|| Profile::load(None).expect("default profile"));
    exercise::exercise(data, profile);
});
