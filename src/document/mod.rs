//! The per-file document model. Each file is parsed once, here; rules only read it.
//!
//! Every range is a byte range into the file's text. The front matter is split off first
//! and only the body is given to pulldown-cmark (no metadata-block extension, so a `---`
//! thematic break is never mistaken for front matter); event offsets are shifted back into
//! file coordinates.

pub mod entries;
pub mod footnotes;
pub mod front_matter;
pub mod html;
pub mod lines;
pub mod liquid;
pub mod suppress;

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::source::SourceFile;
use crate::text::words::Word;
use crate::util::exact;
pub use front_matter::{FmEntry, FmValue, FrontMatter, FrontMatterFormat};
use suppress::Suppressions;

/// ATX (`## Title`) or setext (`Title` underlined with `---`/`===`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingStyle {
    Atx,
    Setext,
}

#[derive(Debug, Clone)]
pub struct Heading {
    /// 1..=6
    pub level: u8,
    pub style: HeadingStyle,
    /// The visible text (inline markup removed, code spans kept as their content, entities
    /// decoded).
    pub text: String,
    /// Whole heading, markers and underline included.
    pub range: Range<usize>,
    /// Just the heading's text content (falls back to `range`).
    pub text_range: Range<usize>,
    /// The heading's source content with its markup: no `#` markers, closing `#`s, `{#id}`
    /// attributes or setext underline.
    pub raw_range: Range<usize>,
    /// Explicit `{#id}` attribute, when present.
    pub id: Option<String>,
}

/// A heading plus everything until the next heading of the same or a higher level.
#[derive(Debug, Clone)]
pub struct Section {
    pub heading: usize,
    /// From the end of the heading to the start of the next heading of the same or higher
    /// level (or the end of the file).
    pub body: Range<usize>,
    /// Blocks directly under the heading, before any subheading, that render something.
    pub content_blocks: u32,
    /// Headings nested inside the body.
    pub subheadings: u32,
    /// The heading that ends this section, if any.
    pub next_heading: Option<usize>,
}

/// What kind of block holds a run of inline content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextBlockKind {
    Paragraph,
    Heading,
    /// Inline content directly inside a (tight) list item.
    ListItem,
    TableCell,
}

/// A leaf block of inline content: a paragraph, heading, tight list item or table cell.
#[derive(Debug, Clone)]
pub struct TextBlock {
    pub kind: TextBlockKind,
    pub range: Range<usize>,
    /// The list item this block belongs to (directly), if any.
    pub item: Option<usize>,
    /// Prose runs (indices into `Document::prose`), in order.
    pub prose: Range<usize>,
    /// Pieces of inline content that are not prose: code spans, links (and URLs), images,
    /// inline HTML (but comments, which render nothing), Liquid, footnote references.
    pub other: u32,
}

/// A run of prose on one line: no code, HTML, Liquid or URL inside.
#[derive(Debug, Clone)]
pub struct ProseRun {
    pub range: Range<usize>,
    pub block: usize,
}

#[derive(Debug, Clone)]
pub struct ListItem {
    pub range: Range<usize>,
    pub ordered: bool,
    /// Nesting depth, 0 for a top-level list.
    pub depth: u32,
    /// The block holding the item's first line of text.
    pub block: Option<usize>,
    /// Block-level children other than the first text block (nested lists, further
    /// paragraphs, code blocks...).
    pub extra_blocks: u32,
    /// Which list it belongs to (items of one list share it).
    pub list: u32,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub is_image: bool,
    pub range: Range<usize>,
    /// Link text (image alt text); empty range for `[](...)`.
    pub text_range: Range<usize>,
    pub dest: String,
    /// Where the destination is written, for inline links and autolinks.
    pub dest_range: Option<Range<usize>>,
    /// For a reference link, where its definition writes the destination.
    pub definition: Option<Range<usize>>,
    pub title: String,
    pub link_type: LinkType,
    pub block: Option<usize>,
}

/// Emphasis or strong emphasis, with the range including its delimiters.
#[derive(Debug, Clone)]
pub struct Emphasis {
    pub range: Range<usize>,
    pub block: Option<usize>,
    /// Prose runs inside, as indices into `Document::prose`.
    pub prose: Range<usize>,
    /// Anything non-prose inside (code, links, images...).
    pub other: bool,
}

/// The parsed document all rules share.
#[derive(Debug)]
pub struct Document<'a> {
    pub source: &'a SourceFile,
    pub text: &'a str,
    /// Length of a leading UTF-8 BOM (0 or 3).
    pub bom: usize,
    pub front_matter: Option<FrontMatter>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    pub blocks: Vec<TextBlock>,
    pub prose: Vec<ProseRun>,
    pub list_items: Vec<ListItem>,
    pub links: Vec<Link>,
    pub emphasis: Vec<Emphasis>,
    /// Code blocks, code spans, raw HTML and Liquid: sorted ranges no prose rule looks into.
    pub code: Vec<Range<usize>>,
    /// `code` merged into disjoint sorted ranges, for [`Document::in_code`].
    code_union: Vec<Range<usize>>,
    pub liquid: Vec<Range<usize>>,
    /// What `{% raw %}` blocks of several lines hold: literal text, read as code.
    raw_blocks: Vec<Range<usize>>,
    /// What Jekyll's Liquid cannot read in the body (an unclosed `{% raw %}`): the build
    /// stops there.
    pub liquid_problems: Vec<liquid::Problem>,
    /// Raw HTML (blocks and inline), also part of `code`.
    pub html: Vec<Range<usize>>,
    /// URLs written as plain text outside any link (not autolinked by kramdown).
    pub bare_urls: Vec<Range<usize>>,
    pub suppressions: Suppressions,
    /// The prose words and their case-folded hashes, tokenised together on first use.
    words: OnceLock<(Vec<Word<'a>>, Vec<u64>)>,
    /// The raw HTML's tags, read on first use.
    tags: OnceLock<Vec<html::Tag>>,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|ftp://|mailto:|www\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]]"#)
        .expect("url regex")
});

/// Top-level block kinds, for section content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TopBlock {
    Heading(usize),
    Content,
    /// Renders nothing visible: a comment-only HTML block, a thematic break.
    Invisible,
}

enum Open {
    Paragraph(usize),
    Heading(usize, usize),
    Item(usize),
    Cell(usize),
    Link(usize),
    Emphasis(usize),
    List(bool, u32),
    /// Code and HTML blocks: their text is never prose.
    Opaque,
    Other,
}

/// The elements open at an event of the walk, with what the walk asks of them kept up to
/// date on each push and pop: no event looks through the whole stack (nested images and
/// links made that quadratic).
#[derive(Default)]
struct Stack {
    open: Vec<Open>,
    /// The open links, innermost last.
    links: Vec<OpenLink>,
    /// Positions of the open elements that are not inline (links, emphasis, others).
    frames: Vec<usize>,
    /// Positions of the open headings.
    headings: Vec<usize>,
    /// Every emphasis below this position is marked as holding more than prose.
    marked: usize,
}

/// A link open in the walk.
struct OpenLink {
    /// Position in the stack.
    at: usize,
    /// Index into `Document::links`.
    link: usize,
    /// The furthest end of the links closed inside it so far.
    inner_end: usize,
}

