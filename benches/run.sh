#!/usr/bin/env bash
# Reacties benchmark: reading, big threads, writing, mixed load, memory and start-up,
# each reported against a baseline measured in the same run. Needs wrk and python3.
# Usage: benches/run.sh            (DURATION=10 MIXED_DURATION=60 LOG_ROUNDS=4 PORT=3999 to adjust)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
MIXED_DURATION=${MIXED_DURATION:-60}
PORT=${PORT:-3999}
BASE="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }

SQLX_OFFLINE=true cargo build --release --quiet --bin reacties
BIN=${CARGO_TARGET_DIR:-target}/release/reacties
# The baseline server is a bench target; cargo names its binary with a hash.
BARE=$(SQLX_OFFLINE=true cargo bench --bench bare_axum --no-run 2>&1 | sed -n 's/.*Executable.*(\(.*\)).*/\1/p' | tail -1)
command -v nginx >/dev/null || { apt-get install -y -qq nginx-light >/dev/null 2>&1 || true; }
WORK=$(mktemp -d)
SERVER=
OTHERS=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  for p in $OTHERS; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null || true; rm -rf "$WORK"
}
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

echo "== reading against nginx and a bare axum handler serving the same bytes, 64 connections"
# nginx (sendfile, gzip_static) and the smallest axum server answer with the
# article page's exact bytes, plain and gzip; Reacties answers browsers (gzip, br).
mkdir -p "$WORK/www"; chmod 755 "$WORK" "$WORK/www"
curl -s "$BASE/zeven-redenen-voor-nee" -o "$WORK/www/page.html"
curl -s -H 'Accept-Encoding: gzip' "$BASE/zeven-redenen-voor-nee" -o "$WORK/www/page.html.gz"
NGINX_PORT=$((PORT + 1)); BARE_PORT=$((PORT + 2))
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off; sendfile on; tcp_nopush on; gzip_static on; gzip_vary on; etag on;
  types { text/html html; }
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
NGINX
NGINX_OK=
if command -v nginx >/dev/null; then
  nginx -c "$WORK/nginx.conf" -p "$WORK" -g 'daemon off; user root;' 2>"$WORK/nginx.err" & OTHERS="$OTHERS $!"
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$NGINX_PORT/page.html" >/dev/null && NGINX_OK=1 && break; sleep 0.02; done
fi
"$BARE" "$WORK/www/page.html" "$WORK/www/page.html.gz" "127.0.0.1:$BARE_PORT" & OTHERS="$OTHERS $!"
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$BARE_PORT/" >/dev/null && break; sleep 0.02; done
READER=$(head -1 "$COOKIES.reader"); WRITER=$(head -1 "$COOKIES"); AUTHOR=$(head -1 "$COOKIES.author")
GZ='Accept-Encoding: gzip, br'
bench() { local out=$1; shift; wrk -t2 -c64 -d${DURATION}s --latency "$@" > "$WORK/$out.txt"; }
[ -n "$NGINX_OK" ] && bench nginx-gz -H "$GZ" "http://127.0.0.1:$NGINX_PORT/page.html" && bench nginx-plain "http://127.0.0.1:$NGINX_PORT/page.html"
bench bare-gz -H "$GZ" "http://127.0.0.1:$BARE_PORT/"
bench bare-plain "http://127.0.0.1:$BARE_PORT/"
bench r-gz -H "$GZ" "$BASE/zeven-redenen-voor-nee"
bench r-plain "$BASE/zeven-redenen-voor-nee"
bench r-reader -H "$GZ" -H "Cookie: reacties_sessie=$READER" "$BASE/zeven-redenen-voor-nee"
bench r-author -H "$GZ" -H "Cookie: reacties_sessie=$AUTHOR" "$BASE/zeven-redenen-voor-nee"
bench r-writer -H "$GZ" -H "Cookie: reacties_sessie=$WRITER" "$BASE/zeven-redenen-voor-nee"
ratio() { awk -v a="$(rps "$WORK/$1.txt")" -v b="$(rps "$WORK/$2.txt" 2>/dev/null)" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "n/a" }'; }
row() { printf "%-44s %10s req/s  p99 %7s ms\n" "$1" "$(rps "$WORK/$2.txt")" "$(ms "$(p99 "$WORK/$2.txt")")"; }
[ -n "$NGINX_OK" ] && row "nginx, gzip_static (gzip)" nginx-gz && row "nginx, plain" nginx-plain
row "bare axum, gzip bytes" bare-gz
row "bare axum, plain bytes" bare-plain
row "Reacties, anonymous, Accept-Encoding: gzip, br" r-gz
row "Reacties, anonymous, no Accept-Encoding" r-plain
row "Reacties, logged-in reader" r-reader
row "Reacties, the author" r-author
row "Reacties, a reader who wrote there" r-writer
echo "ratios: compressed vs nginx $(ratio r-gz nginx-gz) (target >= 0.70); plain vs nginx $(ratio r-plain nginx-plain) (target >= 0.40)"
echo "        compressed vs bare axum $(ratio r-gz bare-gz); plain vs bare axum $(ratio r-plain bare-plain)"
echo "        logged-in reader $(rps "$WORK/r-reader.txt") req/s (target >= 5000, p99 <= 20 ms); author $(rps "$WORK/r-author.txt") req/s (target >= 2000)"

