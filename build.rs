//! Lays out the embedded word list (`rules/dictionary.txt`) as two open-addressing hash
//! tables of offsets into the text, so that looking a word up costs one hash and a probe or
//! two, and loading it costs nothing at startup (pre-commit runs on one file).

use std::path::Path;

#[path = "src/text/word_hash.rs"]
mod word_hash;

fn table(text: &str, words: &[(usize, usize)]) -> (usize, Vec<u64>) {
    // Half full at most: probes stay short.
    let size = (words.len() * 2).next_power_of_two().max(16);
    let mask = size - 1;
    let mut slots = vec![0u64; size];
    for &(offset, len) in words {
        let word = &text.as_bytes()[offset..offset + len];
        let h = word_hash::word_hash(word);
        let mut i = (h as usize) & mask;
        while slots[i] != 0 {
            let (o, l) = unpack(slots[i]);
            if &text.as_bytes()[o..o + l] == word {
                break; // a duplicate line
            }
            i = (i + 1) & mask;
        }
        slots[i] = pack(offset, len, h);
    }
    (size, slots)
}

/// Offset (32 bits) | length (8 bits) | the hash's top 24 bits (a cheap first comparison).
fn pack(offset: usize, len: usize, h: u64) -> u64 {
    assert!(offset < (1 << 32) && len < 256 && len > 0);
    (offset as u64) << 32 | (len as u64) << 24 | (h >> 40)
}

fn unpack(e: u64) -> (usize, usize) {
    ((e >> 32) as usize, ((e >> 24) & 0xff) as usize)
}

fn main() {
    println!("cargo:rerun-if-changed=rules/dictionary.txt");
    println!("cargo:rerun-if-changed=rules/dictionary-tiers.txt");
    println!("cargo:rerun-if-changed=src/text/word_hash.rs");
    let text = std::fs::read_to_string("rules/dictionary.txt").expect("rules/dictionary.txt");
    let mut common = Vec::new();
    let mut proper = Vec::new();
    let mut in_proper = false;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let at = offset;
        offset += raw.len();
        if line.is_empty() || line.starts_with('#') || line.len() > 255 {
            continue;
        }
        if line == "%proper" {
            in_proper = true;
            continue;
        }
        if in_proper {
            proper.push((at, line.len()));
        } else {
            common.push((at, line.len()));
        }
    }
    let out_dir = std::env::var("OUT_DIR").unwrap();
    // The tiers: sorted 32-bit fingerprints of each section's words.
    let tiers =
        std::fs::read_to_string("rules/dictionary-tiers.txt").expect("rules/dictionary-tiers.txt");
    let mut sections: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    let mut current = "";
    for line in tiers.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('%') {
            current = name;
            continue;
        }
        sections
            .entry(current)
            .or_default()
            .push(word_hash::fingerprint(line.as_bytes()));
    }
    for name in ["frequent", "tech", "rare"] {
        let mut prints = sections.remove(name).expect("a tier section");
        prints.sort_unstable();
        prints.dedup();
        let bytes: Vec<u8> = prints.iter().flat_map(|p| p.to_le_bytes()).collect();
        std::fs::write(Path::new(&out_dir).join(format!("tier-{name}.bin")), bytes).unwrap();
    }
    for (name, words) in [("common", &common), ("proper", &proper)] {
        let (_, slots) = table(&text, words);
        let bytes: Vec<u8> = slots.iter().flat_map(|s| s.to_le_bytes()).collect();
        std::fs::write(
            Path::new(&out_dir).join(format!("dictionary-{name}.bin")),
            bytes,
        )
        .unwrap();
    }
}
