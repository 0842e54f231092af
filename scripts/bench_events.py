"""Event numbers: the /events endpoint under load on loopback, and `make report` on a million events.

    python scripts/bench_events.py SITE_DIR

(1) 50 clients (each its own loopback address, 127.0.1.x) send 40 events
each, as fast as they can, within the per-client burst: requests per second
with the count of anything but 204 (must be 0). (2) One client sends 200 at
once: how many the limit answers 429. (3) The report over 1,000,
1,000,000 and 10,000,000 generated events: seconds and peak memory.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import random
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit


from helpsite.events.contract import log_line
from helpsite.serve.local import serve_directory
from helpsite.serve.nginx import EVENTS_BURST

CLIENTS = 50
EVENT = json.dumps({"kind": "check", "page": "check", "lang": "kk", "check": "camera", "status": "fail",
                    "error": "NotAllowedError"}, separators=(",", ":")).encode()  # as the pages send it


def post_many(base: str, source: str, count: int) -> list[int]:
    parts = urlsplit(base)
    connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30, source_address=(source, 0),
                                             context=ssl._create_unverified_context())
    statuses = []
    for _ in range(count):
        connection.request("POST", f"/events?v=bench{source.replace('.', '')}", body=EVENT,
                           headers={"Content-Type": "text/plain", "Origin": base.rstrip("/")})
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
    connection.close()
    return statuses


def load(site: Path) -> None:
    with serve_directory(site) as served:
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda n: post_many(served.https, f"127.0.1.{n + 1}", EVENTS_BURST), range(CLIENTS)))
        elapsed = time.perf_counter() - started
        statuses = [status for result in results for status in result]
        errors = sum(status != 204 for status in statuses)
        print(f"events endpoint: {len(statuses)} events from {CLIENTS} clients in {elapsed:.1f} s = "
              f"{len(statuses) / elapsed:.0f} requests/s, {errors} not 204")
        flood = post_many(served.https, "127.0.2.1", 200)
        print(f"one client sending 200 at once: {flood.count(204)} accepted, {flood.count(429)} answered 429, "
              f"{len(flood) - flood.count(204) - flood.count(429)} other")


def generated_log(path: Path, count: int) -> None:
    pick = random.Random(7)
    pages = ["errors/camera", "errors/microphone", "errors/internet", "help/share-screen", "check"]
    with path.open("w", encoding="utf-8") as log:
        for index in range(count):
            lang = pick.choice(["kk", "ru"])
            kind = pick.choice(["feedback", "check", "check", "search"])
            event = {"kind": kind, "lang": lang}
            if kind == "feedback":
                event.update(page=pick.choice(pages), answer=pick.choice(["yes", "no"]))
            elif kind == "check":
                event.update(page="check", check=pick.choice(["camera", "microphone", "internet"]),
                             status=pick.choice(["pass", "fail"]), error=pick.choice(["none", "NotAllowedError", "slow"]))
            else:
                event.update(query=pick.choice(["вебка", "камера қосылмайды", "звук", "ошибка 0x80"]))
            hour = 6 + index * 8 // count
            log.write(log_line(f"2026-06-10T{hour:02d}:{index % 60:02d}:00+05:00", json.dumps(event, ensure_ascii=False)) + "\n")


def report_run(logs: list[Path], output: Path) -> tuple[float, int]:
    """`make report` on `logs` as its own process: seconds and peak memory (KiB) of that process alone."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(Path(__file__).parent / "events_report.py"), "--output",
                                str(output), *map(str, logs)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"bench_events: the report failed on {logs[0]} (exit {process.returncode})")
    return time.perf_counter() - started, usage.ru_maxrss


def report_time() -> None:
    """The report on 1,000 / 1,000,000 / 10,000,000 events: memory must not grow with the logs."""
    with tempfile.TemporaryDirectory(prefix="bench-events-") as folder:
        small, million, ten = (Path(folder) / name for name in ("small.log", "million.log", "ten-million.log"))
        generated_log(small, 1_000)
        generated_log(million, 1_000_000)
        with ten.open("wb") as combined:  # ten copies: the same events, ten times the lines
            for _ in range(10):
                combined.write(million.read_bytes())
        runs = {"1,000": [small], "1,000,000": [million], "10,000,000": [ten]}
        for label, logs in runs.items():
            output = Path(folder) / "report.html"
            seconds, peak = report_run(logs, output)
            size = sum(log.stat().st_size for log in logs) / 2**20
            print(f"make report on {label} events ({size:,.0f} MB): {seconds:.1f} s, peak memory {peak / 1024:.0f} MiB, "
                  f"HTML {output.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    load(Path(sys.argv[1]))
    report_time()
