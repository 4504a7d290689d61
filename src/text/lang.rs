//! Is a post written in English? The prose rules that know English words (placeholder
//! markers such as `todo`, which is Spanish and Portuguese for "all", misspellings, names)
//! stay silent on a post that is not. Decided from what the author says first (`lang:` in
//! the front matter or `_config.yml`, a language folder such as `es/` or `_posts/pt-br/`),
//! then from the words: a post whose words are mostly not English words is not English.

use super::dictionary;
use super::words::Word;

/// ISO 639-1 codes: a folder named after one (or `xx_yy`, `xx-YY`) holds that language.
const CODES: &[&str] = &[
    "af", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es",
    "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it",
    "ja", "ka", "kk", "km", "kn", "ko", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "ne",
    "nl", "nn", "no", "pa", "pl", "pt", "ro", "ru", "si", "sk", "sl", "sq", "sr", "sv", "sw", "ta",
    "te", "th", "tl", "tr", "uk", "ur", "uz", "vi", "zh",
];

/// The language a tag names (`es`, `pt-BR`, `zh_cn`, `English`), lowercased to its code,
/// if it names one.
pub fn code(tag: &str) -> Option<String> {
    let t = tag.trim().to_ascii_lowercase();
    if t == "english" {
        return Some("en".into());
    }
    let primary = t.split(['-', '_']).next()?;
    let rest_ok = t[primary.len()..]
        .trim_start_matches(['-', '_'])
        .chars()
        .all(|c| c.is_ascii_alphabetic());
    (CODES.contains(&primary) && rest_ok && t.len() <= 7).then(|| primary.to_string())
}

/// The language of a path's folders, from the nearest named one (`es/news/_posts/x.md`,
/// `_posts/pt-br/x.md`).
pub fn of_path<'a>(folders: impl DoubleEndedIterator<Item = &'a str>) -> Option<String> {
    folders.rev().find_map(code)
}

/// Are `words` mostly English? `None` when there are too few to tell (under 20 words of
/// three letters or more in lower case).
pub fn words_are_english(words: &[Word]) -> Option<bool> {
    let dict = dictionary::get();
    let mut lower = String::new();
    let (mut known, mut total) = (0u32, 0u32);
    for w in words {
        let t = w.text;
        if t.len() < 3 || !t.chars().all(char::is_alphabetic) || t.chars().any(char::is_uppercase) {
            continue;
        }
        lower.clear();
        lower.push_str(t);
        total += 1;
        known += u32::from(dict.is_known(&lower));
    }
    (total >= 20).then_some(known * 2 >= total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::source::SourceFile;

    #[test]
    fn codes_and_folders() {
        assert_eq!(code("es").as_deref(), Some("es"));
        assert_eq!(code("pt-BR").as_deref(), Some("pt"));
        assert_eq!(code("zh_cn").as_deref(), Some("zh"));
        assert_eq!(code("English").as_deref(), Some("en"));
        assert_eq!(code("news"), None);
        assert_eq!(code("_posts"), None);
        assert_eq!(code("assets"), None);
        assert_eq!(
            of_path(["es", "news", "_posts"].into_iter()).as_deref(),
            Some("es")
        );
        assert_eq!(
            of_path(["_posts", "pt-br"].into_iter()).as_deref(),
            Some("pt")
        );
        assert_eq!(of_path(["blog", "_posts"].into_iter()), None);
    }

    fn english(text: &str) -> Option<bool> {
        let f = SourceFile::new("t.md", None, text.to_string());
        let doc = Document::parse(&f);
        words_are_english(doc.words())
    }

    #[test]
    fn words_tell_a_post_that_is_not_english() {
        let es = "Hoy publicamos la nueva versión del proyecto. Todo el equipo trabajó mucho para que esta entrega llegue a tiempo, y queremos agradecer a todas las personas que enviaron correcciones, pruebas y sugerencias durante estos meses de desarrollo.";
        assert_eq!(english(es), Some(false));
        let en = "Today we released the new version of the project. The whole team worked hard so that this release would arrive on time, and we want to thank everyone who sent fixes, tests and suggestions during these months of work.";
        assert_eq!(english(en), Some(true));
        assert_eq!(english("Todo bien."), None);
    }
}
