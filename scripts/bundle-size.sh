#!/usr/bin/env bash
# Prints the first-load size of the built portal in dist/: what a browser downloads for the
# first page (wasm + js + css), raw and gzip -9 as a static server would serve it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../dist"
raw=0; gz=0
for f in *.wasm *.js *.css; do
  raw=$((raw + $(stat -c %s "$f")))
  gz=$((gz + $(gzip -9c "$f" | wc -c)))
done
printf 'first load (wasm+js+css): %d KiB raw, %d KiB gzip\n' $((raw / 1024)) $((gz / 1024))
