//! `placeholder` (and any pack rule of kind `placeholder`): unfinished-draft markers.

use std::collections::HashSet;
use std::ops::Range;

use regex::Regex;
use serde::Deserialize;

use crate::declare_rule;
use crate::diagnostic::{Finding, Severity};
use crate::document::{Document, ProseRun, TextBlockKind};
use crate::rule::{Ctx, FixAvailability, Rule, RuleMeta};
use crate::text::pattern::{Options, Pattern, FIELD_LABEL};
use crate::vocab::{Ellipses, Markers, VocabSource};

declare_rule! {
    /// ## What it does
    /// Finds the holes a draft ships with:
    /// - marker words in prose: `TODO`, `TBD`, `FIXME` (whole words, any case) and `XXX` (upper
    ///   case only; a marker as a link destination, `[Slides](TODO)`, is `placeholder-link`'s);
    /// - a paragraph, list item, heading or emphasis that is only an ellipsis (`-  ...`, `*...*`,
    ///   a lone `...` line);
    /// - `Notes ...`-style stubs: a short label followed only by an ellipsis;
    /// - a `Field:` list item whose value is empty or only an ellipsis (`-   Title:`,
    ///   `-   Also attending: ...`);
    /// - a sentence left unfinished: a line ending in ` ...` (space before the ellipsis) that
    ///   ends its paragraph or is followed by a new sentence or a marker;
    /// - text matching the pack's `patterns`: by default a date left as a placeholder
    ///   (`June XX`, `Sept. XXth`, `20XX`);
    /// - a note to the author in brackets (`[add other people in]`, `[insert link to slides]`)
    ///   and a paragraph left from a template (`Enter blog content here.`): they start with one of
    ///   the pack's `note_words`;
    /// - a front-matter value that is only a marker in capitals (`excerpt: TBD`, `image: XXX`)
    ///   or a template's stand-in from the pack's `template_values` (`author: Your Name`); a
    ///   pending marker (`speaker: TBC`) only in a post that announces no later day.
    ///
    /// The words, ellipsis forms, stub labels and the shape of a field label come from the rule
    /// pack (`rules/placeholders.yml`), not from code.
    ///
    /// ## Why is this bad?
    /// A published post with `TODO` or `Notes ...` in it looks abandoned, and readers cannot tell
    /// what is missing.
    ///
    /// ## Example
    /// ```markdown
    /// #### Prefect
    ///
    /// -   Title: ...
    /// -   [Slides](TODO)
    ///
    /// Notes ...
    ///
    /// On the second day we also took pictures ...
    /// TODO: add them
    /// ```
    ///
    /// ## Not flagged
    /// - anything inside code blocks, code spans, raw HTML and HTML comments, Liquid tags, URLs
    ///   and link destinations other than a bare marker;
    /// - an ellipsis inside a sentence (`we waited... and then`) or before a closing quote;
    /// - `todo` in ordinary phrases (`my todo list`, `a todo app`; see `ignore_phrases`);
    /// - `TODOs` or `todo_list` (not whole words), and `xxx` in lower case;
    /// - a marker the post spells out as an abbreviation (`_TBA: to be announced_` under a
    ///   release table whose future dates read `TBA*`), anywhere in that post;
    /// - rows of `...` in tables (elided rows are a normal table idiom); a `...` item between
    ///   two dated items of a timeline (it skips time); a last list item that is
    ///   only `...` after at least two written items (`- Banks`, `- Weather services`, `- ...`:
    ///   and so on); a lone `...` line ending a list written one short item a line
    ///   (`Ada Lovelace` / `Grace Hopper` / `...`: elided names);
    /// - an excerpt elided at both ends (`> ... code should be ...`), and a paragraph (or a
    ///   stub) ending in ` ...` right before a code block, a list or a table, which it introduces;
    /// - bracketed text of one word or in Title Case (`[add]`, `[Add Item]`: labels of buttons),
    ///   link text, and a paragraph that does not end in `here` (`Enter the hall here and turn
    ///   left.`);
    /// - a `Field:` item that has a nested list, a link, an image, code or Liquid after the label.
    ///
    /// ## Fix
    /// None: only the author knows what belongs there.
    pub static KIND = {
        kind: "placeholder",
        summary: "unfinished-draft markers (TODO, lone `...`, empty fields, stubs)",
        severity: Severity::Error,
        fix: FixAvailability::Never,
        family: ("placeholder", 1),
    }
}

fn default_stub_words() -> usize {
    2
}
fn default_true() -> bool {
    true
}

/// The `placeholder` kind's data, as written in a rule pack.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceholderSpec {
    pub name: String,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub markers: Vec<String>,
    #[serde(default)]
    pub exact_markers: Vec<String>,
    #[serde(default)]
    pub ignore_phrases: Vec<String>,
    #[serde(default)]
    pub ellipses: Vec<String>,
    #[serde(default)]
    pub stub_labels: Vec<String>,
    #[serde(default = "default_stub_words")]
    pub max_stub_words: usize,
    #[serde(default)]
    pub field_label: Option<String>,
    #[serde(default = "default_true")]
    pub unfinished_sentences: bool,
    /// Words a note to the author starts with: `[add other people in]` in prose, or a
    /// paragraph such as `Enter blog content here.` left from a template.
    #[serde(default)]
    pub note_words: Vec<String>,
    /// Regular expressions for other placeholder text in prose (`May XX`, `20XX`).
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Markers that say a value is still to be decided (`TBA`): as the value of a field
    /// (`Speaker: TBA`) or a whole table cell, in a post announcing an event after its own
    /// date, they are honest.
    #[serde(default)]
    pub pending_markers: Vec<String>,
    /// The same in words, as a whole value (`Abstract coming soon.`, `Slides: to come`).
    #[serde(default)]
    pub pending_phrases: Vec<String>,
    /// A marker right after one of these words is talked about (`the TODO label`).
    #[serde(default)]
    pub mention_words: Vec<String>,
    /// A sentence ending in ` ...` right after one of these words is cut before its object
    /// (`Thanks to ...`); after another word the ellipsis is a pause (`Dinner is on us ...`).
    #[serde(default)]
    pub cut_words: Vec<String>,
    /// Front-matter values a template leaves for the author to replace (`author: Your
    /// Name`), compared whole and in any case.
    #[serde(default)]
    pub template_values: Vec<String>,
}

crate::pack_definition!(PlaceholderSpec);

impl PlaceholderSpec {
    /// Compile the patterns once; errors name what is wrong.
    /// The vocabulary this entry adds to its profile's (see [`crate::vocab`]).
    pub fn vocab_source(&self) -> VocabSource {
        VocabSource {
            markers: self.markers.clone(),
            exact_markers: self.exact_markers.clone(),
            ignore_phrases: self.ignore_phrases.clone(),
            ellipses: self.ellipses.clone(),
        }
    }

