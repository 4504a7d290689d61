//! Command line: `postlint [check] [PATH ...]`, `postlint rules`, `postlint explain RULE`.
//!
//! Exit status: 0 no error-level finding; 1 at least one; 2 usage, configuration or I/O
//! error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::engine::{self, Fatal, Options, Profile};
use crate::online::OnlineOptions;
use crate::render::{self, Format, RenderOptions};
use crate::util::count;

#[derive(Debug, Parser)]
#[command(
    name = "postlint",
    version,
    about = "Lint Markdown blog posts for unfinished drafts, broken structure and more",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files and folders (the default command)
    Check(CheckArgs),
    /// List every rule: name, default severity, whether it has fixes, and summary
    Rules(RulesArgs),
    /// Print a rule's documentation
    Explain {
        /// Rule name, e.g. `placeholder`
        rule: String,
    },
    /// Run the language server on stdin/stdout (for editors)
    Server {
        /// Do not check buffers larger than this many bytes (one diagnostic says so)
        #[arg(long, value_name = "BYTES", default_value_t = engine::DEFAULT_MAX_FILE_SIZE)]
        max_file_size: u64,
    },
    /// Print what the rules see in a file: its model, words, entries, links and how each
    /// resolves, heading ids
    Debug {
        /// A Markdown file
        path: PathBuf,
    },
    /// Write a postlint.toml with the front-matter schema inferred from the site's posts
    Init {
        /// The site's folder
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Overwrite an existing postlint.toml
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    /// The rule reference, as in docs/rules.md
    Markdown,
}

#[derive(Debug, Args)]
struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    format: RulesFormat,
    /// Use this config file (and its rule packs)
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Debug, Args, Default)]
struct CheckArgs {
    /// Files or folders to check (`-` reads standard input) [default: .]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: Option<Format>,
    /// Only these rules (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    select: Vec<String>,
    /// Not these rules (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    ignore: Vec<String>,
    /// Use this config file instead of discovering postlint.toml
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print only findings (no summary line)
    #[arg(long, short)]
    quiet: bool,
    /// When to use colors (auto honours NO_COLOR and whether stdout is a terminal)
    #[arg(long, value_enum, default_value = "auto")]
    color: Option<ColorChoice>,
    /// Name to use for standard input in diagnostics (and for finding its config)
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Also check external http(s) links over the network
    #[arg(long)]
    online: bool,
    /// Seconds to wait for each external link (with --online)
    #[arg(long, value_name = "SECONDS", default_value = "10")]
    online_timeout: Option<u64>,
    /// Apply safe fixes to the files, then report what is left
    #[arg(long)]
    fix: bool,
    /// Also apply unsafe fixes (with --fix or --diff)
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change, and write nothing
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Skip files larger than this many bytes (with a note)
    #[arg(long, value_name = "BYTES", default_value_t = engine::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Worker threads, at most 256 [default: the number of CPUs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(0..=MAX_THREADS))]
    threads: Option<u16>,
    /// Exit with status 1 when a finding of this severity or a worse one is reported
    #[arg(long, value_enum, value_name = "LEVEL", default_value = "error")]
    fail_on: Option<FailOn>,
    /// Check only the Markdown files changed since this git reference (its merge base with
    /// HEAD), and the links of other posts into what changed
    #[arg(long, value_name = "REF")]
    since: Option<String>,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

/// Most worker threads `--threads` accepts: more only costs time starting them (10,000
/// took 48 s on one small file) and memory for their stacks.
const MAX_THREADS: i64 = 256;

/// Start the global thread pool (`threads`: `--threads`, 0 or `None` for one per CPU), or
/// say why it cannot start: rayon would otherwise start it on first use and panic.
fn start_pool(threads: Option<u16>) -> Result<(), String> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads.filter(|n| *n > 0) {
        builder = builder.num_threads(usize::from(n));
    }
    builder.build_global().map_err(|e| {
        format!("cannot start the worker threads: {e} (fewer with --threads N may start)")
    })
}

