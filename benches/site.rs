//! Speed at blog scale: `cargo bench --bench site`.
//!
//! Generates a Jekyll site of 10,000 posts (about 50 MB; front matter, talk lists, links,
//! code blocks, a share of defects; fixed seed) and reports, from one run:
//! (a) the baseline: reading every post and parsing it with pulldown-cmark (offsets on),
//!     single-threaded; (b) `postlint check` with one thread; (c) with all cores — as
//! ratios to (a), with MB/s and postlint's peak memory; and the wall time of checking one
//! small file (pre-commit's case). Set `POSTLINT_BENCH_POSTS` for another size,
//! `POSTLINT_BENCH_KEEP` to keep the site, `POSTLINT_BENCH_BASELINE_DIR=site` to run only
//! (a) over an existing site (for instruction counts under callgrind).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};

#[path = "../tests/common/rng.rs"]
mod rng;
use rng::Rng;

const NAMES: &[&str] = &[
    "Dask",
    "NumPy",
    "Xarray",
    "Pangeo",
    "RAPIDS",
    "NVIDIA",
    "GitHub",
    "Jupyter",
    "Capital One",
    "Kubernetes",
    "Anaconda",
    "Zarr",
];
const ORGS: &[&str] = &[
    "Blue Yonder",
    "Quansight",
    "Kitware",
    "Saturn Cloud",
    "Coiled",
    "Inria",
    "NCAR",
    "USGS",
    "Ursa Labs",
    "Flatiron Health",
];
const TAGS: &[&str] = &[
    "Python",
    "Dask",
    "community",
    "geoscience",
    "meetup",
    "recap",
    "GPU",
    "imaging",
];