    pub fn compile(self, origin: &str) -> Result<Placeholder, String> {
        let markers = Markers::new(&self.markers, &self.exact_markers, &self.ignore_phrases)?;
        let ellipses = Ellipses::new(&self.ellipses)?;
        let ell = &ellipses.alternation;
        // Built on first use: few runs meet a stub, and its Unicode classes cost a
        // millisecond to compile. Made of escaped forms, it is a valid pattern.
        let stub_pattern = format!(
            r"^\s*(\p{{L}}[\p{{L}}\p{{N}}'’-]*(?:\s+[\p{{L}}\p{{N}}'’-]+)*)(\s*)(?:{ell})\s*$"
        );
        // The default pattern is the entries' own, which has an exact matcher that needs no
        // (costly) Unicode regex for ASCII labels; any other pattern is compiled.
        let field_label = Pattern::one(self.field_label.as_deref().unwrap_or(FIELD_LABEL))
            .map_err(|e| format!("invalid field_label: {e}"))?;
        let meta = KIND.entry(self.definition(), origin);
        // Matched by hand, not by regex: a Unicode class repeated up to 80 times costs
        // milliseconds to compile, and every run pays for it at startup.
        let note_words: Vec<Vec<String>> = self
            .note_words
            .iter()
            .map(|w| {
                w.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        let patterns = if self.patterns.is_empty() {
            None
        } else {
            Some(Pattern::new(&self.patterns, Options::default())?)
        };
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        Ok(Placeholder {
            pending_markers: lower(&self.pending_markers),
            pending_phrases: lower(&self.pending_phrases),
            mention_words: lower(&self.mention_words),
            cut_words: lower(&self.cut_words),
            template_values: lower(&self.template_values),
            meta,
            patterns,
            note_words,
            markers,
            ellipses,
            stub_pattern,
            stub: std::sync::OnceLock::new(),
            stub_labels: self.stub_labels.iter().map(|s| s.to_lowercase()).collect(),
            max_stub_words: self.max_stub_words,
            field_label,
            unfinished_sentences: self.unfinished_sentences,
        })
    }
}

/// A compiled placeholder rule.
#[derive(Debug)]
pub struct Placeholder {
    meta: RuleMeta,
    markers: Markers,
    ellipses: Ellipses,
    stub_pattern: String,
    /// `stub_pattern` compiled (`None` if it would not compile: no stubs then).
    stub: std::sync::OnceLock<Option<Regex>>,
    stub_labels: Vec<String>,
    max_stub_words: usize,
    field_label: Pattern,
    unfinished_sentences: bool,
    /// Other placeholder text (`May XX`), from the pack's `patterns`, with the literals
    /// every match ends with when the patterns tell (`XX`, `XXth`): a post holding none
    /// of them is not searched.
    patterns: Option<Pattern>,
    /// What a note to the author starts with (`add`, `fill in`), lowercase words: in
    /// brackets (`[add other people in]`) or as a template's instruction (`Enter blog
    /// content here.`).
    note_words: Vec<Vec<String>>,
    /// Lowercase; see [`PlaceholderSpec`].
    pending_markers: Vec<String>,
    pending_phrases: Vec<String>,
    mention_words: Vec<String>,
    cut_words: Vec<String>,
    template_values: Vec<String>,
}

/// What the checks of one post share: its language, and whether it announces a day after
/// its own date (found on first use).
struct Post {
    english: bool,
    future: std::cell::OnceCell<bool>,
}

impl Rule for Placeholder {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, doc: &Document, ctx: &mut Ctx<'_>) {
        let post = Post {
            english: ctx.cache.is_english(doc, ctx.site, ctx.doc),
            future: std::cell::OnceCell::new(),
        };
        let mut flagged_blocks: HashSet<usize> = HashSet::new();
        self.check_markers(doc, &post, ctx);
        self.check_front_matter(doc, &post, ctx);
        // Notes, stubs and unfinished sentences are read in English words.
        if post.english {
            self.check_notes(doc, ctx);
        }
        self.check_patterns(doc, ctx);
        for b in 0..doc.blocks.len() {
            if self.check_block(doc, b, &post, ctx) {
                flagged_blocks.insert(b);
            }
        }
        self.check_emphasis(doc, &flagged_blocks, ctx);
        if self.unfinished_sentences && post.english {
            self.check_unfinished(doc, &flagged_blocks, ctx);
        }
    }
}

impl Placeholder {
    fn check_markers(&self, doc: &Document, post: &Post, ctx: &mut Ctx) {
        let mut found = Vec::new();
        self.markers.in_prose(doc, |range, word| found.push((range, word)));
        // Markers the post spells out as abbreviations, worked out once per word.
        let mut explained: Vec<(&str, bool)> = Vec::new();
        for (range, word) in found {
            let defined = match explained.iter().find(|(w, _)| *w == word) {
                Some(&(_, d)) => d,
                None => {
                    let d = spells_out(doc, word);
                    explained.push((word, d));
                    d
                }
            };
            if defined || self.is_talked_about(doc, range.clone(), word, post) {
                continue;
            }
            ctx.report(
                Finding::new(
                    range,
                    format!("`{word}` placeholder left in the {}", ctx.noun(doc)),
                )
                    .help("finish this part, or remove the marker before publishing"),
            );
        }
    }

    /// Front-matter values that are only a marker in capitals (`excerpt: TBD`, `image: XXX`)
    /// or a template's stand-in (`author: Your Name`). A pending marker (`location: TBA`)
    /// is honest on pages and collections' documents and in a post announcing a later
    /// day; `date` is the front-matter rule's.
    fn check_front_matter(&self, doc: &Document, post: &Post, ctx: &mut Ctx) {
        use crate::document::FmValue;
        let Some(fm) = doc.readable_front_matter() else {
            return;
        };
        let is_post = match ctx.doc.and_then(|i| ctx.site.docs.get(i)) {
            Some(d) => d.is_post,
            None => true,
        };
        for e in &fm.entries {
            if e.key == "date" {
                continue;
            }
            let is_placeholder = |v: &str| {
                let v = v.trim();
                (self.markers.is_whole(v) && !v.chars().any(char::is_lowercase))
                    || self.template_values.iter().any(|t| t.eq_ignore_ascii_case(v))
            };
            let found = match &e.value {
                FmValue::String(v) => is_placeholder(v).then_some(v.trim()),
                FmValue::List(items) => items.iter().find_map(|i| match i {
                    FmValue::String(v) if is_placeholder(v) => Some(v.trim()),
                    _ => None,
                }),
                _ => None,
            };
            let Some(value) = found else { continue };
            // A pending marker is honest on a page or a collection's document (an event
            // whose `speaker: TBC` is kept up to date there) and in a post announcing a day.
            let pending = crate::text::in_lowercase_list(value, &self.pending_markers);
            if pending && (!is_post || announces_a_later_day(doc, post)) {
                continue;
            }
            ctx.report(
                Finding::new(
                    e.value_range.clone(),
                    format!("front-matter `{}` is only a placeholder: `{value}`", e.key),
                )
                .help("fill in the real value, or remove the key before publishing"),
            );
        }
    }

