#!/usr/bin/env bash
# Installs, idempotently, what the build and the tests need on a fresh Debian machine.
#   scripts/setup.sh rust      the wasm32 target and wasm-bindgen-cli pinned to Cargo.lock's version
#   scripts/setup.sh browser   Debian's chromium and chromium-driver (for wasm and page tests)
#   scripts/setup.sh npm       the npm dev packages from package-lock.json
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The wasm-bindgen version the crate is locked to: the CLI must match it exactly.
locked_wasm_bindgen() {
  [ -f Cargo.lock ] || cargo generate-lockfile >&2
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  local want have
  want=$(locked_wasm_bindgen)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    echo "installing wasm-bindgen-cli $want (found: ${have:-none})" >&2
    # --locked fails on these machines (a locked dependency is missing from the registry).
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

setup_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver
  fi
}

setup_npm() {
  local stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    npm ci --no-audit --no-fund
  fi
}

for what in "$@"; do
  case "$what" in
    rust) setup_rust ;;
    browser) setup_browser ;;
    npm) setup_npm ;;
    *) echo "setup.sh: unknown part $what (rust, browser, npm)" >&2; exit 2 ;;
  esac
done
