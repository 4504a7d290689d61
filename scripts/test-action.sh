#!/usr/bin/env bash
# Runs the shell steps of action.yml (the GitHub Action) here, as a runner would, on a
# throw-away Jekyll site with a pull-request-like history: the install step installs the
# wheel built by scripts/test-precommit.sh into a venv (pip pointed at that wheel alone),
# and the check step writes SARIF and prints GitHub annotations for the changed files.
# Last, the check step runs with action.yml's own defaults (its `env:` and the inputs'
# `default:` expressions evaluated against a pull_request event) in a shallow checkout of
# a pull request's merge commit, as actions/checkout makes it: only what the pull request
# changed is reported, and a warning fails the step.
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

echo "== the action's defaults on a pull request: a shallow checkout of its merge commit"
# origin: main has an old post with an error; the pull request branches off, adds a post
# whose only finding is a warning; main then moves on with a post of its own (an error),
# and GitHub's merge commit (refs/pull/N/merge) joins them. The event's base sha is
# main's head.
origin="$work/origin"
mkdir -p "$origin/_posts"
git -C "$origin" init --quiet --initial-branch=main
git -C "$origin" config user.name "Test Author"
git -C "$origin" config user.email test@example.invalid
# GitHub serves any commit of a repository by its sha (actions/checkout fetches the
# merge commit so, and the check step the base commit).
git -C "$origin" config uploadpack.allowAnySHA1InWant true
printf 'title: Test Blog\nmarkdown: kramdown\n' > "$origin/_config.yml"
printf -- '---\nlayout: post\ntitle: "Old Post"\n---\n\nTODO: an old draft marker.\n' \
  > "$origin/_posts/2023-01-01-old.md"
git -C "$origin" add -A
git -C "$origin" commit --quiet -m base
git -C "$origin" switch --quiet -c pr
printf -- '---\nlayout: post\ntitle: "Autumn Workshop"\n---\n\nWe will recieve the recordings next week.\n' \
  > "$origin/_posts/2024-02-01-pr.md"
git -C "$origin" add -A
git -C "$origin" commit --quiet -m "pull request: a post with a typo"
git -C "$origin" switch --quiet main
printf -- '---\nlayout: post\ntitle: "Main Post"\n---\n\nTBD: written on main after the branch.\n' \
  > "$origin/_posts/2024-01-15-main.md"
git -C "$origin" add -A
git -C "$origin" commit --quiet -m "main moves on"
base_sha="$(git -C "$origin" rev-parse main)"
git -C "$origin" switch --quiet --detach main
git -C "$origin" merge --quiet --no-ff -m "Merge pr into main" pr
merge_sha="$(git -C "$origin" rev-parse HEAD)"
git -C "$origin" switch --quiet main
# As actions/checkout does for a pull_request event (fetch-depth: 1).
ws="$work/workspace"
git init --quiet "$ws"
git -C "$ws" remote add origin "file://$origin"
git -C "$ws" fetch --quiet --no-tags --depth=1 origin "$merge_sha"
git -C "$ws" checkout --quiet --detach FETCH_HEAD
[ "$(git -C "$ws" rev-parse --is-shallow-repository)" = true ] || fail "not a shallow checkout"
! git -C "$ws" cat-file -e "$base_sha^{commit}" 2>/dev/null ||
  fail "the base commit is in the shallow checkout already"

# The check step's environment as action.yml writes it, with no input given: every
# `${{ inputs.X }}` is the input's default, evaluated for a pull_request event.
"$work/tools/bin/python" - "$root/action.yml" "$base_sha" "$postlint" > "$work/defaults.env" <<'EOF'
import re, shlex, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
context = {
    "github.event.pull_request.base.sha": sys.argv[2],
    "steps.install.outputs.postlint": sys.argv[3],
}
def evaluate(value):
    def one(m):
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return evaluate(str(action["inputs"][expr[len("inputs."):]].get("default", "")))
        if expr in context:
            return context[expr]
        sys.exit(f"test-action: no value for the expression {expr!r} in this test")
    return re.sub(r"\$\{\{(.*?)\}\}", one, value)
step = next(s for s in action["runs"]["steps"] if s.get("name") == "postlint check")
for key, value in step["env"].items():
    print(f"export {key}={shlex.quote(evaluate(str(value)))}")
EOF
sed 's/^/    env: /' "$work/defaults.env"
grep -qx "export SINCE=$base_sha" "$work/defaults.env" ||
  fail "since does not default to the pull request's base commit"
grep -qx "export FAIL_ON=warning" "$work/defaults.env" || fail "fail-on does not default to warning"
default_check() { # [FAIL_ON]: the check step with the defaults, in the workspace
  local status=0
  (cd "$ws" && . "$work/defaults.env" && FAIL_ON="${1:-$FAIL_ON}" run_step check.sh) \
    > "$work/check.out" 2>&1 || status=$?
  sed 's/^/    | /' "$work/check.out"
  return "$status"
}
status=0
default_check || status=$?
[ "$status" -eq 1 ] || fail "a warning in the pull request did not fail the step (exit $status)"
grep -q '^::warning file=_posts/2024-02-01-pr.md,' "$work/check.out" ||
  fail "no annotation for the pull request's post"
! grep -q '2023-01-01-old.md\|2024-01-15-main.md' "$work/check.out" ||
  fail "a post the pull request did not change was reported"
git -C "$ws" cat-file -e "$base_sha^{commit}" || fail "the step did not fetch the base commit"
ok "defaults: only the pull request's post annotated, a warning fails the step"
status=0
default_check error || status=$?
[ "$status" -eq 0 ] || fail "with fail-on: error the warning still failed the step (exit $status)"
ok "fail-on: error lets the same warning pass"
echo "test-action: $passed passed, 0 failed"
