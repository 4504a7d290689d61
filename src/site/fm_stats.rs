//! Front-matter conventions of a site, learned from its posts in one pass.

use std::collections::BTreeMap;

use crate::document::Document;

/// How the posts of one site use one front-matter key.
#[derive(Debug, Default, Clone)]
pub struct KeyStats {
    /// Posts that have the key (written, or given by `defaults:`).
    pub present: u32,
    /// Posts that write it, by value type (`string`, `list`...).
    pub types: BTreeMap<&'static str, u32>,
    /// Posts that write it, by the form of a string value (`date`, `date-time`...).
    pub shapes: BTreeMap<&'static str, u32>,
    /// Posts where it is empty.
    pub empty: u32,
    /// One example value per shape, for messages.
    pub examples: BTreeMap<&'static str, String>,
}

/// Front-matter conventions of one site, learned from its posts in one pass.
#[derive(Debug, Default, Clone)]
pub struct FmStats {
    /// Posts with readable front matter.
    pub posts: u32,
    /// Posts whose file name and `date:` both name a day, and how many of them name the
    /// same day: whether the site keeps the two in step.
    pub dated: u32,
    pub dated_agree: u32,
    pub keys: BTreeMap<String, KeyStats>,
    /// For list-like keys (`tags`, `categories`): value → number of posts using it.
    pub values: BTreeMap<String, BTreeMap<String, u32>>,
    /// `values` with each spelling's lowercase form, made on first use (once per site, not
    /// once per post and tag).
    lowered: std::sync::OnceLock<BTreeMap<String, Vec<Spelling>>>,
}

/// One spelling of a tag or category on a site: as written, lowercased, and in how many
/// posts.
#[derive(Debug, Clone)]
pub struct Spelling {
    pub text: String,
    pub lower: String,
    pub posts: u32,
}

/// Keys whose values are Jekyll's classifications (case-sensitive tag and category pages).
pub const LIST_KEYS: [&str; 3] = ["tags", "categories", "category"];

impl FmStats {
    /// Add the counts of `later`, gathered from documents after this one's.
    pub(crate) fn merge(&mut self, later: FmStats) {
        // Destructured, so that a new field cannot be forgotten here.
        let FmStats {
            posts,
            dated,
            dated_agree,
            keys,
            values,
            lowered: _,
        } = later;
        self.posts += posts;
        self.dated += dated;
        self.dated_agree += dated_agree;
        for (key, k) in keys {
            let KeyStats {
                present,
                types,
                shapes,
                empty,
                examples,
            } = k;
            let mine = self.keys.entry(key).or_default();
            mine.present += present;
            mine.empty += empty;
            for (t, n) in types {
                *mine.types.entry(t).or_default() += n;
            }
            for (shape, n) in shapes {
                *mine.shapes.entry(shape).or_default() += n;
            }
            for (shape, example) in examples {
                mine.examples.entry(shape).or_insert(example);
            }
        }
        for (key, counts) in values {
            let mine = self.values.entry(key).or_default();
            for (v, n) in counts {
                *mine.entry(v).or_default() += n;
            }
        }
    }

    /// The spellings other posts use for the list-like `key` (see [`LIST_KEYS`]).
    pub fn spellings(&self, key: &str) -> &[Spelling] {
        let lowered = self.lowered.get_or_init(|| {
            self.values
                .iter()
                .map(|(k, counts)| {
                    let spellings = counts
                        .iter()
                        .map(|(v, &posts)| Spelling {
                            text: v.clone(),
                            lower: v.to_lowercase(),
                            posts,
                        })
                        .collect();
                    (k.clone(), spellings)
                })
                .collect()
        });
        lowered.get(key).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn add(&mut self, doc: &Document, default_keys: &[String]) {
        let Some(fm) = doc.readable_front_matter() else {
            return;
        };
        self.posts += 1;
        if let Some(agree) = date_agrees(doc, fm) {
            self.dated += 1;
            self.dated_agree += u32::from(agree);
        }
        let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        for e in &fm.entries {
            if !seen.insert(e.key.as_str()) {
                continue;
            }
            let k = self.keys.entry(e.key.clone()).or_default();
            k.present += 1;
            *k.types.entry(e.value.type_name()).or_default() += 1;
            if let Some(shape) = e.value.shape() {
                *k.shapes.entry(shape).or_default() += 1;
                k.examples
                    .entry(shape)
                    .or_insert_with(|| e.value.as_str().unwrap_or("").to_string());
            }
            k.empty += u32::from(e.value.is_empty());
            if LIST_KEYS.contains(&e.key.as_str()) {
                let mut vals = e.value.strings();
                vals.sort();
                vals.dedup();
                let counts = self.values.entry(e.key.clone()).or_default();
                for v in vals {
                    *counts.entry(v).or_default() += 1;
                }
            }
        }
        for d in default_keys {
            if seen.insert(d.as_str()) {
                self.keys.entry(d.clone()).or_default().present += 1;
            }
        }
    }
}

/// Does the post's `date:` name the day its file name names? `None` when either names no
/// day.
pub fn date_agrees(doc: &Document, fm: &crate::document::FrontMatter) -> Option<bool> {
    use crate::document::front_matter::{file_name_date, valid_ymd, written_day};
    let stem = doc.source.path.as_ref()?.file_stem()?.to_str()?;
    let (y, m, d, _) = file_name_date(stem)?;
    if !valid_ymd(y, m, d) {
        return None;
    }
    let written = written_day(fm.get("date")?.value.as_str()?)?;
    Some(written == (y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn statistics_merged_from_two_runs_equal_one_pass() {
        let fronts = [
            "title: A\ndate: 2020-01-02\ntags: [python, Dask]",
            "title: B\ndate: 2020-01-03 10:00:00\ntags: [Python]\nlayout: post",
            "title: \"\"\ndate: 2020/01/04\ntags: []",
            "title: D\nauthor: me\ntags: [dask, python]\ncategories: [news]",
            "title: E\ndate: 2021-05-06\ncategories: news",
        ];
        let files: Vec<SourceFile> = fronts
            .iter()
            .map(|f| SourceFile::new("p.md", None, format!("---\n{f}\n---\nBody\n")))
            .collect();
        let docs: Vec<Document> = files.iter().map(Document::parse).collect();
        let defaults = vec!["layout".to_string()];
        let mut whole = FmStats::default();
        for d in &docs {
            whole.add(d, &defaults);
        }
        for split in 0..=docs.len() {
            let (mut a, mut b) = (FmStats::default(), FmStats::default());
            for d in &docs[..split] {
                a.add(d, &defaults);
            }
            for d in &docs[split..] {
                b.add(d, &defaults);
            }
            a.merge(b);
            assert_eq!(format!("{a:?}"), format!("{whole:?}"), "split at {split}");
        }
        // The first post's example of a shape is kept, wherever the split falls.
        assert_eq!(whole.keys["date"].examples["date"], "2020-01-02");
        assert!(whole.keys["date"].examples.len() >= 2);
    }
}
