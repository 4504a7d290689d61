//! `misspelling`: prose words that are no word, with one clear correction from the
//! embedded dictionary and the site's own words.

use std::sync::Arc;

use crate::declare_rule;
use crate::diagnostic::{Applicability, Edit, Finding, Fix, Severity};
use crate::document::{Document, FmValue};
use crate::names::NameIndex;
use crate::rule::{Ctx, FixAvailability, Needs, Rule, RuleMeta};
use crate::rules::substitution::match_case;
use crate::text::dictionary::{self, Dictionary};
use crate::text::words::Word;
use crate::text::WordFilter;

declare_rule! {
    /// ## What it does
    /// Spell-checks the prose of English posts, and their front-matter `title`, `excerpt`
    /// and `description`: a word that is in neither the embedded dictionary (SCOWL, with
    /// its larger list of rare words) nor the site's own words, and that has one clear
    /// correction, is reported with it (`seperately` → `separately`, `levarage` →
    /// `leverage`). Corrections are dictionary words and words the site uses at least three
    /// times, one edit away (a letter more, less, other, or two letters swapped), or two
    /// deletions or swaps away for words of ten letters or more; the most likely wins by
    /// the site's use of it, how common it is, and the kind of slip (swapped or doubled
    /// letters first), and only when it wins clearly.
    ///
    /// It also reports a doubled capital at the start of a word (`THe`, `WIlson`) when the
    /// word with one capital is a word.
    ///
    /// ## Why is this bad?
    /// A misspelt word in a published post costs credibility; the fixed list of `typo`
    /// knows only the classic misspellings.
    ///
    /// ## Example
    /// ```markdown
    /// We want to levarage the new scheduler. THe slides follow.
    /// ```
    ///
    /// ## Not flagged
    /// - posts in another language than English;
    /// - every word the site's English posts use at least twice (`kubectl`, `dataframe`, a
    ///   team's jargon; translations copy typos, so they do not count),
    ///   the words of the `names` packs, and the site's `words = [...]` in
    ///   `postlint.toml`;
    /// - words with digits, capitals inside (`iPhone`, `NumPy`), in all capitals, or outside
    ///   the ASCII letters; capitalised words except the first of a sentence, heading or item,
    ///   and a capitalised word next to another (names) outside title-case headings and
    ///   titles; corrections that are names only
    ///   (`kylef` is no misspelt `kyle`) or start with another letter (`jruby`);
    /// - a word in quotes or on a line about a typo (it is talked about);
    /// - words shorter than six letters (eight when capitalised), contractions (`doesn't`),
    ///   words written in code anywhere on the site or in the post's link destinations, a
    ///   known word with a prefix or an ending (`reframing`, `linters`), two words run
    ///   together (`toolchain`), a word beside another unknown word (`modus operandi`), a
    ///   short part of a hyphenated compound, handles in a list (`kylef, nolanw, orta`),
    ///   and code, URLs, paths, file names, identifiers, HTML and Liquid;
    /// - a word with no correction, or with several equally likely ones.
    ///
    /// ## Fix
    /// Unsafe: replace the word with the correction (a guess, to be read).
    pub static META = {
        name: "misspelling",
        summary: "words that are no word, with a clear correction (levarage, THe)",
        severity: Severity::Warning,
        fix: FixAvailability::Sometimes,
        needs: Needs::WORDS.union(Needs::VOCABULARY),
        family: ("spelling", 0),
    }
}

/// A word the site uses this often is known.
const SITE_KNOWN: u32 = 2;
/// A word the site uses this often may be offered as a correction.
const SITE_CANDIDATE: u32 = 3;
/// Lowercase words shorter than this are not checked.
const MIN_LEN: usize = 6;
/// Capitalised words shorter than this are not checked (names).
const MIN_CAPITALISED: usize = 8;
/// Words of this many letters may be two edits from their correction (shorter ones have
/// too many words two edits away: `bajillion` is no misspelt `billion`).
const LONG: usize = 10;

