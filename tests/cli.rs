//! End-to-end tests of the `postlint` binary on the fixtures and on temporary sites.

mod common;

use common::*;

#[test]
fn site_fixture_short_output_matches_expectation() {
    let o = run(&["check", "fixtures/site", "--format", "short", "--quiet"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    expect_file("fixtures/site.expected", &stdout(&o));
}

#[test]
fn site_fixture_human_output_matches_expectation() {
    let o = run(&["check", "fixtures/site", "--color", "never", "--quiet"]);
    assert_eq!(o.status.code(), Some(1));
    expect_file("fixtures/site.human.expected", &stdout(&o));
}

#[test]
fn bad_input_fixture_gives_diagnostics_not_panics() {
    let o = run(&["check", "fixtures/bad", "--format", "short", "--quiet"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    expect_file("fixtures/bad.expected", &stdout(&o));
}

#[test]
fn clean_posts_exit_zero_and_say_so() {
    let o = run(&[
        "check",
        "fixtures/site/_posts/2022-03-14-pydata-lisbon-march-meetup.md",
        "fixtures/site/_posts/2022-06-02-numba-user-day-announcement.md",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("checked 2 files: no problems found"),
        "{out}"
    );
    let quiet = run(&[
        "check",
        "-q",
        "fixtures/site/_posts/2022-03-14-pydata-lisbon-march-meetup.md",
    ]);
    assert_eq!(stdout(&quiet), "", "quiet and clean prints nothing");
}

#[test]
fn check_is_the_default_command() {
    let a = run(&["--format", "short", "-q", "fixtures/site/_posts"]);
    let b = run(&["check", "--format", "short", "-q", "fixtures/site/_posts"]);
    assert_eq!(stdout(&a), stdout(&b));
    assert!(!stdout(&a).is_empty());
}

#[test]
fn json_output_follows_the_contract() {
    let o = run(&["check", "fixtures/site", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert_eq!(v["version"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    let keys = [
        "path",
        "rule",
        "severity",
        "message",
        "help",
        "line",
        "column",
        "end_line",
        "end_column",
        "fix",
    ];
    for d in diags {
        let obj = d.as_object().unwrap();
        let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
        got.sort_unstable();
        let mut want = keys.to_vec();
        want.sort_unstable();
        assert_eq!(got, want);
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
        assert!(
            (d["end_line"].as_u64(), d["end_column"].as_u64())
                >= (d["line"].as_u64(), d["column"].as_u64())
        );
        assert!(
            !d["path"].as_str().unwrap().starts_with('/'),
            "relative paths"
        );
    }
    let s = &v["summary"];
    let count = |sev: &str| diags.iter().filter(|d| d["severity"] == sev).count() as u64;
    assert_eq!(s["errors"].as_u64().unwrap(), count("error"));
    assert_eq!(s["warnings"].as_u64().unwrap(), count("warning"));
    assert_eq!(s["infos"].as_u64().unwrap(), count("info"));
    assert_eq!(s["files"].as_u64().unwrap(), 9);
    // The CRLF + BOM post: TODO after accents, emoji and CJK is at character column 43.
    let todo = diags
        .iter()
        .find(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .ends_with("2023-01-10-pydata-tokyo-new-year-meetup.md")
        })
        .unwrap();
    assert_eq!(
        (todo["line"].as_u64(), todo["column"].as_u64()),
        (Some(25), Some(43))
    );
    assert_eq!(todo["end_column"].as_u64(), Some(47));
}

#[test]
fn output_is_byte_for_byte_stable() {
    let a = run(&["check", "fixtures", "--format", "json"]);
    let b = run(&["check", "fixtures", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn select_and_ignore() {
    let o = run(&[
        "check",
        "fixtures/site",
        "--format",
        "short",
        "-q",
        "--select",
        "empty-section",
    ]);
    let out = stdout(&o);
    assert!(out.lines().count() >= 3);
    assert!(out.lines().all(|l| l.contains("[empty-section]")), "{out}");
    assert_eq!(o.status.code(), Some(0), "warnings only");
    let o = run(&[
        "check",
        "fixtures/site",
        "--format",
        "short",
        "-q",
        "--select",
        "placeholder,heading-level",
        "--ignore",
        "placeholder",
    ]);
    assert!(
        stdout(&o).lines().all(|l| l.contains("[heading-level]")),
        "{}",
        stdout(&o)
    );
    let o = run(&["check", "fixtures/site", "--select", "no-such-rule"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown rule `no-such-rule`"));
}

#[test]
fn nonexistent_path_is_a_usage_error() {
    let o = run(&["check", "does/not/exist.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("does/not/exist.md: no such file or directory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_usage_exits_two() {
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(run(&["explain", "nope"]).status.code(), Some(2));
}

#[test]
fn stdin_with_a_name() {
    let mut child = postlint()
        .args([
            "check",
            "-",
            "--stdin-filename",
            "_posts/draft.md",
            "--format",
            "short",
            "-q",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# Post\n\nTODO write it\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "_posts/draft.md:3:1: error[placeholder]: `TODO` placeholder left in the post\n"
    );
}

#[test]
fn config_is_discovered_and_applied() {
    let dir = temp_dir("config");
    write(&dir, "postlint.toml", "[rules.placeholder]\nseverity = \"warning\"\n\n[[overrides]]\nfiles = [\"_drafts/**\"]\nrules = { placeholder = { enabled = false } }\n");
    write(&dir, "_posts/2020-01-01-a.md", "# A\n\nTODO\n");
    write(&dir, "_drafts/b.md", "# B\n\nTODO\n");
    let o = run_in(&dir, &["check", "--format", "short", "-q"]);
    assert_eq!(
        stdout(&o),
        "_posts/2020-01-01-a.md:3:1: warning[placeholder]: `TODO` placeholder left in the post\n"
    );
    assert_eq!(o.status.code(), Some(0), "downgraded to a warning");
    // Discovery walks up from the linted file, not from the working directory.
    let o = run(&[
        "check",
        "--format",
        "short",
        "-q",
        dir.join("_posts").to_str().unwrap(),
    ]);
    assert!(
        stdout(&o).contains("warning[placeholder]"),
        "{}",
        stdout(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn invalid_config_is_reported_with_position() {
    let dir = temp_dir("badconfig");
    write(
        &dir,
        "postlint.toml",
        "[rules.placeholder]\nseverity = \"warning\"\nenabeld = false\n",
    );
    write(&dir, "a.md", "x\n");
    let o = run_in(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("postlint.toml:3:1:") && err.contains("enabeld"),
        "{err}"
    );
    write(
        &dir,
        "postlint.toml",
        "[rules.placeholdr]\nenabled = false\n",
    );
    let o = run_in(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("postlint.toml:1:8: unknown rule `placeholdr`"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn user_pack_extends_the_rules() {
    let dir = temp_dir("pack");
    write(&dir, "postlint.toml", "packs = [\"site-pack.yml\"]\n");
    write(&dir, "site-pack.yml", "rules:\n  - name: draft-marker\n    kind: placeholder\n    severity: warning\n    markers: [WIP]\n");
    write(&dir, "a.md", "# A\n\nThis part is WIP.\n");
    let o = run_in(&dir, &["check", "--format", "short", "-q"]);
    assert_eq!(
        stdout(&o),
        "a.md:3:14: warning[draft-marker]: `WIP` placeholder left in the file\n"
    );
    let o = run_in(&dir, &["rules"]);
    assert!(stdout(&o).contains("draft-marker"));
    write(
        &dir,
        "site-pack.yml",
        "rules:\n  - name: draft-marker\n    kind: placeholder\n    severity: loud\n",
    );
    let o = run_in(&dir, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("site-pack.yml:4:"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn color_always_and_never() {
    let path = "fixtures/site/_posts/2022-11-05-jupyter-accessibility-workshop.md";
    let colored = stdout(&run(&["check", path, "--color", "always"]));
    assert!(
        colored.contains("\x1b["),
        "ANSI escapes with --color always"
    );
    let plain = stdout(&run(&["check", path, "--color", "never"]));
    assert!(!plain.contains("\x1b["));
    let auto = stdout(
        &postlint()
            .args(["check", path])
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    );
    assert!(
        !auto.contains("\x1b["),
        "auto is plain when piped / NO_COLOR"
    );
}

#[test]
fn walking_skips_build_output_but_explicit_files_are_linted() {
    let dir = temp_dir("walk");
    write(&dir, "_posts/2020-01-01-a.md", "# A\n\nDone.\n");
    write(&dir, "_site/2020/01/01/a.md", "TODO\n");
    write(&dir, "notes.txt", "TODO\n");
    let o = run_in(&dir, &["check", "-q", "--format", "short"]);
    assert_eq!(stdout(&o), "");
    assert_eq!(o.status.code(), Some(0));
    let o = run_in(&dir, &["check", "-q", "--format", "short", "notes.txt"]);
    assert_eq!(
        stdout(&o),
        "notes.txt:1:1: error[placeholder]: `TODO` placeholder left in the file\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unreadable_file_is_reported_and_others_still_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("unreadable");
    let locked = write(&dir, "a.md", "TODO\n");
    write(&dir, "b.md", "TODO\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Running as root: permissions do not stop reads, nothing to test here.
        std::fs::remove_dir_all(&dir).unwrap();
        return;
    }
    let o = run_in(&dir, &["check", "-q", "--format", "short"]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(out.contains("a.md:1:1: error[io-error]"), "{out}");
    assert!(out.contains("b.md:1:1: error[placeholder]"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rules_and_explain() {
    let o = run(&["rules"]);
    let out = stdout(&o);
    for name in [
        "placeholder",
        "empty-section",
        "heading-level",
        "front-matter-syntax",
        "io-error",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(name)),
            "{name} listed:\n{out}"
        );
    }
    let o = run(&["explain", "empty-section"]);
    let text = stdout(&o);
    assert!(text.starts_with("# empty-section"));
    assert!(text.contains("## What it does") && text.contains("## Not flagged"));
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["rules", "--format", "json"]).stdout).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "placeholder" && r["fixable"] == false));
}

#[test]
fn site_vocabulary_is_learned_from_the_whole_site_when_one_file_is_checked() {
    // Pre-commit passes only the changed post; the name it misspells is in no list but is
    // used in two other posts of the site.
    let o = run(&[
        "check",
        "fixtures/site/_posts/2023-03-15-geospatial-python-day-recap.md",
        "--select",
        "name-spelling",
        "--format",
        "short",
        "-q",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "`Parcelstraem` looks like a misspelling of `Parcelstream`, used 3 times in this site"
        ),
        "{out}"
    );
    // Only the file given is reported.
    assert!(
        out.lines().all(|l| l.contains("2023-03-15-geospatial")),
        "{out}"
    );
}

/// `postlint check` with only `name-spelling`, short format, in `dir`.
fn name_spelling_in(dir: &std::path::Path) -> std::process::Output {
    run_in(
        dir,
        &[
            "check",
            "--select",
            "name-spelling",
            "-q",
            "--format",
            "short",
        ],
    )
}

#[test]
fn site_vocabulary_needs_enough_uses() {
    let dir = temp_dir("vocab");
    write(
        &dir,
        "a.md",
        "Zorblax is new. We like Zorblax.\n\nZorbalx is a typo.\n",
    );
    let o = name_spelling_in(&dir);
    assert_eq!(stdout(&o), "", "two uses do not make a name canonical");
    write(&dir, "b.md", "Zorblax again.\n");
    let o = name_spelling_in(&dir);
    assert_eq!(stdout(&o), "a.md:3:1: warning[name-spelling]: `Zorbalx` looks like a misspelling of `Zorblax`, used 3 times in this site\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn site_vocabulary_plurals_and_case_variants_are_no_misspellings() {
    let dir = temp_dir("vocab-plural");
    write(
        &dir,
        "a.md",
        "Several Zorblaxes ran. Two Zorblaxes failed. Zorblaxes everywhere.\n\nJust one Zorblax is fine.\n\nMany QUBITS were used: QUBITS, QUBITS. One more QUBIT too.\n\nWe saw a Zorlbaxes there.\n\nSo is a ZorBlaxes.\n",
    );
    let o = name_spelling_in(&dir);
    assert_eq!(stdout(&o), "a.md:7:10: warning[name-spelling]: `Zorlbaxes` looks like a misspelling of `Zorblaxes`, used 3 times in this site\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn names_listed_in_postlint_toml_are_canonical() {
    let dir = temp_dir("toml-names");
    write(
        &dir,
        "postlint.toml",
        "names = [\"Zorblax\", \"Zentrix Labs\"]\n",
    );
    write(&dir, "a.md", "Thanks to Zorbalx and Zentrix labs.\n");
    let o = run_in(
        &dir,
        &[
            "check",
            "--format",
            "short",
            "-q",
            "--select",
            "name-spelling,name-case",
        ],
    );
    let out = stdout(&o);
    assert!(
        out.contains("`Zorbalx` looks like a misspelling of `Zorblax`"),
        "{out}"
    );
    assert!(
        out.contains("`Zentrix labs` should be written `Zentrix Labs`"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `postlint debug` shows what the rules see, links resolved against the site.
#[test]
fn debug_shows_the_model_and_link_resolution() {
    let o = run(&[
        "debug",
        "fixtures/recap-site/_posts/2020-08-01-oceania-meetup.md",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for section in [
        "== front matter",
        "== headings",
        "== words",
        "== links",
        "== entries",
    ] {
        assert!(out.contains(section), "{section}: {out}");
    }
    assert!(
        out.contains("published at: /2020/08/01/oceania-meetup.html"),
        "{out}"
    );
    assert!(out.contains("#whats-next"), "{out}");
    assert!(
        out.contains("MISSING: post `2019-03-05-no-such-post`"),
        "{out}"
    );
    let o = run(&["debug", "fixtures"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a file"), "{}", stderr(&o));
}
