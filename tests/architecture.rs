//! The shape ARCHITECTURE.md describes: top-level modules form layers with no import
//! cycle. A new `crate::x` reference that closes a cycle fails here.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::root;

/// Top-level module → the top-level modules its non-test code names as `crate::x`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let module = top_module(&src, &p);
            if module == "main" || module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            // Non-test code only, comments out.
            let code = text.split("#[cfg(test)]").next().unwrap();
            let mine = edges.entry(module.clone()).or_default();
            for line in code.lines() {
                let line = line.split("//").next().unwrap();
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != module {
                        mine.insert(name);
                    }
                }
            }
        }
    }
    edges
}

fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn no_import_cycles_between_modules() {
    let edges = graph();
    // Depth-first search for a back edge; report the cycle it closes.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in edges.keys() {
        if let Some(cycle) = visit(n, &edges, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

/// Every top-level module is in ARCHITECTURE.md's table.
#[test]
fn architecture_names_every_module() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    for module in graph().keys() {
        assert!(
            doc.contains(&format!("`{module}")),
            "ARCHITECTURE.md does not describe `{module}`"
        );
    }
}