pub struct Misspelling {
    /// The profile's canonical names: their words are known.
    pub names: Arc<NameIndex>,
    /// The site's own words (`words = [...]` in `postlint.toml`), lowercased.
    pub words: Arc<rustc_hash::FxHashSet<String>>,
}

impl Rule for Misspelling {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        if !ctx.cache.is_english(doc, ctx.site, ctx.doc) {
            return;
        }
        let dict = dictionary::get();
        let mut code_words: Option<rustc_hash::FxHashSet<String>> = None;
        let mut found = Vec::new();
        let words = doc.words();
        let hashes = doc.word_hashes();
        self.scan(doc, words, hashes, dict, &mut code_words, ctx, &mut found);
        // Front-matter values readers see.
        if let Some(fm) = doc.readable_front_matter() {
            for key in ["title", "excerpt", "description"] {
                let Some(e) = fm.get(key) else { continue };
                if !matches!(e.value, FmValue::String(_)) {
                    continue;
                }
                let range = e.value_range.clone();
                let (ws, hs) = crate::text::words::tokenize(doc.text, std::iter::once(range));
                // Liquid in a value (`{{ site.x }}`) is no prose.
                let keep: Vec<usize> = (0..ws.len())
                    .filter(|&i| !in_liquid(doc.text, &ws[i]))
                    .collect();
                let ws: Vec<Word> = keep.iter().map(|&i| ws[i].clone()).collect();
                let hs: Vec<u64> = keep.iter().map(|&i| hs[i]).collect();
                self.scan(doc, &ws, &hs, dict, &mut code_words, ctx, &mut found);
            }
        }
        found.sort_by_key(|f| f.range.start);
        for f in found {
            ctx.report(f);
        }
    }
}

/// Is `w` inside `{{ ... }}` or `{% ... %}` on its line?
fn in_liquid(text: &str, w: &Word) -> bool {
    let line_start = text[..w.range.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..w.range.start];
    let open = before.rfind("{{").max(before.rfind("{%"));
    let close = before.rfind("}}").max(before.rfind("%}"));
    open.is_some() && open > close
}

