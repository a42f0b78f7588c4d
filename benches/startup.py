"""Time from starting the server on an existing database to its first served
request (GET /healthz answered 200). Usage: startup.py PORT -- COMMAND..."""
import os
import subprocess
import sys
import time
import urllib.request

port = sys.argv[1]
command = sys.argv[sys.argv.index("--") + 1:]
start = time.perf_counter()
proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.002)
        if time.perf_counter() - start > 10:
            raise SystemExit("server did not start")
    print(f"STARTUP_MS {(time.perf_counter() - start) * 1000:.1f}")
finally:
    proc.terminate()
    proc.wait()