    /// Is the marker `word` at `range` talked about, or honest, rather than left behind?
    /// - in a post not in English, unless in capitals (`todo` is Spanish for "all");
    /// - in quotes (`the "TODO" column`), as link text, after a mention word (`the TODO
    ///   label`), as a Title Case name (`Lorem Ipsum`);
    /// - in a changelog entry that cites an issue (`Remove old FIXME (#42)`);
    /// - as the text a Liquid branch outputs (`{% else %}TBD{% endif %}`);
    /// - as a heading with a written section under it (`## TODO` and the list of tasks);
    /// - a pending marker (`TBA`) as the value of a field or a table cell, in a post that
    ///   announces a day after its own date.
    ///
    /// (And, checked once per word by the caller: a marker the post spells out as an
    /// abbreviation, `TBA: to be announced`.)
    fn is_talked_about(
        &self,
        doc: &Document,
        range: Range<usize>,
        word: &str,
        post: &Post,
    ) -> bool {
        if !post.english && word.chars().any(char::is_lowercase) {
            return true;
        }
        let line = doc.source.line_range(doc.line_of(range.start));
        let before = &doc.text[line.start..range.start];
        let after = &doc.text[range.end..line.end.max(range.end)];
        if in_quotes(before, after) {
            return true;
        }
        if doc.links.iter().any(|l| {
            !l.is_image && l.text_range.start <= range.start && range.end <= l.text_range.end
        }) {
            return true;
        }
        let prev_word = before
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| !c.is_alphanumeric());
        if crate::text::in_lowercase_list(prev_word, &self.mention_words) {
            return true;
        }
        let title_case = |w: &str| {
            let mut c = w.chars();
            c.next().is_some_and(char::is_uppercase) && c.clone().next().is_some() && c.all(char::is_lowercase)
        };
        let next_word = after.split_whitespace().next().unwrap_or("");
        if title_case(word) && title_case(next_word.trim_end_matches(|c: char| !c.is_alphanumeric())) {
            return true;
        }
        let block = doc.prose.get(doc.prose.partition_point(|r| r.range.end <= range.start));
        let block = block.map(|r| r.block);
        if let Some(b) = block {
            let blk = &doc.blocks[b];
            if blk.item.is_some() && crate::text::cites_an_issue(doc.slice(&blk.range)) {
                return true;
            }
            if blk.kind == TextBlockKind::Heading && self.markers.is_whole(&doc.block_text(b)) {
                let written = doc.sections.iter().any(|s| {
                    doc.headings[s.heading].range.start <= blk.range.start
                        && blk.range.start < doc.headings[s.heading].range.end
                        && (s.content_blocks > 0 || s.subheadings > 0)
                });
                if written {
                    return true;
                }
            }
        }
        if between_liquid_tags(doc, range.clone()) {
            return true;
        }
        if crate::text::in_lowercase_list(word, &self.pending_markers) {
            let cell = block.is_some_and(|b| {
                doc.blocks[b].kind == TextBlockKind::TableCell
                    && self.markers.is_whole(&doc.block_text(b))
            });
            let value = is_field_value(before, after);
            if (cell || value) && announces_a_later_day(doc, post) {
                return true;
            }
        }
        false
    }

    /// The pack's own placeholder patterns, in prose.
    fn check_patterns(&self, doc: &Document, ctx: &mut Ctx) {
        let Some(pattern) = &self.patterns else {
            return;
        };
        // One search of the body (matches are rare), keeping what lies inside a prose run:
        // searching each of a post's hundreds of runs costs more than the search itself.
        let base = doc.body_start;
        let body = &doc.text.as_bytes()[base..];
        if !pattern.might_match(body) {
            return;
        }
        for m in pattern.regex().find_iter(&doc.text[base..]) {
            let start = base + m.start();
            let end = base + m.end();
            let i = doc.prose.partition_point(|r| r.range.end < end);
            let inside = doc
                .prose
                .get(i)
                .is_some_and(|r| r.range.start <= start && end <= r.range.end);
            if m.is_empty() || !inside {
                continue;
            }
            ctx.report(
                Finding::new(
                    start..end,
                    format!(
                        "placeholder `{}` left in the {}",
                        m.as_str(),
                        ctx.noun(doc)
                    ),
                )
                .help("fill in the real value before publishing"),
            );
        }
    }