fn sentence(rng: &mut Rng, words: &[&str]) -> String {
    let n = 8 + rng.below(14);
    let mut s = String::new();
    for i in 0..n {
        let w = if rng.chance(6) {
            NAMES[rng.below(NAMES.len())]
        } else {
            words[rng.below(words.len())]
        };
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().map(|f| f.to_ascii_uppercase()));
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn post(rng: &mut Rng, i: usize, words: &[&str], names: &[String]) -> String {
    let mut p = String::with_capacity(5200);
    let tags: Vec<&str> = (0..3).map(|_| TAGS[rng.below(TAGS.len())]).collect();
    p.push_str(&format!(
        "---\nlayout: post\ntitle: \"Community recap {i}\"\nauthor: {}\ndate: {}\ntags: [{}]\n---\n{{% include JB/setup %}}\n\n",
        ORGS[rng.below(ORGS.len())],
        date(i),
        tags.join(", ")
    ));
    p.push_str("## Contents\n\n* [Who came?](#who-came)\n* [Talks](#talks)\n\n## Who came?\n\n");
    while p.len() < 1800 {
        p.push_str(&sentence(rng, words));
        p.push(if rng.chance(30) { '\n' } else { ' ' });
    }
    p.push_str("\n\n## Talks\n\n");
    for t in 0..3 {
        p.push_str(&format!(
            "#### {}\n\n-   Title: {}\n-   Presenters: {}\n",
            ORGS[rng.below(ORGS.len())],
            sentence(rng, words),
            ORGS[rng.below(ORGS.len())]
        ));
        if rng.chance(3) {
            p.push_str("-   [Slides](TODO)\n\n");
        } else {
            p.push_str(&format!(
                "-   [Slides](https://slides.example.org/{i}/{t})\n\n"
            ));
        }
    }
    p.push_str("```python\nimport dask.array as da\nx = da.ones((1000, 1000))  # TODO in code is fine\n```\n\n");
    let other = &names[rng.below(names.len())];
    p.push_str(&format!("See also [an earlier post]({{% post_url {other} %}}) and the [recording](https://video.example.org/{i}).\n\n"));
    if rng.chance(2) {
        p.push_str("### Deployment\n\n");
    }
    p.push_str("## Thanks\n\n");
    while p.len() < 5000 {
        p.push_str(&sentence(rng, words));
        p.push(' ');
        if rng.chance(1) {
            p.push_str("TODO: add photos. ");
        }
        if rng.chance(1) {
            p.push_str("Captial One hosted us. ");
        }
    }
    p.push('\n');
    p
}

fn date(i: usize) -> String {
    let day = i % 28 + 1;
    let month = (i / 28) % 12 + 1;
    let year = 2000 + i / (28 * 12);
    format!("{year}-{month:02}-{day:02}")
}

fn generate(root: &Path, posts: usize) -> (Vec<PathBuf>, usize) {
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root.join("_posts")).unwrap();
    std::fs::write(
        root.join("_config.yml"),
        "title: Bench blog\npermalink: /:year/:month/:day/:title.html\n",
    )
    .unwrap();
    let dict: Vec<&str> = include_str!("../rules/dictionary.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && l.len() > 2 && l.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    let words: Vec<&str> = dict.iter().step_by(7).copied().take(4000).collect();
    let names: Vec<String> = (0..posts)
        .map(|i| format!("{}-post-{i}", date(i)))
        .collect();
    let mut rng = Rng(0x00C0_FFEE_1234_5678);
    let mut paths = Vec::with_capacity(posts);
    let mut bytes = 0;
    for (i, name) in names.iter().enumerate() {
        let text = post(&mut rng, i, &words, &names);
        bytes += text.len();
        let path = root.join("_posts").join(format!("{name}.md"));
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    (paths, bytes)
}

fn baseline(paths: &[PathBuf]) -> Duration {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let start = Instant::now();
    let mut events = 0usize;
    for p in paths {
        let text = std::fs::read_to_string(p).unwrap();
        for (e, r) in Parser::new_ext(&text, options).into_offset_iter() {
            events += usize::from(r.end >= r.start);
            std::hint::black_box(&e);
        }
    }
    std::hint::black_box(events);
    start.elapsed()
}

fn postlint(args: &[&str], dir: &Path) -> Duration {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    let t = start.elapsed();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "postlint failed: {status}"
    );
    t
}

fn peak_child_rss_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

fn main() {
    // `POSTLINT_BENCH_BASELINE_DIR=site`: only (a), once, over `site/_posts` (to count its
    // instructions under callgrind next to postlint's on the same files).
    if let Some(dir) = std::env::var_os("POSTLINT_BENCH_BASELINE_DIR") {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(Path::new(&dir).join("_posts"))
            .expect("a site with _posts/")
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        let t = baseline(&paths);
        println!("(a) over {} posts: {:.3} s", paths.len(), t.as_secs_f64());
        return;
    }
    let posts: usize = std::env::var("POSTLINT_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = std::env::temp_dir().join("postlint-bench-site");
    let (paths, bytes) = generate(&root, posts);
    let mb = bytes as f64 / 1e6;
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    println!("site: {posts} posts, {mb:.1} MB; machine: {cpus} cores, {cpu}");
    // Warm the page cache, then take the best of 3 rounds for each measurement. The rounds
    // interleave (a), (b) and (c), so that a slow spell of a shared machine weighs on all
    // three alike rather than on one of them.
    let _ = baseline(&paths);
    let one = [
        "check",
        ".",
        "--threads",
        "1",
        "--quiet",
        "--format",
        "short",
    ];
    let all = ["check", ".", "--quiet", "--format", "short"];
    // The engine's fixed part: read, parse into the model, index the site, and one rule
    // that needs no words (`bare-url`). What is left of (b) is the word and post rules'.
    let floor: Vec<&str> = one
        .iter()
        .copied()
        .chain(["--select", "bare-url"])
        .collect();
    let (mut a, mut b, mut c, mut d) = (Duration::MAX, Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        a = a.min(baseline(&paths));
        b = b.min(postlint(&one, &root));
        c = c.min(postlint(&all, &root));
        d = d.min(postlint(&floor, &root));
    }
    let peak = peak_child_rss_mb();
    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "(a) read + pulldown-cmark parse, 1 thread: {:>8.3} s  {:>7.1} MB/s  1.00x",
        secs(a),
        mb / secs(a)
    );
    println!("(b) postlint check, --threads 1:           {:>8.3} s  {:>7.1} MB/s  {:.2}x (target <= 2.0x)", secs(b), mb / secs(b), secs(b) / secs(a));
    println!("(c) postlint check, {cpus} threads:            {:>8.3} s  {:>7.1} MB/s  {:.2}x (target <= 1.2x)", secs(c), mb / secs(c), secs(c) / secs(a));
    println!(
        "(d) of (b): read, parse, site index only:   {:>8.3} s  {:>7.1} MB/s  {:.2}x",
        secs(d),
        mb / secs(d),
        secs(d) / secs(a)
    );
    println!("peak memory of postlint: {peak:.0} MB (target <= 200 MB)");
    // Pre-commit inside the site: one post named, the whole site indexed for context.
    let first = paths[0].strip_prefix(&root).unwrap_or(&paths[0]);
    let first = first.to_string_lossy();
    let mut runs: Vec<Duration> = (0..5)
        .map(|_| postlint(&["check", &first, "--quiet"], &root))
        .collect();
    runs.sort();
    println!(
        "one post of the site (site indexed for context): median {:.0} ms over 5 runs",
        runs[2].as_secs_f64() * 1e3
    );
    // Pre-commit: one small file in a folder of its own (no site to index).
    let small = std::env::temp_dir().join("postlint-bench-small");
    let _ = std::fs::create_dir_all(&small);
    std::fs::write(
        small.join("post.md"),
        "---\ntitle: Small\n---\n# Small\n\nA short post with a [link](https://example.org).\n",
    )
    .unwrap();
    let mut runs: Vec<Duration> = (0..21)
        .map(|_| postlint(&["check", "post.md", "--quiet"], &small))
        .collect();
    runs.sort();
    println!(
        "one small file, end to end: median {:.1} ms over 21 runs (target < 20 ms)",
        runs[10].as_secs_f64() * 1e3
    );
    if std::env::var_os("POSTLINT_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
}
