#!/usr/bin/env bash
# Runs scripts/release-assets.py (the GitHub release's archives, SHA256SUMS and notes) on
# the wheel that scripts/test-precommit.sh built, laid out as release.yml downloads its
# artifacts, and checks the result: the checksums verify, the archive holds the same
# binary as the wheel plus README, changelog and licences, and the binary runs.
#
# Environment: POSTLINT_WHEEL_DIR (default target/wheels), PYTHON (default python3).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
wheels="${POSTLINT_WHEEL_DIR:-$root/target/wheels}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() {
  printf 'test-release-assets: FAIL: %s\n' "$*" >&2
  exit 1
}

wheel="$(ls "$wheels"/postlint-"$version"-*manylinux*_x86_64.whl 2> /dev/null | head -n 1)"
[ -n "$wheel" ] || fail "no Linux x86_64 postlint $version wheel in $wheels"
target=x86_64-unknown-linux-gnu
mkdir -p "$work/artifacts/wheel-$target"
cp "$wheel" "$work/artifacts/wheel-$target/"

"$python" "$root/scripts/release-assets.py" "$work/artifacts" "$work/assets" "v$version"
cd "$work/assets"
archive="postlint-$version-$target.tar.gz"
[ -f "$archive" ] || fail "no $archive"
sha256sum -c SHA256SUMS || fail "SHA256SUMS does not verify"
[ "$(wc -l < SHA256SUMS)" -eq 1 ] || fail "SHA256SUMS should list the one archive"
tar -tzvf "$archive"
expected="postlint-$version-$target/CHANGELOG.md
postlint-$version-$target/LICENSE-APACHE
postlint-$version-$target/LICENSE-MIT
postlint-$version-$target/README.md
postlint-$version-$target/postlint"
[ "$(tar -tzf "$archive" | sort)" = "$expected" ] || fail "unexpected archive contents"
tar -xzf "$archive"
[ -x "postlint-$version-$target/postlint" ] || fail "the binary is not executable"
"$python" - "$wheel" "postlint-$version-$target/postlint" <<'PY' || fail "archive binary differs from the wheel's"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = next(n for n in z.namelist() if ".data/scripts/" in n)
assert z.read(name) == open(sys.argv[2], "rb").read()
PY
"./postlint-$version-$target/postlint" --version | grep -qx "postlint $version" ||
  fail "the archived binary does not run"
# Same inputs, same bytes: a second run gives the same checksums.
"$python" "$root/scripts/release-assets.py" "$work/artifacts" "$work/again" "v$version" > /dev/null
cmp -s SHA256SUMS "$work/again/SHA256SUMS" || fail "the archives are not reproducible"
grep -q "^## Install" NOTES.md && grep -q "pip install postlint==$version" NOTES.md ||
  fail "NOTES.md lacks the install section"
grep -q "first release published to crates.io and PyPI" NOTES.md ||
  fail "NOTES.md lacks the changelog section of $version"
echo "test-release-assets: 1 passed, 0 failed"