impl Stack {
    fn push(&mut self, open: Open) {
        let at = self.open.len();
        match open {
            Open::Link(link) => self.links.push(OpenLink {
                at,
                link,
                inner_end: 0,
            }),
            Open::Emphasis(_) | Open::Other => {}
            Open::Heading(..) => {
                self.headings.push(at);
                self.frames.push(at);
            }
            _ => self.frames.push(at),
        }
        self.open.push(open);
    }

    /// The element closed, and for a link, the furthest end of the links inside it.
    fn pop(&mut self) -> Option<(Open, usize)> {
        let open = self.open.pop()?;
        let at = self.open.len();
        let mut inner_end = 0;
        if self.links.last().is_some_and(|l| l.at == at) {
            inner_end = self.links.pop().map_or(0, |l| l.inner_end);
        }
        if self.frames.last() == Some(&at) {
            self.frames.pop();
        }
        if self.headings.last() == Some(&at) {
            self.headings.pop();
        }
        self.marked = self.marked.min(at);
        Some((open, inner_end))
    }

    fn last(&self) -> Option<&Open> {
        self.open.last()
    }
}

impl<'a> Document<'a> {
    pub fn parse(source: &'a SourceFile) -> Self {
        let text = source.text.as_str();
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let t = crate::timings::start();
        let (front_matter, body_start) = front_matter::split(text, bom);
        crate::timings::record("parse: front matter", t);
        let t = crate::timings::start();
        let liquid::Liquid {
            ranges: liquid,
            problems: liquid_problems,
            raw,
        } = liquid::read(text, body_start, text.len());
        // A `{% raw %}` block over several lines shows Liquid or code as it is written (a
        // template in a tutorial): its text is literal, like code, for every rule. One on a
        // line (`{% raw %}{{{% endraw %}`) escapes a brace inside a sentence.
        let raw_blocks: Vec<Range<usize>> = raw
            .into_iter()
            .filter(|r| memchr::memchr(b'\n', &text.as_bytes()[r.clone()]).is_some())
            .collect();
        crate::timings::record("parse: liquid", t);
        let mut doc = Document {
            source,
            text,
            bom,
            front_matter,
            body_start,
            headings: Vec::new(),
            sections: Vec::new(),
            blocks: Vec::new(),
            prose: Vec::new(),
            list_items: Vec::new(),
            links: Vec::new(),
            emphasis: Vec::new(),
            code: Vec::new(),
            code_union: Vec::new(),
            raw_blocks,
            liquid,
            liquid_problems,
            html: Vec::new(),
            bare_urls: Vec::new(),
            suppressions: Suppressions::default(),
            words: OnceLock::new(),
            tags: OnceLock::new(),
        };
        let t = crate::timings::start();
        let top = doc.walk();
        crate::timings::record("parse: walk", t);
        doc.build_sections(&top);
        doc.code.extend(doc.liquid.iter().cloned());
        doc.code.sort_by_key(|r| (r.start, r.end));
        doc.code_union = merged(&doc.code);
        doc.shrink();
        // `entries` and others take a section's list items as one slice.
        debug_assert!(doc
            .list_items
            .windows(2)
            .all(|w| w[0].range.start <= w[1].range.start));
        doc
    }

    /// Give back the vectors' spare capacity: every document of a site is held until the
    /// site index is built, and growth by doubling left about a third of the model unused.
    fn shrink(&mut self) {
        exact(&mut self.headings);
        exact(&mut self.sections);
        exact(&mut self.blocks);
        exact(&mut self.prose);
        exact(&mut self.list_items);
        exact(&mut self.links);
        exact(&mut self.emphasis);
        exact(&mut self.code);
        exact(&mut self.code_union);
        exact(&mut self.liquid);
        exact(&mut self.html);
        exact(&mut self.bare_urls);
    }

    /// The front matter when it was read without error (closed, valid YAML or TOML): what
    /// rules and statistics may trust.
    pub fn readable_front_matter(&self) -> Option<&FrontMatter> {
        self.front_matter
            .as_ref()
            .filter(|f| f.closed && f.error.is_none())
    }

