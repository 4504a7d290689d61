#!/usr/bin/env bash
# Runs the shell steps of action.yml (the GitHub Action) here, as a runner would, on a
# throw-away Jekyll site with a pull-request-like history: the install step installs the
# wheel built by scripts/test-precommit.sh into a venv (pip pointed at that wheel alone),
# and the check step writes SARIF and prints GitHub annotations for the changed files.
# The `uses:` steps (setup-python, cache) are GitHub's and not run; `python3` stands in
# for setup-python's output.
#
# Environment:
#   POSTLINT_WHEEL_DIR  folder with the wheel (default target/wheels, where
#                       scripts/test-precommit.sh leaves it)
#   PYTHON              the Python to make venvs with (default python3)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
wheels="${POSTLINT_WHEEL_DIR:-$root/target/wheels}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1
passed=0

fail() {
  printf 'test-action: FAIL: %s\n' "$*" >&2
  exit 1
}
ok() {
  echo "ok: $*"
  passed=$((passed + 1))
}
ls "$wheels"/postlint-"$version"-*.whl > /dev/null 2>&1 ||
  fail "no postlint $version wheel in $wheels (run scripts/test-precommit.sh first)"

# PyYAML reads action.yml, so that the steps run are the file's, not a copy.
"$python" -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet "pyyaml>=6"
"$work/tools/bin/python" - "$root/action.yml" "$work" <<'EOF'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
steps = action["runs"]["steps"]
assert action["runs"]["using"] == "composite"
by_key = {s.get("id") or s.get("name"): s for s in steps}
for key, out in (("install", "install.sh"), ("postlint check", "check.sh")):
    step = by_key[key]
    assert step["shell"] == "bash", step
    open(f"{sys.argv[2]}/{out}", "w").write(step["run"])
EOF
# As GitHub runs a `shell: bash` step.
run_step() { bash --noprofile --norc -eo pipefail "$work/$1"; }

echo "== install step"
out="$work/github-output"
: > "$out"
PYTHON="$python" VERSION="$version" VENV="$work/venv" PIP_CACHE_DIR="$work/pip-cache" \
  PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheels" GITHUB_OUTPUT="$out" run_step install.sh
postlint="$(sed -n 's/^postlint=//p' "$out")"
[ -x "$postlint" ] || fail "the install step gave no postlint binary: '$postlint'"
"$postlint" --version | grep -qx "postlint $version" || fail "wrong version installed"
ok "install step: postlint $version from the wheel, output postlint=$postlint"

echo "== a site with a base commit and a pull request"
site="$work/site"
mkdir -p "$site/_posts"
git -C "$site" init --quiet
git -C "$site" config user.name "Test Author"
git -C "$site" config user.email test@example.invalid
printf 'title: Test Blog\nmarkdown: kramdown\n' > "$site/_config.yml"
# An old post with a finding, untouched by the pull request.
printf -- '---\nlayout: post\ntitle: "Old Post"\n---\n\nTODO: an old draft marker.\n' \
  > "$site/_posts/2023-01-01-old.md"
git -C "$site" add -A
git -C "$site" commit --quiet -m base
base="$(git -C "$site" rev-parse HEAD)"
printf -- '---\nlayout: post\ntitle: "New Post"\n---\n\nTBD: the new post.\n' \
  > "$site/_posts/2024-01-01-new.md"
git -C "$site" add -A
git -C "$site" commit --quiet -m "pull request"

check() { # SINCE SARIF: run the check step in the site, output in $work/check.out
  local status=0
  (cd "$site" && POSTLINT="$postlint" PATHS="." ARGS="--color never" SINCE="$1" SARIF="$2" \
    FAIL_ON=warning run_step check.sh) > "$work/check.out" 2>&1 || status=$?
  sed 's/^/    | /' "$work/check.out"
  return "$status"
}

if "$postlint" check --help | grep -q -- '--since' &&
  "$postlint" check --help | grep -q -- '--fail-on'; then
  echo "== check step, changed files only (since = the base commit)"
  status=0
  check "$base" "" || status=$?
  [ "$status" -eq 1 ] || fail "expected exit 1 for the new post's finding, got $status"
  grep -q '^::error file=_posts/2024-01-01-new.md,' "$work/check.out" ||
    fail "no annotation for the changed post"
  ! grep -q '2023-01-01-old.md' "$work/check.out" || fail "the unchanged post was annotated"
  ok "since: annotations for the changed post only"

  echo "== check step, every file, with SARIF"
  status=0
  check "" "$work/out.sarif" || status=$?
  [ "$status" -eq 1 ] || fail "expected exit 1, got $status"
  grep -q '^::error file=_posts/2023-01-01-old.md,' "$work/check.out" ||
    fail "no annotation for the old post with since=''"
  ok "since='': every file annotated"
else
  echo "VARIANT: this postlint has no --since/--fail-on yet (being added on main): the"
  echo "VARIANT: annotation runs are skipped; only the SARIF run of the step is checked."
  echo "VARIANT: they run by themselves once both flags are in the CLI."
  status=0
  check "$base" "$work/out.sarif" || status=$?
  # The SARIF run comes first and passes; the annotation run then stops at the flag.
  [ "$status" -eq 2 ] || fail "expected the usage error of the missing flags, got $status"
fi
"$python" - "$work/out.sarif" <<'EOF' || fail "bad SARIF"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == "2.1.0"
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]}
# The SARIF run checks every file whatever `since` says.
assert any(u.endswith("2023-01-01-old.md") for u in uris), uris
assert any(u.endswith("2024-01-01-new.md") for u in uris), uris
EOF
ok "sarif: SARIF 2.1.0 with both posts' findings"
echo "test-action: $passed passed, 0 failed"
