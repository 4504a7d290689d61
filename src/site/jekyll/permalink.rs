//! Permalinks as Jekyll fills them: named styles, placeholders, slugs, dates (with the
//! UTC offsets and hand-written forms Ruby's `Time.parse` reads), and the forms under
//! which a URL is served.

/// A day of the calendar, as Jekyll puts it in a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        (1..=12)
            .contains(&month)
            .then_some(())
            .filter(|()| day >= 1 && day <= days_in_month(year, month))
            .map(|()| Day { year, month, day })
    }

    /// The next or previous day.
    pub fn shift(self, by: i32) -> Day {
        let mut d = self;
        if by > 0 {
            if d.day < days_in_month(d.year, d.month) {
                d.day += 1;
            } else if d.month < 12 {
                d.month += 1;
                d.day = 1;
            } else {
                d = Day {
                    year: d.year + 1,
                    month: 1,
                    day: 1,
                };
            }
        } else if by < 0 {
            if d.day > 1 {
                d.day -= 1;
            } else if d.month > 1 {
                d.month -= 1;
                d.day = days_in_month(d.year, d.month);
            } else {
                d = Day {
                    year: d.year - 1,
                    month: 12,
                    day: 31,
                };
            }
        }
        d
    }

    /// Day of the year, 1-based (`:y_day`).
    pub fn ordinal(self) -> u32 {
        (1..self.month)
            .map(|m| days_in_month(self.year, m))
            .sum::<u32>()
            + self.day
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The days a front-matter `date:` can put a post on. Usually one; a date-time with a UTC
/// offset is moved to the site's time zone by Jekyll, which postlint cannot always compute
/// (time-zone rules are not built in), so both the written day and the day in UTC (and,
/// with `timezone:` set, the days around it) are candidates. Empty when `s` is no date.
pub fn days_of(s: &str, timezone_set: bool) -> Vec<Day> {
    let s = s.trim();
    let Some(day) = parse_day(s) else {
        return Vec::new();
    };
    // The most likely day first: in UTC (where GitHub Pages and most CI build) when no
    // `timezone:` is set, else the day as written.
    let mut out = vec![day];
    if let Some(minutes) = utc_offset(s) {
        if let Some(local) = time_of_day(s) {
            // The instant in UTC, then the day it falls on.
            let utc = local - minutes;
            let shifted = if utc < 0 {
                day.shift(-1)
            } else if utc >= 24 * 60 {
                day.shift(1)
            } else {
                day
            };
            if timezone_set {
                out.extend([shifted, shifted.shift(-1), shifted.shift(1)]);
            } else {
                out.insert(0, shifted);
            }
        }
    } else if timezone_set && time_of_day(s).is_some() {
        out.extend([day.shift(-1), day.shift(1)]);
    }
    let mut seen = Vec::with_capacity(out.len());
    out.retain(|d| {
        let new = !seen.contains(d);
        seen.push(*d);
        new
    });
    out
}

/// The calendar day of a date as Ruby's `Time.parse` reads the common forms: ISO
/// (`2020-04-28`, `2020-4-8 10:00`), `2020/04/28`, and hand-written English dates
/// (`January 12, 2021`, `12 Jan 2021`, `Tue, 12 Jan 2021`).
pub fn parse_day(s: &str) -> Option<Day> {
    let s = s.trim();
    let b = s.as_bytes();
    // Year first: 2020-04-28, 2020/4/8.
    if b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b'/') {
        let sep = b[4] as char;
        let mut parts = s[5..].splitn(2, sep);
        let month: u32 = parts.next()?.parse().ok()?;
        let rest = parts.next()?;
        let day_digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let day: u32 = day_digits.parse().ok()?;
        return Day::new(s[..4].parse().ok()?, month, day);
    }
    // Words: a month name, a day and a four-digit year in any order.
    let (mut year, mut month, mut day) = (None, None, None);
    for w in s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let lower = w.to_ascii_lowercase();
        if lower.len() >= 3 && lower.chars().all(|c| c.is_ascii_alphabetic()) {
            if let Some(m) = MONTHS.iter().position(|m| lower.starts_with(m)) {
                month.get_or_insert(m as u32 + 1);
            }
            continue;
        }
        let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if digits.len() == 4 && year.is_none() {
            year = digits.parse().ok();
        } else if digits.len() <= 2 && day.is_none() {
            day = digits.parse().ok();
        }
        // A time of day (10:00) comes as two short numbers after the day: ignored.
    }
    Day::new(year?, month?, day?)
}

