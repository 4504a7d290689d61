//! Hostile input, configuration and output (issue "Robustness and security under hostile
//! input"; the item numbers are the issue's). Each test names its item; each failed on the
//! code before the fix it guards.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// characters of what they quote.
#[test]
fn item_3_packs_outside_the_project_are_refused_and_errors_are_cut_short() {
    let root = temp_dir("hostile-3");
    let proj = root.join("proj");
    write(&root, "secret.yml", "root:*:19000:0:99999:7:::\n");
    write(&proj, "post.md", "# Hi\n\nText.\n");
    write(&proj, "postlint.toml", "packs = [\"../secret.yml\"]\n");
    let o = run_in(&proj, &["check", "post.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains("root:"), "the pack was read: {err}");
    assert!(err.contains("outside"), "{err}");
    assert!(err.contains("postlint.toml:1:"), "{err}");

    let key = "k".repeat(200);
    write(
        &proj,
        "long.yml",
        &format!("rules:\n  - name: x\n    kind: placeholder\n    {key}: 1\n"),
    );
    write(&proj, "postlint.toml", "packs = [\"long.yml\"]\n");
    let o = run_in(&proj, &["check", "post.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&key[..30]), "the key is named: {err}");
    assert!(
        !err.contains(&key[..41]),
        "more than 40 characters echoed: {err}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

/// its position, not silently dropped.
#[test]
fn item_17_invalid_exclude_regex_is_a_config_error() {
    let dir = temp_dir("hostile-17");
    write(&dir, "post.md", "# Hi\n\nText.\n");
    write(
        &dir,
        "postlint.toml",
        "[links]\nexclude = [\"ok\", \"(unclosed\"]\n",
    );
    let o = run_in(&dir, &["check", "post.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("postlint.toml:2:19"), "{}", stderr(&o));
    assert!(stderr(&o).contains("(unclosed"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `- name:` line; a parser limit is said in words, not as a Debug dump.
#[test]
fn item_19_pack_errors_point_at_the_pattern_and_speak_plainly() {
    let dir = temp_dir("hostile-19-pack");
    write(&dir, "post.md", "# Hi\n\nText.\n");
    write(
        &dir,
        "site.yml",
        "rules:\n  - name: wip\n    kind: existence\n    message: x\n    patterns:\n      - \"fine\"\n      - \"(broken\"\n",
    );
    write(&dir, "postlint.toml", "packs = [\"site.yml\"]\n");
    let o = run_in(&dir, &["check", "post.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("site.yml:7:"), "{}", stderr(&o));

    let deep = format!("{}1{}", "[".repeat(70), "]".repeat(70));
    write(
        &dir,
        "site.yml",
        &format!("rules:\n  - name: wip\n    kind: placeholder\n    markers: {deep}\n"),
    );
    let o = run_in(&dir, &["check", "post.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains('{'), "{}", stderr(&o));
    assert!(stderr(&o).contains("nested"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// column.
#[test]
fn item_19_front_matter_schema_errors_have_a_position() {
    let dir = temp_dir("hostile-19-schema");
    write(&dir, "post.md", "# Hi\n\nText.\n");
    write(
        &dir,
        "sub/postlint.toml",
        "[front-matter]\nrequired = [\"title\"]\ntypes = { date = \"dat\" }\n",
    );
    let o = run_in(&dir, &["check", "post.md", "--config", "sub/postlint.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("sub/postlint.toml:3:19:"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
