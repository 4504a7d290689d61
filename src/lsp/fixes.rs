//! Quick fixes and "Fix all" as LSP code actions, and the plan behind "Fix all".

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionTriggerKind,
    Diagnostic as LspDiagnostic, TextEdit, Url, WorkspaceEdit,
};

use super::convert::{offset_at, to_lsp, Utf16Index};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::source::SourceFile;

/// The overlap rule of [`crate::fix::plan`]: sharing a byte, starting at the same place,
/// or an insertion strictly inside the other edit.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end)
        || (a.start == b.start)
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

/// Can `fix` be applied to `text` at all: edits inside the text, on character boundaries,
/// not into a BOM (the filter of [`crate::fix::plan`]).
pub fn applicable(text: &str, fix: &Fix) -> bool {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    !fix.edits.is_empty()
        && fix.edits.iter().all(|e| {
            e.range.start >= bom
                && e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        })
}

/// The edits "Fix all" makes and how many fixes they come from: the same choice as
/// [`crate::fix::plan`] (the same order, an overlapping fix skipped, the first one wins),
/// in O(n log n) for n fixes. The accepted edits never overlap each other and have distinct
/// starts, so an edit can only clash with the accepted edit starting just before it or the
/// first one starting at or after it; `fix::plan` compares it with every edit accepted so
/// far, which is quadratic: 1.9 M findings took minutes.
pub fn plan<'a>(
    text: &str,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    unsafe_fixes: bool,
) -> (Vec<Edit>, usize) {
    let mut fixes: Vec<(usize, usize, &Diagnostic, &[Edit])> = diagnostics
        .into_iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (d, f)))
        .filter(|(_, f)| f.applicability == Applicability::Safe || unsafe_fixes)
        .filter(|(_, f)| applicable(text, f))
        .map(|(d, f)| {
            let start = f.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
            let end = f.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
            (start, end, d, f.edits.as_slice())
        })
        .collect();
    // Stable, as fix::plan's sort: equal keys keep their order.
    fixes.sort_by(|a, b| {
        (a.0, a.1, &a.2.rule, &a.2.message).cmp(&(b.0, b.1, &b.2.rule, &b.2.message))
    });
    let mut accepted: BTreeMap<usize, &Edit> = BTreeMap::new();
    let mut count = 0;
    let mut own: Vec<&Edit> = Vec::new();
    for (_, _, _, edits) in fixes {
        own.clear();
        own.extend(edits);
        own.sort_by_key(|e| e.range.start);
        // Sorted by start, two edits of one fix overlap only if two neighbours do.
        let clash = own.windows(2).any(|w| overlaps(&w[0].range, &w[1].range))
            || own.iter().any(|e| clashes(&accepted, &e.range));
        if clash {
            continue;
        }
        for e in edits {
            accepted.insert(e.range.start, e);
        }
        count += 1;
    }
    (accepted.into_values().cloned().collect(), count)
}

fn clashes(accepted: &BTreeMap<usize, &Edit>, r: &Range<usize>) -> bool {
    let before = accepted.range(..r.start).next_back();
    let after = accepted.range(r.start..).next();
    before.is_some_and(|(_, a)| overlaps(&a.range, r))
        || after.is_some_and(|(_, a)| overlaps(&a.range, r))
}

/// A checked document's findings, as code actions are computed from them.
pub struct Findings<'a> {
    pub file: &'a SourceFile,
    pub index: &'a Utf16Index,
    /// CRLF text: a fix's `\n` is written `\r\n`, as `postlint check --fix` does.
    pub crlf: bool,
    /// The published findings: quick fixes are offered for these.
    pub shown: &'a [Diagnostic],
    /// Every finding with a fix: "Fix all" applies these.
    pub fixable: &'a [Diagnostic],
}

impl Findings<'_> {
    fn text_edit(&self, e: &Edit) -> TextEdit {
        let new_text = if self.crlf {
            e.replacement.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            e.replacement.clone()
        };
        TextEdit::new(self.index.range(self.file, &e.range), new_text)
    }
}

