//! `name-spelling`: near misses of canonical names, and of names the site itself uses often.

use std::sync::Arc;

use crate::declare_rule;
use crate::diagnostic::{Severity, Applicability, Edit, Finding, Fix};
use crate::text::words::Word;
use crate::document::Document;
use crate::names::{MatchKind, NameIndex, NameMatch};
use crate::text::dictionary;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds names written almost right: a word or phrase in prose within a small edit distance of
    /// a canonical name (optimal string alignment: a swap of two neighbouring letters counts as one
    /// edit). Names of 4–7 letters allow one edit, longer ones two; the first letter must match.
    /// Multi-word names are matched word by word, so `Dask Dwon Under` and `Howard Hughes Medial
    /// Institute` are found. Canonical names come from `names` entries of the rule packs
    /// (`rules/names.yml` and yours).
    ///
    /// It also learns the site's own vocabulary: a capitalised word used at least 3 times across
    /// the checked files and the site's other posts is canonical for the run, and a word used once
    /// within one edit of it is reported (`RAPDIS` when `RAPIDS` is used 14 times).
    ///
    /// ## Why is this bad?
    /// A misspelt organisation or project name is the most embarrassing typo in a recap, and
    /// spell checkers either miss it or flag every proper noun.
    ///
    /// ## Example
    /// ```markdown
    /// Captial One hosted the Dask Dwon Under meetup with the RAPDIS team.
    /// ```
    ///
    /// ## Not flagged
    /// - in posts in other languages, a word one letter from a name that has no capital
    ///   inside (`Kelas`, `Isto` are Indonesian and Portuguese words), unless two letters are
    ///   swapped (`Pyhton`); the singular of a name in the plural (`RubyGem`);
    /// - real English words (an embedded dictionary guards single words: `Dusk` is not `Dask`);
    /// - lowercase words (names are capitalised in prose), except a near miss of exactly one
    ///   brand with a capital inside (no acronym: `subgraph` is no `SIGGRAPH`) that the
    ///   site does not use again (`gitub` for `GitHub`); a capitalised word the site's
    ///   prose uses 3 times or more as written (`Boneh` is not `Bokeh` on a site that
    ///   cites him); words shorter than 4 letters; words with digits (`HDF5`, `Caffe2`), with
    ///   other diacritics only (`Jönsson`), or with a particle glued on (`MJIT의`); a word
    ///   the post links to (`[DOCter](https://github.com/org/DOCter)`); a word beside a
    ///   capitalised word that is no ordinary word (`Lauren Ancona`, `Conde Nast`);
    /// - for a name under 5 letters, anything but two swapped letters (`PySpy` and `PyPA` are
    ///   other names than `PyPy` and `PyPI`); a name with an ending (`Googler`);
    /// - a phrase where fewer words match exactly than are misspelt;
    /// - for site-learned names: words in quotes (`Yves "Senny" Senn`), words under 5 letters (but four capitals with two swapped,
    ///   `CRSF` for `CSRF`, are reported), words used more than once, a word next to another
    ///   capitalised word that is no ordinary word (`Jakob Smith` is a person, not a typo of
    ///   `Jacob`), in posts in other languages names without a capital inside unless two
    ///   letters are swapped, the name with an ending (`Precomputed`, `MacOSX`), and the
    ///   plural or singular of a site word (`DataFrame` where `DataFrames` is common) or the
    ///   same word in other capitals (`JobQueue` where `Jobqueue` is);
    /// - code, URLs, link destinations, HTML, Liquid, file names and identifiers.
    ///
    /// ## Fix
    /// Replace with the canonical spelling: safe when exactly one name matches, unsafe otherwise.
    pub static META = {
        name: "name-spelling",
        summary: "near misses of canonical and site-learned names (Captial One, RAPDIS)",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        needs: Needs::VOCABULARY.union(Needs::WORDS),
        family: ("spelling", 3),
    }
}

/// Is `plural` `singular` with an `s` or `es` added (in the same case as its last letter)?
fn plural_of(plural: &str, singular: &str) -> bool {
    plural.strip_prefix(singular).is_some_and(|end| {
        let upper = singular.chars().next_back().is_some_and(char::is_uppercase);
        match end {
            "s" | "es" => !upper,
            "S" | "ES" => upper,
            _ => false,
        }
    })
}

/// In a post in another language, is the site's word `name` a name that `word` may be a
/// misspelling of? Only a brand-shaped name (a capital inside: `OpenSSL`, `ChangeLog`),
/// or one with two letters swapped (`Pysch`), that the English posts use too; and `word` must not be the name with an ending, which
/// is how many languages inflect names (`OpenSSLa`, `Smalltalka`, `OpenSSLs`).
fn foreign_safe(word: &str, name: &str, vocab: &crate::site::Vocabulary) -> bool {
    // Two letters swapped are a slip in any language (`Pysch`).
    (name.chars().skip(1).any(char::is_uppercase) || crate::names::same_letters(word, name))
        && vocab.english_uses(name) >= crate::site::MIN_USES
        && !word.starts_with(name)
}

