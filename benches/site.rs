//! Speed at blog scale: `cargo bench --bench site`.
//!
//! Generates a Jekyll site of 10,000 posts (fixed seed) and reports, from one run:
//! (a) the baseline: reading every Markdown file postlint checks and parsing it with
//!     pulldown-cmark (offsets on), single-threaded; (b) `postlint check` with one thread;
//!     (c) with all cores; (d) the engine's fixed part (`--select bare-url`); and, when
//!     found, `typos` and `rumdl check` on the same files — as ratios to (a), with MB/s and
//!     postlint's peak memory; then the wall time of checking one post of the site
//!     (pre-commit inside a blog) and one small file on its own.
//!
//! Environment:
//! - `POSTLINT_BENCH_SHAPE`: `real` (default: real-shaped recap posts, see `gen/real.rs`)
//!   or `synthetic` (the older, uniform posts);
//! - `POSTLINT_BENCH_POSTS`: another number of posts; `POSTLINT_BENCH_KEEP`: keep the site;
//! - `POSTLINT_BENCH_SITE=DIR`: measure an existing site (a real blog laid out with
//!   `scripts/corpus.py`) instead of generating one;
//! - `POSTLINT_BENCH_GENERATE=DIR`: only generate the site into DIR;
//! - `POSTLINT_BENCH_BIN`: the postlint binary to measure (default: this build's);
//!   `POSTLINT_BENCH_BEFORE`: a second binary, measured in the same rounds (before/after);
//! - `POSTLINT_BENCH_TYPOS`, `POSTLINT_BENCH_RUMDL`: those tools (default: found on PATH);
//! - `POSTLINT_BENCH_ROUNDS`: rounds, best kept (default 3);
//! - `POSTLINT_BENCH_BASELINE_DIR=DIR`: only (a), once, over DIR's Markdown files (to
//!   count its instructions under callgrind next to postlint's on the same files).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};

#[path = "../tests/common/rng.rs"]
mod rng;
use rng::Rng;
#[path = "gen/real.rs"]
mod real;

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

