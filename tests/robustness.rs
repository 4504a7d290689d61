//! Strange input: every case yields a diagnostic or a skip note, the other files are still
//! checked, the exit status is the documented one, and nothing panics (exit 101) or
//! overflows the stack.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

fn check(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["check", "--format", "short", "-q"];
    all.extend_from_slice(args);
    postlint().current_dir(dir).args(&all).output().unwrap()
}

/// Not a panic (101) and not killed by a signal (stack overflow).
fn no_crash(o: &Output) {
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "status {:?}\n{}",
        o.status,
        stderr(o)
    );
}

#[test]
fn every_kind_of_bad_file_in_one_run() {
    let dir = temp_dir("robust-mix");
    std::fs::write(dir.join("utf8.md"), b"ok\n\xff\xfe bad\n").unwrap();
    std::fs::write(dir.join("nul.md"), b"text\0more").unwrap();
    std::fs::write(dir.join("bom.md"), "\u{feff}# Title\n\nTODO\n").unwrap();
    std::fs::write(dir.join("crlf.md"), "# T\r\n\r\nTODO\r\n").unwrap();
    std::fs::write(dir.join("cr.md"), "# T\r\rTODO\r").unwrap();
    std::fs::write(
        dir.join("tabs.md"),
        "---\ntitle:\tx\n---\n-\tone\n\t-\ttwo\n\nPara.\n\n\tcode TODO\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.md"), "").unwrap();
    std::fs::write(dir.join("fm-only.md"), "---\ntitle: x\n---\n").unwrap();
    std::fs::write(dir.join("unterminated.md"), "---\ntitle: x\n\nbody\n").unwrap();
    std::fs::write(dir.join("good.md"), "# Fine\n\nTODO here\n").unwrap();
    let o = check(&dir, &["."]);
    no_crash(&o);
    let out = stdout(&o);
    for needle in [
        "utf8.md:2:1: error[invalid-utf8]: invalid UTF-8 at byte offset 3",
        "nul.md:1:1: info[binary-file]",
        "bom.md:3:1: error[placeholder]",
        "crlf.md:3:1: error[placeholder]",
        "cr.md:3:1: error[placeholder]",
        "fm-only.md:2:1: warning[empty-post]",
        "unterminated.md:1:1: error[front-matter-syntax]",
        "good.md:3:1: error[placeholder]",
    ] {
        assert!(out.contains(needle), "missing {needle}\n{out}");
    }
    // An empty file without front matter is no post (Jekyll copies it as it is).
    assert!(!out.contains("empty.md"), "{out}");
    // The tab-indented code block is code: no placeholder there.
    assert!(!out.contains("tabs.md:9"), "{out}");
    assert_eq!(o.status.code(), Some(1), "errors, no I/O failure");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fifty_megabyte_file_is_skipped_with_a_note() {
    let dir = temp_dir("robust-big");
    let line = "A line of prose in a very large generated file, TODO.\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    std::fs::write(dir.join("big.md"), &big).unwrap();
    std::fs::write(dir.join("small.md"), "# Small\n\nTODO\n").unwrap();
    let o = check(&dir, &["."]);
    no_crash(&o);
    let out = stdout(&o);
    assert!(out.contains("big.md:1:1: info[file-too-large]"), "{out}");
    assert!(out.contains("small.md:3:1: error[placeholder]"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_endless_device_stops_at_the_size_limit() {
    // Named on the command line, a device has no size to check first: reading stops at
    // the limit instead of filling memory.
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let dir = temp_dir("robust-device");
    let o = check(&dir, &["/dev/zero", "--max-file-size", "100000"]);
    no_crash(&o);
    let out = stdout(&o);
    assert!(out.contains("info[file-too-large]"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn deep_nesting_and_long_lines() {
    let dir = temp_dir("robust-deep");
    std::fs::write(
        dir.join("lists.md"),
        format!("{}TODO\n", "- ".repeat(10_000)),
    )
    .unwrap();
    std::fs::write(
        dir.join("quotes.md"),
        format!("{}TODO\n", "> ".repeat(10_000)),
    )
    .unwrap();
    let nested: String = (0..10_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i % 200)))
        .collect();
    std::fs::write(dir.join("indented.md"), nested).unwrap();
    std::fs::write(
        dir.join("line.md"),
        format!("{} end\n", "word ".repeat(200_000)),
    )
    .unwrap();
    let o = check(&dir, &["."]);
    no_crash(&o);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn symlink_loops_do_not_hang() {
    let dir = temp_dir("robust-links");
    write(&dir, "posts/a.md", "# A\n\nText.\n");
    std::os::unix::fs::symlink(&dir, dir.join("posts/loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("x.md"), dir.join("y.md")).unwrap();
    std::os::unix::fs::symlink(dir.join("y.md"), dir.join("x.md")).unwrap();
    // Walking does not follow links: it finishes, and checks a.md once.
    let o = check(&dir, &["."]);
    no_crash(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Naming a looping link explicitly is an error with a message, exit 2.
    let o = check(&dir, &["x.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("x.md"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreadable_folder_is_reported_and_the_rest_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("robust-perm");
    write(&dir, "open/a.md", "# A\n\nTODO\n");
    write(&dir, "closed/b.md", "# B\n\nTODO\n");
    std::fs::set_permissions(dir.join("closed"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(dir.join("closed")).is_ok();
    let o = check(&dir, &["."]);
    std::fs::set_permissions(dir.join("closed"), std::fs::Permissions::from_mode(0o755)).unwrap();
    no_crash(&o);
    let out = stdout(&o);
    assert!(out.contains("open/a.md:3:1: error[placeholder]"), "{out}");
    if !readable {
        // Not as root: permission bits do not stop root.
        assert!(
            out.contains("closed: error[io-error]") || out.contains("closed:1:1: error[io-error]"),
            "{out}"
        );
        assert_eq!(o.status.code(), Some(2));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_that_disappears_during_the_run() {
    use postlint::engine::{found_inputs, run_discovered, Options};
    let dir = temp_dir("robust-vanish");
    write(&dir, "a.md", "# A\n\nTODO\n");
    write(&dir, "b.md", "# B\n\nText.\n");
    let opts = Options::default();
    let found = found_inputs(std::slice::from_ref(&dir), &opts).unwrap();
    std::fs::remove_file(dir.join("b.md")).unwrap();
    let report = run_discovered(found, &opts).unwrap();
    assert_eq!(report.io_errors, 1);
    let rules: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                report.db.get(d.file).name.rsplit('/').next().unwrap(),
                d.rule.as_str(),
            )
        })
        .collect();
    assert!(rules.contains(&("a.md", "placeholder")), "{rules:?}");
    assert!(rules.contains(&("b.md", "io-error")), "{rules:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A blog index kept in `_posts/` (its layout lists the posts) is made by its layout; an
/// empty post with the plain post layout, or a layout that cannot be read, is reported.
#[test]
fn an_empty_post_whose_layout_lists_the_posts_is_an_index() {
    let site = TestSite::jekyll("empty-index")
        .file(
            "_layouts/post-index.html",
            "---\nlayout: default\n---\n{% assign all = site.posts | where: \"lang\", page.lang %}\n{% for p in all %}<a href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}\n",
        )
        .file(
            "_layouts/archive.html",
            "---\nlayout: index-base\n---\n{{ content }}\n",
        )
        .file(
            "_layouts/index-base.html",
            "{% for p in paginator.posts %}{{ p.title }}{% endfor %}\n",
        )
        .file("_layouts/post.html", "<article>{{ content }}</article>\n")
        .file(
            "_posts/2016-01-01-blog.md",
            "---\nlayout: post-index\ntitle: Blog\npermalink: /en/blog/\n---\n\n",
        )
        .file(
            "_posts/2016-01-02-archive.md",
            "---\nlayout: archive\ntitle: Archive\n---\n",
        )
        .file("_posts/2016-01-03-draft.md", "---\nlayout: post\ntitle: Draft\n---\n");
    let found = site.findings(&["check", ".", "--select", "empty-post"]);
    let paths: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(paths, ["_posts/2016-01-03-draft.md"], "{found:?}");
}
