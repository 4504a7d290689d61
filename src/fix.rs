//! Applying fixes: all edits of a fix or none, overlapping fixes skipped in a deterministic
//! order, line endings kept, and files written atomically only if unchanged since read.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, Default)]
pub struct FixMode {
    pub unsafe_fixes: bool,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end)
        || (a.start == b.start)
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

/// Does the text use CRLF line endings (more CRLF than bare LF)?
pub fn is_crlf(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    crlf > lf
}

/// Apply the applicable fixes of `diagnostics` to `text`. Returns the new text and the
/// number of fixes applied.
pub fn apply(text: &str, diagnostics: &[&Diagnostic], mode: FixMode) -> (String, usize) {
    let (edits, count) = plan(text, diagnostics, mode);
    (apply_edits(text, &edits), count)
}

/// Can `fix` be applied to `text` at all: edits inside the text, on character boundaries,
/// not into a BOM.
pub fn applicable(text: &str, fix: &crate::diagnostic::Fix) -> bool {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    !fix.edits.is_empty()
        && fix.edits.iter().all(|e| {
            e.range.start >= bom
                && e.range.start <= e.range.end
                && e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
        })
}

/// The edits `apply` makes (non-overlapping, sorted by position), and how many fixes they
/// come from: fixes in a deterministic order (position, then rule and message), each
/// taken unless it overlaps one taken before. In O(n log n) for n fixes: the edits taken
/// never overlap and have distinct starts, so an edit can only clash with the taken edit
/// starting just before it or the first one starting at or after it. (Comparing with
/// every edit taken so far was quadratic: 1.9 M findings took minutes.)
pub fn plan(text: &str, diagnostics: &[&Diagnostic], mode: FixMode) -> (Vec<Edit>, usize) {
    use std::collections::BTreeMap;
    let mut fixes: Vec<(usize, usize, &Diagnostic, &[Edit])> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|f| (*d, f)))
        .filter(|(_, f)| f.applicability == Applicability::Safe || mode.unsafe_fixes)
        .filter(|(_, f)| applicable(text, f))
        .map(|(d, f)| {
            let start = f.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
            let end = f.edits.iter().map(|e| e.range.end).max().unwrap_or(0);
            (start, end, d, f.edits.as_slice())
        })
        .collect();
    // Stable: equal keys keep their order.
    fixes.sort_by(|a, b| {
        (a.0, a.1, &a.2.rule, &a.2.message).cmp(&(b.0, b.1, &b.2.rule, &b.2.message))
    });
    let mut accepted: BTreeMap<usize, &Edit> = BTreeMap::new();
    let mut count = 0;
    let mut own: Vec<&Edit> = Vec::new();
    let clashes = |accepted: &BTreeMap<usize, &Edit>, r: &std::ops::Range<usize>| {
        let before = accepted.range(..r.start).next_back();
        let after = accepted.range(r.start..).next();
        before.is_some_and(|(_, a)| overlaps(&a.range, r))
            || after.is_some_and(|(_, a)| overlaps(&a.range, r))
    };
    for (_, _, _, edits) in fixes {
        own.clear();
        own.extend(edits);
        own.sort_by_key(|e| e.range.start);
        // Sorted by start, two edits of one fix overlap only if two neighbours do.
        let clash = own.windows(2).any(|w| overlaps(&w[0].range, &w[1].range))
            || own.iter().any(|e| clashes(&accepted, &e.range));
        if clash {
            continue;
        }
        for e in edits {
            accepted.insert(e.range.start, e);
        }
        count += 1;
    }
    (accepted.into_values().cloned().collect(), count)
}

/// Apply sorted, non-overlapping edits; `\n` in replacements becomes `\r\n` in CRLF text.
/// The text is copied once, edits in between (replacing each in place moved the rest of
/// the text every time: quadratic in the fixes of a long post).
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let crlf = is_crlf(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        if crlf {
            out.push_str(&e.replacement.replace("\r\n", "\n").replace('\n', "\r\n"));
        } else {
            out.push_str(&e.replacement);
        }
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Why a fixed text was not written, or not only it. See docs/robustness.md, "Fixes and
/// the file system".
#[derive(Debug)]
pub enum WriteError {
    /// The file no longer holds the text postlint read (or it went away).
    Changed,
    /// Not a regular file: a FIFO, a device, a folder...
    NotRegular,
    /// The file has this many hard links; replacing it would break the others.
    HardLinks(u64),
    /// Another program holds an exclusive lock on the file.
    Locked,
    /// A file system call failed: what postlint was doing, and the error.
    Io(&'static str, std::io::Error),
    /// A change made while the fix was being put in place would have been lost: it is kept
    /// in the file `kept`, next to the post. `fixed`: the fix went in all the same.
    KeptAside { kept: PathBuf, fixed: bool },
}

impl WriteError {
    /// Did the fix go in (with something else to report)?
    pub fn applied(&self) -> bool {
        matches!(self, WriteError::KeptAside { fixed: true, .. })
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Changed => f.write_str("not fixed: it changed on disk since postlint read it"),
            WriteError::NotRegular => f.write_str("not fixed: not a regular file"),
            WriteError::HardLinks(n) => write!(
                f,
                "not fixed: it has {n} hard links, and replacing it would break them (`--diff` shows the fixes)"
            ),
            WriteError::Locked => f.write_str("not fixed: another program holds a lock on it"),
            WriteError::Io(what, e) => write!(f, "not fixed: cannot {what}: {e}"),
            WriteError::KeptAside { kept, fixed: true } => write!(
                f,
                "fixed, but it was also changed while the fix went in: that version is kept in {}",
                kept.display()
            ),
            WriteError::KeptAside { kept, fixed: false } => write!(
                f,
                "not fixed: it changed on disk while the fix went in; a version written meanwhile is kept in {}",
                kept.display()
            ),
        }
    }
}

fn io_err(what: &'static str) -> impl FnOnce(std::io::Error) -> WriteError {
    move |e| WriteError::Io(what, e)
}

/// Temporary files are `.postlint-` + this many random letters and digits + `.tmp`: 20
/// bytes, whatever the post's name (names have at most 255).
const TEMP_PREFIX: &str = ".postlint-";
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM: usize = 6;

fn temp_builder() -> tempfile::Builder<'static, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM);
    b
}

