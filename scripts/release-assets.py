#!/usr/bin/env python3
"""Release assets from the wheels: one archive of the binary per target, SHA256SUMS, notes.

    release-assets.py WHEELS_DIR OUT_DIR TAG

WHEELS_DIR holds one folder per target, `wheel-<rust target triple>/`, each with that
target's wheel (as actions/download-artifact lays out the artifacts of release.yml). The
binary is taken out of the wheel (`*.data/scripts/postlint[.exe]`), so each target is
compiled once, for PyPI and the GitHub release alike. Writes to OUT_DIR:

- postlint-<version>-<target>.tar.gz (.zip for Windows): a folder with the binary, the
  README, the changelog and both licences;
- SHA256SUMS: `sha256sum -c` format, one line per archive;
- NOTES.md: the changelog's section for the version, then how to check a download.

Standard library only: it runs on any runner with a Python 3.8+.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRA_FILES = ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"]
# A fixed time for the archive entries: the same inputs give the same bytes.
EPOCH = 946684800  # 2000-01-01


def binary_from_wheel(wheel: Path) -> tuple[str, bytes]:
    with zipfile.ZipFile(wheel) as z:
        scripts = [n for n in z.namelist() if ".data/scripts/" in n]
        if len(scripts) != 1:
            raise SystemExit(f"{wheel}: expected one binary in .data/scripts/, found {scripts}")
        name = scripts[0].rsplit("/", 1)[1]
        if name not in ("postlint", "postlint.exe"):
            raise SystemExit(f"{wheel}: unexpected script {name}")
        return name, z.read(scripts[0])


def tar_gz(path: Path, folder: str, files: list[tuple[str, bytes, int]]) -> None:
    # gzip's header holds a time too: 0, not now.
    with open(path, "wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=0
    ) as gz, tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data, mode in files:
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size, info.mode, info.mtime = len(data), mode, EPOCH
            info.uname = info.gname = "root"
            t.addfile(info, io.BytesIO(data))


def zip_file(path: Path, folder: str, files: list[tuple[str, bytes, int]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, mode in files:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def changelog_section(version: str) -> str:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    match = re.search(
        rf"^## \[{re.escape(version)}\][^\n]*\n(.*?)(?=^## |^\[[^\]]+\]: |\Z)",
        text,
        re.S | re.M,
    )
    if not match or not match.group(1).strip():
        raise SystemExit(f"CHANGELOG.md has no section for {version}")
    return match.group(1).strip()


def main() -> None:
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    wheels_dir, out, tag = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    if not tag.startswith("v"):
        raise SystemExit(f"tag {tag} does not start with v")
    version = tag[1:]
    out.mkdir(parents=True, exist_ok=True)
    extras = [(name, (ROOT / name).read_bytes(), 0o644) for name in EXTRA_FILES]
    sums = []
    folders = sorted(p for p in wheels_dir.iterdir() if p.name.startswith("wheel-"))
    if not folders:
        raise SystemExit(f"no wheel-<target> folders in {wheels_dir}")
    for folder in folders:
        target = folder.name[len("wheel-") :]
        wheels = sorted(folder.glob(f"postlint-{version}-*.whl"))
        if len(wheels) != 1:
            raise SystemExit(f"{folder}: expected one postlint {version} wheel, found {wheels}")
        name, data = binary_from_wheel(wheels[0])
        base = f"postlint-{version}-{target}"
        files = [(name, data, 0o755)] + extras
        if name.endswith(".exe"):
            archive = out / f"{base}.zip"
            zip_file(archive, base, files)
        else:
            archive = out / f"{base}.tar.gz"
            tar_gz(archive, base, files)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        sums.append(f"{digest}  {archive.name}\n")
        print(f"{archive.name}: {archive.stat().st_size} bytes, sha256 {digest}")
    (out / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")
    notes = (
        changelog_section(version)
        + "\n\n## Install\n\n"
        + "```sh\npip install postlint=="
        + version
        + "\ncargo install --locked postlint --version "
        + version
        + "\n```\n\nOr download the archive for your platform and check it with "
        + "`sha256sum -c SHA256SUMS --ignore-missing`.\n"
    )
    (out / "NOTES.md").write_text(notes, encoding="utf-8")


if __name__ == "__main__":
    main()
