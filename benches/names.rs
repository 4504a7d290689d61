//! Name matching cost with 50 and with 10,000 canonical names on the same corpus.
//!
//! `cargo bench --bench names` — reports, from one run, the time to tokenise and scan a
//! generated corpus of blog prose (parsed beforehand, so Markdown parsing is not counted)
//! against each index, MB/s, and the ratio of the two.
//! The index must keep the 10,000-name run within 1.2x of the 50-name run.

use std::hint::black_box;
use std::time::{Duration, Instant};

use postlint::document::Document;
use postlint::names::{NameIndex, NameItem};
use postlint::source::SourceFile;
use postlint::text::words::tokenize;

#[path = "../tests/common/rng.rs"]
mod rng;
use rng::Rng;

const REAL: &[&str] = &[
    "Dask",
    "Dask Down Under",
    "Capital One",
    "RAPIDS",
    "NVIDIA",
    "GitHub",
    "YouTube",
    "Pangeo",
    "NumFOCUS",
    "Xarray",
    "JupyterHub",
    "Howard Hughes Medical Institute",
    "Anaconda",
    "Kubernetes",
    "Python",
    "NumPy",
    "SciPy",
    "Numba",
    "Jupyter",
    "JupyterLab",
    "Matplotlib",
    "Zarr",
    "HoloViz",
    "Datashader",
    "PyData",
    "Apache Arrow",
    "Apache Spark",
    "PyTorch",
    "TensorFlow",
    "XGBoost",
    "Conda",
    "Quansight",
    "Kitware",
    "Slurm",
    "CPython",
    "Cython",
    "PyPI",
    "GitLab",
    "Twitter",
    "LinkedIn",
    "Microsoft",
    "Google",
    "Intel",
    "NCAR",
    "NERSC",
    "USGS",
    "NASA",
    "NOAA",
    "CSIRO",
    "Blue Yonder",
];

/// A pronounceable made-up name: "Vorlaxen", "Brimtel Quosh".
fn fake_name(rng: &mut Rng) -> String {
    const ONSET: &[&str] = &[
        "b", "br", "k", "kr", "d", "v", "z", "qu", "st", "pl", "gr", "m", "n", "t", "sh",
    ];
    const VOWEL: &[&str] = &["a", "e", "i", "o", "u", "ai", "oa", "ei"];
    const CODA: &[&str] = &["x", "n", "l", "rk", "sh", "m", "st", "nd", "r", "k"];
    let words = 1 + rng.below(2);
    (0..words)
        .map(|_| {
            let syll = 2 + rng.below(2);
            let w: String = (0..syll)
                .map(|_| {
                    format!(
                        "{}{}{}",
                        ONSET[rng.below(ONSET.len())],
                        VOWEL[rng.below(VOWEL.len())],
                        CODA[rng.below(CODA.len())]
                    )
                })
                .collect();
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn corpus(rng: &mut Rng) -> Vec<String> {
    let dict: Vec<&str> = include_str!("../rules/dictionary.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && l.chars().all(|c| c.is_ascii_lowercase()) && l.len() > 2)
        .collect();
    let extra = [
        "Captial One",
        "Dask Dwon Under",
        "RAPDIS",
        "github",
        "Nvidia",
        "youtube",
        "Kubernets",
    ];
    (0..400)
        .map(|_| {
            let mut post = String::from("---\ntitle: Recap\n---\n\n## Talks\n\n");
            for _ in 0..40 {
                let mut sentence: Vec<String> = Vec::new();
                for _ in 0..(8 + rng.below(14)) {
                    let r = rng.below(100);
                    sentence.push(match r {
                        0..=5 => REAL[rng.below(REAL.len())].to_string(),
                        6 => extra[rng.below(extra.len())].to_string(),
                        7..=12 => {
                            let w = dict[rng.below(dict.len())];
                            let mut c = w.chars();
                            c.next()
                                .map(|f| f.to_uppercase().chain(c).collect())
                                .unwrap_or_default()
                        }
                        _ => dict[rng.below(dict.len())].to_string(),
                    });
                }
                post.push_str(&sentence.join(" "));
                post.push_str(".\n");
            }
            post
        })
        .collect()
}

fn names(count: usize, rng: &mut Rng) -> Vec<NameItem> {
    let mut out: Vec<NameItem> = REAL
        .iter()
        .map(|s| NameItem::Plain(s.to_string()))
        .collect();
    while out.len() < count {
        out.push(NameItem::Plain(fake_name(rng)));
    }
    out.truncate(count);
    out
}

/// Best of `rounds` timings of tokenising and scanning every (already parsed) post.
fn time_scan(index: &NameIndex, docs: &[Document], rounds: usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut found = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        found = 0;
        for doc in docs {
            let (words, hashes) = tokenize(doc.text, doc.prose_ranges());
            found += index.scan_hashed(doc.text, &words, &hashes).len();
        }
        best = best.min(start.elapsed());
    }
    (best, black_box(found))
}

fn main() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let posts = corpus(&mut rng);
    let bytes: usize = posts.iter().map(String::len).sum();
    let files: Vec<SourceFile> = posts
        .into_iter()
        .enumerate()
        .map(|(i, p)| SourceFile::new(format!("post-{i}.md"), None, p))
        .collect();
    let docs: Vec<Document> = files.iter().map(Document::parse).collect();
    let small = NameIndex::new(&names(50, &mut rng));
    let build = Instant::now();
    let large = NameIndex::new(&names(10_000, &mut rng));
    let build_large = build.elapsed();
    // Warm up, then interleave the two measurements so both see the same machine state.
    let _ = time_scan(&small, &docs, 1);
    let mut t_small = Duration::MAX;
    let mut t_large = Duration::MAX;
    let (mut f_small, mut f_large) = (0, 0);
    for _ in 0..5 {
        let (t, f) = time_scan(&small, &docs, 1);
        t_small = t_small.min(t);
        f_small = f;
        let (t, f) = time_scan(&large, &docs, 1);
        t_large = t_large.min(t);
        f_large = f;
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} posts, {:.2} MB of generated prose",
        files.len(),
        mb
    );
    println!(
        "50 names:     {:>8.1} ms  {:>6.1} MB/s  ({f_small} names found)",
        t_small.as_secs_f64() * 1e3,
        mb / t_small.as_secs_f64()
    );
    println!(
        "10,000 names: {:>8.1} ms  {:>6.1} MB/s  ({f_large} names found; index built in {:.0} ms)",
        t_large.as_secs_f64() * 1e3,
        mb / t_large.as_secs_f64(),
        build_large.as_secs_f64() * 1e3
    );
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64();
    println!("ratio 10,000 / 50 names: {ratio:.2}x (target <= 1.20x)");
}