/// Run the command line; returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help as clap writes it, less the blanks it leaves at the ends of lines (the
        // empty lines between a flag's paragraphs are indented).
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => {
            let help = e.render();
            let text = if use_color(ColorChoice::Auto) {
                help.ansi().to_string()
            } else {
                help.to_string()
            };
            print!("{}", render::trim_line_ends(&text));
            return 0;
        }
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let threads = match &cli.command {
        Some(Command::Check(args)) => Some(args.threads),
        None => Some(cli.check.threads),
        Some(Command::Debug { .. } | Command::Init { .. } | Command::Server { .. }) => Some(None),
        Some(Command::Rules(_) | Command::Explain { .. }) => None,
    };
    if let Some(threads) = threads {
        if let Err(e) = start_pool(threads) {
            eprintln!("postlint: error: {e}");
            return 2;
        }
    }
    match cli.command {
        Some(Command::Check(args)) => check(args),
        Some(Command::Rules(args)) => rules(args),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Debug { path }) => {
            match crate::debug::path_arg(&path).and_then(|p| crate::debug::run(&p)) {
                Ok(out) => {
                    print!("{out}");
                    0
                }
                Err(e) => fatal(&e),
            }
        }
        Some(Command::Server { max_file_size }) => {
            match crate::lsp::run_with(crate::lsp::Settings { max_file_size }) {
                // 0 after `shutdown` and `exit`; 1 for an `exit` without `shutdown`.
                Ok(code) => code,
                Err(e) => {
                    eprintln!("postlint: server error: {e}");
                    2
                }
            }
        }
        Some(Command::Init { path, force }) => match crate::init::run(&path, force) {
            Ok(written) => {
                println!("wrote {written}: review it, then commit it");
                0
            }
            Err(e) => {
                eprintln!("postlint: error: {e}");
                2
            }
        },
        None => check(subcommand_after_options(cli.check)),
    }
}

/// `postlint --format short check a.md`: options of `check` come before the subcommand,
/// so clap took `check` for a path. The top-level options are `check`'s own: a leading
/// `check` is the subcommand (as it is without options). Another subcommand's name there
/// (`postlint -q rules`) is a usage error saying where its options go.
fn subcommand_after_options(mut args: CheckArgs) -> CheckArgs {
    use clap::CommandFactory;
    let Some(first) = args.paths.first().and_then(|p| p.to_str()) else {
        return args;
    };
    if first == "check" {
        args.paths.remove(0);
        return args;
    }
    let mut cmd = Cli::command();
    let other = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .find(|name| name == first);
    if let Some(name) = other {
        cmd.error(
            clap::error::ErrorKind::ArgumentConflict,
            format!(
                "options before the subcommand `{name}` are options of `check`; give `{name}`'s options after it (`postlint {name} --help` lists them)"
            ),
        )
        .exit();
    }
    args
}

