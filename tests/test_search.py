"""Search in a real browser: recall@3 on the query set, one language per site, nothing loaded early."""

from urllib.parse import urlsplit

import pytest

from conftest import RECORDS, first_search_result, https_get
from helpsite.content.load import load_site

from helpsite.audit import search as search_eval

MIN_RECALL = 0.95


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_recall_at_3_and_no_page_of_the_other_language(page, base_url, lang):
    queries = search_eval.queries(lang)
    assert len(queries) >= 40
    outcomes = search_eval.run(page, base_url, lang, search_eval.page_ids(load_site(RECORDS)))
    misses = [f"{o.query!r}: got {o.top[:3]}, want one of {o.expected}" for o in outcomes if not o.hit]
    recall = 1 - len(misses) / len(outcomes)
    assert recall >= MIN_RECALL, f"recall@3 {recall:.0%}:\n" + "\n".join(misses)
    assert not [o.foreign for o in outcomes if o.foreign]


def test_a_first_page_view_downloads_no_search_documents(page, base_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "errors/camera/", wait_until="networkidle")
    search = [url for url in requested if "/search/" in url]
    assert not [url for url in search if urlsplit(url).path.endswith(("kk.json", "ru.json", "engine.js"))]
    # What Material itself fetches stays tiny: settings, no documents.
    sizes = [len(https_get(url).body) for url in search]
    assert sum(sizes) < 3000, dict(zip(search, sizes))


def test_search_opens_the_result_in_the_pages_language_with_highlighting(page, base_url):
    page.goto(base_url + "ru/")
    first = first_search_result(page, "камеры")
    assert "<mark>" in first.inner_html()
    first.click()
    page.wait_for_url("**/ru/errors/camera/**")
    page.locator("mark[data-md-highlight]").first.wait_for()  # Material highlights once its script has run
