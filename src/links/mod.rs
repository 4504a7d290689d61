//! Links: heading ids, the Jekyll site model, and resolving a link to what it points at.

pub mod ids;
pub mod jekyll;
pub mod online;
pub mod resolve;
