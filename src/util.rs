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

/// Most bytes read from a `postlint.toml` or a rule pack: the largest real ones are tens
/// of kilobytes.
pub const CONFIG_SIZE_LIMIT: u64 = 4 * 1024 * 1024;

/// Most bytes read from the `--online` link cache (about 100 bytes a link).
pub const CACHE_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

/// Why a file postlint reads for itself (a config, a pack, the link cache) was refused.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, a device, a folder, a socket: reading could block or never end.
    NotRegular,
    TooLarge {
        limit: u64,
    },
    /// A symbolic link where none is followed.
    Symlink,
    NotUtf8,
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular => f.write_str("not a regular file"),
            ReadError::TooLarge { limit } => {
                write!(f, "larger than the {} MiB limit", limit / (1024 * 1024))
            }
            ReadError::Symlink => f.write_str("a symbolic link (not followed)"),
            ReadError::NotUtf8 => f.write_str("not UTF-8 text"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The text of the regular file at `path`, if it holds at most `limit` bytes. The file is
/// opened without blocking (a FIFO would wait for a writer forever) and checked to be a
/// regular file before anything is read; with `follow` false, a symlink at `path` itself
/// is refused (its folders are the caller's to check).
pub fn read_regular(path: &std::path::Path, limit: u64, follow: bool) -> Result<String, ReadError> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = rustix::fs::OFlags::NONBLOCK;
        if !follow {
            flags |= rustix::fs::OFlags::NOFOLLOW;
        }
        options.custom_flags(flags.bits() as i32);
    }
    #[cfg(not(unix))]
    if !follow && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ReadError::Symlink);
    }
    let file = options.open(path).map_err(|e| {
        // O_NOFOLLOW fails with ELOOP on a symlink.
        if !follow && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            ReadError::Symlink
        } else {
            ReadError::Io(e)
        }
    })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow between the size check and the read.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)
}

/// `s` cut to `max` characters, with `…` when something was cut, and control characters
/// (line breaks, escapes) written as Rust escapes: for quoting what a file holds in a
/// one-line message.
pub fn clip(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A message for one line of standard error: every `quoted` part cut to 40 characters
/// (a message quotes what a file holds, and a hostile file can hold anything), each line
/// to 200, control characters other than line breaks escaped.
pub fn clip_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    for (i, line) in message.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut quoted = String::new();
        for (j, part) in line.split('`').enumerate() {
            if j > 0 {
                quoted.push('`');
            }
            if j % 2 == 1 {
                quoted.push_str(&clip(part, 40));
            } else {
                quoted.push_str(part);
            }
        }
        out.push_str(&clip(&quoted, 200));
    }
    out
}

/// `s` with control characters written as escapes (`\n`, `\r`, `\u{1b}`), for output
/// formats that hold one finding per line.
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Is `rel` (a path written in a config file) one that stays inside the folder it is
/// relative to: not absolute, no root or drive, and no `..` that climbs above the start.
pub fn stays_inside(rel: &std::path::Path) -> bool {
    use std::path::Component;
    let mut depth = 0usize;
    for c in rel.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// Does `path`, with every symlink resolved, lie inside `root` (also resolved)? For a path
/// that does not exist yet, its nearest existing folder is resolved instead.
pub fn resolves_inside(path: &std::path::Path, root: &std::path::Path) -> bool {
    let Ok(root) = std::fs::canonicalize(root) else {
        return false;
    };
    resolved(path).is_some_and(|p| p.starts_with(&root))
}

/// `path` with every symlink resolved, or, when it does not exist, its nearest existing
/// ancestor resolved: where on disk a path leads.
pub fn resolved(path: &std::path::Path) -> Option<std::path::PathBuf> {
    path.ancestors().find_map(|p| std::fs::canonicalize(p).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn clip_cuts_and_escapes() {
        assert_eq!(clip("abc", 5), "abc");
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("a\nb", 5), "a\\nb");
        let long = "x".repeat(100);
        let m = clip_message(&format!("unknown field `{long}`, expected `a`\nsecond"));
        assert_eq!(
            m,
            format!("unknown field `{}…`, expected `a`\nsecond", &long[..40])
        );
    }

    #[test]
    fn paths_that_stay_inside() {
        for p in ["a.yml", "rules/a.yml", "./a", "a/../b", "a/b/../../c"] {
            assert!(stays_inside(Path::new(p)), "{p}");
        }
        for p in ["../a", "/etc/passwd", "a/../../b", ".."] {
            assert!(!stays_inside(Path::new(p)), "{p}");
        }
    }

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
