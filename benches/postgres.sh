#!/usr/bin/env bash
# Reacties on PostgreSQL beside SQLite, in the same run: the same seeded site
# (200 reactions, 64 writers with sessions) is served from a SQLite file and from
# a PostgreSQL schema, and each is measured on anonymous reads of the article and
# on durable writes from 64 logged-in writers. Figures are reported as
# PostgreSQL / SQLite ratios. Both run on this machine, so PostgreSQL's figures
# include its own processes competing for the same cores. Rounds with two
# instances on the one PostgreSQL schema (each given half the connections) are
# measured against one instance: on one machine that shows what the instances'
# telling each other costs, not what a second machine would add.
# Needs wrk, python3, psql and a PostgreSQL server:
#   BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/test benches/postgres.sh
# (DURATION=10 PORT=3995 to adjust; the second instance listens on PORT+1)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
PORT=${PORT:-3995}
BASE="http://127.0.0.1:$PORT"
PORT2=$((PORT + 1))
BASE2="http://127.0.0.1:$PORT2"
PG=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 1; }

SQLX_OFFLINE=true cargo build --release --quiet --bin reacties
BIN=${CARGO_TARGET_DIR:-target}/release/reacties
WORK=$(mktemp -d)
SCHEMA="bench_$$"
SERVER=
SERVER2=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  [ -n "$SERVER2" ] && kill "$SERVER2" 2>/dev/null
  wait 2>/dev/null || true
  psql -q "$PG" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/content"
cp content/*.md "$WORK/content/"
sed "s/^slug = .*/slug = \"schrijfproef\"/" content/zeven-redenen-voor-nee.md > "$WORK/content/schrijfproef.md"
export REACTIES_CONTENT="$WORK/content" REACTIES_RATE_LIMITS=off RUST_LOG=warn
SEP='?'; case "$PG" in *\?*) SEP='&';; esac
PG_SITE="${PG}${SEP}options=-c%20search_path%3D${SCHEMA}"

wait_for() {
  for _ in $(seq 1 500); do curl -sf "$1/healthz" >/dev/null && return; sleep 0.01; done
  echo "server did not start" >&2; cat "$WORK"/server*.log >&2; exit 1
}
start_server() {
  REACTIES_BIND="127.0.0.1:$PORT" REACTIES_DATABASE="$1" "$BIN" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  wait_for "$BASE"
}
# A second instance on the same database (PostgreSQL only).
start_second() {
  REACTIES_BIND="127.0.0.1:$PORT2" REACTIES_DATABASE="$1" "$BIN" >"$WORK/server2.log" 2>&1 &
  SERVER2=$!
  wait_for "$BASE2"
}
stop_server() {
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
  if [ -n "$SERVER2" ]; then kill "$SERVER2"; wait "$SERVER2" 2>/dev/null || true; SERVER2=; fi
}

# The SQLite site, seeded with the server stopped.
start_server "$WORK/bench.db"; stop_server
python3 benches/seed.py "$WORK/bench.db" "$WORK/cookies"
export COOKIES="$WORK/cookies"

# The same site on PostgreSQL: the export moves everything but the sessions,
# which are copied as rows so the same cookies log in on both.
"$BIN" --database "$WORK/bench.db" export "$WORK/site.json" --with-passwords >/dev/null
psql -q "$PG" -c "CREATE SCHEMA $SCHEMA" >/dev/null
"$BIN" --database "$PG_SITE" import reacties "$WORK/site.json" >/dev/null
python3 - "$WORK/bench.db" > "$WORK/sessions.sql" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in con.execute("PRAGMA table_info(sessions)")]
print("BEGIN;")
for row in con.execute(f"SELECT {', '.join(cols)} FROM sessions"):
    values = ", ".join("NULL" if v is None else (str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'") for v in row)
    print(f"INSERT INTO sessions ({', '.join(cols)}) VALUES ({values});")
print("COMMIT;")
PY
PGOPTIONS="-c search_path=$SCHEMA" psql -q "$PG" -f "$WORK/sessions.sql" >/dev/null

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v+0 } else { sub(/s$/, "", v); print v*1000 } }'; }
accepted() { awk '$1=="STATUS" && $2==303 {print $3}' "$1"; }
errors() { awk '$1=="STATUS" && $2!=303 {printf "%s%s×%s", (n++ ? ", " : ""), $3, $2} END {if (!n) print "none"}' "$1"; }

