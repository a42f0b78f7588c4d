#!/usr/bin/env bash
# Schemathesis against the live JSON API: builds Reacties, starts it on a free
# port with a throwaway database (seeded with threaded reactions from the
# WordPress fixture), and runs every schemathesis check on every operation of
# /api/v1/openapi.json. Fails when schemathesis finds anything.
# Needs python3 with venv (Debian: apt-get install python3-venv); schemathesis
# is installed from PyPI into a virtualenv under the target directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/debug/reacties"

SQLX_OFFLINE=true cargo build --quiet --bin reacties

VENV="$TARGET/api-schema-venv"
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis>=4,<5"
fi

WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export REACTIES_DATABASE="$WORK/reacties.db" REACTIES_CONTENT="$ROOT/content" REACTIES_BIND="127.0.0.1:$PORT"
export REACTIES_PUBLIC_URL="http://127.0.0.1:$PORT" RUST_LOG=warn
"$BIN" >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 500); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.02; done
# Reactions in threads to read (the import may run beside the server).
"$BIN" import wordpress tests/fixtures/wordpress.xml >/dev/null

cd "$WORK"
if ! "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
    --checks all --max-examples "${SCHEMATHESIS_EXAMPLES:-50}" --workers 1 --no-color; then
  echo "schemathesis found problems; the server's log:" >&2
  tail -n 50 "$WORK/server.log" >&2
  exit 1
fi