    /// Bracketed notes to the author left in prose: `[add other people in]`.
    fn check_notes(&self, doc: &Document, ctx: &mut Ctx) {
        if self.note_words.is_empty() {
            return;
        }
        for b in 0..doc.blocks.len() {
            // The parser splits prose at brackets it tried as a link: search the block's
            // span, and keep matches made of prose alone.
            let runs = doc.block_prose(b);
            let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
                continue;
            };
            let base = first.range.start;
            let s = &doc.text[base..last.range.end];
            for open in memchr::memchr_iter(b'[', s.as_bytes()) {
                // Up to the closing bracket, on the same line, within 80 bytes.
                let rest = &s[open + 1..];
                let Some(close) = rest
                    .bytes()
                    .take(80)
                    .position(|c| matches!(c, b']' | b'[' | b'\n'))
                    .filter(|&i| rest.as_bytes()[i] == b']')
                else {
                    continue;
                };
                let inner = &rest[..close];
                let range = base + open..base + open + close + 2;
                // Two words at least, not all capitalised: `[Add Item]` is a button's label.
                let words: Vec<&str> = inner.split_whitespace().collect();
                let title_case = words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()));
                if words.len() < 2
                    || title_case
                    || !self.starts_with_note_words(&words)
                    || !is_prose(runs, range.clone())
                {
                    continue;
                }
                let note = doc.slice(&range);
                ctx.report(
                    Finding::new(
                        range.clone(),
                        format!("note to the author `{note}` left in the {}", ctx.noun(doc)),
                    )
                    .help("do what the note says, then remove it"),
                );
            }
        }
    }

    /// Do `words` start with one of the note words (in any case, ignoring punctuation after
    /// them: `[add: photos]`)?
    fn starts_with_note_words(&self, words: &[&str]) -> bool {
        self.note_words.iter().any(|note| {
            note.len() <= words.len()
                && note.iter().zip(words).all(|(n, w)| {
                    w.trim_end_matches(|c: char| !c.is_alphanumeric())
                        .eq_ignore_ascii_case(n)
                })
        })
    }

    /// Is `line` a template's instruction: a note word, at most six more words, and
    /// `here` (`Enter blog content here.`, `Write your summary here:`)?
    fn is_template_line(&self, line: &str) -> bool {
        let words: Vec<&str> = line.split_whitespace().collect();
        let last = words.last().map(|w| w.trim_end_matches(['.', '!', ':']));
        (2..=9).contains(&words.len())
            && last.is_some_and(|w| w.eq_ignore_ascii_case("here"))
            && self.starts_with_note_words(&words)
    }

    /// Whole-block checks: ellipsis-only, stubs, empty fields. Returns whether it flagged.
    fn check_block(&self, doc: &Document, b: usize, post: &Post, ctx: &mut Ctx) -> bool {
        let block = &doc.blocks[b];
        if block.kind == TextBlockKind::TableCell {
            return false;
        }
        let runs = doc.block_prose(b);
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            return false;
        };
        let only_prose =
            block.other == 0;
        // The whole-block patterns (ellipsis only, stub) need prose alone and an ellipsis at
        // the end of the block's text, which ends where its last non-blank run ends (runs
        // are joined by spaces): the joined text is made only then.
        let text = runs
            .iter()
            .rev()
            .map(|r| doc.slice(&r.range))
            .find(|s| !s.trim_end().is_empty())
            .filter(|s| only_prose && self.ellipses.may_end(s))
            .map(|_| doc.block_text(b));
        let span = first.range.start..last.range.end;
        if let Some(text) = text.as_deref().filter(|t| {
            self.ellipses.is_only(t)
                && !self.ends_a_list(doc, b)
                && !is_a_pause(doc, b)
                && !elides_a_timeline(doc, b)
        }) {
            ctx.report(
                Finding::new(
                    trim_range(doc, span),
                    format!("placeholder `{text}` instead of content"),
                )
                .help("write the missing text, or remove the line"),
            );
            return true;
        }
        if !self.note_words.is_empty() && only_prose && block.kind == TextBlockKind::Paragraph {
            let span = trim_range(doc, first.range.start..last.range.end);
            let line = doc.slice(&span);
            if line.len() < 80 && !line.contains('\n') && self.is_template_line(line) {
                ctx.report(
                    Finding::new(span, format!("template text `{line}` instead of content"))
                        .help(format!("write the {}'s content in its place", ctx.noun(doc))),
                );
                return true;
            }
        }
        if let Some(item) = block.item {
            let item = &doc.list_items[item];
            if item.block == Some(b)
                && self.check_field(doc, b, only_prose && item.extra_blocks == 0, ctx)
            {
                return true;
            }
        }
        if post.english && only_prose && self.check_pending(doc, b, post, ctx) {
            return true;
        }
        let stub = text.as_deref().filter(|t| {
            post.english
                && block.kind == TextBlockKind::Paragraph
                && self.is_stub(t)
                && !introduces_what_follows(doc.text, last.range.end)
        });
        if let Some(text) = stub {
            ctx.report(
                Finding::new(
                    trim_range(doc, span),
                    format!("`{text}` is a stub with nothing in it"),
                )
                .help("write this part, or remove the stub before publishing"),
            );
            return true;
        }
        false
    }

    /// A block that is only a pending phrase, after a label of up to three words
    /// (`Abstract coming soon.`, `Slides: to come`), outside a post announcing a later day.
    fn check_pending(&self, doc: &Document, b: usize, post: &Post, ctx: &mut Ctx) -> bool {
        if self.pending_phrases.is_empty() || doc.blocks[b].kind == TextBlockKind::Heading {
            return false;
        }
        let text = doc.block_text(b);
        let bare = text.trim_end_matches(['.', '!', ' ']).to_lowercase();
        let Some(phrase) = self
            .pending_phrases
            .iter()
            .find(|p| bare.ends_with(p.as_str()))
        else {
            return false;
        };
        let head = &bare[..bare.len() - phrase.len()];
        let boundary = head.is_empty() || head.ends_with([' ', ':']);
        let label = head.trim_end();
        let colon = label.ends_with(':');
        let label = label.strip_suffix(':').unwrap_or(label).trim();
        let words = label.split_whitespace().count();
        // `Slides: to come`, `More details coming soon`; not `You are welcome to come`.
        let is_label = words <= if colon { 3 } else { 2 }
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '\'');
        if !boundary || !is_label {
            return false;
        }
        // A legend that spells a marker out (`TBA: to be announced`) is no hole.
        if colon && self.markers.is_whole(label) {
            return false;
        }
        if announces_a_later_day(doc, post) {
            return false;
        }
        let runs = doc.block_prose(b);
        let span = trim_range(doc, runs[0].range.start..runs[runs.len() - 1].range.end);
        ctx.report(
            Finding::new(span, format!("`{text}` left in the {}", ctx.noun(doc)))
                .help("write this part, or remove the line before publishing"),
        );
        true
    }

    /// Is block `b` the whole last item of a list whose other items, at least two, are all
    /// written out (`- Dask`, `- Mesos`, `- ...`: and so on)? A list of placeholders
    /// (`- ...`, `- TODO`, `- ...`) is a draft.
    fn ends_a_list(&self, doc: &Document, b: usize) -> bool {
        let Some(i) = doc.blocks[b].item else {
            return false;
        };
        let item = &doc.list_items[i];
        if item.block != Some(b) || item.extra_blocks != 0 {
            return false;
        }
        if doc.list_items[i + 1..].iter().any(|o| o.list == item.list) {
            return false;
        }
        let mut written = 0;
        for other in doc.list_items[..i].iter().filter(|o| o.list == item.list) {
            let Some(ob) = other.block else {
                return false;
            };
            let text = doc.block_text(ob);
            let marker = self.markers.is_match(&text);
            if text.trim().is_empty() || marker || self.ellipses.is_only(&text) {
                return false;
            }
            written += 1;
        }
        written >= 2
    }

    fn is_stub(&self, text: &str) -> bool {
        let stub = self
            .stub
            .get_or_init(|| Regex::new(&self.stub_pattern).ok());
        let Some(c) = stub.as_ref().and_then(|re| re.captures(text)) else {
            return false;
        };
        let label = c[1].to_lowercase();
        let spaced = !c[2].is_empty();
        if self.stub_labels.contains(&label) {
            return true;
        }
        spaced && label.split_whitespace().count() <= self.max_stub_words
    }

    /// `-   Title:` / `-   Also attending: ...`.
    fn check_field(&self, doc: &Document, b: usize, nothing_else: bool, ctx: &mut Ctx) -> bool {
        let runs = doc.block_prose(b);
        let first = &runs[0];
        let line = doc.slice(&first.range);
        let Some(colon) = line.find(':') else {
            return false;
        };
        let label = line[..colon].trim();
        if !self.field_label.is_match(label) {
            return false;
        }
        let label_start = first.range.start + (line.len() - line.trim_start().len());
        let label_range = label_start..first.range.start + colon + 1;
        let value = line[colon + 1..].trim();
        let rest_runs = runs.len() > 1;
        if value.is_empty() && !rest_runs {
            // Only in a list of fields: a lone `* Linux:` introduces what follows it.
            let item = doc.blocks[b].item.map(|i| &doc.list_items[i]);
            let siblings_with_values = item.is_some_and(|me| {
                doc.list_items.iter().enumerate().any(|(j, other)| {
                    other.list == me.list
                        && !std::ptr::eq(other, me)
                        && crate::document::entries::field(doc, j)
                            .is_some_and(|f| !f.value.is_empty() || f.value_has_markup)
                })
            });
            if !nothing_else || !siblings_with_values {
                return false;
            }
            ctx.report(
                Finding::new(label_range, format!("field `{label}:` has no value"))
                    .help(format!("fill in the {label}, or remove the line")),
            );
            return true;
        }
        if !rest_runs && self.ellipses.is_only(value) && nothing_else {
            let off = first.range.start + colon + 1 + line[colon + 1..].find(value).unwrap_or(0);
            ctx.report(
                Finding::new(
                    off..off + value.len(),
                    format!("field `{label}:` is only a placeholder `{value}`"),
                )
                .label(label_range, "this field")
                .help(format!("fill in the {label}, or remove the line")),
            );
            return true;
        }
        false
    }

    fn check_emphasis(&self, doc: &Document, flagged: &HashSet<usize>, ctx: &mut Ctx) {
        for em in &doc.emphasis {
            if em.other || em.block.is_some_and(|b| flagged.contains(&b)) || em.prose.is_empty() {
                continue;
            }
            let runs = &doc.prose[em.prose.clone()];
            let text = crate::document::join_runs(doc, runs);
            if self.ellipses.is_only(&text) {
                ctx.report(
                    Finding::new(
                        em.range.clone(),
                        format!("emphasis holds only a placeholder `{text}`"),
                    )
                    .help("write the missing text, or remove it"),
                );
            }
        }
    }

    /// A line ending in ` ...` that ends its block, or is followed by a new sentence.
    fn check_unfinished(&self, doc: &Document, flagged: &HashSet<usize>, ctx: &mut Ctx) {
        let after = std::cell::OnceCell::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            if flagged.contains(&b)
                || matches!(
                    block.kind,
                    TextBlockKind::TableCell | TextBlockKind::Heading
                )
            {
                continue;
            }
            let runs = doc.block_prose(b);
            // How many of the first runs make a list written one short item a line: found
            // once per block (looked at again before each ellipsis, it was quadratic).
            let short_lines = std::cell::OnceCell::new();
            for (i, run) in runs.iter().enumerate() {
                let s = doc.slice(&run.range);
                if !self.ellipses.may_end(s) {
                    continue;
                }
                let Some(m) = self.ellipses.trailing(s) else {
                    continue;
                };
                let ell = run.range.start + m.start..run.range.start + m.end;
                // A lone ellipsis on the block's first line is a whole-block case, handled above.
                // Lone: nothing before it on its line but indentation and quote or list marks
                // (after a link, `[x](url) ...` goes on from the link).
                let line_start = doc.source.line_range(doc.line_of(ell.start)).start;
                let lone = doc.text[line_start..ell.start]
                    .trim_start_matches([' ', '\t', '>', '-', '*', '+'])
                    .trim()
                    .is_empty();
                // An excerpt elided at both ends (`... code should be ...`) is a quotation.
                if !lone && self.ellipses.starts(s) {
                    continue;
                }
                if lone && i == 0 {
                    continue;
                }
                // A list written one item a line (names, mostly) and cut short: elided items,
                // not an unfinished sentence.
                if lone && i >= 2 && i <= *short_lines.get_or_init(|| short_line_list(doc, runs)) {
                    continue;
                }
                if !rest_of_line_blank(doc, ell.end) {
                    continue;
                }
                // Runs are in order, one line each: the next one is on this line or a
                // later one.
                let line = doc.line_of(ell.start);
                let next = runs.get(i + 1);
                if next.is_some_and(|r| doc.line_of(r.range.start) == line) {
                    continue;
                }
                let ends_block = next.is_none()
                    && !after
                        .get_or_init(|| ContentAfter::new(doc))
                        .more(doc, b, ell.end)
                    && !introduces_what_follows(doc.text, ell.end);
                let next_text = next.map(|r| doc.slice(&r.range).trim_start());
                let new_sentence =
                    next_text.is_some_and(|t| t.chars().next().is_some_and(char::is_uppercase));
                // A marker on the next line says the hole is one (`pictures ...` / `TODO:`).
                let marker_next = next_text.is_some_and(|t| self.markers.starts(t));
                // `clusters, clouds, ...` and `1, 2, 3, 5, ...` go on: "and so on".
                let head = s[..m.start].trim_end();
                let enumeration = head.ends_with(',');
                // Cut before its object (`Thanks to ...`), not a pause (`Dinner is on us ...`).
                let last_word = head
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("")
                    .trim_start_matches(|c: char| !c.is_alphanumeric());
                let cut = crate::text::in_lowercase_list(last_word, &self.cut_words);
                let unfinished = if lone {
                    true
                } else {
                    !enumeration && (marker_next || (cut && (ends_block || new_sentence)))
                };
                if unfinished {
                    ctx.report(
                        Finding::new(ell, "sentence left unfinished with an ellipsis")
                            .help("finish the sentence, or end it with a full stop"),
                    );
                }
            }
        }
    }
}

