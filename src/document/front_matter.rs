//! Front matter: split off the `---` YAML (or `+++` TOML) block at the top of a file and
//! parse it with positions kept in the file's own byte coordinates.
//!
//! YAML is parsed with serde-saphyr (maintained, panic-free, span-aware, with alias
//! expansion budgets against "billion laughs"); a repeated key keeps its last value, as in
//! Jekyll's reader (Psych), and the earlier ones are listed for `front-matter-syntax`.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// Which syntax the block uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

/// A parsed front-matter value (enough structure for the checks postlint makes).
#[derive(Debug, Clone, PartialEq)]
pub enum FmValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<FmValue>),
    Map(Vec<(String, FmValue)>),
}

impl FmValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            FmValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The schema type name of this value: `string`, `list`, `map`, `boolean`, `number`,
    /// `null`.
    pub fn type_name(&self) -> &'static str {
        match self {
            FmValue::String(_) => "string",
            FmValue::List(_) => "list",
            FmValue::Map(_) => "map",
            FmValue::Bool(_) => "boolean",
            FmValue::Int(_) | FmValue::Float(_) => "number",
            FmValue::Null => "null",
        }
    }

    /// Empty string, empty list, empty map or null.
    pub fn is_empty(&self) -> bool {
        match self {
            FmValue::String(s) => s.trim().is_empty(),
            FmValue::List(l) => l.is_empty(),
            FmValue::Map(m) => m.is_empty(),
            FmValue::Null => true,
            _ => false,
        }
    }

    /// The written form of a string value: `date`, `date-time`, `url` or `text`.
    pub fn shape(&self) -> Option<&'static str> {
        let FmValue::String(s) = self else {
            return None;
        };
        let s = s.trim();
        Some(if is_date(s) {
            "date"
        } else if is_date_time(s) {
            "date-time"
        } else if s.starts_with("http://") || s.starts_with("https://") {
            "url"
        } else {
            "text"
        })
    }

    /// The strings of a list (or of a space-separated string, as Jekyll reads `tags`).
    pub fn strings(&self) -> Vec<String> {
        match self {
            FmValue::String(s) => s.split_whitespace().map(str::to_string).collect(),
            FmValue::List(items) => items
                .iter()
                .filter_map(|v| match v {
                    FmValue::String(s) => Some(s.clone()),
                    FmValue::Int(i) => Some(i.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// `2020-04-28`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A `date` Jekyll can read from a string. Jekyll hands it to Ruby's `Time.parse`, which is
/// lenient: besides ISO dates and date-times it reads the forms people write by hand
/// (`February 21, 2017`, `21 Feb 2017`, `2017/02/21`, `Monday`). It stops the build with
/// "Invalid date" on text with no date in it (`TBD`, `...`, `soon`) and on ISO dates
/// outside the calendar (`2020-13-01`). Doubtful forms are accepted: any digit or English
/// month or weekday name makes a string readable here.
pub fn is_readable_date(s: &str) -> bool {
    let s = s.trim();
    let b = s.as_bytes();
    if s.get(..10).is_some_and(is_date) {
        let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
        return (1..=12).contains(&two(5)) && (1..=31).contains(&two(8));
    }
    const NAMES: [&str; 19] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon",
        "tue", "wed", "thu", "fri", "sat", "sun",
    ];
    b.iter().any(u8::is_ascii_digit)
        || s.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() >= 3 && NAMES.iter().any(|n| w[..3].eq_ignore_ascii_case(n)))
}

/// Is `(y, m, d)` a day of the Gregorian calendar?
pub fn valid_ymd(y: u32, m: u32, d: u32) -> bool {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// The date at the start of a post's file name (`2020-04-28-title`, `2020-4-8-title`), as
/// Jekyll matches it (`\d{2,4}-\d{1,2}-\d{1,2}-`): (year, month, day, the text), whether
/// or not it is a calendar day.
pub fn file_name_date(stem: &str) -> Option<(u32, u32, u32, &str)> {
    let mut parts = stem.splitn(4, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    parts.next()?;
    let num = |p: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(num(y, 2, 4) && num(m, 1, 2) && num(d, 1, 2)) {
        return None;
    }
    let text = &stem[..y.len() + m.len() + d.len() + 2];
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?, text))
}

/// The calendar day a hand-written date names: ISO (`2020-04-28`, with a time or not),
/// `2020/04/28`, `2020-4-8`, `April 28, 2020`, `28 April 2020`, `Apr 28 2020`. `None` for
/// anything else (other orders of numbers are ambiguous).
pub fn written_day(s: &str) -> Option<(u32, u32, u32)> {
    let s = s.trim();
    let head = s.split([' ', 'T', 't']).next().unwrap_or(s);
    let nums: Vec<&str> = head.split(['-', '/']).collect();
    if nums.len() == 3
        && nums[0].len() == 4
        && nums
            .iter()
            .all(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()))
    {
        let (y, m, d) = (
            nums[0].parse().ok()?,
            nums[1].parse().ok()?,
            nums[2].parse().ok()?,
        );
        return valid_ymd(y, m, d).then_some((y, m, d));
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let month = |w: &str| {
        let l = w.to_ascii_lowercase();
        (l.len() >= 3 && l.chars().all(|c| c.is_ascii_alphabetic()))
            .then(|| MONTHS.iter().position(|m| l.starts_with(m)))
            .flatten()
            .map(|i| i as u32 + 1)
    };
    let day = |w: &str| {
        let w = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|e| w.strip_suffix(e))
            .unwrap_or(w);
        (1..=2)
            .contains(&w.len())
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    let year = |w: &str| (w.len() == 4).then(|| w.parse::<u32>().ok()).flatten();
    // Skip a weekday in front (`Monday, April 28, 2020`).
    let words: &[&str] = match words.first() {
        Some(w) if month(w).is_none() && day(w).is_none() && words.len() > 3 => &words[1..],
        _ => &words,
    };
    let (y, m, d) = match words {
        [a, b, c, ..] if month(a).is_some() => (year(c)?, month(a)?, day(b)?),
        [a, b, c, ..] if month(b).is_some() => (year(c)?, month(b)?, day(a)?),
        _ => return None,
    };
    valid_ymd(y, m, d).then_some((y, m, d))
}

/// `2020-04-28 10:00:00 -0500`, `2020-04-28T10:00:00Z`.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 11
        && s.is_char_boundary(10)
        && is_date(&s[..10])
        && matches!(b[10], b' ' | b'T' | b't')
        && b[11].is_ascii_digit()
        && s[11..].contains(':')
}

/// One top-level `key: value` pair with the file ranges of key and value.
#[derive(Debug, Clone, PartialEq)]
pub struct FmEntry {
    pub key: String,
    pub key_range: Range<usize>,
    pub value: FmValue,
    pub value_range: Range<usize>,
}

/// Why the block could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FmError {
    /// File byte range the error points at.
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub format: FrontMatterFormat,
    /// The whole block, fences included.
    pub range: Range<usize>,
    /// The text between the fences.
    pub content: Range<usize>,
    /// False when the opening fence has no closing one; the body then starts at the top.
    pub closed: bool,
    pub entries: Vec<FmEntry>,
    pub error: Option<FmError>,
    /// Top-level keys written more than once (YAML): Jekyll's reader (Psych) keeps the last
    /// value, so `entries` holds only that one, and the earlier ones are listed here.
    pub duplicates: Vec<FmDuplicate>,
}

/// A top-level YAML key written again further down.
#[derive(Debug, Clone, PartialEq)]
pub struct FmDuplicate {
    pub key: String,
    /// The earlier key, whose value Jekyll drops.
    pub dropped: Range<usize>,
    /// The key whose value Jekyll keeps.
    pub kept: Range<usize>,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&FmEntry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// Split the front matter off `text` (which starts after any BOM at `start`).
/// Returns the block (if the file opens with a fence) and the byte offset where the body
/// starts.
pub fn split(text: &str, start: usize) -> (Option<FrontMatter>, usize) {
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let fence = rest[..first_line_end].trim_end();
    let format = match fence {
        "---" => FrontMatterFormat::Yaml,
        "+++" => FrontMatterFormat::Toml,
        _ => return (None, start),
    };
    let content_start = start + first_line_end;
    // Find the closing fence: a line that is exactly the fence (YAML also allows `...`).
    let mut pos = content_start;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..line_end].trim_end();
        let closes = line == fence || (format == FrontMatterFormat::Yaml && line == "...");
        if closes {
            let content = content_start..pos;
            let mut fm = FrontMatter {
                format,
                range: start..line_end,
                content: content.clone(),
                closed: true,
                entries: Vec::new(),
                error: None,
                duplicates: Vec::new(),
            };
            match format {
                FrontMatterFormat::Yaml => parse_yaml(text, content, &mut fm),
                FrontMatterFormat::Toml => parse_toml(text, content, &mut fm),
            }
            return (Some(fm), line_end);
        }
        pos = line_end;
    }
    let fm = FrontMatter {
        format,
        range: start..content_start.min(text.len()),
        content: content_start..text.len(),
        closed: false,
        entries: Vec::new(),
        error: None,
        duplicates: Vec::new(),
    };
    (Some(fm), start)
}

