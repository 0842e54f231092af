"""`make report`: what fails candidates, from nginx's event logs, in the staff's language.

    python scripts/events_report.py [--lang ru|kk] [--site-url URL] [--output events-report.html] LOG [LOG ...]

Reads one or several logs (rotated and gzipped ones too, from several servers
at once: pass them all) with helpsite.events.log, which never stops on a bad
line or file. Prints a summary and writes one self-contained HTML file for
staff, every word from docs/records/_site.yml's `report` texts (Russian by
default, the staff's working language), numbers and dates as the language
writes them, times in Astana time. First what to look at: the pages whose
steps candidates could not match on their screen or that did not help, and
the checks' most frequent problems with the page that fixes each; then the
answers, the checks, the searches that found nothing and the events per hour,
each chart with its table and a one-line summary; last, the lines dropped
by reason and the files not read whole. Pages are named by their
title and link to the published site (SITE_URL); an event about a page the
site does not have is counted apart with its id, one about a moved page under
its new address. Every stored text is shown
as plain text: escaped in the HTML and in the charts, never filled in as a placeholder,
control characters made visible in the terminal.
"""

from __future__ import annotations

import argparse
import functools
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
import os
import re
import sys
import unicodedata
from pathlib import Path

import jinja2
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent

from helpsite import LANGUAGES
from helpsite.content import registry
from helpsite.events import charts as chart
from helpsite.events.log import NOT_A_PAGE, Reading, scan
from helpsite.content.load import RecordErrors, Site, load_site
from helpsite.render.urls import page_url
from helpsite.paths import RECORDS



def printable(text) -> str:
    """A stored string as plain text: control and format characters (terminal escapes, bidi overrides) shown as \\uXXXX."""
    return "".join(f"\\u{ord(char):04x}" if unicodedata.category(char) in ("Cc", "Cf") else char for char in str(text))


class Words:
    """The report's words in one language, numbers and dates as that language writes them."""

    def __init__(self, site: Site, lang: str, with_year: bool = False):
        if site.texts.report is None:
            raise SystemExit("events_report: docs/records/_site.yml has no `report` texts")
        self.site, self.lang, self.texts = site, lang, site.texts.report
        self.with_year = with_year  # hours of two seasons must not share a label
        self.by_path = {page.path: page for page in site.pages.values()}

    def __call__(self, name: str, **values) -> str:
        """The text `name` with its `{placeholders}` filled in one pass: a filled value (a search that is
        literally `{question}`) is never read as a placeholder."""
        values.setdefault("question", self.site.texts.end_of_page.question[self.lang])  # the site's own words
        return re.sub(r"\{(\w+)\}", lambda match: str(values.get(match[1], match[0])),
                      getattr(self.texts, name)[self.lang])

    def table(self, group: str, key: str) -> str:
        entry = getattr(self.texts, group).get(key)
        return entry[self.lang] if entry else printable(key)

    def number(self, value) -> str:
        return format_decimal(value, locale=self.lang)

    def date(self, moment) -> str:
        """`10 июня 2026 г., 08:00`, `2026 ж. 10 маусым, 08:00`: the language's own long date."""
        return f"{format_date(moment, 'long', locale=self.lang)}, {moment:%H:%M}"

    def hour(self, moment) -> str:
        return f"{format_skeleton('yMMMd' if self.with_year else 'MMMd', moment, locale=self.lang)}, {moment:%H}:00"

    def language(self, code: str) -> str:
        """A page language in the report's language (На казахском), as the link index names it."""
        name = self.site.texts.labels.links_language.get(code)
        return name[self.lang] if name else printable(code)

    def page(self, path: str) -> str:
        page = self.by_path.get(path)
        return page.record.title[self.lang] if page else printable(path)

    def check(self, name: str) -> str:
        spec = self.site.checks.checks.get(name)
        return spec.name[self.lang] if spec else printable(name)

    def problem(self, check: str, code: str) -> str:
        spec = self.site.checks.checks.get(check)
        result = spec.results.get(code) if spec else None
        return re.sub(r"\{\w+\}", "…", result.message[self.lang]) if result else printable(code)

    def status(self, status: str) -> str:
        return getattr(self.site.checks.common, f"status_{status}", None)[self.lang] if status in ("pass", "warn", "fail") \
            else printable(status)

    def fixes(self, check: str, code: str) -> list[str]:
        spec = self.site.checks.checks.get(check)
        result = spec.results.get(code) if spec else None
        return [address for address in (result.fix if result else []) if isinstance(address, str)]


