//! Optimal string alignment distance (Damerau–Levenshtein where a transposition counts
//! as one edit and no substring is edited twice), with an early cut-off.

/// Distance between `a` and `b` in characters, or `None` when it exceeds `max`.
pub fn osa(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        // Short ASCII strings (almost every call): bytes, and rows on the stack.
        if a.len() < SHORT && b.len() < SHORT {
            let mut rows = [[0usize; SHORT]; 3];
            let [r0, r1, r2] = &mut rows;
            return osa_rows(a.as_bytes(), b.as_bytes(), max, [r0, r1, r2]);
        }
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; 3];
    let [r0, r1, r2] = &mut rows[..] else {
        unreachable!("three rows")
    };
    osa_rows(&a, &b, max, [r0, r1, r2])
}

/// Strings shorter than this (in bytes) are compared without allocating.
const SHORT: usize = 64;

/// The recurrence over three rows (two back, previous, current) of at least `b.len() + 1`
/// cells each, stopping as soon as a whole row exceeds `max`.
fn osa_rows<T: PartialEq>(
    a: &[T],
    b: &[T],
    max: usize,
    [mut prev2, mut prev, mut cur]: [&mut [usize]; 3],
) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    for (j, p) in prev.iter_mut().enumerate().take(m + 1) {
        *p = j;
    }
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m];
    (d <= max).then_some(d)
}

/// Every string obtained by deleting up to `depth` characters (SymSpell-style keys),
/// appended to `out` (which may then hold duplicates).
pub fn deletes(word: &str, depth: usize, out: &mut Vec<String>) {
    let start = out.len();
    out.push(word.to_string());
    let mut level = start..out.len();
    for _ in 0..depth {
        let next_start = out.len();
        for i in level.clone() {
            let w = out[i].clone();
            for (at, c) in w.char_indices() {
                let mut d = String::with_capacity(w.len());
                d.push_str(&w[..at]);
                d.push_str(&w[at + c.len_utf8()..]);
                out.push(d);
            }
        }
        level = next_start..out.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpositions_count_once() {
        assert_eq!(osa("RAPDIS", "RAPIDS", 2), Some(1));
        assert_eq!(osa("Captial", "Capital", 2), Some(1));
        assert_eq!(osa("Dwon", "Down", 1), Some(1));
        assert_eq!(osa("Medial", "Medical", 1), Some(1));
        assert_eq!(osa("kitten", "sitting", 2), None);
        assert_eq!(osa("kitten", "sitting", 3), Some(3));
        assert_eq!(osa("same", "same", 0), Some(0));
    }

    #[test]
    fn the_short_path_agrees_with_the_general_one() {
        let mut rng = crate::test_rng::Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..3000 {
            let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
                (0..next(9))
                    .map(|_| char::from(b'a' + next(4) as u8))
                    .collect()
            };
            let (a, b) = (word(&mut next), word(&mut next));
            let max = next(5);
            let general = {
                let ac: Vec<char> = a.chars().collect();
                let bc: Vec<char> = b.chars().collect();
                // The general path, forced by a non-ASCII twin of each string.
                let twin = |s: &[char]| {
                    s.iter()
                        .map(|&c| if c == 'a' { 'ä' } else { c })
                        .collect::<String>()
                };
                osa(&twin(&ac), &twin(&bc), max)
            };
            assert_eq!(osa(&a, &b, max), general, "{a} {b} {max}");
        }
    }

    #[test]
    fn deletes_cover_distance() {
        let mut d = Vec::new();
        deletes("abc", 1, &mut d);
        d.sort();
        d.dedup();
        assert_eq!(d, ["ab", "abc", "ac", "bc"]);
    }
}