impl Misspelling {
    #[allow(clippy::too_many_arguments)]
    fn scan(
        &self,
        doc: &Document,
        words: &[Word],
        hashes: &[u64],
        dict: &Dictionary,
        code_words: &mut Option<rustc_hash::FxHashSet<String>>,
        ctx: &Ctx<'_>,
        found: &mut Vec<Finding>,
    ) {
        let site = &ctx.site.words;
        let mut lower = String::new();
        for (i, (w, &h)) in words.iter().zip(hashes).enumerate() {
            let t = w.text;
            let b = t.as_bytes();
            // Fast rejections first: most words are short, lowercase and known.
            if b.len() < 3 || !b.iter().all(u8::is_ascii_alphabetic) {
                continue;
            }
            let first_upper = b[0].is_ascii_uppercase();
            let rest_upper = b[1..].iter().filter(|c| c.is_ascii_uppercase()).count();
            if rest_upper > 0 {
                if first_upper && rest_upper == 1 && b[1].is_ascii_uppercase() {
                    if let Some(f) = self.doubled_capital(doc, w, ctx) {
                        found.push(f);
                    }
                }
                continue;
            }
            // Short words are too often slang, foreign words and abbreviations (`kung`,
            // `masse`, `obvs`) with a word one letter away; capitalised ones too often names.
            if b.len() < MIN_LEN || (b[0].is_ascii_uppercase() && b.len() < MIN_CAPITALISED) {
                continue;
            }
            lower.clear();
            lower.push_str(t);
            lower.make_ascii_lowercase();
            if dict.is_known(&lower) || site.uses_hash(h) >= SITE_KNOWN {
                continue;
            }
            if dict.is_rare(&lower)
                || dict.is_tech(&lower)
                || self.names.is_name_word(&lower)
                || self.words.contains(&lower)
            {
                continue;
            }
            // A word made of known parts: a prefix or an ending on a known word
            // (`reframing`, `linters`, `liveness`), or two words run together
            // (`passwordless`, `toolchain`).
            let known = |p: &str| {
                dict.is_known(p)
                    || dict.is_tech(p)
                    || dict.is_rare(p)
                    || site.uses_hash(WordFilter::hash_ascii(p.as_bytes())) >= SITE_KNOWN
            };
            let strong = |p: &str| {
                dict.is_frequent(p)
                    || dict.is_tech(p)
                    || site.uses_hash(WordFilter::hash_ascii(p.as_bytes())) >= SITE_KNOWN
            };
            if derived(&lower, &known, &strong) || compound(&lower, dict) {
                continue;
            }
            // A short part of a hyphenated compound (`willy-nilly`); a handle or keyword in
            // a list (`Thanks to kylef, nolanw, ...`).
            let hyphen = matches!(w.before, Some('-')) || matches!(w.after, Some('-'));
            if (hyphen && b.len() <= 5) || crate::names::in_keyword_list(doc.text, w) {
                continue;
            }
            // A word in quotes is talked about (`the "vertycal" typo`), and so is a word on a
            // line about a typo (`Fixed typo (vulnerabile -> vulnerable)`).
            let quoted = w.in_double_quotes() || line_mentions_typo(doc.text, w);
            if w.in_identifier(doc.text)
                || quoted
                || split_by_emphasis(doc.text, w)
                || matches!(w.before, Some('\'' | '’'))
                || matches!(w.after, Some('\'' | '’'))
            {
                continue;
            }
            // Names: a capitalised word only as the first of its run or sentence, and no
            // word beside a capitalised one.
            // A capitalised word beside another (not an acronym) is part of a name.
            let capital_beside = |j: usize| {
                words[j].run == w.run
                    && words[j].text.as_bytes()[0].is_ascii_uppercase()
                    && !words[j].is_all_caps()
                    && !sentence_start(doc.text, &words[j])
            };
            // In a title-case line (`## Peformance Improvements`, `title: Stats Reseting`)
            // capitals mark no name.
            if first_upper
                && !title_case(doc.text, w)
                && ((i > 0 && capital_beside(i - 1))
                    || (i + 1 < words.len() && capital_beside(i + 1)))
            {
                continue;
            }
            if first_upper && !sentence_start(doc.text, w) {
                continue;
            }
            let code = code_words.get_or_insert_with(|| code_word_set(doc));
            if code.contains(&lower) {
                continue;
            }
            // Beside another word nobody knows: a phrase in another language (`modus
            // operandi`) or a name.
            // (A neighbour with a clear correction is a slip too: `seviour imcompatibilities`.)
            let unknown = |j: usize| {
                let o = &words[j];
                let ol = o.text.to_ascii_lowercase();
                o.run == w.run
                    && o.text.len() >= 2
                    && o.text.bytes().all(|c| c.is_ascii_alphabetic())
                    && !known(&ol)
                    && !derived(&ol, &known, &strong)
                    && (ol.len() < MIN_LEN || best_correction(&ol, dict, site, false).is_none())
            };
            if (i > 0 && unknown(i - 1)) || (i + 1 < words.len() && unknown(i + 1)) {
                continue;
            }
            let Some(best) = best_correction(&lower, dict, site, first_upper) else {
                continue;
            };
            let replacement = match_case(t, &best);
            found.push(
                Finding::new(
                    w.range.clone(),
                    format!("`{t}` is not a word; did you mean `{replacement}`?"),
                )
                .help(format!(
                    "write `{replacement}`, or add `{lower}` to `words = [...]` in postlint.toml if it is right"
                ))
                .fix(Fix {
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit {
                        range: w.range.clone(),
                        replacement,
                    }],
                }),
            );
        }
    }

    /// `THe`, `WIlson`: two capitals, then lowercase letters, where one capital makes an
    /// ordinary word, or a name the site writes so (`Wilson`); not `GHz`, `OSes`, `OCaml`.
    fn doubled_capital(&self, doc: &Document, w: &Word, ctx: &Ctx<'_>) -> Option<Finding> {
        let dict = dictionary::get();
        let t = w.text;
        let tail = &t[2..];
        // `IDs`, `PRs`, `OSes`: plurals of capitals.
        if tail.is_empty()
            || matches!(tail, "s" | "es")
            || !tail.bytes().all(|c| c.is_ascii_lowercase())
            || w.in_identifier(doc.text)
            || spells_acronym(doc.text, w)
        {
            return None;
        }
        let lower = t.to_ascii_lowercase();
        // A name of the names packs in another case is `name-case`'s (`SQlite`).
        if self.names.is_name_word(&lower) && !dict.is_common(&lower) {
            return None;
        }
        let mut one_capital = String::with_capacity(t.len());
        one_capital.push_str(&t[..1]);
        one_capital.push_str(&lower[1..]);
        let word = dict.is_listed(&lower);
        let site_name = t.len() >= 4
            && ctx.site.vocabulary.uses(&one_capital) >= 1
            && ctx.site.vocabulary.uses(t) <= 1;
        if !(word || site_name) {
            return None;
        }
        let fixed = one_capital;
        Some(
            Finding::new(
                w.range.clone(),
                format!("`{t}` has a second capital by mistake; did you mean `{fixed}`?"),
            )
            .help(format!("write `{fixed}`"))
            .fix(Fix {
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    range: w.range.clone(),
                    replacement: fixed,
                }],
            }),
        )
    }
}