def links(site_url: str, words: Words):
    """Functions giving a page's address on the published site, by path and in a language, or by `page#step`."""
    pages = {page.id: page for page in words.site.pages.values()}

    def of_path(path: str, lang: str) -> str | None:
        return site_url + page_url(path, lang) if path in words.by_path else None

    def of_address(address: str) -> tuple[str, str]:
        page_id, _, step = address.partition("#")
        page = pages.get(page_id)
        if not page:
            return printable(address), ""
        title = page.record.title[words.lang] + (f": {next(s.title[words.lang] for s in page.steps if s.id == step)}"
                                                 if step and step in page.anchors() else "")
        return title, site_url + page_url(page.path, words.lang) + (f"#{step}" if step else "")

    return of_path, of_address


def look_first(reading: Reading) -> list[tuple]:
    """Pages ranked by the answers that mean their steps need a look: (page, lang, mismatch, no-help, total)."""
    rows = [(page, lang, mismatch, nohelp, mismatch + nohelp)
            for page, lang, _, _, mismatch, nohelp, _ in reading.feedback if mismatch + nohelp]
    return sorted(rows, key=lambda row: (-row[4], -row[2], row[0], row[1]))


def charts(reading: Reading, words: Words) -> dict[str, str]:
    """The report's three charts as inline SVG (helpsite.events.charts), each only when it has something to show."""
    drawn = {}
    columns = words.texts.columns
    if reading.hourly:
        hours = sorted({hour for hour, _, _ in reading.hourly})
        counts = {(hour, kind): count for hour, kind, count in reading.hourly}
        drawn["timeline"] = chart.columns([words.hour(hour) for hour in hours],
                                          {words.table("kinds", kind): [counts.get((hour, kind), 0) for hour in hours]
                                           for kind in sorted({kind for _, kind, _ in reading.hourly})},
                                          words("timeline_title"), words.number)
    if reading.feedback:
        rows = reading.feedback[:15]
        drawn["feedback"] = chart.bars([f"{words.page(page)} ({words.language(lang)})" for page, lang, *_ in rows],
                                       {columns["yes"][words.lang]: ([row[2] for row in rows], "#2e7d32"),
                                        columns["no"][words.lang]: ([row[3] for row in rows], "#c62828")},
                                       words("feedback_title"), words.number)
    if reading.checks:
        rows = reading.checks[:15]
        drawn["checks"] = chart.bars([f"{words.check(check)}: {words.problem(check, error)}" for check, _, error, _ in rows],
                                     {columns["count"][words.lang]: ([row[3] for row in rows], "#c62828")},
                                     words("checks_title"), words.number)
    return drawn


