//! Hostile input, configuration and output (issue "Robustness and security under hostile
//! input"; the item numbers are the issue's). Each test names its item; each failed on the
//! code before the fix it guards.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Run `cmd`, killing it after `secs` seconds: `None` when it had to be killed (a hang).
fn run_bounded(mut cmd: Command, secs: u64) -> Option<Output> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("postlint starts");
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only reads it.
    let r = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(r, 0, "mkfifo {}", path.display());
}

/// A post with one external link that fails at once (nothing listens on port 1).
const REFUSED_LINK_POST: &str = "# Links\n\nSee [this](http://127.0.0.1:1/x).\n";

/// Item 2 (config part): a link cache named in `postlint.toml` that leaves the config's
/// folder (`../`, an absolute path) is a configuration error, and nothing is created out
/// there; a `.postlint-cache` that is a symlink is not followed.
#[cfg(unix)]
#[test]
fn item_2_config_cache_path_stays_inside_the_project() {
    let root = temp_dir("hostile-2");
    let proj = root.join("proj");
    write(&proj, "post.md", REFUSED_LINK_POST);
    let online = ["check", "post.md", "--online", "--online-timeout", "1"];

    write(
        &proj,
        "postlint.toml",
        "[links]\ncache = \"../escaped/links.json\"\n",
    );
    let o = run_in(&proj, &online);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("postlint.toml:2:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("cache"), "{}", stderr(&o));
    assert!(!root.join("escaped").exists(), "a folder was made outside");

    let abs = root.join("absolute").join("links.json");
    write(
        &proj,
        "postlint.toml",
        &format!("[links]\ncache = \"{}\"\n", abs.display()),
    );
    let o = run_in(&proj, &online);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!root.join("absolute").exists(), "a folder was made outside");

    // The default cache folder is a symlink to a folder elsewhere: left alone.
    std::fs::remove_file(proj.join("postlint.toml")).unwrap();
    let elsewhere = root.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, proj.join(".postlint-cache")).unwrap();
    let o = run_in(&proj, &online);
    assert!(matches!(o.status.code(), Some(0..=1)), "{}", stderr(&o));
    assert!(
        std::fs::read_dir(&elsewhere).unwrap().next().is_none(),
        "the cache was written through the symlink"
    );
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    std::fs::remove_dir_all(&root).unwrap();
}

/// Item 3: a pack outside the config's folder is a configuration error and is never read
/// (its first line used to come back in the parse error); errors echo at most 40
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

/// Item 4: outside a Jekyll site, a relative link that climbs out of the checked tree is
/// not looked up on disk: no finding (so no existence oracle) and no "did you mean" built
/// from a listing of a folder outside.
#[test]
fn item_4_links_leaving_the_checked_tree_are_not_resolved_on_disk() {
    let root = temp_dir("hostile-4");
    write(&root, "secret/shadow", "x");
    write(
        &root,
        "tree/post.md",
        "# Post\n\n![x](../secret/shadoww)\n\n![y](../secret/shadow)\n\n![z](imgs/logo.pgn)\n",
    );
    write(&root, "tree/imgs/logo.png", "x");
    // The folder walked is the tree, though the working directory holds the secret too.
    let o = run_in(&root, &["check", "tree", "--format", "json"]);
    let diags = json_diagnostics(&o);
    let text = format!("{diags:?}");
    assert!(!text.contains("shadow"), "{text}");
    // Inside the tree, missing files are still found, with their hint.
    assert!(text.contains("logo.png"), "{text}");
    // A file named explicitly: the working directory bounds it.
    let o = run_in(
        &root.join("tree"),
        &["check", "post.md", "--format", "json"],
    );
    let text = format!("{:?}", json_diagnostics(&o));
    assert!(!text.contains("shadow"), "{text}");
    assert!(text.contains("logo.png"), "{text}");
    std::fs::remove_dir_all(&root).unwrap();
}

