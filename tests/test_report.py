"""`make report` (scripts/events_report.py) on logs with known contents, rotated, broken, missing."""

import gzip
import json
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from events_report import read, summary
from helpsite.events import log_line

PYTHON = sys.executable


def event(kind, **fields):
    return json.dumps({"kind": kind, **fields}, ensure_ascii=False)


def write_log(path, lines, compress=False):
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


KNOWN = (
    [log_line(f"2026-06-10T08:{m:02d}:00+05:00", event("feedback", page="errors/camera", lang="kk", answer="no")) for m in range(5)]
    + [log_line("2026-06-10T08:30:00+05:00", event("reason", page="errors/camera", lang="kk", reason="mismatch"))] * 3
    + [log_line("2026-06-10T08:31:00+05:00", event("reason", page="errors/camera", lang="kk", reason="not-found"))]
    + [log_line("2026-06-10T09:00:00+05:00", event("feedback", page="errors/camera", lang="ru", answer="yes"))] * 2
    + [log_line("2026-06-10T09:05:00+05:00", event("check", page="check", lang="ru", check="camera", status="fail",
                                                   error="NotAllowedError"))] * 4
    + [log_line("2026-06-10T09:06:00+05:00", event("check", page="check", lang="kk", check="internet", status="warn",
                                                   error="slow"))]
    + [log_line("2026-06-10T09:07:00+05:00", event("check", page="check", lang="kk", check="camera", status="pass",
                                                   error="none"))] * 6
    + [log_line("2026-06-10T10:00:00+05:00", event("search", lang="ru", query="Вебка не видит"))] * 2
    + [log_line("2026-06-10T10:01:00+05:00", event("search", lang="ru", query="вебка не видит "))]
    + [log_line("2026-06-10T10:02:00+05:00", event("search", lang="kk", query='"камера" & <микрофон'))]  # markup: dropped
)


def test_known_counts_are_reported_exactly(tmp_path):
    report = read([write_log(tmp_path / "events.log", KNOWN)])
    assert report.lines == len(KNOWN) == 26
    assert report.dropped == 1
    assert report.by_kind == {"check": 11, "feedback": 7, "reason": 4, "search": 3}
    assert report.feedback == [("errors/camera", "kk", 0, 5, 3, 0, 1), ("errors/camera", "ru", 2, 0, 0, 0, 0)]
    assert report.checks == [("camera", "fail", "NotAllowedError", 4), ("internet", "warn", "slow", 1)]
    assert report.searches == [("ru", "вебка не видит", 3)]
    assert [(hour.hour, kind, count) for hour, kind, count in report.hourly] == [
        (8, "feedback", 5), (8, "reason", 4), (9, "check", 11), (9, "feedback", 2), (10, "search", 3)]


def test_rotated_gzipped_logs_and_several_servers_add_up(tmp_path):
    logs = [write_log(tmp_path / "events.log", KNOWN), write_log(tmp_path / "events.log.1.gz", KNOWN, compress=True),
            write_log(tmp_path / "other-server.log", KNOWN[:5])]
    report = read(logs)
    assert report.lines == 2 * 26 + 5
    assert report.by_kind["feedback"] == 2 * 7 + 5


BAD = {
    "not JSON": "this is not json",
    "body not JSON": log_line("2026-06-10T08:00:00+05:00", "kind=feedback"),
    "unknown kind": log_line("2026-06-10T08:00:00+05:00", event("click", page="errors/camera", lang="kk")),
    "unknown field": log_line("2026-06-10T08:00:00+05:00", event("feedback", page="errors/camera", lang="kk", answer="no", email="a@b.kz")),
    "missing field": log_line("2026-06-10T08:00:00+05:00", event("feedback", page="errors/camera", answer="no")),
    "value not offered": log_line("2026-06-10T08:00:00+05:00", event("feedback", page="errors/camera", lang="kk", answer="maybe")),
    "too long": log_line("2026-06-10T08:00:00+05:00", event("search", lang="kk", query="к" * 65)),
    "markup": log_line("2026-06-10T08:00:00+05:00", event("search", lang="kk", query="<img src=x onerror=alert(1)>")),
    "number instead of text": log_line("2026-06-10T08:00:00+05:00", '{"kind":"search","lang":"kk","query":5}'),
    "no time": json.dumps({"body": event("search", lang="kk", query="камера")}),
}


@pytest.mark.parametrize("line", BAD.values(), ids=BAD.keys())
def test_each_bad_event_is_dropped_and_counted(tmp_path, line):
    report = read([write_log(tmp_path / "events.log", [KNOWN[0], line, KNOWN[0]])])
    assert (report.lines, report.dropped, report.by_kind) == (3, 1, {"feedback": 2})


def test_a_log_cut_in_the_middle_of_a_line_reports_everything_before_it(tmp_path):
    log = tmp_path / "events.log"
    log.write_text("\n".join(KNOWN[:10]) + "\n" + KNOWN[10][:25], encoding="utf-8")
    report = read([log])
    assert (report.lines, report.dropped, sum(report.by_kind.values())) == (11, 1, 10)


def test_stored_text_is_shown_inert_in_the_html(tmp_path):
    quoted = log_line("2026-06-10T10:00:00+05:00", event("search", lang="ru", query='камера "не" & работает'))
    log = write_log(tmp_path / "events.log", KNOWN + [quoted])
    output = tmp_path / "report.html"
    result = subprocess.run([PYTHON, "scripts/events_report.py", "--output", str(output), str(log)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    html = output.read_text(encoding="utf-8")
    assert "камера &#34;не&#34; &amp; работает" in html and 'камера "не" & работает' not in html
    assert html.count("<svg") == 3  # timeline, answers, failed checks
    assert not re.search(r"""(src|href)=["']?https?:|url\((?!#)|@import""", html)  # nothing loads from other hosts
    assert "27 lines, 26 events" in result.stdout


@pytest.mark.parametrize("files", ["missing", "empty"])
def test_a_missing_or_empty_log_gives_an_empty_report_and_a_clear_line(tmp_path, files):
    log = tmp_path / "events.log"
    if files == "empty":
        log.write_text("", encoding="utf-8")
    output = tmp_path / "report.html"
    result = subprocess.run([PYTHON, "scripts/events_report.py", "--output", str(output), str(log)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "no events: the logs are empty or missing" in result.stdout
    assert (f"missing log: {log}" in result.stdout) == (files == "missing")
    assert "No events" in output.read_text(encoding="utf-8")
    assert summary(read([log])).endswith("no events: the logs are empty or missing")
