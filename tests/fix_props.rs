//! Property tests over generated documents: fixes change nothing outside their spans, and
//! fixing until stable leaves none of the fixed findings behind.

use postlint::diagnostic::{Applicability, Diagnostic};
use postlint::engine::{lint_source, Profile};
use postlint::fix::{self, FixMode};
use postlint::source::SourceFile;
use proptest::prelude::*;

/// Pieces with fixable defects (names, typos, bare URLs, pasted bullets, headings after
/// lists, misspelt schemes, iframes) and neutral Markdown around them.
const PIECES: &[&str] = &[
    "Slides are on github. ",
    "The Nvidia team came. ",
    "teh talk ",
    "We will recieve it. ",
    "See https://example.org/a now. ",
    "  • Anaconda\n",
    "  • Quansight\n",
    "* item\n## Heading\n",
    "[deck](htps://x.org/deck) ",
    "<iframe src=\"https://www.youtube.com/watch?v=abc\"></iframe>\n",
    "Captial One hosted. ",
    "\n\n",
    "\n",
    "# Title\n\n",
    "## Part\n\n",
    "plain words ",
    "`github` ",
    "```\nteh github\n```\n",
    "> quote github\n",
    "- list item\n",
    "**bold** ",
    "é🙂 ",
    "\r\n",
    "Dask Dwon Under ",
];

fn doc() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..PIECES.len(), 0..40)
        .prop_map(|ix| ix.into_iter().map(|i| PIECES[i]).collect())
}

fn lint(text: &str, profile: &Profile) -> Vec<Diagnostic> {
    let file = SourceFile::new("p.md", None, text.to_string());
    lint_source(&file, profile, |m| Some(m.default_severity))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn fixes_change_only_their_spans(text in doc()) {
        let profile = Profile::load(None).unwrap();
        let diags = lint(&text, &profile);
        let refs: Vec<&Diagnostic> = diags.iter().collect();
        let (edits, _) = fix::plan(&text, &refs, FixMode { unsafe_fixes: true });
        let out = fix::apply_edits(&text, &edits);
        let crlf = fix::is_crlf(&text);
        let (mut at_in, mut at_out) = (0, 0);
        for e in &edits {
            let kept = &text[at_in..e.range.start];
            prop_assert_eq!(&out[at_out..at_out + kept.len()], kept);
            let replacement = if crlf { e.replacement.replace("\r\n", "\n").replace('\n', "\r\n") } else { e.replacement.clone() };
            prop_assert_eq!(&out[at_out + kept.len()..at_out + kept.len() + replacement.len()], replacement.as_str());
            at_out += kept.len() + replacement.len();
            at_in = e.range.end;
        }
        prop_assert_eq!(&out[at_out..], &text[at_in..]);
    }

    #[test]
    fn fixing_until_stable_leaves_no_safe_fix(text in doc()) {
        let profile = Profile::load(None).unwrap();
        let mut current = text.clone();
        for _ in 0..10 {
            let diags = lint(&current, &profile);
            let refs: Vec<&Diagnostic> = diags.iter().collect();
            let (next, n) = fix::apply(&current, &refs, FixMode::default());
            if n == 0 || next == current {
                break;
            }
            current = next;
        }
        let left: Vec<Diagnostic> = lint(&current, &profile)
            .into_iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
            .collect();
        prop_assert!(left.is_empty(), "still fixable after fixing: {:?}\n--- text\n{:?}", left, current);
        // And a further pass changes nothing (idempotent).
        let diags = lint(&current, &profile);
        let refs: Vec<&Diagnostic> = diags.iter().collect();
        prop_assert_eq!(fix::apply(&current, &refs, FixMode::default()).0, current);
    }
}
