"""Read nginx's event logs whatever they hold, and count their events in one DuckDB pass.

A log may be rotated and gzipped (known by its first bytes, not its name),
cut short, written by another program, or hold lines an attacker sent. No
line or file stops the reading: each line is UTF-8 text of at most MAX_LINE
bytes, a JSON log line with a time in the site's life, and a body that is an
event of the contract (events.problem: the same rule nginx applies, personal
data included) about a page the site has, or it is dropped and counted by its
reason. A file that cannot be read whole is named with what went wrong, and
what was read before stays counted. A file named twice (or twice by two
names) is read once. Anything that is not a regular file (a named pipe, a
device such as /dev/zero, a socket, or a link to one) is named and never
opened: reading it could block for ever or never end.

The time follows DuckDB's scan, not a Python loop over lines: DuckDB reads
every file in one pass, parses each log line and groups the lines by their
body and their Astana hour; Python then judges each distinct body once with
the contract (a season's millions of lines hold a few thousand bodies), and
DuckDB counts the judged groups. Memory stays within MEMORY_LIMIT (DuckDB
spills to a scratch folder past it) however long the logs are.
"""

from __future__ import annotations

import datetime
import json
import os
import stat
import tempfile
import threading
import zlib
from collections import Counter
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

import duckdb

from helpsite.events.contract import problem

MAX_LINE = 4096  # bytes: an event is at most 1 KB, its log line at most about 2 KB
MEMORY_LIMIT = "128MB"  # DuckDB's share (10 M lines need about 64 MB): the report's whole process stays under 300 MB
READ_BUFFER = 1 << 20  # bytes per CSV buffer: DuckDB's default (32 MB, one per thread) would not fit the limit
ASTANA = datetime.timezone(datetime.timedelta(hours=5))  # Kazakhstan's one time zone since 1 March 2024: the site's
# whole life. A fixed offset, not the machine's tzdata: an older tzdata still puts Asia/Almaty at UTC+6.
FIRST_BUILD = datetime.datetime(2026, 11, 25, tzinfo=ASTANA)  # the repository's first commit (git log --reverse):
# no page of the site existed before it to send an event
AHEAD = datetime.timedelta(days=1)  # a log time later than tomorrow on this machine's clock is not a real time
COLUMNS = ("kind", "page", "lang", "answer", "reason", "check", "status", "error", "query")
GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20
JUDGED_BATCH = 10_000  # distinct bodies judged and handed to DuckDB at a time
PROGRESS_AFTER = 2.0  # seconds: a shorter reading shows no progress
NOT_A_PAGE = "not a page of the site"
# DuckDB's reasons for a line it cannot read as text, as the report names them (any other: not JSON).
UNREADABLE_LINES = {"INVALID ENCODING": "not-utf-8", "LINE SIZE OVER MAXIMUM": "too-long"}


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
    not_pages: list[tuple] = field(default_factory=list)  # page id the site does not have, events


def read(logs: list[Path], languages: tuple[str, ...], pages: Mapping[str, str],
         progress: Callable[[float | None], None] | None = None, now: datetime.datetime | None = None) -> Reading:
    """Count the events of `logs`: `scan`, then `Scan.count`."""
    return scan(logs, progress, now).count(languages, pages)


def scan(logs: list[Path], progress: Callable[[float | None], None] | None = None,
         now: datetime.datetime | None = None) -> Scan:
    """DuckDB's pass over every regular file of `logs` (it releases the GIL: the caller may load the site
    meanwhile); `progress(percent)` hears of a long one, then `progress(None)`."""
    scanned = Scan()
    try:
        scratch = Path(scanned.stack.enter_context(tempfile.TemporaryDirectory(prefix="events-report-")))
        scanned.sources = _sources(logs, scratch, scanned.stack, scanned.problems)
        if scanned.sources:
            scanned.db = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(scratch / "spill"),
                                                "threads": 2, "preserve_insertion_order": False})
            scanned.stack.callback(scanned.db.close)
            scanned.db.execute("SET enable_progress_bar = false")  # DuckDB's own bar writes to stdout, terminal or not
            limits = {"$first": FIRST_BUILD, "$last": (now or datetime.datetime.now(datetime.UTC)) + AHEAD}
            sql = (SCAN.replace("$max_line", str(MAX_LINE)).replace("$buffer", str(READ_BUFFER))
                   .replace("$offset", str(_us(ASTANA.utcoffset(None)))))
            for name, moment in limits.items():
                sql = sql.replace(name, str(_us(moment - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC))))
            _scan_files(scanned, sql, progress)
    except BaseException:
        scanned.close()
        raise
    return scanned