/// Is this the name of one of postlint's temporary files?
pub fn is_temp_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .and_then(|n| n.strip_prefix(TEMP_PREFIX))
        .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|r| r.len() == TEMP_RANDOM && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Write `bytes` to `path` through a new temporary file renamed over it: readers see the
/// old file or the new one, and a symlink at `path` or at any temporary name is replaced or
/// avoided, never followed. For postlint's own files (the link cache, `init --force`).
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut b = temp_builder();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create` would (less the umask), not tempfile's owner-only default.
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = b.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
pub use unix::{remove_stale_temps, write_atomic};

/// Write `new` to the file at `path` if it still holds `expected`, atomically, keeping what
/// it is: see the Unix version. Elsewhere: a temporary file, checked, then renamed.
#[cfg(not(unix))]
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    if std::fs::read(path).map_err(io_err("read it again"))? != expected {
        return Err(WriteError::Changed);
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = temp_builder()
        .tempfile_in(dir)
        .map_err(io_err("create a temporary file"))?;
    tmp.write_all(new).map_err(io_err("write the fixed text"))?;
    tmp.as_file()
        .sync_all()
        .map_err(io_err("write the fixed text"))?;
    let permissions = std::fs::metadata(path)
        .map_err(io_err("read it again"))?
        .permissions();
    tmp.as_file()
        .set_permissions(permissions)
        .map_err(io_err("keep its permissions"))?;
    if std::fs::read(path).map_err(io_err("read it again"))? != expected {
        return Err(WriteError::Changed);
    }
    tmp.persist(path)
        .map_err(|e| WriteError::Io("put the fixed file in place", e.error))?;
    Ok(())
}

/// Remove nothing: without Unix locks a stale temporary file cannot be told from one in use.
#[cfg(not(unix))]
pub fn remove_stale_temps(_dir: &Path) -> usize {
    0
}

#[cfg(unix)]
mod unix {
    use std::ffi::{OsStr, OsString};
    use std::fs::{File, Metadata, Permissions};
    use std::io::{self, Read, Seek, SeekFrom, Write};
    use std::os::fd::OwnedFd;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::path::Path;

    use rustix::fs::{AtFlags, FlockOperation, Mode, OFlags};
    use rustix::io::Errno;

    use super::{io_err, temp_builder, WriteError};

    fn open_dir(dir: &Path) -> io::Result<OwnedFd> {
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        Ok(rustix::fs::open(dir, flags, Mode::empty())?)
    }

    /// Open `name` in `dir`, never through a symlink, never blocking (on a FIFO).
    fn open_at(dir: &OwnedFd, name: &OsStr, flags: OFlags, mode: u32) -> io::Result<File> {
        let flags = flags | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(dir, name, flags, Mode::from_raw_mode(mode))?;
        Ok(File::from(fd))
    }

    /// Is `name` in `dir` (the name itself, not what a symlink there points to) the file
    /// `meta` describes?
    fn is_same(dir: &OwnedFd, name: &OsStr, meta: &Metadata) -> bool {
        rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW).is_ok_and(|st| {
            // The field types differ between platforms; on Linux they are u64 already.
            #[allow(clippy::unnecessary_cast)]
            let id = (st.st_dev as u64, st.st_ino as u64);
            id == (meta.dev(), meta.ino())
        })
    }

    fn read_all(mut file: &File) -> io::Result<Vec<u8>> {
        file.seek(SeekFrom::Start(0))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// How a file's bytes differ from what they were.
    enum Drift {
        None,
        Appended(Vec<u8>),
        Other(Vec<u8>),
    }

    fn drift(file: &File, was: &[u8]) -> io::Result<Drift> {
        let now = read_all(file)?;
        Ok(if now == was {
            Drift::None
        } else if now.starts_with(was) {
            Drift::Appended(now[was.len()..].to_vec())
        } else {
            Drift::Other(now)
        })
    }

    /// A temporary file in `dir`, removed when dropped while `armed`. Its holder keeps an
    /// exclusive lock on it, which tells other runs it is not stale.
    struct Temp<'d> {
        dir: &'d OwnedFd,
        dir_path: &'d Path,
        name: OsString,
        file: File,
        armed: bool,
    }

    impl Drop for Temp<'_> {
        fn drop(&mut self) {
            if self.armed {
                let _ = rustix::fs::unlinkat(self.dir, &self.name, AtFlags::empty());
            }
        }
    }

    /// Give `make` fresh random names in `dir` until one is free (`make` fails with
    /// `AlreadyExists` on a taken one); returns its result and the name.
    fn fresh_name<R>(
        builder: &tempfile::Builder,
        dir_path: &Path,
        mut make: impl FnMut(&OsStr) -> io::Result<R>,
    ) -> io::Result<(R, OsString)> {
        let made = builder.make_in(dir_path, |p| make(p.file_name().unwrap_or(OsStr::new(""))))?;
        let (r, path) = made.into_parts();
        let name = path.file_name().unwrap_or_default().to_os_string();
        // Ours to remove or keep from now on.
        let _ = path.keep();
        Ok((r, name))
    }

    /// The new file's bytes, owner, group and mode, on disk.
    fn fill(file: &File, new: &[u8], like: &Metadata) -> Result<(), WriteError> {
        let mut w = file;
        w.write_all(new).map_err(io_err("write the fixed text"))?;
        let now = file.metadata().map_err(io_err("write the fixed text"))?;
        if (now.uid(), now.gid()) != (like.uid(), like.gid()) {
            match std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid())) {
                // Only root may give a file away: the owner becomes whoever runs the fix,
                // the group stays where they may set it (as `sed -i` does).
                Err(e) if e.raw_os_error() == Some(Errno::PERM.raw_os_error()) => {
                    let _ = std::os::unix::fs::fchown(file, None, Some(like.gid()));
                }
                r => r.map_err(io_err("keep its owner and group"))?,
            }
        }
        // After the owner: changing it clears set-user-ID bits.
        file.set_permissions(Permissions::from_mode(like.mode() & 0o7777))
            .map_err(io_err("keep its permissions"))?;
        file.sync_all().map_err(io_err("write the fixed text"))
    }

    /// A file holding `new` (owner, group and mode as `like`), synced, under a fresh
    /// temporary name in `dir`. On Linux it is written unnamed (`O_TMPFILE`) and named only
    /// once complete, so a run killed while writing leaves nothing.
    fn create_temp<'d>(
        dir: &'d OwnedFd,
        dir_path: &'d Path,
        new: &[u8],
        like: &Metadata,
    ) -> Result<Temp<'d>, WriteError> {
        #[cfg(target_os = "linux")]
        {
            let flags = OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC;
            // Not every file system has O_TMPFILE: then a named file, below.
            if let Ok(fd) = rustix::fs::openat(dir, ".", flags, Mode::from_raw_mode(0o600)) {
                let file = File::from(fd);
                rustix::fs::flock(&file, FlockOperation::LockExclusive)
                    .map_err(|e| WriteError::Io("lock a temporary file", e.into()))?;
                fill(&file, new, like)?;
                if let Ok(((), name)) = fresh_name(&temp_builder(), dir_path, |name| {
                    link_unnamed(&file, dir, name)
                }) {
                    return Ok(Temp {
                        dir,
                        dir_path,
                        name,
                        file,
                        armed: true,
                    });
                }
            }
        }
        create_named(dir, dir_path, new, like)
    }

    /// [`create_temp`] without `O_TMPFILE`: named from the start.
    fn create_named<'d>(
        dir: &'d OwnedFd,
        dir_path: &'d Path,
        new: &[u8],
        like: &Metadata,
    ) -> Result<Temp<'d>, WriteError> {
        for _ in 0..3 {
            let flags = OFlags::CREATE | OFlags::EXCL | OFlags::RDWR;
            let (file, name) = fresh_name(&temp_builder(), dir_path, |name| {
                open_at(dir, name, flags, 0o600)
            })
            .map_err(io_err("create a temporary file"))?;
            let mut temp = Temp {
                dir,
                dir_path,
                name,
                file,
                armed: true,
            };
            rustix::fs::flock(&temp.file, FlockOperation::LockExclusive)
                .map_err(|e| WriteError::Io("lock a temporary file", e.into()))?;
            // Another run's clean-up may have taken it for stale before it was locked.
            if temp.file.metadata().is_ok_and(|m| m.nlink() == 0) {
                temp.armed = false;
                continue;
            }
            fill(&temp.file, new, like)?;
            return Ok(temp);
        }
        Err(WriteError::Io(
            "create a temporary file",
            io::Error::other("removed as soon as created, three times"),
        ))
    }

    /// Give the unnamed (`O_TMPFILE`) `file` the `name` in `dir`.
    #[cfg(target_os = "linux")]
    fn link_unnamed(file: &File, dir: &OwnedFd, name: &OsStr) -> io::Result<()> {
        use std::os::fd::AsRawFd;
        let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
        match rustix::fs::linkat(
            rustix::fs::CWD,
            proc.as_str(),
            dir,
            name,
            AtFlags::SYMLINK_FOLLOW,
        ) {
            // Without /proc: by the descriptor itself (needs CAP_DAC_READ_SEARCH).
            Err(e) if e != Errno::EXIST => Ok(rustix::fs::linkat(
                file,
                "",
                dir,
                name,
                AtFlags::EMPTY_PATH,
            )?),
            r => Ok(r?),
        }
    }

    /// Write `new` to the file at `path` if it still holds `expected`, and lose nothing:
    ///
    /// - a symlink is followed: the file it points to is fixed, the link stays;
    /// - only a regular file with one link is replaced (hard links would break), and only
    ///   if it still is the file read, with the same bytes;
    /// - the new text goes to a temporary file with a random name created exclusively
    ///   (unnamed until complete on Linux) in the same folder, with the owner, group and
    ///   mode of the old one, synced, then swapped in;
    /// - on Linux the swap is `renameat2(RENAME_EXCHANGE)`: what it swapped out is checked,
    ///   and swapped back if it changed in the meantime; elsewhere a check, then a rename;
    /// - bytes appended to the old file after the last check go on the end of the file in
    ///   place; any other change that would be lost is kept in a file next to the post.
    pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
        let real = std::fs::canonicalize(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => WriteError::Changed,
            _ => WriteError::Io("find it", e),
        })?;
        let (Some(dir_path), Some(name)) = (real.parent(), real.file_name()) else {
            return Err(WriteError::NotRegular);
        };
        let dir = open_dir(dir_path).map_err(io_err("open its folder"))?;
        let old = match open_at(&dir, name, OFlags::RDONLY, 0) {
            Ok(f) => f,
            // Replaced by a symlink, or removed, since it was found.
            Err(e) if e.raw_os_error() == Some(Errno::LOOP.raw_os_error()) => {
                return Err(WriteError::Changed)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(WriteError::Changed),
            Err(e) => return Err(WriteError::Io("open it", e)),
        };
        let meta = old.metadata().map_err(io_err("open it"))?;
        if !meta.is_file() {
            return Err(WriteError::NotRegular);
        }
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinks(meta.nlink()));
        }
        // A shared lock: for a moment the old file has a temporary name, and another run's
        // clean-up must not take it for stale. Where locks are not supported, go on.
        if let Err(e) = rustix::fs::flock(&old, FlockOperation::NonBlockingLockShared) {
            if e == Errno::WOULDBLOCK {
                return Err(WriteError::Locked);
            }
        }
        let unchanged = |old: &File| read_all(old).is_ok_and(|b| b == expected);
        if !unchanged(&old) {
            return Err(WriteError::Changed);
        }
        let mut temp = create_temp(&dir, dir_path, new, &meta)?;
        if !(is_same(&dir, name, &meta) && unchanged(&old)) {
            return Err(WriteError::Changed);
        }
        let result = swap_in(&mut temp, name, &old, &meta, expected, new);
        // The folder entry too, as far as the file system allows.
        let _ = rustix::fs::fsync(&dir);
        result
    }

    /// Put `temp` in place of `name`, which held `old` (`meta`) with the bytes `expected`.
    #[cfg_attr(not(target_os = "linux"), allow(unused_variables))]
    fn swap_in(
        temp: &mut Temp,
        name: &OsStr,
        old: &File,
        meta: &Metadata,
        expected: &[u8],
        new: &[u8],
    ) -> Result<(), WriteError> {
        let dir = temp.dir;
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::RenameFlags;
            let exchange =
                rustix::fs::renameat_with(dir, &temp.name, dir, name, RenameFlags::EXCHANGE);
            match exchange {
                Ok(()) => return after_exchange(temp, name, old, meta, expected, new),
                // Not on this file system: a plain rename below.
                Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP].contains(&e) => {}
                Err(e) if e == Errno::NOENT => return Err(WriteError::Changed),
                Err(e) => return Err(WriteError::Io("put the fixed file in place", e.into())),
            }
        }
        rename_in(temp, name, old, expected)
    }

    /// [`swap_in`] without `RENAME_EXCHANGE`: the caller's last check, then a rename.
    fn rename_in(
        temp: &mut Temp,
        name: &OsStr,
        old: &File,
        expected: &[u8],
    ) -> Result<(), WriteError> {
        rustix::fs::renameat(temp.dir, &temp.name, temp.dir, name)
            .map_err(|e| WriteError::Io("put the fixed file in place", e.into()))?;
        temp.armed = false;
        settle(temp.dir, temp.dir_path, name, old, expected, true)
    }

    /// After the swap: `temp.name` holds what was at `name` a moment ago.
    #[cfg(target_os = "linux")]
    fn after_exchange(
        temp: &mut Temp,
        name: &OsStr,
        old: &File,
        meta: &Metadata,
        expected: &[u8],
        new: &[u8],
    ) -> Result<(), WriteError> {
        use rustix::fs::RenameFlags;
        let dir = temp.dir;
        // From here on the temporary name may hold someone's only copy of a change.
        temp.armed = false;
        if is_same(dir, &temp.name, meta) && read_all(old).is_ok_and(|b| b == expected) {
            // The file read, as read: the fix is in.
            let _ = rustix::fs::unlinkat(dir, &temp.name, AtFlags::empty());
            return settle(dir, temp.dir_path, name, old, expected, true);
        }
        // Changed in the last moment: swap back.
        if rustix::fs::renameat_with(dir, &temp.name, dir, name, RenameFlags::EXCHANGE).is_err() {
            // The post's name went away meanwhile: keep the changed version in view.
            return Err(keep_aside(dir, temp.dir_path, &temp.name, name, true));
        }
        let ours = temp
            .file
            .metadata()
            .map_err(io_err("check the fixed file"))?;
        if !is_same(dir, &temp.name, &ours) {
            // Someone put another file at the post's name meanwhile: keep it in view.
            return Err(keep_aside(dir, temp.dir_path, &temp.name, name, false));
        }
        // Ours again: what was written to it while it had the post's name goes on the end of
        // the post.
        let _ = rustix::fs::unlinkat(dir, &temp.name, AtFlags::empty());
        settle(dir, temp.dir_path, name, &temp.file, new, false).and(Err(WriteError::Changed))
    }

    /// `old` no longer has the post's name: if it changed after it held `expected` (a writer
    /// that opened it before the swap), carry the change over, or keep it in view.
    fn settle(
        dir: &OwnedFd,
        dir_path: &Path,
        name: &OsStr,
        old: &File,
        expected: &[u8],
        fixed: bool,
    ) -> Result<(), WriteError> {
        wait_until_alone(old);
        match drift(old, expected) {
            Ok(Drift::None) | Err(_) => Ok(()),
            Ok(Drift::Appended(extra)) if append(dir, name, &extra).is_ok() => Ok(()),
            Ok(Drift::Appended(_)) => {
                let bytes = read_all(old).unwrap_or_default();
                Err(keep_copy(dir, dir_path, name, &bytes, fixed))
            }
            Ok(Drift::Other(bytes)) => Err(keep_copy(dir, dir_path, name, &bytes, fixed)),
        }
    }

    /// Wait (half a second at most) until nobody else has `file` open, once it has no name
    /// left: a writer that opened it before it was replaced has then written and closed it,
    /// and what it wrote can be seen. Linux only: a write lease is granted only on a file
    /// nobody else has open. Elsewhere, or where leases are refused (a file of another user
    /// without CAP_LEASE, some file systems), it returns at once.
    #[cfg_attr(not(target_os = "linux"), allow(unused_variables))]
    fn wait_until_alone(file: &File) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            use std::time::{Duration, Instant};
            // With a name left, someone could open it while the lease is held, and breaking
            // a lease signals its holder (SIGIO, which ends a process by default).
            if !file.metadata().is_ok_and(|m| m.nlink() == 0) {
                return;
            }
            let fd = file.as_raw_fd();
            let deadline = Instant::now() + Duration::from_millis(500);
            loop {
                // SAFETY: fcntl with integer arguments on a descriptor that `file` owns.
                if unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_WRLCK) } == 0 {
                    // SAFETY: as above; gives back the lease just taken.
                    unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_UNLCK) };
                    return;
                }
                let busy = io::Error::last_os_error().raw_os_error() == Some(libc::EAGAIN);
                if !busy || Instant::now() >= deadline {
                    return;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
        }
    }

    fn append(dir: &OwnedFd, name: &OsStr, bytes: &[u8]) -> io::Result<()> {
        let mut f = open_at(dir, name, OFlags::WRONLY | OFlags::APPEND, 0)?;
        f.write_all(bytes)?;
        f.sync_all()
    }

    /// Remove the temporary files that an interrupted run (killed, or its machine stopped)
    /// left in `dir_path`; returns how many. A temporary file is stale when nobody holds a
    /// lock on it: every run holds one on each of its own until it is gone.
    pub fn remove_stale_temps(dir_path: &Path) -> usize {
        let (Ok(dir), Ok(entries)) = (open_dir(dir_path), std::fs::read_dir(dir_path)) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !super::is_temp_name(&name) {
                continue;
            }
            // Not through a symlink: a link with that name is someone else's.
            let Ok(file) = open_at(&dir, &name, OFlags::RDONLY, 0) else {
                continue;
            };
            let Ok(meta) = file.metadata() else { continue };
            if meta.is_file()
                && rustix::fs::flock(&file, FlockOperation::NonBlockingLockExclusive).is_ok()
                && is_same(&dir, &name, &meta)
                && rustix::fs::unlinkat(&dir, &name, AtFlags::empty()).is_ok()
            {
                removed += 1;
            }
        }
        removed
    }

    /// Random names `NAME.postlint-kept-XXXXXX`, within the 255-byte limit on names.
    fn kept_prefix(name: &OsStr) -> OsString {
        let tail = ".postlint-kept-";
        let head = name.as_bytes();
        let mut prefix =
            OsStr::from_bytes(&head[..head.len().min(255 - tail.len() - 6)]).to_owned();
        prefix.push(tail);
        prefix
    }

    /// Give the file at `temp_name` (someone's change) a lasting name next to the post.
    fn keep_aside(
        dir: &OwnedFd,
        dir_path: &Path,
        temp_name: &OsStr,
        name: &OsStr,
        fixed: bool,
    ) -> WriteError {
        let prefix = kept_prefix(name);
        let mut b = tempfile::Builder::new();
        b.prefix(&prefix).suffix("").rand_bytes(6);
        let linked = fresh_name(&b, dir_path, |kept| {
            Ok(rustix::fs::linkat(
                dir,
                temp_name,
                dir,
                kept,
                AtFlags::empty(),
            )?)
        });
        let kept = match linked {
            Ok(((), kept)) => {
                let _ = rustix::fs::unlinkat(dir, temp_name, AtFlags::empty());
                kept
            }
            // Then it stays where it is, and the message says so.
            Err(_) => temp_name.to_owned(),
        };
        WriteError::KeptAside {
            kept: dir_path.join(kept),
            fixed,
        }
    }

    /// Keep `bytes` (a change that lost its file) in a new file next to the post.
    fn keep_copy(
        dir: &OwnedFd,
        dir_path: &Path,
        name: &OsStr,
        bytes: &[u8],
        fixed: bool,
    ) -> WriteError {
        let prefix = kept_prefix(name);
        let mut b = tempfile::Builder::new();
        b.prefix(&prefix).suffix("").rand_bytes(6);
        let flags = OFlags::CREATE | OFlags::EXCL | OFlags::WRONLY;
        let written = fresh_name(&b, dir_path, |kept| open_at(dir, kept, flags, 0o600)).and_then(
            |(mut f, kept)| {
                f.write_all(bytes)?;
                f.sync_all()?;
                Ok(kept)
            },
        );
        match written {
            Ok(kept) => WriteError::KeptAside {
                kept: dir_path.join(kept),
                fixed,
            },
            Err(e) => WriteError::Io("keep a change made while the fix went in", e),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn scratch(name: &str) -> std::path::PathBuf {
            let dir =
                std::env::temp_dir().join(format!("postlint-settle-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            dir
        }

        // The replaced file changed after the last check, through a descriptor opened
        // before the swap: an append is carried over, anything else kept in view.
        #[test]
        fn late_changes_to_the_replaced_file_are_not_lost() {
            let dir_path = scratch("late");
            let dir = open_dir(&dir_path).unwrap();
            let name = OsStr::new("a.md");
            std::fs::write(dir_path.join("a.md"), "fixed\n").unwrap();
            std::fs::write(dir_path.join("old"), "read\nappended\n").unwrap();
            let old = File::open(dir_path.join("old")).unwrap();
            assert!(settle(&dir, &dir_path, name, &old, b"read\n", true).is_ok());
            assert_eq!(
                std::fs::read_to_string(dir_path.join("a.md")).unwrap(),
                "fixed\nappended\n"
            );
            std::fs::write(dir_path.join("old"), "rewritten\n").unwrap();
            let Err(WriteError::KeptAside { kept, fixed: true }) =
                settle(&dir, &dir_path, name, &old, b"read\n", true)
            else {
                panic!("the rewrite is kept");
            };
            assert_eq!(std::fs::read_to_string(&kept).unwrap(), "rewritten\n");
            assert!(kept
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("a.md.postlint-kept-"));
            std::fs::remove_dir_all(&dir_path).unwrap();
        }

        // Where O_TMPFILE or RENAME_EXCHANGE are missing (other systems, some file
        // systems): a named temporary file, locked while in use, and a plain rename.
        #[test]
        fn named_temporary_file_and_rename() {
            let dir_path = scratch("named");
            let dir = open_dir(&dir_path).unwrap();
            std::fs::write(dir_path.join("a.md"), "old\n").unwrap();
            std::fs::set_permissions(dir_path.join("a.md"), Permissions::from_mode(0o604)).unwrap();
            let old = File::open(dir_path.join("a.md")).unwrap();
            let meta = old.metadata().unwrap();
            let mut temp = create_named(&dir, &dir_path, b"new\n", &meta).unwrap();
            assert!(super::super::is_temp_name(&temp.name));
            assert_eq!(
                super::super::remove_stale_temps(&dir_path),
                0,
                "in use, so not stale"
            );
            rename_in(&mut temp, OsStr::new("a.md"), &old, b"old\n").unwrap();
            drop(temp);
            assert_eq!(
                std::fs::read_to_string(dir_path.join("a.md")).unwrap(),
                "new\n"
            );
            let mode = std::fs::metadata(dir_path.join("a.md")).unwrap().mode();
            assert_eq!(mode & 0o7777, 0o604);
            assert_eq!(std::fs::read_dir(&dir_path).unwrap().count(), 1);
            // Dropped before it was used: removed.
            let temp = create_named(&dir, &dir_path, b"new\n", &meta).unwrap();
            drop(temp);
            assert_eq!(std::fs::read_dir(&dir_path).unwrap().count(), 1);
            std::fs::remove_dir_all(&dir_path).unwrap();
        }

        // A writer that opened the post before it was replaced, and writes only afterwards:
        // its append is waited for and carried over.
        #[cfg(target_os = "linux")]
        #[test]
        fn a_late_writer_is_waited_for() {
            let dir_path = scratch("waited");
            let dir = open_dir(&dir_path).unwrap();
            std::fs::write(dir_path.join("a.md"), "fixed\n").unwrap();
            std::fs::write(dir_path.join("old"), "read\n").unwrap();
            let old = File::open(dir_path.join("old")).unwrap();
            let mut writer = std::fs::OpenOptions::new()
                .append(true)
                .open(dir_path.join("old"))
                .unwrap();
            std::fs::remove_file(dir_path.join("old")).unwrap();
            let late = std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(50));
                writer.write_all(b"late\n").unwrap();
            });
            settle(&dir, &dir_path, OsStr::new("a.md"), &old, b"read\n", true).unwrap();
            late.join().unwrap();
            assert_eq!(
                std::fs::read_to_string(dir_path.join("a.md")).unwrap(),
                "fixed\nlate\n"
            );
            std::fs::remove_dir_all(&dir_path).unwrap();
        }

        // A kept version gets a lasting name that fits, however long the post's name.
        #[test]
        fn kept_names_fit_in_255_bytes() {
            let dir_path = scratch("kept");
            let dir = open_dir(&dir_path).unwrap();
            let long = format!("{}.md", "é".repeat(125));
            std::fs::write(dir_path.join(".postlint-Tmp001.tmp"), "theirs").unwrap();
            let err = keep_aside(
                &dir,
                &dir_path,
                OsStr::new(".postlint-Tmp001.tmp"),
                OsStr::new(&long),
                false,
            );
            let WriteError::KeptAside { kept, fixed: false } = err else {
                panic!("{err}");
            };
            assert!(kept.file_name().unwrap().len() <= 255);
            assert_eq!(std::fs::read_to_string(&kept).unwrap(), "theirs");
            assert!(!dir_path.join(".postlint-Tmp001.tmp").exists());
            std::fs::remove_dir_all(&dir_path).unwrap();
        }
    }
}

#[cfg(test)]
mod tests {
    /// The plan as first written (every edit compared with every edit taken): the plain
    /// path `plan` must equal.
    fn plan_reference(
        text: &str,
        diagnostics: &[&Diagnostic],
        mode: FixMode,
    ) -> (Vec<Edit>, usize) {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut fixes: Vec<(&Diagnostic, &Vec<Edit>)> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (*d, f)))
            .filter(|(_, f)| f.applicability == Applicability::Safe || mode.unsafe_fixes)
            .filter(|(_, f)| {
                !f.edits.is_empty()
                    && f.edits.iter().all(|e| {
                        e.range.start >= bom
                            && e.range.start <= e.range.end
                            && e.range.end <= text.len()
                            && text.is_char_boundary(e.range.start)
                            && text.is_char_boundary(e.range.end)
                    })
            })
            .map(|(d, f)| (d, &f.edits))
            .collect();
        // Deterministic order: by position, then rule and message.
        fixes.sort_by(|(da, ea), (db, eb)| {
            let key = |d: &Diagnostic, e: &Vec<Edit>| {
                (
                    e.iter().map(|x| x.range.start).min().unwrap_or(0),
                    e.iter().map(|x| x.range.end).max().unwrap_or(0),
                    d.rule.clone(),
                    d.message.clone(),
                )
            };
            key(da, ea).cmp(&key(db, eb))
        });
        let mut accepted: Vec<Edit> = Vec::new();
        let mut count = 0;
        for (_, edits) in fixes {
            let clash = edits.iter().enumerate().any(|(i, e)| {
                accepted.iter().any(|a| overlaps(&a.range, &e.range))
                    || edits[..i].iter().any(|o| overlaps(&o.range, &e.range))
            });
            if clash {
                continue;
            }
            accepted.extend(edits.iter().cloned());
            count += 1;
        }
        accepted.sort_by_key(|e| e.range.start);
        (accepted, count)
    }

    /// `plan` chooses exactly what the quadratic plan chose, on generated fixes.
    #[test]
    fn plan_equals_the_plain_plan() {
        let mut rng = crate::test_rng::Rng(0x91a7);
        let text = "abcdef ghijkl mnopqr\nstuvwx yz é 0123456789";
        for _ in 0..3_000 {
            let n = 1 + rng.below(8);
            let diags: Vec<Diagnostic> = (0..n)
                .map(|i| {
                    let edits = (0..1 + rng.below(2))
                        .map(|_| {
                            let a = rng.below(text.len());
                            let b = (a + rng.below(4)).min(text.len());
                            Edit {
                                range: a..b,
                                replacement: "x".into(),
                            }
                        })
                        .collect();
                    Diagnostic {
                        rule: format!("r{}", i % 3),
                        severity: Severity::Warning,
                        message: format!("m{i}"),
                        file: 0,
                        range: 0..0,
                        labels: Vec::new(),
                        help: None,
                        fix: Some(Fix {
                            applicability: Applicability::Safe,
                            edits,
                        }),
                    }
                })
                .collect();
            let refs: Vec<&Diagnostic> = diags.iter().collect();
            let mode = FixMode::default();
            assert_eq!(plan(text, &refs, mode), plan_reference(text, &refs, mode));
        }
    }
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn diag(rule: &str, fix: Fix) -> Diagnostic {
        Diagnostic::with_fix(rule, fix)
    }

    #[test]
    fn overlapping_fixes_first_wins_and_unsafe_needs_opt_in() {
        let text = "teh github repo";
        let a = diag("typo", Fix::safe(0..3, "the"));
        let b = diag("other", Fix::safe(1..5, "XX"));
        let c = diag("case", Fix::safe(4..10, "GitHub"));
        let u = diag("unsafe", Fix::unsafe_edit(11..15, "repository"));
        let (out, n) = apply(text, &[&c, &b, &a, &u], FixMode::default());
        assert_eq!((out.as_str(), n), ("the GitHub repo", 2));
        let (out, _) = apply(text, &[&a, &u], FixMode { unsafe_fixes: true });
        assert_eq!(out, "the github repository");
    }

    /// Linear in fixes that change the text's length (each edit moved the rest of the text).
    #[test]
    fn many_insertions_apply_in_linear_time() {
        for crlf in [false, true] {
            crate::rules::test_support::assert_linear(
                4_000,
                |n| {
                    // Lines long enough that moving the rest of the text outweighs
                    // planning the edits.
                    let line = "* a line of a list, long enough to weigh when it is moved";
                    let line = format!("{line}{}", if crlf { "\r\n" } else { "\n" });
                    let text = line.repeat(n);
                    let diags: Vec<Diagnostic> = (0..n)
                        .map(|i| diag("x", Fix::safe(i * line.len()..i * line.len(), "\n")))
                        .collect();
                    (text, diags)
                },
                |(text, diags)| {
                    let refs: Vec<&Diagnostic> = diags.iter().collect();
                    let (out, n) = apply(text, &refs, FixMode::default());
                    assert_eq!(n, diags.len());
                    assert_eq!(out.len(), text.len() + n * if crlf { 2 } else { 1 });
                },
            );
        }
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let text = "\u{feff}a\r\nb\r\n";
        let d = diag("x", Fix::safe(6..6, "\n"));
        let (out, _) = apply(text, &[&d], FixMode::default());
        assert_eq!(out, "\u{feff}a\r\n\r\nb\r\n");
        let into_bom = diag("y", Fix::safe(0..1, ""));
        assert_eq!(apply(text, &[&into_bom], FixMode::default()).1, 0);
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_refuses_changed_files_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("postlint-fix-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.md");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(write_atomic(&p, b"other", b"new").is_err());
        write_atomic(&p, b"old", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn only_unlocked_temporary_files_of_ours_are_stale() {
        use std::ffi::OsStr;
        let dir = std::env::temp_dir().join(format!("postlint-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Left by a killed run: nobody holds a lock on it.
        std::fs::write(dir.join(".postlint-a1b2C3.tmp"), "left").unwrap();
        // In use: its writer holds an exclusive lock.
        let busy = std::fs::File::create(dir.join(".postlint-Busy01.tmp")).unwrap();
        rustix::fs::flock(&busy, rustix::fs::FlockOperation::LockExclusive).unwrap();
        // Not ours: other names, and a symlink with our kind of name.
        for other in [".postlint-abc.tmp", ".a.md.postlint-123.tmp", "a.md"] {
            std::fs::write(dir.join(other), "x").unwrap();
        }
        std::os::unix::fs::symlink("a.md", dir.join(".postlint-Link01.tmp")).unwrap();
        assert_eq!(remove_stale_temps(&dir), 1);
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".a.md.postlint-123.tmp",
                ".postlint-Busy01.tmp",
                ".postlint-Link01.tmp",
                ".postlint-abc.tmp",
                "a.md"
            ]
        );
        drop(busy);
        assert_eq!(remove_stale_temps(&dir), 1, "stale once its writer is gone");
        assert!(is_temp_name(OsStr::new(".postlint-Zz9yY8.tmp")));
        assert!(!is_temp_name(OsStr::new(".postlint-Zz9yY8.tmp~")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_folder_is_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = std::env::temp_dir().join(format!("postlint-odd-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("folder.md")).unwrap();
        let fifo = dir.join("fifo.md");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        // Returns at once (a FIFO is never opened for a blocking read) and changes nothing.
        for p in [&fifo, &dir.join("folder.md")] {
            assert!(matches!(
                write_atomic(p, b"", b"new"),
                Err(WriteError::NotRegular)
            ));
        }
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