/// Item 6: standard input obeys `--max-file-size`; a pack, a config file or a link cache
/// that is not a regular file (a FIFO would block forever) or is too large is refused
/// with a message that says so.
#[cfg(unix)]
#[test]
fn item_6_stdin_packs_configs_and_cache_are_read_within_limits() {
    let root = temp_dir("hostile-6");
    // Standard input over the limit.
    let mut child = postlint()
        .current_dir(&root)
        .args(["check", "-", "--format", "short", "--max-file-size", "1000"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all("TODO more text\n".repeat(10_000).as_bytes());
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(stdout(&o).contains("file-too-large"), "{}", stdout(&o));

    // A FIFO pack.
    let fifo = root.join("fifo");
    write(&fifo, "post.md", "# Hi\n\nText.\n");
    mkfifo(&fifo.join("pack.yml"));
    write(&fifo, "postlint.toml", "packs = [\"pack.yml\"]\n");
    let mut cmd = postlint();
    cmd.current_dir(&fifo).args(["check", "post.md"]);
    let o = run_bounded(cmd, 20).expect("a FIFO pack hangs the run");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));

    // A FIFO given as the config file.
    let mut cmd = postlint();
    cmd.current_dir(&fifo)
        .args(["check", "post.md", "--config"])
        .arg(fifo.join("pack.yml"));
    let o = run_bounded(cmd, 20).expect("a FIFO config hangs the run");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));

    // A FIFO Gemfile beside a Jekyll site's `_config.yml`: the site is read with
    // Jekyll's defaults, the run does not wait for a writer.
    let gem = root.join("gem");
    write(&gem, "_config.yml", "title: Site\n");
    write(
        &gem,
        "_posts/2020-01-01-a.md",
        "---\ntitle: A\n---\nText of the post.\n",
    );
    mkfifo(&gem.join("Gemfile"));
    let mut cmd = postlint();
    cmd.current_dir(&gem).args(["check", "."]);
    let o = run_bounded(cmd, 20).expect("a FIFO Gemfile hangs the run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // A pack far larger than any real one.
    let big = root.join("big");
    write(&big, "post.md", "# Hi\n\nText.\n");
    let entry = "  - name: x\n    kind: placeholder\n    markers: [WIP]\n";
    write(
        &big,
        "big.yml",
        &format!("rules:\n{}", entry.repeat(6 * 1024 * 1024 / entry.len())),
    );
    write(&big, "postlint.toml", "packs = [\"big.yml\"]\n");
    let o = run_in(&big, &["check", "post.md"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("limit"), "{}", stderr(&o));

    // A FIFO link cache: used without it, and said so.
    let cache = root.join("cache");
    write(&cache, "post.md", REFUSED_LINK_POST);
    write(&cache, "postlint.toml", "[links]\ncache = \"links.json\"\n");
    mkfifo(&cache.join("links.json"));
    let mut cmd = postlint();
    cmd.current_dir(&cache)
        .args(["check", "post.md", "--online", "--online-timeout", "1"]);
    let o = run_bounded(cmd, 20).expect("a FIFO cache hangs the run");
    assert!(matches!(o.status.code(), Some(0..=1)), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    std::fs::remove_dir_all(&root).unwrap();
}

/// Item 8: a long line is shown as a window around the finding, so the human output of a
/// line full of findings grows with the findings, not with findings × line length.
#[test]
fn item_8_long_lines_are_shown_as_a_window() {
    let dir = temp_dir("hostile-8");
    let line = "TODO ".repeat(2_000);
    write(&dir, "long.md", &format!("# Long\n\n{line}\n"));
    let o = run_in(&dir, &["check", "long.md", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 160, "an output line of {widest} characters");
    let head = &out[..out.len().min(3000)];
    // Cut on the right only at the start of the line, on both sides further on.
    assert!(out.contains("3 │ TODO TODO"), "{head}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("3 │ ...") && l.ends_with("...")),
        "{head}"
    );
    // The last finding's column is still the real one.
    assert!(
        out.contains(&format!("long.md:3:{}", 5 * 1_999 + 1)),
        "columns"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Item 9: an absurd `--threads` is a usage error, and a thread pool that cannot start is
/// reported, not a panic.
#[test]
fn item_9_thread_count_is_bounded_and_pool_errors_are_reported() {
    let dir = temp_dir("hostile-9");
    write(&dir, "post.md", "# Hi\n\nText.\n");
    let o = run_in(&dir, &["check", "post.md", "--threads", "300"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("256"), "{}", stderr(&o));
    // Threads whose stacks cannot be mapped: the pool cannot start.
    let o = postlint()
        .current_dir(&dir)
        .env("RUST_MIN_STACK", "1000000000000000")
        .args(["check", "post.md", "--threads", "2"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("thread"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Item 16: a file reached twice (a folder and the file in it) is checked once: each
/// finding is reported once, and `--fix` does not trip over its own first write.
#[test]
fn item_16_a_file_named_twice_is_checked_once() {
    let dir = temp_dir("hostile-16");
    write(&dir, "a.md", "# Title\n\nWe saw teh talk.\n\nTODO\n");
    let o = run_in(
        &dir,
        &["check", ".", "a.md", "./a.md", "--format", "short", "-q"],
    );
    let out = stdout(&o);
    let todo = out.lines().filter(|l| l.contains("placeholder")).count();
    assert_eq!(todo, 1, "{out}");
    let o = run_in(&dir, &["check", ".", "a.md", "--fix"]);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("changed on disk"), "{}", stderr(&o));
    assert!(std::fs::read_to_string(dir.join("a.md"))
        .unwrap()
        .contains("saw the talk"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Item 17: an `exclude` pattern that is not a valid regex is a configuration error with
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

/// Item 18: a line break in a file name does not break the one-line-per-finding formats.
#[cfg(unix)]
#[test]
fn item_18_line_breaks_in_paths_are_escaped() {
    let dir = temp_dir("hostile-18");
    write(&dir, "a\nb\rc.md", "# Hi\n\nTODO\n");
    let o = run_in(&dir, &["check", ".", "--format", "short", "-q"]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out:?}");
    assert!(
        out.starts_with("a\\nb\\rc.md:3:1: error[placeholder]"),
        "{out:?}"
    );
    let o = run_in(&dir, &["check", ".", "--format", "github"]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out:?}");
    assert!(out.starts_with("::error file=a%0Ab%0Dc.md,"), "{out:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Item 19: deep nesting in front matter is not called an alias bomb.
#[test]
fn item_19_deep_front_matter_is_not_called_an_alias_bomb() {
    let dir = temp_dir("hostile-19-fm");
    let deep = format!("{}1{}", "[".repeat(70), "]".repeat(70));
    write(
        &dir,
        "post.md",
        &format!("---\ntitle: x\nd: {deep}\n---\n# Hi\n\nText.\n"),
    );
    let o = run_in(&dir, &["check", "post.md", "--format", "short"]);
    let out = stdout(&o);
    assert!(out.contains("front-matter-syntax"), "{out}");
    assert!(!out.contains("billion laughs"), "{out}");
    assert!(out.contains("nested"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Item 19: a bad pattern in a pack points at the pattern's line, not at the entry's
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

/// Item 19: a `[front-matter]` error in postlint.toml has the file's path, line and
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

/// Item 19: options before the `check` subcommand apply to it.
#[test]
fn item_19_options_before_the_subcommand() {
    let dir = temp_dir("hostile-19-cli");
    write(&dir, "a.md", "# Hi\n\nTODO\n");
    let o = run_in(&dir, &["--format", "short", "check", "a.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("a.md:3:1: error[placeholder]"),
        "{}",
        stdout(&o)
    );
    // Another subcommand after check options: a usage error that says what to do.
    let o = run_in(&dir, &["--format", "short", "rules"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("after"), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}
