"""Live updates under load, against a running server (see benches/live.sh).

Usage: live.py HOST PORT SERVER_PID COOKIE SLUG [SUBSCRIBERS] [IDLE] [DURATION]

1. anonymous reads of the article with wrk, without subscribers;
2. the same with IDLE (1,000) streams open and idle (1 and 2 twice, alternating);
3. SUBSCRIBERS (10,000) streams open: the server's RSS;
4. one reaction posted by a logged-in reader (COOKIE is its session): how long
   until each stream got it (p50, p99, max), and how many got it at all.

Streams are plain sockets held by one asyncio loop (python3 only), each
reading the stream as EventSource does; a stream counts the reaction as
delivered when the `nieuw` event for it has fully arrived.
"""
import asyncio
import json
import re
import resource
import subprocess
import sys
import time

host, port, server_pid, cookie, slug = sys.argv[1:6]
port = int(port)
subscribers = int(sys.argv[6]) if len(sys.argv) > 6 else 10_000
idle = int(sys.argv[7]) if len(sys.argv) > 7 else 1_000
duration = int(sys.argv[8]) if len(sys.argv) > 8 else 10

# One socket per stream: raise this process's open-files limit as the server does.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
if hard < subscribers + 100:
    sys.exit(f"open-files limit {hard} is too low for {subscribers} streams (ulimit -Hn)")


class Stream(asyncio.Protocol):
    """One SSE subscriber: waits for the `nieuw` event of the reaction `wanted`."""

    wanted = None

    def __init__(self, opened):
        self.opened = opened
        self.buffer = b""
        self.headers_done = False
        self.got = None
        self.closed = False

    def connection_made(self, transport):
        self.transport = transport
        transport.write(
            f"GET /{slug}/live HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )

    def data_received(self, data):
        if self.got is not None:
            return
        self.buffer += data
        if not self.headers_done:
            if b"\r\n\r\n" not in self.buffer:
                return
            head, _, rest = self.buffer.partition(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                self.opened.set_exception(RuntimeError(head.split(b"\r\n")[0].decode()))
                return
            self.headers_done = True
            self.buffer = rest
            self.opened.set_result(self)
        # Heartbeats and the `retry:` are not kept.
        if Stream.wanted is None:
            self.buffer = b""
            return
        marker = f'"id":{Stream.wanted},'.encode()
        at = self.buffer.find(marker)
        if at >= 0 and self.buffer.find(b"\n\n", at) >= 0:
            self.got = time.perf_counter()
            self.buffer = b""

    def connection_lost(self, exc):
        self.closed = True


async def open_streams(n, streams):
    loop = asyncio.get_running_loop()
    batch = 200
    for start in range(0, n, batch):
        pending = []
        for _ in range(min(batch, n - start)):
            opened = loop.create_future()
            pending.append(opened)
            await loop.create_connection(lambda o=opened: Stream(o), host, port)
        streams.extend(await asyncio.gather(*pending))


async def wrk(label):
    # Warm the page cache first, as a reader would.
    proc = await asyncio.create_subprocess_exec(
        "wrk", "-t2", "-c64", f"-d{duration}s", "--latency", f"http://{host}:{port}/{slug}",
        stdout=subprocess.PIPE,
    )
    out, _ = await proc.communicate()
    text = out.decode()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)
    print(f"{label}: {rps:,.0f} req/s, p99 {p99}", flush=True)
    return rps


def rss_mb():
    with open(f"/proc/{server_pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


async def post_reaction(body):
    reader, writer = await asyncio.open_connection(host, port)
    form = f"body={body}".encode()
    writer.write(
        f"POST /{slug}/reacties HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Cookie: reacties_sessie={cookie}\r\nConnection: close\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(form)}\r\n\r\n".encode() + form
    )
    answer = (await reader.read()).decode(errors="replace")
    writer.close()
    status = answer.split(" ", 2)[1]
    found = re.search(r"#reactie-(\d+)", answer)
    if status != "303" or not found:
        raise RuntimeError(f"posting failed: {answer.splitlines()[0]}")
    return int(found.group(1))


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


async def main():
    streams = []
    # Two rounds, alternating, so the load of a shared machine falls on both sides.
    base, with_idle = [], []
    for _ in range(2):
        base.append(await wrk("anonymous reads, no streams open"))
        await open_streams(idle, streams)
        with_idle.append(await wrk(f"anonymous reads, {idle:,} idle streams open"))
        for s in streams:
            s.transport.close()
        streams = []
        await asyncio.sleep(1)
    base_rps, idle_rps = sum(base) / len(base), sum(with_idle) / len(with_idle)
    print(f"mean: {base_rps:,.0f} vs {idle_rps:,.0f} req/s, ratio {idle_rps / base_rps:.2f} (target >= 0.80)", flush=True)
    await open_streams(idle, streams)

    started = time.perf_counter()
    await open_streams(subscribers - idle, streams)
    print(f"{subscribers:,} streams open in {time.perf_counter() - started:.1f} s", flush=True)
    await asyncio.sleep(2)
    rss = rss_mb()
    print(f"server RSS with {subscribers:,} streams open: {rss:.0f} MB (target <= 150 MB)", flush=True)

    # The reaction's id is known only once the answer came; streams look for
    # the next id up meanwhile (nothing else is posted during the run).
    body = f"Live+benchmark+{int(time.time())}"
    probe = await post_reaction(body + "+voorproef")
    await asyncio.sleep(2)
    Stream.wanted = probe + 1
    t0 = time.perf_counter()
    posted = await post_reaction(body)
    if posted != Stream.wanted:
        sys.exit(f"another reaction came between: {posted} instead of {Stream.wanted}")
    deadline = t0 + 10
    while time.perf_counter() < deadline and any(s.got is None for s in streams):
        await asyncio.sleep(0.01)
    times = sorted((s.got - t0) * 1000 for s in streams if s.got is not None)
    lost = len(streams) - len(times)
    closed = sum(1 for s in streams if s.closed)
    if times:
        print(
            f"delivery of one new reaction to {len(streams):,} streams: p50 {percentile(times, 50):.0f} ms, "
            f"p99 {percentile(times, 99):.0f} ms, max {times[-1]:.0f} ms (target p99 <= 1000 ms); "
            f"not delivered within 10 s: {lost}, closed: {closed}",
            flush=True,
        )
    else:
        print(f"no stream got the reaction within 10 s (closed: {closed})", flush=True)
    print(json.dumps({
        "read_rps": base_rps, "read_rps_idle_streams": idle_rps, "rss_mb": round(rss),
        "p50_ms": times and round(percentile(times, 50)), "p99_ms": times and round(percentile(times, 99)),
        "lost": lost,
    }))
    for s in streams:
        s.transport.close()


asyncio.run(main())