/// Does the line of `w` talk about a typo (`Fix typo in ...`, `typos`)?
fn line_mentions_typo(text: &str, w: &Word) -> bool {
    let start = text[..w.range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[w.range.end..].find('\n').map_or(text.len(), |i| w.range.end + i);
    text[start..end]
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|t| t.eq_ignore_ascii_case("typo") || t.eq_ignore_ascii_case("typos"))
}

/// Is `w` on a title-case line: a heading or a front-matter title where at least two words
/// in three of four letters or more are capitalised?
fn title_case(text: &str, w: &Word) -> bool {
    let start = text[..w.range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[w.range.end..].find('\n').map_or(text.len(), |i| w.range.end + i);
    let line = text[start..end].trim_start();
    if !(line.starts_with('#') || line.starts_with("title:")) {
        return false;
    }
    let long: Vec<&str> = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| t.len() >= 4)
        .collect();
    let capitals = long
        .iter()
        .filter(|t| t.starts_with(|c: char| c.is_uppercase()))
        .count();
    long.len() >= 2 && capitals * 3 >= long.len() * 2
}

/// Prefixes that make words from words (`re`, `un`...).
const PREFIXES: &[&str] = &[
    "re", "un", "pre", "de", "sub", "non", "co", "multi", "micro", "inter", "over", "under",
    "auto", "self", "anti", "post", "cross", "meta", "hyper", "super", "semi", "mid", "out",
    "up", "down", "dis", "mis", "en", "in", "im", "ir", "il", "bi", "tri", "mega", "giga",
];

/// Endings that make words from words, longest first.
const SUFFIXES: &[&str] = &[
    "abilities", "ability", "ations", "ation", "ments", "ment", "izing", "ising", "ized",
    "ised", "izes", "ises", "ness", "less", "able", "ably", "ally", "ical", "ings", "ing",
    "ers", "ors", "ity", "ists", "ist", "ize", "ise", "ful", "ish", "ism", "al", "ic", "ed",
    "er", "or", "ly", "es", "s",
];

