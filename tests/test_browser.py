"""The built site in Debian's Chromium: tabs, languages, search (every page loading clean: test_budgets' sweep)."""

import re

import pytest
from playwright.sync_api import expect

from conftest import first_search_result


def test_os_tabs_are_labelled_and_switch(base_url, page):
    page.goto(base_url + "errors/camera/")
    tabs = page.locator("#os-permission ~ .tabbed-set").first
    assert tabs.locator(".tabbed-labels label").all_inner_texts() == ["Windows", "macOS"]
    tabs.locator("label", has_text="Windows").click()
    assert "«Пуск > Параметры" in tabs.locator(".tabbed-block").nth(0).inner_text()
    tabs.locator("label", has_text="macOS").click()
    macos = tabs.locator(".tabbed-block").nth(1)
    assert macos.is_visible() and "„Системные настройки > Конфиденциальность и безопасность > Камера“" in macos.inner_text()  # unconfirmed: approximate
    assert not tabs.locator(".tabbed-block").nth(0).is_visible()


def test_tab_ids_are_named_after_the_step_and_os(site_dir):
    html = (site_dir / "errors" / "camera" / "index.html").read_text(encoding="utf-8")
    assert 'id="os-permission-windows"' in html and 'id="os-permission-macos"' in html


@pytest.mark.parametrize("prefix, skip, search", [("", "Мазмұнға өту", "Іздеу"), ("ru/", "Перейти к содержанию", "Поиск")])
def test_interface_is_in_the_page_language(base_url, page, prefix, skip, search):
    page.goto(f"{base_url}{prefix}errors/camera/")
    assert page.locator("input.md-search__input").get_attribute("placeholder") == search
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == skip


def test_language_switch_opens_the_same_page_in_russian(base_url, page):
    page.goto(base_url + "errors/camera/")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=ru]").click()
    page.wait_for_url(re.compile(r"/ru/errors/camera/$"))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text().startswith("Ошибка „Подключение веб-камеры“ («Веб-камераны қосу»)")


def test_search_finds_a_page_by_a_word_from_its_steps(base_url, page):
    page.goto(base_url + "errors/camera/")
    first = first_search_result(page, "proctoring_proxy")
    assert "/errors/server-connection/" in first.get_attribute("href")


def test_the_russian_home_and_search_name_errors_in_russian_first(base_url, page):
    """A Russian reader scans for Russian words: the Kazakh on-screen message follows as the quote it is."""
    page.goto(base_url + "ru/")
    expect(page.locator("article #errors + ul li").first).to_contain_text("„Подключение веб-камеры“ («Веб-камераны қосу»)")
    first = first_search_result(page, "веб-камера")
    expect(first).to_contain_text("„Подключение веб-камеры“")


@pytest.mark.parametrize("lang, prefix", [("kk", ""), ("ru", "ru/")])
def test_the_404_page_runs_the_sites_scripts(base_url, page, lang, prefix):
    # Served at any depth, the 404 page gets an absolute site root from Material ("/").
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}{prefix}errors/no-such-page/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("localStorage.getItem('help.language')") == lang  # links.js ran
    assert not errors


@pytest.mark.parametrize("prefix, query", [("", "камера"), ("ru/", "камера")])
def test_pasted_or_dictated_text_searches(base_url, page, prefix, query):
    """A paste, dictation or autofill puts text in the box without a key: the search runs all the same."""
    page.goto(f"{base_url}{prefix}errors/camera/")
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text(query)  # an input event and no key event, as a paste or dictation sends
    expect(page.locator(".md-search-result__item a").first).to_be_visible()
    page.locator("input.md-search__input").evaluate("""(box, text) => {
        box.value = ''
        const paste = new DataTransfer()
        paste.setData('text/plain', text)
        box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: paste, bubbles: true}))
        box.value = text  // what the browser's paste does next: the text, then an input event without a key
        box.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste', data: text, bubbles: true}))
    }""", "микрофон")
    expect(page.locator(".md-search-result__item a").first).to_be_visible()
    assert "икрофон" in page.locator(".md-search-result__list").inner_text().lower()