def _scan_files(scanned: Scan, sql: str, progress) -> None:
    """Run the scan; a log cut shorter while DuckDB reads it (copytruncate rotation) fails the whole statement:
    name it and read the others again."""
    sizes = {source: os.stat(source).st_size for source in scanned.sources}
    while scanned.sources:
        try:
            with _watched(progress, sum(sizes[source] for source in scanned.sources)):
                scanned.db.execute(sql.replace("$files", "$1"), [list(scanned.sources)])
            return
        except duckdb.IOException:
            shrunk = [source for source in scanned.sources if os.stat(source).st_size < sizes[source]]
            if not shrunk:
                raise
            scanned.problems += [(*scanned.sources.pop(source), "changed") for source in shrunk]
    scanned.close()  # every file shrank: nothing to count
    scanned.db = None


@dataclass
class Scan:
    """The lines DuckDB grouped by file, body and hour, until `count` judges them (and removes the scratch folder)."""

    stack: ExitStack = field(default_factory=ExitStack)  # the scratch folder, the open files, DuckDB
    sources: dict[str, tuple[int, str]] = field(default_factory=dict)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # argument position, path, problem
    db: duckdb.DuckDBPyConnection | None = None

    def count(self, languages: tuple[str, ...], pages: Mapping[str, str]) -> Reading:
        """Judge each distinct body once and count: `pages` maps each page id an event may name to the page's
        address today (a moved page to where it went)."""
        reading = Reading()
        with closing(self):
            if self.db:
                _count(self.db, self.sources, reading, self.problems, languages, pages)
        reading.files = [(name, why) for _, name, why in sorted(self.problems, key=lambda item: item[0])]
        return reading

    def close(self) -> None:
        self.stack.close()


def _sources(logs: list[Path], scratch: Path, opened: ExitStack, problems: list) -> dict[str, tuple[int, str]]:
    """The regular files to read, each opened once: DuckDB's path for it -> (argument position, name given)."""
    sources: dict[str, tuple[int, str]] = {}
    seen: set[tuple[int, int]] = set()
    for position, path in enumerate(logs):
        name = str(path)
        try:
            status = os.stat(path)  # follows links: a link to /dev/zero is a device
        except OSError:
            problems.append((position, name, "missing"))
            continue
        if stat.S_ISDIR(status.st_mode):
            problems.append((position, name, "folder"))
            continue
        if not stat.S_ISREG(status.st_mode):
            problems.append((position, name, "not-a-file"))
            continue
        if (status.st_dev, status.st_ino) in seen:
            problems.append((position, name, "again"))
            continue
        seen.add((status.st_dev, status.st_ino))
        try:
            # Non-blocking, and checked again once open: a file swapped for a pipe since the stat is not read.
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        except OSError:
            problems.append((position, name, "unreadable"))
            continue
        opened.callback(os.close, descriptor)
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            problems.append((position, name, "not-a-file"))
            continue
        try:
            gzipped = os.pread(descriptor, len(GZIP_MAGIC), 0) == GZIP_MAGIC
            if gzipped:
                plain = scratch / f"{position}.log"
                if not _gunzip(descriptor, plain):
                    problems.append((position, name, "cut-short"))
                sources[str(plain)] = (position, name)
            else:
                # DuckDB reads the very file checked above, and a name with `*` or `[` is not taken as a pattern.
                sources[f"/proc/self/fd/{descriptor}"] = (position, name)
        except OSError:
            problems.append((position, name, "unreadable"))
    return sources


def _gunzip(descriptor: int, plain: Path) -> bool:
    """Decompress a gzipped log (every member) into `plain`; False when it is cut short or corrupt.

    What came before the cut is kept: DuckDB cannot read a gzip stream that ends early.
    """
    inflate = None  # None between members: the file may end there
    offset = 0
    with plain.open("wb") as out:
        while chunk := os.pread(descriptor, CHUNK, offset):
            offset += len(chunk)
            while chunk:
                if inflate is None:
                    chunk = chunk.lstrip(b"\0")  # rotation tools may pad a gzipped file with zeros
                    if not chunk:
                        break
                    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
                try:
                    out.write(inflate.decompress(chunk))
                except zlib.error:  # not gzip past this point, or corrupt
                    return False
                if not inflate.eof:
                    break
                chunk, inflate = inflate.unused_data, None
    return inflate is None


