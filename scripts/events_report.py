"""`make report`: what fails candidates, from the nginx event logs.

    python scripts/events_report.py [--output events-report.html] LOG [LOG ...]

Reads one or several logs written by nginx's `help_events` format (rotated
and gzipped ones too, and from several servers at once: pass them all),
keeps the events that keep to the contract (helpsite/events.py) and drops
the rest with a count: lines cut in the middle or not JSON, unknown kinds,
unknown or missing fields, values too long, markup. Prints a summary and
writes one HTML file for staff: answers and reasons per page and language,
check failures by error code, searches that found nothing, and an hourly
timeline. The HTML is self-contained (charts are inline SVG drawn by
matplotlib) and shows every stored text escaped.
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import jinja2

sys.path.insert(0, str(Path(__file__).parent))

from helpsite.events import CHOICES, KINDS, MAX_TEXT  # noqa: E402

UNIT_SEPARATOR = "\x1f"  # never in a log line: escape=json writes it as \u001f, so each line is one column


def _valid_event_sql() -> str:
    """A condition on `e` (the event's JSON): its kind is known, its fields are exactly the kind's, each bounded and inert."""
    kinds = []
    for kind, fields in KINDS.items():
        checks = [f"json_type(e, '$.{name}') = 'VARCHAR' AND length(e->>'$.{name}') BETWEEN 1 AND {MAX_TEXT}"
                  f" AND NOT regexp_matches(e->>'$.{name}', '[<>]')" for name in fields]
        checks += [f"e->>'$.{name}' IN ({', '.join(repr(choice) for choice in CHOICES[name])})"
                   for name in fields if name in CHOICES]
        keys = ", ".join(repr(name) for name in ("kind", *fields))
        checks.append(f"list_sort(json_keys(e)) = list_sort([{keys}])")
        kinds.append(f"(e->>'$.kind' = '{kind}' AND {' AND '.join(checks)})")
    return "json_type(e) = 'OBJECT' AND (" + " OR ".join(kinds) + ")"


@dataclass
class Report:
    lines: int = 0
    dropped: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    feedback: list[tuple] = field(default_factory=list)  # page, lang, yes, no, mismatch, no-help, not-found
    checks: list[tuple] = field(default_factory=list)  # check, status, error, count
    searches: list[tuple] = field(default_factory=list)  # lang, query, count
    hourly: list[tuple] = field(default_factory=list)  # hour, kind, count
    missing: list[str] = field(default_factory=list)


def read(logs: list[Path]) -> Report:
    report = Report()
    present = [str(path) for path in logs if path.is_file() and path.stat().st_size > 0]
    report.missing = [str(path) for path in logs if not path.is_file()]
    if not present:
        return report
    db = duckdb.connect()
    db.execute("""CREATE TEMP TABLE raw AS SELECT line FROM read_csv(?, columns = {'line': 'VARCHAR'}, header = false,
                  delim = ?, quote = '', escape = '', auto_detect = false, compression = 'auto')""",
               [present, UNIT_SEPARATOR])
    db.execute(f"""CREATE TEMP TABLE events AS
        WITH logged AS (
            SELECT TRY_CAST(line->>'$.time' AS TIMESTAMPTZ) AS time, line->>'$.body' AS body
            FROM raw WHERE json_valid(line)),
        parsed AS (SELECT time, body::JSON AS e FROM logged WHERE time IS NOT NULL AND json_valid(body))
        SELECT time, e->>'$.kind' AS kind, e->>'$.page' AS page, e->>'$.lang' AS lang, e->>'$.answer' AS answer,
               e->>'$.reason' AS reason, e->>'$.check' AS "check", e->>'$.status' AS status,
               e->>'$.error' AS error, e->>'$.query' AS query
        FROM parsed WHERE {_valid_event_sql()}""")
    report.lines = db.execute("SELECT count(*) FROM raw").fetchone()[0]
    kept = db.execute("SELECT count(*) FROM events").fetchone()[0]
    report.dropped = report.lines - kept
    report.by_kind = dict(db.execute("SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind").fetchall())
    report.feedback = db.execute("""
        SELECT page, lang, count(*) FILTER (answer = 'yes'), count(*) FILTER (answer = 'no'),
               count(*) FILTER (reason = 'mismatch'), count(*) FILTER (reason = 'no-help'),
               count(*) FILTER (reason = 'not-found')
        FROM events WHERE kind IN ('feedback', 'reason') GROUP BY page, lang
        ORDER BY count(*) FILTER (answer = 'no') DESC, page, lang""").fetchall()
    report.checks = db.execute("""
        SELECT "check", status, error, count(*) FROM events WHERE kind = 'check' AND status <> 'pass'
        GROUP BY ALL ORDER BY count(*) DESC, "check", error""").fetchall()
    report.searches = db.execute("""
        SELECT lang, lower(trim(query)) AS q, count(*) FROM events WHERE kind = 'search'
        GROUP BY lang, q ORDER BY count(*) DESC, q LIMIT 200""").fetchall()
    report.hourly = db.execute("""
        SELECT date_trunc('hour', time AT TIME ZONE 'Asia/Almaty') AS hour, kind, count(*)
        FROM events GROUP BY ALL ORDER BY hour, kind""").fetchall()
    return report


def summary(report: Report) -> str:
    lines = [f"missing log: {path}" for path in report.missing]
    if not report.lines:
        lines.append("no events: the logs are empty or missing")
        return "\n".join(lines)
    kinds = ", ".join(f"{kind} {count}" for kind, count in report.by_kind.items()) or "none"
    lines.append(f"{report.lines} lines, {report.lines - report.dropped} events ({kinds}), "
                 f"{report.dropped} dropped (not JSON, cut, unknown kind or field, too long, markup)")
    for page, lang, yes, no, *reasons in report.feedback[:10]:
        lines.append(f"  {lang} {page}: yes {yes}, no {no} (mismatch {reasons[0]}, no-help {reasons[1]}, not-found {reasons[2]})")
    for check, status, error, count in report.checks[:10]:
        lines.append(f"  check {check} {status} {error}: {count}")
    for lang, query, count in report.searches[:10]:
        lines.append(f"  search ({lang}) {query!r}: {count}")
    return "\n".join(lines)


def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # the same logs, the same file
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: without the XML prolog and doctype


def _bars(names: list[str], series: dict[str, tuple[list[int], str]], label: str) -> str:
    """Horizontal bars, one row per name, the series stacked in order (label -> values and colour)."""
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 0.35 * len(names) + 1))
    left = [0] * len(names)
    for name, (values, colour) in series.items():
        axes.barh(names, values, left=left, color=colour, label=name)
        left = [a + b for a, b in zip(left, values)]
    axes.set_xlabel(label)
    if len(series) > 1:
        axes.legend(loc="lower right")
    return _svg(figure)


def charts(report: Report) -> dict[str, str]:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({"svg.fonttype": "none", "font.size": 9, "svg.hashsalt": "events-report"})
    drawn = {}
    if report.hourly:
        hours = sorted({hour for hour, _, _ in report.hourly})
        figure, axes = plt.subplots(figsize=(9, 3))
        bottom = [0] * len(hours)
        for kind in sorted({kind for _, kind, _ in report.hourly}):
            counts = {hour: count for hour, k, count in report.hourly if k == kind}
            values = [counts.get(hour, 0) for hour in hours]
            axes.bar(range(len(hours)), values, bottom=bottom, label=kind)
            bottom = [b + v for b, v in zip(bottom, values)]
        step = max(1, len(hours) // 12)
        axes.set_xticks(range(0, len(hours), step), [hours[i].strftime("%d.%m %H:00") for i in range(0, len(hours), step)],
                        rotation=30, ha="right")
        axes.set_ylabel("events per hour (Astana time)")
        axes.legend(loc="upper left")
        drawn["timeline"] = _svg(figure)
    if report.feedback:
        rows = report.feedback[:15][::-1]
        drawn["feedback"] = _bars([f"{page} ({lang})" for page, lang, *_ in rows],
                                  {"yes": ([row[2] for row in rows], "#2e7d32"), "no": ([row[3] for row in rows], "#c62828")},
                                  "answers to 'Did this solve your problem?'")
    if report.checks:
        rows = report.checks[:15][::-1]
        drawn["checks"] = _bars([f"{check}: {error} ({status})" for check, status, error, _ in rows],
                                {"failed": ([row[3] for row in rows], "#c62828")}, "failed checks")
    return drawn


PAGE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Help site: what fails candidates</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}td.n{text-align:right}svg{max-width:100%;height:auto}</style>
</head><body>
<h1>Help site: what fails candidates</h1>
<p>{{ report.lines }} log lines, {{ report.lines - report.dropped }} events kept, {{ report.dropped }} dropped
(not JSON, cut, unknown kind or field, too long, markup).{% for path in report.missing %} Missing log: {{ path }}.{% endfor %}</p>
{% if not report.lines %}<p><strong>No events: the logs are empty or missing.</strong></p>{% endif %}
{% if charts.get("timeline") %}<h2>Events per hour</h2>{{ charts.timeline | safe }}{% endif %}
<h2>Did this solve your problem?</h2>
{% if charts.get("feedback") %}{{ charts.feedback | safe }}{% endif %}
<table><tr><th>Page</th><th>Language</th><th>Yes</th><th>No</th><th>Did not match the screen</th><th>Did not help</th><th>Error not found</th></tr>
{% for page, lang, yes, no, mismatch, nohelp, notfound in report.feedback %}<tr><td>{{ page }}</td><td>{{ lang }}</td><td class="n">{{ yes }}</td>
<td class="n">{{ no }}</td><td class="n">{{ mismatch }}</td><td class="n">{{ nohelp }}</td><td class="n">{{ notfound }}</td></tr>
{% endfor %}</table>
<h2>Checks that did not pass</h2>
{% if charts.get("checks") %}{{ charts.checks | safe }}{% endif %}
<table><tr><th>Check</th><th>Status</th><th>Error code</th><th>Count</th></tr>
{% for check, status, error, count in report.checks %}<tr><td>{{ check }}</td><td>{{ status }}</td><td>{{ error }}</td><td class="n">{{ count }}</td></tr>
{% endfor %}</table>
<h2>Searches that found nothing</h2>
<table><tr><th>Language</th><th>Query</th><th>Count</th></tr>
{% for lang, query, count in report.searches %}<tr><td>{{ lang }}</td><td>{{ query }}</td><td class="n">{{ count }}</td></tr>
{% endfor %}</table>
</body></html>
""")


def render_html(report: Report) -> str:
    return PAGE.render(report=report, charts=charts(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("logs", nargs="+", type=Path, help="event logs (plain or .gz)")
    parser.add_argument("--output", type=Path, default=Path("events-report.html"))
    args = parser.parse_args()
    report = read(args.logs)
    args.output.write_text(render_html(report), encoding="utf-8")
    print(summary(report))
    print(f"report: {args.output}")


if __name__ == "__main__":
    main()
