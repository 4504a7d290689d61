//! Render traps, checked against what kramdown really outputs: the HTML recorded with
//! kramdown 2.4 (`scripts/record-kramdown.sh`) is committed next to each fixture, so CI
//! never needs Ruby; when Ruby and kramdown are installed the recording is verified too.

mod common;

use common::*;

const RULES: &str =
    "heading-in-list,list-as-heading,unbalanced-emphasis,orphan-footnote,html-balance,embed-url,pasted-bullets,scrape-leftover";

fn html(name: &str) -> String {
    std::fs::read_to_string(root().join(format!("fixtures/render-traps/{name}.kramdown.html")))
        .unwrap()
}

#[test]
fn findings_match_expectation() {
    let o = run(&[
        "check",
        "fixtures/render-traps",
        "--format",
        "short",
        "-q",
        "--select",
        RULES,
    ]);
    expect_file("fixtures/render-traps.expected", &stdout(&o));
}

#[test]
fn code_and_liquid_are_never_flagged() {
    let o = run(&[
        "check",
        "fixtures/render-traps/code-and-liquid.md",
        "--format",
        "short",
        "-q",
    ]);
    assert_eq!(stdout(&o), "");
}

/// What each rule says the reader will see is what kramdown renders.
#[test]
fn kramdown_output_shows_each_trap() {
    let h = html("heading-in-list");
    let li = h.find("A live demo").expect("list item");
    let close = h[li..].find("</li>").unwrap() + li;
    assert!(
        h[li..close].contains("<h2 id=\"next\">"),
        "heading inside the list item:\n{h}"
    );
    let h = html("list-as-heading");
    let ol = h.find("<ol").unwrap();
    assert!(
        h[ol..h.find("</ol>").unwrap()].contains("<h2"),
        "heading inside the ordered list:\n{h}"
    );
    let h = html("unbalanced-emphasis");
    assert!(
        h.contains("**Monday") || h.contains("When: **"),
        "literal asterisks:\n{h}"
    );
    assert!(h.contains("__strong"), "literal underscores:\n{h}");
    let h = html("orphan-footnote");
    assert!(
        h.contains("[^missing]"),
        "reference printed literally:\n{h}"
    );
    let fixture =
        std::fs::read_to_string(root().join("fixtures/render-traps/orphan-footnote.md")).unwrap();
    let unused_text = fixture
        .lines()
        .find(|l| l.starts_with("[^unused]:"))
        .unwrap()["[^unused]:".len()..]
        .trim();
    assert!(
        !h.contains(unused_text),
        "unreferenced footnote dropped:\n{h}"
    );
    let h = html("html-balance");
    assert!(
        h.contains("&lt;/div&gt;"),
        "stray closing tag shown as text:\n{h}"
    );
    let h = html("pasted-bullets");
    let p = h.find("• Faster builds").expect("bullet text");
    let para_start = h[..p].rfind("<p>").unwrap();
    let para_end = p + h[p..].find("</p>").unwrap();
    assert!(
        h[para_start..para_end].contains("◦") && !h[para_start..para_end].contains("<li>"),
        "one paragraph:\n{h}"
    );
}

/// Re-record with the installed kramdown and compare (skipped without Ruby).
#[test]
fn recordings_are_what_kramdown_outputs() {
    let have = std::process::Command::new("ruby")
        .args(["-e", "require 'kramdown'; require 'kramdown-parser-gfm'"])
        .status()
        .is_ok_and(|s| s.success());
    if !have {
        eprintln!("skipped: ruby with kramdown and kramdown-parser-gfm is not installed");
        return;
    }
    for e in std::fs::read_dir(root().join("fixtures/render-traps")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let out = std::process::Command::new("ruby")
            .arg(root().join("scripts/kramdown-html.rb"))
            .arg(&p)
            .output()
            .unwrap();
        let recorded = std::fs::read_to_string(p.with_extension("kramdown.html")).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            recorded,
            "{}",
            p.display()
        );
    }
}
