#!/usr/bin/env bash
# Benchmark: prints in-browser hashing throughput vs md5sum/sha512sum, a 1 GiB upload through
# the portal vs curl -T, memory during the upload (tests/e2e/bench.mjs), a 512 MiB download
# through the portal until verified vs curl -o, and one cut and resumed with Range
# (tests/e2e/bench_download.mjs), a 1 GiB disk decompressed in the browser from gzip, xz, zstd
# and bzip2 vs each tool's -dc (tests/e2e/bench_decompress.mjs), and the time from a
# click in the list to each page loaded on demand (tests/e2e/bench_pages.mjs), and the image
# list at 10 vs 10,000 images: login, Next and a filter to the rendered list, the requests each
# view makes, and memory over 20 page turns (tests/e2e/bench_list.mjs; its first run seeds the
# 10,000 images into a project of their own, about half an hour on 2 cores, once).
# Figures, not a pass/fail test.
# Uses the release build and the test cloud (target/e2e-cloud, ports 15000/19292).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GP_ROOT"
scripts/bootstrap.sh >/dev/null
trunk build --release --offline >/dev/null 2>&1
export GP_STATE_DIR="$GP_ROOT/target/e2e-cloud" GP_KEYSTONE_PORT=15000 GP_GLANCE_PORT=19292
trap 'scripts/devcloud.sh stop >/dev/null 2>&1 || true' EXIT
scripts/devcloud.sh start >/dev/null
set -a; eval "$(scripts/devcloud.sh env)"; set +a
echo "machine: $(nproc) cores, $(/usr/bin/chromium --version 2>/dev/null)"
node tests/e2e/bench.mjs
node tests/e2e/bench_download.mjs
node tests/e2e/bench_decompress.mjs
node tests/e2e/bench_pages.mjs
node tests/e2e/bench_list.mjs