/// Is `word` the name `name` with an English inflection (`Precomputed`, `Forkers`) or a
/// suffix in capitals or digits (`MacOSX`, `Python3`)?
fn derived_from(word: &str, name: &str) -> bool {
    word.strip_prefix(name).is_some_and(|end| {
        matches!(end, "d" | "ed" | "s" | "es" | "ing" | "er" | "ers" | "'s" | "’s")
            || (!end.is_empty()
                && end
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    })
}

/// Site-learned names need this many letters.
const MIN_LEARNED_LEN: usize = 5;

pub struct NameSpelling {
    pub index: Arc<NameIndex>,
}

impl Rule for NameSpelling {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let words = doc.words();
        let matches = ctx.cache.names(&self.index, doc);
        let mut covered = vec![false; words.len()];
        let mut found = Vec::new();
        let mut linked = LinkedWords::default();
        let english = ctx.cache.is_english(doc, ctx.site, ctx.doc);
        for m in matches {
            for i in m.words.clone() {
                covered[i] = true;
            }
            if m.kind != MatchKind::Spelling
                || m.wrong.iter().any(|&i| linked.contains(doc, words[i].text))
            {
                continue;
            }
            let name = self.index.name(m.name);
            // The singular of a name in the plural (`RubyGem`, `GitHub Action`).
            let singular = m.wrong.iter().all(|&i| {
                let canon = &name.lower[i - m.words.start];
                canon.strip_suffix('s') == Some(words[i].text.to_lowercase().as_str())
            });
            if singular {
                continue;
            }
            if name.words.len() == 1 {
                let w = words[m.words.start].text;
                // A name the site's prose writes again and again, as written, is a name of
                // its own (`Boneh`, `Tapscript` beside `Bokeh`, `TypeScript`): a slip is
                // made once. (Code and other cases do not count: `Kuberentes` in prose is
                // not excused by a `kuberentes` alias.)
                if ctx.site.vocabulary.uses(w) >= crate::site::MIN_USES {
                    continue;
                }
                // In another language a word one letter from a name is often a word of that
                // language (`Kelas`, `Isto`): only brand-shaped names and swapped letters.
                let brand = name.canonical.chars().skip(1).any(char::is_uppercase);
                if !english && !brand && !crate::names::same_letters(w, &name.canonical) {
                    continue;
                }
            }
            found.push(self.name_finding(words, m));
        }
        for f in found {
            ctx.report(f);
        }
        self.learned(doc, words, &covered, &mut linked, ctx);
        self.lowercase_brands(doc, words, &covered, &mut linked, ctx);
    }
}

/// The words of a document's link destinations (`DOCter` in
/// `https://github.com/org/DOCter`), lowercased, read on first use: a word the post links
/// to is the real name of what it links to, not a misspelling of another name.
#[derive(Default)]
struct LinkedWords(Option<rustc_hash::FxHashSet<String>>);

impl LinkedWords {
    fn contains(&mut self, doc: &Document, word: &str) -> bool {
        let set = self.0.get_or_insert_with(|| {
            doc.links
                .iter()
                .flat_map(|l| l.dest.split(|c: char| !c.is_alphanumeric()))
                .filter(|p| p.len() >= 3)
                .map(str::to_lowercase)
                .collect()
        });
        set.contains(&word.to_lowercase())
    }
}

impl NameSpelling {
    fn name_finding(&self, words: &[Word], m: &NameMatch) -> Finding {
        let name = self.index.name(m.name);
        let start = m.words.start;
        let written: Vec<&str> = words[m.words.clone()].iter().map(|w| w.text).collect();
        let edits: Vec<Edit> = m
            .wrong
            .iter()
            .map(|&i| Edit {
                range: words[i].range.clone(),
                replacement: name.words[i - start].clone(),
            })
            .collect();
        let first = &words[m.wrong[0]];
        let message = if name.words.len() == 1 {
            format!(
                "`{}` looks like a misspelling of `{}`",
                first.text, name.canonical
            )
        } else {
            format!(
                "`{}` looks like a misspelling of `{}`",
                written.join(" "),
                name.canonical
            )
        };
        let mut f =
            Finding::new(first.range.clone(), message).help(format!("write `{}`", name.canonical));
        if m.wrong.len() > 1 || name.words.len() > 1 {
            let span = words[start].range.start..words[m.words.end - 1].range.end;
            f = f.label(span, "in this name");
        }
        f.fix(Fix {
            applicability: if m.alternatives <= 1 {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
            edits,
        })
    }

    /// Lowercase words that are a near miss of one brand of the names packs (`gitub` for
    /// `GitHub`): no dictionary word, used once on the site, not in code or a link, and
    /// near exactly one name that has a capital inside (a name of a single capital is often
    /// an ordinary word too).
    fn lowercase_brands(
        &self,
        doc: &Document,
        words: &[Word],
        covered: &[bool],
        linked: &mut LinkedWords,
        ctx: &mut Ctx<'_>,
    ) {
        if !ctx.cache.is_english(doc, ctx.site, ctx.doc) {
            return;
        }
        let dict = dictionary::get();
        let mut found = Vec::new();
        for (i, (w, &h)) in words.iter().zip(doc.word_hashes()).enumerate() {
            let b = w.text.as_bytes();
            if covered[i]
                || b.len() < 5
                || !b.iter().all(u8::is_ascii_lowercase)
                || ctx.site.words.uses_hash(h) > 1
                || dict.is_known(w.text)
                || dict.is_rare(w.text)
                || dict.is_tech(w.text)
                || w.in_identifier(doc.text)
                || matches!(w.before, Some('-')) || matches!(w.after, Some('-'))
            {
                continue;
            }
            let near = self.index.near_names(w.text);
            let [id] = near.as_slice() else {
                continue;
            };
            let name = self.index.name(*id);
            // A capital inside, but not an acronym: a lowercase word near an acronym is a
            // word of its own (`subgraph` is no `SIGGRAPH`).
            let brand = name.canonical.chars().skip(1).any(char::is_uppercase)
                && name.canonical.chars().any(char::is_lowercase);
            if !brand || name.package.as_deref() == Some(w.text) || linked.contains(doc, w.text) {
                continue;
            }
            found.push(
                Finding::new(
                    w.range.clone(),
                    format!("`{}` looks like a misspelling of `{}`", w.text, name.canonical),
                )
                .help(format!("write `{}`", name.canonical))
                .fix(Fix {
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit {
                        range: w.range.clone(),
                        replacement: name.canonical.clone(),
                    }],
                }),
            );
        }
        for f in found {
            ctx.report(f);
        }
    }

