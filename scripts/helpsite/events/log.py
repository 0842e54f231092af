"""Read nginx's event logs whatever they hold, and count their events in DuckDB.

A log may be rotated and gzipped (known by its first bytes, not its name),
cut short, written by another program, or hold lines an attacker sent. No
line or file stops the reading: each line is UTF-8 text of at most
MAX_LINE bytes, a JSON log line with a time, and a body that is an event of
the contract (events.problem: the same rule nginx applies, personal data
included), or it is dropped and counted by its reason; a file that cannot be
read whole is named with what went wrong, and what was read before stays
counted. A file named twice (or twice by two names) is read once.

Memory stays flat however long the logs are: lines are read one at a time
and the kept events, a few fields each, are written to a scratch file that
DuckDB aggregates by streaming it, spilling to disk past MEMORY_LIMIT.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import json
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from helpsite.events.contract import problem

MAX_LINE = 4096  # bytes: an event is at most 1 KB, its log line at most about 2 KB
MEMORY_LIMIT = "256MB"
ASTANA = ZoneInfo("Asia/Almaty")  # Kazakhstan's single time zone (UTC+5) since March 2024
COLUMNS = ("hour", "kind", "page", "lang", "answer", "reason", "check", "status", "error", "query")
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Reading:
    """What the logs held: lines, events kept, drops by reason, files not read whole, and the counts."""

    lines: int = 0
    events: int = 0
    dropped: Counter = field(default_factory=Counter)  # reason -> lines
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, problem) of files not read whole
    first: datetime.datetime | None = None
    last: datetime.datetime | None = None
    by_kind: dict[str, int] = field(default_factory=dict)
    feedback: list[tuple] = field(default_factory=list)  # page, lang, yes, no, mismatch, no-help, not-found
    checks: list[tuple] = field(default_factory=list)  # check, status, error, count
    searches: list[tuple] = field(default_factory=list)  # lang, query, count
    hourly: list[tuple] = field(default_factory=list)  # hour (Astana), kind, count


def _lines(handle):
    """Lines of a binary file, each cut to MAX_LINE + 1 bytes (the rest of a longer line is skipped)."""
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            while (rest := handle.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass
        yield line


class _Hours:
    """The Astana hour of a log time, computed once per distinct hour and offset."""

    def __init__(self):
        self.known: dict[str, datetime.datetime | None] = {}

    def __call__(self, time) -> datetime.datetime | None:
        if not isinstance(time, str) or len(time) < 19:
            return None
        key = time[:13] + time[19:]  # the hour and the offset
        if key not in self.known:
            try:
                moment = datetime.datetime.fromisoformat(time[:13] + ":00:00" + time[19:])
                self.known[key] = moment.astimezone(ASTANA) if moment.tzinfo and 2000 <= moment.year <= 9998 else None
            except ValueError:
                self.known[key] = None
        return self.known[key]


def read(logs: list[Path], languages: tuple[str, ...]) -> Reading:
    reading = Reading()
    seen: set[tuple[int, int]] = set()
    hours = _Hours()
    with tempfile.TemporaryDirectory(prefix="events-report-") as scratch:
        kept_path = Path(scratch) / "events.tsv"
        with kept_path.open("w", encoding="utf-8", newline="") as kept_file:
            kept = csv.writer(kept_file, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            for path in logs:
                _read_file(path, reading, seen, hours, kept, languages)
        _aggregate(kept_path, Path(scratch), reading)
    return reading


def _read_file(path: Path, reading: Reading, seen: set, hours: _Hours, kept, languages) -> None:
    name = str(path)
    try:
        if path.is_dir():
            reading.files.append((name, "folder"))
            return
        status = path.stat()
    except OSError:
        reading.files.append((name, "missing"))
        return
    if (status.st_dev, status.st_ino) in seen:
        reading.files.append((name, "again"))
        return
    seen.add((status.st_dev, status.st_ino))
    try:
        with path.open("rb") as probe:
            gzipped = probe.read(2) == GZIP_MAGIC
        handle = gzip.open(path, "rb") if gzipped else path.open("rb")
    except OSError:
        reading.files.append((name, "unreadable"))
        return
    before = reading.events
    lines = 0
    with handle:
        try:
            for line in _lines(handle):
                lines += 1
                _read_line(line, reading, hours, kept, languages)
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError):
            reading.files.append((name, "cut-short"))
            return
    if lines and reading.events == before:
        reading.files.append((name, "no-events"))


def _read_line(line: bytes, reading: Reading, hours: _Hours, kept, languages) -> None:
    reading.lines += 1
    if len(line) > MAX_LINE:
        reading.dropped["too-long"] += 1
        return
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        reading.dropped["not-utf-8"] += 1
        return
    try:
        logged = json.loads(text)
        event = json.loads(logged["body"])
    except (ValueError, TypeError, KeyError):
        reading.dropped["not-json"] += 1
        return
    hour = hours(logged.get("time"))
    if hour is None:
        reading.dropped["bad-time"] += 1
        return
    why = problem(event, languages)
    if why:
        reading.dropped[why] += 1
        return
    reading.events += 1
    kept.writerow([hour.strftime("%Y-%m-%d %H:00:00"), *(event.get(name, "") for name in COLUMNS[1:])])


def _aggregate(kept_path: Path, scratch: Path, reading: Reading) -> None:
    if not reading.events:
        return
    db = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(scratch / "spill"),
                                "threads": 2})
    columns = ", ".join(f"'{name}': 'VARCHAR'" for name in COLUMNS)
    source = "'" + str(kept_path).replace("'", "''") + "'"  # a view takes no parameters; the path is our scratch file
    db.execute(f"""CREATE VIEW events AS SELECT * REPLACE (CAST(hour AS TIMESTAMP) AS hour)
                   FROM read_csv({source}, columns = {{{columns}}}, header = false, delim = '\t', quote = '"',
                                 escape = '"', auto_detect = false, null_padding = true)""")
    # One streaming pass to small tables; every later query reads those.
    db.execute("""CREATE TABLE counted AS
        SELECT hour, kind, page, lang, answer, reason, "check", status, error,
               CASE WHEN kind = 'search' THEN lower(trim(query)) END AS query, count(*) AS n
        FROM events GROUP BY ALL""")
    reading.first, reading.last = db.execute("SELECT min(hour), max(hour) FROM counted").fetchone()
    reading.by_kind = dict(db.execute("SELECT kind, sum(n)::BIGINT FROM counted GROUP BY kind ORDER BY kind").fetchall())
    reading.feedback = db.execute("""
        SELECT page, lang, sum(n) FILTER (answer = 'yes')::BIGINT, sum(n) FILTER (answer = 'no')::BIGINT,
               sum(n) FILTER (reason = 'mismatch')::BIGINT, sum(n) FILTER (reason = 'no-help')::BIGINT,
               sum(n) FILTER (reason = 'not-found')::BIGINT
        FROM counted WHERE kind IN ('feedback', 'reason') GROUP BY page, lang
        ORDER BY sum(n) FILTER (answer = 'no') DESC NULLS LAST, page, lang""").fetchall()
    reading.feedback = [tuple(value or 0 if index > 1 else value for index, value in enumerate(row)) for row in reading.feedback]
    reading.checks = db.execute("""
        SELECT "check", status, error, sum(n)::BIGINT FROM counted WHERE kind = 'check' AND status <> 'pass'
        GROUP BY ALL ORDER BY sum(n) DESC, "check", error""").fetchall()
    reading.searches = db.execute("""
        SELECT lang, query, sum(n)::BIGINT FROM counted WHERE kind = 'search'
        GROUP BY lang, query ORDER BY sum(n) DESC, query LIMIT 200""").fetchall()
    reading.hourly = db.execute("SELECT hour, kind, sum(n)::BIGINT FROM counted GROUP BY ALL ORDER BY hour, kind").fetchall()
    db.close()