    /// The byte ranges of the prose runs, in order.
    pub fn prose_ranges(&self) -> impl Iterator<Item = Range<usize>> + Clone + '_ {
        self.prose.iter().map(|r| r.range.clone())
    }

    /// The words of the document's prose, tokenised once.
    pub fn words(&self) -> &[Word<'a>] {
        &self.tokens().0
    }

    /// The case-folded hash of each word of [`Document::words`], for the word filters of
    /// the name index and of substitution rules (computed with the words, shared by both).
    pub fn word_hashes(&self) -> &[u64] {
        &self.tokens().1
    }

    fn tokens(&self) -> &(Vec<Word<'a>>, Vec<u64>) {
        self.words.get_or_init(|| {
            let t = crate::timings::start();
            let w = crate::text::words::tokenize(self.text, self.prose_ranges());
            crate::timings::record("words: tokenize", t);
            w
        })
    }

    /// The source text of a range.
    pub fn slice(&self, range: &Range<usize>) -> &'a str {
        &self.text[range.clone()]
    }

    /// Is `offset` inside code, HTML or Liquid?
    pub fn in_code(&self, offset: usize) -> bool {
        let i = self.code_union.partition_point(|r| r.start <= offset);
        i > 0 && self.code_union[i - 1].contains(&offset)
    }

    /// The tags of the raw HTML (see [`html::tags`]), read once.
    pub fn html_tags(&self) -> &[html::Tag] {
        self.tags.get_or_init(|| html::tags(self.text, &self.html))
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.source.line_index(offset)
    }

    /// The prose runs of a block.
    pub fn block_prose(&self, block: usize) -> &[ProseRun] {
        &self.prose[self.blocks[block].prose.clone()]
    }

    /// A block's prose, runs joined by single spaces and trimmed.
    pub fn block_text(&self, block: usize) -> String {
        join_runs(self, self.block_prose(block))
    }

    fn walk(&mut self) -> Vec<(Range<usize>, TopBlock)> {
        let text = self.text;
        let base = self.body_start;
        // What pulldown-cmark sees: the body with every lone `\r` turned into `\n` (it does
        // not end lines there) and every Liquid tag blanked out with `x` (Jekyll renders
        // Liquid before Markdown, so `[recap]({% post_url x %})` is a link). Both keep every
        // byte offset valid.
        let prepared = prepare_for_parser(&text[base..], &self.liquid, base);
        let body = prepared.as_deref().unwrap_or(&text[base..]);
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        // Room for a typical post's model from the start (trimmed by `shrink` afterwards):
        // growing each vector by doubling cost ~45 reallocations per post.
        let lines = self.source.line_count();
        self.prose.reserve(lines + 4);
        self.blocks.reserve(lines / 2 + 4);
        self.list_items.reserve(lines / 4 + 4);
        self.links.reserve(lines / 4 + 4);
        self.headings.reserve(lines / 8 + 4);
        self.emphasis.reserve(lines / 8 + 4);
        self.code.reserve(lines / 8 + 4);
        let mut stack = Stack::default();
        let mut top: Vec<(Range<usize>, TopBlock)> = Vec::new();
        let mut directives = Vec::new();
        // Depth in block containers, to find top-level blocks.
        let mut block_depth = 0usize;
        // `u32`, like the list fields they fill (see `bump`).
        let mut list_depth = 0u32;
        // Where a bare URL that runs on past its text event (`…/~greg/x.txt`) ends.
        let mut url_tail = 0usize;
        let mut lists = 0u32;
        // Inline `<a>` elements open around the text being read.
        let mut html_links = 0u32;

        // Reference links whose definition may hold a Liquid tag the parser saw blanked
        // out: (link, label), resolved against the definitions at the end.
        let mut ref_links: Vec<(usize, String)> = Vec::new();
        // Open inline HTML elements whose text is literal (`<code>`, `<kbd>`...): their
        // text is code, not prose.
        let mut literal = 0u32;
        let mut events = Parser::new_ext(body, options).into_offset_iter();
        for (event, r) in events.by_ref() {
            let range = base + r.start..base + r.end;
            match event {
                Event::Start(tag) => {
                    let is_block = is_block_tag(&tag);
                    if is_block {
                        if block_depth == 0 {
                            let kind = match &tag {
                                Tag::Heading { .. } => TopBlock::Heading(self.headings.len()),
                                Tag::HtmlBlock if comment_only(&text[range.clone()]) => {
                                    TopBlock::Invisible
                                }
                                _ => TopBlock::Content,
                            };
                            top.push((range.clone(), kind));
                        }
                        // A block opening directly inside a list item is one of its children.
                        if let Some(Open::Item(i)) = stack.last() {
                            let item = &mut self.list_items[*i];
                            if item.block.is_some() || !matches!(tag, Tag::Paragraph) {
                                bump(&mut item.extra_blocks);
                            }
                        }
                        block_depth += 1;
                    }
                    let is_image = matches!(tag, Tag::Image { .. });
                    let is_html_block = matches!(tag, Tag::HtmlBlock);
                    let open = match tag {
                        Tag::Paragraph => {
                            let item = match stack.last() {
                                Some(Open::Item(i)) => Some(*i),
                                _ => None,
                            };
                            let b = self.new_block(TextBlockKind::Paragraph, range.clone(), item);
                            if let Some(i) = item {
                                self.list_items[i].block.get_or_insert(b);
                            }
                            Open::Paragraph(b)
                        }
                        Tag::Heading { level, id, .. } => {
                            let h = self.headings.len();
                            let style = if text[range.clone()].trim_start().starts_with('#') {
                                HeadingStyle::Atx
                            } else {
                                HeadingStyle::Setext
                            };
                            self.headings.push(Heading {
                                level: heading_level(level),
                                style,
                                text: String::new(),
                                range: range.clone(),
                                text_range: range.clone(),
                                raw_range: heading_raw_range(text, range.clone(), style),
                                id: id.map(|s| s.to_string()),
                            });
                            let b = self.new_block(TextBlockKind::Heading, range.clone(), None);
                            Open::Heading(h, b)
                        }
                        Tag::List(start) => {
                            bump(&mut list_depth);
                            bump(&mut lists);
                            Open::List(start.is_some(), lists)
                        }
                        Tag::Item => {
                            let (ordered, list) = stack
                                .open
                                .iter()
                                .rev()
                                .find_map(|o| match o {
                                    Open::List(ordered, list) => Some((*ordered, *list)),
                                    _ => None,
                                })
                                .unwrap_or((false, 0));
                            self.list_items.push(ListItem {
                                range: range.clone(),
                                ordered,
                                depth: list_depth.saturating_sub(1),
                                block: None,
                                extra_blocks: 0,
                                list,
                            });
                            Open::Item(self.list_items.len() - 1)
                        }
                        Tag::TableCell => Open::Cell(self.new_block(
                            TextBlockKind::TableCell,
                            range.clone(),
                            None,
                        )),
                        Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                            self.code.push(range.clone());
                            if is_html_block {
                                self.html.push(range.clone());
                            }
                            if is_html_block {
                                directives.extend(suppress::directives(
                                    &text[range.clone()],
                                    range.start,
                                    |o| self.source.line_index(o),
                                ));
                            }
                            Open::Opaque
                        }
                        Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }
                        | Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        } => {
                            if matches!(
                                link_type,
                                LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                            ) {
                                ref_links.push((self.links.len(), id.to_string()));
                            }
                            let block = self.current_block(&stack);
                            if let Some(b) = block {
                                bump(&mut self.blocks[b].other);
                            }
                            self.links.push(Link {
                                is_image,
                                range: range.clone(),
                                text_range: range.start + 1..range.start + 1,
                                // `String::from`: `to_string` goes through `Display`.
                                dest: String::from(&*dest_url),
                                dest_range: None,
                                definition: None,
                                title: String::from(&*title),
                                link_type,
                                block,
                            });
                            Open::Link(self.links.len() - 1)
                        }
                        Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                            let block = self.current_block(&stack);
                            let p = self.prose.len();
                            self.emphasis.push(Emphasis {
                                range: range.clone(),
                                block,
                                prose: p..p,
                                other: false,
                            });
                            Open::Emphasis(self.emphasis.len() - 1)
                        }
                        _ => Open::Other,
                    };
                    stack.push(open);
                }
                Event::End(end) => {
                    if is_block_end(&end) {
                        block_depth = block_depth.saturating_sub(1);
                        // An element left open does not run on past its block.
                        literal = 0;
                    }
                    match stack.pop() {
                        Some((Open::Heading(h, b), _)) => {
                            let runs = self.blocks[b].prose.clone();
                            let heading = &mut self.headings[h];
                            heading.text = heading.text.trim().to_string();
                            if let (Some(first), Some(last)) =
                                (self.prose.get(runs.start), runs.end.checked_sub(1))
                            {
                                if runs.start < runs.end {
                                    heading.text_range =
                                        first.range.start..self.prose[last].range.end;
                                }
                            }
                        }
                        Some((Open::List(..), _)) => list_depth = list_depth.saturating_sub(1),
                        Some((Open::Link(l), inner_end)) => {
                            self.finish_link(l, inner_end);
                            // The enclosing link holds this one: its own text ends after it.
                            if let Some(outer) = stack.links.last_mut() {
                                let outer_end = self.links[outer.link].range.end;
                                for end in [self.links[l].range.end, inner_end] {
                                    if end <= outer_end {
                                        outer.inner_end = outer.inner_end.max(end);
                                    }
                                }
                            }
                        }
                        Some((Open::Emphasis(e), _)) => {
                            self.emphasis[e].prose.end = self.prose.len()
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if literal > 0 || in_ranges(&self.raw_blocks, range.start) => {
                    self.heading_text(&stack, &t);
                    self.code.push(range.clone());
                    if let Some(b) = self.current_block(&stack) {
                        bump(&mut self.blocks[b].other);
                    }
                    self.grow_link_text(&mut stack, &range);
                }
                Event::Text(t) => {
                    self.heading_text(&stack, &t);
                    if let Some(b) = self.current_block(&stack) {
                        let in_link = html_links > 0 || !stack.links.is_empty();
                        self.add_prose(b, range.clone(), in_link, &mut url_tail);
                        self.grow_link_text(&mut stack, &range);
                    }
                }
                Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    self.heading_text(&stack, &t);
                    self.code.push(range.clone());
                    if let Some(b) = self.current_block(&stack) {
                        bump(&mut self.blocks[b].other);
                    }
                    self.mark_emphasis_other(&mut stack, usize::MAX);
                    self.grow_link_text(&mut stack, &range);
                }
                Event::InlineHtml(_) | Event::Html(_) => {
                    // The lines of an HTML block come as `Html` events inside it; the block
                    // itself was recorded at its start.
                    if matches!(stack.last(), Some(Open::Opaque)) {
                        continue;
                    }
                    self.code.push(range.clone());
                    self.html.push(range.clone());
                    if matches!(event, Event::InlineHtml(_)) {
                        literal = literal_depth(&text[range.clone()], literal);
                    }
                    // A comment renders nothing: the block is still prose alone.
                    if let Some(b) = self.current_block(&stack) {
                        if !comment_only(&text[range.clone()]) {
                            bump(&mut self.blocks[b].other);
                        }
                    }
                    // Text inside an inline `<a href>` is the link's text, not a bare URL.
                    html_links = html_link_depth(&text[range.clone()], html_links);
                    directives.extend(suppress::directives(
                        &text[range.clone()],
                        range.start,
                        |o| self.source.line_index(o),
                    ));
                }
                Event::FootnoteReference(_) => {
                    if let Some(b) = self.current_block(&stack) {
                        bump(&mut self.blocks[b].other);
                    }
                }
                Event::Rule => {
                    if block_depth == 0 {
                        top.push((range.clone(), TopBlock::Invisible));
                    }
                }
                Event::SoftBreak | Event::HardBreak | Event::TaskListMarker(_) => {}
            }
        }
        // A reference link's destination is written in its definition: a fix of it goes
        // there (`[jobs]: htps://x` is corrected in the definition).
        for (l, id) in ref_links {
            if let Some(def) = events.reference_definitions().get(&id) {
                let span = base + def.span.start..base + def.span.end;
                if let Some((dest, liquid)) = self.definition_dest(span) {
                    if liquid {
                        self.links[l].dest = self.text[dest.clone()].to_string();
                    }
                    self.links[l].definition = Some(dest);
                }
            }
        }

        let last_line = self.source.line_count().saturating_sub(1);
        self.suppressions = Suppressions::build(&directives, last_line, |line| {
            let mut l = line + 1;
            while l < last_line && self.text[self.source.line_range(l)].trim().is_empty() {
                l += 1;
            }
            l
        });
        top
    }

    /// Add inline text (code spans included) to the heading being read, if any.
    fn heading_text(&mut self, stack: &Stack, t: &str) {
        if let Some(Open::Heading(h, _)) = stack.headings.last().map(|&at| &stack.open[at]) {
            self.headings[*h].text.push_str(t);
        }
    }

    fn new_block(
        &mut self,
        kind: TextBlockKind,
        range: Range<usize>,
        item: Option<usize>,
    ) -> usize {
        let p = self.prose.len();
        self.blocks.push(TextBlock {
            kind,
            range,
            item,
            prose: p..p,
            other: 0,
        });
        self.blocks.len() - 1
    }

    /// The innermost block receiving inline content; creates the text block of a tight list
    /// item on its first inline content.
    fn current_block(&mut self, stack: &Stack) -> Option<usize> {
        // The innermost element that is not inline.
        match stack.frames.last().map(|&at| &stack.open[at])? {
            Open::Paragraph(b) | Open::Heading(_, b) | Open::Cell(b) => Some(*b),
            Open::Item(i) => {
                let i = *i;
                if let Some(b) = self.list_items[i].block {
                    // The item's first block may be a paragraph (loose list) that already
                    // ended; inline content directly in the item then starts another.
                    if self.blocks[b].kind == TextBlockKind::ListItem {
                        return Some(b);
                    }
                }
                let start = self.list_items[i].range.start;
                let end = self.list_items[i].range.end;
                let b = self.new_block(TextBlockKind::ListItem, start..end, Some(i));
                if self.list_items[i].block.is_none() {
                    self.list_items[i].block = Some(b);
                } else {
                    bump(&mut self.list_items[i].extra_blocks);
                }
                Some(b)
            }
            // Lists and opaque blocks; never an inline element.
            _ => None,
        }
    }

    /// Record a text event as prose, cutting out Liquid and URLs, one run per line.
    fn add_prose(
        &mut self,
        block: usize,
        range: Range<usize>,
        in_link: bool,
        url_tail: &mut usize,
    ) {
        let text = self.text;
        // Cut Liquid ranges (sorted, non-overlapping): the pieces are the gaps between
        // those in the range. The rest of a URL begun in an earlier text event is not
        // prose either.
        let mut pieces = Vec::new();
        let mut from = range.start;
        if *url_tail > range.start {
            from = (*url_tail).min(range.end);
        }
        let li = self.liquid.partition_point(|l| l.end <= range.start);
        let mut cut_liquid = false;
        for l in self.liquid[li..].iter().take_while(|l| l.start < range.end) {
            if from < l.start {
                pieces.push(from..l.start);
            }
            from = from.max(l.end);
            cut_liquid = true;
        }
        if from < range.end {
            pieces.push(from..range.end);
        }
        if cut_liquid {
            bump(&mut self.blocks[block].other);
        }
        // Cut URLs.
        let mut out = Vec::new();
        for p in pieces {
            let s = &text[p.clone()];
            let mut pos = p.start;
            let urls = may_hold_url(s)
                .then(|| URL.find_iter(s))
                .into_iter()
                .flatten();
            for m in urls {
                // Where the address really ends: not in the CJK text or closing quotes
                // glued to it (`…/pull/512。这`, `…/statement”`).
                let mut end = m.start() + url_len(m.as_str());
                if m.start() < pos - p.start {
                    continue;
                }
                // The parser ends a text event at a `~`, `*` or `[` that could open
                // something: a URL that reaches the event's end may go on in the source.
                if m.end() == s.len() && p.end == range.end {
                    let from = p.start + m.start();
                    if let Some(more) = url_in_source(text, from) {
                        end = end.max(more - p.start);
                        *url_tail = more;
                    }
                }
                out.push(pos..p.start + m.start());
                pos = p.start + end;
                bump(&mut self.blocks[block].other);
                if !in_link {
                    self.bare_urls.push(p.start + m.start()..p.start + end);
                }
            }
            out.push(pos..p.end);
        }
        for p in out {
            if p.is_empty() {
                continue;
            }
            // Split at line ends (a text event never spans lines, but be safe).
            let mut start = p.start;
            for i in memchr::memchr2_iter(b'\n', b'\r', text[p.clone()].as_bytes()) {
                if start < p.start + i {
                    self.prose.push(ProseRun {
                        range: start..p.start + i,
                        block,
                    });
                }
                start = p.start + i + 1;
            }
            if start < p.end {
                self.prose.push(ProseRun {
                    range: start..p.end,
                    block,
                });
            }
        }
        self.blocks[block].prose.end = self.prose.len();
    }

    /// Mark the open emphasis below position `below` of the stack as holding more than
    /// prose. Those below `stack.marked` already are: each element is marked once.
    fn mark_emphasis_other(&mut self, stack: &mut Stack, below: usize) {
        let below = below.min(stack.open.len());
        for open in stack.open.get(stack.marked..below).unwrap_or_default() {
            if let Open::Emphasis(e) = open {
                self.emphasis[*e].other = true;
            }
        }
        stack.marked = stack.marked.max(below);
    }

    fn grow_link_text(&mut self, stack: &mut Stack, range: &Range<usize>) {
        let Some(&OpenLink { at, link: l, .. }) = stack.links.last() else {
            return;
        };
        let link = &mut self.links[l];
        if link.text_range.is_empty() && link.text_range.start == link.range.start + 1 {
            link.text_range = range.clone();
        } else {
            link.text_range.start = link.text_range.start.min(range.start);
            link.text_range.end = link.text_range.end.max(range.end);
        }
        // Emphasis around a link holds more than prose.
        self.mark_emphasis_other(stack, at);
    }

    /// The destination of the reference definition at `span` (`[label]: dest "title"`) as
    /// the source writes it, when it holds Liquid (`[recap]: {% post_url x %}`).
    fn definition_dest(&self, span: Range<usize>) -> Option<(Range<usize>, bool)> {
        let def = &self.text[span.clone()];
        let colon = def.find("]:")? + 2;
        let rest = def[colon..].trim_start();
        let dest = written_dest(&self.liquid, span.start + def.len() - rest.len(), rest);
        // Only the tags that start inside it: the list is sorted, one search.
        let i = self.liquid.partition_point(|r| r.start < dest.start);
        let liquid = self.liquid.get(i).is_some_and(|r| dest.contains(&r.start));
        Some((dest, liquid))
    }

    /// Locate an inline link's destination in the source: after the text's closing `](`.
    /// `inner_end`: the furthest end of the links and images inside it.
    fn finish_link(&mut self, l: usize, inner_end: usize) {
        let text = self.text;
        let link = &self.links[l];
        if matches!(link.link_type, LinkType::Autolink | LinkType::Email) {
            // `<https://x.org>`: the address inside the angle brackets.
            let inner = link.range.start + 1..link.range.end.saturating_sub(1);
            if text
                .get(inner.clone())
                .is_some_and(|s| s.trim() == link.dest.trim())
            {
                self.links[l].dest_range = Some(inner);
            }
            return;
        }
        if !matches!(link.link_type, LinkType::Inline) {
            return;
        }
        let Some(dest) = self.inline_dest(l, inner_end) else {
            return;
        };
        let link = &mut self.links[l];
        // The parser saw Liquid blanked out; the destination is what the source says.
        if text[dest.clone()].contains(['{', '%']) {
            link.dest = text[dest.clone()].to_string();
        }
        link.dest_range = Some(dest);
        if link.text_range.start == link.range.start + 1 && link.text_range.is_empty() {
            // `[](url)`: point at the empty brackets' inside.
            link.text_range = link.range.start + 1..link.range.start + 1;
        }
    }

    /// Where inline link `l` writes its destination: after its text's closing `](`. The
    /// text ends after any image or link inside it (`[![alt](a.png)](url)`), which ends at
    /// `inner_end` at the furthest: their own `](` is not the outer link's.
    fn inline_dest(&self, l: usize, inner_end: usize) -> Option<Range<usize>> {
        let text = self.text;
        let link = &self.links[l];
        let src = &text[link.range.clone()];
        let from = link
            .text_range
            .end
            .max(inner_end)
            .saturating_sub(link.range.start);
        let rel = src.get(from..)?.find("](")?;
        let open = link.range.start + from + rel + 2;
        let inner_end = link.range.end.saturating_sub(1).max(open);
        let inner = &text[open..inner_end];
        let lead = inner.len() - inner.trim_start().len();
        Some(written_dest(&self.liquid, open + lead, inner.trim_start()))
    }

    fn build_sections(&mut self, top: &[(Range<usize>, TopBlock)]) {
        let end = self.text.len();
        // Position of each heading in `top`.
        let positions: Vec<usize> = top
            .iter()
            .enumerate()
            .filter_map(|(i, (_, k))| matches!(k, TopBlock::Heading(_)).then_some(i))
            .collect();
        for &pos in &positions {
            let TopBlock::Heading(h) = top[pos].1 else {
                continue;
            };
            let level = self.headings[h].level;
            let mut content_blocks = 0u32;
            let mut subheadings = 0u32;
            let mut next_heading = None;
            let mut body_end = end;
            let mut direct = true;
            for (range, kind) in &top[pos + 1..] {
                match kind {
                    TopBlock::Heading(other) => {
                        if self.headings[*other].level <= level {
                            next_heading = Some(*other);
                            body_end = range.start;
                            break;
                        }
                        bump(&mut subheadings);
                        direct = false;
                    }
                    TopBlock::Content if direct => bump(&mut content_blocks),
                    _ => {}
                }
            }
            // Headings nested inside lists or block quotes are not in `top`; they do not
            // start sections here.
            self.sections.push(Section {
                heading: h,
                body: self.headings[h].range.end..body_end,
                content_blocks,
                subheadings,
                next_heading,
            });
        }
    }
}

