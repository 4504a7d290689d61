//! The rules: one file per rule, named after it, and one per pack kind. The `rules!` table
//! below is the only list of them: it declares the modules and builds the registry's
//! built-in rules, and `tests/registry.rs` checks that every file is in it and every rule
//! documented.

use std::sync::Arc;

use crate::names::NameIndex;
use crate::rule::{Rule, RuleMeta};

/// What the built-in rules are made from (the profile's canonical names).
pub struct Builtins {
    pub names: Arc<NameIndex>,
    /// The site's own words (`words = [...]` in `postlint.toml`), lowercased.
    pub words: Arc<rustc_hash::FxHashSet<String>>,
}

macro_rules! rules {
    (
        builtin |$b:ident| { $($module:ident => $make:expr),* $(,)? }
        kinds { $($kind:ident),* $(,)? }
        notes { $($note_module:ident => [$($note:ident),*]),* $(,)? }
    ) => {
        $(pub mod $module;)*
        $(pub mod $kind;)*
        $(pub mod $note_module;)*

        /// The modules of the table, in its order: built-in rules, kinds, notes.
        pub const MODULES: &[&str] = &[
            $(stringify!($module),)* $(stringify!($kind),)* $(stringify!($note_module),)*
        ];

        /// The rules implemented in code (pack rules come from `packs`).
        pub fn builtin($b: &Builtins) -> Vec<Box<dyn Rule>> {
            vec![$(Box::new($make)),*]
        }

        /// The pack kinds: each pack entry is a rule of one of these.
        pub fn kinds() -> Vec<&'static RuleMeta> {
            vec![$(&$kind::KIND),*]
        }

        /// Rules with no code of their own: the engine reports them while reading files
        /// and checking links online.
        pub fn notes() -> Vec<&'static RuleMeta> {
            vec![$($(&$note_module::$note,)*)*]
        }
    };
}

