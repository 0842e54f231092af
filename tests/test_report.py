"""`make report` (scripts/events_report.py, helpsite/event_log.py) on logs with known and hostile contents."""

import datetime
import functools
import gzip
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import RECORDS, ROOT
from helpsite.events.report import look_first, render_html, summary
from helpsite import LANGUAGES
from helpsite.content import registry
from helpsite.events import log
from helpsite.events.log import MAX_LINE, read
from helpsite.events.contract import log_line
from helpsite.content.load import load_site

PYTHON = sys.executable
SITE_URL = "https://help.example.test/"


@pytest.fixture(scope="module")
def site():
    return load_site(RECORDS)


@functools.cache
def site_pages():
    return registry.page_addresses(load_site(RECORDS), registry.read(RECORDS / registry.REGISTRY_FILE))


def read_logs(logs, **options):
    """helpsite.events.log.read with the real site's pages."""
    return read(logs, LANGUAGES, site_pages(), **options)


def event(kind, **fields):
    return json.dumps({"kind": kind, **fields}, ensure_ascii=False)


def write_log(path, lines, compress=False):
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def run_report(*arguments, lang="ru"):
    return subprocess.run([PYTHON, "scripts/events_report.py", "--lang", lang, "--site-url", SITE_URL, *map(str, arguments)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


KNOWN = (
    [log_line(f"2026-12-01T08:{m:02d}:00+05:00", event("feedback", page="errors/camera", lang="kk", answer="no")) for m in range(5)]
    + [log_line("2026-12-01T08:30:00+05:00", event("reason", page="errors/camera", lang="kk", reason="mismatch"))] * 3
    + [log_line("2026-12-01T08:31:00+05:00", event("reason", page="errors/camera", lang="kk", reason="not-found"))]
    + [log_line("2026-12-01T08:32:00+05:00", event("reason", page="errors/microphone", lang="ru", reason="no-help"))] * 2
    + [log_line("2026-12-01T09:00:00+05:00", event("feedback", page="errors/camera", lang="ru", answer="yes"))] * 2
    + [log_line("2026-12-01T09:05:00+05:00", event("check", page="check", lang="ru", check="camera", status="fail",
                                                   error="NotAllowedError"))] * 4
    + [log_line("2026-12-01T09:06:00+05:00", event("check", page="check", lang="kk", check="internet", status="warn",
                                                   error="slow"))]
    + [log_line("2026-12-01T09:07:00+05:00", event("check", page="check", lang="kk", check="camera", status="pass",
                                                   error="none"))] * 6
    + [log_line("2026-12-01T10:00:00+05:00", event("search", lang="ru", query="Вебка не видит"))] * 2
    + [log_line("2026-12-01T10:01:00+05:00", event("search", lang="ru", query="ВЕБКА не видит"))]
    + [log_line("2026-12-01T10:02:00+05:00", event("search", lang="kk", query="камера <b>қосылмайды</b>"))]
    # Nginx writes UTC when the server runs in UTC: 04:10 UTC is 09:10 in Astana.
    + [log_line("2026-12-01T04:10:00+00:00", event("search", lang="kk", query="микрофон"))]
)


def test_known_counts_are_reported_exactly(tmp_path):
    reading = read_logs([write_log(tmp_path / "events.log", KNOWN)])
    assert (reading.lines, reading.events, sum(reading.dropped.values())) == (len(KNOWN), 29, 0)
    assert reading.by_kind == {"check": 11, "feedback": 7, "reason": 6, "search": 5}
    assert reading.feedback == [("errors/camera", "kk", 0, 5, 3, 0, 1), ("errors/camera", "ru", 2, 0, 0, 0, 0),
                                ("errors/microphone", "ru", 0, 0, 0, 2, 0)]
    assert reading.checks == [("camera", "fail", "NotAllowedError", 4), ("internet", "warn", "slow", 1)]
    assert reading.searches[0] == ("ru", "вебка не видит", 3)
    assert [(hour.hour, kind, count) for hour, kind, count in reading.hourly] == [
        (8, "feedback", 5), (8, "reason", 6), (9, "check", 11), (9, "feedback", 2), (9, "search", 1), (10, "search", 4)]
    assert look_first(reading) == [("errors/camera", "kk", 3, 0, 3), ("errors/microphone", "ru", 0, 2, 2)]


def test_rotated_logs_several_servers_and_a_file_named_twice(tmp_path):
    first = write_log(tmp_path / "events.log", KNOWN)
    rotated = write_log(tmp_path / "events.log.1.gz", KNOWN, compress=True)
    renamed = write_log(tmp_path / "events.log.2", KNOWN[:5], compress=True)  # gzipped without .gz: known by its bytes
    other = write_log(tmp_path / "other-server.log", KNOWN[:5])
    os.link(first, tmp_path / "hard-link.log")
    reading = read_logs([first, rotated, renamed, other, first, tmp_path / "hard-link.log"])
    assert reading.lines == 2 * len(KNOWN) + 10
    assert reading.by_kind["feedback"] == 2 * 7 + 10
    assert reading.files == [(str(first), "again"), (str(tmp_path / "hard-link.log"), "again")]


BAD = {
    "not JSON": ("this is not json", "not-json"),
    "body not JSON": (log_line("2026-12-01T08:00:00+05:00", "kind=feedback"), "not-json"),
    "unknown kind": (log_line("2026-12-01T08:00:00+05:00", event("click", page="errors/camera", lang="kk")), "unknown kind"),
    "extra field": (log_line("2026-12-01T08:00:00+05:00", event("feedback", page="errors/camera", lang="kk", answer="no",
                                                                email="a@b.kz")), "unknown or missing field"),
    "missing field": (log_line("2026-12-01T08:00:00+05:00", event("feedback", page="errors/camera", answer="no")),
                      "unknown or missing field"),
    "value not offered": (log_line("2026-12-01T08:00:00+05:00", event("feedback", page="errors/camera", lang="kk",
                                                                      answer="maybe")), "not a choice"),
    "page with markup": (log_line("2026-12-01T08:00:00+05:00", event("feedback", page="<script>", lang="kk", answer="no")),
                         "not a page or code"),
    "too long a query": (log_line("2026-12-01T08:00:00+05:00", event("search", lang="kk", query="к" * 65)), "not a query"),
    "terminal escape": (log_line("2026-12-01T08:00:00+05:00", event("search", lang="kk", query="\x1b[2J\x1b[31mкамера")),
                        "not a query"),
    "e-mail address": (log_line("2026-12-01T08:00:00+05:00", event("search", lang="kk", query="aigerim＠mail.kz")),
                       "personal data"),
    "phone number": (log_line("2026-12-01T08:00:00+05:00", event("search", lang="ru", query="+7 701 234 56 78")),
                     "personal data"),
    "number instead of text": (log_line("2026-12-01T08:00:00+05:00", '{"kind":"search","lang":"kk","query":5}'), "not text"),
    "no time": (json.dumps({"body": event("search", lang="kk", query="камера")}), "bad-time"),
    "time without a zone": (log_line("2026-12-01T08:00:00", event("search", lang="kk", query="камера")), "bad-time"),
    "year past 9999": (log_line("99999-06-10T08:00:00+05:00", event("search", lang="kk", query="камера")), "bad-time"),
    "not UTF-8": ('{"time":"2026-12-01T08:00:00+05:00","body":"\udcff"}', "not-utf-8"),
}


@pytest.mark.parametrize("line, reason", BAD.values(), ids=BAD.keys())
def test_each_bad_line_is_dropped_with_its_reason_in_both_languages(tmp_path, site, line, reason):
    log = tmp_path / "events.log"
    log.write_bytes((KNOWN[0] + "\n" + line + "\n" + KNOWN[0] + "\n").encode("utf-8", "surrogateescape"))
    reading = read_logs([log])
    assert (reading.lines, dict(reading.dropped), reading.by_kind) == (3, {reason: 1}, {"feedback": 2})
    assert reason in site.texts.report.drop_reasons  # the staff read why, in their language


def test_hostile_files_are_named_and_what_came_before_stays_counted(tmp_path):
    good = write_log(tmp_path / "events.log", KNOWN)
    cut = tmp_path / "events.log.3.gz"
    cut.write_bytes(gzip.compress("".join(line + "\n" for line in KNOWN * 200).encode())[:-4000])
    binary = tmp_path / "core"
    binary.write_bytes(bytes(range(256)) * 64)
    utf16 = write_log(tmp_path / "events-utf16.log", [])
    utf16.write_bytes("\n".join(KNOWN).encode("utf-16"))
    endless = tmp_path / "one-long-line.log"
    endless.write_bytes(b"x" * (50 * MAX_LINE) + b"\n" + (KNOWN[0] + "\n").encode())
    folder = tmp_path / "folder"
    folder.mkdir()
    reading = read_logs([good, cut, binary, utf16, endless, folder, tmp_path / "missing.log"])
    problems = dict(reading.files)
    assert problems == {str(cut): "cut-short", str(binary): "no-events", str(utf16): "no-events",
                        str(folder): "folder", str(tmp_path / "missing.log"): "missing"}
    counted_before_the_cut = reading.by_kind["feedback"] - 7 - 1  # less the good log's and the long-line file's
    assert 0 < counted_before_the_cut < 200 * 7
    assert reading.dropped["too-long"] == 1


GOLDEN = ROOT / "tests" / "golden" / "report"


def test_the_reports_tables_stay_as_the_golden_files(tmp_path, site, update_golden):
    """The summary and the HTML without its charts, for known and bad lines, byte for byte in both languages.

    `pytest tests/test_report.py --update` rewrites tests/golden/report/ from the current output; review the diff.
    """
    lines = KNOWN + [line for line, _ in BAD.values()]
    log = tmp_path / "events.log"
    log.write_bytes("".join(line + "\n" for line in lines).encode("utf-8", "surrogateescape"))
    reading = read_logs([log, Path("no-such-log.log")])  # named as given: the same bytes in any worktree
    for lang in LANGUAGES:
        produced = {f"{lang}.txt": summary(reading, site, lang) + "\n",
                    f"{lang}.html": re.sub(r"<figure.*?</figure>", "<figure></figure>",
                                           render_html(reading, site, lang, SITE_URL), flags=re.S)}
        for name, text in produced.items():
            if update_golden:
                GOLDEN.mkdir(parents=True, exist_ok=True)
                (GOLDEN / name).write_text(text, encoding="utf-8")
            assert text == (GOLDEN / name).read_text(encoding="utf-8"), name


def test_html_in_both_languages_puts_what_to_look_at_first(tmp_path, site):
    reading = read_logs([write_log(tmp_path / "events.log", KNOWN + [BAD["not JSON"][0]]), tmp_path / "gone.log"])
    for lang in LANGUAGES:
        html = render_html(reading, site, lang, SITE_URL)
        texts = site.texts.report
        headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
        assert headings[0] == texts.first_title[lang]
        assert headings[-2:] == [texts.dropped_title[lang], texts.files_title[lang]]  # what was not read: last
        assert f'<html lang="{lang}">' in html and f"<title>{texts.title[lang]}</title>" in html
        camera = site.pages["camera"].record.title[lang]
        # The page to look at first, by its title, linked to the published page in the language the answers came in.
        page_in = {"kk": SITE_URL + "errors/camera/", "ru": SITE_URL + "ru/errors/camera/"}
        assert f'<a href="{page_in["kk"]}">{escape(camera)}</a>' in html
        assert f'<a href="{page_in["ru"]}">{escape(camera)}</a>' in html
        # A failed check names the page and step that fix it.
        fix = site.pages["allow-camera-microphone"]
        assert f'href="{SITE_URL}{"ru/" if lang == "ru" else ""}{fix.path}/#unblock"' in html
        other = [text[other] for other in LANGUAGES if other != lang
                 for text in (texts.first_title, texts.errors_title, texts.checks_title) if text[other] != text[lang]]
        assert not any(text in html for text in other)
        assert html.count("<svg") == 3  # events per hour, answers, failed checks
        assert not re.search(r"""src=["']?https?:|url\((?!#)|@import""", html)  # nothing loads from elsewhere


def test_stored_text_stays_plain_text(tmp_path, site):
    tricky = [log_line("2026-12-01T10:00:00+05:00", event("search", lang="ru", query='$^$ <img src=x onerror=alert(1)>'))]
    reading = read_logs([write_log(tmp_path / "events.log", KNOWN + tricky)])
    html = render_html(reading, site, "ru", SITE_URL)
    assert "$^$ &lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html


def test_the_command_names_files_and_drops_in_the_staff_language(tmp_path):
    log = write_log(tmp_path / "events.log", KNOWN + [BAD["terminal escape"][0]])
    output = tmp_path / "report.html"
    result = run_report("--output", output, log, tmp_path / "gone.log")
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert result.stdout.splitlines()[:4] == [
        "Справочный сайт: что мешает кандидатам",
        f"Строк в журналах: {len(KNOWN) + 1}, событий: 29, отброшено строк: 1.",
        f"  {tmp_path / 'gone.log'}: файла нет",
        "  недопустимый поисковый запрос: 1"]
    assert "\x1b" not in result.stdout
    assert output.read_text(encoding="utf-8").startswith('<!doctype html>\n<html lang="ru">')


@pytest.mark.parametrize("files", ["missing", "empty"])
def test_no_logs_give_an_empty_report_and_a_clear_line(tmp_path, site, files):
    log = tmp_path / "events.log"
    if files == "empty":
        log.write_text("", encoding="utf-8")
    output = tmp_path / "report.html"
    result = run_report("--output", output, log, lang="kk")
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert site.texts.report.no_events["kk"] in result.stdout
    assert site.texts.report.no_events["kk"] in output.read_text(encoding="utf-8")
    assert summary(read_logs([log]), site, "kk").endswith(site.texts.report.no_events["kk"])


def test_an_unknown_report_language_is_one_line_naming_the_sites_languages(tmp_path):
    log = write_log(tmp_path / "events.log", KNOWN)
    output = tmp_path / "report.html"
    result = subprocess.run([PYTHON, "scripts/events_report.py", "--output", str(output), str(log)], cwd=ROOT,
                            env={**os.environ, "REPORT_LANG": "kz"}, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "«kz» деген тіл жоқ: есеп тілі — kk, ru / Языка «kz» нет: язык отчёта — kk, ru\n"
    assert not output.exists()


def test_pipes_devices_and_sockets_are_named_and_never_read(tmp_path, site):
    pipe = tmp_path / "shipped.log"
    os.mkfifo(pipe)  # nobody writes: opening it for reading would wait for ever
    zero = tmp_path / "help-events.log.zero"
    zero.symlink_to("/dev/zero")  # never ends
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "events.sock"))
    good = write_log(tmp_path / "events.log", KNOWN)
    output = tmp_path / "report.html"
    result = run_report("--output", output, pipe, "/dev/zero", zero, tmp_path / "events.sock", good)
    listening.close()
    assert result.returncode == 0 and not result.stderr, result.stderr
    not_a_file = site.texts.report.file_problems["not-a-file"]["ru"]
    assert result.stdout.splitlines()[1:6] == [
        f"Строк в журналах: {len(KNOWN)}, событий: 29, отброшено строк: 0.",
        f"  {pipe}: {not_a_file}", f"  /dev/zero: {not_a_file}", f"  {zero}: {not_a_file}",
        f"  {tmp_path / 'events.sock'}: {not_a_file}"]
    assert site.texts.report.file_problems["not-a-file"]["kk"] in render_html(
        read_logs([pipe, good]), site, "kk", SITE_URL)


def test_stored_text_is_never_read_as_a_placeholder(tmp_path, site):
    braces = [log_line("2026-12-01T10:00:00+05:00", event("search", lang="ru", query="{question}"))] * 9
    reading = read_logs([write_log(tmp_path / "events.log", KNOWN + braces)])
    for lang in LANGUAGES:
        lines = summary(reading, site, lang)
        assert "«{question}» (9)" in lines
        assert site.texts.end_of_page.question[lang] not in lines.split("«{question}»")[1]
        assert "<td>{question}</td>" in render_html(reading, site, lang, SITE_URL)


def test_hours_follow_the_exact_offset_in_astana_time(tmp_path):
    lines = [log_line("2026-12-01T08:45:00+05:30", event("search", lang="kk", query="камера")),  # 08:15 in Astana
             log_line("2026-12-01T08:15:00+05:30", event("search", lang="kk", query="камера")),  # 07:45
             log_line("2026-12-01T03:30:00Z", event("search", lang="kk", query="камера")),  # 08:30
             log_line("2026-12-01T08:59:59-01:00", event("search", lang="kk", query="камера"))]  # 14:59
    reading = read_logs([write_log(tmp_path / "events.log", lines)])
    assert [(hour.hour, count) for hour, _, count in reading.hourly] == [(7, 1), (8, 2), (14, 1)]


def test_a_report_over_two_years_labels_its_hours_with_the_year(tmp_path, site):
    lines = [log_line(f"{year}-12-01T10:00:00+05:00", event("search", lang="kk", query="камера")) for year in (2026, 2027)]
    reading = read_logs([write_log(tmp_path / "events.log", lines)], now=datetime.datetime(2027, 12, 2, tzinfo=datetime.UTC))
    assert [hour.year for hour, _, _ in reading.hourly] == [2026, 2027]
    for lang in LANGUAGES:
        html = render_html(reading, site, lang, SITE_URL)
        labels = re.findall(r"<tr><td>([^<]*10:00)</td>", html)
        assert len(labels) == 2 and "2026" in labels[0] and "2027" in labels[1], labels
    one_year = read_logs([write_log(tmp_path / "events.log", lines[:1])])
    assert "2026" not in re.findall(r"<tr><td>([^<]*10:00)</td>", render_html(one_year, site, "ru", SITE_URL))[0]


def test_times_outside_the_sites_life_are_dropped_by_reason(tmp_path, site):
    lines = [log_line("9998-12-31T23:00:00+05:00", event("search", lang="kk", query="камера")),
             log_line("2026-11-24T23:59:59+05:00", event("search", lang="kk", query="камера")),  # before the first build
             log_line("2026-11-25T00:00:00+05:00", event("search", lang="kk", query="камера"))]
    reading = read_logs([write_log(tmp_path / "events.log", lines)])
    assert (reading.events, dict(reading.dropped)) == (1, {"future": 1, "before-site": 1})
    assert reading.first == reading.last == datetime.datetime(2026, 11, 25, 0, 0)
    for reason in reading.dropped:
        assert all(site.texts.report.drop_reasons[reason][lang] in summary(reading, site, lang) for lang in LANGUAGES)


def test_pages_the_site_does_not_have_are_counted_apart_with_their_ids(tmp_path, site):
    typos = ([log_line("2026-12-01T08:00:00+05:00", event("feedback", page="camera", lang="ru", answer="no"))] * 3
             + [log_line("2026-12-01T08:00:00+05:00", event("check", page="errors/old", lang="kk", check="camera",
                                                            status="fail", error="NotAllowedError"))])
    reading = read_logs([write_log(tmp_path / "events.log", KNOWN + typos)])
    assert reading.not_pages == [("camera", 3), ("errors/old", 1)]
    assert (reading.events, dict(reading.dropped)) == (29, {"not a page of the site": 4})
    assert "camera" not in {page for page, *_ in reading.feedback}
    assert reading.checks == [("camera", "fail", "NotAllowedError", 4), ("internet", "warn", "slow", 1)]
    texts = site.texts.report
    for lang in LANGUAGES:
        assert f"  {texts.drop_reasons['not a page of the site'][lang]}: 4 — camera (3), errors/old (1)" \
            in summary(reading, site, lang).splitlines()
        html = render_html(reading, site, lang, SITE_URL)
        assert f"<h2>{escape(texts.not_pages_title[lang])}</h2>" in html and "<td>errors/old</td>" in html


def test_a_moved_page_is_counted_under_its_new_address(tmp_path, site):
    moved = registry.Published(moved={"errors/webcam": "errors/camera", "errors/camera#old-step": "errors/camera#restart",
                                      "errors/mic": "errors/microphone#check-device"})
    pages = registry.page_addresses(site, moved)
    assert (pages["errors/webcam"], pages["errors/mic"], pages["errors/camera"]) == (
        "errors/camera", "errors/microphone", "errors/camera")
    old = [log_line("2026-12-01T08:00:00+05:00", event("feedback", page="errors/webcam", lang="kk", answer="no"))] * 2
    reading = read([write_log(tmp_path / "events.log", KNOWN + old)], LANGUAGES, pages)
    assert reading.feedback[0] == ("errors/camera", "kk", 0, 7, 3, 0, 1)
    assert reading.not_pages == []


def test_a_log_cut_shorter_while_it_is_read_is_named_and_the_others_counted(tmp_path, monkeypatch, site):
    """copytruncate rotation empties a log under DuckDB's feet, which then fails its whole statement."""
    shrinking = write_log(tmp_path / "events.log", KNOWN)
    other = write_log(tmp_path / "events-2.log", KNOWN[:5])
    connect = log.duckdb.connect

    class Rotated:
        """A DuckDB connection whose first scan meets the log being emptied."""

        def __init__(self, **config):
            self.db, self.rotated = connect(**config), False

        def execute(self, sql, *parameters):
            if "CREATE TABLE seen" in sql and not self.rotated:
                self.rotated = True
                shrinking.write_bytes(b"")
                raise log.duckdb.IOException("IO Error: Could not read enough bytes from file")
            return self.db.execute(sql, *parameters)

        def __getattr__(self, name):
            return getattr(self.db, name)

    monkeypatch.setattr(log.duckdb, "connect", Rotated)
    reading = read_logs([shrinking, other])
    assert reading.files == [(str(shrinking), "changed")]
    assert (reading.lines, reading.events, reading.by_kind) == (5, 5, {"feedback": 5})
    assert site.texts.report.file_problems["changed"]["ru"] in summary(reading, site, "ru")
