//! `--fix`, `--diff`, `--unsafe-fixes` as users run them, byte for byte.

mod common;

use common::*;

fn copy_fixture(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let dest = dir.join(name);
    std::fs::copy(root().join("fixtures/fix").join(name), &dest).unwrap();
    dest
}

#[test]
fn fix_round_trip_keeps_crlf_and_bom_exactly() {
    let dir = temp_dir("fix-crlf");
    let file = copy_fixture(&dir, "crlf-bom.md");
    let before = std::fs::read(&file).unwrap();
    // --diff shows the change and writes nothing.
    let o = run_in(&dir, &["check", "crlf-bom.md", "--diff"]);
    assert_eq!(o.status.code(), Some(1), "something to fix");
    assert!(
        stdout(&o).contains("+Slides are on GitHub"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "--diff writes nothing"
    );
    // --fix writes exactly the expected bytes, and reports what is left.
    let o = run_in(
        &dir,
        &["check", "crlf-bom.md", "--fix", "--format", "short"],
    );
    let want = std::fs::read(root().join("fixtures/fix/crlf-bom.fixed.md")).unwrap();
    let got = std::fs::read(&file).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&got),
        String::from_utf8_lossy(&want)
    );
    assert_eq!(got, want);
    assert!(got.starts_with(b"\xef\xbb\xbf"), "BOM kept");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Idempotent: a second run changes nothing.
    let o = run_in(&dir, &["check", "crlf-bom.md", "--fix"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(&file).unwrap(), want);
    let o = run_in(&dir, &["check", "crlf-bom.md", "--diff"]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), ""));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn headings_get_their_space() {
    let dir = temp_dir("fix-heading-space");
    write(&dir, "a.md", "Intro.\r\n\r\n##Sponsors\r\n\r\nAcme.\r\n");
    let o = run_in(&dir, &["check", "a.md", "--fix", "--format", "short"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(dir.join("a.md")).unwrap(),
        "Intro.\r\n\r\n## Sponsors\r\n\r\nAcme.\r\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let dir = temp_dir("fix-unsafe");
    write(
        &dir,
        "a.md",
        "## What's next?\n\nText.\n\n* [What's next?](#)\n",
    );
    let o = run_in(&dir, &["check", "a.md", "--fix"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(std::fs::read_to_string(dir.join("a.md"))
        .unwrap()
        .contains("](#)"));
    let o = run_in(&dir, &["check", "a.md", "--fix", "--unsafe-fixes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(std::fs::read_to_string(dir.join("a.md"))
        .unwrap()
        .contains("](#whats-next)"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rules_markdown_is_up_to_date() {
    // Generated where no postlint.toml adds rules.
    let dir = temp_dir("rules-md");
    let o = run_in(&dir, &["rules", "--format", "markdown"]);
    let want = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    assert!(
        stdout(&o) == want,
        "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md` from a folder without postlint.toml"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
