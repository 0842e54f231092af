"""Exam day: the notice staff publish into a built site (`make notice`), and "Open on phone" on every step
(its QR code, read back with zbar from what the browser shows)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import ROOT, TEST_SITE_URL, https_get, serve_directory, wait_until_offline_ready
from helpsite import LANGUAGES
from helpsite.audit.page import CSP_LISTENER, axe_violations
from helpsite.content.load import load_site
from helpsite.paths import RECORDS
from helpsite.render.urls import OS_TABS, page_url
from helpsite.serve import notice

PREFIX = {"kk": "", "ru": "ru/"}
TEXTS = {"kk": "Прокторинг серверінде ақау бар: <b>компьютерді қайта іске қоспаңыз</b>, күтіңіз.",
         "ru": "Сбой на сервере прокторинга: <img src=x onerror=alert(1)> не перезагружайте компьютер, ждите."}


def hours_ahead(hours: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M+00:00")


def make_notice(site: Path, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "notice", f"SITE_DIR={site}",
                           *(f"{name}={value}" for name, value in variables.items())],
                          cwd=ROOT, capture_output=True, text=True)


def refusal(result: subprocess.CompletedProcess) -> str:
    """The script's one line (make adds its own "Error 2" line after it)."""
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: \*\*\*", line)]
    assert len(lines) == 1 and lines[0].startswith("make notice: "), result.stderr
    return lines[0]


@pytest.fixture
def built(tmp_path) -> Path:
    """A stand-in for a built site: what `make notice` checks for."""
    for name in ("sw.js", "index.html"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / notice.NOTICE_FILE).write_text(notice.NO_NOTICE, encoding="utf-8")
    return tmp_path


# -- the notice: what `make notice` accepts (no build needed) ---------------------------------------------


def test_a_notice_is_published_for_every_language_until_its_time(built):
    until = hours_ahead(2)
    result = make_notice(built, KK=TEXTS["kk"], RU=TEXTS["ru"], UNTIL=until)
    assert result.returncode == 0, result.stderr
    published = json.loads((built / notice.NOTICE_FILE).read_text(encoding="utf-8"))
    assert published["text"] == TEXTS and datetime.fromisoformat(published["until"]) == datetime.fromisoformat(until)
    assert (built / notice.NOTICE_FILE).stat().st_mode & 0o444 == 0o444, "the web server reads it"
    assert make_notice(built, CLEAR="1").returncode == 0
    assert (built / notice.NOTICE_FILE).read_text(encoding="utf-8") == notice.NO_NOTICE
    assert sorted(path.name for path in built.iterdir()) == ["index.html", "notice.json", "sw.js"], "no temporary file"


@pytest.mark.parametrize("variables, says", [
    ({"KK": "а", "RU": "б", "UNTIL": "2020-06-10T18:00+05:00"}, "has passed"),
    ({"KK": "а", "RU": "б", "UNTIL": hours_ahead(25)}, "more than 24 hours ahead"),
    ({"KK": "а", "RU": "б", "UNTIL": "2026-06-10T18:00"}, "UTC offset"),
    ({"KK": "а", "RU": "б", "UNTIL": "tomorrow"}, "not a time"),
    ({"KK": "а", "RU": "б"}, "UNTIL= is missing"),
    ({"KK": "а", "UNTIL": hours_ahead(2)}, "RU= is missing"),
    ({"KK": "   ", "RU": "б", "UNTIL": hours_ahead(2)}, "KK= is missing"),
    ({"KK": "а" * 301, "RU": "б", "UNTIL": hours_ahead(2)}, "KK has 301 characters, at most 300"),
    ({"KK": "а", "RU": "бір\tекі", "UNTIL": hours_ahead(2)}, "RU holds U+0009 (control character), a control or invisible character"),
    ({"KK": "а\u202eб", "RU": "б", "UNTIL": hours_ahead(2)}, "KK holds U+202E"),
    ({"CLEAR": "1", "KK": "а"}, "CLEAR=1 takes no text"),
])
def test_anything_else_is_refused_in_one_line_and_the_published_notice_stays(built, variables, says):
    assert make_notice(built, KK=TEXTS["kk"], RU=TEXTS["ru"], UNTIL=hours_ahead(3)).returncode == 0
    before = (built / notice.NOTICE_FILE).read_bytes()
    assert says in refusal(make_notice(built, **variables))
    assert (built / notice.NOTICE_FILE).read_bytes() == before


