//! `repeated-word`: the same word twice in a row (`the the`).

use crate::declare_rule;
use crate::diagnostic::{Applicability, Edit, Finding, Fix, Severity};
use crate::document::Document;
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds a word written twice in a row in prose, with only white space between
    /// (`the the`, `in in`, `final final`), also across a line break of the paragraph.
    ///
    /// ## Why is this bad?
    /// A doubled word is the commonest slip of editing, and the eye skips it on reading.
    ///
    /// ## Example
    /// ```markdown
    /// We met with the the organisers in in the morning.
    /// ```
    ///
    /// ## Not flagged
    /// - words that repeat in good English (`that that`, `had had`, `is is`, `very very`,
    ///   `bye bye`, `done done`) and names written twice in capitals (`Duran Duran`);
    /// - posts in other languages (`song song` is Vietnamese, `die die` German);
    /// - numbers and single letters (`1 1`, `a a` in a list of options), interjections
    ///   (`ok ok`, `tap tap`), and code names written in prose (`alias inspect to to_s`,
    ///   `belongs_to to`, `accepts :as as option`);
    /// - words separated by punctuation, markup or a blank line, and anything in code,
    ///   URLs, HTML or Liquid.
    ///
    /// ## Fix
    /// Safe: remove the second word.
    pub static META = {
        name: "repeated-word",
        summary: "the same word twice in a row (the the)",
        severity: Severity::Warning,
        fix: FixAvailability::Always,
    }
}

/// Words that English repeats on purpose.
const GRAMMATICAL: &[&str] = &[
    "that", "had", "is", "do", "did", "very", "so", "really", "no", "ha", "bye", "blah", "yeah",
    "well", "la", "na", "knock", "tick", "chop", "hush", "tut", "far", "many", "more", "again",
    "over", "round", "on", "and", "yes", "go", "hey", "oh", "wow", "done", "yada", "bla",
    "bye", "pew", "beep", "boo", "meow", "woof", "hip", "ok", "okay", "whoop", "tap",
    "ding", "zoom",
];

pub struct RepeatedWord;

impl Rule for RepeatedWord {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        // Other languages repeat words on purpose (`song song`, `die die`).
        if !ctx.cache.is_english(doc, ctx.site, ctx.doc) {
            return;
        }
        let words = doc.words();
        let mut last_end = 0;
        for pair in words.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            // `we we we` is one slip: reported once.
            if a.range.start < last_end {
                continue;
            }
            if a.run != b.run
                || a.text.len() < 2
                || !a.text.eq_ignore_ascii_case(b.text)
                || a.text.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            // Only white space between, with one line break at most.
            let between = &doc.text[a.range.end..b.range.start];
            if between.is_empty()
                || !between.chars().all(char::is_whitespace)
                || between.matches('\n').count() > 1
            {
                continue;
            }
            // Code names written as prose (`alias inspect to to_s`, `belongs_to to`,
            // `accepts :as as option`).
            if a.in_identifier(doc.text)
                || b.in_identifier(doc.text)
                || matches!(a.before, Some(':'))
                || matches!(b.after, Some('_'))
            {
                continue;
            }
            let lower = a.text.to_lowercase();
            let second_capital = b.text.chars().next().is_some_and(char::is_uppercase);
            if GRAMMATICAL.contains(&lower.as_str()) || second_capital {
                continue;
            }
            let range = a.range.start..b.range.end;
            last_end = b.range.end;
            ctx.report(
                Finding::new(range, format!("`{} {}`: the word is repeated", a.text, b.text))
                    .help(format!("remove the second `{}`", b.text))
                    .fix(Fix {
                        applicability: Applicability::Safe,
                        edits: vec![Edit {
                            range: a.range.end..b.range.end,
                            replacement: String::new(),
                        }],
                    }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::{check_rule, lint_rule};

    #[test]
    fn repeated_words() {
        let src = "We met the the team and worked in in\nthe morning. The the end. A final final run. We we we.\n";
        let f = lint_rule(&super::RepeatedWord, src);
        assert_eq!(f.len(), 5, "{f:?}");
        let fixed = check_rule(&super::RepeatedWord, "Use the the API.\n");
        assert_eq!(fixed[0].fixed.as_deref(), Some("Use the API.\n"));
    }

    #[test]
    fn not_flagged() {
        for text in [
            "He said that that was fine; she had had enough. What it is is clear.\n",
            "Duran Duran played. Pick a a or b? 1 1 2 3 5.\n",
            "the, the end; the *the* word.\n",
            "Run `the the` and https://x.org/the/the\n\n```\nthe the\n```\n",
            "the\n\nthe new paragraph.\n",
            "<span title=\"the the\">x</span> {{ the the }}\n",
            "bye bye and very very good, ok ok.\n",
            "We alias inspect to to_s, use belongs_to to the class and pass :as as option.\n",
        ] {
            let f = lint_rule(&super::RepeatedWord, text);
            assert!(f.is_empty(), "{text}: {f:?}");
        }
    }
}
