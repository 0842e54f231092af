"""A third language is configuration and content only: no code changes.

The project is copied, English is added to the i18n plugin's languages in
mkdocs.yml, and the records are replaced by tests/fixtures/three-languages/
(the golden fixture's pages, shared step, checks' texts and labels with an
`en:` beside every text, and one moved page). The copy is built with
`make build` and served by its own nginx configuration, rendered by its own
scripts, as production would.
"""

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project, https_get, parse, run_build
from helpsite.serve.local import certificate, free_port, running

pytestmark = pytest.mark.build

FIXTURE = ROOT / "tests" / "fixtures" / "three-languages" / "records"
LANGUAGES = ("kk", "ru", "en")
PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
RUSSIAN_ENTRY = "          site_name: Прокторинг OES — помощь\n"
ENGLISH_ENTRY = """        - locale: en
          name: English
          build: true
          site_name: OES proctoring — help
"""


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """(project, built site) of the three-language copy."""
    project = copy_project(tmp_path_factory.mktemp("three-languages"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(RUSSIAN_ENTRY) == 1, "mkdocs.yml's Russian entry changed: update this test's insertion point"
    config.write_text(text.replace(RUSSIAN_ENTRY, RUSSIAN_ENTRY + ENGLISH_ENTRY), encoding="utf-8")
    records = project / "docs" / "records"
    shutil.rmtree(records)
    shutil.copytree(FIXTURE, records)
    site = project / "out"
    result = run_build(site, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 redirects" in result.stdout
    return project, site


def test_every_language_gets_every_page_in_its_own_words(three):
    _, site = three
    titles = {"kk": "«Үлгі қате» қатесі", "ru": "Ошибка «Пример ошибки»", "en": "The “Sample error” error"}
    for lang in LANGUAGES:
        html = (site / PREFIX[lang] / "errors" / "sample" / "index.html").read_text(encoding="utf-8")
        page = parse(site / PREFIX[lang] / "errors" / "sample" / "index.html")
        assert page.lang == lang
        assert titles[lang] in page.visible
        for other in LANGUAGES:  # Material's language menu offers every language
            assert f'hreflang="{other}"' in html
    english = " ".join(parse(site / "en" / "errors" / "sample" / "index.html").visible)
    assert "Switch off the lamp." in english  # the shared step with its device's words
    assert "Click «Manage»" in english  # Chrome's label in Chrome's English interface
    # macOS's words; «System Settings» is in no Apple string we hold, so the path is approximate, said once
    assert "the „System Settings > Camera“ section" in english and "Names in „…“ are approximate." in english
    assert "Did this guide solve your problem?" in english and "help@example.kz" in english


def test_each_step_copies_its_link_in_every_other_language(three):
    _, site = three
    for lang in LANGUAGES:
        html = (site / PREFIX[lang] / "errors" / "sample" / "index.html").read_text(encoding="utf-8")
        for other in LANGUAGES:
            wanted = 0 if other == lang else 2  # two steps
            assert html.count(f'data-copy="{other}"') == wanted, (lang, other)


def test_the_link_index_has_a_column_per_language(three):
    _, site = three
    html = (site / "en" / "links" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="col">Step</th><th scope="col">Kazakh</th><th scope="col">Russian</th><th scope="col">English</th>' in html
    for prefix in PREFIX.values():
        assert f'>/{prefix}errors/sample/?os=windows#tabs</a>' in html


def test_checks_search_and_offline_copy_exist_per_language(three):
    _, site = three
    for lang in LANGUAGES:
        checks = json.loads((site / "assets" / "javascripts" / "checks" / f"{lang}.json").read_text(encoding="utf-8"))
        assert checks["common"]["start"] == f"start-{lang}"
        search = json.loads((site / "search" / f"{lang}.json").read_text(encoding="utf-8"))
        assert {entry["location"].split("#")[0] for entry in search} >= {f"{PREFIX[lang]}errors/sample/"}
        assert all(entry["location"].startswith(PREFIX[lang]) for entry in search)
        offline = json.loads((site / "offline" / f"{lang}.json").read_text(encoding="utf-8"))["files"]
        own = f"assets/javascripts/checks/{lang}.json"
        assert own in offline and f"search/{lang}.json" in offline
        assert not [name for name in offline if name.startswith("assets/javascripts/checks/") and
                    name.endswith(".json") and name != own], "another language's check texts in the offline copy"
        pages = [name for name in offline if not name.startswith(("assets/", "search/"))]
        assert f"{PREFIX[lang]}errors/sample/" in pages
        if PREFIX[lang]:
            assert all(name.startswith(PREFIX[lang]) for name in pages)
        else:
            assert not [name for name in pages if name.startswith(("ru/", "en/"))]
    english = json.loads((site / "search" / "en.json").read_text(encoding="utf-8"))
    assert any("Switch off the lamp." in entry["text"] for entry in english)


def test_the_short_link_offers_every_language(three):
    _, site = three
    html = (site / "e" / "sample" / "index.html").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert f'"{lang}": "../../{PREFIX[lang]}errors/sample/"' in html


@pytest.fixture(scope="module")
def three_served(three, tmp_path_factory):
    """The copy's site behind nginx, configured by the copy's own scripts/nginx_config.py: its base URL."""
    project, site = three
    prefix = tmp_path_factory.mktemp("three-nginx")
    https = free_port()
    cert, key = certificate()
    conf = subprocess.run(
        [sys.executable, str(project / "scripts" / "nginx_config.py"), "--standalone", str(prefix), "--root", str(site),
         "--certificate", str(cert), "--certificate-key", str(key), "--address", "127.0.0.1", "--https-port", str(https),
         "--http-port", str(free_port()), "--sink-port", str(free_port()), "--events-log", str(prefix / "events.log"),
         "--site-host", f"127.0.0.1:{https}", "--site-log", str(prefix / "site.log")],
        capture_output=True, text=True, check=True)
    (prefix / "nginx.conf").write_text(conf.stdout, encoding="utf-8")
    with running(prefix, https):
        yield f"https://127.0.0.1:{https}/"


def test_each_language_has_its_404_and_the_moved_page_redirects(three_served):
    not_found = {"kk": "Бет жоқ.", "ru": "Страницы нет.", "en": "No such page."}
    for lang in LANGUAGES:
        response = https_get(f"{three_served}{PREFIX[lang]}errors/no-such-page/")
        assert response.status == 404
        assert not_found[lang] in response.body.decode("utf-8"), lang
        moved = https_get(f"{three_served}{PREFIX[lang]}help/old-guide/?os=macos")
        assert moved.status == 301
        assert moved.getheader("Location").endswith(f"/{PREFIX[lang]}help/guide/?os=macos")
        assert https_get(f"{three_served}{PREFIX[lang]}help/guide/").status == 200


def test_a_step_link_is_copied_in_another_language(three_served, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{three_served}en/errors/sample/?os=macos")
    toggle, buttons = page.locator("#tabs + .copy-links .copy-links__toggle"), page.locator("#tabs + .copy-links .copy-links__menu button")
    assert buttons.all_text_contents() == ["Copy", "In Kazakh", "In Russian", "Open on phone"]
    toggle.click()
    buttons.nth(2).click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{three_served}ru/errors/sample/?os=macos#tabs"
    toggle.click()
    buttons.nth(1).click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{three_served}errors/sample/?os=macos#tabs"
    context.close()
