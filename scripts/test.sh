#!/usr/bin/env bash
# Runs every check and test of the project: formatting, clippy (host and wasm32), native unit
# and fixture tests, in-browser wasm-bindgen tests in headless Chromium, the release build, and
# the end-to-end suite in headless Chromium against the built portal and a real Keystone +
# Glance (its own state dir and ports, so a running dev portal is not disturbed).
#
#   scripts/test.sh            everything (what CI runs)
#   scripts/test.sh --quick [tests/e2e/X.test.mjs ...]
#                              the inner loop: format, clippy, native tests, and only the
#                              end-to-end files named (release build, test cloud kept running)
#   GP_E2E_FRESH=1 ...         wipe the test cloud's state first (CI starts fresh anyway)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GP_ROOT"
START=$SECONDS
QUICK=0
E2E_FILES=()
if [[ "${1:-}" == --quick ]]; then
  QUICK=1
  shift
  E2E_FILES=("$@")
  for f in "${E2E_FILES[@]}"; do
    [[ -f "$f" && "$f" == *.test.mjs ]] || { echo "--quick takes end-to-end test files (tests/e2e/*.test.mjs); not one: $f" >&2; exit 2; }
  done
elif [[ $# -gt 0 ]]; then
  echo "usage: scripts/test.sh [--quick [tests/e2e/X.test.mjs ...]]" >&2
  exit 2
else
  E2E_FILES=(tests/e2e/*.test.mjs)
fi

# Each step's time, for the summary (the CI budget is 90 minutes; docs/measurements.md keeps the figures).
TIMES=()
STEP_NAME="" STEP_START=$SECONDS
step_done() { [[ -n "$STEP_NAME" ]] && TIMES+=("$(printf '%5d s  %s' $((SECONDS - STEP_START)) "$STEP_NAME")"); STEP_NAME=""; }
step() { step_done; STEP_NAME="$*" STEP_START=$SECONDS; printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Sums "N passed" over cargo's "test result" lines.
cargo_passed() { grep -Eo 'test result: ok\. [0-9]+ passed' "$1" | awk '{s += $4} END {print s + 0}'; }

step "bootstrap"
scripts/bootstrap.sh

step "format"
cargo fmt --all --check
# The view! macros, which rustfmt leaves alone (leptosfmt.toml: the same width).
leptosfmt --check --quiet src
step "lint the dev cloud's scripts, Python and templates"
scripts/lint-devcloud.sh

step "clippy (host, all targets)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (wasm32, all targets)"
cargo clippy --workspace --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

LOGS="$GP_ROOT/target/test-logs"
mkdir -p "$LOGS"

step "native tests"
cargo test --workspace 2>&1 | tee "$LOGS/native.log"
NATIVE=$(cargo_passed "$LOGS/native.log")

WASM=skipped DEV=skipped CONV=skipped E2E=skipped
if [[ "$QUICK" == 0 ]]; then
step "in-browser tests (wasm-bindgen-test, headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$GP_ROOT/tests/webdriver.json" \
  cargo test --target wasm32-unknown-unknown --test web 2>&1 | tee "$LOGS/wasm.log"
WASM=$(cargo_passed "$LOGS/wasm.log")

# Command (1) as a person runs it (tests/dev_command/). A private network namespace gives it
# its real ports (8080, 5000, 9292) even while a developer's own dev portal holds them.
in_own_netns() {
  if unshare --net --map-root-user true 2>/dev/null; then
    unshare --net --map-root-user -- bash -c 'ip link set lo up && exec "$@"' bash "$@"
  else
    echo "(no private network namespace here: ports 8080, 5000 and 9292 must be free)"
    "$@"
  fi
}
step "command (1): scripts/dev.sh in a fresh copy, used in headless Chromium"
# The namespace has no network: trunk's `cargo metadata` needs every package of the lock file
# (all platforms), which the earlier steps did not all download.
cargo fetch --quiet
DEV_STATUS=0
in_own_netns node --test --test-reporter=spec tests/dev_command/*.test.mjs 2>&1 | tee "$LOGS/dev-command.log" ||
  DEV_STATUS=$?
DEV=$(grep -Eo '^ℹ pass [0-9]+' "$LOGS/dev-command.log" | awk '{print $3}' || true)
[[ "$DEV_STATUS" == 0 ]] || { echo "command (1) test failed (exit status $DEV_STATUS; its output: target/dev-command/dev.log)"; exit 1; }
fi

if [[ ${#E2E_FILES[@]} -gt 0 ]]; then
step "release build (trunk, offline; the split step runs in its post_build hook)"
trunk build --release --offline
fi
if [[ "$QUICK" == 0 ]]; then
step "size budget (first load as headless Chromium fetches it; scripts/bundle-budget.json)"
SIZE_STATUS=0
scripts/bundle-size.sh 2>&1 | tee "$LOGS/bundle-size.log" || SIZE_STATUS=$?
[[ "$SIZE_STATUS" == 0 ]] || { echo "the build is over its size budget, or could not be measured (scripts/bundle-size.sh, exit status $SIZE_STATUS)"; exit 1; }
fi

if [[ ${#E2E_FILES[@]} -gt 0 ]]; then

step "end-to-end (headless Chromium, real Keystone + Glance)"
export GP_STATE_DIR="$GP_ROOT/target/e2e-cloud" GP_KEYSTONE_PORT=15000 GP_GLANCE_PORT=19292
# The cross-origin hosting test serves the portal on this origin; Keystone and Glance must
# allow it through CORS, as an operator's would.
export GP_PORTAL_ORIGINS=http://127.0.0.1:18080 GP_E2E_CROSS_ORIGIN_PORT=18080
# Stop a cloud left running on this state first: wiping its pid files would orphan it on
# the ports.
[[ "${GP_E2E_FRESH:-0}" == 1 ]] && { scripts/devcloud.sh stop >/dev/null 2>&1 || true; rm -rf "$GP_STATE_DIR"; }
# The quick loop keeps the test cloud running for the next round (scripts/devcloud.sh stop).
[[ "$QUICK" == 0 ]] && trap 'scripts/devcloud.sh stop >/dev/null 2>&1 || true' EXIT
scripts/devcloud.sh start
set -a; eval "$(scripts/devcloud.sh env)"; set +a
# Under `set -e` a failing pipeline would end the script here, before the summary line; the
# `||` keeps it going (pipefail makes $? node's status, since tee succeeds).
E2E_STATUS=0
node --test --test-concurrency=1 --test-reporter=spec "${E2E_FILES[@]}" 2>&1 | tee "$LOGS/e2e.log" ||
  E2E_STATUS=$?
# A run that crashed before reporting has no count lines: grep's failure must not end the script.
E2E=$(grep -Eo '^ℹ pass [0-9]+' "$LOGS/e2e.log" | awk '{print $3}' || true)
E2E_FAIL=$(grep -Eo '^ℹ fail [0-9]+' "$LOGS/e2e.log" | awk '{print $3}' || true)
[[ "$E2E_STATUS" == 0 ]] || { echo "end-to-end tests failed (${E2E_FAIL:-?} failing, exit status $E2E_STATUS)"; exit 1; }
fi

if [[ "$QUICK" == 0 ]]; then

step "end-to-end on a cloud that converts imports (GP_GLANCE_CONVERT=raw)"
# tests/e2e/conversion.test.mjs needs Glance's image_conversion plugin (the run above skips
# it): a second cloud with its own state and ports, stopped on exit like the first.
convert_cloud() {
  GP_STATE_DIR="$GP_ROOT/target/e2e-convert-cloud" GP_KEYSTONE_PORT=15100 GP_GLANCE_PORT=19392 \
    GP_GLANCE_CONVERT=raw scripts/devcloud.sh "$@"
}
[[ "${GP_E2E_FRESH:-0}" == 1 ]] && { convert_cloud stop >/dev/null 2>&1 || true; rm -rf "$GP_ROOT/target/e2e-convert-cloud"; }
trap 'scripts/devcloud.sh stop >/dev/null 2>&1 || true; convert_cloud stop >/dev/null 2>&1 || true' EXIT
convert_cloud start
CONV_STATUS=0
( set -a; eval "$(convert_cloud env)"; GP_GLANCE_CONVERT=raw; set +a
  node --test --test-concurrency=1 --test-reporter=spec tests/e2e/conversion.test.mjs ) 2>&1 |
  tee "$LOGS/e2e-convert.log" || CONV_STATUS=$?
CONV=$(grep -Eo '^ℹ pass [0-9]+' "$LOGS/e2e-convert.log" | awk '{print $3}' || true)
[[ "$CONV_STATUS" == 0 ]] || { echo "conversion end-to-end tests failed (exit status $CONV_STATUS)"; exit 1; }
fi

step_done
step "summary"
echo "native tests passed:      $NATIVE"
echo "in-browser tests passed:  $WASM"
echo "command (1) tests passed: $DEV"
echo "end-to-end tests passed:  $E2E"
echo "conversion e2e passed:    $CONV"
[[ "$QUICK" == 0 ]] && grep -A1 '^first load' "$LOGS/bundle-size.log" | tail -1 | sed 's/^ *total */first load (login + list): /'
echo "time per step:"
printf '  %s\n' "${TIMES[@]}"
echo "total time:               $((SECONDS - START)) s"