/// Does the client want actions of `kind`? `only` names kinds or their parents
/// (`source` covers `source.fixAll`).
fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|o| {
            kind.as_str() == o.as_str()
                || kind
                    .as_str()
                    .strip_prefix(o.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// One quick fix, before it becomes a code action.
struct Quick<'a> {
    fix: &'a Fix,
    title: String,
    diagnostics: Vec<LspDiagnostic>,
}

/// The code actions for a request: one quick fix per distinct fix of the published
/// findings in the range (two rules proposing the same edit make one action listing both
/// findings), and "Fix all" with one text edit per edit of each fix applied. "Fix all" is
/// left out when it would make exactly the one quick fix offered (so that an editor's
/// "apply the only action" applies it), and when the request is automatic (a cursor move),
/// since a plan over every fix of a big file is not worth making on each move.
pub fn code_actions(f: &Findings, uri: &Url, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let text = &f.file.text;
    let only = p.context.only.as_ref();
    let (mut lo, mut hi) = (offset_at(text, p.range.start), offset_at(text, p.range.end));
    if lo > hi {
        (lo, hi) = (hi, lo);
    }
    let mut quick: Vec<Quick> = Vec::new();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        let mut seen: HashMap<Vec<(usize, usize, &str)>, usize> = HashMap::new();
        for d in f.shown {
            let Some(fix) = &d.fix else { continue };
            if d.range.end < lo || hi < d.range.start || !applicable(text, fix) {
                continue;
            }
            let mut key: Vec<(usize, usize, &str)> = fix
                .edits
                .iter()
                .map(|e| (e.range.start, e.range.end, e.replacement.as_str()))
                .collect();
            key.sort_unstable();
            let lsp = to_lsp(f.file, f.index, d);
            if let Some(&i) = seen.get(&key) {
                let q = &mut quick[i];
                q.diagnostics.push(lsp);
                // The same edit, offered safe by one rule: it is safe.
                if q.fix.applicability == Applicability::Unsafe
                    && fix.applicability == Applicability::Safe
                {
                    q.fix = fix;
                }
                continue;
            }
            let title = match fix.edits.as_slice() {
                [e] if e.replacement.is_empty() => format!("Remove ({})", d.rule),
                [e] if !e.replacement.trim().is_empty() => {
                    format!("Replace with '{}'", e.replacement)
                }
                _ => format!("Fix: {}", d.message),
            };
            seen.insert(key, quick.len());
            quick.push(Quick {
                fix,
                title,
                diagnostics: vec![lsp],
            });
        }
    }
    let mut actions: Vec<CodeActionOrCommand> = quick
        .iter()
        .map(|q| {
            let safe = q.fix.applicability == Applicability::Safe;
            let edits = q.fix.edits.iter().map(|e| f.text_edit(e)).collect();
            CodeActionOrCommand::CodeAction(CodeAction {
                title: if safe {
                    q.title.clone()
                } else {
                    format!("{} (unsafe)", q.title)
                },
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(q.diagnostics.clone()),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(safe),
                ..CodeAction::default()
            })
        })
        .collect();
    let automatic = p.context.trigger_kind == Some(CodeActionTriggerKind::AUTOMATIC);
    if wanted(only, &CodeActionKind::SOURCE_FIX_ALL) && !automatic {
        let (edits, n) = plan(text, f.fixable, false);
        let same_as_quick = match quick.as_slice() {
            [q] => {
                let mut own = q.fix.edits.clone();
                own.sort_by_key(|e| e.range.start);
                own == edits
            }
            _ => false,
        };
        if n > 0 && !same_as_quick {
            let edits = edits.iter().map(|e| f.text_edit(e)).collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all postlint issues in file".into(),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::fix::FixMode;
    use crate::test_rng::Rng;

    fn diag(rule: &str, fix: Fix) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            severity: Severity::Warning,
            message: rule.into(),
            file: 0,
            range: 0..0,
            labels: Vec::new(),
            help: None,
            fix: Some(fix),
        }
    }

    fn random_fix(rng: &mut Rng, len: usize) -> Fix {
        let edits = (0..1 + rng.below(3))
            .map(|_| {
                let start = rng.below(len + 1);
                let end = (start + rng.below(4)).min(len);
                Edit {
                    range: start..end,
                    replacement: rng.pick(&["", "x", "yz"]).to_string(),
                }
            })
            .collect();
        Fix {
            applicability: if rng.chance(20) {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            edits,
        }
    }

    #[test]
    fn plan_chooses_as_fix_plan_does() {
        let mut rng = Rng(11);
        for round in 0..3000 {
            let text = if round % 7 == 0 {
                "\u{feff}ab é cd\r\nef"
            } else {
                "abcdefghij klmnop\nqrstu"
            };
            let n = rng.below(12);
            let diags: Vec<Diagnostic> = (0..n)
                .map(|i| diag(["a", "b"][i % 2], random_fix(&mut rng, text.len() + 1)))
                .collect();
            let refs: Vec<&Diagnostic> = diags.iter().collect();
            for unsafe_fixes in [false, true] {
                let want = crate::fix::plan(text, &refs, FixMode { unsafe_fixes });
                assert_eq!(plan(text, &diags, unsafe_fixes), want, "{diags:?}");
            }
        }
    }

    /// `n` disjoint fixes (all accepted: the worst case of a quadratic plan), in reverse.
    fn many(n: usize) -> (String, Vec<Diagnostic>) {
        let text = "teh ".repeat(n);
        let diags = (0..n)
            .rev()
            .map(|i| diag("typo", Fix::safe(i * 4..i * 4 + 3, "the")))
            .collect();
        (text, diags)
    }

    fn fastest(n: usize) -> std::time::Duration {
        let (text, diags) = many(n);
        (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let (edits, count) = plan(&text, &diags, false);
                assert_eq!((edits.len(), count), (n, n));
                t.elapsed()
            })
            .min()
            .unwrap()
    }

    #[test]
    fn plan_is_not_quadratic() {
        // Sixteen times the fixes: about sixteen times the time (a little more for the
        // sort and the tree). A quadratic plan takes 256 times; the bound leaves room for
        // a busy machine.
        let small = fastest(4_000);
        let large = fastest(64_000);
        assert!(
            large < small * 64 + std::time::Duration::from_millis(20),
            "4,000 fixes: {small:?}; 64,000 fixes: {large:?}"
        );
    }
}