/// The content of a heading's source, without its markers (see [`Heading::raw_range`]).
fn heading_raw_range(text: &str, range: Range<usize>, style: HeadingStyle) -> Range<usize> {
    let src = &text[range.clone()];
    let mut start;
    let mut end = src.len();
    match style {
        HeadingStyle::Atx => {
            let body = src.trim_end_matches(['\n', '\r']);
            end = body.len();
            let lead = body.len() - body.trim_start().len();
            let after_hashes = body[lead..].trim_start_matches('#');
            start = body.len() - after_hashes.len();
            let mut content = &body[start..end];
            // `{#id .class}` attributes, then a closing run of `#` preceded by a space.
            let trimmed = content.trim_end();
            if trimmed.ends_with('}') {
                if let Some(open) = trimmed.rfind('{') {
                    content = &content[..open];
                }
            }
            let t = content.trim_end();
            let no_hashes = t.trim_end_matches('#');
            content = if no_hashes.len() < t.len()
                && (no_hashes.is_empty() || no_hashes.ends_with([' ', '\t']))
            {
                no_hashes
            } else {
                t
            };
            let inner = content.trim_start();
            start += content.len() - inner.len();
            end = start + inner.trim_end().len();
        }
        HeadingStyle::Setext => {
            // Everything before the underline line.
            let body = src.trim_end_matches(['\n', '\r']);
            if let Some(nl) = body.rfind('\n') {
                end = body[..nl].trim_end().len();
            }
            start = src.len() - src.trim_start().len();
        }
    }
    range.start + start..range.start + end.max(start)
}