/// Does `base` double its last letter before an ending that starts with a vowel (`stub`
/// → `stubbed`, `transfer` → `transferred`, `commit` → `committed`)? Words of one
/// syllable ending in consonant, vowel, consonant, and the endings stressed last (`-fer`
/// but not `-ffer`, `-cur`, `-mit`, `-pel`, `-trol`, `-gret`, `-gin`).
fn doubles(base: &str) -> bool {
    let b = base.as_bytes();
    let vowel = |c: u8| b"aeiou".contains(&c);
    let groups = b
        .iter()
        .enumerate()
        .filter(|&(i, &c)| vowel(c) && (i == 0 || !vowel(b[i - 1])))
        .count();
    let cvc = b.len() >= 3
        && !vowel(b[b.len() - 1])
        && !b"wxy".contains(&b[b.len() - 1])
        && vowel(b[b.len() - 2])
        && !vowel(b[b.len() - 3]);
    let stressed = ["cur", "mit", "pel", "trol", "gret", "gin"]
        .iter()
        .any(|e| base.ends_with(e))
        || (base.ends_with("fer") && !base.ends_with("ffer"));
    cvc && (groups == 1 || stressed)
}

/// Is `w` a known word with a prefix, an ending or both (`reframing`, `templated`,
/// `firewalled`, `triaging`)? Not a word with the same ending twice (`publisheded`), a
/// dropped `e` before a consonant (`announcment`), a missing double letter (`transfered`,
/// `stubed`), or `im-` before other letters than `b`, `m`, `p` (`imcompatible`). `known`
/// says whether a word is known; `strong` whether it is a common one (short endings need
/// one: `trully` is no `trull` with `-y`).
fn derived(w: &str, known: &dyn Fn(&str) -> bool, strong: &dyn Fn(&str) -> bool) -> bool {
    let stems = |s: &str, known: &dyn Fn(&str) -> bool| -> bool {
        SUFFIXES.iter().any(|suf| {
            let Some(base) = s.strip_suffix(suf) else {
                return false;
            };
            if base.len() < 3
                || base.ends_with(suf)
                || (matches!(*suf, "ed" | "d") && base.ends_with("ed"))
            {
                return false;
            }
            // `-al` only after `-ion` and `-ment` (`introspectional`; `horizonal` is a slip);
            // `-ly` after an adjective ending (`preventatively`, `expectedly`).
            if *suf == "al" && !(base.ends_with("ion") || base.ends_with("ment")) {
                return false;
            }
            let adjective = ["ive", "ous", "ful", "ent", "ant", "ic", "al", "ed", "able"]
                .iter()
                .any(|e| base.ends_with(e));
            // Short endings that make other words (`-y`, `-ly`, `-ic`, `-al`) need a common
            // base; inflections (`-ed`, `-er`, `-s`) a known one (`sharded`).
            let short = matches!(*suf, "y" | "ly" | "ic" | "al") && !(*suf == "ly" && adjective);
            let known = |b: &str| if short { strong(b) } else { known(b) };
            let vowel_ending = suf.starts_with(['a', 'e', 'i', 'o', 'u']);
            let b = base.as_bytes();
            let doubled = b.len() >= 4 && b[b.len() - 1] == b[b.len() - 2];
            let undoubled = &base[..base.len() - 1];
            (known(base) && !(vowel_ending && doubles(base)))
                || (vowel_ending && known(&format!("{base}e")))
                || (doubled && vowel_ending && doubles(undoubled) && known(undoubled))
                || (base.ends_with('i') && known(&format!("{}y", &base[..base.len() - 1])))
                || (matches!(*suf, "ity" | "ic" | "ical") && known(&format!("{base}y")))
        })
    };
    let prefixed = PREFIXES.iter().any(|p| {
        let Some(rest) = w.strip_prefix(p) else {
            return false;
        };
        let first = rest.as_bytes().first().copied().unwrap_or(b' ');
        let fits = match *p {
            "im" => b"bmp".contains(&first),
            "ir" => first == b'r',
            "il" => first == b'l',
            "in" => !b"bmplr".contains(&first),
            _ => true,
        };
        // A long prefix on a short word is often a slip inside a longer word
        // (`interpeter`).
        let min = if p.len() <= 3 { 4 } else { 6 };
        // An inflected rest needs a common base: `re` + `lases` is a slip (`relases`),
        // not a rare `lase` inflected and prefixed, nor `copilation` a `Pilate`.
        let base_known = if rest.len() >= 7 {
            known(rest) || stems(rest, strong)
        } else {
            strong(rest) || stems(rest, strong)
        };
        fits && rest.len() >= min && base_known
    });
    stems(w, known) || prefixed
}

