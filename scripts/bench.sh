#!/usr/bin/env bash
# Benchmark: prints in-browser hashing throughput vs md5sum/sha512sum, a 1 GiB upload through
# the portal vs curl -T, memory during the upload (tests/e2e/bench.mjs), and the time from a
# click in the list to each page loaded on demand (tests/e2e/bench_pages.mjs). Figures, not a
# pass/fail test.
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
echo "machine: $(nproc) cores, $(/usr/bin/chromium --version)"
node tests/e2e/bench.mjs
node tests/e2e/bench_pages.mjs