# One pass over every file: each line parsed once as the log's JSON, its body kept as text, its time read as
# nginx writes it ($time_iso8601) and turned into the Astana hour from its exact offset. Lines are grouped by
# file, body and hour: what the judge of the contract needs to see once.
SCAN = """
CREATE TABLE seen AS
WITH lines AS (
  SELECT filename AS source,
         CASE WHEN json_valid(line) THEN from_json(line, '{"time": "JSON", "body": "JSON"}') END AS logged
  FROM read_csv($files, columns = {'line': 'VARCHAR'}, header = false, auto_detect = false, delim = '\x01',
                quote = '', escape = '', new_line = '\\n', max_line_size = $max_line, buffer_size = $buffer,
                compression = 'none',
                strict_mode = false, filename = true, ignore_errors = true, store_rejects = true,
                rejects_table = 'unreadable', rejects_scan = 'unreadable_files')
),
parsed AS (
  SELECT source,
         CASE WHEN json_type(logged.body) = 'VARCHAR' THEN logged.body ->> '$' END AS body,
         CASE WHEN regexp_full_match(logged.time ->> '$',
                                     '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})')
              THEN epoch_us(try_strptime(replace(logged.time ->> '$', 'Z', '+00:00'), '%Y-%m-%dT%H:%M:%S%z'))
         END AS instant
  FROM lines
)
SELECT source, body,
       CASE WHEN instant BETWEEN $first AND $last
            THEN date_trunc('hour', make_timestamp(instant + $offset)) END AS hour,
       CASE WHEN instant IS NULL THEN 'bad-time' WHEN instant < $first THEN 'before-site'
            WHEN instant > $last THEN 'future' END AS time_problem,
       count(*) AS n
FROM parsed GROUP BY ALL
"""


def _count(db, sources, reading: Reading, problems: list, languages, pages) -> None:
    _judge(db, languages, pages)
    # Rows stay as seen (one per file, body and hour): every query below sums what it needs.
    db.execute("""CREATE TABLE counted AS
        SELECT s.source, s.hour,
               CASE WHEN s.body IS NULL OR j.problem = 'not-json' THEN 'not-json' ELSE coalesce(s.time_problem, j.problem) END AS problem,
               j.kind, j.page, j.lang, j.answer, j.reason, j."check", j.status, j.error,
               CASE WHEN j.kind = 'search' THEN lower(trim(j.query)) END AS query, s.n
        FROM seen s LEFT JOIN judged j ON s.body = j.body""")
    _tally(db, sources, reading, problems)
    db.execute("CREATE VIEW events AS SELECT * EXCLUDE (source, problem) FROM counted WHERE problem IS NULL")
    _aggregate(db, reading)


def _us(delta: datetime.timedelta) -> int:
    return delta // datetime.timedelta(microseconds=1)


def _judge(db, languages, pages: Mapping[str, str]) -> None:
    """Each distinct body judged once by the contract, in batches: (body, problem or None, the event's fields)."""
    db.execute(f"""CREATE TABLE judged (body VARCHAR, problem VARCHAR,
                   {", ".join(f'"{name}" VARCHAR' for name in COLUMNS)})""")
    bodies = db.cursor()
    bodies.execute("SELECT DISTINCT body FROM seen WHERE body IS NOT NULL")
    while batch := bodies.fetchmany(JUDGED_BATCH):
        rows = [(body, *_judged(body, languages, pages)) for (body,) in batch]
        db.execute(f"INSERT INTO judged SELECT {', '.join(f'unnest(${n + 1})' for n in range(len(COLUMNS) + 2))}",
                   [list(column) for column in zip(*rows)])
    bodies.close()


def _judged(body: str, languages, pages: Mapping[str, str]) -> tuple:
    """The problem with one body, or None, and its fields: the page named by its address today."""
    try:
        event = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: a body of thousands of nested brackets
        return ("not-json",) + (None,) * len(COLUMNS)
    why = problem(event, languages)
    if why:
        return (why,) + (None,) * len(COLUMNS)
    fields = {name: event.get(name) for name in COLUMNS}
    if fields["page"] is not None:
        if fields["page"] not in pages:
            return (NOT_A_PAGE, *fields.values())
        fields["page"] = pages[fields["page"]]
    return (None, *fields.values())


