#!/usr/bin/env bash
# Browser tests: builds Reacties, starts it on a free port with a throwaway
# database, and runs the Node test files here against it in headless Chromium.
# Needs chromium (Debian: apt-get install chromium), node/npm and java (for the
# Nu HTML checker). Screenshots go to target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

SQLX_OFFLINE=true cargo build --quiet --bin reacties
# Where cargo put it (CARGO_TARGET_DIR may point elsewhere).
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/reacties"
(cd tests/browser && npm install --no-package-lock --no-audit --no-fund --silent)

WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export REACTIES_DATABASE="$WORK/reacties.db" REACTIES_CONTENT="$ROOT/content" REACTIES_BIND="127.0.0.1:$PORT"
export REACTIES_PUBLIC_URL="http://127.0.0.1:$PORT" REACTIES_MIN_FILL_SECS=1 REACTIES_RATE_LIMITS=off RUST_LOG=warn
"$BIN" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 500); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.02; done
# The server's first start creates the database; the author command never does.
echo "geheim-auteurswachtwoord-voor-tests" | "$BIN" author create Olaf_Rutten >/dev/null

export BASE_URL="http://127.0.0.1:$PORT" AUTHOR_PASSWORD="geheim-auteurswachtwoord-voor-tests" REACTIES_BIN="$BIN"
export SCREENSHOTS="$ROOT/target/screenshots" CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
mkdir -p "$SCREENSHOTS"
# Arguments name test files to run (all of them by default).
cd tests/browser && node --test --test-concurrency=1 "${@:-.}"