fn parse_yaml(text: &str, content: Range<usize>, fm: &mut FrontMatter) {
    let yaml = &text[content.clone()];
    if yaml.trim().is_empty() {
        return;
    }
    // Most front matter is a handful of `key: plain value` lines: read those directly,
    // and hand anything else to the YAML parser.
    let read = match simple_yaml(yaml, content.start) {
        Some(entries) => Ok(entries),
        None => parser_entries(yaml, content.start).or_else(|err| {
            // Jekyll's YAML reader (libyaml) lets a quoted value go on at the start of the
            // next line; this parser wants it indented. Retry with those line breaks
            // folded into spaces, as YAML folds them (same length: offsets hold).
            match fold_unindented_quoted_lines(yaml) {
                Some(folded) => parser_entries(&folded, content.start).map_err(|_| err),
                None => Err(err),
            }
        }),
    };
    match read {
        Ok(entries) => {
            (fm.entries, fm.duplicates) = last_wins(entries);
            extend_value_ranges(text, content.end, &mut fm.entries);
        }
        Err(err) => {
            let range = match err.location() {
                Some(loc) => located(yaml, content.start, &loc),
                None => content.start..content.start,
            };
            fm.error = Some(refine_yaml_error(
                text,
                content,
                range,
                &clean_yaml_message(&err.to_string()),
            ));
        }
    }
}

