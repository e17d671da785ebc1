# Sourced by the project's scripts: puts the project's tools first on PATH.
# shellcheck shell=bash
GP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export GP_ROOT
export PATH="$HOME/.cargo/bin:$GP_ROOT/scripts/tools/node_modules/.bin:$PATH"
export GP_VENV="${GP_VENV:-$GP_ROOT/.tools/venv}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export GP_CHROMIUM="${GP_CHROMIUM:-/usr/bin/chromium}"