PAGE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string("""<!doctype html>
<html lang="{{ w.lang }}"><head><meta charset="utf-8"><title>{{ w("title") }}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}td.n{text-align:right}svg{max-width:100%;height:auto}</style>
</head><body>
<h1>{{ w("title") }}</h1>
{% if r.first %}<p>{{ w("period", first=w.date(r.first), last=w.date(r.last)) }}</p>{% endif %}
<p>{{ w("read", lines=w.number(r.lines), events=w.number(r.events), dropped=w.number(r.lines - r.events)) }}</p>
{% if not r.events %}<p><strong>{{ w("no_events") }}</strong></p>{% endif %}
<h2 id="first">{{ w("first_title") }}</h2>
<p>{{ w("first_intro") }}</p>
<table><tr><th>{{ c.rank[w.lang] }}</th><th>{{ c.page[w.lang] }}</th><th>{{ c.language[w.lang] }}</th><th>{{ mismatch }}</th><th>{{ nohelp }}</th><th>{{ c.reason_total[w.lang] }}</th></tr>
{% for page, lang, m, n, total in first %}<tr><td class="n">{{ loop.index }}</td><td>{% if page_link(page, lang) %}<a href="{{ page_link(page, lang) }}">{{ w.page(page) }}</a>{% else %}{{ w.page(page) }}{% endif %}</td>
<td>{{ lang_name(lang) }}</td><td class="n">{{ w.number(m) }}</td><td class="n">{{ w.number(n) }}</td><td class="n">{{ w.number(total) }}</td></tr>
{% else %}<tr><td colspan="6">{{ w("first_none") }}</td></tr>{% endfor %}</table>
<h3>{{ w("errors_title") }}</h3>
<p>{{ w("errors_intro") }}</p>
<table><tr><th>{{ c.rank[w.lang] }}</th><th>{{ c.check[w.lang] }}</th><th>{{ c.error[w.lang] }}</th><th>{{ c.count[w.lang] }}</th><th>{{ c.fix[w.lang] }}</th></tr>
{% for check, status, error, count in r.checks %}<tr><td class="n">{{ loop.index }}</td><td>{{ w.check(check) }}</td><td>{{ w.problem(check, error) }}</td><td class="n">{{ w.number(count) }}</td>
<td>{% for address in w.fixes(check, error) %}{% set title, href = step_link(address) %}{% if href %}<a href="{{ href }}">{{ title }}</a>{% else %}{{ title }}{% endif %}{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>
{% else %}<tr><td colspan="5">{{ w("none") }}</td></tr>{% endfor %}</table>

<h2>{{ w("feedback_title") }}</h2>
<p>{{ feedback_summary }}</p>
{% if charts.get("feedback") %}<figure aria-hidden="true">{{ charts.feedback | safe }}</figure>{% endif %}
<table><tr><th>{{ c.page[w.lang] }}</th><th>{{ c.language[w.lang] }}</th><th>{{ c.yes[w.lang] }}</th><th>{{ c.no[w.lang] }}</th><th>{{ mismatch }}</th><th>{{ nohelp }}</th><th>{{ notfound }}</th></tr>
{% for page, lang, yes, no, m, n, nf in r.feedback %}<tr><td>{% if page_link(page, lang) %}<a href="{{ page_link(page, lang) }}">{{ w.page(page) }}</a>{% else %}{{ w.page(page) }}{% endif %}</td><td>{{ lang_name(lang) }}</td>
<td class="n">{{ w.number(yes) }}</td><td class="n">{{ w.number(no) }}</td><td class="n">{{ w.number(m) }}</td><td class="n">{{ w.number(n) }}</td><td class="n">{{ w.number(nf) }}</td></tr>
{% else %}<tr><td colspan="7">{{ w("none") }}</td></tr>{% endfor %}</table>

<h2>{{ w("checks_title") }}</h2>
<p>{{ checks_summary }}</p>
{% if charts.get("checks") %}<figure aria-hidden="true">{{ charts.checks | safe }}</figure>{% endif %}
<table><tr><th>{{ c.check[w.lang] }}</th><th>{{ c.status[w.lang] }}</th><th>{{ c.error[w.lang] }}</th><th>{{ c.count[w.lang] }}</th></tr>
{% for check, status, error, count in r.checks %}<tr><td>{{ w.check(check) }}</td><td>{{ w.status(status) }}</td><td>{{ w.problem(check, error) }}</td><td class="n">{{ w.number(count) }}</td></tr>
{% else %}<tr><td colspan="4">{{ w("none") }}</td></tr>{% endfor %}</table>

<h2>{{ w("searches_title") }}</h2>
<p>{{ searches_summary }}</p>
<table><tr><th>{{ c.language[w.lang] }}</th><th>{{ c.query[w.lang] }}</th><th>{{ c.count[w.lang] }}</th></tr>
{% for lang, query, count in r.searches %}<tr><td>{{ lang_name(lang) }}</td><td>{{ query }}</td><td class="n">{{ w.number(count) }}</td></tr>
{% else %}<tr><td colspan="3">{{ w("none") }}</td></tr>{% endfor %}</table>

<h2>{{ w("timeline_title") }}</h2>
<p>{{ timeline_summary }}</p>
{% if charts.get("timeline") %}<figure aria-hidden="true">{{ charts.timeline | safe }}</figure>{% endif %}
<table><tr><th>{{ c.hour[w.lang] }}</th>{% for kind in kinds %}<th>{{ w.table("kinds", kind) }}</th>{% endfor %}</tr>
{% for hour, counts in hours %}<tr><td>{{ w.hour(hour) }}</td>{% for kind in kinds %}<td class="n">{{ w.number(counts.get(kind, 0)) }}</td>{% endfor %}</tr>
{% else %}<tr><td colspan="{{ kinds | length + 1 }}">{{ w("none") }}</td></tr>{% endfor %}</table>
{% if r.not_pages %}<h2>{{ w("not_pages_title") }}</h2>
<p>{{ w("not_pages_intro") }}</p>
<table><tr><th>{{ c.page[w.lang] }}</th><th>{{ c.count[w.lang] }}</th></tr>
{% for page, count in r.not_pages %}<tr><td>{{ printable(page) }}</td><td class="n">{{ w.number(count) }}</td></tr>
{% endfor %}</table>
{% endif %}{% if r.dropped %}<h2>{{ w("dropped_title") }}</h2>
<table><tr><th>{{ c.reason[w.lang] }}</th><th>{{ c.count[w.lang] }}</th></tr>
{% for reason, count in dropped %}<tr><td>{{ w.table("drop_reasons", reason) }}</td><td class="n">{{ w.number(count) }}</td></tr>
{% endfor %}</table>{% endif %}
{% if r.files %}<h2>{{ w("files_title") }}</h2>
<table><tr><th>{{ c.file[w.lang] }}</th><th>{{ c.problem[w.lang] }}</th></tr>
{% for path, problem in r.files %}<tr><td>{{ printable(path) }}</td><td>{{ w.table("file_problems", problem) }}</td></tr>
{% endfor %}</table>{% endif %}
</body></html>
""")