/// `yaml` with the line breaks before unindented continuation lines of quoted values
/// (`excerpt: "runs on` / `to the next line"`) turned into spaces, or `None` if it has
/// none. Only top-level `key: "value` lines open such a value; a quote closes it (`\"`
/// escaped in double quotes, `''` doubled in single quotes).
fn fold_unindented_quoted_lines(yaml: &str) -> Option<String> {
    let mut out = yaml.as_bytes().to_vec();
    let mut open: Option<u8> = None;
    let mut changed = false;
    let mut at = 0;
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let scan_from = match open {
            Some(_) => {
                if at > 0 && !body.starts_with([' ', '\t']) && !body.is_empty() {
                    // The break before this line: `\n` becomes a space; `\r\n` becomes
                    // `\n` and one space of indentation. Either folds to one space.
                    if at >= 2 && out[at - 2] == b'\r' {
                        out[at - 2] = b'\n';
                    }
                    out[at - 1] = b' ';
                    changed = true;
                }
                0
            }
            None => {
                let top_level = !body.starts_with([' ', '\t', '#', '-']);
                match body.find(": ").filter(|_| top_level) {
                    Some(colon) => {
                        let value = body[colon + 2..].trim_start();
                        let q = value.as_bytes().first().copied();
                        if matches!(q, Some(b'"' | b'\'')) {
                            open = q;
                            body.len() - value.len() + 1
                        } else {
                            body.len()
                        }
                    }
                    None => body.len(),
                }
            }
        };
        if let Some(q) = open {
            let bytes = body.as_bytes();
            let mut i = scan_from;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' if q == b'"' => i += 1,
                    b'\'' if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
                    b if b == q => {
                        open = None;
                        break;
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        at += line.len();
    }
    changed.then(|| String::from_utf8(out).expect("ASCII bytes replaced"))
}

/// `entries` with each key once, at its last place and value, as Psych reads a mapping
/// whose keys repeat; and the earlier places of the repeated keys. Linear in the entries.
fn last_wins(entries: Vec<FmEntry>) -> (Vec<FmEntry>, Vec<FmDuplicate>) {
    let mut last: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (i, e) in entries.iter().enumerate() {
        last.insert(e.key.as_str(), i);
    }
    if last.len() == entries.len() {
        return (entries, Vec::new());
    }
    let keep: Vec<bool> = (0..entries.len())
        .map(|i| last[entries[i].key.as_str()] == i)
        .collect();
    let duplicates = entries
        .iter()
        .zip(&keep)
        .filter(|(_, &k)| !k)
        .map(|(e, _)| FmDuplicate {
            key: e.key.clone(),
            dropped: e.key_range.clone(),
            kept: entries[last[e.key.as_str()]].key_range.clone(),
        })
        .collect();
    let kept = entries
        .into_iter()
        .zip(keep)
        .filter_map(|(e, k)| k.then_some(e))
        .collect();
    (kept, duplicates)
}

/// The entries the YAML parser reads from `yaml` (which starts at byte `base` of the file).
fn parser_entries(yaml: &str, base: usize) -> Result<Vec<FmEntry>, serde_saphyr::Error> {
    // YAML 1.2 booleans only (`y`, `n`, `yes`... stay strings here): what is a boolean,
    // a number or null is then decided as Jekyll's YAML reader (Psych) decides it.
    let options = serde_saphyr::options! {
        with_snippet: false,
        strict_booleans: true,
        // Repeated keys reach the visitor; Psych keeps the last (see `last_wins`).
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    };
    let Entries(entries) = serde_saphyr::from_str_with_options::<Entries>(yaml, options)?;
    Ok(entries
        .into_iter()
        .map(|(k, v)| {
            let value_range = located(yaml, base, &v.referenced);
            let raw = &yaml[value_range.start - base..value_range.end - base];
            FmEntry {
                key: key_string(&k.value),
                key_range: located(yaml, base, &k.referenced),
                value: as_psych_reads(v.value, raw),
                value_range,
            }
        })
        .collect())
}

/// A top-level value as Psych (Ruby's YAML 1.1 reader, which Jekyll uses) types it: a
/// plain scalar is re-read from its source text with Psych's rules; quoted and block
/// scalars, lists and maps are kept as parsed.
fn as_psych_reads(value: FmValue, raw: &str) -> FmValue {
    if matches!(value, FmValue::List(_) | FmValue::Map(_)) {
        return value;
    }
    let raw = raw.trim();
    let plain = !raw.is_empty()
        && !raw.contains('\n')
        && !raw.starts_with(['"', '\'', '|', '>', '!', '&', '*', '[', '{']);
    if plain {
        psych_scalar(raw)
    } else {
        value
    }
}

/// What Psych's scalar scanner (`Psych::ScalarScanner#tokenize`, YAML 1.1) makes of a
/// plain scalar: `null`, `~` and nothing are null; `yes`, `true`, `on` and `no`, `false`,
/// `off` in any case are booleans (`y`, `n`, `Y`, `N` are strings); integers may be
/// binary, octal (`017`), hexadecimal or sexagesimal (`1:30`), with `_` or `,` between
/// digits; a float needs a dot (`1.5`, `.5`, `1.0e+3`; `1e3` is a string), or is `.inf`,
/// `-.inf`, `.nan`. Dates and times stay strings here (their form is checked apart).
pub fn psych_scalar(s: &str) -> FmValue {
    let string = || FmValue::String(s.to_string());
    if s.is_empty() || s == "~" || s.eq_ignore_ascii_case("null") {
        return FmValue::Null;
    }
    // Words (Psych's first test, `^[^\d.:-]?[[:alpha:]_\s!@#$%^&*(){}<>|/\\~;=]+`): only
    // null and booleans are anything but strings.
    let mut chars = s.chars();
    let (c0, c1) = (chars.next(), chars.next());
    let wordy = c0.is_some_and(is_psych_word_char)
        || (c0.is_some_and(|c| !c.is_ascii_digit() && !matches!(c, '.' | ':' | '-'))
            && c1.is_some_and(is_psych_word_char));
    if wordy {
        let lower = s.to_ascii_lowercase();
        return match lower.as_str() {
            "yes" | "true" | "on" => FmValue::Bool(true),
            "no" | "false" | "off" => FmValue::Bool(false),
            _ => string(),
        };
    }
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        ".inf" | "+.inf" => return FmValue::Float(f64::INFINITY),
        "-.inf" => return FmValue::Float(f64::NEG_INFINITY),
        ".nan" => return FmValue::Float(f64::NAN),
        _ => {}
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(r) => (-1i64, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    // Sexagesimal: `1:30`, `1:30:15`, `-1:30.5`.
    if body.contains(':') {
        let parts: Vec<&str> = body.split(':').collect();
        let head_ok = parts[0].starts_with(|c: char| c.is_ascii_digit())
            && parts[0].bytes().all(|b| b.is_ascii_digit() || b == b'_');
        let (last, frac) = match parts[parts.len() - 1].split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (parts[parts.len() - 1], None),
        };
        let tail_ok = (2..=3).contains(&parts.len())
            && parts[1..parts.len() - 1]
                .iter()
                .chain(std::iter::once(&last))
                .all(|p| {
                    (1..=2).contains(&p.len())
                        && p.bytes().all(|b| b.is_ascii_digit())
                        && p.parse::<u32>().is_ok_and(|n| n < 60)
                })
            && frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit() || b == b'_'));
        if head_ok && tail_ok {
            let mut n = 0f64;
            for (i, p) in parts.iter().enumerate() {
                let p = if i == parts.len() - 1 { *p } else { p };
                let v: f64 = p.replace('_', "").parse().unwrap_or(0.0);
                n = n * 60.0 + v;
            }
            return if frac.is_some() {
                FmValue::Float(sign as f64 * n)
            } else {
                FmValue::Int(sign * n as i64)
            };
        }
        return string();
    }
    // Floats need a dot: `[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?`.
    if let Some((int, rest)) = body.split_once('.') {
        let int_ok = int.is_empty()
            || (int.starts_with(|c: char| c.is_ascii_digit())
                && int
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'_' || b == b','));
        let (frac, exp) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let frac_ok = frac.bytes().all(|b| b.is_ascii_digit());
        let exp_ok = exp.is_none_or(|e| {
            e.len() >= 2 && e.starts_with(['+', '-']) && e[1..].bytes().all(|b| b.is_ascii_digit())
        });
        if int_ok && frac_ok && exp_ok && !(int.is_empty() && frac.is_empty()) {
            let clean: String = format!("{int}.{frac}")
                .chars()
                .filter(|c| !matches!(c, '_' | ','))
                .collect();
            let mut v: f64 = clean.trim_end_matches('.').parse().unwrap_or(0.0);
            if let Some(e) = exp {
                v *= 10f64.powi(e.parse::<i32>().unwrap_or(0));
            }
            return FmValue::Float(sign as f64 * v);
        }
        return string();
    }
    // Integers: `0b`, `0x`, octal `0[0-7]`, decimal; `_` and `,` between digits.
    let digits = |t: &str, ok: fn(u8) -> bool| {
        !t.is_empty() && t.bytes().any(ok) && t.bytes().all(|b| ok(b) || b == b'_' || b == b',')
    };
    let clean = |t: &str| -> String { t.chars().filter(|c| !matches!(c, '_' | ',')).collect() };
    let parsed = if let Some(b) = body.strip_prefix("0b") {
        digits(b, |c| c == b'0' || c == b'1')
            .then(|| i64::from_str_radix(&clean(b), 2).ok())
            .flatten()
    } else if let Some(h) = body.strip_prefix("0x") {
        digits(h, |c| c.is_ascii_hexdigit())
            .then(|| i64::from_str_radix(&clean(h), 16).ok())
            .flatten()
    } else if body.len() > 1 && body.starts_with('0') {
        digits(&body[1..], |c| (b'0'..=b'7').contains(&c))
            .then(|| i64::from_str_radix(&clean(&body[1..]), 8).ok())
            .flatten()
    } else if body.starts_with(|c: char| c.is_ascii_digit())
        && !body.ends_with(['_', ','])
        && digits(body, |c| c.is_ascii_digit())
    {
        clean(body).parse::<i64>().ok()
    } else {
        None
    };
    match parsed {
        Some(n) => FmValue::Int(sign * n),
        None => string(),
    }
}

