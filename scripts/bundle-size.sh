#!/usr/bin/env bash
# Prints the first-load size of the built portal in dist/: what a browser downloads for the
# first page (the app's wasm + js + css), raw and gzip -9 as a static server would serve it.
# The hashing worker (hasher*) loads only when a transfer starts and is reported apart.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../dist"
raw=0; gz=0
wraw=0; wgz=0
for f in *.wasm *.js *.css; do
  size=$(stat -c %s "$f"); packed=$(gzip -9c "$f" | wc -c)
  case $f in
    hasher*) wraw=$((wraw + size)); wgz=$((wgz + packed)) ;;
    *) raw=$((raw + size)); gz=$((gz + packed)) ;;
  esac
done
printf 'first load (wasm+js+css): %d KiB raw, %d KiB gzip\n' $((raw / 1024)) $((gz / 1024))
printf 'hashing worker (on demand): %d KiB raw, %d KiB gzip\n' $((wraw / 1024)) $((wgz / 1024))