fn generate_synthetic(root: &Path, posts: usize) -> (Vec<PathBuf>, usize) {
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

/// Run `program` with `args` in `dir`; its wall time and its peak resident memory (MB).
fn timed(program: &Path, args: &[String], dir: &Path) -> (Duration, f64) {
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, writing into structs we own.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let t = start.elapsed();
    assert_eq!(r, pid, "wait4 failed");
    // Reaped above; dropping `Child` neither waits nor kills.
    drop(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // Findings: 1 from postlint and rumdl, 2 from typos.
    let findings = if program.file_name().is_some_and(|n| n == "typos") {
        2
    } else {
        1
    };
    assert!(
        code.is_some_and(|c| c <= findings),
        "{} {args:?} failed: {status}",
        program.display()
    );
    (t, usage.ru_maxrss as f64 / 1024.0)
}

/// The Markdown files postlint checks under `root`, sorted (postlint's own discovery).
fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let found = postlint::discover::discover(&[root.to_path_buf()]).expect("a readable site");
    let mut paths: Vec<PathBuf> = found
        .inputs
        .into_iter()
        .filter_map(|i| match i {
            postlint::discover::Input::File { path, .. } => Some(path),
            postlint::discover::Input::Stdin => None,
        })
        .collect();
    paths.sort();
    paths
}

/// A tool named by `var`, else found on PATH.
fn tool(var: &str, name: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// One measured command: its label, program and arguments.
struct Measured {
    label: String,
    program: PathBuf,
    args: Vec<String>,
    best: Duration,
    peak: f64,
}

fn main() {
    if let Some(dir) = std::env::var_os("POSTLINT_BENCH_BASELINE_DIR") {
        let paths = markdown_files(Path::new(&dir));
        let t = baseline(&paths);
        println!("(a) over {} files: {:.3} s", paths.len(), t.as_secs_f64());
        return;
    }
    let posts: usize = std::env::var("POSTLINT_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let shape = std::env::var("POSTLINT_BENCH_SHAPE").unwrap_or_else(|_| "real".into());
    let generate = |root: &Path| match shape.as_str() {
        "synthetic" => generate_synthetic(root, posts),
        "real" => real::generate(root, posts),
        other => panic!("POSTLINT_BENCH_SHAPE: `real` or `synthetic`, not `{other}`"),
    };
    if let Some(dir) = std::env::var_os("POSTLINT_BENCH_GENERATE") {
        let (paths, bytes) = generate(Path::new(&dir));
        println!(
            "generated {} {shape} posts, {:.1} MB",
            paths.len(),
            bytes as f64 / 1e6
        );
        return;
    }
    let given = std::env::var_os("POSTLINT_BENCH_SITE").map(PathBuf::from);
    let root = match &given {
        Some(dir) => std::path::absolute(dir).unwrap(),
        None => {
            let root = std::env::temp_dir().join("postlint-bench-site");
            generate(&root);
            root
        }
    };
    let files = markdown_files(&root);
    let bytes: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
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
    let load = || {
        std::fs::read_to_string("/proc/loadavg")
            .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    match &given {
        Some(dir) => println!(
            "site: {} ({} Markdown files, {mb:.1} MB)",
            dir.display(),
            files.len()
        ),
        None => println!(
            "site: {posts} {shape} posts ({} Markdown files, {mb:.1} MB)",
            files.len()
        ),
    }
    println!("machine: {cpus} cores, {cpu}; load average {}", load());
    let bin = std::env::var_os("POSTLINT_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_postlint")),
        PathBuf::from,
    );
    let before = std::env::var_os("POSTLINT_BENCH_BEFORE").map(PathBuf::from);
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<String>>();
    let one = s(&[
        "check",
        ".",
        "--threads",
        "1",
        "--quiet",
        "--format",
        "short",
    ]);
    let all = s(&["check", ".", "--quiet", "--format", "short"]);
    let mut floor = one.clone();
    floor.extend(s(&["--select", "bare-url"]));
    let mut runs: Vec<Measured> = Vec::new();
    let mut add = |label: &str, program: &Path, args: Vec<String>| {
        runs.push(Measured {
            label: label.to_string(),
            program: program.to_path_buf(),
            args,
            best: Duration::MAX,
            peak: 0.0,
        })
    };
    add("(b) postlint check, --threads 1", &bin, one.clone());
    add(
        &format!("(c) postlint check, {cpus} threads"),
        &bin,
        all.clone(),
    );
    add("(d) of (b): read, parse, site index", &bin, floor);
    if let Some(b) = &before {
        add("    before: postlint, --threads 1", b, one);
        add(&format!("    before: postlint, {cpus} threads"), b, all);
    }
    // Other tools on the same files (relative paths, from the site's root).
    let rel: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    if let Some(typos) = tool("POSTLINT_BENCH_TYPOS", "typos") {
        let mut args = s(&["--format", "brief"]);
        args.extend(rel.iter().cloned());
        add("    typos (all cores)", &typos, args);
    }
    if let Some(rumdl) = tool("POSTLINT_BENCH_RUMDL", "rumdl") {
        let mut args = s(&["check", "--no-cache", "--silent"]);
        args.extend(rel.iter().cloned());
        add("    rumdl check (all cores)", &rumdl, args);
    }
    let rounds: usize = std::env::var("POSTLINT_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    // Warm the page cache, then take the best of the rounds for each measurement. The
    // rounds interleave every command, so that a slow spell of a shared machine weighs on
    // all of them alike rather than on one.
    let _ = baseline(&files);
    let mut a = Duration::MAX;
    for _ in 0..rounds {
        a = a.min(baseline(&files));
        for m in runs.iter_mut() {
            let (t, peak) = timed(&m.program, &m.args, &root);
            m.best = m.best.min(t);
            m.peak = m.peak.max(peak);
        }
    }
    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "(a) read + pulldown-cmark parse, 1 thread: {:>8.3} s  {:>7.1} MB/s  1.00x",
        secs(a),
        mb / secs(a)
    );
    for m in &runs {
        println!(
            "{:<41} {:>8.3} s  {:>7.1} MB/s  {:>5.2}x  peak {:>4.0} MB",
            format!("{}:", m.label),
            secs(m.best),
            mb / secs(m.best),
            secs(m.best) / secs(a),
            m.peak
        );
    }
    println!(
        "targets: (b) <= 4.0x, (c) <= 2.2x and (b)/(c) >= 1.7, peak <= 200 MB at 10,000 posts"
    );
    // Pre-commit inside the site: one post named, the whole site indexed for context.
    let first = files
        .iter()
        .find(|p| p.components().any(|c| c.as_os_str() == "_posts"))
        .unwrap_or(&files[0]);
    let first = first
        .strip_prefix(&root)
        .unwrap_or(first)
        .to_string_lossy()
        .into_owned();
    let mut programs = vec![("", bin.clone())];
    if let Some(b) = &before {
        programs.push(("before: ", b.clone()));
    }
    for (label, program) in &programs {
        let mut times: Vec<Duration> = (0..5)
            .map(|_| timed(program, &s(&["check", &first, "--quiet"]), &root).0)
            .collect();
        times.sort();
        println!(
            "{label}one post of the site ({first}), site indexed for context: median {:.0} ms over 5 runs (target <= 80 ms at 10,000 posts)",
            times[2].as_secs_f64() * 1e3
        );
    }
    // Pre-commit: one small file in a folder of its own (no site to index).
    let small = std::env::temp_dir().join("postlint-bench-small");
    let _ = std::fs::create_dir_all(&small);
    std::fs::write(
        small.join("post.md"),
        "---\ntitle: Small\n---\n# Small\n\nA short post with a [link](https://example.org).\n",
    )
    .unwrap();
    let mut times: Vec<Duration> = (0..21)
        .map(|_| timed(&bin, &s(&["check", "post.md", "--quiet"]), &small).0)
        .collect();
    times.sort();
    println!(
        "one small file, end to end: median {:.1} ms over 21 runs (target < 20 ms)",
        times[10].as_secs_f64() * 1e3
    );
    println!("load average at the end: {}", load());
    if given.is_none() && std::env::var_os("POSTLINT_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
}
