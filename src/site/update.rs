//! One document of a built site changes (an editor's buffer): the index is updated in place
//! to what [`Site::build`] makes of the site with the new text, when the change stays
//! within what the document alone contributes. The language server keeps a site's index
//! this way instead of reading and indexing the whole site on every keystroke.

use super::ids::IdStyle;
use super::{DocInfo, Needs, Site};
use crate::document::Document;

/// What an in-place update changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Updated {
    /// Something other documents' checks read changed too (the document's heading and
    /// element ids, the site's vocabulary or word counts): documents linking to it, or
    /// sharing words with
    /// it, may have other findings now.
    pub shared: bool,
}

impl Site {
    /// Document `i` changed from `old` to `new` (the same file). Updates its entry, the
    /// site's vocabulary and word counts, as a fresh build over every document would make
    /// them, and returns what changed; `None`, leaving the index as it was, when the change
    /// reaches what the site publishes (its URLs, post name, redirects, tags, what kind of
    /// file it is) or the language it declares: then only a build over every document
    /// gives the right index. `style`: its
    /// profile's heading-id style, as given to the build. Front-matter statistics are the
    /// caller's (they need every post's front matter).
    pub fn update(
        &mut self,
        i: usize,
        old: &Document,
        new: &Document,
        style: Option<IdStyle>,
    ) -> Option<Updated> {
        let info = self.docs.get(i)?;
        let (path, jekyll) = (info.path.clone(), info.jekyll);
        let loose = self.fm_stats.len().checked_sub(1)?;
        let (was, was_out) = self.describe(old, path.clone(), jekyll, style, loose);
        let (mut now, now_out) = self.describe(new, path, jekyll, style, loose);
        if was_out != now_out || !same_place(&was, &now) || !same_place(&was, info) {
            return None;
        }
        if now.jekyll.is_some() {
            now.url = now_out.urls.first().cloned();
        }
        let ids = was.ids != now.ids
            || was.heading_ids != now.heading_ids
            || was.ids_complete != now.ids_complete;
        // As the build tells them (the language is part of the place: unchanged).
        let english = now.lang.as_deref().is_none_or(|l| l == "en");
        self.docs[i] = now;
        let names =
            self.needs.contains(Needs::VOCABULARY) && self.vocabulary.update(old, new, english);
        let words = self.needs.contains(Needs::WORDS) && self.words.update(old, new, english);
        Some(Updated {
            shared: ids || names || words,
        })
    }
}

/// The parts of two descriptions of one file that place it in the site.
fn same_place(a: &DocInfo, b: &DocInfo) -> bool {
    a.path == b.path
        && a.jekyll == b.jekyll
        && a.rel == b.rel
        && a.is_post == b.is_post
        && a.published == b.published
        && a.kind == b.kind
        && a.default_keys == b.default_keys
        && a.fm_group == b.fm_group
        && a.lang == b.lang
}
