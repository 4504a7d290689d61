//! Per-rule fixtures: `fixtures/rules/<rule>.md` (or a folder `fixtures/rules/<rule>/`, a
//! site, for rules that read other pages), and any number of `<rule>.<topic>.md` (or
//! folders `<rule>.<topic>/`), hold what the rule must flag and what it must not. A line that the rule flags says so at its end: `<!-- expect: rule -->` in
//! Markdown, `# expect: rule` in front matter. Every other line must stay clean.
//!
//! Next to each fixture, `<fixture>.snap` holds the rule's short output and, when it fixes
//! anything, the fixed text: messages, columns, help and fixes are all pinned. Run with
//! `UPDATE_EXPECT=1` to bless a change.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;

/// Rules without a fixture here, and where they are tested instead.
const ELSEWHERE: &[(&str, &str)] = &[
    ("dead-link", "tests/online.rs (a local server)"),
    ("link-timeout", "tests/online.rs (a local server)"),
    ("permanent-redirect", "tests/online.rs (a local server)"),
    ("io-error", "tests/robustness.rs"),
    ("invalid-utf8", "fixtures/bad"),
    ("binary-file", "fixtures/bad"),
    ("file-too-large", "tests/robustness.rs"),
    ("internal-error", "src/engine/check.rs"),
    // Its finding is always on line 1 (the `---` fence or an empty file), where a marker
    // would change what it sees.
    (
        "empty-post",
        "fixtures/bad (empty.md, only-front-matter.md)",
    ),
];

fn rule_names() -> Vec<String> {
    let o = run(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("rules as JSON");
    v.as_array()
        .expect("a list of rules")
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

/// The fixtures of `rule`: `<rule>.md`, `<rule>/`, `<rule>.<topic>.md`, `<rule>.<topic>/`,
/// sorted.
fn fixtures(rule: &str) -> Vec<PathBuf> {
    let dir = root().join("fixtures/rules");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            let stem = name.strip_suffix(".md").unwrap_or(&name);
            let is_fixture = p.is_dir() || name.ends_with(".md");
            is_fixture
                && (stem == rule
                    || stem
                        .strip_prefix(rule)
                        .and_then(|t| t.strip_prefix('.'))
                        .is_some_and(|topic| !topic.is_empty() && !topic.contains('.')))
        })
        .collect();
    out.sort();
    out
}

/// Markdown files of a fixture (one file, or every `.md` of a folder), relative to `root`.
fn files(fixture: &Path) -> Vec<PathBuf> {
    if fixture.is_file() {
        return vec![fixture.to_path_buf()];
    }
    let mut out = Vec::new();
    let mut stack = vec![fixture.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// (file, line) of every `expect: rule` marker naming `rule`.
fn expected(rule: &str, fixture: &Path) -> BTreeSet<(String, u64)> {
    let mut out = BTreeSet::new();
    for f in files(fixture) {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = display(&f);
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find("expect: ") else {
                continue;
            };
            let rest = &line[at + "expect: ".len()..];
            let names = rest.split("-->").next().unwrap();
            if names.split(',').any(|n| n.trim() == rule) {
                out.insert((name.clone(), i as u64 + 1));
            }
        }
    }
    out
}

fn display(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_rule_has_a_fixture() {
    let missing: Vec<String> = rule_names()
        .into_iter()
        .filter(|r| fixtures(r).is_empty() && !ELSEWHERE.iter().any(|(e, _)| e == r))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without fixtures/rules/<rule>.md: {missing:?}"
    );
}

#[test]
fn each_rule_flags_its_marked_lines_and_nothing_else() {
    let mut failures = Vec::new();
    for rule in rule_names() {
        for fx in fixtures(&rule) {
            check_fixture(&rule, &fx, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_fixture(rule: &str, fx: &Path, failures: &mut Vec<String>) {
    let rule = rule.to_string();
    {
        let target = display(fx);
        let o = run(&["check", &target, "--select", &rule, "--format", "json"]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{rule}: exit {:?}: {}",
            o.status.code(),
            stderr(&o)
        );
        let got: BTreeSet<(String, u64)> = json_diagnostics(&o)
            .iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                )
            })
            .collect();
        let want = expected(&rule, fx);
        if want.is_empty() {
            failures.push(format!("{rule}: the fixture marks no line it must flag"));
        }
        for (f, l) in want.difference(&got) {
            failures.push(format!("{rule}: missed {f}:{l}"));
        }
        for (f, l) in got.difference(&want) {
            failures.push(format!("{rule}: flagged unmarked {f}:{l}"));
        }
        // The snapshot: messages, columns, help and the fixed text.
        let short = run(&[
            "check", &target, "--select", &rule, "--format", "short", "-q",
        ]);
        let mut snap = stdout(&short);
        if fx.is_file() {
            let fixed = run(&[
                "check",
                &target,
                "--select",
                &rule,
                "--diff",
                "--unsafe-fixes",
            ]);
            let diff = stdout(&fixed);
            if !diff.trim().is_empty() {
                snap.push_str("\n--- fixes (--diff --unsafe-fixes) ---\n");
                snap.push_str(&diff);
            }
        }
        let stem = fx.file_name().unwrap().to_string_lossy();
        let stem = stem.strip_suffix(".md").unwrap_or(&stem);
        let snap_path = format!("fixtures/rules/{stem}.snap");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(root().join(&snap_path), &snap).unwrap();
        } else {
            let want = std::fs::read_to_string(root().join(&snap_path)).unwrap_or_default();
            if want != snap {
                failures.push(format!(
                    "{rule}: output differs from {snap_path} (UPDATE_EXPECT=1 to accept)\n--- expected\n{want}--- actual\n{snap}"
                ));
            }
        }
    }
}
