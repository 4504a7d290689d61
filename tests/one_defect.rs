//! One defect, one finding: no two rules (and no two fixes) at one span.

mod common;

use std::collections::BTreeMap;

use common::*;

const RECAP: &str = "---
title: Meetup recap
---
# Meetup recap

### Talks

#### Lightning talk

-   Title:
-   Presenter: Ada Lovelace
-   [Slides](TODO)

We met at the Dask Dwon Under meetup.
";

#[test]
fn each_defect_is_reported_once() {
    let site = TestSite::new("one-defect").file("post.md", RECAP);
    let found = site.findings(&["check", "post.md"]);
    let mut by_line: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
    for (_, line, rule, _) in &found {
        by_line.entry(*line).or_default().push(rule);
    }
    // The empty title: the talk entry's, not also the generic empty field's.
    assert_eq!(by_line[&10], ["talk-entry"], "{found:?}");
    // `[Slides](TODO)`: placeholder-link owns destinations (it was reported three times).
    assert_eq!(by_line[&12], ["placeholder-link"], "{found:?}");
    // `Dwon`: the name's misspelling, not also the typo list's `dwon` → `down`.
    assert_eq!(by_line[&14], ["name-spelling"], "{found:?}");
}

#[test]
fn one_fix_per_span() {
    let site = TestSite::new("one-fix").file("post.md", RECAP);
    let o = site.run(&["check", "post.md", "--format", "json"]);
    let mut spans: BTreeMap<(u64, u64), usize> = BTreeMap::new();
    for d in json_diagnostics(&o) {
        if !d["fix"].is_null() {
            *spans
                .entry((d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
                .or_default() += 1;
        }
    }
    assert!(spans.values().all(|&n| n == 1), "{spans:?}");
}
