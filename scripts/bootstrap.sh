#!/usr/bin/env bash
# Installs what a fresh machine lacks to build, serve and test the portal, and skips whatever
# is already present at the right version, so a warm machine passes through in seconds.
# Only crates.io, PyPI, npm and Debian are reachable: nothing here downloads from elsewhere.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$GP_ROOT"

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*"; }

# Rust target for the browser build.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy: scripts/test.sh checks formatting and lints; minimal rustup profiles
# leave them out.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep "^$component-" >/dev/null; then
    say "adding rustup component $component"
    rustup component add "$component"
  fi
done

# trunk 0.22 needs a newer rustc than this machine's; 0.21.14 is the measured pin.
TRUNK_VERSION=0.21.14
if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (several minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# leptosfmt formats the view! macros in the format step (scripts/test.sh); measured: 2 min to
# build on 2 cores.
LEPTOSFMT_VERSION=0.1.33
if [[ "$(leptosfmt --version 2>/dev/null || true)" != "leptosfmt $LEPTOSFMT_VERSION" ]]; then
  say "installing leptosfmt $LEPTOSFMT_VERSION"
  cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
fi

# The split step of every app build (scripts/split-wasm.mjs): cuts the app's wasm into the main
# module and the pages loaded on demand. The crate's `build-binary` feature gives
# `wasm-split-cli` (the crates.io crate of that name is Dioxus' splitter, which does not read
# Leptos' markers). It has no --version: the install list says which is there.
WASM_SPLIT_VERSION=0.2.4
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly, or trunk and the
# test runner refuse. Not --locked: its locked webpki-roots is not served by this registry.
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WBG_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WBG_VERSION"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# npm tools: wasm-opt (binaryen; Debian's is too old for current rustc output), axe-core (the
# accessibility checks), playwright-core (drives Debian's Chromium; never downloads a browser),
# puppeteer-core (drives Debian's Firefox ESR over WebDriver BiDi: Playwright drives only its
# own patched Firefox, which cannot be fetched here) and hash-wasm (the benchmark's peer for hashing in the browser; never shipped).
NPM_STAMP=scripts/tools/node_modules/.gp-lock-hash
LOCK_HASH="$(sha256sum scripts/tools/package-lock.json | cut -d' ' -f1)"
if [[ "$(cat "$NPM_STAMP" 2>/dev/null || true)" != "$LOCK_HASH" ]]; then
  say "installing npm tools (binaryen, playwright-core, puppeteer-core, axe-core, hash-wasm)"
  npm ci --prefix scripts/tools --no-audit --no-fund
  echo "$LOCK_HASH" > "$NPM_STAMP"
fi

# Debian packages: Chromium and its driver (in-browser and end-to-end tests), Firefox ESR (the
# end-to-end test of downloads in a browser without a file picker), iproute2's `ip`
# (the command-(1) test brings up loopback in a network namespace of its own), and nginx with
# its brotli_static module (the end-to-end suite serves dist/ with hosting/nginx/, the
# hosting recipe, docs/hosting.md), and the tools the end-to-end tests make real disk images
# with (qemu-img; gzip, xz, zstd and bzip2 for the compressed ones).
APT_NEEDED=()
[[ -x /usr/bin/chromium ]] || APT_NEEDED+=(chromium)
[[ -x /usr/bin/chromedriver ]] || APT_NEEDED+=(chromium-driver)
[[ -x /usr/bin/firefox-esr ]] || APT_NEEDED+=(firefox-esr)
command -v ip >/dev/null || APT_NEEDED+=(iproute2)
[[ -x /usr/sbin/nginx ]] || APT_NEEDED+=(nginx)
[[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]] || APT_NEEDED+=(libnginx-mod-http-brotli-static)
command -v qemu-img >/dev/null || APT_NEEDED+=(qemu-utils)
command -v xz >/dev/null || APT_NEEDED+=(xz-utils)
command -v zstd >/dev/null || APT_NEEDED+=(zstd)
command -v bzip2 >/dev/null || APT_NEEDED+=(bzip2)
# A CJK font: without one, Chromium draws the Chinese screenshots of the gallery
# (docs/screens.md) as empty boxes. WenQuanYi Micro Hei is 4.5 MB, Noto CJK 60.
[[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || APT_NEEDED+=(fonts-wqy-microhei)
if ((${#APT_NEEDED[@]})); then
  say "installing Debian packages: ${APT_NEEDED[*]}"
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${APT_NEEDED[@]}"
fi

# Python venv for the dev cloud (Keystone + Glance); rebuilt when the pins change.
VENV_STAMP="$GP_VENV/.gp-requirements-hash"
REQ_HASH="$(sha256sum scripts/cloud-requirements.txt | cut -d' ' -f1)"
if [[ "$(cat "$VENV_STAMP" 2>/dev/null || true)" != "$REQ_HASH" ]]; then
  say "installing the dev cloud's Python packages into $GP_VENV (a few minutes)"
  python3 -m venv "$GP_VENV"
  "$GP_VENV/bin/pip" install --quiet --upgrade pip
  "$GP_VENV/bin/pip" install --quiet -r scripts/cloud-requirements.txt
  echo "$REQ_HASH" > "$VENV_STAMP"
fi

say "ready: $(trunk --version), $(wasm-bindgen --version), $(leptosfmt --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(/usr/bin/chromium --version 2>/dev/null | head -1)"