def test_exactly_300_characters_are_accepted(built):
    assert make_notice(built, KK="а" * 300, RU="б" * 300, UNTIL=hours_ahead(23)).returncode == 0


def test_only_a_built_site_takes_a_notice(tmp_path):
    assert "is not a built site" in refusal(make_notice(tmp_path, KK="а", RU="б", UNTIL=hours_ahead(1)))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_notice_whole(built, monkeypatch):
    (built / notice.NOTICE_FILE).write_text('{"old":1}', encoding="utf-8")

    def interrupted(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(notice.os, "replace", interrupted)
    with pytest.raises(OSError):
        notice.publish(built, notice.notice_json(TEXTS, hours_ahead(1), LANGUAGES, datetime.now(timezone.utc)))
    assert (built / notice.NOTICE_FILE).read_text(encoding="utf-8") == '{"old":1}'
    assert sorted(path.name for path in built.iterdir()) == ["index.html", "notice.json", "sw.js"]


# -- the notice on a served site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notice_site(site_dir, tmp_path_factory):
    """A copy of the real build, served by the production nginx: these tests publish into it."""
    site = tmp_path_factory.mktemp("notice") / "site"
    shutil.copytree(site_dir, site)
    with serve_directory(site) as served:
        yield site, served


@pytest.fixture
def visitor(browser):
    """A page that records console errors (and content-security-policy violations in window.__csp)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def banner(page):
    return page.locator("#__notice")


def test_nginx_serves_the_notice_with_a_short_cache_never_compressed(notice_site):
    site, served = notice_site
    assert not list(site.glob("notice.json.*")), "the build writes no .gz or .br beside it"
    assert all(notice.NOTICE_FILE not in json.loads((site / "offline" / f"{lang}.json").read_text())["files"]
               for lang in LANGUAGES)
    for encoding in ("", "gzip", "br"):
        response = https_get(served.https + "notice.json", headers={"Accept-Encoding": encoding} if encoding else {})
        assert response.status == 200 and response.body == notice.NO_NOTICE.encode()
        assert response.getheader("Cache-Control") == "public, max-age=30"
        assert response.getheader("Content-Encoding") is None
        assert response.getheader("Content-Type").startswith("application/json")
        assert response.getheader("X-Content-Type-Options") == "nosniff"
    (site / "notice.json").unlink()
    try:
        missing = https_get(served.https + "notice.json")
        assert missing.status == 200 and missing.body == b"{}", "a missing notice is no notice, not a 404"
        assert missing.getheader("Cache-Control") == "public, max-age=30"
    finally:
        (site / "notice.json").write_text(notice.NO_NOTICE, encoding="utf-8")


def test_a_published_notice_shows_on_every_page_in_its_language_as_text(notice_site, visitor):
    site, served = notice_site
    page = visitor
    page.goto(served.https + "errors/camera/")
    page.wait_for_load_state("load")
    expect(banner(page)).to_have_count(0)
    result = make_notice(site, KK=TEXTS["kk"], RU=TEXTS["ru"], UNTIL=hours_ahead(2))
    assert result.returncode == 0, result.stderr
    # The open page picks it up at its next (instant) navigation.
    page.locator(".md-nav__link[href$='microphone/']").first.click()
    page.wait_for_url("**/errors/microphone/")
    expect(banner(page)).to_have_text(TEXTS["kk"])
    for path, lang in (("ru/errors/camera/", "ru"), ("help/share-screen/", "kk"), ("ru/", "ru"), ("ru/check/", "ru")):
        page.goto(served.https + path)
        expect(banner(page)).to_have_text(TEXTS[lang])
        assert banner(page).get_attribute("role") == "status"
        assert banner(page).evaluate("node => node.children.length") == 0, "markup is shown as text, never parsed"
        box = banner(page).bounding_box()
        assert box["y"] == 0 and box["width"] == 1280, "across the top of the page"
    assert axe_violations(page) == []
    assert page.evaluate("window.__csp") == []
    refused = [make_notice(site, KK="а", RU="б", UNTIL="2020-06-10T18:00+05:00"),
               make_notice(site, KK="а", UNTIL=hours_ahead(1)),
               make_notice(site, KK="а" * 301, RU="б", UNTIL=hours_ahead(1))]
    assert all(refusal(result) for result in refused)
    page.goto(served.https + "errors/camera/")
    expect(banner(page)).to_have_text(TEXTS["kk"])
    assert make_notice(site, CLEAR="1").returncode == 0
    page.goto(served.https + "ru/errors/camera/")
    page.wait_for_load_state("load")
    page.wait_for_function("() => performance.getEntriesByName(new URL('/notice.json', location.href).href).length")
    expect(banner(page)).to_have_count(0)
    assert page.errors == []


def test_on_a_phone_the_notice_is_readable(notice_site, playwright, browser):
    site, served = notice_site
    context = browser.new_context(**playwright.devices["Pixel 7"])
    page = context.new_page()
    try:
        assert make_notice(site, KK=TEXTS["kk"], RU=TEXTS["ru"], UNTIL=hours_ahead(2)).returncode == 0
        page.goto(served.https + "ru/errors/camera/")
        expect(banner(page)).to_have_text(TEXTS["ru"])
        size = banner(page).evaluate("node => parseFloat(getComputedStyle(node).fontSize)")
        assert size >= 14
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "no sideways scrolling"
        assert axe_violations(page) == []
    finally:
        make_notice(site, CLEAR="1")
        context.close()


def test_the_notice_goes_at_its_time(notice_site, visitor):
    site, served = notice_site
    page = visitor
    assert make_notice(site, KK=TEXTS["kk"], RU=TEXTS["ru"], UNTIL=hours_ahead(2)).returncode == 0
    try:
        page.clock.install()
        page.goto(served.https + "ru/errors/camera/")
        expect(banner(page)).to_have_text(TEXTS["ru"])
        page.clock.fast_forward("03:00:00")
        expect(banner(page)).to_have_count(0)  # a page opened after its time shows none: see the broken notices
    finally:
        make_notice(site, CLEAR="1")


@pytest.mark.parametrize("content", [
    None,  # no file at all
    "{not json",
    '{"until":"2099-01-01T00:00+00:00","text":"Сбой"}',
    '{"until":"2099-01-01T00:00+00:00","text":{"kk":"Тек қазақша"}}',  # no text for the Russian page
    '{"until":"2020-01-01T00:00+00:00","text":{"kk":"ескі","ru":"старое"}}',  # past its time
    '{"until":"never","text":{"kk":"а","ru":"б"}}',
    '{"until":"2099-01-01T00:00+00:00","text":{"kk":1,"ru":["б"]}}',
    '[1,2]',
    "null",
])
def test_a_missing_or_broken_notice_shows_nothing_and_logs_nothing(notice_site, visitor, content):
    site, served = notice_site
    file = site / notice.NOTICE_FILE
    file.unlink()
    if content is not None:
        file.write_text(content, encoding="utf-8")
    try:
        visitor.goto(served.https + "ru/errors/camera/")
        visitor.wait_for_load_state("load")
        visitor.wait_for_function("() => performance.getEntriesByName(new URL('/notice.json', location.href).href).length")
        visitor.wait_for_function("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        expect(banner(visitor)).to_have_count(0)
        assert visitor.errors == []
    finally:
        file.write_text(notice.NO_NOTICE, encoding="utf-8")


def test_the_offline_copy_never_holds_the_notice(notice_site, browser):
    site, served = notice_site
    context = browser.new_context()
    page = context.new_page()
    try:
        assert make_notice(site, KK=TEXTS["kk"], RU=TEXTS["ru"], UNTIL=hours_ahead(2)).returncode == 0
        page.goto(served.https + "errors/camera/")
        page.reload()  # the worker controls the page from its second load
        names = wait_until_offline_ready(page)
        expect(banner(page)).to_have_text(TEXTS["kk"])
        cached = page.evaluate("async name => (await (await caches.open(name)).keys()).map(r => r.url)", names[0])
        assert cached and not [url for url in cached if url.endswith("/notice.json") or "/qr-" in url]
        # Published again while the worker controls the page: the next page shows the server's notice.
        assert make_notice(site, CLEAR="1").returncode == 0
        page.goto(served.https + "errors/microphone/")
        page.wait_for_function("() => performance.getEntriesByName(new URL('/notice.json', location.href).href).length")
        expect(banner(page)).to_have_count(0)
        assert make_notice(site, KK=TEXTS["kk"], RU=TEXTS["ru"], UNTIL=hours_ahead(2)).returncode == 0
        context.set_offline(True)
        page.goto(served.https + "errors/internet/")  # from the offline copy: no notice, none kept
        expect(page.locator("h1")).to_have_count(1)
        page.wait_for_load_state("load")
        expect(banner(page)).to_have_count(0)
    finally:
        make_notice(site, CLEAR="1")
        context.close()


# -- Open on phone -----------------------------------------------------------------------------------------


def decode(png: bytes, tmp_path: Path) -> str:
    """The text of the one QR code in a screenshot, read by zbar (Debian's zbar-tools)."""
    shot = tmp_path / "code.png"
    shot.write_bytes(png)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(shot)],
                            capture_output=True, text=True)
    assert result.returncode == 0, f"zbar read no code: {result.stderr}"
    return result.stdout.rstrip("\n")