echo "== request logging: anonymous reads (gzip) logged at info (one line per request, to a file) against warn"
# Throughput and the server's CPU time per request (less sensitive to other load on the machine),
# summed over LOG_ROUNDS rounds in the order info warn, warn info, ... so that a slow spell of the
# machine weighs on both levels alike.
ticks() { awk '{print $14+$15}' "/proc/$SERVER/stat"; }
served() { awk '/requests in/ {print $1}' "$1"; }
cpu_us() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", t/hz*1e6/n}'; }
LOG_ROUNDS=${LOG_ROUNDS:-4}
for run in $(seq 1 "$LOG_ROUNDS"); do
  if [ $((run % 2)) = 1 ]; then levels="info warn"; else levels="warn info"; fi
  for level in $levels; do
    stop_server; RUST_LOG=$level start_server
    curl -s -H "$GZ" "$BASE/zeven-redenen-voor-nee" >/dev/null
    t0=$(ticks)
    bench log-$level-$run -H "$GZ" "$BASE/zeven-redenen-voor-nee"
    echo "$(( $(ticks) - t0 )) $(served "$WORK/log-$level-$run.txt")" > "$WORK/cpu-$level-$run"
    [ "$level" = info ] && lines=$(wc -l < "$WORK/server.log")
  done
  echo "round $run: info $(rps "$WORK/log-info-$run.txt") req/s, $(cpu_us $(cat "$WORK/cpu-info-$run")) µs CPU each ($lines lines logged); warn $(rps "$WORK/log-warn-$run.txt") req/s, $(cpu_us $(cat "$WORK/cpu-warn-$run")) µs CPU each"
done
stop_server; start_server
sum_rps() { for f in "$WORK"/log-"$1"-*.txt; do rps "$f"; done | awk '{s+=$1} END {print s}'; }
sum_col() { cat "$WORK"/cpu-"$1"-* | awk -v c="$2" '{s+=$c} END {print s}'; }
awk -v a="$(sum_rps info)" -v b="$(sum_rps warn)" \
  -v ti="$(sum_col info 1)" -v ni="$(sum_col info 2)" -v tw="$(sum_col warn 1)" -v nw="$(sum_col warn 2)" \
  'BEGIN { printf "over %d rounds: logging at info keeps %.2f of the throughput at warn; CPU per request at warn is %.2f of that at info (target >= 0.95)\n", '"$LOG_ROUNDS"', a/b, (tw/nw)/(ti/ni) }'

echo "== anonymous p99 stability: 3 runs each at 64 and 256 connections (targets 10 and 25 ms)"
for c in 64 256; do
  line="c=$c p99:"
  for run in 1 2 3; do
    wrk -t2 -c$c -d${DURATION}s --latency -H "$GZ" "$BASE/zeven-redenen-voor-nee" > "$WORK/p99-$c-$run.txt"
    line="$line $(ms "$(p99 "$WORK/p99-$c-$run.txt")") ms"
  done
  echo "$line"
done

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
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
write_run reactions reactions "reactions"
sleep 3
rss_after=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
printf "RSS before the write test %s MB, 3 s after it %s MB (%+.0f%%; target within 20%%)\n" \
  "$((rss_before / 1024))" "$((rss_after / 1024))" "$(awk -v a="$rss_after" -v b="$rss_before" 'BEGIN{print (a-b)*100/b}')"

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