class _watched:
    """`progress(percent)` every half second while DuckDB reads, once the reading has taken PROGRESS_AFTER.

    The percentage is the bytes this process has read (Linux's /proc/self/io) over the logs' size: DuckDB's
    own estimate stays at 0 until its grouping ends. Elsewhere there is no progress, only the report.
    """

    def __init__(self, progress, total: int):
        self.progress, self.total, self.done = progress, max(total, 1), threading.Event()

    def __enter__(self):
        if self.progress:
            try:
                self.start = _bytes_read()
            except (OSError, ValueError, StopIteration):
                self.progress = None
                return
            self.thread = threading.Thread(target=self._watch, daemon=True)
            self.thread.start()

    def _watch(self):
        if self.done.wait(PROGRESS_AFTER):
            return
        while not self.done.wait(0.5):
            self.progress(min(99.0, 100 * (_bytes_read() - self.start) / self.total))
        self.progress(None)

    def __exit__(self, *_):
        if self.progress:
            self.done.set()
            self.thread.join()


def _bytes_read() -> int:
    with open("/proc/self/io", encoding="ascii") as counters:
        return int(next(line for line in counters if line.startswith("rchar:")).split()[1])


def _tally(db, sources, reading: Reading, problems: list) -> None:
    """Lines and drops by reason, over all files and per file: a file that gave no event is named."""
    per_file = {source: [0, 0] for source in sources}  # lines, events
    for source, why, count in db.execute("SELECT source, problem, sum(n)::BIGINT FROM counted GROUP BY ALL").fetchall():
        per_file[source][0] += count
        if why:
            reading.dropped[why] += count
        else:
            per_file[source][1] += count
    for source, error, count in db.execute("""
            SELECT f.file_path, e.error_type::VARCHAR, count(*)::BIGINT FROM unreadable e
            JOIN unreadable_files f USING (scan_id, file_id) GROUP BY ALL""").fetchall():
        per_file[source][0] += count
        reading.dropped[UNREADABLE_LINES.get(error, "not-json")] += count
    reading.lines = sum(lines for lines, _ in per_file.values())
    reading.events = sum(events for _, events in per_file.values())
    cut = {name for _, name, why in problems if why == "cut-short"}
    problems += [(*sources[source], "no-events") for source, (lines, events) in per_file.items()
                 if lines and not events and sources[source][1] not in cut]
    reading.not_pages = db.execute(f"""SELECT page, sum(n)::BIGINT FROM counted WHERE problem = '{NOT_A_PAGE}'
                                       GROUP BY page ORDER BY sum(n) DESC, page LIMIT 200""").fetchall()


def _aggregate(db, reading: Reading) -> None:
    """The report's tables from the counted events."""
    if not reading.events:
        return
    reading.first, reading.last = db.execute("SELECT min(hour), max(hour) FROM events").fetchone()
    reading.by_kind = dict(db.execute("SELECT kind, sum(n)::BIGINT FROM events GROUP BY kind ORDER BY kind").fetchall())
    reading.feedback = db.execute("""
        SELECT page, lang, sum(n) FILTER (answer = 'yes')::BIGINT, sum(n) FILTER (answer = 'no')::BIGINT,
               sum(n) FILTER (reason = 'mismatch')::BIGINT, sum(n) FILTER (reason = 'no-help')::BIGINT,
               sum(n) FILTER (reason = 'not-found')::BIGINT
        FROM events WHERE kind IN ('feedback', 'reason') GROUP BY page, lang
        ORDER BY sum(n) FILTER (answer = 'no') DESC NULLS LAST, page, lang""").fetchall()
    reading.feedback = [tuple(value or 0 if index > 1 else value for index, value in enumerate(row)) for row in reading.feedback]
    reading.checks = db.execute("""
        SELECT "check", status, error, sum(n)::BIGINT FROM events WHERE kind = 'check' AND status <> 'pass'
        GROUP BY ALL ORDER BY sum(n) DESC, "check", error""").fetchall()
    reading.searches = db.execute("""
        SELECT lang, query, sum(n)::BIGINT FROM events WHERE kind = 'search'
        GROUP BY lang, query ORDER BY sum(n) DESC, query LIMIT 200""").fetchall()
    reading.hourly = db.execute("SELECT hour, kind, sum(n)::BIGINT FROM events GROUP BY ALL ORDER BY hour, kind").fetchall()
