//! rustc-style output through codespan-reporting: our diagnostics are converted to its
//! type only here.
//!
//! A source line of at most [`WIDTH`] characters is shown whole. A wider one is shown as
//! a window of about [`WIDTH`] characters around the finding, with `...` where it was cut
//! (as rustc and ruff do): the output of one finding does not grow with its line, so a
//! line holding thousands of findings does not print itself thousands of times. Line and
//! column numbers stay the real ones.

use std::io::Write;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::termcolor::{Ansi, ColorSpec, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::{summary, RenderOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Report;
use crate::source::SourceFile;

/// Widest line shown whole, in characters; and about the width of a window of a wider one.
pub const WIDTH: usize = 120;

/// Characters of context a window keeps on each side of what it shows at least.
const CONTEXT: usize = 20;

/// Characters that a window takes in rather than cut off with `...`.
const SLACK: usize = 8;

/// Where a line was cut.
const MARK: &str = "...";

/// Our diagnostic as codespan's, its byte offsets passed through `at` (the identity for the
/// file itself; into the text of a [`Snippet`] for windows of long lines).
fn to_codespan(d: &Diagnostic, file_id: usize, at: impl Fn(usize) -> usize) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let range = |r: &Range<usize>| at(r.start)..at(r.end);
    let mut labels = vec![Label::primary(file_id, range(&d.range))];
    labels.extend(
        d.labels
            .iter()
            .map(|l| Label::secondary(file_id, range(&l.range)).with_message(l.message.clone())),
    );
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(fix) = &d.fix {
        let kind = match fix.applicability {
            crate::diagnostic::Applicability::Safe => "fix available",
            crate::diagnostic::Applicability::Unsafe => "unsafe fix available",
        };
        notes.push(format!("note: {kind}"));
    }
    CsDiagnostic::new(severity)
        .with_code(d.rule.clone())
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

pub fn write(report: &Report, opts: RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    if opts.color {
        write_to(report, opts, &mut Ansi::new(out))
    } else {
        write_to(report, opts, &mut NoColor::new(out))
    }
}

fn write_to<W: WriteColor>(report: &Report, opts: RenderOptions, w: &mut W) -> std::io::Result<()> {
    let config = Config::default();
    for d in &report.diagnostics {
        let file = report.db.get(d.file);
        if d.range.is_empty() && file.text.is_empty() {
            // No source to show (unreadable or binary file): header and location only.
            write_header_only(w, report, d)?;
            continue;
        }
        let lines = shown_lines(file, d);
        let emitted = if lines.iter().any(|&l| is_wide(file, l)) {
            let snippet = Snippet::new(file, d, &lines);
            term::emit_to_write_style(w, &config, &snippet, &snippet.diagnostic)
        } else {
            term::emit_to_write_style(w, &config, &report.db, &to_codespan(d, d.file, |o| o))
        };
        match emitted {
            Ok(()) => {}
            Err(FilesError::Io(e)) => return Err(e),
            Err(_) => write_header_only(w, report, d)?,
        }
    }
    if !opts.quiet {
        writeln!(w, "{}", summary(report, opts.elapsed))?;
    }
    Ok(())
}

fn write_header_only<W: WriteColor>(
    w: &mut W,
    report: &Report,
    d: &Diagnostic,
) -> std::io::Result<()> {
    let mut spec = ColorSpec::new();
    spec.set_bold(true);
    w.set_color(&spec)?;
    write!(w, "{}[{}]", d.severity, d.rule)?;
    w.reset()?;
    writeln!(w, ": {}", d.message)?;
    writeln!(w, "  --> {}\n", report.db.get(d.file).name)
}

/// The byte ranges of a diagnostic's labels, the primary one first.
fn label_ranges(d: &Diagnostic) -> impl Iterator<Item = &Range<usize>> {
    std::iter::once(&d.range).chain(d.labels.iter().map(|l| &l.range))
}

/// The lines (0-based, sorted) codespan may show for `d`: each label's first and last
/// line, the first few and last lines of a label over several lines, and a line between
/// two shown ones (codespan shows it rather than a gap).
fn shown_lines(file: &SourceFile, d: &Diagnostic) -> Vec<usize> {
    let len = file.text.len();
    let mut lines = Vec::new();
    for r in label_ranges(d) {
        let first = file.line_index(r.start.min(len));
        let last = file.line_index(r.end.min(len)).max(first);
        lines.extend(first..=last.min(first + 4));
        lines.extend(last.saturating_sub(2).max(first)..=last);
    }
    lines.sort_unstable();
    lines.dedup();
    let gaps: Vec<usize> = lines
        .windows(2)
        .filter(|w| w[1] - w[0] == 2)
        .map(|w| w[0] + 1)
        .collect();
    lines.extend(gaps);
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// Is line `line` wider than [`WIDTH`] characters? Counts at most that many.
fn is_wide(file: &SourceFile, line: usize) -> bool {
    let r = file.line_range(line);
    r.len() > WIDTH && file.text[r].chars().take(WIDTH + 1).count() > WIDTH
}

/// The offset `n` characters before `at`, not before `floor`, and how many it went back.
fn back(text: &str, floor: usize, at: usize, n: usize) -> (usize, usize) {
    let mut pos = at;
    let mut went = 0;
    for (i, _) in text[floor..at].char_indices().rev().take(n) {
        pos = floor + i;
        went += 1;
    }
    (pos, went)
}

/// The offset `n` characters after `at`, not after `ceil`, and how many it went on.
fn forward(text: &str, at: usize, ceil: usize, n: usize) -> (usize, usize) {
    let rest = &text[at..ceil];
    match rest.char_indices().nth(n) {
        Some((i, _)) => (at + i, n),
        None => (ceil, rest.chars().count()),
    }
}

/// The part of the line `cs..ce` of `text` to show: about [`WIDTH`] characters holding
/// `lo..hi` (cut to its start when that is too wide) in their middle.
fn window(text: &str, cs: usize, ce: usize, lo: usize, hi: usize) -> (usize, usize) {
    let (hi, span) = forward(text, lo, hi, WIDTH - 2 * CONTEXT);
    let budget = WIDTH - span;
    let (ws, left) = back(text, cs, lo, budget / 2);
    let (we, right) = forward(text, hi, ce, budget - left);
    let ws = if left + right < budget {
        back(text, cs, ws, budget - left - right).0
    } else {
        ws
    };
    // Not cut for a few characters: the `...` would take nearly their place.
    let ws = match back(text, cs, ws, SLACK + 1) {
        (_, n) if n <= SLACK => cs,
        _ => ws,
    };
    let we = match forward(text, we, ce, SLACK + 1) {
        (_, n) if n <= SLACK => ce,
        _ => we,
    };
    (ws, we)
}

/// One line of a [`Snippet`]: the part `ws..we` of the file's line `real` (whose text is
/// `cs..ce`), at `start..end` of the snippet's text, after `prefix` bytes of `...`.
struct Shown {
    real: usize,
    start: usize,
    end: usize,
    prefix: usize,
    ws: usize,
    we: usize,
}

/// The lines one diagnostic shows, wide ones cut to a window, as a file of their own for
/// codespan: it asks for lines and columns by the real line numbers, and gets the real
/// columns back.
struct Snippet<'a> {
    file: &'a SourceFile,
    text: String,
    lines: Vec<Shown>,
    diagnostic: CsDiagnostic<usize>,
}

impl<'a> Snippet<'a> {
    fn new(file: &'a SourceFile, d: &Diagnostic, lines: &[usize]) -> Snippet<'a> {
        let len = file.text.len();
        // Offsets each shown line must show: where labels start and end on it.
        let mut points: Vec<(usize, usize)> = Vec::new();
        for r in label_ranges(d) {
            for o in [r.start.min(len), r.end.min(len)] {
                points.push((file.line_index(o), o));
            }
        }
        let primary = d.range.start.min(len);
        let mut text = String::new();
        let mut shown = Vec::with_capacity(lines.len());
        for &line in lines {
            let Range { start: cs, end: ce } = file.line_range(line);
            let (ws, we) = if is_wide(file, line) {
                let on_line = points
                    .iter()
                    .filter(|p| p.0 == line)
                    .map(|p| p.1.clamp(cs, ce));
                let (lo, hi) = on_line.fold((ce, cs), |(lo, hi), o| (lo.min(o), hi.max(o)));
                let (lo, hi) = if lo > hi { (cs, cs) } else { (lo, hi) };
                let lo = if file.line_index(primary) == line
                    && forward(&file.text, lo, primary, WIDTH - 2 * CONTEXT).0 < primary
                {
                    // Labels too far apart: the finding itself is what must show.
                    primary
                } else {
                    lo
                };
                let hi = hi.max(lo);
                window(&file.text, cs, ce, lo, hi)
            } else {
                (cs, ce)
            };
            let start = text.len();
            if ws > cs {
                text.push_str(MARK);
            }
            let prefix = text.len() - start;
            text.push_str(&file.text[ws..we]);
            if we < ce {
                text.push_str(MARK);
            }
            let end = text.len();
            text.push('\n');
            shown.push(Shown {
                real: line,
                start,
                end,
                prefix,
                ws,
                we,
            });
        }
        let mut snippet = Snippet {
            file,
            text,
            lines: shown,
            diagnostic: CsDiagnostic::new(CsSeverity::Note),
        };
        snippet.diagnostic = to_codespan(d, 0, |o| snippet.synthetic(o));
        snippet
    }

    fn shown(&self, line: usize) -> Option<&Shown> {
        let i = self.lines.binary_search_by_key(&line, |s| s.real).ok()?;
        Some(&self.lines[i])
    }

    /// Where byte `o` of the file is in the snippet: a place cut off is the `...` there.
    fn synthetic(&self, o: usize) -> usize {
        let o = o.min(self.file.text.len());
        let Some(s) = self.shown(self.file.line_index(o)) else {
            return self.text.len();
        };
        if o < s.ws {
            s.start
        } else if o <= s.we {
            s.start + s.prefix + (o - s.ws)
        } else {
            s.end
        }
    }

    /// Which byte of the file byte `b` of the snippet shows.
    fn real(&self, s: &Shown, b: usize) -> usize {
        let inner = b.saturating_sub(s.start + s.prefix);
        if b < s.start + s.prefix {
            s.ws
        } else {
            (s.ws + inner).min(s.we)
        }
    }
}

impl<'a> Files<'a> for Snippet<'_> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: usize) -> Result<&'a str, FilesError> {
        Ok(&self.file.name)
    }

    fn source(&'a self, _: usize) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, _: usize, byte: usize) -> Result<usize, FilesError> {
        let i = self
            .lines
            .partition_point(|s| s.start <= byte)
            .saturating_sub(1);
        self.lines
            .get(i)
            .map(|s| s.real)
            .ok_or(FilesError::FileMissing)
    }

    fn column_number(&'a self, _: usize, line: usize, byte: usize) -> Result<usize, FilesError> {
        let s = self.shown(line).ok_or(FilesError::LineTooLarge {
            given: line,
            max: self.file.line_count().saturating_sub(1),
        })?;
        Ok(self.file.position(self.real(s, byte)).column)
    }

    fn line_range(&'a self, _: usize, line: usize) -> Result<Range<usize>, FilesError> {
        if line >= self.file.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line,
                max: self.file.line_count().saturating_sub(1),
            });
        }
        match self.lines.binary_search_by_key(&line, |s| s.real) {
            Ok(i) => Ok(self.lines[i].start..self.lines[i].end + 1),
            // A line inside a label over many lines that codespan does not show: empty.
            Err(i) => {
                let at = self.lines.get(i).map_or(self.text.len(), |s| s.start);
                Ok(at..at)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label as OurLabel;
    use crate::source::SourceDb;

    /// A finding's range and its secondary labels (range, message).
    type Spec<'a> = (Range<usize>, Vec<(Range<usize>, &'a str)>);

    fn report(text: &str, diags: Vec<Spec<'_>>) -> Report {
        let mut db = SourceDb::default();
        db.add(SourceFile::new("t.md", None, text.to_string()));
        Report {
            db,
            diagnostics: diags
                .into_iter()
                .map(|(range, labels)| Diagnostic {
                    rule: "r".into(),
                    severity: Severity::Error,
                    message: "m".into(),
                    file: 0,
                    range,
                    labels: labels
                        .into_iter()
                        .map(|(range, message)| OurLabel {
                            range,
                            message: message.into(),
                        })
                        .collect(),
                    help: None,
                    fix: None,
                })
                .collect(),
            ..Report::default()
        }
    }

    fn human(r: &Report) -> String {
        let opts = RenderOptions {
            color: false,
            quiet: true,
            elapsed: Default::default(),
        };
        super::super::render(r, super::super::Format::Human, opts)
    }

    #[test]
    fn a_wide_line_is_cut_around_the_finding() {
        let line = format!("{}TODO{}", "a ".repeat(200), " b".repeat(200));
        let at = line.find("TODO").unwrap();
        let out = human(&report(&line, vec![(at..at + 4, vec![])]));
        assert!(out.contains(&format!("t.md:1:{}", at + 1)), "{out}");
        let shown = out.lines().find(|l| l.starts_with("1 │ ")).unwrap();
        assert!(
            shown.starts_with("1 │ ...") && shown.ends_with("..."),
            "{out}"
        );
        assert!(shown.chars().count() <= WIDTH + 12, "{out}");
        let carets = out.lines().find(|l| l.contains('^')).unwrap();
        let col = |s: &str, pat: &str| s.find(pat).map(|i| s[..i].chars().count());
        assert_eq!(col(shown, "TODO"), col(carets, "^^^^"), "{out}");
    }

    #[test]
    fn narrow_lines_are_shown_whole() {
        let text = "short line with TODO\n";
        let out = human(&report(text, vec![(16..20, vec![])]));
        assert!(out.contains("1 │ short line with TODO\n"), "{out}");
        assert!(!out.contains(MARK), "{out}");
    }

    #[test]
    fn labels_across_lines_and_far_apart_render() {
        // A secondary label on a narrow line, the primary on a wide one, and a label over
        // several lines that start or end on wide ones: every shape codespan draws.
        let wide = "x".repeat(1_000);
        let text = format!("# Head\n{wide}\nmid\nmid\nmid\nmid\nmid\nmid\n{wide} TODO\nend\n");
        let todo = text.find("TODO").unwrap();
        let second = text.find('x').unwrap() + 500;
        let out = human(&report(
            &text,
            vec![
                (todo..todo + 4, vec![(0..6, "heading")]),
                (second..todo + 2, vec![]),
                (todo..todo + 4, vec![(second..second + 3, "far")]),
            ],
        ));
        assert_eq!(out.matches("error[r]").count(), 3, "{out}");
        assert!(
            out.lines().all(|l| l.chars().count() <= WIDTH + 40),
            "{out}"
        );
        assert!(out.contains(&format!("t.md:9:{}", 1_002)), "{out}");
    }

    /// Item 8 (issue "Robustness and security under hostile input"): the human output of
    /// n findings on one line grows with n, not with n times the line.
    #[test]
    fn output_of_many_findings_on_one_line_is_linear() {
        let make = |n: usize| {
            let text = "TODO ".repeat(n);
            let diags = (0..n).map(|i| (i * 5..i * 5 + 4, vec![])).collect();
            report(&text, diags)
        };
        let small = human(&make(200)).len();
        let large = human(&make(3_200)).len();
        assert!(large < small * 20, "{small} -> {large} bytes");
        crate::rules::test_support::assert_linear(200, make, |r| {
            assert!(!human(r).is_empty());
        });
    }
}