def steps_and_links():
    """Every step's QR file, in every language and OS tab, with the link it must hold."""
    site = load_site(RECORDS)
    for page in site.pages.values():
        for lang in LANGUAGES:
            for step in page.steps:
                for os in step.os_tabs() or [None]:
                    name = f"qr-{step.id}" + (f"-{os}" if os else "") + ".svg"
                    link = TEST_SITE_URL + page_url(page.path, lang) + (f"?os={os}" if os else "") + f"#{step.id}"
                    yield page_url(page.path, lang) + name, lang, step.id, os, link


def test_every_steps_code_holds_its_link_and_opens_that_step_in_that_language_and_tab(site_dir, base_url, browser,
                                                                                        tmp_path):
    expected = list(steps_and_links())
    assert sorted(path for path, *_ in expected) == sorted(
        path.relative_to(site_dir).as_posix() for path in site_dir.rglob("qr-*.svg")), "one code per step, no other"
    context = browser.new_context(viewport={"width": 300, "height": 300})
    page = context.new_page()
    sizes = []
    for path, lang, step, os, link in expected:
        sizes.append((site_dir / path).stat().st_size)
        page.goto(base_url + path)  # the SVG alone, scaled to the window: it has no size of its own
        assert decode(page.screenshot(), tmp_path) == link, path
    print(f"{len(sizes)} codes, {min(sizes)}-{max(sizes)} bytes of SVG")
    # The link opens that step, in that language, with that OS tab (checked on this server, not the published one).
    page.set_viewport_size({"width": 1280, "height": 900})
    for path, lang, step, os, link in expected:
        if not os and not path.startswith(("errors/camera/", "ru/errors/camera/")):
            continue
        parts = urlsplit(link)
        page.goto(base_url + parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "") + f"#{parts.fragment}")
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("document.querySelector(':target')?.id") == step
        if os:
            tab_set = page.locator(f"#{step} ~ .tabbed-set").first
            checked = tab_set.evaluate(
                "set => set.querySelector(`label[for='${set.querySelector(':scope > input:checked').id}']`).textContent.trim()")
            assert checked == OS_TABS[os], link
    context.close()