# Alternating rounds (SQLite, PostgreSQL, two instances, two instances,
# PostgreSQL, SQLite), so a slow spell of the machine weighs on all three.
round=0
for db in sqlite postgres two two postgres sqlite; do
  round=$((round + 1)); n=$round
  if [ "$db" = sqlite ]; then start_server "$WORK/bench.db"; else start_server "$PG_SITE"; fi
  curl -s "$BASE/zeven-redenen-voor-nee" >/dev/null
  if [ "$db" = two ]; then
    # 32 connections to each instance, at the same time; the figures add up.
    start_second "$PG_SITE"
    curl -s "$BASE2/zeven-redenen-voor-nee" >/dev/null
    wrk -t1 -c32 -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip, br' "$BASE/zeven-redenen-voor-nee" > "$WORK/read-$db-$n-a.txt" &
    other=$!
    wrk -t1 -c32 -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip, br' "$BASE2/zeven-redenen-voor-nee" > "$WORK/read-$db-$n-b.txt"
    wait "$other"
    RUN_TAG=a SLUG=schrijfproef wrk -t1 -c32 -d"${DURATION}s" --latency -s benches/load.lua "$BASE" > "$WORK/write-$db-$n-a.txt" &
    other=$!
    RUN_TAG=b SLUG=schrijfproef wrk -t1 -c32 -d"${DURATION}s" --latency -s benches/load.lua "$BASE2" > "$WORK/write-$db-$n-b.txt"
    wait "$other"
    # A change made through one instance reached the other: its page shows
    # the newest reaction stored.
    newest=$(PGOPTIONS="-c search_path=$SCHEMA" psql -qtA "$PG" -c "SELECT id FROM reactions WHERE article_slug = 'schrijfproef' ORDER BY id DESC LIMIT 1")
    seen_a=$(curl -s "$BASE/schrijfproef?pagina=laatste" | grep -c "id=\"reactie-$newest\"" || true)
    seen_b=$(curl -s "$BASE2/schrijfproef?pagina=laatste" | grep -c "id=\"reactie-$newest\"" || true)
    echo "round $db: newest reaction $newest on instance 1: $seen_a, on instance 2: $seen_b"
  else
    wrk -t2 -c64 -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip, br' "$BASE/zeven-redenen-voor-nee" > "$WORK/read-$db-$n.txt"
    SLUG=schrijfproef wrk -t2 -c64 -d"${DURATION}s" --latency -s benches/load.lua "$BASE" > "$WORK/write-$db-$n.txt"
  fi
  # What the server complained of on PostgreSQL (503s are the rendering queue
  # turning requests away when the machine's two cores are saturated).
  if [ "$db" != sqlite ]; then grep -ho "WARN.*\|ERROR.*" "$WORK"/server*.log | sed "s/ latency=.*//" | cut -c1-160 | sort | uniq -c | sort -rn | head -3 || true; fi
  stop_server
  printf "round %-8s reads %9s req/s, writes accepted %6s/s (other answers: %s)\n" "$db" \
    "$(for f in "$WORK"/read-$db-$n*.txt; do rps "$f"; done | awk '{s+=$1} END {printf "%.0f", s}')" \
    "$(for f in "$WORK"/write-$db-$n*.txt; do accepted "$f"; done | awk -v d="$DURATION" '{s+=$1} END {printf "%.0f", s/d}')" \
    "$(for f in "$WORK"/write-$db-$n*.txt; do errors "$f"; done | paste -sd ' ')"
done

sum_reads() { for f in "$WORK"/read-"$1"-*.txt; do rps "$f"; done | awk '{s+=$1} END {print s}'; }
sum_writes() { for f in "$WORK"/write-"$1"-*.txt; do accepted "$f"; done | awk '{s+=$1} END {print s}'; }
stored=$(PGOPTIONS="-c search_path=$SCHEMA" psql -qtA "$PG" -c "SELECT COUNT(*) FROM reactions WHERE article_slug = 'schrijfproef'")
awk -v rp="$(sum_reads postgres)" -v rs="$(sum_reads sqlite)" -v wp="$(sum_writes postgres)" -v ws="$(sum_writes sqlite)" -v d="$DURATION" \
  'BEGIN { printf "PostgreSQL / SQLite: anonymous reads %.2f (target >= 0.90), durable writes %.2f; PostgreSQL %.0f writes/s from 64 writers (target >= 3000)\n", rp/rs, wp/ws, wp/(2*d) }'
awk -v r2="$(sum_reads two)" -v r1="$(sum_reads postgres)" -v w2="$(sum_writes two)" -v w1="$(sum_writes postgres)" -v d="$DURATION" \
  'BEGIN { printf "two instances / one instance on PostgreSQL (same machine: overhead, not gain): anonymous reads %.2f, durable writes %.2f (%.0f writes/s)\n", r2/r1, w2/w1, w2/(2*d) }'
echo "rows stored on PostgreSQL: $stored; writes accepted there: $(( $(sum_writes postgres) + $(sum_writes two) )) (none lost if equal, bar requests in flight at a stop)"
