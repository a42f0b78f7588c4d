#!/usr/bin/env bash
# Reacties benchmark: reading, big threads, writing, mixed load, memory and start-up,
# each reported against a baseline measured in the same run. Needs wrk and python3.
# Usage: benches/run.sh            (DURATION=10 MIXED_DURATION=60 PORT=3999 to adjust)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
MIXED_DURATION=${MIXED_DURATION:-60}
PORT=${PORT:-3999}
BASE="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }

SQLX_OFFLINE=true cargo build --release --quiet
BIN=target/release/reacties
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# Three articles: the real one (200 reactions), a big discussion (10,000) and one to post to.
mkdir -p "$WORK/content"
cp content/*.md "$WORK/content/"
for slug in grote-draad schrijfproef; do
  sed "s/^slug = .*/slug = \"$slug\"/" content/zeven-redenen-voor-nee.md > "$WORK/content/$slug.md"
done
export REACTIES_DATABASE="$WORK/bench.db" REACTIES_CONTENT="$WORK/content" REACTIES_BIND="127.0.0.1:$PORT"
export REACTIES_RATE_LIMITS=off RUST_LOG=warn

start_server() {
  "$BIN" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 500); do curl -sf "$BASE/healthz" >/dev/null && return; sleep 0.01; done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

# Create and migrate the database, then seed it with the server stopped.
start_server; stop_server
python3 benches/seed.py "$WORK/bench.db" "$WORK/cookies"
export COOKIES="$WORK/cookies"

echo "== start-up with an existing database"
python3 benches/startup.py "$PORT" -- "$BIN" | tee "$WORK/startup.txt"

start_server
PAGE_BYTES=$(curl -s "$BASE/zeven-redenen-voor-nee" | wc -c)
stop_server
export REACTIES_BENCH_STATIC_BYTES=$PAGE_BYTES
start_server
echo "article page with 200 reactions: $PAGE_BYTES bytes; baseline /static/bench.html has the same size"

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p50() { awk '$1=="50%" {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v+0 } else { sub(/s$/, "", v); print v*1000 } }'; }

peak_rss=0
sample_rss() {
  while kill -0 "$SERVER" 2>/dev/null; do
    r=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status" 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$(cat "$WORK/rss" 2>/dev/null || echo 0)" ] && echo "$r" > "$WORK/rss"
    sleep 0.1
  done
}

echo "== reading (anonymous): static baseline vs article, 64 and 256 connections"
for c in 64 256; do
  curl -s "$BASE/static/bench.html" >/dev/null; curl -s "$BASE/zeven-redenen-voor-nee" >/dev/null
  wrk -t2 -c$c -d${DURATION}s --latency "$BASE/static/bench.html" > "$WORK/static-$c.txt"
  if [ "$c" = 256 ]; then echo 0 > "$WORK/rss"; sample_rss & SAMPLER=$!; fi
  wrk -t2 -c$c -d${DURATION}s --latency "$BASE/zeven-redenen-voor-nee" > "$WORK/article-$c.txt"
  if [ "$c" = 256 ]; then kill $SAMPLER 2>/dev/null || true; fi
  s=$(rps "$WORK/static-$c.txt"); a=$(rps "$WORK/article-$c.txt")
  printf "c=%s static %s req/s, article %s req/s, ratio %.2f (target >= 0.70); article p99 %s ms\n" \
    "$c" "$s" "$a" "$(awk -v a="$a" -v s="$s" 'BEGIN{print a/s}')" "$(ms "$(p99 "$WORK/article-$c.txt")")"
done
echo "peak RSS during the 256-connection read: $(( $(cat "$WORK/rss") / 1024 )) MB (target <= 30)"

echo "== big discussion: 10,000 reactions, 50 pages"
python3 benches/pages.py 127.0.0.1 "$PORT" grote-draad 50 20
wrk -t2 -c64 -d${DURATION}s --latency "$BASE/grote-draad" > "$WORK/big-1.txt"
a=$(rps "$WORK/article-64.txt"); b=$(rps "$WORK/big-1.txt")
printf "first page of 10,000: %s req/s vs 200-reaction page %s req/s: %.2fx slower (target <= 2)\n" \
  "$b" "$a" "$(awk -v a="$a" -v b="$b" 'BEGIN{print a/b}')"

# Rows of $1 (a table with article_slug) for the article written to.
rows() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(f\"SELECT COUNT(*) FROM {sys.argv[2]} WHERE article_slug = 'schrijfproef'\").fetchone()[0])" "$WORK/bench.db" "$1"; }
count() { rows reactions; }

# 64 logged-in writers for DURATION: MODE (reactions or stances), the table
# whose rows count the acknowledged writes, and what the figure is called.
write_run() {
  local mode=$1 table=$2 what=$3 before after ok bad sent answered
  before=$(rows "$table")
  MODE=$mode SLUG=schrijfproef wrk -t2 -c64 -d${DURATION}s --latency -s benches/load.lua "$BASE" > "$WORK/$mode.txt"
  after=$(rows "$table")
  ok=$(awk '$1=="STATUS" && $2==303 {print $3}' "$WORK/$mode.txt"); ok=${ok:-0}
  bad=$(awk '$1=="STATUS" && $2!=303 {n+=$3} END {print n+0}' "$WORK/$mode.txt")
  sent=$(awk '$1=="SENT" {print $2}' "$WORK/$mode.txt")
  answered=$(awk '$1=="STATUS" {n+=$3} END {print n+0}' "$WORK/$mode.txt")
  printf "%s accepted %s/s (%s in %ss), errors %s, p99 %s ms\n" "$what" \
    "$(awk -v n="$ok" -v d="$DURATION" 'BEGIN{printf "%.0f", n/d}')" "$ok" "$DURATION" "$bad" "$(ms "$(p99 "$WORK/$mode.txt")")"
  printf "rows added %s: accepted %s plus %s of the %s requests wrk had not seen answered when it stopped (none lost if accepted <= rows <= accepted + unanswered)\n" \
    "$((after - before))" "$ok" "$((after - before - ok))" "$((sent - answered))"
  grep -E "Socket errors" "$WORK/$mode.txt" || true
}

echo "== writing: 64 logged-in writers, WAL + synchronous=FULL, group commit"
write_run reactions reactions "reactions"

echo "== stances: 64 logged-in readers saying JA/NEE on the 7 reasons, same group commit (target >= 5000/s)"
write_run stances stance_changes "stance changes"

echo "== mixed: 95% reads, 5% writes, 256 connections, ${MIXED_DURATION}s"
before=$(count)
WRITE_SHARE=0.05 SLUG=schrijfproef wrk -t2 -c256 -d${MIXED_DURATION}s --latency -s benches/load.lua "$BASE" > "$WORK/mixed.txt"
after=$(count)
posted=$(awk '$1=="STATUS" && $2==303 {print $3}' "$WORK/mixed.txt"); posted=${posted:-0}
fivexx=$(awk '$1=="STATUS" && $2>=500 {n+=$3} END {print n+0}' "$WORK/mixed.txt")
sent=$(awk '$1=="SENT" {print $2}' "$WORK/mixed.txt")
answered=$(awk '$1=="STATUS" {n+=$3} END {print n+0}' "$WORK/mixed.txt")
printf "%s req/s, 5xx %s, p99 %s ms; reactions accepted %s, rows added %s, requests in flight at stop %s\n" \
  "$(rps "$WORK/mixed.txt")" "$fivexx" "$(ms "$(p99 "$WORK/mixed.txt")")" "$posted" "$((after - before))" "$((sent - answered))"
grep -E "Socket errors|Non-2xx" "$WORK/mixed.txt" || true