def open_phone_dialog(page, step: str):
    page.locator(f"#{step} + .copy-links .copy-links__toggle").click()
    button = page.locator(f"#{step} + .copy-links [data-phone]")
    expect(button).to_be_visible()
    button.click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_be_visible()
    page.wait_for_function("() => document.querySelector('dialog[open] img').complete"
                           " && document.querySelector('dialog[open] img').naturalWidth > 0")
    return dialog


@pytest.mark.parametrize("path, step, os, label", [
    ("ru/errors/camera/?os=macos#os-permission", "os-permission", "macos", "Открыть на телефоне"),
    ("errors/camera/?os=windows#os-permission", "os-permission", "windows", "Телефонда ашу"),
    ("errors/camera/", "restart", None, "Телефонда ашу"),
    ("ru/help/share-screen/", "entire-screen", None, "Открыть на телефоне"),
])
def test_open_on_phone_shows_the_steps_code_in_a_dialog(visitor, base_url, tmp_path, path, step, os, label):
    page = visitor
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "/qr-" in url or "phone.js" in url], "nothing of it on a first visit"
    dialog = open_phone_dialog(page, step)
    assert dialog.locator("h2").inner_text() == label and "телефон" in label.lower()
    assert dialog.locator(".phone-link__step").inner_text() == page.locator(f"#{step}").inner_text().removesuffix("¶")
    link = TEST_SITE_URL + path.split("?")[0].split("#")[0] + (f"?os={os}" if os else "") + f"#{step}"
    assert dialog.locator(".phone-link__address").inner_text() == link
    code = dialog.locator("img")
    assert code.get_attribute("alt")
    assert decode(code.screenshot(), tmp_path) == link
    box = code.bounding_box()
    assert box["width"] >= 300 and box["width"] == box["height"], "large enough to scan from a laptop's screen"
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(page.locator("dialog[open]")).to_have_count(0)
    # Focus goes back to the step's link control (on the dialog's close event, a task after it closed).
    page.wait_for_function("step => document.activeElement.matches(`#${CSS.escape(step)} + .copy-links .copy-links__toggle`)",
                           arg=step)
    # By keyboard alone: the menu, the button, the close button.
    page.keyboard.press("Enter")
    phone = page.locator(f"#{step} + .copy-links [data-phone]")
    expect(phone).to_be_visible()
    phone.focus()
    page.keyboard.press("Enter")
    expect(page.locator("dialog[open]")).to_be_visible()
    page.locator("dialog[open] .phone-link__close").focus()
    page.keyboard.press("Enter")
    expect(page.locator("dialog[open]")).to_have_count(0)
    page.wait_for_function("step => document.activeElement.matches(`#${CSS.escape(step)} + .copy-links .copy-links__toggle`)",
                           arg=step)
    assert page.errors == [] and page.evaluate("window.__csp") == []


def test_on_a_phone_there_is_no_open_on_phone(playwright, browser, base_url):
    context = browser.new_context(**playwright.devices["Pixel 7"])
    page = context.new_page()
    page.goto(base_url + "ru/errors/camera/")
    page.locator("#restart + .copy-links .copy-links__toggle").tap()
    expect(page.locator("#restart + .copy-links .copy-link[data-copy=here]")).to_be_visible()
    expect(page.locator("#restart + .copy-links [data-phone]")).to_be_hidden()
    context.close()
