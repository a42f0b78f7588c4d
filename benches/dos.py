#!/usr/bin/env python3
"""Denial-of-service checks against a release binary (issue #10, items 1-3).

Usage: python3 benches/dos.py [BINARY] [--port 3998] [--skip logins,idle,...]
(BINARY defaults to target/release/reacties; build it with
`SQLX_OFFLINE=true cargo build --release`.) Needs only python3.

Starts the server on a throwaway database with rate limits off (so the work
itself is measured, not the limiter) and reports:
  previews   time and status of /voorbeeld with pathological bodies (64 KB and
             5,000 characters), and of posting the 5,000-character ones;
  healthz    /healthz latency while 4 of the 64 KB `>` previews run at once;
  steady     /healthz latency while 4 clients send 5,000-character pathological
             previews back to back for 5 s;
  logins     RSS before, peak and after 200 parallel wrong logins;
  idle       how many of 275 silent and 275 slowloris connections the server
             has closed after the header timeout (+3 s);
  shutdown   seconds from SIGTERM to exit with one half-sent request open.
Targets: every preview <= 1 s, healthz <= 50 ms under 4 previews, RSS < 100 MB
at 200 logins, every idle connection closed, shutdown <= 10 s.
"""

import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLUG = "zeven-redenen-voor-nee"
PASSWORD = "paars-fietsje-onder-de-maan"