/// Is block `b` (a lone ellipsis) a pause between two paragraphs of prose: the one before
/// ends a sentence and the one after starts one? A draft's hole ends a list, a section or
/// the post instead.
fn is_a_pause(doc: &Document, b: usize) -> bool {
    let para = |i: usize| {
        doc.blocks
            .get(i)
            .filter(|x| x.kind == TextBlockKind::Paragraph && x.item.is_none())
            .map(|_| doc.block_text(i))
    };
    let (Some(before), Some(after)) = (b.checked_sub(1).and_then(para), para(b + 1)) else {
        return false;
    };
    doc.blocks[b].item.is_none()
        && before.ends_with(['.', '!', '?', ')'])
        && after.chars().next().is_some_and(char::is_uppercase)
}

/// Is block `b` a list item between two items of its list that start with a date (a
/// disclosure timeline: `- 2017-11-04: Fix published`, `- ...`, `- 2019-06-22: ...`)?
/// The ellipsis there skips time, it holds no place.
fn elides_a_timeline(doc: &Document, b: usize) -> bool {
    let Some(i) = doc.blocks[b].item else {
        return false;
    };
    let list = doc.list_items[i].list;
    let dated = |j: usize| {
        doc.list_items[j].block.is_some_and(|ob| {
            let text = doc.block_text(ob);
            let head: String = text.chars().take(20).collect();
            crate::text::dates::leading_iso(&text).is_some()
                || !crate::text::dates::dates(&head).is_empty()
        })
    };
    let prev = (0..i).rev().find(|&j| doc.list_items[j].list == list);
    let next = (i + 1..doc.list_items.len()).find(|&j| doc.list_items[j].list == list);
    prev.is_some_and(dated) && next.is_some_and(dated)
}

/// Is the text between `before` and `after` (the rest of its line on each side) in quotes:
/// an opening quote before it that nothing closes, and a closing one after it?
/// Does the post spell `word` out as an abbreviation (`TBA: to be announced`, `*TBD* =
/// to be decided`)? Then it uses the marker on purpose, as a legend says (a release table's
/// `TBA*` dates), everywhere in the post. One pass over the prose per marker word.
fn spells_out(doc: &Document, word: &str) -> bool {
    doc.prose.iter().any(|run| {
        let text = doc.slice(&run.range);
        text.match_indices(word).any(|(i, _)| {
            let rest = text[i + word.len()..].trim_start_matches(['*', '_', ' ']);
            let Some(rest) = rest.strip_prefix([':', '=', '-', '–', '—']) else {
                return false;
            };
            let rest = rest.trim_start_matches(['*', '_', ' ']);
            rest.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("to be "))
        })
    })
}

fn in_quotes(before: &str, after: &str) -> bool {
    const PAIRS: [(char, char); 5] = [('"', '"'), ('“', '”'), ('‘', '’'), ('«', '»'), ('「', '」')];
    PAIRS.iter().any(|&(open, close)| {
        let Some(at) = before.rfind(open) else {
            return false;
        };
        let inside = &before[at + open.len_utf8()..];
        let opened = if open == close {
            before.matches(open).count() % 2 == 1
        } else {
            !inside.contains(close)
        };
        opened && after.contains(close)
    }) || (before.ends_with('\'') && after.starts_with('\''))
}

/// Is `range` all the text between two Liquid tags (`{% else %}TBD{% endif %}`): what a
/// template outputs, not a hole?
fn between_liquid_tags(doc: &Document, range: Range<usize>) -> bool {
    let text = doc.text;
    let start = range.start - (text[..range.start].len() - text[..range.start].trim_end_matches([' ', '\t']).len());
    let end = range.end + (text[range.end..].len() - text[range.end..].trim_start_matches([' ', '\t']).len());
    let i = doc.liquid.partition_point(|l| l.end < start);
    let ends_before = doc.liquid.get(i).is_some_and(|l| l.end == start);
    let starts_after = doc.liquid.get(i + 1).is_some_and(|l| l.start == end)
        || doc.liquid.get(i).is_some_and(|l| l.start == end);
    ends_before && starts_after
}