fn fatal(err: &Fatal) -> i32 {
    eprintln!("postlint: error: {err}");
    2
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn check(args: CheckArgs) -> i32 {
    let started = Instant::now();
    let (paths, focus) = match &args.since {
        None => (args.paths, None),
        Some(reference) => match changed_since(reference, &args.paths) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("postlint: error: {e}");
                return 2;
            }
        },
    };
    // Files named one by one (the staged files a pre-commit hook passes, an editor's
    // file): the other documents of their sites are checked too, where their links lead
    // into the named files, so a renamed heading is caught in the post that links to it.
    // Not with --fix or --diff, which would then edit files that were not named.
    let focus = match focus {
        None if !(args.fix || args.diff) => named_files(&paths),
        focus => focus,
    };
    if focus.as_ref().is_some_and(|f| f.changed.is_empty()) && paths.is_empty() {
        if !args.quiet {
            println!(
                "no changed Markdown files since {}",
                args.since.as_deref().unwrap_or("")
            );
        }
        return 0;
    }
    let opts = Options {
        paths,
        focus,
        select: args.select,
        ignore: args.ignore,
        config: args.config.clone(),
        stdin_filename: args.stdin_filename,
        overlay: Default::default(),
        max_file_size: args.max_file_size,
        online: args.online.then(|| {
            let mut o = OnlineOptions {
                timeout: Duration::from_secs(args.online_timeout.unwrap_or(10).max(1)),
                progress: std::io::stderr().is_terminal(),
                ..OnlineOptions::default()
            };
            // The cache lives next to the config, or in the working directory.
            let config = args
                .config
                .clone()
                .or_else(|| crate::config::discover(&PathBuf::from(".").join("x")));
            let links = config
                .as_deref()
                .and_then(|c| crate::config::Config::load(c).ok())
                .map(|c| (c.root.clone(), c.links.clone()));
            let (root, links) = links.unwrap_or_else(|| (PathBuf::from("."), Default::default()));
            let rel = links
                .cache
                .as_deref()
                .unwrap_or(".postlint-cache/links.json");
            match crate::online::cache_path(&root, rel) {
                Ok(path) => o.cache = Some(path),
                Err(why) => eprintln!("postlint: warning: link cache not used: {why}"),
            }
            if let Some(h) = links.cache_hours {
                o.cache_ttl = Duration::from_secs(h * 3600);
            }
            o
        }),
    };
    let mode = crate::fix::FixMode {
        unsafe_fixes: args.unsafe_fixes,
    };
    // The options as given: to lint the files as they are on disk again, after fixes that
    // could not be written.
    let on_disk = args.fix.then(|| opts.clone());
    let (mut report, fixed) = if args.fix || args.diff {
        match fix_until_stable(opts, mode) {
            Ok(x) => x,
            Err(e) => return fatal(&e),
        }
    } else {
        match engine::run(&opts) {
            Ok(r) => (r, Vec::new()),
            Err(e) => return fatal(&e),
        }
    };
    if args.diff {
        let mut out = String::new();
        for f in &fixed {
            out.push_str(&crate::render::diff::unified(
                &f.original,
                &f.fixed,
                &f.display,
            ));
        }
        print!("{out}");
        return i32::from(!fixed.is_empty());
    }
    let mut write_failed = false;
    if let Some(on_disk) = on_disk {
        let removed = remove_stale_temps(&report, &fixed);
        if removed > 0 && !args.quiet {
            eprintln!(
                "postlint: removed {} left by an interrupted run",
                count(removed, "temporary file")
            );
        }
        let (mut files, mut fixes, mut failed) = (0, 0, 0);
        for f in &fixed {
            let written =
                crate::fix::write_atomic(&f.path, f.original.as_bytes(), f.fixed.as_bytes());
            let applied = match written {
                Ok(()) => true,
                Err(e) => {
                    eprintln!("postlint: {}: {e}", f.display);
                    failed += 1;
                    e.applied()
                }
            };
            if applied {
                files += 1;
                fixes += f.fixes;
            }
        }
        if failed > 0 {
            write_failed = true;
            // The report was of the fixed texts: report what the files hold instead.
            report = match engine::run(&on_disk) {
                Ok(r) => r,
                Err(e) => return fatal(&e),
            };
        }
        if !args.quiet && !fixed.is_empty() {
            let mut line = format!(
                "postlint: applied {} to {}",
                count(fixes, "fix"),
                count(files, "file")
            );
            if failed > 0 {
                line.push_str(&format!("; {} not fixed", count(failed, "file")));
            }
            eprintln!("{line}");
        }
    }
    let format = args.format.unwrap_or(Format::Human);
    let t = crate::timings::start();
    // Written as it is rendered: the output of many findings is never all in memory.
    let mut stdout = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let written = render::write(
        &report,
        format,
        RenderOptions {
            color: use_color(args.color.unwrap_or(ColorChoice::Auto)),
            quiet: args.quiet,
            elapsed: started.elapsed(),
        },
        &mut stdout,
    )
    .and_then(|()| stdout.flush());
    crate::timings::record("phase: render", t);
    if written.is_err() {
        // A closed pipe (`postlint | head`) is not an error worth a panic.
        return 2;
    }
    if report.io_errors > 0 || report.has_internal_error() || write_failed {
        return 2;
    }
    use crate::diagnostic::Severity;
    let failing: &[Severity] = match args.fail_on.unwrap_or(FailOn::Error) {
        FailOn::Error => &[Severity::Error],
        FailOn::Warning => &[Severity::Error, Severity::Warning],
        FailOn::Info => &[Severity::Error, Severity::Warning, Severity::Info],
    };
    i32::from(failing.iter().any(|s| report.count(*s) > 0))
}

