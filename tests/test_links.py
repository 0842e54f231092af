"""Links staff send: ?os=, OS auto-selection, copy buttons, language switch, link index, short links."""

import re

import pytest
from playwright.sync_api import expect

from conftest import RECORDS, client_hints, parse
from helpsite.content.load import load_site

PREFIX = {"kk": "", "ru": "ru/"}


def open_tabs(page) -> list[str]:
    """The label of the open tab in every tab set of the page."""
    return page.evaluate("""() => [...document.querySelectorAll('.tabbed-set')].map(set => {
        const input = set.querySelector(':scope > input:checked')
        return set.querySelector(`label[for="${input.id}"]`).textContent.trim()
    })""")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_os_query_opens_that_tab(base_url, page, lang):
    page.goto(f"{base_url}{PREFIX[lang]}errors/extension-install/?os=macos")
    assert open_tabs(page) == ["macOS"]
    page.goto(f"{base_url}{PREFIX[lang]}errors/extension-install/?os=windows")
    assert open_tabs(page) == ["Windows"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_os_query_with_an_anchor_opens_the_tab_and_scrolls_to_the_step(base_url, page, lang):
    page.goto(f"{base_url}{PREFIX[lang]}errors/camera/?os=macos#os-permission")
    assert open_tabs(page) == ["macOS"]
    assert page.locator("#os-permission-macos").is_checked()
    top = page.evaluate("document.getElementById('os-permission').getBoundingClientRect().top")
    assert page.evaluate("scrollY") > 0 and -2 <= top < 150
    assert page.locator(".tabbed-set .tabbed-block").nth(1).is_visible()


def test_os_choice_is_kept_while_browsing(base_url, page):
    page.goto(base_url + "errors/camera/?os=macos")
    page.goto(base_url + "errors/microphone/")
    assert open_tabs(page) == ["macOS"]


@pytest.mark.parametrize("platform, expected", [("macOS", "macOS"), ("Windows", "Windows")])
def test_the_visitors_own_os_is_shown_first(browser, base_url, platform, expected):
    context = browser.new_context()
    page = context.new_page()
    client_hints(context, page, platform)
    page.goto(base_url + "errors/screen-access/")
    assert page.evaluate("navigator.userAgentData.platform") == platform
    assert open_tabs(page) == [expected]
    context.close()


def test_the_visitors_click_wins_over_the_detected_os(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    client_hints(context, page, "macOS")
    page.goto(base_url + "errors/camera/")
    page.locator(".tabbed-labels label", has_text="Windows").click()
    page.goto(base_url + "errors/microphone/")
    assert open_tabs(page) == ["Windows"]
    context.close()


@pytest.fixture
def clipboard_page(browser, base_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def test_copy_link_copies_the_step_with_the_open_os_in_both_languages(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + "ru/errors/camera/?os=macos#os-permission")
    buttons = page.locator("#os-permission + .copy-links button")
    assert buttons.all_inner_texts() == ["Копировать ссылку", "Копировать ссылку на казахском"]
    buttons.nth(0).click()
    assert page.evaluate("navigator.clipboard.readText()") == base_url + "ru/errors/camera/?os=macos#os-permission"
    expect(page.locator("#__copy-status")).to_have_text("Ссылка скопирована")
    buttons.nth(1).click()
    assert page.evaluate("navigator.clipboard.readText()") == base_url + "errors/camera/?os=macos#os-permission"


def test_copy_link_of_a_step_without_tabs_has_no_os(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + "errors/camera/?os=windows")
    page.locator("#restart + .copy-links button").nth(0).click()
    assert page.evaluate("navigator.clipboard.readText()") == base_url + "errors/camera/#restart"
    expect(page.locator("#__copy-status")).to_have_text("Сілтеме көшірілді")


@pytest.mark.parametrize("start, link, expected", [
    ("errors/camera/?os=macos#os-permission", "ru", "ru/errors/camera/?os=macos#os-permission"),
    ("ru/help/share-screen/#keep-sharing", "kk", "help/share-screen/#keep-sharing"),
])
def test_language_switch_keeps_page_os_and_anchor(base_url, page, start, link, expected):
    page.goto(base_url + start)
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang={link}]").click()
    page.wait_for_url(base_url + expected)
    assert page.locator("html").get_attribute("lang") == link


def test_link_index_lists_every_page_and_step_in_both_languages(site_dir):
    site = load_site(RECORDS)
    for lang, to_root in (("kk", "../"), ("ru", "../../")):
        index = site_dir / PREFIX[lang] / "links" / "index.html"
        html = index.read_text(encoding="utf-8")
        hrefs = set(re.findall(r'<td><a href="([^"]+)">', html))
        for page in site.pages.values():
            for target_lang in ("kk", "ru"):
                base = f"{to_root}{PREFIX[target_lang]}{page.path}/"
                assert base in hrefs
                for step in page.steps:
                    assert f"{base}#{step.id}" in hrefs
                    if step.os and step.os.macos:
                        assert f"{base}?os=macos#{step.id}" in hrefs
        assert parse(index).lang == lang


def test_link_index_is_reachable_from_the_footer_but_not_the_navigation(site_dir, base_url, clipboard_page):
    html = (site_dir / "errors" / "camera" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-copyright"' in html and 'href="../../links/">Сілтемелер индексі</a>' in html
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.DOTALL).group(0)
    assert "links/" not in nav
    page = clipboard_page
    page.goto(base_url + "ru/links/")
    row = page.locator("tr", has_text="— macOS").filter(has_text="ru/errors/camera/?os=macos#os-permission")
    row.locator("td").nth(1).locator("button").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == base_url + "ru/errors/camera/?os=macos#os-permission"
    page.goto(copied)
    assert open_tabs(page) == ["macOS"]


@pytest.mark.parametrize("locale, stored, expected", [
    ("ru-RU", None, "ru/errors/camera/"),
    ("kk-KZ", None, "errors/camera/"),
    ("en-US", None, "errors/camera/"),
    ("en-US", "ru", "ru/errors/camera/"),
])
def test_short_error_link_opens_the_page_in_the_visitors_language(browser, base_url, locale, stored, expected):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    if stored:
        page.goto(base_url + PREFIX[stored] + "before-exam/")
    page.goto(base_url + "e/camera/?os=macos#os-permission")
    page.wait_for_url(base_url + expected + "?os=macos#os-permission")
    context.close()
