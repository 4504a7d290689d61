//! Quick fixes and "Fix all" as LSP code actions, and the plan behind "Fix all".

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionTriggerKind,
    Diagnostic as LspDiagnostic, TextEdit, Url, WorkspaceEdit,
};

use super::convert::{offset_at, to_lsp, Utf16Index};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::source::SourceFile;

pub use crate::fix::applicable;

/// The edits "Fix all" makes and how many fixes they come from: `fix::plan`'s choice.
pub fn plan<'a>(
    text: &str,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    unsafe_fixes: bool,
) -> (Vec<Edit>, usize) {
    let diags: Vec<&Diagnostic> = diagnostics.into_iter().collect();
    crate::fix::plan(text, &diags, crate::fix::FixMode { unsafe_fixes })
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

    fn diag(rule: &str, fix: Fix) -> Diagnostic {
        Diagnostic::with_fix(rule, fix)
    }

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
