//! The hash of the embedded word list's table, shared by the build script (which lays the
//! table out) and the lookup at run time: both must agree bit for bit.

/// FNV-1a (64 bits) over the bytes of a word.
pub fn word_hash(word: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Mix the high bits down: the table is indexed by the low ones.
    h ^ (h >> 29)
}

/// A 32-bit fingerprint of a word (the word tiers keep these, not the words).
#[allow(dead_code)]
pub fn fingerprint(word: &[u8]) -> u32 {
    let h = word_hash(word);
    (h ^ (h >> 32)) as u32
}
