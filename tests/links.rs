//! Link checks on the recap-site fixture (a Jekyll site of our own, laid out like the
//! seeds): expectations kept next to the fixture, and the site-relative resolution.

mod common;

use common::*;

const LINK_RULES: &str =
    "bad-url,placeholder-link,empty-link-text,broken-fragment,broken-link,bare-url,image-alt,missing-image";

#[test]
fn recap_site_link_findings_match_expectation() {
    let o = run(&[
        "check",
        "fixtures/recap-site",
        "--format",
        "short",
        "-q",
        "--select",
        LINK_RULES,
    ]);
    expect_file("fixtures/recap-site.links.expected", &stdout(&o));
}

/// `postlint check PATH` in `dir`, link rules only, short format.
fn check_links(dir: &std::path::Path, path: &str) -> std::process::Output {
    run_in(
        dir,
        &[
            "check",
            path,
            "--format",
            "short",
            "-q",
            "--select",
            "broken-link,broken-fragment",
        ],
    )
}

#[test]
fn relative_link_breaks_when_its_target_post_is_removed() {
    let dir = temp_dir("recap-remove");
    copy_dir(&root().join("fixtures/recap-site"), &dir);
    let post = "_posts/2020-02-10-workshop-2020.md";
    let check = || {
        let o = check_links(&dir, post);
        stdout(&o)
    };
    assert_eq!(
        check(),
        "",
        "both relative links resolve while the 2019 post exists"
    );
    std::fs::remove_file(dir.join("_posts/2019-03-05-data-workshop.md")).unwrap();
    let out = check();
    assert!(out.contains(":30:") && out.contains(":31:"), "{out}");
    assert!(
        out.contains("`/2019/03/05/data-workshop.html` does not exist"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A Jekyll site of two posts: `first` (a `## Intro` heading) and `second`, whose
/// front matter and body are given; the links of `second`, checked.
fn check_second_post(name: &str, config: &str, second: &str) -> String {
    let dir = temp_dir(name);
    write(&dir, "_config.yml", config);
    write(
        &dir,
        "_posts/2020-01-02-first.md",
        "---\ntitle: First\n---\n## Intro\n\nHello.\n",
    );
    write(&dir, "_posts/2020-02-03-second.md", second);
    let out = stdout(&check_links(&dir, "_posts/2020-02-03-second.md"));
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

#[test]
fn permalink_styles_and_baseurl() {
    let out = check_second_post(
        "permalink",
        "permalink: pretty\nbaseurl: /blog\n",
        "---\ntitle: Second\ncategories: news\n---\nSee [first](/blog/2020/01/02/first/#intro), [again]({{ site.baseurl }}/2020/01/02/first/), [rel](../../../../../2020/01/02/first/) and [bad](/blog/2020/01/02/frist/).\n",
    );
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("`/2020/01/02/frist/` does not exist"), "{out}");
}

#[test]
fn liquid_in_reference_definitions_is_expanded() {
    // Jekyll renders Liquid before Markdown: a definition's `{% post_url %}` is a link.
    let out = check_second_post(
        "liquid-refs",
        "title: T\n",
        "---\ntitle: Second\n---\nSee [the first][one], [again][], [gone][two] and [<i>][three].\n\n[one]: {% post_url 2020-01-02-first %}\n[again]: <{% post_url 2020-01-02-first %}#intro> \"Intro\"\n[two]: {% post_url 2020-01-03-none %}\n[three]: {{ site.baseurl }}/2020/01/02/frist.html\n",
    );
    assert_eq!(
        out,
        "_posts/2020-02-03-second.md:4:34: error[broken-link]: `post_url` names no existing post `2020-01-03-none`\n\
         _posts/2020-02-03-second.md:4:50: error[broken-link]: link target `/2020/01/02/frist.html` does not exist on the built site\n",
    );
}

#[test]
fn outside_jekyll_links_resolve_on_disk() {
    let dir = temp_dir("plain-links");
    write(&dir, "docs/a.md", "# A\n\n## Part two\n\nSee [b](b.md#top-part), [b2](b.md#nope), [c](missing.md) and [img](img/x.png).\n");
    write(&dir, "docs/b.md", "# B\n\n## Top part\n\nx\n");
    let o = check_links(&dir, "docs");
    let out = stdout(&o);
    assert!(out.contains("no heading or id `nope`"), "{out}");
    assert!(out.contains("`missing.md` does not exist"), "{out}");
    assert!(out.contains("`img/x.png` does not exist"), "{out}");
    assert_eq!(out.lines().count(), 3, "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn absolute_links_to_the_site_itself_are_checked_and_others_are_not() {
    let out = check_second_post(
        "own-url",
        "url: \"https://blog.example.net/\"\n",
        "---\ntitle: Second\n---\nSee [first](https://blog.example.net/2020/01/02/first.html#intro), \
         [gone](https://blog.example.net/2020/01/02/frist.html), \
         [anchor](https://blog.example.net/2020/01/02/first.html#outro), \
         [home](https://blog.example.net), [elsewhere](https://other.example.com/2020/01/02/frist.html) \
         and [proto](//other.example.com/x.html).\n",
    );
    assert!(
        out.contains("`/2020/01/02/frist.html` does not exist"),
        "{out}"
    );
    assert!(out.contains("no heading or id `outro`"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
}

/// kramdown reads a footnote definition indented by up to three spaces; its `#fn:` id is
/// a fragment target like any other.
#[test]
fn indented_footnote_definitions_are_fragment_targets() {
    let site = TestSite::jekyll("indented-footnote").file(
        "_posts/2020-01-01-notes.md",
        "---\ntitle: Notes\n---\nA claim[^a], [see it](#fn:a).\n\n [^a]: The source.\n",
    );
    assert_eq!(site.rule(&["check", "."], "broken-fragment"), []);
}

/// Each file's heading ids follow its own profile: `postlint check a b` does not apply
/// `a/postlint.toml`'s `heading-ids` to `b`.
#[test]
fn heading_ids_follow_each_files_own_config() {
    // kramdown (not GFM) drops a leading number from ids: `#2020-review` exists under
    // GitHub's rules only, `#review` under kramdown's only.
    let post = |frag: &str| format!("## 2020 review\n\nSee [above](#{frag}).\n");
    let site = TestSite::new("profile-ids")
        .file("a/postlint.toml", "[links]\nheading-ids = \"kramdown\"\n")
        .file("a/post.md", &post("review"))
        .file("b/post.md", &post("2020-review"));
    assert_eq!(site.rule(&["check", "a", "b"], "broken-fragment"), []);
    // And the other way round, each is broken under its own style.
    let site = site
        .file("a/post.md", &post("2020-review"))
        .file("b/post.md", &post("review"));
    let broken: Vec<String> = site
        .rule(&["check", "a", "b"], "broken-fragment")
        .into_iter()
        .map(|(p, _, _)| p)
        .collect();
    assert_eq!(broken, ["a/post.md", "b/post.md"]);
}