/// Is `w` two common words run together (`toolchain`, `touchpoint`), the first of three
/// letters or more, the second of four or more?
fn compound(w: &str, dict: &Dictionary) -> bool {
    let word = |p: &str| dict.is_frequent(p) || dict.is_tech(p);
    let b = w.as_bytes();
    // A doubled letter across the join is a slip (`targetting`), not two words.
    (3..w.len().saturating_sub(3))
        .any(|i| {
            b[i - 1] != b[i]
                && !PREFIXES.contains(&&w[..i])
                && word(&w[..i])
                && word(&w[i..])
        })
}

/// Do the two capitals of `w` spell part of an acronym on its line (`PRedictive` beside
/// `PRIMAGE`, `Secure SHell (SSH)`)? An acronym's expansion capitalises its letters.
fn spells_acronym(text: &str, w: &Word) -> bool {
    let start = text[..w.range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[w.range.end..].find('\n').map_or(text.len(), |i| w.range.end + i);
    let head = &w.text[..2];
    text[start..end]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|t| t.len() >= 3 && t.bytes().all(|b| b.is_ascii_uppercase()) && t.contains(head))
}

/// Is `w` a piece of a word split by emphasis markers (`**W**ork **I**n **P**rogress`)?
fn split_by_emphasis(text: &str, w: &Word) -> bool {
    let before = text[..w.range.start].trim_end_matches(['*', '_']);
    let after = text[w.range.end..].trim_start_matches(['*', '_']);
    (before.len() < w.range.start && before.ends_with(|c: char| c.is_alphanumeric()))
        || (after.len() + w.range.end < text.len()
            && after.starts_with(|c: char| c.is_alphanumeric()))
}

/// Is `w` the first word of a sentence: the first of its run, or after `.`, `!`, `?` or
/// `:` (and spaces, quotes, brackets)?
fn sentence_start(text: &str, w: &Word) -> bool {
    let before = text[..w.range.start].trim_end_matches([' ', '"', '\'', '(', '“', '*', '_']);
    match before.chars().next_back() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | ':' | '\n' | '#' | '>' | '|' | '-'),
    }
}

/// The lowercase words written in the document's code (`asyncio`): named in code, they are
/// packages, commands or identifiers wherever else they appear.
fn code_word_set(doc: &Document) -> rustc_hash::FxHashSet<String> {
    let mut out = rustc_hash::FxHashSet::default();
    // And the words of its link destinations (`[kylef](https://github.com/kylef)`).
    for l in &doc.links {
        for part in l.dest.split(|c: char| !c.is_ascii_alphanumeric()) {
            if part.len() >= 4 {
                out.insert(part.to_ascii_lowercase());
            }
        }
    }
    for r in &doc.code {
        let s = &doc.text[r.clone()];
        if s.len() > 200 {
            continue;
        }
        for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
            if part.len() >= 4 {
                out.insert(part.to_ascii_lowercase());
            }
        }
    }
    out
}

/// A possible correction and how likely it is.
#[derive(Debug, Clone)]
struct Candidate {
    word: String,
    score: u64,
}

