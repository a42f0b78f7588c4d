"""Latency of every page of a paged discussion, one request at a time over a
keep-alive connection: the first (uncached) render and the p50 of the rest.

Usage: pages.py HOST PORT SLUG PAGES ROUNDS
"""
import http.client
import statistics
import sys
import time

host, port, slug, pages, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
conn = http.client.HTTPConnection(host, port)


def get(path):
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status}")
    return elapsed


firsts, p50s = [], []
for page in range(1, pages + 1):
    path = f"/{slug}?pagina={page}" if page > 1 else f"/{slug}"
    firsts.append(get(path))
    p50s.append(statistics.median(get(path) for _ in range(rounds)))
print(f"PAGES {pages} first_render_ms_max {max(firsts):.2f} first_render_ms_median {statistics.median(firsts):.2f}"
      f" p50_ms_max {max(p50s):.3f} p50_ms_median {statistics.median(p50s):.3f}")