/// The characters of Psych's "this is a word" pattern (`[[:alpha:]_\s!@#$%^&*(){}<>|/\\~;=]`).
fn is_psych_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_whitespace() || "_!@#$%^&*(){}<>|/\\~;=".contains(c)
}

/// The entries of YAML made only of top-level `key: value` lines whose values are plain
/// strings, simple quoted strings or flow lists of plain strings — the shape of almost
/// every post's front matter — or `None` for anything else (the YAML parser then reads it).
/// It reads what the YAML parser would (a test compares the two on generated documents);
/// whatever could mean something other than a string (numbers, booleans, null, escapes,
/// anchors, comments, block values, duplicate keys) is not taken.
fn simple_yaml(yaml: &str, base: usize) -> Option<Vec<FmEntry>> {
    if yaml.contains(['\r', '\t', '\\']) || yaml.len() > 4096 {
        return None;
    }
    // One entry per line at most: sized once, as the entries are held until the site is
    // indexed.
    let lines = memchr::memchr_iter(b'\n', yaml.as_bytes()).count() + 1;
    let mut entries: Vec<FmEntry> = Vec::with_capacity(lines);
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let key_len = line
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .unwrap_or(line.len());
        let key = &line[..key_len];
        if key.is_empty()
            || !key.as_bytes()[0].is_ascii_alphabetic()
            || line.as_bytes().get(key_len) != Some(&b':')
            || entries.iter().any(|e| e.key == key)
        {
            return None;
        }
        let after = &line[key_len + 1..];
        let value = after.trim_start_matches(' ');
        if value.len() == after.len() || value.trim_end_matches(' ').is_empty() {
            // `key:value` is no mapping entry; an empty value is null.
            return None;
        }
        let start = at + line.len() - value.len();
        let value = value.trim_end_matches(' ');
        let parsed = simple_value(value)?;
        entries.push(FmEntry {
            key: key.to_string(),
            key_range: base + at..base + at + key_len,
            value: parsed,
            value_range: base + start..base + start + value.len(),
        });
    }
    Some(entries)
}

fn simple_value(value: &str) -> Option<FmValue> {
    let inner = |open: char| {
        value
            .strip_prefix(open)?
            .strip_suffix(open)
            .filter(|i| !i.contains(open) && !i.contains('\n'))
    };
    match value.as_bytes()[0] {
        b'"' => inner('"').map(|i| FmValue::String(i.to_string())),
        b'\'' => inner('\'').map(|i| FmValue::String(i.to_string())),
        b'[' => {
            let items = value.strip_prefix('[')?.strip_suffix(']')?;
            if items.trim().is_empty() {
                return (items.is_empty()).then(|| FmValue::List(Vec::new()));
            }
            items
                .split(',')
                .map(|item| {
                    let item = item.trim_matches(' ');
                    if item.contains(['[', ']', '{', '}', '"', '\'', ':', '#']) {
                        return None;
                    }
                    plain_string(item).map(|s| FmValue::String(s.to_string()))
                })
                .collect::<Option<Vec<_>>>()
                .map(FmValue::List)
        }
        _ => plain_string(value).map(|s| FmValue::String(s.to_string())),
    }
}