/// The one clear correction of `lower` (a lowercase ASCII word known to neither the
/// dictionary nor the site), if there is one.
fn best_correction(
    lower: &str,
    dict: &Dictionary,
    site: &crate::site::WordCounts,
    capitalised: bool,
) -> Option<String> {
    let mut cands: Vec<Candidate> = Vec::new();
    let consider = |word: &str, slip: u64, cands: &mut Vec<Candidate>| {
        // Slips at a word's first letter are rare, and a letter in front of a word makes
        // another name (`jruby`, `mruby`).
        if word.len() < 2
            || word.as_bytes()[0] != lower.as_bytes()[0]
            || cands.iter().any(|c| c.word == word)
        {
            return;
        }
        let uses = u64::from(site.uses_hash(WordFilter::hash_ascii(word.as_bytes())));
        // Corrections are ordinary words, not names (`kylef` is no misspelt `kyle`); a
        // capitalised word is corrected to a dictionary word only (`Siddarth` is a name).
        let in_dict = dict.is_listed(word) || dict.is_tech(word);
        if !in_dict && (capitalised || uses < u64::from(SITE_CANDIDATE)) {
            return;
        }
        // A rare word nobody on the site uses is no likely correction (`bajillion` is no
        // misspelt `bazillion`, `cliche` no `cloche`).
        if uses == 0 && !dict.is_frequent(word) && !dict.is_tech(word) && word.len() < 10 {
            return;
        }
        let tier = if dict.is_frequent(word) {
            4
        } else if in_dict {
            1
        } else {
            2
        };
        cands.push(Candidate {
            word: word.to_string(),
            score: (uses + 1) * tier * slip,
        });
    };
    let mut buf = Vec::with_capacity(lower.len() + 1);
    edits1(lower.as_bytes(), &mut buf, &mut |e, slip| {
        if let Ok(s) = std::str::from_utf8(e) {
            consider(s, slip, &mut cands);
        }
    });
    if cands.is_empty() && lower.len() >= LONG {
        // Two slips, of the kinds that keep the word's length close: two letters too many,
        // or one too many and a swap.
        let b = lower.as_bytes();
        let mut once = Vec::new();
        for i in 0..b.len() - 1 {
            once.clear();
            once.extend_from_slice(&b[..i]);
            once.extend_from_slice(&b[i + 1..]);
            let mut second = Vec::with_capacity(once.len());
            for j in 0..once.len() - 1 {
                second.clear();
                second.extend_from_slice(&once[..j]);
                second.extend_from_slice(&once[j + 1..]);
                if let Ok(s) = std::str::from_utf8(&second) {
                    consider(s, 1, &mut cands);
                }
                if j + 1 < once.len() && once[j] != once[j + 1] {
                    second.clear();
                    second.extend_from_slice(&once);
                    second.swap(j, j + 1);
                    if let Ok(s) = std::str::from_utf8(&second) {
                        consider(s, 1, &mut cands);
                    }
                }
            }
        }
    }
    cands.sort_by(|a, b| b.score.cmp(&a.score).then(a.word.cmp(&b.word)));
    match cands.as_slice() {
        [] => None,
        [one] => Some(one.word.clone()),
        [a, b, ..] => (a.score >= 3 * b.score).then(|| a.word.clone()),
    }
}

