#!/usr/bin/env bash
# Reacties on PostgreSQL beside SQLite, in the same run: the same seeded site
# (200 reactions, 64 writers with sessions) is served from a SQLite file and from
# a PostgreSQL schema, and each is measured on anonymous reads of the article and
# on durable writes from 64 logged-in writers. Figures are reported as
# PostgreSQL / SQLite ratios. Both run on this machine, so PostgreSQL's figures
# include its own processes competing for the same cores.
# Needs wrk, python3, psql and a PostgreSQL server:
#   BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/test benches/postgres.sh
# (DURATION=10 PORT=3995 to adjust)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
PORT=${PORT:-3995}
BASE="http://127.0.0.1:$PORT"
PG=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}
command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 1; }

SQLX_OFFLINE=true cargo build --release --quiet --bin reacties
BIN=${CARGO_TARGET_DIR:-target}/release/reacties
WORK=$(mktemp -d)
SCHEMA="bench_$$"
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  wait 2>/dev/null || true
  psql -q "$PG" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/content"
cp content/*.md "$WORK/content/"
sed "s/^slug = .*/slug = \"schrijfproef\"/" content/zeven-redenen-voor-nee.md > "$WORK/content/schrijfproef.md"
export REACTIES_CONTENT="$WORK/content" REACTIES_BIND="127.0.0.1:$PORT" REACTIES_RATE_LIMITS=off RUST_LOG=warn
SEP='?'; case "$PG" in *\?*) SEP='&';; esac
PG_SITE="${PG}${SEP}options=-c%20search_path%3D${SCHEMA}"

start_server() {
  REACTIES_DATABASE="$1" "$BIN" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 500); do curl -sf "$BASE/healthz" >/dev/null && return; sleep 0.01; done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

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

# Alternating rounds (SQLite, PostgreSQL, PostgreSQL, SQLite), so a slow spell
# of the machine weighs on both.
round=0
for db in sqlite postgres postgres sqlite; do
  round=$((round + 1)); n=$round
  if [ "$db" = sqlite ]; then start_server "$WORK/bench.db"; else start_server "$PG_SITE"; fi
  curl -s "$BASE/zeven-redenen-voor-nee" >/dev/null
  wrk -t2 -c64 -d"${DURATION}s" --latency -H 'Accept-Encoding: gzip, br' "$BASE/zeven-redenen-voor-nee" > "$WORK/read-$db-$n.txt"
  SLUG=schrijfproef wrk -t2 -c64 -d"${DURATION}s" --latency -s benches/load.lua "$BASE" > "$WORK/write-$db-$n.txt"
  # What the server complained of on PostgreSQL (503s are the rendering queue
  # turning requests away when the machine's two cores are saturated).
  if [ "$db" = postgres ]; then grep -ho "WARN.*\|ERROR.*" "$WORK/server.log" | sed "s/ latency=.*//" | cut -c1-160 | sort | uniq -c | sort -rn | head -3 || true; fi
  stop_server
  printf "round %-8s reads %9s req/s (p99 %s ms), writes accepted %6s/s (p99 %s ms; other answers: %s)\n" "$db" \
    "$(rps "$WORK/read-$db-$n.txt")" "$(ms "$(p99 "$WORK/read-$db-$n.txt")")" \
    "$(awk -v n="$(accepted "$WORK/write-$db-$n.txt")" -v d="$DURATION" 'BEGIN{printf "%.0f", n/d}')" \
    "$(ms "$(p99 "$WORK/write-$db-$n.txt")")" "$(errors "$WORK/write-$db-$n.txt")"
done

sum_reads() { for f in "$WORK"/read-"$1"-*.txt; do rps "$f"; done | awk '{s+=$1} END {print s}'; }
sum_writes() { for f in "$WORK"/write-"$1"-*.txt; do accepted "$f"; done | awk '{s+=$1} END {print s}'; }
stored=$(PGOPTIONS="-c search_path=$SCHEMA" psql -qtA "$PG" -c "SELECT COUNT(*) FROM reactions WHERE article_slug = 'schrijfproef'")
awk -v rp="$(sum_reads postgres)" -v rs="$(sum_reads sqlite)" -v wp="$(sum_writes postgres)" -v ws="$(sum_writes sqlite)" -v d="$DURATION" \
  'BEGIN { printf "PostgreSQL / SQLite: anonymous reads %.2f (target >= 0.90), durable writes %.2f; PostgreSQL %.0f writes/s from 64 writers (target >= 3000)\n", rp/rs, wp/ws, wp/(2*d) }'
echo "rows stored on PostgreSQL: $stored; writes accepted there: $(sum_writes postgres) (none lost if equal, bar requests in flight at a stop)"
echo "two instances on one PostgreSQL: not measured (a site runs one server per database for now; see README, PostgreSQL)"
