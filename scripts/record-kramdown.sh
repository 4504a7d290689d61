#!/usr/bin/env bash
# Regenerate fixtures/render-traps/*.kramdown.html from the matching *.md files
# using kramdown (GFM parser, Jekyll-like options). Run from the repo root.
set -euo pipefail

dir=fixtures/render-traps
script=scripts/kramdown-html.rb

if [[ ! -d $dir || ! -f $script ]]; then
  echo "record-kramdown.sh: run this from the repository root ($dir and $script not found)" >&2
  exit 1
fi
if ! command -v ruby >/dev/null 2>&1; then
  echo "record-kramdown.sh: ruby not found; install it with: apt-get install ruby-kramdown ruby-kramdown-parser-gfm" >&2
  exit 1
fi
if ! ruby -e "require 'kramdown'; require 'kramdown-parser-gfm'" >/dev/null 2>&1; then
  echo "record-kramdown.sh: ruby cannot load kramdown / kramdown-parser-gfm; install them with: apt-get install ruby-kramdown ruby-kramdown-parser-gfm" >&2
  exit 1
fi
echo "using kramdown $(ruby -e "require 'kramdown'; print Kramdown::VERSION")" >&2

shopt -s nullglob
files=("$dir"/*.md)
if (( ${#files[@]} == 0 )); then
  echo "record-kramdown.sh: no $dir/*.md files found" >&2
  exit 1
fi
for md in "${files[@]}"; do
  out="${md%.md}.kramdown.html"
  ruby "$script" "$md" >"$out"
  echo "wrote $out" >&2
done