def summaries(reading: Reading, words: Words) -> dict[str, str]:
    """One line per section, for a reader who does not see the charts."""
    none = words("none")
    top_no = max(reading.feedback, key=lambda row: row[3], default=None)
    top_check = reading.checks[0] if reading.checks else None
    top_search = reading.searches[0] if reading.searches else None
    by_hour: dict = {}
    for hour, _, count in reading.hourly:
        by_hour[hour] = by_hour.get(hour, 0) + count
    busiest = max(by_hour.items(), key=lambda item: item[1], default=None)
    return {
        "feedback_summary": words("feedback_summary", pages=words.number(len({row[0] for row in reading.feedback})),
                                  yes=words.number(sum(row[2] for row in reading.feedback)),
                                  no=words.number(sum(row[3] for row in reading.feedback)),
                                  top=f"{words.page(top_no[0])} ({words.number(top_no[3])})" if top_no and top_no[3] else none),
        "checks_summary": words("checks_summary", failures=words.number(sum(row[3] for row in reading.checks)),
                                top=f"{words.check(top_check[0])}: {words.problem(top_check[0], top_check[2]).rstrip('.')} "
                                    f"({words.number(top_check[3])})" if top_check else none),
        "searches_summary": words("searches_summary", searches=words.number(sum(row[2] for row in reading.searches)),
                                  distinct=words.number(len(reading.searches)),
                                  top=f"«{top_search[1]}» ({words.number(top_search[2])})" if top_search else none),
        "timeline_summary": words("timeline_summary", hours=words.number(len(by_hour)),
                                  busiest=words.hour(busiest[0]) if busiest else none,
                                  count=words.number(busiest[1]) if busiest else 0),
    }


def words_for(reading: Reading, site: Site, lang: str) -> Words:
    """The report's words, hours labelled with their year when the events span more than one."""
    return Words(site, lang, with_year=reading.first is not None and reading.first.year != reading.last.year)


def dropped(reading: Reading, words: Words) -> list[tuple[str, int]]:
    """Drop reasons by count; equal counts in the order `report.drop_reasons` lists them."""
    order = list(words.texts.drop_reasons)
    return sorted(reading.dropped.items(), key=lambda item: (-item[1], order.index(item[0]) if item[0] in order
                                                              else len(order), item[0]))


