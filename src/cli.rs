//! Command line: `postlint [check] [PATH ...]`, `postlint rules`, `postlint explain RULE`.
//!
//! Exit status: 0 no error-level finding; 1 at least one; 2 usage, configuration or I/O
//! error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::links::online::OnlineOptions;
use crate::lint::{self, Fatal, Options, Profile};
use crate::render::{self, Format, RenderOptions};

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
    /// List every rule: name, default severity, fixable, origin and summary
    Rules(RulesArgs),
    /// Print a rule's documentation
    Explain {
        /// Rule name, e.g. `placeholder`
        rule: String,
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
}

/// Run the command line; returns the exit status.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check(args)) => check(args),
        Some(Command::Rules(args)) => rules(args),
        Some(Command::Explain { rule }) => explain(&rule),
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
        None => check(cli.check),
    }
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
    let opts = Options {
        paths: args.paths,
        select: args.select,
        ignore: args.ignore,
        config: args.config.clone(),
        stdin_filename: args.stdin_filename,
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
            o.cache = Some(
                root.join(
                    links
                        .cache
                        .as_deref()
                        .unwrap_or(".postlint-cache/links.json"),
                ),
            );
            if let Some(h) = links.cache_hours {
                o.cache_ttl = Duration::from_secs(h * 3600);
            }
            o
        }),
    };
    let report = match lint::run(&opts) {
        Ok(r) => r,
        Err(e) => return fatal(&e),
    };
    let format = args.format.unwrap_or(Format::Human);
    let out = render::render(
        &report,
        format,
        RenderOptions {
            color: use_color(args.color.unwrap_or(ColorChoice::Auto)),
            quiet: args.quiet,
            elapsed: started.elapsed(),
        },
    );
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // A closed pipe (`postlint | head`) is not an error worth a panic.
        return 2;
    }
    if report.io_errors > 0 {
        2
    } else if report.count(crate::diagnostic::Severity::Error) > 0 {
        1
    } else {
        0
    }
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
    let metas = lint::all_metas(&profile);
    let out = match args.format {
        RulesFormat::Text => {
            let width = metas.iter().map(|m| m.name.len()).max().unwrap_or(0);
            let mut s = String::new();
            for m in &metas {
                s.push_str(&format!(
                    "{:width$}  {:7}  {:8}  {}\n",
                    m.name,
                    m.default_severity.as_str(),
                    if m.fixable { "fixable" } else { "-" },
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
                        "fixable": m.fixable,
                        "origin": m.origin,
                        "summary": m.summary,
                        "docs": m.docs_text(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).expect("rules serialize") + "\n"
        }
    };
    print!("{out}");
    0
}

fn explain(name: &str) -> i32 {
    let profile = match load_profile(None) {
        Ok(p) => p,
        Err(e) => return fatal(&e),
    };
    let metas = lint::all_metas(&profile);
    let Some(meta) = metas.iter().find(|m| m.name == name) else {
        eprintln!("postlint: error: unknown rule `{name}` (see `postlint rules`)");
        return 2;
    };
    println!(
        "# {}\n\n{}\n\nDefault severity: {} · Fixable: {} · Defined in: {}\n\n{}",
        meta.name,
        meta.summary,
        meta.default_severity,
        if meta.fixable { "yes" } else { "no" },
        meta.origin,
        meta.docs_text()
    );
    0
}