/// Minutes east of UTC of a date-time's offset (`+0530`, `-04:00`, `Z`), if it has one.
fn utc_offset(s: &str) -> Option<i32> {
    let t = time_start(s)?;
    let rest = &s[t..];
    if rest.trim_end().ends_with('Z') {
        return Some(0);
    }
    let i = rest.rfind(['+', '-'])?;
    let digits: String = rest[i + 1..].chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 4 && digits.len() != 2 {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
    let sign = if rest.as_bytes()[i] == b'-' { -1 } else { 1 };
    Some(sign * (h * 60 + m))
}

/// Minutes since midnight of a date-time's time (`10:05`), if it has one.
fn time_of_day(s: &str) -> Option<i32> {
    let t = time_start(s)?;
    let rest = &s[t..];
    let mut it = rest.split(':');
    let h: i32 = it.next()?.trim().parse().ok()?;
    let m: i32 = it
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Where the `HH:MM` of a date-time starts.
fn time_start(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let start = s[..colon]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    (colon - start <= 2 && colon > start).then_some(start)
}

/// A named permalink style, expanded (others are templates already).
pub fn expand_style(p: &str) -> String {
    match p {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        other => other.to_string(),
    }
}

/// What a page's URL ends with under the site's permalink style (Jekyll's
/// `Utils.add_permalink_suffix`): `/` for `pretty` and templates ending in `/`,
/// `:output_ext` for the named styles and templates ending in it, else nothing.
pub fn page_suffix(style: &str) -> &'static str {
    match style {
        "pretty" => "/",
        "date" | "ordinal" | "none" | "weekdate" => ":output_ext",
        s if s.ends_with('/') => "/",
        s if s.ends_with(":output_ext") => ":output_ext",
        _ => "",
    }
}

/// Jekyll's default slugify: lowercase, runs of non-alphanumerics to one `-`, trimmed.
pub fn slugify(s: &str) -> String {
    slug(
        s.chars().flat_map(char::to_lowercase),
        char::is_alphanumeric,
    )
}

/// Jekyll's `pretty` slug mode keeping case, used for `:title`: runs of characters other
/// than letters, marks, digits and `._~!$&'()+,;=@` become one `-`, trimmed at the ends.
pub fn slugify_title(s: &str) -> String {
    slug(s.chars(), |c| {
        c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c)
    })
}

/// Keep the characters `keep` accepts; each run of others becomes one `-`, none at the ends.
fn slug(chars: impl Iterator<Item = char>, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in chars {
        if keep(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The values placeholders take for one document.
#[derive(Debug, Default)]
pub struct Fields<'a> {
    pub day: Option<Day>,
    /// The name `:title` and `:slug` are made from (a post's file name without its date, a
    /// document's base name, or the front matter's `slug`).
    pub title: &'a str,
    /// Categories, already as Jekyll writes them in URLs (lowercase).
    pub categories: &'a [String],
    pub collection: &'a str,
    /// The path inside its collection or folder, without extension (`guide/a`).
    pub path: &'a str,
    /// The base name without extension.
    pub basename: &'a str,
    pub output_ext: &'a str,
}

/// Fill `template`; `None` when it needs a date the document does not have.
pub fn fill(template: &str, f: &Fields) -> Option<String> {
    let needs_day = [
        ":year",
        ":month",
        ":day",
        ":i_month",
        ":i_day",
        ":short_year",
        ":y_day",
        ":week",
        ":short_day",
        ":long_month",
        ":short_month",
        ":hour",
        ":minute",
        ":second",
    ]
    .iter()
    .any(|k| template.contains(k));
    let day = match f.day {
        Some(d) => d,
        None if needs_day => return None,
        None => Day {
            year: 1970,
            month: 1,
            day: 1,
        },
    };
    let cats = f
        .categories
        .iter()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("/");
    let title = slugify_title(f.title);
    let slug = slugify(f.title);
    let name = slugify(f.basename);
    let year = day.year.to_string();
    let short_year = format!("{:02}", day.year % 100);
    let month = format!("{:02}", day.month);
    let dd = format!("{:02}", day.day);
    let i_month = day.month.to_string();
    let i_day = day.day.to_string();
    let y_day = format!("{:03}", day.ordinal());
    let short_month = MONTHS[day.month as usize - 1];
    let short_month = format!("{}{}", short_month[..1].to_uppercase(), &short_month[1..]);
    // Longest placeholders first, so `:i_month` is not read as `:i` + `_month`.
    let mut out = template.to_string();
    for (key, value) in [
        (":categories", cats.as_str()),
        (":collection", f.collection),
        (":output_ext", f.output_ext),
        (":short_year", short_year.as_str()),
        (":short_month", short_month.as_str()),
        (":i_month", i_month.as_str()),
        (":i_day", i_day.as_str()),
        (":y_day", y_day.as_str()),
        (":year", year.as_str()),
        (":month", month.as_str()),
        (":day", dd.as_str()),
        (":title", title.as_str()),
        (":slug", slug.as_str()),
        (":name", name.as_str()),
        (":path", f.path),
        (":basename", f.basename),
    ] {
        // One placeholder after another, as Jekyll does; most are absent from a template.
        if out.contains(key) {
            out = out.replace(key, value);
        }
    }
    Some(normalize_url(&out))
}

/// Collapse `//`, make sure of a leading `/`.
pub fn normalize_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 1);
    if !url.starts_with('/') {
        out.push('/');
    }
    let mut prev_slash = false;
    for c in url.chars() {
        if c == '/' {
            if prev_slash {
                continue;
            }
            prev_slash = true;
        } else {
            prev_slash = false;
        }
        out.push(c);
    }
    out
}