rules! {
    builtin |b| {
        bad_url => bad_url::BadUrl,
        bare_url => bare_url::BareUrl,
        broken_fragment => broken_fragment::BrokenFragment,
        broken_link => broken_link::BrokenLink,
        duplicate_title => duplicate_title::DuplicateTitle,
        embed_url => embed_url::EmbedUrl,
        empty_link_text => empty_link_text::EmptyLinkText,
        empty_post => empty_post::EmptyPost,
        empty_section => empty_section::EmptySection,
        field_name => field_name::FieldName,
        front_matter_consistency => front_matter_consistency::FrontMatterConsistency,
        front_matter_syntax => front_matter_syntax::FrontMatterSyntax,
        front_matter_typo => front_matter_typo::FrontMatterTypo,
        heading_in_list => heading_in_list::HeadingInList,
        heading_level => heading_level::HeadingLevel,
        heading_space => heading_space::HeadingSpace,
        html_balance => html_balance::HtmlBalance,
        image_alt => image_alt::ImageAlt,
        link_space => link_space::LinkSpace,
        liquid_syntax => liquid_syntax::LiquidSyntax,
        list_as_heading => list_as_heading::ListAsHeading,
        missing_image => missing_image::MissingImage,
        misspelling => misspelling::Misspelling {
            names: b.names.clone(),
            words: b.words.clone(),
        },
        name_case => name_case::NameCase { index: b.names.clone() },
        name_spelling => name_spelling::NameSpelling { index: b.names.clone() },
        orphan_footnote => orphan_footnote::OrphanFootnote,
        outside_site => outside_site::OutsideSite,
        pasted_bullets => pasted_bullets::PastedBullets,
        repeated_word => repeated_word::RepeatedWord,
        placeholder_link => placeholder_link::PlaceholderLink,
        unbalanced_emphasis => unbalanced_emphasis::UnbalancedEmphasis,
    }
    kinds { existence, front_matter, placeholder, substitution, template }
    notes {
        engine_notes => [IO_ERROR, INTERNAL_ERROR, TOO_LARGE, INVALID_UTF8, BINARY_FILE],
        dead_link => [META],
        link_timeout => [META],
        permanent_redirect => [META],
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::ops::Range;

    use crate::diagnostic::Finding;
    use crate::document::Document;
    use crate::rule::{Ctx, Rule};
    use crate::source::SourceFile;

    /// Check that `fast` (a rule with a prefilter) reports what `plain` (the same rule
    /// without it) reports, on 3,000 texts of up to `max` random `pieces`; returns how
    /// many findings there were, for the caller to check the texts were not all clean.
    pub fn same_findings(
        fast: &dyn Rule,
        plain: &dyn Rule,
        pieces: &[&str],
        max: usize,
        seed: u64,
    ) -> usize {
        let mut rng = crate::test_rng::Rng(seed);
        let mut found = 0;
        for _ in 0..3_000 {
            let text = rng.text(pieces, max);
            let a = check_rule(fast, &text);
            assert_eq!(a, check_rule(plain, &text), "{text:?}");
            found += a.len();
        }
        found
    }

    /// One finding of [`check_rule`], with everything a rule decides.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Checked {
        /// 1-based.
        pub line: usize,
        /// 1-based, in characters.
        pub column: usize,
        pub range: Range<usize>,
        pub message: String,
        pub help: Option<String>,
        /// The text after the fix, when the finding has one.
        pub fixed: Option<String>,
    }

    /// Run one rule on `src` (alone, with the default packs' placeholder vocabulary).
    pub fn check_rule(rule: &dyn Rule, src: &str) -> Vec<Checked> {
        let file = SourceFile::new("test.md", None, src.to_string());
        findings_in(rule, &file)
            .into_iter()
            .map(|f: Finding| {
                let p = file.position(f.range.start);
                let fixed = f.fix.as_ref().map(|fix| {
                    let mut text = src.to_string();
                    let mut edits = fix.edits.clone();
                    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
                    for e in edits {
                        text.replace_range(e.range.clone(), &e.replacement);
                    }
                    text
                });
                Checked {
                    line: p.line,
                    column: p.column,
                    range: f.range,
                    message: f.message,
                    help: f.help,
                    fixed,
                }
            })
            .collect()
    }

    /// How many findings one rule reports on `src`, as [`check_rule`] runs it (without
    /// the text after each fix, a copy of the text per finding: for linearity tests).
    pub fn count_findings(rule: &dyn Rule, src: &str) -> usize {
        findings_in(rule, &SourceFile::new("test.md", None, src.to_string())).len()
    }

    fn findings_in(rule: &dyn Rule, file: &SourceFile) -> Vec<Finding> {
        let doc = Document::parse(file);
        let all = crate::rule::Needs::URLS
            .union(crate::rule::Needs::IDS)
            .union(crate::rule::Needs::VOCABULARY)
            .union(crate::rule::Needs::FM_STATS)
            .union(crate::rule::Needs::WORDS);
        let site = crate::site::Site::build(&[&doc], all, &[None]);
        let cache = crate::rule::DocCache::default();
        let vocab = crate::registry::default_vocab();
        let links = crate::site::LinksConfig::default();
        let mut ctx = Ctx::new(&site, Some(0), &cache, vocab, &links);
        rule.check(&doc, &mut ctx);
        ctx.into_findings()
    }

    /// Assert that `run` on `make(16 * n)` takes less than 60 times what it takes on
    /// `make(n)` (best of three each): a linear path takes about 16 times, a quadratic one
    /// about 256. Timing, but with a margin no loaded machine closes.
    pub fn assert_linear<T>(n: usize, make: impl Fn(usize) -> T, run: impl Fn(&T)) {
        // Best of three, each repeated until it lasts 20 ms at least, so a small input's
        // time is not lost in the scheduler's noise on a loaded machine.
        let time = |input: &T| {
            (0..3)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let mut runs = 0u32;
                    while runs == 0 || t.elapsed() < std::time::Duration::from_millis(20) {
                        run(input);
                        runs += 1;
                    }
                    t.elapsed() / runs
                })
                .min()
                .unwrap()
        };
        let (small, large) = (make(n), make(16 * n));
        let (a, b) = (time(&small), time(&large));
        let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-6);
        // Seen with `--nocapture`: the figures docs/robustness.md quotes.
        eprintln!("assert_linear: {a:?} -> {b:?} at 16x the input ({ratio:.1}x)");
        assert!(
            ratio < 60.0,
            "16x the input took {ratio:.0}x the time ({a:?} -> {b:?})"
        );
    }

    /// Run one rule on `src`; returns (1-based line, message) pairs in report order.
    pub fn lint_rule(rule: &dyn Rule, src: &str) -> Vec<(usize, String)> {
        check_rule(rule, src)
            .into_iter()
            .map(|c| (c.line, c.message))
            .collect()
    }
}
