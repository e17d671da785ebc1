#!/usr/bin/env bash
# Prints the first-load size of the built portal in dist/: what a browser downloads for the
# first page (index.html, the boot script, the app's wasm + js, the css), raw and as nginx
# sends it from the build's precompressed copies (.gz, .br; see hosting/nginx/). The hashing
# worker (hasher*) loads only when a transfer starts and is reported apart.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../dist"
# Size of a file's precompressed copy, or of compressing it now when the build made none.
packed() { # file ext command...
  local f=$1 ext=$2; shift 2
  if [[ -f $f.$ext ]]; then stat -c %s "$f.$ext"; else "$@" <"$f" | wc -c; fi
}
raw=0 gz=0 br=0 wraw=0 wgz=0 wbr=0
for f in index.html *.wasm *.js *.css; do
  size=$(stat -c %s "$f")
  g=$(packed "$f" gz gzip -9c)
  b=$(packed "$f" br cat) # no brotli tool here: without a .br, count the raw size
  case $f in
    hasher*) wraw=$((wraw + size)) wgz=$((wgz + g)) wbr=$((wbr + b)) ;;
    *) raw=$((raw + size)) gz=$((gz + g)) br=$((br + b)) ;;
  esac
done
printf 'first load (html+wasm+js+css): %d KiB raw, %d KiB gzip, %d KiB brotli\n' $((raw / 1024)) $((gz / 1024)) $((br / 1024))
printf 'hashing worker (on demand): %d KiB raw, %d KiB gzip, %d KiB brotli\n' $((wraw / 1024)) $((wgz / 1024)) $((wbr / 1024))