/// A plain scalar that YAML reads as a string, as is.
fn plain_string(s: &str) -> Option<&str> {
    let first = s.chars().next()?;
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let special = s.contains(": ") || s.contains(" #") || s.ends_with(':');
    // Numbers, booleans, null and their look-alikes are left to the YAML parser.
    let not_string = first.is_ascii_digit() && !is_yaml_date(s)
        || matches!(first, '+' | '.' | '~')
        || ["true", "false", "yes", "no", "on", "off", "y", "n", "null"]
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w));
    (!indicator && !special && !not_string).then_some(s)
}

/// `2020-04-28`, `2020-04-28 10:30`, `2020-04-28T10:30:00+10:00`, `2020-04-28 10:30:00 -0500`:
/// dates YAML reads as strings (serde has no date type).
fn is_yaml_date(s: &str) -> bool {
    if !s.get(..10).is_some_and(is_date) {
        return false;
    }
    let mut rest = &s[10..];
    if rest.is_empty() {
        return true;
    }
    rest = match rest.strip_prefix(['T', ' ']) {
        Some(r) => r,
        None => return false,
    };
    let hm = rest.as_bytes();
    if hm.len() < 5
        || !hm[..2].iter().all(u8::is_ascii_digit)
        || hm[2] != b':'
        || !hm[3..5].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    rest = &rest[5..];
    if let Some(r) = rest.strip_prefix(':') {
        let sec = r.bytes().take_while(u8::is_ascii_digit).count();
        if sec != 2 {
            return false;
        }
        rest = &r[2..];
    }
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    let Some(zone) = rest.strip_prefix(['+', '-']) else {
        return false;
    };
    let zone = zone.replacen(':', "", 1);
    zone.len() == 4 && zone.bytes().all(|d| d.is_ascii_digit())
}

/// Turn the parser's wording into what a blogger needs, at the place the mistake was made.
fn refine_yaml_error(
    text: &str,
    content: Range<usize>,
    range: Range<usize>,
    message: &str,
) -> FmError {
    let yaml = &text[content.clone()];
    let lines = || {
        let mut off = content.start;
        yaml.split_inclusive('\n').map(move |l| {
            let start = off;
            off += l.len();
            (start, l.trim_end_matches(['\n', '\r']))
        })
    };
    let err = |range: Range<usize>, message: String| FmError { range, message };
    if message.contains("budget breached") || message.contains("alias") && message.contains("limit")
    {
        // Any limit (events, nodes) may be what expanding aliases hits; with no alias
        // written, it is the nesting or the size.
        let aliased = yaml.match_indices('*').any(|(i, _)| {
            let before = yaml[..i].chars().next_back();
            let after = yaml[i + 1..].chars().next();
            before.is_none_or(|c| c.is_whitespace() || "[{,:-".contains(c))
                && after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        });
        if !aliased && !message.contains("Alias") && !message.contains("Anchor") {
            return err(range, "front matter nested too deeply or too large to read (a limit of the YAML parser); postlint stops reading it".into());
        }
        return err(range, "aliases expand to too many values (a \"billion laughs\" document); postlint stops expanding them".into());
    }
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key).trim().to_string();
        return err(
            range,
            format!("duplicate key `{key}`: the second value silently replaces the first"),
        );
    }
    if message.contains("tabs disallowed") || message.contains("tab") && message.contains("indent")
    {
        // Point at the tab itself.
        for (start, line) in lines() {
            if start <= range.start && range.start <= start + line.len() + 1 {
                if let Some(t) = line.find('\t') {
                    return err(
                        start + t..start + t + 1,
                        "tab used for indentation; YAML allows only spaces".into(),
                    );
                }
            }
        }
        return err(
            range,
            "tab used for indentation; YAML allows only spaces".into(),
        );
    }
    if message.contains("quoted scalar") || message.contains("found unexpected end of stream") {
        // The opening quote of a value that never closes on its line.
        for (start, line) in lines() {
            if start > range.start {
                break;
            }
            let Some(colon) = line.find(": ") else {
                continue;
            };
            let value = line[colon + 2..].trim_start();
            let q = value.chars().next();
            if let Some(q @ ('"' | '\'')) = q {
                let closed = value[1..].contains(q);
                if !closed {
                    let at = start + colon + 2 + (line[colon + 2..].len() - value.len());
                    return err(
                        at..at + 1,
                        format!("quoted value is never closed (add the closing {q})"),
                    );
                }
            }
        }
    }
    if message.contains("did not find expected key") {
        return err(
            range,
            "bad indentation: this line does not line up with the keys above it".into(),
        );
    }
    if message.contains("expected mapping start") || message.contains("invalid type") {
        return err(
            range,
            "front matter must be `key: value` lines (a mapping)".into(),
        );
    }
    err(range, message.to_string())
}

/// The parser gives the start of each value; a value runs until the line of the next key
/// (block lists and maps span several lines), trailing blank space excluded.
fn extend_value_ranges(text: &str, content_end: usize, entries: &mut [FmEntry]) {
    // Sorted, so the next key after a value is found by a binary search, not by a look at
    // every key (quadratic in keys).
    let mut starts: Vec<usize> = entries.iter().map(|e| e.key_range.start).collect();
    starts.sort_unstable();
    for e in entries.iter_mut() {
        let next = starts.partition_point(|&s| s <= e.value_range.start);
        let limit = starts
            .get(next)
            .copied()
            .unwrap_or(content_end)
            .min(content_end);
        if limit <= e.value_range.start {
            continue;
        }
        // Back to the end of the previous line of the next key.
        let region = &text[e.value_range.start..limit];
        let region = match region.rfind('\n') {
            Some(nl) if limit < content_end || region[nl..].trim().is_empty() => &region[..nl],
            _ => region,
        };
        let end = e.value_range.start + region.trim_end().len();
        if end > e.value_range.end {
            e.value_range.end = end;
        }
    }
}

fn key_string(v: &FmValue) -> String {
    match v {
        FmValue::String(s) => s.clone(),
        FmValue::Int(i) => i.to_string(),
        FmValue::Float(f) => f.to_string(),
        FmValue::Bool(b) => b.to_string(),
        FmValue::Null => "null".into(),
        other => format!("{other:?}"),
    }
}