/// Is the text between `before` and `after` (the rest of its line on each side) the whole
/// value of a field: `Topic: TBD`, `Speaker — TBA`, `Room (TBC)`?
fn is_field_value(before: &str, after: &str) -> bool {
    let after = after.trim();
    let after_ok = after.is_empty() || after.starts_with([')', '.', ',', ';', '|']);
    let b = before.trim_end();
    let b = b.strip_suffix('(').unwrap_or(b).trim_end();
    let label = b
        .strip_suffix(':')
        .or_else(|| b.strip_suffix(" -"))
        .or_else(|| b.strip_suffix(" –"))
        .or_else(|| b.strip_suffix(" —"));
    after_ok
        && label.is_some_and(|l| {
            let l = l.trim_start_matches(|c: char| !c.is_alphanumeric());
            !l.is_empty() && l.split_whitespace().count() <= 4
        })
}

/// Does the post announce a day after its own date (a future event)? Its date comes from
/// the front matter or the file name; a draft or page with no date announces when it names
/// a day at all.
fn announces_a_later_day(doc: &Document, post: &Post) -> bool {
    *post.future.get_or_init(|| {
        use crate::text::dates::{leading_iso, names_a_later_day};
        let from_fm = doc
            .readable_front_matter()
            .and_then(|f| f.get("date"))
            .and_then(|e| e.value.as_str().and_then(leading_iso));
        let from_name = doc
            .source
            .path
            .as_deref()
            .and_then(|p| p.file_name())
            .and_then(|n| leading_iso(&n.to_string_lossy()));
        let body = &doc.text[doc.body_start..];
        match from_fm.or(from_name) {
            Some(day) => names_a_later_day(body, day),
            // A draft or a page: announcing when it names a day at all.
            None => !crate::text::dates::dates(body).is_empty(),
        }
    })
}

/// How many of the first `runs` of a block are lines of at most four words, one run a
/// line, with no sentence punctuation at their ends. The runs before a lone ellipsis line
/// are a list cut short when there are at least two and at most this many.
fn short_line_list(doc: &Document, runs: &[ProseRun]) -> usize {
    let short = |r: &ProseRun| {
        let t = doc.slice(&r.range).trim();
        t.split_whitespace().count() <= 4 && !t.ends_with(['.', '!', '?', ':', ';', ','])
    };
    let mut n = 0;
    while n < runs.len()
        && short(&runs[n])
        && (n == 0 || doc.line_of(runs[n - 1].range.start) < doc.line_of(runs[n].range.start))
    {
        n += 1;
    }
    n
}

/// Is there anything but white space (or a hard-break backslash, or an HTML comment, which
/// renders nothing) after `offset` on its line?
fn rest_of_line_blank(doc: &Document, offset: usize) -> bool {
    let line = doc.line_of(offset);
    let end = doc.source.line_range(line).end;
    let rest = doc.text[offset..end.max(offset)]
        .trim_matches(|c: char| c.is_whitespace() || c == '\\' || c == '*' || c == '_');
    rest.is_empty() || crate::document::comment_only(rest)
}

/// What non-prose content (links, code...) the blocks hold, to tell whether one holds any
/// after an offset without a look at every link and code range of the post.
struct ContentAfter<'d> {
    /// Per block, where its last link starts.
    last_link: Vec<Option<usize>>,
    /// `Document::code` without HTML comments (they render nothing), sorted by start.
    code: Vec<&'d std::ops::Range<usize>>,
}

impl<'d> ContentAfter<'d> {
    fn new(doc: &'d Document) -> ContentAfter<'d> {
        let mut last_link = vec![None; doc.blocks.len()];
        for l in &doc.links {
            if let Some(last) = l.block.and_then(|b| last_link.get_mut(b)) {
                *last = Some(last.map_or(l.range.start, |s: usize| s.max(l.range.start)));
            }
        }
        let code = doc
            .code
            .iter()
            .filter(|r| !crate::document::comment_only(doc.slice(r)))
            .collect();
        ContentAfter { last_link, code }
    }

    /// Does block `b` hold non-prose content (a link, code...) after `offset`?
    fn more(&self, doc: &Document, b: usize, offset: usize) -> bool {
        let block = &doc.blocks[b].range;
        if self.last_link[b].is_some_and(|s| s >= offset) {
            return true;
        }
        // Code starting in the block after `offset` and ending in it. Those that start
        // there and end after the block contain its end, so few are passed over.
        let from = self.code.partition_point(|r| r.start < offset);
        self.code[from..]
            .iter()
            .take_while(|r| r.start < block.end)
            .any(|r| r.end <= block.end && block.contains(&r.start))
    }
}

/// Does the next non-blank line after `offset` start a code block, a list or a table? Then
/// a paragraph ending in ` ...` introduces it (`or with the stencil decorator ...` before
/// the code), as a colon would.
fn introduces_what_follows(text: &str, offset: usize) -> bool {
    let rest = &text[offset..];
    let Some(nl) = rest.find('\n') else {
        return false;
    };
    let Some(line) = rest[nl + 1..].lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let body = line.trim_start();
    let indent = line.len() - body.len();
    let numbered = body.split_once(['.', ')']).is_some_and(|(n, after)| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && after.starts_with(' ')
    });
    // A pipe table whose rows have no leading `|`: a delimiter row follows the header.
    let pipe_table = body.contains('|')
        && rest[nl + 1..]
            .lines()
            .skip_while(|l| l.trim().is_empty())
            .nth(1)
            .is_some_and(|d| {
                let d = d.trim();
                d.contains('-') && d.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
            });
    indent >= 4
        || pipe_table
        || line.starts_with('\t')
        || body.starts_with("```")
        || body.starts_with("~~~")
        || body.starts_with("{% highlight")
        || body.starts_with('|')
        || body.starts_with(['-', '*', '+']) && body[1..].starts_with(' ')
        || numbered
}

/// Is every byte of `r` inside one of `runs` (sorted, as a block's prose runs are)?
fn is_prose(runs: &[ProseRun], r: Range<usize>) -> bool {
    let mut at = r.start;
    for run in runs {
        if run.range.start > at {
            break;
        }
        at = at.max(run.range.end);
        if at >= r.end {
            return true;
        }
    }
    false
}

