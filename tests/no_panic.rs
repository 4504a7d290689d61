//! Deterministic random documents built from Markdown-significant pieces: parsing and every
//! rule must never panic, and every reported range must lie on character boundaries.

use postlint::engine::{lint_source, Profile};
use postlint::source::SourceFile;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const PIECES: &[&str] = &[
    "---\n",
    "+++\n",
    "title: x\n",
    "# ",
    "## ",
    "### ",
    "#### ",
    "Heading",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "- ",
    "* ",
    "1. ",
    "   ",
    "\t",
    "> ",
    "```\n",
    "`",
    "*",
    "**",
    "_",
    "...",
    "…",
    " ...",
    "TODO",
    "todo list",
    "XXX",
    "Notes ...",
    "Title:",
    "Presenters: A",
    "[",
    "]",
    "(",
    ")",
    "[Slides](TODO)",
    "![](",
    "<div>",
    "</div>",
    "<!-- postlint-disable -->",
    "<!-- postlint-enable placeholder -->",
    "<!-- postlint-disable-next-line -->",
    "{% raw %}",
    "{% endraw %}",
    "{{ site.url }}",
    "{%",
    "%}",
    "https://example.org/x",
    "é",
    "🙂",
    "東京",
    "\u{feff}",
    "|",
    "|---|",
    "[^1]",
    "[^1]: note",
    "\\",
    "===",
    "---",
    "&amp;",
    "word",
    " ",
    "{#id}",
    "<https://a.b>",
    "\u{0}",
];

#[test]
fn random_documents_never_panic() {
    let profile = Profile::load(None).expect("default profile");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let len = (rng.next() % 60) as usize;
        let text: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        let file = SourceFile::new("fuzz.md", None, text.clone());
        let diags = lint_source(&file, &profile, |m| Some(m.default_severity));
        for d in diags {
            assert!(
                d.range.start <= d.range.end && d.range.end <= text.len(),
                "{d:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end),
                "{d:?} in {text:?}"
            );
            let _ = file.position(d.range.end);
        }
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let profile = Profile::load(None).expect("default profile");
    for unit in ["> ", "- ", "1. "] {
        let text = format!("{}TODO\n", unit.repeat(5000));
        let file = SourceFile::new("deep.md", None, text);
        let _ = lint_source(&file, &profile, |m| Some(m.default_severity));
    }
}
