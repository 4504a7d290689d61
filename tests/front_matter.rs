//! Front matter: exact YAML errors, the schema, site consistency, and `postlint init`.

mod common;

use common::*;

fn short(dir: &std::path::Path, args: &[&str]) -> String {
    let o = postlint().current_dir(dir).args(args).output().unwrap();
    stdout(&o)
}

#[test]
fn broken_yaml_gives_one_clear_diagnostic_each() {
    let o = run(&[
        "check",
        "fixtures/front-matter",
        "--format",
        "short",
        "-q",
        "--select",
        "front-matter-syntax",
    ]);
    let out = stdout(&o);
    expect_file("fixtures/front-matter.expected", &out);
    // One diagnostic per file, each at the line of the mistake.
    let files = std::fs::read_dir(root().join("fixtures/front-matter"))
        .unwrap()
        .count();
    assert_eq!(out.lines().count(), files, "{out}");
    for (file, line_col) in [
        ("unclosed.md", ":3:8:"),
        ("tab.md", ":4:1:"),
        ("dup.md", ":4:1:"),
        ("indent.md", ":5:"),
        ("unterminated.md", ":1:1:"),
        ("list.md", ":2:1:"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.contains(file) && l.contains(line_col)),
            "{file} at {line_col}: {out}"
        );
    }
    assert!(
        out.contains("bomb.md") && out.contains("billion laughs"),
        "{out}"
    );
}

fn blog(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    write(&dir, "_config.yml", "title: Blog\ndefaults:\n  - scope: {path: \"\", type: posts}\n    values: {layout: post}\n");
    write(&dir, "_layouts/post.html", "{{ content }}\n");
    for i in 1..=5 {
        write(
            &dir,
            &format!("_posts/2020-01-0{i}-post-{i}.md"),
            &format!("---\ntitle: Post {i}\nauthor: Ana\ndate: 2020-01-0{i} 10:00:00 +0000\ntags: [Python, Dask]\n---\nText.\n"),
        );
    }
    dir
}