/// serde-saphyr messages end with " at line L column C"; we show positions ourselves.
fn clean_yaml_message(msg: &str) -> String {
    let first = msg.lines().next().unwrap_or(msg).trim();
    let cut = first.rfind(" at line ").map_or(first, |i| &first[..i]);
    cut.trim_end_matches('.').to_string()
}

/// Convert a serde-saphyr location (relative to `yaml`) into a file byte range.
fn located(yaml: &str, base: usize, loc: &serde_saphyr::Location) -> Range<usize> {
    let span = loc.span();
    if let (Some(off), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let mut start = (off as usize).min(yaml.len());
        let mut end = (start + len as usize).min(yaml.len());
        while !yaml.is_char_boundary(start) {
            start -= 1;
        }
        while !yaml.is_char_boundary(end) {
            end += 1;
        }
        return base + start..base + end;
    }
    // Fall back on line/column (1-based, columns in characters).
    let (line, column) = (loc.line() as usize, loc.column() as usize);
    if line == 0 {
        return base..base;
    }
    let mut offset = 0;
    for (i, l) in yaml.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_off: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return base + offset + col_off..base + offset + col_off;
        }
        offset += l.len();
    }
    base + yaml.len()..base + yaml.len()
}

fn parse_toml(text: &str, content: Range<usize>, fm: &mut FrontMatter) {
    let src = &text[content.clone()];
    match src.parse::<toml::Table>() {
        Ok(table) => {
            let lines = toml_key_lines(src);
            fm.entries = table
                .into_iter()
                .map(|(k, v)| {
                    // Locate the key at the start of a line for a useful range.
                    let at = find_toml_key(&lines, &k).map_or(content.start, |i| content.start + i);
                    FmEntry {
                        key_range: at..at + k.len(),
                        value_range: at..at + k.len(),
                        key: k,
                        value: toml_value(v),
                    }
                })
                .collect();
        }
        Err(err) => {
            let range = err.span().map_or(content.start..content.start, |s| {
                content.start + s.start..content.start + s.end
            });
            fm.error = Some(FmError {
                range,
                message: err.message().trim_end_matches('.').to_string(),
            });
        }
    }
}