/// The depth of inline `<a>` elements after the raw HTML `html`, from `depth` before it.
fn html_link_depth(html: &str, depth: u32) -> u32 {
    let b = html.as_bytes();
    let opens = b.len() >= 3
        && b[0] == b'<'
        && b[1].eq_ignore_ascii_case(&b'a')
        && (b[2].is_ascii_whitespace() || b[2] == b'>')
        && !html.trim_end().ends_with("/>");
    let closes = b.len() >= 3
        && b.starts_with(b"</")
        && b[2].eq_ignore_ascii_case(&b'a')
        && b.get(3)
            .is_none_or(|c| c.is_ascii_whitespace() || *c == b'>');
    if opens {
        depth.saturating_add(1)
    } else if closes {
        depth.saturating_sub(1)
    } else {
        depth
    }
}

/// The length of the address at the start of `url` (a match of [`URL`]): it stops before
/// CJK characters, full-width punctuation and closing quotes, which prose glues to an
/// address without a space but no address ends with.
fn url_len(url: &str) -> usize {
    let stop = |c: char| {
        matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{ff00}'..='\u{ffef}')
            || matches!(c, '”' | '’' | '»' | '›' | '」' | '』')
    };
    let end = url.find(stop).unwrap_or(url.len());
    // Then what the pattern never ends with: `.`, `,`, `)`...
    url[..end]
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']'])
        .len()
        .max(1)
}

