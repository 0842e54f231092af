"""Run search queries through Material's search box in a real browser.

Shared by tests/test_search.py (recall gate) and scripts/bench_search.py
(numbers). Each query is put in the box, then End is pressed: Material reads
the query on keyup, and Playwright sends none for Cyrillic typing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpsite import LANGUAGES
from helpsite.render.urls import page_url

QUERIES = Path(__file__).with_name("search_queries.yml")
PREFIX = {lang: page_url("index", lang) for lang in LANGUAGES}


def language_of(path: str) -> str:
    """The language a site path belongs to: the one with the longest matching prefix."""
    return max((lang for lang in LANGUAGES if path.startswith(PREFIX[lang])), key=lambda lang: len(PREFIX[lang]))


@dataclass
class Outcome:
    query: str
    expected: list[str]
    top: list[str]  # page ids of the first result groups, best first
    foreign: list[str]  # result links into another language
    milliseconds: float

    @property
    def hit(self) -> bool:
        return any(page in self.top[:3] for page in self.expected)


def queries(lang: str) -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))[lang]


def page_ids(site) -> dict[str, str]:
    """Page path with a trailing slash -> page id."""
    return {f"{page.path}/": page.id for page in site.pages.values()}


def run(page, base_url: str, lang: str, ids: dict[str, str]) -> list[Outcome]:
    page.goto(f"{base_url}{PREFIX[lang]}")
    box = page.locator("input.md-search__input")
    box.click()
    outcomes = []
    for entry in queries(lang):
        box.fill("")  # the page searches on every change of the text (links.js)
        page.wait_for_function("() => !document.querySelector('.md-search-result__list').children.length")
        box.fill(entry["q"])
        started = time.perf_counter()
        try:
            page.wait_for_function("() => document.querySelector('.md-search-result__list').children.length > 0", timeout=5000)
        except Exception:  # no result at all: a miss, not a crash
            pass
        elapsed = (time.perf_counter() - started) * 1000
        hrefs = page.locator(".md-search-result__item").evaluate_all(
            "items => items.map(item => item.querySelector('a').href)")
        top, foreign = [], []
        for href in hrefs:
            path = href.removeprefix(base_url).split("?")[0].split("#")[0]
            if language_of(path) != lang:
                foreign.append(href)
                continue
            top.append(ids.get(path.removeprefix(PREFIX[lang]), path))
        outcomes.append(Outcome(entry["q"], entry["expect"], top, foreign, elapsed))
    return outcomes
