//! `--fix`, `init` and the `--online` cache on a file system that is hostile or busy:
//! symlinks planted at temporary names, symlinked, foreign-owned and hard-linked posts, a
//! writer appending while a fix lands, a run killed half-way, writes that fail, and long
//! names. See docs/robustness.md, "Fixes and the file system".
#![cfg(unix)]

mod common;

use std::os::unix::process::CommandExt;
use std::path::Path;

use common::*;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
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
