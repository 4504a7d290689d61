#!/usr/bin/env bash
# Validate the GitHub workflows and the action before GitHub sees them:
#   - check-jsonschema against SchemaStore's schemas for workflows and actions (vendored in
#     the package: no download at check time);
#   - zizmor, a static analyser for GitHub Actions security (unpinned actions, template
#     injection, credentials left in checkouts, excessive permissions, ...). Offline: the
#     audits that ask GitHub's API (known-vulnerable actions, impostor commits) need a
#     token and are left to a run with one. The pedantic persona, so that code smells
#     fail too; the one finding accepted is ignored inline, with its reason, where it is.
# Both come from PyPI as wheels into a venv of their own, at pinned versions.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
venv="${CHECK_WORKFLOWS_VENV:-target/check-workflows-venv}"
if [ ! -x "$venv/bin/zizmor" ] || [ ! -x "$venv/bin/check-jsonschema" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: \
    "check-jsonschema==0.39.0" "zizmor==1.32.0"
fi
"$venv/bin/check-jsonschema" --version
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/*.yml
"$venv/bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml
"$venv/bin/zizmor" --version
"$venv/bin/zizmor" --offline --no-progress --persona pedantic \
  .github/workflows/*.yml action.yml
