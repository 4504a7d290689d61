pub mod diagnostic;
pub mod document;
pub mod packs;
pub mod rule;
pub mod rules;
pub mod source;
pub mod cli { pub fn run() -> i32 { 0 } }
