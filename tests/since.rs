//! Changed-only checks (`--since REF`), files named one by one (what a pre-commit hook
//! passes), and the fail level (`--fail-on`).

mod common;

use std::process::Command;

use common::*;

fn git(site: &TestSite, args: &[&str]) {
    let o = Command::new("git")
        .arg("-C")
        .arg(&site.dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A committed site: `a` has a `## Schedule` heading that `b` links to; `b` also has an
/// old broken link of its own.
fn site(name: &str) -> TestSite {
    let site = TestSite::jekyll(name)
        .file(
            "_posts/2024-01-01-a.md",
            "---\ntitle: A\n---\n## Schedule\n\nTalks at ten.\n",
        )
        .file(
            "_posts/2024-02-01-b.md",
            "---\ntitle: B\n---\nSee [the schedule](/2024/01/01/a.html#schedule).\n\nAn old mistake: [gone](/2024/12/31/nothing.html).\n",
        );
    git(&site, &["init", "-q"]);
    git(&site, &["add", "."]);
    git(&site, &["commit", "-q", "-m", "site"]);
    site
}

#[test]
fn a_renamed_heading_is_caught_in_the_post_that_links_to_it() {
    let site = site("since-heading");
    let site = site.file(
        "_posts/2024-01-01-a.md",
        "---\ntitle: A\n---\n## Programme\n\nTalks at ten.\n",
    );
    git(&site, &["add", "-A"]);
    let found = site.findings(&["check", "--since", "HEAD"]);
    let rules: Vec<(String, u64, String)> =
        found.into_iter().map(|(p, l, r, _)| (p, l, r)).collect();
    // b's link into the changed post is reported; b's older broken link is not.
    assert_eq!(
        rules,
        [(
            "_posts/2024-02-01-b.md".to_string(),
            4,
            "broken-fragment".to_string()
        )]
    );
}

#[test]
fn a_deleted_post_is_caught_in_the_posts_that_link_to_it() {
    let site = site("since-delete");
    std::fs::remove_file(site.path("_posts/2024-01-01-a.md")).unwrap();
    git(&site, &["add", "-A"]);
    let found = site.rule(&["check", "--since", "HEAD"], "broken-link");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, 4);
}

#[test]
fn nothing_changed_is_nothing_to_check() {
    let site = site("since-clean");
    let o = site.run(&["check", "--since", "HEAD", "--format", "short"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Outside a repository: a clear error.
    let plain = TestSite::new("since-norepo").file("a.md", "# A\n");
    let o = plain.run(&["check", "--since", "HEAD"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("git repository"), "{}", stderr(&o));
}

#[test]
fn a_heading_renamed_in_a_named_file_is_caught_in_the_post_that_links_to_it() {
    // As a pre-commit hook runs it: the staged file named, no git reference.
    let site = site("named-heading").file(
        "_posts/2024-01-01-a.md",
        "---\ntitle: A\n---\n## Programme\n\nTalks at ten.\n",
    );
    let found = site.findings(&["check", "_posts/2024-01-01-a.md"]);
    let rules: Vec<(String, u64, String)> =
        found.into_iter().map(|(p, l, r, _)| (p, l, r)).collect();
    // b's link into the named post is reported; b's older broken link is not.
    assert_eq!(
        rules,
        [(
            "_posts/2024-02-01-b.md".to_string(),
            4,
            "broken-fragment".to_string()
        )]
    );
    let o = site.run(&["check", "-q", "_posts/2024-01-01-a.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // A folder is checked whole, as before; --fix and --diff touch only the named files.
    let whole = site.rule(&["check", "_posts"], "broken-link");
    assert_eq!(whole.len(), 1, "{whole:?}");
    let o = site.run(&["check", "--diff", "_posts/2024-01-01-a.md"]);
    assert!(!stdout(&o).contains("2024-02-01-b.md"), "{}", stdout(&o));
}

#[test]
fn the_fail_level() {
    // A warning only (an image without alt text).
    let site =
        TestSite::new("fail-on").file("a.md", "# A\n\n![](https://images.example.org/a.png)\n");
    assert_eq!(site.run(&["check", "a.md"]).status.code(), Some(0));
    let o = site.run(&["check", "a.md", "--fail-on", "warning"]);
    assert_eq!(o.status.code(), Some(1));
    let o = site.run(&["check", "a.md", "--fail-on", "info"]);
    assert_eq!(o.status.code(), Some(1));
}
