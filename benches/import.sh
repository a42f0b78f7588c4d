#!/usr/bin/env bash
# Import benchmark: a generated WordPress export (COMMENTS comments, default 100,000,
# in ARTICLES threads, nested), imported into an empty database; reports the time and the
# peak RSS of the import, of a second (idempotent) run, and of the export.
# Usage: benches/import.sh        (COMMENTS=100000 ARTICLES=50 PROFILE=debug|release)
# With COMMENTS=3000000 the file is about 1 GB: memory should stay where it is at 100,000.
set -euo pipefail
cd "$(dirname "$0")/.."

COMMENTS=${COMMENTS:-100000}
ARTICLES=${ARTICLES:-50}
PROFILE=${PROFILE:-debug}
PORT=${PORT:-3998}
command -v /usr/bin/time >/dev/null || { echo "GNU time is needed (Debian: apt-get install time)" >&2; exit 1; }

if [ "$PROFILE" = release ]; then
  SQLX_OFFLINE=true cargo build --release --quiet
else
  SQLX_OFFLINE=true cargo build --quiet
fi
BIN=${CARGO_TARGET_DIR:-target}/$PROFILE/reacties
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/content"
for i in $(seq 1 "$ARTICLES"); do
  sed "s/^slug = .*/slug = \"artikel-$i\"/" content/zeven-redenen-voor-nee.md > "$WORK/content/artikel-$i.md"
done
export REACTIES_DATABASE="$WORK/bench.db" REACTIES_CONTENT="$WORK/content" REACTIES_BIND="127.0.0.1:$PORT"
export RUST_LOG=warn

# The server creates and migrates the database; the commands never do.
"$BIN" & SERVER=$!
for _ in $(seq 1 100); do "$BIN" healthcheck >/dev/null 2>&1 && break; sleep 0.1; done
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=

python3 - "$WORK/export.xml" "$COMMENTS" "$ARTICLES" <<'PY'
import random, sys
path, total, articles = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(17)
per = max(1, total // articles)
with open(path, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
              'xmlns:wp="http://wordpress.org/export/1.2/"><channel>\n')
    n = 0
    for a in range(1, articles + 1):
        out.write(f"<item><title>Artikel {a}</title><wp:post_name>artikel-{a}</wp:post_name>\n")
        first = n + 1
        for _ in range(per if a < articles else total - n):
            n += 1
            parent = 0 if n == first or random.random() < 0.3 else random.randint(first, n - 1)
            states = "1" if random.random() < 0.9 else random.choice(["0", "spam", "trash"])
            day = 1 + n % 28
            out.write(f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
                      f"<wp:comment_author><![CDATA[Lezer {n % 997}]]></wp:comment_author>"
                      f"<wp:comment_date_gmt>2020-02-{day:02d} 12:{n % 60:02d}:00</wp:comment_date_gmt>"
                      f"<wp:comment_content><![CDATA[Reactie {n}: een zin met <em>nadruk</em> en een "
                      f"<a href=\"https://example.org/{n}\">link</a>.\n\nEn een tweede alinea.]]></wp:comment_content>"
                      f"<wp:comment_approved>{states}</wp:comment_approved>"
                      f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n")
        out.write("</item>\n")
    out.write("</channel></rss>\n")
PY
SIZE=$(du -m "$WORK/export.xml" | cut -f1)
echo "Generated: $COMMENTS comments in $ARTICLES articles, ${SIZE} MB ($PROFILE build)"

measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" "$WORK/out"; exit 1; }
  read -r secs kb < "$WORK/time"
  printf '%-28s %8.1f s   peak RSS %6d MB\n' "$label" "$secs" $((kb / 1024))
}
measure "import (first run)" "$BIN" import wordpress "$WORK/export.xml"
head -1 "$WORK/out"
measure "import (second run)" "$BIN" import wordpress "$WORK/export.xml"
grep -m1 "Al eerder" "$WORK/out" || true
measure "export" "$BIN" export "$WORK/export.json"
echo "Reactions stored: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from reactions').fetchone()[0])" "$WORK/bench.db")"
