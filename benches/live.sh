#!/usr/bin/env bash
# Live updates under load: 10,000 SSE subscribers on one article, the delivery
# latency of one new reaction to all of them, the server's RSS meanwhile, and
# anonymous reads with 1,000 idle subscribers against reads without them.
# Needs wrk and python3. Usage: benches/live.sh  (SUBSCRIBERS=10000 IDLE=1000 DURATION=10 PORT=3998)
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=${SUBSCRIBERS:-10000}
IDLE=${IDLE:-1000}
DURATION=${DURATION:-10}
PORT=${PORT:-3998}
BASE="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }

SQLX_OFFLINE=true cargo build --release --quiet --bin reacties
BIN=${CARGO_TARGET_DIR:-target}/release/reacties
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

export REACTIES_DATABASE="$WORK/bench.db" REACTIES_CONTENT="$PWD/content" REACTIES_BIND="127.0.0.1:$PORT"
# Room for every stream and the load generator's connections; the stream cap
# per client is lifted with the other limits (all streams come from one address).
export REACTIES_RATE_LIMITS=off REACTIES_MAX_CONNECTIONS=$((SUBSCRIBERS + 2000)) RUST_LOG=warn

start_server() {
  "$BIN" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 500); do curl -sf "$BASE/healthz" >/dev/null && return; sleep 0.01; done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}

# Create and migrate the database, seed it (the article gets 200 reactions) with the server stopped.
start_server; kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
python3 benches/seed.py "$WORK/bench.db" "$WORK/cookies" >/dev/null
start_server
echo "open-files limit of the server: $(awk '/Max open files/ {print $4}' "/proc/$SERVER/limits")"
python3 benches/live.py 127.0.0.1 "$PORT" "$SERVER" "$(cat "$WORK/cookies.reader")" zeven-redenen-voor-nee \
  "$SUBSCRIBERS" "$IDLE" "$DURATION"