/// Can `s` hold a match of [`URL`]? Each of its forms has a `:` or `www.`; most text has
/// neither, and this is much cheaper than the search.
/// Where the URL that starts at `from` ends when read in the source rather than in the
/// parser's text events (to the end of its line; never across an escape, which the source
/// spells differently from the address).
fn url_in_source(text: &str, from: usize) -> Option<usize> {
    let line_end =
        memchr::memchr2(b'\n', b'\r', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i);
    let m = URL.find(&text[from..line_end]).filter(|m| m.start() == 0)?;
    let url = m.as_str();
    // An escape, or a link glued to the address (`https://x.org/[a](b)`): leave it.
    (!url.contains('\\') && !url.contains("](")).then(|| from + url_len(url))
}

fn may_hold_url(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr(b':', b).is_some()
        || memchr::memchr_iter(b'.', b).any(|i| i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"))
}

/// Count one more element of a block or list item (`u32`, to keep the model small: a post
/// has far fewer; saturating, so no file can wrap it).
fn bump(n: &mut u32) {
    *n = n.saturating_add(1);
}

/// Sorted ranges merged where they overlap or nest: a code span inside an HTML block, a
/// Liquid tag inside a fenced block.
fn merged(sorted: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r.clone()),
        }
    }
    out
}

/// Join runs into one string with single spaces, trimmed.
pub fn join_runs(doc: &Document, runs: &[ProseRun]) -> String {
    let mut out = String::new();
    for r in runs {
        let s = doc.text[r.range.clone()].trim();
        if s.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s);
    }
    out
}

/// The text pulldown-cmark parses (see [`Document::walk`]); `None` when it is `body` as is.
/// Each Liquid tag's characters but line ends become as many `x` bytes, and each lone CR a
/// line feed: lengths, and so offsets, stay the same.
fn prepare_for_parser(body: &str, liquid: &[Range<usize>], base: usize) -> Option<String> {
    let lone_cr: Vec<usize> = memchr::memchr_iter(b'\r', body.as_bytes())
        .filter(|&i| body.as_bytes().get(i + 1) != Some(&b'\n'))
        .collect();
    if lone_cr.is_empty() && liquid.is_empty() {
        return None;
    }
    // The text around the tags is copied as it is, with no UTF-8 check of the copy.
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    // Is everything since the last line break blank so far? Kept up to date as text is
    // copied, so each byte is looked at once.
    let mut line_clear = true;
    let blank_since_break = |clear: bool, seg: &str| match memchr::memrchr(b'\n', seg.as_bytes()) {
        Some(i) => seg.as_bytes()[i + 1..].iter().all(u8::is_ascii_whitespace),
        None => clear && seg.bytes().all(|b| b.is_ascii_whitespace()),
    };
    for r in liquid {
        let (start, end) = (r.start - base, r.end - base);
        let before = &body[last..start];
        out.push_str(before);
        line_clear = blank_since_break(line_clear, before);
        // A tag that prints nothing (`{% assign %}`, `{% if %}`) alone on its line leaves
        // a blank line when Jekyll renders it: a paragraph ends there, and a reference
        // definition below it is one.
        let tag = &body[start..end];
        let alone = line_clear && silent_tag(tag) && {
            let after = &body.as_bytes()[end..];
            let n = after
                .iter()
                .position(|&b| b == b'\n' || !b.is_ascii_whitespace())
                .unwrap_or(after.len());
            after.get(n).is_none_or(|&b| b == b'\n')
        };
        let fill = if alone { ' ' } else { 'x' };
        out.extend(tag.chars().flat_map(|c| {
            let blank = if c == '\n' || c == '\r' { c } else { fill };
            std::iter::repeat_n(blank, if blank == fill { c.len_utf8() } else { 1 })
        }));
        // A blanked tag leaves its line blank; any other leaves `x` bytes on it.
        line_clear = alone;
        last = end;
    }
    out.push_str(&body[last..]);
    // Old Mac files only.
    for i in lone_cr {
        out.replace_range(i..i + 1, "\n");
    }
    Some(out)
}

/// Is `tag` a Liquid tag that prints nothing (`{% assign x = 1 %}`, `{%- if a -%}`,
/// `{% endfor %}`)? Output (`{{ x }}`), includes and other tags may print.
fn silent_tag(tag: &str) -> bool {
    const SILENT: [&str; 16] = [
        "assign",
        "capture",
        "endcapture",
        "if",
        "elsif",
        "else",
        "endif",
        "unless",
        "endunless",
        "for",
        "endfor",
        "case",
        "when",
        "endcase",
        "break",
        "continue",
    ];
    liquid::tag_name(tag).is_some_and(|name| SILENT.contains(&name))
}

/// Elements whose text prints as code or keys, literally: no prose rule reads it.
const LITERAL_ELEMENTS: [&str; 5] = ["code", "kbd", "samp", "var", "tt"];

/// The number of open literal elements (see [`LITERAL_ELEMENTS`]) after the inline HTML
/// `html`, given `depth` before it.
fn literal_depth(html: &str, mut depth: u32) -> u32 {
    let Some(rest) = html.trim().strip_prefix('<') else {
        return depth;
    };
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name_len = rest
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    if !LITERAL_ELEMENTS
        .iter()
        .any(|e| e.eq_ignore_ascii_case(name))
    {
        return depth;
    }
    if closing {
        depth = depth.saturating_sub(1);
    } else if !html.trim_end().ends_with("/>") {
        depth += 1;
    }
    depth
}

/// Is `html` only HTML comments (and white space)? It renders nothing.
pub fn comment_only(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(i) => rest = after[i + 3..].trim_start(),
            None => return false,
        }
    }
    rest.trim().is_empty()
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_block_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::DefinitionList
            | Tag::MetadataBlock(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::DefinitionList
            | TagEnd::MetadataBlock(_)
    )
}