/// The focus of a check of files named one by one: those files. `None` when a folder or
/// standard input is among the paths (a folder's files are all checked anyway).
fn named_files(paths: &[PathBuf]) -> Option<engine::Focus> {
    if paths.is_empty() || paths.iter().any(|p| p.as_os_str() == "-" || !p.is_file()) {
        return None;
    }
    let changed = paths
        .iter()
        .map(|p| crate::source::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    Some(engine::Focus {
        changed,
        vanished: Vec::new(),
    })
}

/// `--since REF`: the changed Markdown files under `paths` (all of the repository when
/// none is given), and what changed, for the engine.
fn changed_since(
    reference: &str,
    paths: &[PathBuf],
) -> Result<(Vec<PathBuf>, Option<engine::Focus>), String> {
    let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let dir = if start.is_dir() {
        start
    } else {
        start
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    let changes = crate::git::changes_since(reference, &dir)?;
    let under: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| crate::source::absolute(p).ok())
        .collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut files: Vec<PathBuf> = changes
        .changed
        .iter()
        .filter(|p| crate::discover::is_markdown(p))
        .filter(|p| under.is_empty() || under.iter().any(|u| p.starts_with(u)))
        .map(|p| {
            p.strip_prefix(&cwd)
                .map(PathBuf::from)
                .unwrap_or_else(|_| p.clone())
        })
        .collect();
    if files.is_empty() {
        // Only files that are gone: the posts that linked to them are still to check,
        // in the sites that published them.
        for (path, _) in &changes.vanished {
            if let Some(root) = crate::site::jekyll_root(path) {
                let root = match root.strip_prefix(&cwd) {
                    Ok(r) if r.as_os_str().is_empty() => PathBuf::from("."),
                    Ok(r) => r.to_path_buf(),
                    Err(_) => root,
                };
                if !files.contains(&root) {
                    files.push(root);
                }
            }
        }
    }
    let focus = engine::Focus {
        changed: changes.changed,
        vanished: changes.vanished,
    };
    Ok((files, Some(focus)))
}

/// Remove the temporary files an interrupted `--fix` left in the folders of the files
/// checked (and of the files that symlinked posts point to); returns how many.
fn remove_stale_temps(report: &engine::Report, fixed: &[Fixed]) -> usize {
    let parent = |p: &std::path::Path| {
        p.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."))
            .to_path_buf()
    };
    let mut dirs: std::collections::BTreeSet<PathBuf> = (0..report.db.len())
        .filter_map(|id| report.db.get(id).path.as_deref().map(parent))
        .collect();
    dirs.extend(
        fixed
            .iter()
            .filter_map(|f| std::fs::canonicalize(&f.path).ok())
            .map(|p| parent(&p)),
    );
    dirs.iter().map(|d| crate::fix::remove_stale_temps(d)).sum()
}

/// A file changed by fixes.
struct Fixed {
    path: PathBuf,
    display: String,
    original: String,
    fixed: String,
    fixes: usize,
}

/// Lint, apply fixes in memory, lint again... until nothing changes (at most 10 passes).
/// Returns the report of the final texts and the files that changed.
fn fix_until_stable(
    mut opts: Options,
    mode: crate::fix::FixMode,
) -> Result<(engine::Report, Vec<Fixed>), Fatal> {
    let mut fixed: Vec<Fixed> = Vec::new();
    // Where each fixed file is in `fixed`.
    let mut fixed_at: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    let mut report = engine::run(&opts)?;
    for _ in 0..10 {
        let mut changed = false;
        // The diagnostics of each file, gathered once (not a look at all of them for each
        // file: quadratic in a large tree).
        let mut per_file: Vec<Vec<&crate::diagnostic::Diagnostic>> =
            vec![Vec::new(); report.db.len()];
        for d in &report.diagnostics {
            if let Some(v) = per_file.get_mut(d.file) {
                v.push(d);
            }
        }
        for (id, file) in report.db.iter().enumerate() {
            let Some(path) = &file.path else { continue };
            let diags = &per_file[id];
            if diags.iter().all(|d| d.fix.is_none())
                || diags.iter().any(|d| d.rule == "invalid-utf8")
            {
                continue;
            }
            let (new, n) = crate::fix::apply(&file.text, diags, mode);
            if n == 0 || new == file.text {
                continue;
            }
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            match fixed_at.get(path) {
                Some(&at) => {
                    fixed[at].fixed = new.clone();
                    fixed[at].fixes += n;
                }
                None => {
                    fixed_at.insert(path.clone(), fixed.len());
                    fixed.push(Fixed {
                        path: path.clone(),
                        display: file.name.clone(),
                        original: file.text.clone(),
                        fixed: new.clone(),
                        fixes: n,
                    });
                }
            }
            opts.overlay.insert(abs, new);
            changed = true;
        }
        if !changed {
            break;
        }
        report = engine::run(&opts)?;
    }
    Ok((report, fixed))
}

fn load_profile(config: Option<PathBuf>) -> Result<Profile, Fatal> {
    let file = config.or_else(|| crate::config::discover(&PathBuf::from(".").join("x")));
    Profile::load(file.as_deref())
}

fn rules(args: RulesArgs) -> i32 {
    let profile = match load_profile(args.config) {
        Ok(p) => p,
        Err(e) => return fatal(&e),
    };
    let metas = engine::all_metas(&profile);
    let out = match args.format {
        RulesFormat::Text => {
            let width = metas.iter().map(|m| m.name.len()).max().unwrap_or(0);
            let mut s = String::new();
            for m in &metas {
                s.push_str(&format!(
                    "{:width$}  {:7}  {:8}  {}\n",
                    m.name,
                    m.default_severity.as_str(),
                    if m.fixable() { "fixable" } else { "-" },
                    m.summary,
                ));
            }
            s
        }
        RulesFormat::Json => {
            let list: Vec<_> = metas
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "name": m.name,
                        "severity": m.default_severity,
                        "fixable": m.fixable(),
                        "origin": m.origin,
                        "summary": m.summary,
                        "docs": m.docs_text(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).expect("rules serialize") + "\n"
        }
        RulesFormat::Markdown => rules_markdown(&metas),
    };
    print!("{out}");
    0
}

/// The rule reference (`docs/rules.md` is this, generated).
pub fn rules_markdown(metas: &[&crate::rule::RuleMeta]) -> String {
    let mut s = String::from(
        "# postlint rules\n\n<!-- Generated by `postlint rules --format markdown`; a test fails when this file is out of date. -->\n\n| rule | default | fixable | summary |\n|---|---|---|---|\n",
    );
    for m in metas {
        s.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} | {3} |\n",
            m.name,
            m.default_severity,
            if m.fixable() { "yes" } else { "no" },
            m.summary.replace('|', "\\|")
        ));
    }
    for m in metas {
        // Rule docs use `##` sections; nest them under the rule's own heading.
        let docs = m
            .docs_text()
            .lines()
            .map(|l| {
                if l.starts_with("## ") {
                    format!("#{l}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        s.push_str(&format!(
            "\n## {}\n\n{}\n\nDefault severity: {} · Fixable: {} · Defined in: {}\n\n{}\n",
            m.name,
            m.summary,
            m.default_severity,
            if m.fixable() { "yes" } else { "no" },
            m.origin,
            docs
        ));
    }
    s
}

fn explain(name: &str) -> i32 {
    let profile = match load_profile(None) {
        Ok(p) => p,
        Err(e) => return fatal(&e),
    };
    let metas = engine::all_metas(&profile);
    let Some(meta) = metas.iter().find(|m| m.name == name) else {
        eprintln!("postlint: error: unknown rule `{name}` (see `postlint rules`)");
        return 2;
    };
    println!(
        "# {}\n\n{}\n\nDefault severity: {} · Fixable: {} · Defined in: {}\n\n{}",
        meta.name,
        meta.summary,
        meta.default_severity,
        if meta.fixable() { "yes" } else { "no" },
        meta.origin,
        meta.docs_text()
    );
    0
}
