//! Small helpers every layer may use.

/// `n` and a noun in its number: `1 file`, `2 files`, `0 fixes`, `3 entries`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("{n} {noun}");
    }
    let consonant_y = noun.strip_suffix('y').is_some_and(|stem| {
        stem.chars()
            .last()
            .is_some_and(|c| !"aeiou".contains(c.to_ascii_lowercase()))
    });
    if consonant_y {
        format!("{n} {}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with(['s', 'x', 'z']) || noun.ends_with("ch") || noun.ends_with("sh") {
        format!("{n} {noun}es")
    } else {
        format!("{n} {noun}s")
    }
}

/// Move `v` into an allocation of exactly its length. Not `shrink_to_fit`: an allocator
/// may keep a block that shrinks by less than half in place (mimalloc does), and then the
/// spare capacity stays held.
pub fn exact<T>(v: &mut Vec<T>) {
    if v.capacity() > v.len() {
        let mut fitted = Vec::with_capacity(v.len());
        fitted.append(v);
        *v = fitted;
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(0, "file"), "0 files");
        assert_eq!(count(2, "fix"), "2 fixes");
        assert_eq!(count(1, "fix"), "1 fix");
        assert_eq!(count(3, "entry"), "3 entries");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(5, "info"), "5 infos");
        assert_eq!(count(2, "temporary file"), "2 temporary files");
        assert_eq!(count(1, "more finding"), "1 more finding");
    }
}