fn trim_range(doc: &Document, r: Range<usize>) -> Range<usize> {
    let s = doc.slice(&r);
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_support::lint_rule;

    #[test]
    fn a_pack_may_give_its_own_field_label_pattern() {
        let text = "- title: ...\n- Title: ...\n";
        let fields = |f: Vec<(usize, String)>| -> Vec<String> {
            f.into_iter()
                .map(|(_, m)| m)
                .filter(|m| m.starts_with("field"))
                .collect()
        };
        let default = fields(lint_rule(&rule(), text));
        assert_eq!(default, ["field `Title:` is only a placeholder `...`"]);
        let spec: super::PlaceholderSpec =
            serde_saphyr::from_str("name: p\nmarkers: [TODO]\nfield_label: '^[a-z]+$'\n").unwrap();
        let own = fields(lint_rule(&spec.compile("t").unwrap(), text));
        assert_eq!(own, ["field `title:` is only a placeholder `...`"]);
    }

    fn rule() -> super::Placeholder {
        let text = crate::packs::DEFAULT_PACKS[0].1;
        let spec: crate::packs::PackEntry = {
            #[derive(serde::Deserialize)]
            struct P {
                #[allow(dead_code)]
                description: String,
                rules: Vec<crate::packs::PackEntry>,
            }
            let p: P = serde_saphyr::from_str(text).unwrap();
            p.rules.into_iter().next().unwrap()
        };
        match spec {
            crate::packs::PackEntry::Placeholder(s) => s.compile("test").unwrap(),
            _ => unreachable!("the first default entry is the placeholder rule"),
        }
    }

    fn lines(src: &str) -> Vec<usize> {
        let mut l: Vec<usize> = lint_rule(&rule(), src)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        l.sort();
        l
    }

    #[test]
    fn markers_in_prose() {
        assert_eq!(
            lines("Intro.\n\nTODO: add photos\n\nWe still tbd this. FIXME\n"),
            [3, 5, 5]
        );
        assert_eq!(lines("We expect XXX attendees.\n"), [1]);
    }

    #[test]
    fn markers_not_flagged_in_code_urls_html_liquid() {
        let src = "Use `TODO` here.\n\n```\nTODO fix\n...\n```\n\n<div title=\"TODO\">x</div>\n\nSee https://example.org/TODO/page and [the app](https://x.org/todo).\n\n{% comment %}TODO{% endcomment %} {{ page.todo }}\n\n<!-- TODO: later -->\n";
        assert!(lines(src).is_empty(), "{:?}", lint_rule(&rule(), src));
    }

    #[test]
    fn ordinary_words_are_not_markers() {
        let src = "My todo list grew. We built a todo-app. Several TODOs remain in todo_list.py. The xxx-large size.\n";
        assert!(lines(src).is_empty(), "{:?}", lint_rule(&rule(), src));
    }

    #[test]
    fn lone_ellipsis_items_and_paragraphs() {
        assert_eq!(lines("-  ...\n-  real item\n-  …\n\n...\n"), [1, 3, 5]);
    }

    #[test]
    fn emphasis_only_ellipsis() {
        assert_eq!(lines("1.  Point one\n\n    *...*\n\n2.  Two\n"), [3]);
        assert_eq!(lines("Some *...* text here.\n"), [1]);
        assert!(lines("Some *really* text here.\n").is_empty());
    }

    #[test]
    fn empty_and_placeholder_fields() {
        let src = "-   Title:\n-   Presenters: Ana\n-   Also attending: ...\n-   Title: ...\n";
        assert_eq!(lines(src), [1, 3, 4]);
    }

    #[test]
    fn fields_with_values_or_children_are_fine() {
        let src = "-   Also attending:\n    - Ana\n    - Bo\n-   Slides: [deck](https://x.org)\n-   Date: {{ page.date }}\n-   Video: <https://youtu.be/x>\n-   see: lowercase label\n\nTo check:\n\n* Linux:\n\n```bash\ncargo doc\n```\n";
        assert!(lines(src).is_empty(), "{:?}", lint_rule(&rule(), src));
    }

    /// A file with front matter is a post (outside a Jekyll site); one without is a file.
    /// (Pages of a Jekyll site: tests/rules.rs.)
    #[test]
    fn the_message_names_what_the_document_is() {
        let post = lint_rule(&rule(), "---\ntitle: T\n---\nTODO: write this.\n");
        assert_eq!(post[0].1, "`TODO` placeholder left in the post", "{post:?}");
        let file = lint_rule(&rule(), "TODO: write this.\n");
        assert_eq!(file[0].1, "`TODO` placeholder left in the file", "{file:?}");
    }

    #[test]
    fn stubs() {
        let f = lint_rule(
            &rule(),
            "---\ntitle: T\n---\nNotes ...\n\nDetails…\n\nMore to come ...\n",
        );
        assert_eq!(f.len(), 3, "{f:?}");
        assert!(f[0].1.contains("stub") && f[1].1.contains("stub"), "{f:?}");
        // Three words is no stub, but a promise of more left in place of it.
        assert_eq!(f[2].1, "`More to come ...` left in the post", "{f:?}");
    }

    /// Run the rule on `src` as the file `name` (its date comes from the name).
    fn lines_in(name: &str, src: &str) -> Vec<usize> {
        let path = std::path::PathBuf::from(format!("/nonexistent-postlint-test/{name}"));
        let file = crate::source::SourceFile::new(name, Some(path), src.to_string());
        let doc = crate::document::Document::parse(&file);
        let site = crate::site::Site::build(&[&doc], crate::rule::Needs::DOCUMENT, &[None]);
        let cache = crate::rule::DocCache::default();
        let links = crate::site::LinksConfig::default();
        let mut ctx = crate::rule::Ctx::new(
            &site,
            Some(0),
            &cache,
            crate::registry::default_vocab(),
            &links,
        );
        use crate::rule::Rule;
        rule().check(&doc, &mut ctx);
        let mut l: Vec<usize> = ctx
            .into_findings()
            .iter()
            .map(|f| file.position(f.range.start).line)
            .collect();
        l.sort();
        l
    }

    /// `TBA` as a field's value or a schedule's cell is honest in a post announcing an
    /// event after its own date; as a whole item, or in a recap, it is a hole.
    #[test]
    fn pending_values_in_announcements() {
        let announce = "Our next meetup is on June 14.\n\nTopic: TBA\n\n| Time | Talk |\n|---|---|\n| 18:00 | TBD |\n\nAbstract coming soon.\n\n- TBD\n";
        assert_eq!(lines_in("2021-05-02-next.md", announce), [11]);
        let recap = "We met on April 3.\n\nTopic: TBA\n\nAbstract coming soon.\n";
        assert_eq!(lines_in("2021-05-02-recap.md", recap), [3, 5]);
    }

    #[test]
    fn pending_phrases_in_sentences_are_news() {
        let src = "Version 2 is coming soon.\n\nYou are welcome to come.\n\nMore details coming soon!\n\nSlides: to come\n";
        assert_eq!(lines_in("2021-05-02-x.md", src), [5, 7]);
    }

    /// A marker that is talked about, not left behind.
    #[test]
    fn markers_that_are_talked_about() {
        let src = "The board has \"ToDo\", \"Doing\" and \"Done\" columns.\n\nThe old page said “TBD” for months.\n\nSee the [TODO](https://x.org/#todos) list.\n\nWe removed the TODO label, and an old FIXME.\n\nThe famous Lorem Ipsum filler.\n\n- Remove old FIXME comments (#42)\n\nDate: {% if d %}{{ d }}{% else %}TBD{% endif %}\n\n## TODO\n\n- write the parser\n";
        assert!(lines(src).is_empty(), "{:?}", lint_rule(&rule(), src));
        // Still holes: a bare marker, a heading with nothing under it, filler text.
        let src = "TODO: add the photos\n\nLorem ipsum dolor sit amet.\n\n## TODO\n\n## Next\n\nText.\n";
        assert_eq!(lines(src), [1, 3, 5]);
    }

    /// `todo` is Spanish for "all": in a post not in English only capitals are markers,
    /// and English-only checks (notes, stubs, cut sentences) stay quiet.
    #[test]
    fn posts_not_in_english() {
        let src = "---\nlang: es\n---\nTodo el mundo vino, y todo salió bien.\n\n* TBD\n\nNotas ...\n\nY entonces ...\n";
        assert_eq!(lines(src), [6]);
    }

    #[test]
    fn counts_and_long_runs_left_as_x() {
        let src = "---\ntitle: T\n---\nNN talks from XX speakers, in revision XXXXXX.\n\nPeople with XX chromosomes; the NN model.\n";
        let found = lint_rule(&rule(), src);
        let mut what: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
        what.sort();
        assert_eq!(
            what,
            [
                "placeholder `NN talks` left in the post",
                "placeholder `XX speakers` left in the post",
                "placeholder `XXXXXX` left in the post",
            ]
        );
    }

    /// A lone `...` between two written paragraphs is a pause; ending a section it is a hole.
    #[test]
    fn a_lone_ellipsis_between_paragraphs_is_a_pause() {
        let src = "It worked on the first try.\n\n...\n\nOr so we thought.\n\n## End\n\n...\n";
        assert_eq!(lines(src), [9]);
    }

    /// A lead-in before a pipe table written without a leading `|`.
    #[test]
    fn a_lead_in_before_a_table() {
        let src = "Array metadata, for example ...\n\nVersion | Key\n--- | ---\nv2 | a\n";
        assert!(lines(src).is_empty(), "{:?}", lint_rule(&rule(), src));
    }

    #[test]
    fn stay_tuned_is_not_a_stub() {
        assert!(lines("Stay tuned...\n").is_empty());
    }

    #[test]
    fn unfinished_sentences() {
        let src = "We took pictures ...\nTODO: add them\n\nIt helped us manage\n...\n\nThe end came with the ...\n\nDinner is on us ...\n\nIt runs on laptops, clusters, ...\n\nWait ...\nNow a new sentence.\n";
        assert_eq!(lines(src), [1, 2, 5, 7]);
    }

    #[test]
    fn a_bad_pattern_is_named() {
        let spec: super::PlaceholderSpec =
            serde_saphyr::from_str("name: x\npatterns: ['May XX', 'bro(ken']\n").unwrap();
        let err = spec.compile("t").err().unwrap();
        assert!(err.starts_with("invalid pattern `bro(ken`"), "{err}");
    }

    #[test]
    fn dates_left_as_placeholders() {
        let src = "---\ntitle: T\n---\nThe sprint is on June XX in Lyon.\n\nSee you on Sept. XXth and YYth, 20XX!\n\nIn May 2019 we met; XX chromosomes; Marketing XX; March XX is `May XX`.\n";
        let found = lint_rule(&rule(), src);
        let what: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(
            what,
            [
                "placeholder `June XX` left in the post",
                "placeholder `Sept. XXth` left in the post",
                "placeholder `20XX` left in the post",
                "placeholder `March XX` left in the post",
            ]
        );
    }

    #[test]
    fn notes_to_the_author_and_template_text() {
        let src = "Enter blog content here.\n\nPhoto: Ada, Grace [add other people in].\n\n- Slides [Insert link to slides]\n\nWrite your summary here:\n\nLorem ipsum dolor sit amet.\n";
        assert_eq!(lines(src), [1, 3, 5, 7, 9]);
    }

    #[test]
    fn brackets_and_here_that_are_no_notes() {
        let src = "Press [Add Item] to go on, or [add] alone.\n\nSee [add this](https://x.org) and [write more][w].\n\n`[add code here]` and [^note].\n\n```\n[insert here]\nEnter text here\n```\n\nSign up here.\n\nEnter the hall here and turn left.\n\n<img alt=\"[add it later]\" src=\"x.png\">\n\n[w]: https://x.org\n[^note]: A note.\n";
        assert!(lines(src).is_empty(), "{:?}", lint_rule(&rule(), src));
    }

    #[test]
    fn a_list_ended_with_an_ellipsis_item_is_elided() {
        let src = "Who uses it:\n\n1.  Banks\n2.  Weather services\n3.  ...\n\nDraft:\n\n-  ...\n-  TODO\n-  ...\n\nShort:\n\n-  One\n-  ...\n\nMiddle:\n\n-  One\n-  ...\n-  Three\n";
        // The draft list: its `...` items and marker; one item before is too few; and an
        // ellipsis between written items is a hole.
        assert_eq!(lines(src), [9, 10, 11, 16, 21]);
    }

    #[test]
    fn an_ellipsis_that_introduces_code_or_a_list() {
        let src = "This is easy because ...\n\n```python\nx = 1\n```\n\nOr with the decorator ...\n\n    y = 2\n\nWe support ...\n\n- a\n- b\n\nSteps ...\n\n1. one\n\nOur thanks go to ...\n\nNext paragraph.\n";
        assert_eq!(lines(src), [20]);
    }

    #[test]
    fn an_excerpt_elided_at_both_ends_is_a_quotation() {
        let src = "> ... code should be ...\n\nThey said ... it works with the ...\n";
        assert_eq!(lines(src), [3]);
    }

    #[test]
    fn a_list_of_names_cut_short_is_no_unfinished_sentence() {
        let src = "> Contributors since the last release:\n\n> Ada Lovelace\n> Grace Hopper\n> kbird\n> ...\n\nSpeakers\nAlan Turing\nEdsger Dijkstra\n...\n";
        assert!(lines(src).is_empty(), "{:?}", lint_rule(&rule(), src));
        // Sentences, or a single line, before the ellipsis are still flagged.
        let src = "We met Ada.\nThen Grace.\n...\n\nOur thanks go to\n...\n";
        assert_eq!(lines(src), [3, 6]);
    }

    /// Linear in a block's lines and in the post's links and code: each line ending in
    /// ` ...` looked at every later run of its block (for one on the same line), at every
    /// line before it (for a list cut short), and at every link and code span of the post.
    #[test]
    fn many_unfinished_lines_take_linear_time() {
        for piece in [
            "We thank the people of ...\n",
            "We met with him\n...\n",
            // Two links and two code spans a block: the look at all of them stands out.
            "We thank the people of ...\n\n[x](y) [x](y) `z` `z`\n\n",
        ] {
            crate::rules::test_support::assert_linear(
                1_000,
                |n| piece.repeat(n),
                |src| {
                    let found = crate::rules::test_support::count_findings(&rule(), src);
                    assert_eq!(found, src.matches("...").count());
                },
            );
        }
    }

    #[test]
    fn ellipsis_inside_a_sentence_is_fine() {
        let src = "We waited... and then it worked.\n\nShe said \"well ...\" and left.\n\nOne, two ...\nand three.\n\nA table:\n\n| a | b |\n|---|---|\n| ... | ... |\n";
        assert!(lines(src).is_empty(), "{:?}", lint_rule(&rule(), src));
    }

    /// `placeholder-link` owns destinations: a `TODO` destination is reported once, there.
    #[test]
    fn destinations_are_left_to_placeholder_link() {
        let src = "-   [Slides](TODO)\n-   [Video](https://x.org/todo)\n\n![photo](TBD)\n";
        assert!(lines(src).is_empty());
        let owner = lint_rule(&crate::rules::placeholder_link::PlaceholderLink, src);
        assert_eq!(owner.iter().map(|f| f.0).collect::<Vec<_>>(), [1, 4]);
    }
}
