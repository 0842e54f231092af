"""Links staff send: ?os=, OS auto-selection, the steps' link controls, language switch, link index, short links."""

import re

import pytest
from playwright.sync_api import expect

from conftest import RECORDS, built_pages, client_hints, parse
from helpsite.audit.page import axe_violations
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


def copy_from_step(page, step: str, which: int) -> None:
    """Open the step heading's link control and press its `which`-th copy button."""
    page.locator(f"#{step} + .copy-links .copy-links__toggle").click()
    page.locator(f"#{step} + .copy-links .copy-links__menu button").nth(which).click()


def test_copy_link_copies_the_step_with_the_open_os_in_both_languages(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + "ru/errors/camera/?os=macos#os-permission")
    toggle = page.locator("#os-permission + .copy-links .copy-links__toggle")
    assert toggle.get_attribute("aria-label") == "Ссылка на этот раздел" and toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("#os-permission + .copy-links .copy-links__menu button").all_text_contents() == \
        ["Копировать ссылку", "Копировать ссылку на казахском", "Открыть на телефоне"]
    copy_from_step(page, "os-permission", 0)
    assert page.evaluate("navigator.clipboard.readText()") == base_url + "ru/errors/camera/?os=macos#os-permission"
    expect(page.locator("#__copy-status")).to_have_text("Ссылка скопирована")
    expect(page.locator("#__copy-status")).to_be_visible()
    assert toggle.get_attribute("aria-expanded") == "false", "the menu closes once a link is copied"
    copy_from_step(page, "os-permission", 1)
    assert page.evaluate("navigator.clipboard.readText()") == base_url + "errors/camera/?os=macos#os-permission"
    expect(page.locator("#__copy-status")).to_be_hidden(timeout=6000)  # short-lived


def test_copy_link_of_a_step_without_tabs_has_no_os(clipboard_page, base_url):
    page = clipboard_page
    page.goto(base_url + "errors/camera/?os=windows")
    copy_from_step(page, "restart", 0)
    assert page.evaluate("navigator.clipboard.readText()") == base_url + "errors/camera/#restart"
    expect(page.locator("#__copy-status")).to_have_text("Сілтеме көшірілді")


def test_the_link_control_opens_and_closes_by_keyboard(page, base_url):
    page.goto(base_url + "errors/camera/")
    toggle = page.locator("#restart + .copy-links .copy-links__toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    menu = page.locator("#restart + .copy-links .copy-links__menu")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.copy") == "here"
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('copy-links__toggle')")
    toggle.click()
    page.locator("h1").click()  # a click elsewhere closes it
    expect(menu).to_be_hidden()


@pytest.fixture
def phone(playwright, browser):
    context = browser.new_context(**playwright.devices["Pixel 7"], permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang, copied", [("kk", "Сілтеме көшірілді"), ("ru", "Ссылка скопирована")])
def test_on_a_phone_the_step_starts_right_under_its_heading(phone, base_url, lang, copied):
    page = phone
    page.goto(f"{base_url}{PREFIX[lang]}errors/camera/?os=windows")
    gap, line = page.evaluate("""() => {
        const heading = document.querySelector('h2.step'), text = heading.nextElementSibling.nextElementSibling
        return [text.getBoundingClientRect().top - heading.getBoundingClientRect().bottom,
                parseFloat(getComputedStyle(text).lineHeight)]
    }""")
    assert gap <= line, f"{gap:.0f} px between the heading and its step, a line is {line:.0f} px"
    box = page.locator("h2.step").first.bounding_box()
    toggle = page.locator(".copy-links__toggle").first.bounding_box()
    assert toggle["width"] >= 24 and toggle["height"] >= 24
    assert box["y"] <= toggle["y"] and toggle["y"] + toggle["height"] <= box["y"] + box["height"] + 1, "on the heading's line"
    assert not page.evaluate("document.querySelector('h2.step').scrollWidth > document.querySelector('h2.step').clientWidth")
    assert axe_violations(page) == []
    step = page.locator("h2.step").first.get_attribute("id")
    page.locator(".copy-links__toggle").first.tap()
    assert axe_violations(page) == []  # the menu open
    page.locator(".copy-links__menu button").first.tap()
    assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}{PREFIX[lang]}errors/camera/#{step}"
    expect(page.locator("#__copy-status")).to_have_text(copied)
    assert axe_violations(page) == []  # the confirmation shown
    picture = page.locator("figure.picture a").first
    large = picture.get_attribute("href")
    picture.scroll_into_view_if_needed()
    picture.tap()
    page.wait_for_url(re.compile(re.escape(large.split("/")[-1]) + "$"))  # a tap still opens the picture full size


@pytest.mark.parametrize("path", ["", "ru/errors/camera/", "errors/camera/", "ru/help/allow-camera-microphone/"])
def test_headings_use_a_weight_every_system_font_has(page, base_url, path):
    page.goto(base_url + path)
    weights = page.evaluate("() => [...document.querySelectorAll('article h1, article h2, article h3')]"
                            ".map(h => [h.tagName, Number(getComputedStyle(h).fontWeight)])")
    assert weights and all(weight >= 400 for _, weight in weights), weights


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
    assert 'class="md-copyright"' in html and 'href="../../links/">Сілтемелер тізімі</a>' in html
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.DOTALL).group(0)
    assert "links/" not in nav
    page = clipboard_page
    page.goto(base_url + "ru/links/")
    row = page.locator("tr", has_text="— macOS").filter(has_text="ru/errors/camera/?os=macos#os-permission")
    row.locator("td").nth(1).locator("button").click()
    expect(page.locator("#__copy-status")).to_have_text("Ссылка скопирована")  # copied once its code has loaded
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


ACTIVE_ITEM = """() => {
    const active = [...document.querySelectorAll('.md-sidebar--primary .md-nav__link--active')]
        .filter(link => link.getClientRects().length).pop()
    const text = document.createRange()
    text.selectNodeContents(active)
    const box = text.getBoundingClientRect()
    const titles = [...document.querySelectorAll('.md-sidebar--primary .md-nav__title')]
        .filter(title => title.getClientRects().length && getComputedStyle(title).position === 'sticky')
        .map(title => title.getBoundingClientRect())
    const covered = titles.some(title => title.bottom > box.top && title.top < box.bottom)
    return {top: box.top, bottom: box.bottom, screen: innerHeight, covered, scrolled: scrollY}
}"""


def test_the_menu_drawer_opens_with_the_pages_own_item_in_view(playwright, browser, site_dir, base_url):
    """On the smallest common phone, every page's own item in the menu drawer is on screen, clear of its title."""
    context = browser.new_context(**playwright.devices["iPhone SE"])
    page = context.new_page()
    hidden = []
    paths = [path for path in built_pages(site_dir) if not path.startswith("e/") and "links/" not in path]
    for path in paths:
        page.goto(base_url + path, wait_until="networkidle")
        page.locator("label.md-header__button[for=__drawer]").tap()
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")  # slid in
        item = page.evaluate(ACTIVE_ITEM)
        if item["top"] < 0 or item["bottom"] > item["screen"] or item["covered"] or item["scrolled"]:
            hidden.append(f"{path}: {item}")
    context.close()
    assert len(paths) >= 30 and not hidden, hidden