/// Where a link destination starting at byte `base` is written (`rest` is the text from
/// there): inside `<...>`, or up to the first white space outside a Liquid tag (the title
/// follows it). Shared by inline links and reference definitions.
fn written_dest(liquid: &[Range<usize>], base: usize, rest: &str) -> Range<usize> {
    if let Some(inner) = rest.strip_prefix('<') {
        let len = inner.find('>').unwrap_or(inner.len());
        return base + 1..base + 1 + len;
    }
    let len = rest
        .char_indices()
        .find(|&(i, c)| c.is_whitespace() && !in_ranges(liquid, base + i))
        .map_or(rest.len(), |(i, _)| i);
    base..base + len
}

/// Is `offset` in one of `ranges` (sorted, non-overlapping: Liquid ranges, raw blocks)?
fn in_ranges(ranges: &[Range<usize>], offset: usize) -> bool {
    let i = ranges.partition_point(|r| r.start <= offset);
    i > 0 && ranges[i - 1].contains(&offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_literal_html_elements_is_code() {
        let f = SourceFile::new(
            "t.md",
            None,
            "Press <kbd>Ctrl</kbd> and run <code>github teh</code>, <tt>x</tt> then Dask.\n\n<samp>open\n\nNext paragraph is prose.\n".into(),
        );
        let doc = Document::parse(&f);
        let words: Vec<&str> = doc.words().iter().map(|w| w.text).collect();
        assert_eq!(
            words,
            [
                "Press",
                "and",
                "run",
                "then",
                "Dask",
                "Next",
                "paragraph",
                "is",
                "prose"
            ]
        );
        let at = doc.text.find("github").unwrap();
        assert!(doc.in_code(at));
    }

    /// `in_code` (binary search over the merged ranges) answers as a look through every
    /// code range does, whatever their nesting.
    #[test]
    fn in_code_is_a_search_of_every_code_range() {
        let pieces = [
            "```\n",
            "`x`",
            "{% a %}",
            "{{ b }}",
            "<div>\n",
            "</div>\n",
            "<br>",
            "text ",
            "\n\n",
            "    indented\n",
            "[^n]",
            "- item\n",
        ];
        let mut rng = crate::test_rng::Rng(0x001c_0de5);
        for _ in 0..2_000 {
            let text = rng.text(&pieces, 30);
            let f = SourceFile::new("t.md", None, text.clone());
            let doc = Document::parse(&f);
            for offset in 0..=text.len() {
                let plain = doc.code.iter().any(|r| r.contains(&offset));
                assert_eq!(doc.in_code(offset), plain, "{text:?} at {offset}");
            }
        }
    }

    /// Linear in what one paragraph holds: nested images (each looked through the stack
    /// of open elements, and through the links inside it), links written with Liquid
    /// (each space of a destination was looked for in every Liquid tag of the post) and
    /// Liquid in text (each tag cut the pieces of the text made so far anew).
    #[test]
    fn crowded_paragraphs_are_read_in_linear_time() {
        let nested = |n: usize| format!("{}a{}\n", "![a".repeat(n), "](b.png)".repeat(n));
        let liquid_links = |n: usize| "[a]({{ site.url }}/x) ".repeat(n);
        let liquid_text = |n: usize| "a {{ x }} ".repeat(n);
        for make in [
            &nested as &dyn Fn(usize) -> String,
            &liquid_links,
            &liquid_text,
        ] {
            crate::rules::test_support::assert_linear(
                500,
                |n| SourceFile::new("t.md", None, make(n)),
                |f| assert!(!Document::parse(f).blocks.is_empty()),
            );
        }
    }

    /// Each inline link's destination, found with the furthest end of the links inside it
    /// kept as the walk goes, is the one found by a look at every later link.
    #[test]
    fn destinations_after_nested_links_are_found() {
        let pieces = [
            "[", "![", "]", "](u)", "](v w)", "](<x y>)", "a", " ", "*", "**", "`c`", "\n", "\n\n",
            "{{ z }}", "- ", "# ",
        ];
        let mut rng = crate::test_rng::Rng(0x11_4c5);
        let mut inline = 0;
        for _ in 0..5_000 {
            let text = rng.text(&pieces, 30);
            let f = SourceFile::new("t.md", None, text.clone());
            let doc = Document::parse(&f);
            for (l, link) in doc.links.iter().enumerate() {
                if !matches!(link.link_type, LinkType::Inline) {
                    continue;
                }
                inline += 1;
                let inner_end = doc.links[l + 1..]
                    .iter()
                    .take_while(|o| o.range.start < link.range.end)
                    .filter(|o| o.range.end <= link.range.end)
                    .map(|o| o.range.end)
                    .max()
                    .unwrap_or(0);
                assert_eq!(doc.inline_dest(l, inner_end), link.dest_range, "{text:?}");
            }
        }
        assert!(inline > 1_000, "{inline}");
    }

    /// A fenced block holding more Liquid tags than the old look-back of eight ranges: the
    /// footnote reference inside it is still code.
    #[test]
    fn many_tags_inside_a_fenced_block_stay_in_it() {
        let tags: String = (0..9).map(|i| format!("{{{{ t{i} }}}}\n")).collect();
        let text = format!("Intro.\n\n```\n{tags}[^note]\n```\n");
        let f = SourceFile::new("t.md", None, text.clone());
        let doc = Document::parse(&f);
        let at = text.find("[^note]").unwrap();
        assert!(doc.in_code(at));
    }

    #[test]
    fn model_records_stay_small() {
        // Every post's model is held until the site is indexed: the posts hold
        // about 22 blocks, 11 list items and 7 sections each in the generated benchmark
        // site. Counts are `u32` for that.
        assert_eq!(std::mem::size_of::<TextBlock>(), 56);
        assert_eq!(std::mem::size_of::<ListItem>(), 48);
        assert_eq!(std::mem::size_of::<Section>(), 48);
    }

    #[test]
    fn parsed_models_hold_no_spare_capacity() {
        let items: String = (0..40)
            .map(|i| format!("- Title: talk {i} [s](#x{i})\n"))
            .collect();
        let f = SourceFile::new(
            "t.md",
            None,
            format!("# A\n\n{items}\n`c` *e* {{{{ x }}}}\n"),
        );
        let doc = Document::parse(&f);
        assert!(doc.list_items.len() >= 40 && doc.links.len() >= 40);
        assert_eq!(doc.list_items.capacity(), doc.list_items.len());
        assert_eq!(doc.links.capacity(), doc.links.len());
        assert_eq!(doc.prose.capacity(), doc.prose.len());
        let mut v: Vec<u8> = Vec::with_capacity(100);
        v.extend([1, 2, 3]);
        exact(&mut v);
        assert_eq!((v.capacity(), v.as_slice()), (3, &[1, 2, 3][..]));
    }

    /// [`prepare_for_parser`] byte by byte, as it was first written: each lone CR becomes
    /// a line feed and every byte of a tag but line ends an `x`.
    fn blank_bytes(body: &str, lone_cr: &[usize], liquid: &[Range<usize>], base: usize) -> String {
        let mut bytes = body.as_bytes().to_vec();
        for &i in lone_cr {
            bytes[i] = b'\n';
        }
        for r in liquid {
            let (start, end) = (r.start - base, r.end - base);
            // The plain way: look back to the line break and on to the next one.
            let line_start = bytes[..start]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = bytes[end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| end + i);
            let alone = super::silent_tag(&body[start..end])
                && bytes[line_start..start].iter().all(u8::is_ascii_whitespace)
                && bytes[end..line_end].iter().all(u8::is_ascii_whitespace);
            for b in &mut bytes[start..end] {
                if *b != b'\n' && *b != b'\r' {
                    *b = if alone { b' ' } else { b'x' };
                }
            }
        }
        String::from_utf8(bytes).expect("whole tags replaced")
    }

    #[test]
    fn a_raw_block_over_lines_is_literal_text() {
        // A tutorial's template: shown as written, so no word rule reads it (and `--fix`
        // never rewrites it); a one-line `{% raw %}` escape inside a sentence is prose.
        let text = "Intro on github.\n\n{% raw %}\nWe host {{ site.url }} on github.\n{% endraw %}\n\nSee {% raw %}{{{% endraw %} here.\n";
        let f = SourceFile::new("t.md", None, text.into());
        let doc = Document::parse(&f);
        let words: Vec<&str> = doc.words().iter().map(|w| w.text).collect();
        assert_eq!(words, ["Intro", "on", "github", "See", "here"]);
        let inside = text.find("We host").unwrap();
        assert!(doc.in_code(inside));
    }

    #[test]
    fn a_tag_that_prints_nothing_leaves_a_blank_line() {
        // Jekyll renders the `assign` line empty: the definitions below it are definitions,
        // so the link resolves and its label (`todo`) is never prose.
        let text = "See the [log][log todo] and {{ x }}.\n\n{% assign log = \"https://example.org/log\" %}\n[log todo]: {{log}}#l-14\n";
        let f = SourceFile::new("t.md", None, text.into());
        let doc = Document::parse(&f);
        let words: Vec<&str> = doc.words().iter().map(|w| w.text).collect();
        assert_eq!(words, ["See", "the", "log", "and"]);
        assert_eq!(doc.links.len(), 1);
        assert!(doc.links[0].dest.ends_with("#l-14"), "{:?}", doc.links[0]);
        // A tag that may print (`include`), or one sharing its line with text, stays text.
        let text = "Intro\n{% include note.html %}\n[a]: /b\n\nIntro {% if x %}\n[c]: /d\n";
        let f = SourceFile::new("t.md", None, text.into());
        let doc = Document::parse(&f);
        assert!(doc.links.is_empty(), "{:?}", doc.links);
    }

    #[test]
    fn tags_are_blanked_as_byte_by_byte() {
        let pieces = [
            "{% x %}",
            "{% if a %}",
            "{%- assign é = 1 -%}",
            "{{ é }}",
            "{%- ü\r\nß -%}",
            "a",
            "é",
            "\n",
            "\r\n",
            " ",
            "{",
        ];
        let mut rng = crate::test_rng::Rng(0x7a95);
        let mut blanked = 0;
        for _ in 0..5_000 {
            let body = rng.text(&pieces, 11);
            let base = 3;
            let liquid: Vec<Range<usize>> = liquid::scan(&body, 0, body.len())
                .into_iter()
                .map(|r| r.start + base..r.end + base)
                .collect();
            let expected = (!liquid.is_empty()).then(|| blank_bytes(&body, &[], &liquid, base));
            blanked += usize::from(expected.is_some());
            assert_eq!(
                prepare_for_parser(&body, &liquid, base),
                expected,
                "{body:?}"
            );
        }
        assert!(blanked > 1_000, "{blanked}");
    }

    #[test]
    fn heading_raw_ranges() {
        let text = "## Using `x` with [Zarr](https://zarr.dev) ##\n\n# Title {#custom}\n\nSetext *one*\n---\n\n### C# and F#\n";
        let f = SourceFile::new("t.md", None, text.into());
        let doc = Document::parse(&f);
        let raws: Vec<&str> = doc
            .headings
            .iter()
            .map(|h| doc.slice(&h.raw_range))
            .collect();
        assert_eq!(
            raws,
            [
                "Using `x` with [Zarr](https://zarr.dev)",
                "Title",
                "Setext *one*",
                "C# and F#"
            ]
        );
    }

    #[test]
    fn links_with_liquid_destinations_are_links() {
        let text = "See [recap]({% post_url 2020-04-28-dask-summit %}) and [home]({{ site.baseurl }}/about/ \"Title\").\n";
        let f = SourceFile::new("t.md", None, text.into());
        let doc = Document::parse(&f);
        let dests: Vec<&str> = doc.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(
            dests,
            [
                "{% post_url 2020-04-28-dask-summit %}",
                "{{ site.baseurl }}/about/"
            ]
        );
        let r = doc.links[1].dest_range.clone().unwrap();
        assert_eq!(&text[r], "{{ site.baseurl }}/about/");
    }

    /// `[![alt]({{ site.baseurl }}/a.png)](url)`: the outer link's destination is `url`,
    /// not what follows the image's own `](`.
    #[test]
    fn a_linked_image_with_liquid_keeps_both_destinations() {
        for text in [
            "[![Shot]({{site.baseurl}}/a.png)](https://x.org/)\n",
            "[![Shot]({{site.baseurl}}/a.png)\n](https://x.org/)\n",
        ] {
            let f = SourceFile::new("t.md", None, text.into());
            let doc = Document::parse(&f);
            let dests: Vec<&str> = doc.links.iter().map(|l| l.dest.as_str()).collect();
            assert_eq!(
                dests,
                ["https://x.org/", "{{site.baseurl}}/a.png"],
                "{text:?}"
            );
        }
    }

    #[test]
    fn bare_urls_stop_before_glued_text() {
        for (text, url) in [
            (
                "See https://github.com/ruby/rdoc/pull/512。这一版\n",
                "https://github.com/ruby/rdoc/pull/512",
            ),
            (
                "Read “https://example.org/statement” now\n",
                "https://example.org/statement",
            ),
            ("Go to https://example.org/a.\n", "https://example.org/a"),
            // The parser cuts its text at characters that could open emphasis or a link.
            (
                "See (https://people.xiph.org/~greg/values.txt) now\n",
                "https://people.xiph.org/~greg/values.txt",
            ),
            ("At https://x.org/a*b now\n", "https://x.org/a*b"),
            ("At https://x.org/a[b]c now\n", "https://x.org/a[b]c"),
            (
                "At https://x.org/[a](https://y.org) now\n",
                "https://x.org/",
            ),
        ] {
            let f = SourceFile::new("t.md", None, text.into());
            let doc = Document::parse(&f);
            let found: Vec<&str> = doc.bare_urls.iter().map(|r| doc.slice(r)).collect();
            assert_eq!(found, [url], "{text:?}");
        }
    }

    #[test]
    fn empty_link_text_and_destination_ranges() {
        let text = "[](https://x.org) and [a `b`](<with space.md>)\n";
        let f = SourceFile::new("t.md", None, text.into());
        let doc = Document::parse(&f);
        assert!(doc.links[0].text_range.is_empty());
        assert_eq!(
            &text[doc.links[0].dest_range.clone().unwrap()],
            "https://x.org"
        );
        assert_eq!(
            &text[doc.links[1].dest_range.clone().unwrap()],
            "with space.md"
        );
        assert_eq!(doc.links[1].dest, "with space.md");
    }
}