async def request(port, method, path, form=None, cookie=None, timeout=120):
    """One HTTP/1.1 request on a fresh connection: (status, headers, body, seconds)."""
    # A dict is URL-encoded; bytes go as they are (a raw `>` is 1 byte, not 3).
    if isinstance(form, bytes):
        body = form
    else:
        body = urllib.parse.urlencode(form).encode() if form is not None else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
    if form is not None:
        head += "Content-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(body)}\r\n"
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head.encode() + b"\r\n" + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    elapsed = time.perf_counter() - start
    header, _, content = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0] else 0
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return status, headers, content, elapsed


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Server:
    def __init__(self, binary, port, work):
        self.binary, self.port, self.work = binary, port, work
        self.proc = None

    def start(self):
        env = dict(os.environ)
        env.update(
            REACTIES_DATABASE=os.path.join(self.work, "dos.db"),
            REACTIES_CONTENT=os.path.join(ROOT, "content"),
            REACTIES_BIND=f"127.0.0.1:{self.port}",
            REACTIES_RATE_LIMITS="off",
            REACTIES_MIN_FILL_SECS="0",
            RUST_LOG="error",
        )
        log = open(os.path.join(self.work, "server.log"), "ab")
        self.proc = subprocess.Popen([self.binary], env=env, stdout=log, stderr=log)
        for _ in range(500):
            try:
                status, *_ = asyncio.run(request(self.port, "GET", "/healthz", timeout=2))
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        raise SystemExit("server did not start")

    def stop(self, grace=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


async def login_cookie(port, name):
    status, headers, _, _ = await request(
        port, "POST", "/registreren", {"username": name, "password": PASSWORD}
    )
    if status != 303:
        status, headers, _, _ = await request(
            port, "POST", "/inloggen", {"username": name, "password": PASSWORD}
        )
    cookie = next(c for c in headers.get("set-cookie", []) if c.startswith("reacties_sessie="))
    return cookie.split(";")[0]


# Sent raw, as curl --data does; (unit, characters it decodes to). `-+` is the
# review's input ("- - - …", which Markdown reads as one horizontal rule);
# `%2B+` ("+ + + …") is the nested list it meant.
PATHOLOGICAL = {
    "-+ (review)": (b"-+", 2),
    "%2B+ (nested lists)": (b"%2B+", 2),
    "1.+ (nested numbered lists)": (b"1.+", 3),
    "> (nested quotes)": (b">", 1),
}
MAX_BODY = 65_536 - len("body=")


async def previews(port):
    print("== previews (POST /voorbeeld) and posting, rate limits off")
    cookie = await login_cookie(port, "schrijver")
    for name, (unit, chars) in PATHOLOGICAL.items():
        for units in (MAX_BODY // len(unit), 5_000 // chars):
            body = b"body=" + unit * units
            status, _, _, took = await request(port, "POST", "/voorbeeld", body)
            print(f"  preview {name:30} {units * chars:6} chars: {status} in {took:7.3f} s")
        body = b"body=" + unit * (5_000 // chars)
        status, _, _, took = await request(port, "POST", f"/{SLUG}/reacties", body, cookie=cookie)
        print(f"  post    {name:30} {5_000 // chars * chars:6} chars: {status} in {took:7.3f} s")


async def sample_while(port, tasks):
    samples = []
    while not all(t.done() for t in tasks):
        _, _, _, took = await request(port, "GET", "/healthz")
        samples.append(took * 1000)
        await asyncio.sleep(0.05)
    return samples


def report(samples):
    print(
        f"  healthz: {len(samples)} samples, median {statistics.median(samples):.1f} ms, "
        f"max {max(samples):.1f} ms"
    )


async def healthz_under_load(port):
    print("== /healthz while 4 previews of 64 KB '>' (the slowest) run at once")
    body = b"body=" + b">" * MAX_BODY
    heavy = [
        asyncio.create_task(request(port, "POST", "/voorbeeld", body, timeout=300))
        for _ in range(4)
    ]
    samples = await sample_while(port, heavy)
    results = [t.result() for t in heavy]
    print(
        "  previews: "
        + ", ".join(f"{status} in {took:.3f} s" for status, _, _, took in results)
    )
    report(samples)


async def healthz_under_steady_load(port, seconds=5):
    print(f"== /healthz while 4 clients send 5,000-character previews back to back for {seconds} s")

    async def client(unit, chars):
        count, slowest, statuses = 0, 0.0, set()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            status, _, _, took = await request(
                port, "POST", "/voorbeeld", b"body=" + unit * (5_000 // chars)
            )
            count, slowest = count + 1, max(slowest, took)
            statuses.add(status)
        return count, slowest, statuses

    clients = [asyncio.create_task(client(*unit)) for unit in list(PATHOLOGICAL.values())[:4]]
    samples = await sample_while(port, clients)
    for name, task in zip(PATHOLOGICAL, clients):
        count, slowest, statuses = task.result()
        print(f"  {name:30} {count:5} previews, slowest {slowest * 1000:.1f} ms, {sorted(statuses)}")
    report(samples)


async def logins(port, pid, n=200):
    print(f"== {n} parallel wrong logins")
    await login_cookie(port, "doelwit")
    await asyncio.sleep(1)
    before = rss_kib(pid)
    peak = before
    done = False

    async def sample():
        nonlocal peak
        while not done:
            peak = max(peak, rss_kib(pid))
            await asyncio.sleep(0.01)

    sampler = asyncio.create_task(sample())
    start = time.perf_counter()
    results = await asyncio.gather(
        *[
            request(port, "POST", "/inloggen", {"username": "doelwit", "password": f"fout-{i}"}, timeout=300)
            for i in range(n)
        ],
        return_exceptions=True,
    )
    took = time.perf_counter() - start
    done = True
    await sampler
    statuses = {}
    for r in results:
        key = type(r).__name__ if isinstance(r, BaseException) else r[0]
        statuses[key] = statuses.get(key, 0) + 1
    print(f"  answers in {took:.2f} s: {statuses}")
    print(f"  RSS before {before / 1024:.0f} MB, peak {max(peak, rss_kib(pid, 'VmHWM')) / 1024:.0f} MB")
    for wait in (2, 10):
        await asyncio.sleep(wait)
        print(f"  RSS {wait} s later: {rss_kib(pid) / 1024:.0f} MB")
    status, *_ = await request(port, "POST", "/inloggen", {"username": "doelwit", "password": PASSWORD})
    print(f"  a right login afterwards: {status}")


async def idle_connections(port, header_timeout=10, n=275):
    print(f"== {n} silent and {n} slowloris connections, checked after {header_timeout + 3} s")
    silent = [await asyncio.open_connection("127.0.0.1", port) for _ in range(n)]
    slow = []
    for _ in range(n):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
        slow.append((reader, writer))

    async def trickle():
        for i in range(header_timeout + 3):
            for _, writer in slow:
                if not writer.is_closing():
                    try:
                        writer.write(f"X-{i}: y\r\n".encode())
                    except (ConnectionError, RuntimeError):
                        pass
            await asyncio.sleep(1)

    await trickle()

    async def closed(reader):
        try:
            data = await asyncio.wait_for(reader.read(1024), 0.5)
            return data == b"" or data.startswith(b"HTTP/1.1 408") or data.startswith(b"HTTP/1.1 4")
        except asyncio.TimeoutError:
            return False
        except ConnectionError:
            return True

    silent_closed = sum(await asyncio.gather(*[closed(r) for r, _ in silent]))
    slow_closed = sum(await asyncio.gather(*[closed(r) for r, _ in slow]))
    print(f"  closed by the server: {silent_closed}/{n} silent, {slow_closed}/{n} slowloris")
    for _, writer in silent + slow:
        writer.close()
    _, _, _, took = await request(port, "GET", "/healthz")
    print(f"  /healthz afterwards: {took * 1000:.1f} ms")


def shutdown(server):
    print("== SIGTERM with one half-sent request open")

    async def run():
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
        await writer.drain()
        await asyncio.sleep(0.5)
        start = time.perf_counter()
        server.proc.send_signal(signal.SIGTERM)
        while server.proc.poll() is None and time.perf_counter() - start < 30:
            await asyncio.sleep(0.05)
        took = time.perf_counter() - start
        exited = server.proc.poll() is not None
        writer.close()
        return took, exited

    took, exited = asyncio.run(run())
    if exited:
        print(f"  exited after {took:.2f} s (code {server.proc.returncode})")
    else:
        print(f"  still running after {took:.0f} s; killed")
        server.proc.kill()
        server.proc.wait()
    server.proc = None


def main():
    args = sys.argv[1:]
    port = 3998
    skip = set()
    if "--port" in args:
        i = args.index("--port")
        port = int(args[i + 1])
        del args[i : i + 2]
    if "--skip" in args:
        i = args.index("--skip")
        skip = set(args[i + 1].split(","))
        del args[i : i + 2]
    binary = os.path.abspath(args[0]) if args else os.path.join(ROOT, "target/release/reacties")
    work = tempfile.mkdtemp(prefix="reacties-dos-")
    server = Server(binary, port, work)
    try:
        print(f"binary: {binary}")
        server.start()
        if "previews" not in skip:
            asyncio.run(previews(port))
        if "healthz" not in skip:
            asyncio.run(healthz_under_load(port))
        if "steady" not in skip:
            asyncio.run(healthz_under_steady_load(port))
        if "logins" not in skip:
            asyncio.run(logins(port, server.proc.pid))
        if "idle" not in skip:
            asyncio.run(idle_connections(port))
        if "shutdown" not in skip:
            shutdown(server)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
