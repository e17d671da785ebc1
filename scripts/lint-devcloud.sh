#!/usr/bin/env bash
# Lints the project's shell scripts and the dev cloud's files (scripts/devcloud/): bash -n on
# every script, py_compile on the Python, a placeholder check on the config templates, and
# pyflakes when the venv happens to have it (it is not a pinned requirement).
#
#   scripts/lint-devcloud.sh
#
# Needs no running cloud. Uses the dev cloud's venv (GP_VENV) so the Python is checked by the
# interpreter that runs it; falls back to python3 when the venv is not there yet.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GP_ROOT"

PY=$GP_VENV/bin/python
[[ -x $PY ]] || PY=$(command -v python3) || { echo "lint-devcloud: no python3 found" >&2; exit 1; }

failed=0
check() {
    local what=$1
    shift
    if ! "$@"; then
        echo "lint-devcloud: FAILED: $what" >&2
        failed=1
    fi
}

shopt -s nullglob
scripts=(scripts/*.sh)
python=(scripts/devcloud/*.py)
templates=(scripts/devcloud/*.in)

for f in "${scripts[@]}"; do
    check "bash -n $f" bash -n "$f"
done

# py_compile writes bytecode; a throwaway prefix keeps __pycache__ out of the worktree.
pycache=$(mktemp -d)
trap 'rm -rf "$pycache"' EXIT
for f in "${python[@]}"; do
    check "py_compile $f" env PYTHONPYCACHEPREFIX="$pycache" "$PY" -m py_compile "$f"
done

check "templates ${templates[*]}" "$PY" scripts/devcloud/render.py --check "${templates[@]}"

if "$PY" -c 'import pyflakes' 2>/dev/null; then
    check "pyflakes scripts/devcloud" "$PY" -m pyflakes "${python[@]}"
    flakes=pyflakes
else
    flakes="pyflakes skipped (not in $PY's environment)"
fi

((failed == 0)) || exit 1
echo "lint-devcloud: ok (${#scripts[@]} shell scripts, ${#python[@]} Python files, ${#templates[@]} templates; $flakes)"
