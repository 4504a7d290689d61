#!/usr/bin/env python3
"""Lay out whole real sites from git mirrors, for measuring postlint on them.

    scripts/corpus.py layout GIT_DIR OUT [--commit REV]
        Write the tree of GIT_DIR at REV (default HEAD) into OUT: text files with their
        content, every other file (images, PDFs, fonts, archives) as an empty stand-in with
        the same path, so existence checks see it. Symlinks become small text files holding
        their target (as git stores them). Submodules are skipped (they are not in the tree).

    scripts/corpus.py sites MANIFEST MIRRORS OUT
        Lay out every site of MANIFEST (lines `owner/name commit [subdir]`, `#` comments)
        from MIRRORS/owner+name/repo into OUT/owner+name, and print one line per site.

A mirror comes from the search tool's `fetch` verb (a bare git directory). The layouts are
for local measurement only: other blogs' posts are never committed to this repository.
"""
import os
import shutil
import subprocess
import sys

# Files larger than this are laid out empty even when they are text (data dumps, minified
# bundles): postlint never reads them as posts.
TEXT_LIMIT = 2 * 1024 * 1024
SNIFF = 8000


def git(git_dir, *args, **kw):
    return subprocess.run(
        ["git", "--git-dir", git_dir, *args], check=True, capture_output=True, **kw
    ).stdout


def entries(git_dir, rev):
    """(mode, sha, size, path) of every blob in the tree of rev."""
    out = git(git_dir, "ls-tree", "-r", "-l", "-z", rev)
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, kind, sha, size = meta.split()
        if kind != b"blob":
            continue  # submodule commits
        # A blob the mirror does not hold (its largest files may be absent) has no size:
        # it is laid out as a stand-in.
        size = int(size) if size.isdigit() else None
        yield mode.decode(), sha.decode(), size, os.fsdecode(path)


def safe_join(out, path):
    full = os.path.normpath(os.path.join(out, path))
    if not full.startswith(os.path.normpath(out) + os.sep):
        raise SystemExit(f"corpus.py: refusing path outside the layout: {path!r}")
    return full


def layout(git_dir, out, rev="HEAD"):
    rev = git(git_dir, "rev-parse", rev).decode().strip()
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    blobs = list(entries(git_dir, rev))
    want = [b for b in blobs if b[2] is not None and b[2] <= TEXT_LIMIT]
    # One `cat-file --batch` process for every blob small enough to be text.
    proc = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    contents = {}
    import threading

    def feed():
        for _, sha, _, _ in want:
            proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.close()

    t = threading.Thread(target=feed)
    t.start()
    for _, sha, _, _ in want:
        header = proc.stdout.readline().split()
        if header[-1] == b"missing":
            continue
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)
        contents[sha] = data
    t.join()
    proc.wait()
    text_files = stand_ins = 0
    for mode, sha, size, path in blobs:
        full = safe_join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        data = contents.get(sha)
        if data is not None and (mode == "120000" or b"\0" not in data[:SNIFF]):
            with open(full, "wb") as f:
                f.write(data)
            text_files += 1
        else:
            open(full, "wb").close()
            stand_ins += 1
    return rev, text_files, stand_ins


def sites(manifest, mirrors, out):
    os.makedirs(out, exist_ok=True)
    for line in open(manifest, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        repo, rev = parts[0], parts[1]
        name = repo.replace("/", "+")
        git_dir = os.path.join(mirrors, name, "repo")
        if not os.path.isdir(git_dir):
            print(f"{repo}: no mirror at {git_dir} (fetch it first)", file=sys.stderr)
            continue
        rev, texts, stubs = layout(git_dir, os.path.join(out, name), rev)
        print(f"{repo} {rev[:12]}: {texts} text files, {stubs} stand-ins")


def main(argv):
    if len(argv) >= 3 and argv[0] == "layout":
        rev = "HEAD"
        if "--commit" in argv:
            i = argv.index("--commit")
            rev = argv[i + 1]
            argv = argv[:i] + argv[i + 2 :]
        rev, texts, stubs = layout(argv[1], argv[2], rev)
        print(f"{rev[:12]}: {texts} text files, {stubs} stand-ins")
    elif len(argv) == 4 and argv[0] == "sites":
        sites(argv[1], argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
