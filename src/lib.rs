//! postlint: a linter and completeness checker for Markdown blog posts.
//!
//! The library is what the binary, the tests and (later) the language server share.
//! See `ARCHITECTURE.md` for the data flow.

pub mod cli;
pub mod config;
pub mod debug;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod engine;
pub mod fix;
pub mod git;
pub mod init;
pub mod lsp;
pub mod names;
pub mod online;
pub mod packs;
pub mod registry;
pub mod render;
pub mod rule;
pub mod rules;
pub mod site;
pub mod source;
pub mod text;
pub mod timings;
pub mod util;
pub mod vocab;

#[cfg(test)]
#[path = "../tests/common/rng.rs"]
mod test_rng;
