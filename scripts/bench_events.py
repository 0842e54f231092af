"""Event numbers: the /events endpoint under load on loopback, and `make report` against one DuckDB scan.

    python scripts/bench_events.py [SITE_DIR]      (without SITE_DIR: the report's numbers only)

(1) 50 clients (each its own loopback address, 127.0.1.x) send 40 events
each, as fast as they can, within the per-client burst: requests per second
with the count of anything but 204 (must be 0). (2) One client sends 200 at
once: how many the limit answers 429. (3) The report over 1,000,
1,000,000 and 10,000,000 generated events, and a single DuckDB statement
over the same file (the yardstick: parse, keep the contract's kinds, forms
and no personal data, group by the report's columns), each in its own
process: seconds, peak memory and the ratio of the two (budget 1.5, 300 MB).
BENCH_EVENTS_DIR keeps the generated logs between runs (10 M lines: 1.4 GB).
"""

from __future__ import annotations

import concurrent.futures
import datetime
import http.client
import json
import os
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit


import duckdb

from helpsite.events.contract import FORMS, KINDS
from helpsite.events.log import FIRST_BUILD
from helpsite.serve.local import serve_directory
from helpsite.serve.nginx import EVENTS_BURST

CLIENTS = 50
RATIO_BUDGET = 1.5  # the report's time over one DuckDB scan of the same file
PEAK_BUDGET_MIB = 300
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


# Generated season: a day's hours over the days since the first build, eight page ids (one the site does not
# have), all four kinds, 4,000 search texts (a few with a phone number), some bodies outside the contract, most
# servers in Astana time and some in UTC. Written by DuckDB: ten million lines in seconds.
GENERATED = """
COPY (
  WITH drawn AS (SELECT i, (hash(i, 7) >> 1)::BIGINT AS h FROM range($count) AS t(i)),
  bodies AS (
    SELECT i, h,
      ['errors/camera', 'errors/microphone', 'errors/internet', 'errors/screen-access', 'help/share-screen',
       'help/black-screen', 'check', 'camera'][1 + h % 8] AS page,
      ['kk', 'ru'][1 + (h >> 8) % 2] AS lang,
      (h >> 16) % 100 AS roll
    FROM drawn)
  SELECT strftime(TIMESTAMP '$start' + to_seconds(i * $span // $count), '%Y-%m-%dT%H:%M:%S')
           || CASE WHEN roll < 90 THEN '+05:00' ELSE '+00:00' END AS time,
         CASE
           WHEN roll < 25 THEN json_object('kind', 'feedback', 'page', page, 'lang', lang,
                                           'answer', ['yes', 'no'][1 + (h >> 24) % 2])
           WHEN roll < 35 THEN json_object('kind', 'reason', 'page', page, 'lang', lang,
                                           'reason', ['mismatch', 'no-help', 'not-found'][1 + (h >> 24) % 3])
           WHEN roll < 80 THEN json_object('kind', 'check', 'page', 'check', 'lang', lang,
                                           'check', ['camera', 'microphone', 'internet', 'screen'][1 + (h >> 24) % 4],
                                           'status', ['pass', 'warn', 'fail'][1 + (h >> 28) % 3],
                                           'error', ['none', 'NotAllowedError', 'NotFoundError', 'slow'][1 + (h >> 32) % 4])
           WHEN roll < 98 THEN json_object('kind', 'search', 'lang', lang,
                                           'query', ['вебка ', 'камера қосылмайды ', 'звук ', 'ошибка 0x'][1 + (h >> 24) % 4]
                                                    || ((h >> 32) % 1000)::VARCHAR)
           WHEN roll < 99 THEN json_object('kind', 'search', 'lang', lang, 'query', '+7 701 ' || ((h >> 32) % 1000)::VARCHAR)
           ELSE json_object('kind', 'click', 'page', page, 'lang', lang)
         END::VARCHAR AS body
  FROM bodies
) TO '$path' (FORMAT json)
"""


