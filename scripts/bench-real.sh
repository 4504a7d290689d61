#!/usr/bin/env bash
# Speed on real-shaped and real sites, in one run per site, as ratios to the one-core
# read + pulldown-cmark parse of the same files measured in the same run (see
# docs/performance.md for the method and figures).
#
#   scripts/bench-real.sh [--before BIN] [--posts N] [--flat SITE:N]... [SITE...]
#
# For the generated real-shaped site (benches/gen/real.rs, N posts, default 10,000), then
# for each SITE (a real blog laid out with scripts/corpus.py, outside this repository) and
# each flat site (SITE's posts copied into one `_posts/` with distinct dates and slugs up
# to N posts, the rest of the site as it is, made under /tmp), `cargo bench --bench site`
# measures: (a) the floor, (b) postlint --threads 1, (c) all cores, (d) the engine's fixed
# part, typos and `rumdl check` on the same files, the before binary (--before) in the same
# rounds, peak memory, and one post checked end to end (pre-commit inside the site).
# typos and rumdl are installed from PyPI into a venv under /tmp when missing.
# CARGO_TARGET_DIR and cargo's other settings are honoured; the bench builds with the
# release profile (fat LTO: slow to build).
set -euo pipefail
cd "$(dirname "$0")/.."

before=""
posts=10000
flats=()
sites=()
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$(realpath "$2")"; shift 2 ;;
    --posts) posts="$2"; shift 2 ;;
    --flat) flats+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) sites+=("$(realpath "$1")"); shift ;;
  esac
done

venv=/tmp/postlint-bench-venv
if [ ! -x "$venv/bin/typos" ] || [ ! -x "$venv/bin/rumdl" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet typos rumdl
fi
export POSTLINT_BENCH_TYPOS="$venv/bin/typos" POSTLINT_BENCH_RUMDL="$venv/bin/rumdl"
[ -n "$before" ] && export POSTLINT_BENCH_BEFORE="$before"
"$venv/bin/typos" --version
"$venv/bin/rumdl" --version
echo "nproc: $(nproc); $(lscpu | grep -E '^Model name' | sed 's/  */ /g')"

# A flat site: the real site as it is, plus copies of its posts in `_posts/` (dates
# moved by whole years, slugs suffixed), up to N posts.
make_flat() {
  local src="$1" n="$2" out="$3"
  rm -rf "$out"
  cp -r "$src" "$out"
  python3 - "$out" "$n" <<'EOF'
import os, re, sys
out, n = sys.argv[1], int(sys.argv[2])
posts = []
for d, _, files in os.walk(out):
    if os.path.basename(d) == "_posts":
        posts += [os.path.join(d, f) for f in sorted(files) if f.endswith((".md", ".markdown"))]
flat = os.path.join(out, "_posts")
os.makedirs(flat, exist_ok=True)
name = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.*)\.(md|markdown)$")
count, k = len(posts), 1
while count < n and posts:
    for p in posts:
        if count >= n:
            break
        m = name.match(os.path.basename(p))
        if not m:
            continue
        y, mo, d, slug, ext = m.groups()
        new = f"{int(y) + 100 * k:04d}-{mo}-{d}-{slug}-{k}.{ext}"
        with open(p, "rb") as f, open(os.path.join(flat, new), "wb") as g:
            g.write(f.read())
        count += 1
    k += 1
print(f"flat site {out}: {count} posts")
EOF
}

run() {
  echo
  echo "== $1"
  shift
  env "$@" cargo bench --locked --bench site 2>/dev/null
}

run "generated real-shaped site, $posts posts" POSTLINT_BENCH_POSTS="$posts" POSTLINT_BENCH_SHAPE=real
for s in "${sites[@]}"; do
  run "real site $s" POSTLINT_BENCH_SITE="$s"
done
for f in "${flats[@]}"; do
  src="$(realpath "${f%:*}")"
  n="${f##*:}"
  out="/tmp/postlint-flat-$(basename "$src")-$n"
  make_flat "$src" "$n" "$out"
  run "flat site from $src, $n posts" POSTLINT_BENCH_SITE="$out"
done