#[test]
fn consistency_outliers_with_evidence() {
    let dir = blog("fm-consistency");
    write(
        &dir,
        "_posts/2020-02-01-a.md",
        "---\ntittle: A\nauthor: Ana\ndate: 2020-02-01 10:00:00 +0000\ntags: [Python]\n---\nx\n",
    );
    write(
        &dir,
        "_posts/2020-02-02-b.md",
        "---\ntitle: B\nauthor: [Ana, Bo]\ndate: 2020-02-02\ntags: [python]\n---\nx\n",
    );
    write(
        &dir,
        "_posts/2020-02-03-c.md",
        "---\ntitle: C\nauthor: Ana\ndate: 2020-02-03 10:00:00 +0000\ntags: []\n---\nx\n",
    );
    let rules = "front-matter-consistency,front-matter-typo,front-matter";
    let out = short(
        &dir,
        &[
            "check",
            "_posts/2020-02-01-a.md",
            "_posts/2020-02-02-b.md",
            "_posts/2020-02-03-c.md",
            "--format",
            "short",
            "-q",
            "--select",
            rules,
        ],
    );
    let want = [
        "2020-02-01-a.md:1:1: error[front-matter]: front matter has no `title`",
        "2020-02-01-a.md:1:1: warning[front-matter-consistency]: `title` is missing; 7 of 7 other posts have it",
        "2020-02-01-a.md:2:1: error[front-matter-typo]: `tittle` looks like a misspelling of `title` (7 of 7 other posts use `title`)",
        "2020-02-02-b.md:3:9: warning[front-matter-consistency]: `author` is a list here; 7 of 7 other posts use a string",
        "2020-02-02-b.md:5:8: warning[front-matter-consistency]: tags `python` is written `Python` in 6 other posts; Jekyll tags are case-sensitive, so this splits the tags page",
        "2020-02-03-c.md:5:7: warning[front-matter-consistency]: `tags` is empty; the 7 other posts with `tags` give it a value",
    ];
    for w in want {
        assert!(
            out.lines().any(|l| l.ends_with(w)),
            "missing {w}\n---\n{out}"
        );
    }
    assert_eq!(out.lines().count(), want.len(), "{out}");
    // `layout` comes from `defaults:`, so no post is missing it; a date without a time
    // among date-times is a form Jekyll reads like the others.
    assert!(!out.contains("`layout`"), "{out}");
    assert!(!out.contains("`date`"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn typo_fix_is_safe_and_in_json() {
    let dir = blog("fm-typo-fix");
    write(
        &dir,
        "_posts/2020-02-01-a.md",
        "---\ntitle: A\nauther: Ana\ndate: 2020-02-01 10:00:00 +0000\ntags: [Python]\n---\nx\n",
    );
    let o = run_in(
        &dir,
        &[
            "check",
            "_posts/2020-02-01-a.md",
            "--format",
            "json",
            "--select",
            "front-matter-typo",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "author");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn jekyll_checks_layout_date_and_missing_front_matter() {
    let dir = blog("fm-jekyll");
    write(
        &dir,
        "_posts/2020-03-01-x.md",
        "---\ntitle: X\nlayout: postt\ndate: 2020-03-02\n---\nx\n",
    );
    write(
        &dir,
        "_posts/2020-03-05-y.md",
        "Just text, no front matter.\n",
    );
    let out = short(
        &dir,
        &[
            "check",
            "_posts/2020-03-01-x.md",
            "_posts/2020-03-05-y.md",
            "--format",
            "short",
            "-q",
            "--select",
            "front-matter",
        ],
    );
    assert!(out.contains("2020-03-01-x.md:3:9: error[front-matter]: layout `postt` does not exist in `_layouts/`"), "{out}");
    assert!(out.contains("2020-03-01-x.md:4:7: error[front-matter]: `date` is 2020-03-02 but the file name says 2020-03-01"), "{out}");
    assert!(
        out.contains("2020-03-05-y.md:1:1: error[front-matter]: post has no front matter"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The findings of `rules` on the site in `dir`, short format.
fn findings(dir: &std::path::Path, rules: &str) -> String {
    short(
        dir,
        &["check", "--format", "short", "-q", "--select", rules],
    )
}

#[test]
fn dates_are_checked_as_jekyll_reads_them() {
    // Jekyll reads `date` with Ruby's `Time.parse`: hand-written dates build fine, and
    // only text with no date in it, or an ISO date outside the calendar, stops the build.
    let dir = blog("fm-dates");
    let dates = [
        ("2021-03-04-a.md", "March 4, 2021"),
        ("2021-03-05-b.md", "5 Mar 2021 18:30"),
        ("2021-03-06-c.md", "2021/03/06"),
        ("2021-03-07-d.md", "TBD"),
        ("2021-03-08-e.md", "2021-13-08"),
    ];
    for (name, date) in dates {
        write(
            &dir,
            &format!("_posts/{name}"),
            &format!("---\ntitle: T\ndate: {date}\n---\nText.\n"),
        );
    }
    let out = findings(&dir, "front-matter");
    assert_eq!(
        out,
        "_posts/2021-03-07-d.md:3:7: error[front-matter]: `date` is `TBD`, which Jekyll cannot read as a date\n\
         _posts/2021-03-08-e.md:3:7: error[front-matter]: `date` is `2021-13-08`, which Jekyll cannot read as a date\n",
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn one_word_where_the_others_write_a_list() {
    // `tags: pandas` is a list of one to Jekyll; `tags: machine learning` is two tags.
    let dir = blog("fm-one-item");
    write(
        &dir,
        "_posts/2021-05-01-a.md",
        "---\ntitle: A\nauthor: Ana\ndate: 2021-05-01 10:00:00 +0000\ntags: pandas\n---\nText.\n",
    );
    write(&dir, "_posts/2021-05-02-b.md", "---\ntitle: B\nauthor: Ana\ndate: 2021-05-02 10:00:00 +0000\ntags: machine learning\n---\nText.\n");
    let out = findings(&dir, "front-matter-consistency");
    assert_eq!(
        out,
        "_posts/2021-05-02-b.md:5:7: warning[front-matter-consistency]: `tags` is a string here; 5 of 6 other posts use a list\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keys_without_a_value_are_absent_unless_required() {
    // `tags:` alone is no tags to Jekyll; an empty required `title:` is still reported.
    let dir = blog("fm-null");
    write(
        &dir,
        "_posts/2021-04-01-a.md",
        "---\ntitle: A\ntags:\ncategories:\n---\nText.\n",
    );
    write(&dir, "_posts/2021-04-02-b.md", "---\ntitle:\n---\nText.\n");
    let out = findings(&dir, "front-matter");
    assert_eq!(
        out,
        "_posts/2021-04-02-b.md:2:6: error[front-matter]: `title` is empty (null); the schema wants non-empty-string\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn schema_from_postlint_toml() {
    let dir = blog("fm-schema");
    write(
        &dir,
        "postlint.toml",
        "[front-matter]\nrequired = [\"title\", \"author\"]\nnon_empty = [\"tags\"]\none_of = [[\"image\", \"thumbnail\"]]\n[front-matter.types]\ntags = \"list-of-strings\"\npublished = \"boolean\"\n[front-matter.values]\nauthor = { enum = [\"Ana\", \"Bo\"] }\n",
    );
    write(
        &dir,
        "_posts/2020-04-01-z.md",
        "---\ntitle: Z\nauthor: Cy\ntags: dask\npublished: yes please\nimage: x.png\n---\nx\n",
    );
    let out = short(
        &dir,
        &[
            "check",
            "_posts/2020-04-01-z.md",
            "--format",
            "short",
            "-q",
            "--select",
            "front-matter",
        ],
    );
    assert!(out.contains(":3:9: error[front-matter]: `author` has the value `Cy`, which the schema does not allow"), "{out}");
    assert!(
        out.contains(
            ":4:7: error[front-matter]: `tags` is a string; the schema wants list-of-strings"
        ),
        "{out}"
    );
    assert!(
        out.contains("`published` is a string; the schema wants boolean"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 3, "{out}");
    // A bad type name in the schema is a configuration error.
    write(
        &dir,
        "postlint.toml",
        "[front-matter.types]\ntags = \"lists\"\n",
    );
    let o = run_in(&dir, &["check", "_posts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown type `lists`"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn init_writes_a_config_that_adds_nothing_on_clean_posts() {
    let dir = temp_dir("init");
    copy_dir(&root().join("fixtures/site"), &dir);
    let clean = [
        "_posts/2022-03-14-pydata-lisbon-march-meetup.md",
        "_posts/2022-06-02-numba-user-day-announcement.md",
    ];
    let check = || {
        let mut args = vec!["check", "--format", "short", "-q"];
        args.extend(clean);
        short(&dir, &args)
    };
    let before = check();
    let o = run_in(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let config = std::fs::read_to_string(dir.join("postlint.toml")).unwrap();
    assert!(
        config.contains("[front-matter]") && config.contains("required = ["),
        "{config}"
    );
    assert!(config.lines().any(|l| l.starts_with('#')), "commented");
    assert_eq!(
        check(),
        before,
        "the inferred schema reports nothing new on the clean posts"
    );
    // Refuses to overwrite without --force.
    let o = run_in(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));
    let o = run_in(&dir, &["init", "--force"]);
    assert_eq!(o.status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn tag_spelling_variants_split_tag_pages() {
    let dir = blog("fm-tag-spelling");
    write(&dir, "_posts/2020-02-05-t.md", "---\ntitle: T\nauthor: Ana\ndate: 2020-02-05 10:00:00 +0000\ntags: [Pyhton, Dask]\n---\nx\n");
    let out = short(
        &dir,
        &[
            "check",
            "_posts/2020-02-05-t.md",
            "--format",
            "short",
            "-q",
            "--select",
            "front-matter-consistency",
        ],
    );
    assert_eq!(
        out,
        "_posts/2020-02-05-t.md:5:8: warning[front-matter-consistency]: tags `Pyhton` is written `Python` in 5 other posts; a different spelling makes a separate tags page\n"
    );
    // Distinct tags that are merely close (and short ones) are left alone.
    write(&dir, "_posts/2020-02-06-u.md", "---\ntitle: U\nauthor: Ana\ndate: 2020-02-06 10:00:00 +0000\ntags: [Dusk, Python]\n---\nx\n");
    let out = short(
        &dir,
        &[
            "check",
            "_posts/2020-02-06-u.md",
            "--format",
            "short",
            "-q",
            "--select",
            "front-matter-consistency",
        ],
    );
    assert_eq!(out, "");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `postlint init` run from inside a Jekyll site (in `_posts/`) writes the config at the
/// site's root, where it governs every post.
#[test]
fn init_inside_a_site_writes_at_its_root() {
    let site = TestSite::jekyll("init-root")
        .file(
            "_posts/2024-01-01-a.md",
            "---\ntitle: A\nlayout: post\n---\nText.\n",
        )
        .file(
            "_posts/2024-01-02-b.md",
            "---\ntitle: B\nlayout: post\n---\nText.\n",
        );
    let o = run_in(&site.path("_posts"), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(site.path("postlint.toml").is_file());
    assert!(!site.path("_posts/postlint.toml").exists());
}

#[test]
fn one_other_post_is_counted_in_the_singular() {
    let dir = temp_dir("fm-one-other");
    write(&dir, "_config.yml", "");
    write(
        &dir,
        "_posts/2020-01-01-a.md",
        "---\ntitle: A\ntags: [Python]\n---\nx\n",
    );
    write(
        &dir,
        "_posts/2020-01-02-b.md",
        "---\ntitle: B\ntags: [python]\n---\nx\n",
    );
    let out = short(
        &dir,
        &[
            "check",
            "_posts/2020-01-02-b.md",
            "--format",
            "short",
            "-q",
            "--select",
            "front-matter-consistency",
        ],
    );
    assert!(
        out.contains("is written `Python` in 1 other post;"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn init_from_one_post_says_one_post() {
    let dir = temp_dir("fm-init-one");
    write(&dir, "_config.yml", "");
    write(
        &dir,
        "_posts/2020-01-01-a.md",
        "---\ntitle: A\nlayout: post\n---\nx\n",
    );
    let o = run_in(&dir, &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let toml = std::fs::read_to_string(dir.join("postlint.toml")).unwrap();
    assert!(toml.contains("from the front matter of 1 post."), "{toml}");
    assert!(toml.contains("# Keys the one post has"), "{toml}");
    assert!(!toml.contains("1 posts"), "{toml}");
    std::fs::remove_dir_all(&dir).unwrap();
}
