#!/usr/bin/env bash
# Prints what the built portal in dist/ costs a browser, and fails when it is over the budget
# in scripts/bundle-budget.json: the first load (login + list) as headless Chromium fetches it
# from nginx with the hosting recipe, each page loaded on demand with the chunks it needs, and
# each module alone; raw, gzip and brotli (scripts/bundle-size.mjs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
exec node "$GP_ROOT/scripts/bundle-size.mjs" "${1:-$GP_ROOT/dist}"
