//! Calendar dates written in English prose (`March 9, 2021`, `9th March`, `2021-03-09`),
//! for rules that ask whether a post talks about a day after its own date (an announcement
//! of a future event, where "Speaker: TBA" is honest).

use std::sync::LazyLock;

use regex::Regex;

/// A day; `year` is `None` when the text gives none (`March 9`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: Option<u16>,
    pub month: u8,
    pub day: u8,
}

const MONTHS: &str = r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let m = MONTHS;
    Regex::new(&format!(
        r"\b(?:(?P<m1>{m})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:[\-–]\d{{1,2}}(?:st|nd|rd|th)?)?(?:,? (?P<y1>\d{{4}}))?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<m2>{m})\.?(?:,? (?P<y2>\d{{4}}))?|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))\b"
    ))
    .expect("date regex")
});

fn month(name: &str) -> u8 {
    const ORDER: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let head = name.get(..3).unwrap_or(name).to_ascii_lowercase();
    ORDER
        .iter()
        .position(|m| *m == head)
        .map_or(0, |i| i as u8 + 1)
}

/// The dates written in `text`, in order (impossible days left out).
pub fn dates(text: &str) -> Vec<Day> {
    DATE.captures_iter(text)
        .filter_map(|c| {
            let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u16>().ok());
            let (m, d, y) = if let Some(m) = c.name("m1") {
                (month(m.as_str()), num("d1")?, num("y1"))
            } else if let Some(m) = c.name("m2") {
                (month(m.as_str()), num("d2")?, num("y2"))
            } else {
                (num("m3")? as u8, num("d3")?, num("y3"))
            };
            ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(Day {
                year: y,
                month: m,
                day: d as u8,
            })
        })
        .collect()
}

/// The `YYYY-MM-DD` a string starts with (a front-matter `date`, a post's file name).
pub fn leading_iso(s: &str) -> Option<Day> {
    let b = s.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| std::str::from_utf8(&b[r]).ok()?.parse::<u16>().ok();
    let (year, month, day) = (n(0..4)?, n(5..7)?, n(8..10)?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Day {
        year: Some(year),
        month: month as u8,
        day: day as u8,
    })
}

/// Does `text` name a day after `after` (a date without a year is taken in `after`'s year)?
pub fn names_a_later_day(text: &str, after: Day) -> bool {
    dates(text).into_iter().any(|d| {
        let year = d.year.or(after.year);
        (year, d.month, d.day) > (after.year, after.month, after.day)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_forms() {
        let got = dates(
            "On March 9th, 2021 and 4 June; then Sept. 30 and 2022-01-15; not 99 Foo or May 45.",
        );
        let flat: Vec<(Option<u16>, u8, u8)> =
            got.iter().map(|d| (d.year, d.month, d.day)).collect();
        assert_eq!(
            flat,
            [
                (Some(2021), 3, 9),
                (None, 6, 4),
                (None, 9, 30),
                (Some(2022), 1, 15)
            ]
        );
    }

    #[test]
    fn later_days() {
        let post = leading_iso("2021-08-11T16:00:00Z").unwrap();
        assert!(names_a_later_day("The meetup is on September 2.", post));
        assert!(!names_a_later_day("We met on 3 August.", post));
        assert!(!names_a_later_day("Back in July 2020 we said so.", post));
        assert!(names_a_later_day("See you on 2022-01-05!", post));
        assert_eq!(leading_iso("2021-3-4-x"), None);
    }
}
