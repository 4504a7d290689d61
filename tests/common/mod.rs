//! Helpers shared by the integration tests: run the built binary, compare with
//! expectation files kept next to the fixtures (`UPDATE_EXPECT=1` rewrites them).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn postlint() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postlint"));
    cmd.current_dir(root())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    cmd
}

pub fn run(args: &[&str]) -> Output {
    postlint().args(args).output().expect("postlint runs")
}

/// Run postlint with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    postlint()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("postlint runs")
}

/// The `diagnostics` array of a run with `--format json`.
pub fn json_diagnostics(o: &Output) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    v["diagnostics"].as_array().expect("diagnostics").clone()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Compare `actual` with the file at `expected` (relative to the crate root).
pub fn expect_file(expected: &str, actual: &str) {
    let path = root().join(expected);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, actual).expect("write expectation");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_EXPECT=1 to create it)",
            path.display()
        )
    });
    if want != actual {
        panic!(
            "output differs from {}\n--- expected\n{want}\n--- actual\n{actual}\n(run with UPDATE_EXPECT=1 to accept)",
            path.display()
        );
    }
}

/// A fresh temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

pub fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

/// Copy a folder recursively (fixtures into a temporary folder).
pub fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A throw-away site in a temporary folder, built file by file; removed when dropped.
///
/// ```ignore
/// let site = TestSite::jekyll("ids").file("_posts/2020-01-01-a.md", "# A\n");
/// let found = site.findings(&["check", "."]);
/// ```
pub struct TestSite {
    pub dir: PathBuf,
}

/// One finding of a JSON run: (path, line, rule, message).
pub type Found = (String, u64, String, String);

impl TestSite {
    /// An empty folder.
    pub fn new(name: &str) -> TestSite {
        TestSite {
            dir: temp_dir(name),
        }
    }

    /// A Jekyll site: an empty `_config.yml` (Jekyll's defaults).
    pub fn jekyll(name: &str) -> TestSite {
        TestSite::new(name).file("_config.yml", "")
    }

    /// Add (or replace) a file.
    pub fn file(self, rel: &str, text: &str) -> TestSite {
        write(&self.dir, rel, text);
        self
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Run postlint in the site's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(&self.dir, args)
    }

    /// The findings of `args` (`--format json` is added), sorted as postlint sorts them.
    pub fn findings(&self, args: &[&str]) -> Vec<Found> {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--format", "json"]);
        let o = self.run(&all);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "exit {:?}: {}",
            o.status.code(),
            stderr(&o)
        );
        json_diagnostics(&o)
            .iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                    d["rule"].as_str().unwrap().to_string(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// The findings of one rule, as (path, line, message).
    pub fn rule(&self, args: &[&str], rule: &str) -> Vec<(String, u64, String)> {
        self.findings(args)
            .into_iter()
            .filter(|f| f.2 == rule)
            .map(|(p, l, _, m)| (p, l, m))
            .collect()
    }
}

impl Drop for TestSite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