/// Call `f` with every string one edit from `w` (ASCII lowercase letters), and how likely
/// the slip is: a swap of neighbours or a doubled or undoubled letter is 3, others 1.
fn edits1(w: &[u8], buf: &mut Vec<u8>, f: &mut dyn FnMut(&[u8], u64)) {
    let n = w.len();
    // No slip at the last letter: a changed ending is an inflection or a casual form
    // (`checkin`, `chango`, `oughta`), not a typo.
    // Deletions.
    for i in 0..n.saturating_sub(1) {
        buf.clear();
        buf.extend_from_slice(&w[..i]);
        buf.extend_from_slice(&w[i + 1..]);
        let doubled = (i > 0 && w[i - 1] == w[i]) || (i + 1 < n && w[i + 1] == w[i]);
        f(buf, if doubled { 3 } else { 1 });
    }
    // Swaps of neighbours.
    for i in 0..n.saturating_sub(1) {
        if w[i] == w[i + 1] {
            continue;
        }
        buf.clear();
        buf.extend_from_slice(w);
        buf.swap(i, i + 1);
        f(buf, 3);
    }
    // Replacements.
    for i in 0..n.saturating_sub(1) {
        for c in b'a'..=b'z' {
            if c == w[i] {
                continue;
            }
            buf.clear();
            buf.extend_from_slice(w);
            buf[i] = c;
            f(buf, 1);
        }
    }
    // Insertions.
    for i in 0..n {
        for c in b'a'..=b'z' {
            buf.clear();
            buf.extend_from_slice(&w[..i]);
            buf.push(c);
            buf.extend_from_slice(&w[i..]);
            let doubled = (i > 0 && w[i - 1] == c) || (i < n && w[i] == c);
            f(buf, if doubled { 3 } else { 1 });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::names::{NameIndex, NameItem};
    use crate::rules::test_support::lint_rule;

    fn rule() -> super::Misspelling {
        super::Misspelling {
            names: Arc::new(NameIndex::new(&[NameItem::Plain("Kubernetes".into())])),
            words: Arc::new(["frobnicate".to_string()].into_iter().collect()),
        }
    }

    fn found(src: &str) -> Vec<String> {
        lint_rule(&rule(), src).into_iter().map(|f| f.1).collect()
    }

    #[test]
    fn misspellings_with_one_clear_correction() {
        let f = found("We want to levarage the scheduler and recieve data seperately.\n");
        assert_eq!(
            f,
            [
                "`levarage` is not a word; did you mean `leverage`?",
                "`recieve` is not a word; did you mean `receive`?",
                "`seperately` is not a word; did you mean `separately`?",
            ]
        );
        // The first word of a sentence, in a heading, and front-matter titles.
        let f = found("---\ntitle: Introducting the summit\n---\n\n## Peformance notes\n\nIt ran. Definately fast.\n");
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(f[0].contains("Introducting") && f[1].contains("Peformance"), "{f:?}");
        assert!(f[2].contains("`Definately`") && f[2].contains("`Definitely`"), "{f:?}");
    }

    #[test]
    fn doubled_capitals() {
        let f = found("THe talk by WIlson was fine, Wilson said, as are IDs, PRs, OSes, GHz and OAuth.\n");
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].contains("`The`") && f[1].contains("`Wilson`"), "{f:?}");
    }

    #[test]
    fn not_flagged() {
        for text in [
            // Code, URLs, paths, identifiers, HTML, Liquid.
            "Run `levarage` and see https://x.org/levarage and src/levarage.py and my_levarage.\n",
            "<span title=\"levarage\">x</span> {{ levarage }} {% levarage %}\n",
            "```\nlevarage recieve\n```\n",
            // Known to the site (twice), to the names, to the config.
            "We use kubectl daily; kubectl is great. Kubernetes and frobnicate too.\n",
            // Named in the post's code: a package.
            "Install `asyncpg`, then asyncpg connects.\n",
            // Names: capitalised words inside a sentence, words beside capitals.
            "We met Marek Kowalsky and Ingrid Bergmn at the venue in Tromso.\n",
            "the famous Sidekiq gem and jruby and mruby.\n",
            // Digits, capitals inside, short words, contractions.
            "The py3k and iPhone and NumPy and doesn't and wouldn't and teh.\n",
            // No clear correction.
            "a zxqv and a blorptastic thing.\n",
            // Rare real words.
            "a planed board and an adze.\n",
            // Another language.
            "---\nlang: es\n---\nQueremos levarage.\n",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