/// The forms under which a URL path is served (`/a/b.html` ≡ `/a/b`, `/a/` ≡
/// `/a/index.html` ≡ `/a`): what Jekyll writes and GitHub Pages and most servers answer.
pub fn url_keys(url: &str) -> Vec<String> {
    let u = normalize_url(url);
    let mut keys = vec![u.clone()];
    if let Some(stripped) = u.strip_suffix(".html") {
        keys.push(stripped.to_string());
        if let Some(dir) = stripped.strip_suffix("/index") {
            keys.push(format!("{dir}/"));
            if !dir.is_empty() {
                keys.push(dir.to_string());
            }
        }
    } else if u.ends_with('/') {
        keys.push(format!("{u}index.html"));
        if u.len() > 1 {
            keys.push(u.trim_end_matches('/').to_string());
        }
    } else {
        keys.push(format!("{u}.html"));
        keys.push(format!("{u}/"));
        keys.push(format!("{u}/index.html"));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Day {
        Day::new(y, m, day).unwrap()
    }

    #[test]
    fn dates_as_ruby_reads_them() {
        assert_eq!(parse_day("2020-04-28"), Some(d(2020, 4, 28)));
        assert_eq!(parse_day("2020-4-8 10:00"), Some(d(2020, 4, 8)));
        assert_eq!(parse_day("2020/04/28"), Some(d(2020, 4, 28)));
        assert_eq!(parse_day("January 12, 2021"), Some(d(2021, 1, 12)));
        assert_eq!(parse_day("Tue, 12 Jan 2021 10:00"), Some(d(2021, 1, 12)));
        assert_eq!(parse_day("2022-06-31"), None);
        assert_eq!(parse_day("TBD"), None);
    }

    #[test]
    fn an_offset_can_move_a_post_to_the_next_day() {
        assert_eq!(
            days_of("2019-03-27 23:05:01 -04:00", false),
            [d(2019, 3, 28), d(2019, 3, 27)]
        );
        assert_eq!(
            days_of("2019-03-27 10:00:00 +0000", false),
            [d(2019, 3, 27)]
        );
        assert_eq!(days_of("2019-03-27", false), [d(2019, 3, 27)]);
        assert_eq!(
            days_of("2020-01-01T01:00:00+05:30", false),
            [d(2019, 12, 31), d(2020, 1, 1)]
        );
    }

    #[test]
    fn fills_templates() {
        let f = Fields {
            day: Some(d(2020, 4, 8)),
            title: "Dask Summit",
            categories: &["zh_cn".to_string(), "news".to_string()],
            output_ext: ".html",
            ..Fields::default()
        };
        assert_eq!(
            fill(&expand_style("pretty"), &f).unwrap(),
            "/zh_cn/news/2020/04/08/Dask-Summit/"
        );
        assert_eq!(
            fill("/:year/:i_month/:i_day/:slug:output_ext", &f).unwrap(),
            "/2020/4/8/dask-summit.html"
        );
        let doc = Fields {
            collection: "docs",
            path: "guide/install",
            basename: "install",
            title: "install",
            output_ext: ".html",
            ..Fields::default()
        };
        assert_eq!(
            fill("/:collection/:path:output_ext", &doc).unwrap(),
            "/docs/guide/install.html"
        );
        assert_eq!(fill("/:year/:title/", &doc), None);
    }

    #[test]
    fn served_forms() {
        assert!(url_keys("/a/b.html").contains(&"/a/b".to_string()));
        assert!(url_keys("/a/").contains(&"/a/index.html".to_string()));
        assert!(url_keys("/a/index.html").contains(&"/a/".to_string()));
        assert!(url_keys("/a/index.html").contains(&"/a".to_string()));
        assert!(url_keys("/a").contains(&"/a/".to_string()));
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(d(2020, 12, 31).shift(1), d(2021, 1, 1));
        assert_eq!(d(2020, 3, 1).shift(-1), d(2020, 2, 29));
        assert_eq!(d(2021, 3, 1).ordinal(), 60);
    }
}