    /// Words used once that are one edit away from a name the site uses often.
    fn learned(
        &self,
        doc: &Document,
        words: &[Word],
        covered: &[bool],
        linked: &mut LinkedWords,
        ctx: &mut Ctx<'_>,
    ) {
        let vocab = &ctx.site.vocabulary;
        let dict = dictionary::get();
        // In a post in another language, the site's words of that language (`Betroffene`
        // and `Betroffen` in German posts) are no names: only words its English posts use
        // are.
        let english = ctx.cache.is_english(doc, ctx.site, ctx.doc);
        let mut found = Vec::new();
        for (i, w) in words.iter().enumerate() {
            // Four capitals are enough for an acronym with two letters swapped (`CRSF`).
            let short_acronym = w.is_all_caps() && w.text.chars().count() == 4;
            if covered[i]
                // A nickname or a word talked about (`Yves "Senny" Senn`).
                || w.in_double_quotes()
                || !w.is_capitalised()
                || (w.text.chars().count() < MIN_LEARNED_LEN && !short_acronym)
                || vocab.uses(w.text) != 1
                || w.in_identifier(doc.text)
            {
                continue;
            }
            let lower = w.text.to_lowercase();
            if dict.is_known(&lower) || self.index.is_name_word(&lower) {
                continue;
            }
            // A capitalised neighbour makes it a person's or an organisation's name; an
            // ordinary word capitalised at a sentence start does not (`In Zetiwerk mode`).
            let neighbour = |j: usize| {
                words[j].run == w.run
                    && words[j].is_capitalised()
                    && !dict.is_common(&words[j].text.to_lowercase())
            };
            if (i > 0 && w.spaced_from_prev && neighbour(i - 1))
                || (i + 1 < words.len() && words[i + 1].spaced_from_prev && neighbour(i + 1))
            {
                continue;
            }
            // A plural or singular of a site word is the same word (`DataFrame` among
            // `DataFrames`), and so is one written in other capitals (`JobQueue` among
            // `Jobqueue`: a matter of case, not spelling).
            let mut near = vocab.near(w.text);
            near.retain(|&(c, _)| {
                !plural_of(c, w.text)
                    && !plural_of(w.text, c)
                    // The name with an inflection or a capital suffix is another word
                    // made from it (`Precomputed` from `Precompute`, `MacOSX` from
                    // `MacOS`); a letter added otherwise is a slip (`GitKrakent`).
                    && !derived_from(w.text, c)
                    && c.to_lowercase() != lower
                    && !crate::names::other_form(w.text, c)
                    && (english || foreign_safe(w.text, c, vocab))
                    && (!short_acronym || crate::names::same_letters(w.text, c))
            });
            let Some(&(best, uses)) = near.first() else {
                continue;
            };
            if linked.contains(doc, w.text) {
                continue;
            }
            let fix = Fix {
                applicability: if near.len() == 1 {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                edits: vec![Edit {
                    range: w.range.clone(),
                    replacement: best.to_string(),
                }],
            };
            found.push(
                Finding::new(
                    w.range.clone(),
                    format!(
                        "`{}` looks like a misspelling of `{best}`, used {uses} times in this site",
                        w.text
                    ),
                )
                .help(format!(
                    "write `{best}`, or add `{}` to a names pack if it is right",
                    w.text
                ))
                .fix(fix),
            );
        }
        for f in found {
            ctx.report(f);
        }
    }
}
