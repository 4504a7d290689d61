//! `--fix`, `init` and the `--online` cache on a file system that is hostile or busy:
//! symlinks planted at temporary names, symlinked, foreign-owned and hard-linked posts, a
//! writer appending while a fix lands, a run killed half-way, writes that fail, and long
//! names. See docs/robustness.md, "Fixes and the file system".
#![cfg(unix)]

mod common;
#[path = "common/rng.rs"]
mod rng;

use std::io::Write;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::*;

/// A post with one safe fix (the name's casing), and the post after it.
const POST: &str = "# Notes\n\nSlides are on github.\n";
const FIXED: &str = "# Notes\n\nSlides are on GitHub.\n";

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn is_symlink(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

fn exists_or_dangles(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok()
}

/// Names in `dir` other than `keep`, sorted.
fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    v.sort();
    v
}

/// A temporary file of postlint's as a crash could leave one: `.postlint-` + six random
/// letters or digits + `.tmp`.
fn is_postlint_temp(name: &str) -> bool {
    name.strip_prefix(".postlint-")
        .and_then(|r| r.strip_suffix(".tmp"))
        .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

// Item 1: a symlink planted at the temporary name must not redirect the write.
#[test]
fn fix_ignores_a_symlink_planted_at_the_temporary_name() {
    let dir = temp_dir("fs-planted");
    let post = write(&dir, "a.md", POST);
    // Stands for `.git/hooks/pre-commit` or any other file the fixing job may write.
    let victim = dir.join("victim");
    // Before, the temporary name was `.NAME.postlint-PID.tmp`: guessable from outside.
    let planted = dir.join(format!(".a.md.postlint-{}.tmp", std::process::id()));
    symlink(&victim, &planted).unwrap();
    postlint::fix::write_atomic(&post, POST.as_bytes(), FIXED.as_bytes()).unwrap();
    assert!(!exists_or_dangles(&victim), "the write followed the link");
    assert!(
        std::fs::symlink_metadata(&post).unwrap().is_file(),
        "the post must stay a regular file, not become the planted link"
    );
    assert_eq!(read(&post), FIXED);
    assert!(is_symlink(&planted), "someone else's file is left alone");
    std::fs::remove_dir_all(&dir).unwrap();
}

// Item 2 (cache part): the `--online` cache is written through a fresh temporary file.
#[test]
fn link_cache_ignores_a_symlink_planted_at_its_temporary_name() {
    use postlint::online::{check_all, OnlineOptions};
    let dir = temp_dir("fs-cache");
    let cache_dir = dir.join(".postlint-cache");
    std::fs::create_dir_all(&cache_dir).unwrap();
    let victim = dir.join("victim");
    symlink(&victim, cache_dir.join("links.json.tmp")).unwrap();
    let opts = OnlineOptions {
        cache: Some(cache_dir.join("links.json")),
        ..OnlineOptions::default()
    };
    // No URL: nothing goes over the network, and the cache is still saved.
    check_all(&[], &opts);
    assert!(
        !exists_or_dangles(&victim),
        "the cache write followed the link"
    );
    let saved = std::fs::symlink_metadata(cache_dir.join("links.json")).unwrap();
    assert!(saved.is_file(), "the cache is a regular file");
    assert!(read(&cache_dir.join("links.json")).contains("\"version\": 1"));
    assert_eq!(
        others(&cache_dir, &["links.json", "links.json.tmp"]),
        [""; 0]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

// Item 5: `init` creates postlint.toml exclusively; a dangling symlink is not followed.
#[test]
fn init_does_not_create_the_target_of_a_dangling_config_symlink() {
    let dir = temp_dir("fs-init");
    for day in ["01", "02"] {
        write(
            &dir,
            &format!("_posts/2024-01-{day}-post.md"),
            "---\nlayout: post\ntitle: A post\n---\n\nText.\n",
        );
    }
    let victim = dir.join("victim.toml");
    symlink(&victim, dir.join("postlint.toml")).unwrap();
    let o = run_in(&dir, &["init", "."]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("exists"), "{}", stderr(&o));
    assert!(
        !exists_or_dangles(&victim),
        "init created the link's target"
    );
    // --force replaces the link itself, never what it points to.
    let o = run_in(&dir, &["init", ".", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!exists_or_dangles(&victim));
    assert!(std::fs::symlink_metadata(dir.join("postlint.toml"))
        .unwrap()
        .is_file());
    assert!(read(&dir.join("postlint.toml")).contains("[front-matter]"));
    std::fs::remove_dir_all(&dir).unwrap();
}

// Item 10: a symlinked post: the target is fixed and the link stays.
#[test]
fn fix_through_a_symlink_fixes_the_target_and_keeps_the_link() {
    let dir = temp_dir("fs-symlinked");
    let target = write(&dir, "drafts/real.md", POST);
    symlink("drafts/real.md", dir.join("post.md")).unwrap();
    let o = run_in(&dir, &["check", "--fix", "--format", "short", "post.md"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(is_symlink(&dir.join("post.md")), "the link was replaced");
    assert_eq!(
        std::fs::read_link(dir.join("post.md")).unwrap(),
        Path::new("drafts/real.md")
    );
    assert_eq!(read(&target), FIXED);
    assert_eq!(others(&dir, &["drafts", "post.md"]), [""; 0]);
    assert_eq!(others(&dir.join("drafts"), &["real.md"]), [""; 0]);
    std::fs::remove_dir_all(&dir).unwrap();
}

// Item 10: the fixed file keeps its owner, group and mode.
#[test]
fn fix_keeps_owner_group_and_mode() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: giving a file to another user needs root");
        return;
    }
    let dir = temp_dir("fs-owner");
    let post = write(&dir, "a.md", POST);
    std::os::unix::fs::chown(&post, Some(4321), Some(4322)).unwrap();
    std::fs::set_permissions(&post, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = run_in(&dir, &["check", "--fix", "--format", "short", "a.md"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(read(&post), FIXED);
    let meta = std::fs::metadata(&post).unwrap();
    assert_eq!(
        (meta.uid(), meta.gid()),
        (4321, 4322),
        "owner and group kept"
    );
    assert_eq!(meta.mode() & 0o7777, 0o640, "mode kept");
    std::fs::remove_dir_all(&dir).unwrap();
}

// Item 10: a post with several hard links is not fixed (that would break the links), and
// the run says so and fails.
#[test]
fn fix_refuses_a_hard_linked_post_and_says_why() {
    let dir = temp_dir("fs-hardlink");
    let post = write(&dir, "site/a.md", POST);
    let other = dir.join("elsewhere.md");
    std::fs::hard_link(&post, &other).unwrap();
    let o = run_in(
        &dir.join("site"),
        &["check", "--fix", "--format", "short", "a.md"],
    );
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("hard links"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("a.md:3:"),
        "the finding still on disk is reported: {}",
        stdout(&o)
    );
    assert_eq!((read(&post), read(&other)), (POST.into(), POST.into()));
    assert_eq!(std::fs::metadata(&post).unwrap().nlink(), 2, "links intact");
    std::fs::remove_dir_all(&dir).unwrap();
}

// Item 11: a writer appending to the post while the fix lands loses nothing. One append
// per trial, at a random moment of the write.
#[test]
fn appends_racing_a_fix_are_never_lost() {
    let dir = temp_dir("fs-race");
    let post = dir.join("a.md");
    let mut rng = rng::Rng(0x5eed_f1c5);
    // How long one fix takes here, to spread the appends over it (and a little after).
    std::fs::write(&post, POST).unwrap();
    let started = Instant::now();
    for _ in 0..5 {
        std::fs::write(&post, POST).unwrap();
        let _ = postlint::fix::write_atomic(&post, POST.as_bytes(), FIXED.as_bytes());
    }
    let span = (started.elapsed().as_micros() as usize / 5).max(50) * 3 / 2;
    let (mut fixed, mut refused) = (0, 0);
    for trial in 0..300 {
        std::fs::write(&post, POST).unwrap();
        let line = format!("appended in trial {trial}\n");
        let start = Arc::new(Barrier::new(2));
        let delay = Duration::from_micros(rng.below(span) as u64);
        let writer = {
            let (start, post, line) = (start.clone(), post.clone(), line.clone());
            std::thread::spawn(move || {
                start.wait();
                std::thread::sleep(delay);
                std::fs::OpenOptions::new()
                    .append(true)
                    .open(&post)
                    .and_then(|mut f| f.write_all(line.as_bytes()))
                    .unwrap();
            })
        };
        start.wait();
        let result = postlint::fix::write_atomic(&post, POST.as_bytes(), FIXED.as_bytes());
        writer.join().unwrap();
        let got = read(&post);
        if result.is_ok() {
            fixed += 1;
            assert_eq!(got, format!("{FIXED}{line}"), "trial {trial}: append lost");
        } else {
            refused += 1;
            assert_eq!(got, format!("{POST}{line}"), "trial {trial}: append lost");
        }
        assert_eq!(others(&dir, &["a.md"]), [""; 0], "trial {trial}");
    }
    // Both outcomes happen, or the appends did not race the writes.
    assert!(fixed > 0 && refused > 0, "fixed {fixed}, refused {refused}");
    std::fs::remove_dir_all(&dir).unwrap();
}

// Item 12: SIGKILL in the middle of `--fix` over a large tree: every post is whole (old or
// new), no empty temporary file is left, and the next run removes any that is.
#[test]
fn a_killed_fix_leaves_whole_posts_and_the_next_run_cleans_up() {
    let mut rng = rng::Rng(0x0c0f_fee5);
    let mut killed_mid_run = 0;
    for trial in 0..3 {
        let dir = temp_dir(&format!("fs-kill-{trial}"));
        let names: Vec<String> = (0..150).map(|i| format!("p{i:04}.md")).collect();
        let names_ref: Vec<&str> = names.iter().map(String::as_str).collect();
        for n in &names {
            write(&dir, n, POST);
        }
        let mut child = postlint()
            .current_dir(&dir)
            .args(["check", "--fix", "-q", "--format", "short", "."])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Writing has begun once the first post is fixed; kill a few milliseconds later.
        let first = dir.join(&names[0]);
        let deadline = Instant::now() + Duration::from_secs(60);
        while read(&first) != FIXED && child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "no post fixed within a minute");
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_micros(rng.below(5_000) as u64));
        let _ = child.kill();
        // Killed by the signal (no exit code), unless it had finished (a fast disk).
        killed_mid_run += usize::from(child.wait().unwrap().code().is_none());
        for n in &names {
            let text = read(&dir.join(n));
            assert!(text == POST || text == FIXED, "{n} is torn: {text:?}");
        }
        for left in others(&dir, &names_ref) {
            assert!(is_postlint_temp(&left), "trial {trial}: {left} left behind");
            let size = std::fs::metadata(dir.join(&left)).unwrap().len();
            assert!(size > 0, "trial {trial}: empty {left} left behind");
        }
        // What a kill between naming the new file and swapping it in would leave.
        std::fs::write(dir.join(".postlint-a1B2c3.tmp"), FIXED).unwrap();
        let o = run_in(&dir, &["check", "--fix", "--format", "short", "."]);
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        assert!(
            stderr(&o).contains("left by an interrupted run"),
            "{}",
            stderr(&o)
        );
        for n in &names {
            assert_eq!(read(&dir.join(n)), FIXED, "{n}");
        }
        assert_eq!(others(&dir, &names_ref), [""; 0], "trial {trial}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    assert!(killed_mid_run > 0, "every run finished before the kill");
}

// Item 13: a fix that cannot be written is reported with the findings still on disk, and
// the run exits 2; the summary counts only what was written.
#[test]
fn a_failed_write_reports_the_findings_on_disk_and_exits_2() {
    let dir = temp_dir("fs-write-fails");
    write(&dir, "a.md", "On github.\n");
    let long = format!(
        "{}Slides are on github.\n",
        "Some words of prose. ".repeat(8)
    );
    write(&dir, "b.md", &long);
    let mut cmd = postlint();
    cmd.current_dir(&dir)
        .args(["check", "--fix", "--format", "short", "a.md", "b.md"]);
    // SAFETY: only async-signal-safe calls between fork and exec. The file size limit
    // makes writing b.md's new text fail (EFBIG; SIGXFSZ ignored), a.md's fits.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 64,
                rlim_max: 64,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert_eq!(read(&dir.join("a.md")), "On GitHub.\n");
    assert_eq!(read(&dir.join("b.md")), long, "b.md untouched");
    assert!(err.contains("b.md: not fixed"), "{err}");
    assert!(err.contains("applied 1 fix to 1 file"), "{err}");
    assert!(
        out.contains("b.md:1:"),
        "b.md's finding is still on disk: {out}"
    );
    assert!(!out.contains("a.md:"), "a.md was fixed: {out}");
    assert!(!out.contains("no problems found"), "{out}");
    assert_eq!(others(&dir, &["a.md", "b.md"]), [""; 0]);
    std::fs::remove_dir_all(&dir).unwrap();
}

// Item 13: a post whose name is near the 255-byte limit can be fixed (short temporary
// names).
#[test]
fn a_post_with_a_long_name_can_be_fixed() {
    let dir = temp_dir("fs-long-name");
    let name = format!("{}.md", "n".repeat(248));
    let post = write(&dir, &name, POST);
    let o = run_in(&dir, &["check", "--fix", "--format", "short", &name]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(read(&post), FIXED);
    std::fs::remove_dir_all(&dir).unwrap();
}