def generated_log(path: Path, count: int) -> None:
    """`count` lines as nginx's `help_events` format writes them, over the days from the first build to now."""
    start = FIRST_BUILD + datetime.timedelta(hours=3)
    span = int((datetime.datetime.now(datetime.UTC) - start).total_seconds()) - 3600
    sql = (GENERATED.replace("$count", str(count)).replace("$span", str(span)).replace("$path", str(path))
           .replace("$start", f"{start:%Y-%m-%d %H:%M:%S}"))
    db = duckdb.connect()
    db.execute("SET enable_progress_bar = false")
    db.execute(sql)


# The yardstick: one DuckDB statement that reads the same file, parses the log line and the body, keeps the events
# of the contract's kinds and forms without personal data, and groups them by the report's columns.
NATIVE = """
SELECT hour, kind, page, lang, answer, reason, "check", status, error, lower(trim(query)) AS query, count(*) AS n
FROM (
  SELECT date_trunc('hour', make_timestamp(epoch_us(try_strptime(time, '%Y-%m-%dT%H:%M:%S%z')) + 18000000000)) AS hour,
         b->>'kind' AS kind, b->>'page' AS page, b->>'lang' AS lang, b->>'answer' AS answer, b->>'reason' AS reason,
         b->>'check' AS "check", b->>'status' AS status, b->>'error' AS error, b->>'query' AS query
  FROM (SELECT time, try_cast(body AS JSON) AS b
        FROM read_json($path, format = 'newline_delimited', columns = {time: 'VARCHAR', body: 'VARCHAR'},
                       ignore_errors = true))
)
WHERE kind IN $kinds AND lang IN ('kk', 'ru') AND hour IS NOT NULL
  AND (page IS NULL OR regexp_full_match(page, '$page_form'))
  AND (query IS NULL OR (NOT regexp_matches(query, '[@＠﹫]') AND length(regexp_replace(query, '[^0-9]', '', 'g')) <= 5))
GROUP BY ALL
"""


def native_run(log: Path) -> tuple[float, int]:
    """The yardstick as its own process: seconds and peak memory (KiB)."""
    sql = (NATIVE.replace("$path", "'" + str(log) + "'").replace("$kinds", str(tuple(KINDS)))
           .replace("$page_form", FORMS["page"]))
    program = ("import duckdb; db = duckdb.connect(); db.execute('SET enable_progress_bar = false'); "
               f"print(len(db.execute({sql!r}).fetchall()))")
    return measured([sys.executable, "-c", program], "the DuckDB scan")


def report_run(logs: list[Path], output: Path) -> tuple[float, int]:
    """`make report` on `logs` as its own process: seconds and peak memory (KiB) of that process alone."""
    return measured([sys.executable, str(Path(__file__).parent / "events_report.py"), "--output", str(output),
                     *map(str, logs)], "the report")


def measured(command: list[str], name: str) -> tuple[float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"bench_events: {name} failed on {command[-1]} (exit {os.waitstatus_to_exitcode(status)})")
    return time.perf_counter() - started, usage.ru_maxrss


def report_time(folder: Path) -> None:
    """The report and the yardstick on 1,000 / 1,000,000 / 10,000,000 events, one after the other in this run."""
    for count in (1_000, 1_000_000, 10_000_000):
        log = folder / f"generated-{count}.log"
        if not log.exists():  # BENCH_EVENTS_DIR keeps them between runs
            generated_log(log, count)
        output = folder / "report.html"
        seconds, peak = report_run([log], output)
        native_seconds, native_peak = native_run(log)
        print(f"{count:,} events ({log.stat().st_size / 2**20:,.0f} MB): make report {seconds:.1f} s, "
              f"peak {peak / 1024:.0f} MiB; one DuckDB scan {native_seconds:.1f} s, peak {native_peak / 1024:.0f} MiB; "
              f"ratio {seconds / native_seconds:.2f} (budget {RATIO_BUDGET}, peak budget {PEAK_BUDGET_MIB} MiB)")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        load(Path(sys.argv[1]))
    if os.environ.get("BENCH_EVENTS_DIR"):
        Path(os.environ["BENCH_EVENTS_DIR"]).mkdir(parents=True, exist_ok=True)
        report_time(Path(os.environ["BENCH_EVENTS_DIR"]))
    else:
        with tempfile.TemporaryDirectory(prefix="bench-events-") as scratch:
            report_time(Path(scratch))
