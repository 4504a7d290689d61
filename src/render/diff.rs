//! `--diff`: a unified diff of what `--fix` would change, in linear time.
//!
//! Myers' algorithm (the `similar` crate's default) costs the lines times the changed
//! lines: 80,000 fixed lines took a minute. A post of up to [`MYERS_LINES`] lines is still
//! diffed with it, so its diff is what it always was. A longer one is aligned by a walk
//! that, where the two texts differ, looks for the nearest place within [`WINDOW`] lines
//! where they meet again: what fixes do (change a line, add or remove one) comes out as
//! Myers would write it, and any input costs at most a constant per line.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use similar::{Algorithm, DiffOp, DiffableStr};

/// Longest pair of texts (lines of both) diffed with Myers' algorithm.
const MYERS_LINES: usize = 2_000;

/// How far (lines of both texts together) the walk looks for the texts to meet again.
const WINDOW: usize = 8;

/// The unified diff (3 lines of context) of `old` and `new`, under the header
/// `--- a/NAME` / `+++ b/NAME`; empty when they are equal.
pub fn unified(old: &str, new: &str, name: &str) -> String {
    let (a, b) = (old.tokenize_lines(), new.tokenize_lines());
    let ops = if a.len() + b.len() <= MYERS_LINES {
        similar::capture_diff_slices(Algorithm::Myers, &a, &b)
    } else {
        walk(&a, &b)
    };
    let mut out = String::new();
    for (i, hunk) in similar::group_diff_ops(ops, 3)
        .into_iter()
        .filter(|h| !h.is_empty())
        .enumerate()
    {
        if i == 0 {
            let _ = writeln!(out, "--- a/{name}\n+++ b/{name}");
        }
        let _ = writeln!(out, "{}", similar::udiff::UnifiedHunkHeader::new(&hunk));
        for op in &hunk {
            for change in op.iter_changes(&a, &b) {
                let _ = write!(out, "{}{}", change.tag(), change.value());
                if change.missing_newline() {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

/// The operations that turn `a` into `b`, found by a walk: equal lines are taken as they
/// come; at a difference, the nearest lines where the texts meet again (fewest lines
/// skipped on both sides together, up to [`WINDOW`], as evenly as can be) end it, or else
/// one line of each side is taken as replaced by the other's and the walk goes on.
fn walk(a: &[&str], b: &[&str]) -> Vec<DiffOp> {
    let hash = |s: &&str| {
        let mut h = rustc_hash::FxHasher::default();
        s.hash(&mut h);
        h.finish()
    };
    let ha: Vec<u64> = a.iter().map(hash).collect();
    let hb: Vec<u64> = b.iter().map(hash).collect();
    let same = |i: usize, j: usize| i < a.len() && j < b.len() && ha[i] == hb[j] && a[i] == b[j];
    let meet = |i: usize, j: usize| {
        (1..=WINDOW).find_map(|skip| {
            // `skip / 2` first, then outwards: a changed line before an added one.
            (0..=skip)
                .map(|k| {
                    let off = k.div_ceil(2);
                    if k % 2 == 1 {
                        (skip / 2 + off).min(skip)
                    } else {
                        (skip / 2).saturating_sub(off)
                    }
                })
                .map(|da| (da, skip - da))
                .find(|&(da, db)| same(i + da, j + db))
        })
    };
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    // Where the change being walked through started.
    let mut change: Option<(usize, usize)> = None;
    while i < a.len() && j < b.len() {
        if same(i, j) {
            if let Some((i0, j0)) = change.take() {
                push_change(&mut ops, i0..i, j0..j);
            }
            let (i0, j0) = (i, j);
            while same(i, j) {
                i += 1;
                j += 1;
            }
            ops.push(DiffOp::Equal {
                old_index: i0,
                new_index: j0,
                len: i - i0,
            });
            continue;
        }
        change.get_or_insert((i, j));
        let (da, db) = meet(i, j).unwrap_or((1, 1));
        i += da;
        j += db;
    }
    let (i0, j0) = change.unwrap_or((i, j));
    push_change(&mut ops, i0..a.len(), j0..b.len());
    ops
}

/// One change: the lines `old` of the old text replaced by the lines `new` of the new.
fn push_change(ops: &mut Vec<DiffOp>, old: Range<usize>, new: Range<usize>) {
    ops.push(match (old.is_empty(), new.is_empty()) {
        (true, true) => return,
        (false, true) => DiffOp::Delete {
            old_index: old.start,
            old_len: old.len(),
            new_index: new.start,
        },
        (true, false) => DiffOp::Insert {
            old_index: old.start,
            new_index: new.start,
            new_len: new.len(),
        },
        (false, false) => DiffOp::Replace {
            old_index: old.start,
            old_len: old.len(),
            new_index: new.start,
            new_len: new.len(),
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn similar_diff(old: &str, new: &str, name: &str) -> String {
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string()
    }

    /// Turn `a` into `b` with `ops`: they must say every line of both, in order.
    fn apply(a: &[&str], b: &[&str], ops: &[DiffOp]) -> Vec<String> {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        for op in ops {
            assert_eq!(
                (op.old_range().start, op.new_range().start),
                (i, j),
                "{ops:?}"
            );
            for change in op.iter_changes(a, b) {
                if change.tag() != similar::ChangeTag::Delete {
                    out.push(change.value().to_string());
                }
            }
            (i, j) = (op.old_range().end, op.new_range().end);
        }
        assert_eq!((i, j), (a.len(), b.len()));
        out
    }

    /// Short texts: Myers' diff, written as `similar` writes it.
    #[test]
    fn short_texts_diff_as_before() {
        let pieces = ["a\n", "b\n", "\n", "c\r\n", "d", "é\n", "\r"];
        let mut rng = crate::test_rng::Rng(0xd1ff);
        for _ in 0..3_000 {
            let (old, new) = (rng.text(&pieces, 40), rng.text(&pieces, 40));
            assert_eq!(
                unified(&old, &new, "p.md"),
                similar_diff(&old, &new, "p.md"),
                "{old:?} {new:?}"
            );
        }
    }

    /// Long texts: the walk says every line, and writes the scattered one-line changes,
    /// additions and removals fixes make as Myers' diff does.
    #[test]
    fn long_texts_diff_as_myers_for_local_changes() {
        let mut rng = crate::test_rng::Rng(0x10_9d1f);
        for _ in 0..20 {
            let old: Vec<String> = (0..3_000)
                .map(|i| {
                    if i % 3 == 2 {
                        "\n".into()
                    } else {
                        format!("line {i}\n")
                    }
                })
                .collect();
            let mut new = old.clone();
            let mut at = new.len();
            while at > 60 {
                at -= 10 + rng.below(40);
                match rng.below(3) {
                    0 => new[at] = format!("fixed {at}\n"),
                    1 => new.insert(at, "\n".into()),
                    _ => {
                        new.remove(at);
                    }
                }
            }
            let (old, new) = (old.concat(), new.concat());
            let (a, b) = (old.tokenize_lines(), new.tokenize_lines());
            let ops = walk(&a, &b);
            assert_eq!(apply(&a, &b, &ops).concat(), new);
            assert_eq!(
                unified(&old, &new, "p.md"),
                similar_diff(&old, &new, "p.md")
            );
        }
        // Any two texts: a correct script.
        let pieces = ["a\n", "b\n", "\n", "c\n"];
        for _ in 0..500 {
            let (old, new) = (rng.text(&pieces, 60), rng.text(&pieces, 60));
            let (a, b) = (old.tokenize_lines(), new.tokenize_lines());
            assert_eq!(apply(&a, &b, &walk(&a, &b)).concat(), new);
        }
    }

    /// Linear in changed lines (Myers' diff of 80,000 changed lines took a minute).
    #[test]
    fn many_changed_lines_diff_in_linear_time() {
        crate::rules::test_support::assert_linear(
            2_000,
            |n| ("We use github\n\n".repeat(n), "We use GitHub\n\n".repeat(n)),
            |(old, new)| assert!(!unified(old, new, "p.md").is_empty()),
        );
    }
}