def render_html(reading: Reading, site: Site, lang: str, site_url: str) -> str:
    words = words_for(reading, site, lang)
    page_link, step_link = links(site_url, words)
    labels = site.texts.end_of_page
    hours: dict = {}
    for hour, kind, count in reading.hourly:
        hours.setdefault(hour, {})[kind] = count
    return PAGE.render(r=reading, w=words, c=site.texts.report.columns, printable=printable, charts=charts(reading, words),
                       first=look_first(reading), page_link=page_link, step_link=step_link,
                       lang_name=words.language,
                       mismatch=labels.reason_mismatch[lang], nohelp=labels.reason_no_help[lang],
                       notfound=labels.reason_not_found[lang], kinds=sorted({kind for _, kind, _ in reading.hourly}),
                       hours=sorted(hours.items()), dropped=dropped(reading, words), **summaries(reading, words))


def summary(reading: Reading, site: Site, lang: str) -> str:
    """The console's lines, in the report's language, every stored text made plain."""
    words = words_for(reading, site, lang)
    lines = [words("title"), words("read", lines=words.number(reading.lines), events=words.number(reading.events),
                                   dropped=words.number(reading.lines - reading.events))]
    lines += [f"  {printable(path)}: {words.table('file_problems', problem)}" for path, problem in reading.files]
    not_pages = ", ".join(f"{printable(page)} ({words.number(count)})" for page, count in reading.not_pages[:10])
    lines += [f"  {words.table('drop_reasons', reason)}: {words.number(count)}" + (f" — {not_pages}" if reason == NOT_A_PAGE else "")
              for reason, count in dropped(reading, words)]
    if not reading.events:
        lines.append(words("no_events"))
        return "\n".join(lines)
    lines.append(words("first_title"))
    lines += [f"  {words.page(page)} ({words.language(lang)}): {words.number(total)}" for page, lang, _, _, total in look_first(reading)[:10]]
    lines += [f"  {text}" for text in summaries(reading, words).values()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("logs", nargs="+", type=Path, help="event logs (plain or gzipped)")
    parser.add_argument("--output", type=Path, default=Path("events-report.html"))
    parser.add_argument("--lang", default=os.environ.get("REPORT_LANG") or "ru",
                        help=f"the report's language: {', '.join(LANGUAGES)} (default: ru, the staff's working language)")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL") or "http://127.0.0.1:8000/",
                        help="the published site, for the links to its pages (default: SITE_URL)")
    parser.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.lang not in LANGUAGES:
        # Who typed `kz` wanted Kazakh: the line says it in every language the site has. Nothing is read or written.
        site, _ = load(args.records)
        parser.exit(2, " / ".join(Words(site, lang)("unknown_language", given=printable(args.lang),
                                                     languages=", ".join(LANGUAGES)) for lang in LANGUAGES) + "\n")
    with ThreadPoolExecutor(1) as background:
        loading = background.submit(load, args.records)  # Python, while DuckDB (which lets go of the GIL) reads
        scanned = scan(args.logs, progress_line(functools.cache(lambda: Words(loading.result()[0], args.lang))))
        with closing(scanned):
            site, pages = loading.result()
            reading = scanned.count(LANGUAGES, pages)
    site_url = args.site_url if args.site_url.endswith("/") else args.site_url + "/"
    args.output.write_text(render_html(reading, site, args.lang, site_url), encoding="utf-8")
    print(summary(reading, site, args.lang))
    print(Words(site, args.lang)("written", path=args.output))


def load(records: Path) -> tuple[Site, dict[str, str]]:
    """The site and the page ids its events may name (registry.page_addresses); a record error
    is one clear line."""
    try:
        site = load_site(records)
        return site, registry.page_addresses(site, registry.read(records / registry.REGISTRY_FILE))
    except RecordErrors as error:
        raise SystemExit(str(error)) from None


def progress_line(words):
    """How far the reading is, on one line of the terminal that is rewritten; nothing when stderr is not one.
    `words()` gives the report's words once the records are loaded (they load while DuckDB reads)."""
    if not sys.stderr.isatty():
        return None

    def show(percent: float | None) -> None:
        report_words = words()
        text = "" if percent is None else report_words("progress", percent=format_percent(percent / 100,
                                                                                          locale=report_words.lang))
        sys.stderr.write("\r\x1b[K" + text)
        sys.stderr.flush()

    return show