/// Where the lines of `src` written `key = value` start (past their indentation), by key:
/// the text before the line's first `=`, trimmed; the first line of each key. Read in one
/// pass, not once per key (quadratic in keys).
fn toml_key_lines(src: &str) -> rustc_hash::FxHashMap<&str, usize> {
    let mut at = rustc_hash::FxHashMap::default();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(eq) = trimmed.find('=') {
            at.entry(trimmed[..eq].trim_end())
                .or_insert(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    at
}

/// Where the first line `key = value` of a key starts. A key holding `=` or ending in
/// white space can only be written quoted, and its line starts with the quote: a line
/// starting with it unquoted is another key's, or inside a multi-line string, so it is not
/// looked for.
fn find_toml_key(lines: &rustc_hash::FxHashMap<&str, usize>, key: &str) -> Option<usize> {
    if key.contains('=') || key.ends_with(char::is_whitespace) {
        return None;
    }
    lines.get(key).copied()
}

fn toml_value(v: toml::Value) -> FmValue {
    match v {
        toml::Value::String(s) => FmValue::String(s),
        toml::Value::Integer(i) => FmValue::Int(i),
        toml::Value::Float(f) => FmValue::Float(f),
        toml::Value::Boolean(b) => FmValue::Bool(b),
        toml::Value::Datetime(d) => FmValue::String(d.to_string()),
        toml::Value::Array(a) => FmValue::List(a.into_iter().map(toml_value).collect()),
        toml::Value::Table(t) => {
            FmValue::Map(t.into_iter().map(|(k, v)| (k, toml_value(v))).collect())
        }
    }
}

/// Top-level mapping in document order, keys and values with their locations.
struct Entries(Vec<(Spanned<FmValue>, Spanned<FmValue>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of keys to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<Spanned<FmValue>>()? {
                    let v = map.next_value::<Spanned<FmValue>>()?;
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Entries, E> {
                Ok(Entries(Vec::new()))
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for FmValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FmValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<FmValue, E> {
                Ok(FmValue::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<FmValue, E> {
                Ok(FmValue::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<FmValue, E> {
                Ok(i64::try_from(v).map_or(FmValue::Float(v as f64), FmValue::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<FmValue, E> {
                Ok(FmValue::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<FmValue, E> {
                Ok(FmValue::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<FmValue, E> {
                Ok(FmValue::String(v))
            }
            fn visit_unit<E>(self) -> Result<FmValue, E> {
                Ok(FmValue::Null)
            }
            fn visit_none<E>(self) -> Result<FmValue, E> {
                Ok(FmValue::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<FmValue, D::Error> {
                FmValue::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FmValue, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<FmValue>()? {
                    out.push(v);
                }
                Ok(FmValue::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FmValue, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<FmValue>()? {
                    let v = map.next_value::<FmValue>()?;
                    let key = key_string(&k);
                    // A key written twice: Psych keeps the last value.
                    out.retain(|(o, _): &(String, FmValue)| *o != key);
                    out.push((key, v));
                }
                Ok(FmValue::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `entries` read from `yaml` as the body of a front matter, with value ranges
    /// extended as `parse_yaml` extends them.
    fn in_front_matter(yaml: &str, mut entries: Vec<FmEntry>) -> Vec<FmEntry> {
        let text = format!("---\n{yaml}---\n");
        extend_value_ranges(&text, 4 + yaml.len(), &mut entries);
        entries
    }

    #[test]
    fn quoted_values_may_go_on_unindented() {
        for (yaml, want) in [
            (
                "title: T\nexcerpt: \"Make your code\n` easy` to share\"\ntags: [a]\n",
                "Make your code ` easy` to share",
            ),
            (
                "title: T\r\nexcerpt: 'it''s\r\nfine'\r\ntags: [a]\r\n",
                "it's fine",
            ),
        ] {
            let text = format!("---\n{yaml}---\nBody.\n");
            let fm = split(&text, 0).0.expect("front matter");
            assert!(fm.error.is_none(), "{:?}", fm.error);
            let excerpt = fm.get("excerpt").expect("excerpt");
            assert_eq!(excerpt.value, FmValue::String(want.into()));
            assert_eq!(fm.entries.len(), 3);
        }
        // A quote that never closes is still an error.
        let text = "---\ntitle: \"T\nlayout: post\n---\n";
        assert!(split(text, 0).0.expect("front matter").error.is_some());
    }

    #[test]
    fn dates_as_jekyll_reads_them() {
        for ok in [
            "2020-04-28",
            "2020-04-28 10:00:00 -0500",
            "2020-04-28T10:00:00Z",
            "February 21, 2017",
            "21 Feb 2017",
            "Sept 3 2019 14:00",
            "2017/02/21",
            "21.02.2017",
            "Monday",
            " 2020-12-31 ",
        ] {
            assert!(is_readable_date(ok), "{ok}");
        }
        for bad in [
            "TBD",
            "...",
            "soon",
            "",
            "2020-13-01",
            "2020-00-10",
            "2020-04-32",
            "todo",
            "Ma",
        ] {
            assert!(!is_readable_date(bad), "{bad}");
        }
    }

    #[test]
    fn days_written_by_hand() {
        for (s, want) in [
            ("2020-04-28", Some((2020, 4, 28))),
            ("2020-04-28 10:00:00 -0500", Some((2020, 4, 28))),
            ("2020-04-28T10:00:00Z", Some((2020, 4, 28))),
            ("2020/4/8", Some((2020, 4, 8))),
            ("April 28, 2020", Some((2020, 4, 28))),
            ("Monday, April 28th, 2020", Some((2020, 4, 28))),
            ("28 Apr 2020 10:00", Some((2020, 4, 28))),
            ("2020-02-30", None),
            ("04/28/2020", None),
            ("TBD", None),
        ] {
            assert_eq!(written_day(s), want, "{s}");
        }
        assert_eq!(
            file_name_date("2022-06-31-x"),
            Some((2022, 6, 31, "2022-06-31"))
        );
        assert_eq!(
            file_name_date("2020-4-8-a-b"),
            Some((2020, 4, 8, "2020-4-8"))
        );
        assert_eq!(file_name_date("notes-2020"), None);
        assert!(!valid_ymd(2022, 6, 31) && !valid_ymd(2019, 14, 3) && valid_ymd(2024, 2, 29));
        assert!(!valid_ymd(2023, 2, 29));
    }

    #[test]
    fn the_simple_reader_reads_what_the_yaml_parser_reads() {
        let keys = [
            "title", "layout", "date", "tags", "author", "x_y", "a-b", "T2",
        ];
        let values = [
            "Hello",
            "Hello world",
            "Dask: a summary",
            "C# and F#",
            "a #b",
            "a#b",
            "x:",
            "\"quoted\"",
            "\"with 'inner'\"",
            "'single'",
            "'it''s'",
            "\"a\\nb\"",
            "[a, b]",
            "[Python, Dask, GPU]",
            "[]",
            "[ ]",
            "[1, 2]",
            "[a, [b]]",
            "[yes, no]",
            "[a,b]",
            "2020-04-28",
            "2020-04-28 10:30",
            "2020-04-28 10:30:00 +1000",
            "2020-04-28T10:30:00Z",
            "2020-04-28 10:30:00 -05:00",
            "2020-13-45",
            "2020-04-28x",
            "1",
            "1.5",
            "-1",
            "+1",
            ".5",
            "0x1f",
            "1e3",
            "true",
            "False",
            "yes",
            "No",
            "on",
            "Off",
            "y",
            "N",
            "null",
            "Null",
            "~",
            "",
            "-",
            "- item",
            "?x",
            "&a",
            "*a",
            "!tag x",
            "|",
            ">",
            "%x",
            "@x",
            "`x`",
            "{a: b}",
            "Ünïcode title",
            "http://x.org/a#b",
            "http://x.org/a?b=c:d",
            "a  b",
            "\"\"",
            "''",
            "[a, ]",
            "[,]",
            "[ a ,b ]",
            "2020-04-28 ",
            "2020-04-28 10:30:00.5",
            "trailing   ",
            "Über: x",
            "value # comment",
            "nan",
            ".inf",
            "-.inf",
        ];
        let mut rng = crate::test_rng::Rng(0x2545_f491_4f6c_dd1d);
        let mut next = |n: usize| rng.below(n);
        let mut taken = 0;
        for round in 0..10_000 {
            let mut yaml = String::new();
            for _ in 0..1 + next(4) {
                let key = keys[next(keys.len())];
                let value = values[next(values.len())];
                let gap = [" ", "  ", ""][next(3)];
                yaml.push_str(&format!("{key}:{gap}{value}\n"));
                if next(8) == 0 {
                    yaml.push('\n');
                }
            }
            if round % 50 == 0 {
                yaml.push_str("  indented: x\n");
            }
            if let Some(fast) = simple_yaml(&yaml, 4) {
                taken += 1;
                let by_parser = parser_entries(&yaml, 4).ok();
                assert_eq!(
                    Some(in_front_matter(&yaml, fast)),
                    by_parser.map(|e| in_front_matter(&yaml, e)),
                    "{yaml}"
                );
            }
        }
        assert!(taken > 500, "the simple reader took only {taken} documents");
        let typical = "layout: post\ntitle: \"Community recap 7\"\nauthor: Blue Yonder\ndate: 2001-03-04\ntags: [Python, recap, GPU]\n";
        assert!(simple_yaml(typical, 0).is_some());
    }

    #[test]
    fn scalars_are_typed_as_psych_types_them() {
        use FmValue::*;
        for (raw, want) in [
            ("N", String("N".into())),
            ("n", String("n".into())),
            ("y", String("y".into())),
            ("Y", String("Y".into())),
            ("yes", Bool(true)),
            ("No", Bool(false)),
            ("ON", Bool(true)),
            ("off", Bool(false)),
            ("True", Bool(true)),
            ("FALSE", Bool(false)),
            ("yEs", Bool(true)),
            ("null", Null),
            ("NULL", Null),
            ("~", Null),
            ("nil", String("nil".into())),
            ("42", Int(42)),
            ("-7", Int(-7)),
            ("+3", Int(3)),
            ("1_000", Int(1000)),
            ("1,000", Int(1000)),
            ("017", Int(15)),
            ("0x1f", Int(31)),
            ("0b101", Int(5)),
            ("1:30", Int(90)),
            ("1.5", Float(1.5)),
            (".5", Float(0.5)),
            ("3.", Float(3.0)),
            ("1.0e+3", Float(1000.0)),
            ("1e3", String("1e3".into())),
            ("09", String("09".into())),
            (".", String(".".into())),
            ("3.0.1", String("3.0.1".into())),
            ("2020-04-28", String("2020-04-28".into())),
            ("Ruby 3.0", String("Ruby 3.0".into())),
            ("x", String("x".into())),
        ] {
            assert_eq!(psych_scalar(raw), want, "{raw}");
        }
        assert!(matches!(psych_scalar(".inf"), Float(f) if f.is_infinite()));
        assert!(matches!(psych_scalar(".NaN"), Float(f) if f.is_nan()));
    }

    #[test]
    fn front_matter_values_follow_psych() {
        let text = "---\ntitle: N\nshort: y\npublished: no\nquoted: \"yes\"\nversion: 3.0\nrate: 1e3\ntags: [y, n]\n---\n";
        let fm = split(text, 0).0.expect("front matter");
        assert!(fm.error.is_none(), "{:?}", fm.error);
        let v = |k: &str| fm.get(k).unwrap().value.clone();
        assert_eq!(v("title"), FmValue::String("N".into()));
        assert_eq!(v("short"), FmValue::String("y".into()));
        assert_eq!(v("published"), FmValue::Bool(false));
        assert_eq!(v("quoted"), FmValue::String("yes".into()));
        assert_eq!(v("version"), FmValue::Float(3.0));
        assert_eq!(v("rate"), FmValue::String("1e3".into()));
        assert_eq!(
            v("tags"),
            FmValue::List(vec![
                FmValue::String("y".into()),
                FmValue::String("n".into())
            ])
        );
        assert_eq!(&text[fm.get("title").unwrap().value_range.clone()], "N");
    }

    #[test]
    fn splits_yaml_with_positions() {
        let text = "---\ntitle: Hello\ntags: [a, b]\n---\nBody\n";
        let (fm, body) = split(text, 0);
        let fm = fm.unwrap();
        assert!(fm.closed);
        assert_eq!(&text[body..], "Body\n");
        assert_eq!(fm.entries.len(), 2);
        let title = fm.get("title").unwrap();
        assert_eq!(&text[title.key_range.clone()], "title");
        assert!(text[title.value_range.clone()].starts_with("Hello"));
        assert_eq!(
            fm.get("tags").unwrap().value,
            FmValue::List(vec![
                FmValue::String("a".into()),
                FmValue::String("b".into())
            ])
        );
    }

    #[test]
    fn unterminated_block_leaves_body_at_top() {
        let text = "---\ntitle: x\n\n# Heading\n";
        let (fm, body) = split(text, 0);
        let fm = fm.unwrap();
        assert!(!fm.closed);
        assert_eq!(body, 0);
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_as_psych_does() {
        let text = "---\ntitle: ok\ntags: [a]\ntitle: twice\nmeta:\n  a: 1\n  a: 2\n---\n";
        let fm = split(text, 0).0.unwrap();
        assert!(fm.error.is_none(), "{:?}", fm.error);
        let keys: Vec<&str> = fm.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["tags", "title", "meta"]);
        assert_eq!(fm.get("title").unwrap().value.as_str(), Some("twice"));
        assert_eq!(
            fm.get("meta").unwrap().value,
            FmValue::Map(vec![("a".into(), FmValue::Int(2))])
        );
        assert_eq!(fm.duplicates.len(), 1);
        let d = &fm.duplicates[0];
        assert_eq!(
            (d.key.as_str(), &text[d.dropped.clone()]),
            ("title", "title")
        );
        assert_eq!(d.dropped.start, 4);
        assert_eq!(d.kept.start, text.find("title: twice").unwrap());
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\ntitle: \"Oops\nauthor: me\n---\nx\n";
        let (fm, _) = split(text, 0);
        assert!(fm.unwrap().error.is_some());
    }

    #[test]
    fn alias_bomb_is_bounded() {
        let mut yaml = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for i in 1..10 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            yaml.push_str(&format!(
                "{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        yaml.push_str("---\n");
        let (fm, _) = split(&yaml, 0);
        assert!(fm.unwrap().error.is_some());
    }

    /// Linear in keys: each value looked at every key for the next one (YAML), and each
    /// key at every line for its own (TOML).
    #[test]
    fn many_keys_take_linear_time() {
        let yaml = |n: usize| {
            let keys: String = (0..n).map(|i| format!("k{i}: [v]\n")).collect();
            format!("---\n{keys}---\nText.\n")
        };
        let toml = |n: usize| {
            let keys: String = (0..n).map(|i| format!("k{i} = 1\n")).collect();
            format!("+++\n{keys}+++\nText.\n")
        };
        for make in [&yaml as &dyn Fn(usize) -> String, &toml] {
            crate::rules::test_support::assert_linear(1_000, make, |text| {
                let (fm, _) = split(text, 0);
                let fm = fm.unwrap();
                assert!(fm.error.is_none(), "{:?}", fm.error);
                let last = fm.entries.last().unwrap();
                assert_eq!(&text[last.key_range.clone()], last.key);
            });
        }
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Hi\"\n+++\nBody";
        let (fm, body) = split(text, 0);
        let fm = fm.unwrap();
        assert_eq!(fm.format, FrontMatterFormat::Toml);
        assert_eq!(fm.get("title").unwrap().value.as_str(), Some("Hi"));
        assert_eq!(&text[body..], "Body");
    }

    #[test]
    fn not_front_matter_without_fence_on_first_line() {
        let (fm, body) = split("Title\n---\n", 0);
        assert!(fm.is_none());
        assert_eq!(body, 0);
    }
}
