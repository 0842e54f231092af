"""A candidate still stuck reaches support, says whether a page helped, and staff see what fails.

Browser tests against the production nginx configuration; events are read
from nginx's own event log.
"""

import time
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import FAKE_DEVICES, RECORDS, client_hints, https_get, logged_events, run_build, serve_directory
from helpsite.events.contract import MAX_BODY_BYTES
from helpsite.content.load import load_site

SITE = load_site(RECORDS)
LANGUAGES = [("", "kk"), ("ru/", "ru")]


def new_page(chromium, platform="Windows"):
    context = chromium.new_context()
    page = context.new_page()
    client_hints(context, page, platform)
    return page


@pytest.mark.parametrize("prefix, lang", LANGUAGES)
def test_an_error_page_offers_support_with_a_filled_email(launch, base_url, prefix, lang):
    texts = SITE.texts.end_of_page
    page = new_page(launch(*FAKE_DEVICES))
    page.goto(f"{base_url}{prefix}errors/camera/?os=windows#os-permission")
    expect(page.locator("h2#support")).to_contain_text(texts.support_title[lang])
    # No address is confirmed: the candidate is sent to the contact in their exam invitation, none is made up.
    expect(page.locator("article")).to_contain_text(texts.support_invitation[lang])
    assert "@" not in page.locator("article").inner_text()
    mail = page.locator("article [data-support-mail]")
    expect(mail).to_have_text(texts.write[lang])
    message = SITE.pages["camera"].record.message[lang]
    assert parse_qs(urlsplit(mail.get_attribute("href")).query)["subject"] == [message]  # works without a script

    page.locator("[data-check=camera] [data-action=start]").click()
    page.wait_for_function("() => document.querySelector('[data-check=camera]').dataset.status === 'pass'", timeout=30000)
    mail.click()
    page.wait_for_function("() => document.querySelector('article [data-support-mail]').href.includes('body=')")
    href = mail.get_attribute("href")
    assert len(href) <= 2000
    assert href.startswith("mailto:?subject=")  # the candidate writes the invitation's address
    fields = parse_qs(urlsplit(href).query)
    assert fields["subject"] == [message]
    body = fields["body"][0]
    assert f"{base_url}{prefix}errors/camera/?os=windows#os-permission" in body
    assert "Google Chrome 156" in body and "Windows" in body
    assert SITE.checks.common.report_title[lang] in body and SITE.checks.checks["camera"].name[lang] in body


@pytest.mark.parametrize("prefix, lang", LANGUAGES)
def test_the_check_pages_report_can_be_emailed(launch, base_url, prefix, lang):
    page = new_page(launch(*FAKE_DEVICES), "macOS")
    page.goto(f"{base_url}{prefix}check/")
    page.locator("[data-check=microphone] [data-action=start]").click()
    page.wait_for_function("() => document.querySelector('[data-check=microphone]').dataset.status === 'pass'", timeout=30000)
    mail = page.locator("[data-check-runner] [data-support-mail]")
    expect(mail).to_have_text(SITE.texts.end_of_page.email_report[lang])
    # No confirmed address: the letter opens without one, and the page says where to find it.
    expect(page.locator("[data-check-runner] .check-runner__hint")).to_have_text(
        SITE.texts.end_of_page.address_from_invitation[lang])
    mail.click()
    page.wait_for_function("() => document.querySelector('[data-check-runner] [data-support-mail]').href.includes('body=')")
    body = unquote(parse_qs(urlsplit(mail.get_attribute("href")).query)["body"][0])
    assert "macOS" in body and f"{prefix}check/?os=macos" in body  # the visitor's own system when none was chosen
    assert SITE.checks.checks["microphone"].name[lang] in body


@pytest.mark.parametrize("prefix, lang, yes, no", [("", "kk", "Иә", "Жоқ"), ("ru/", "ru", "Да", "Нет")])
def test_feedback_reaches_the_log_once_per_page_per_visit(browser, own_server, prefix, lang, yes, no):
    served, base_url = own_server, own_server.https
    page = browser.new_page()
    page.goto(f"{base_url}{prefix}help/share-screen/")
    feedback = page.get_by_role("group", name=SITE.texts.end_of_page.question[lang])
    expect(feedback.get_by_role("button", name=yes)).to_be_visible()
    feedback.get_by_role("button", name=no).focus()
    page.keyboard.press("Enter")  # keyboard, like any button
    reason = feedback.get_by_role("button", name=SITE.texts.end_of_page.reason_mismatch[lang])
    expect(reason).to_be_focused()
    expect(feedback.get_by_role("status")).to_have_text(SITE.texts.end_of_page.thanks_no[lang])
    reason.click()
    expect(feedback.get_by_role("status")).to_have_text(SITE.texts.end_of_page.thanks[lang])

    page.reload()  # the same visit: answered already, the question is not asked again
    expect(page.locator("[data-feedback]")).to_have_attribute("data-state", "done")
    page.evaluate("() => document.querySelector('[data-answer=yes]').click()")
    this_page = lambda event: event.get("page") == "help/share-screen" and event["lang"] == lang
    answers = logged_events(served.events_log, lambda e: this_page(e) and e["kind"] == "feedback")
    reasons = logged_events(served.events_log, lambda e: this_page(e) and e["kind"] == "reason")
    assert answers == [{"kind": "feedback", "page": "help/share-screen", "answer": "no", "lang": lang}]
    assert reasons == [{"kind": "reason", "page": "help/share-screen", "reason": "mismatch", "lang": lang}]
    page.close()


@pytest.fixture
def own_server(site_dir):
    """A fresh nginx whose event log holds this test's events only."""
    with serve_directory(site_dir) as served:
        yield served


@pytest.mark.parametrize("prefix, lang", LANGUAGES)
def test_a_failed_check_and_an_empty_search_are_logged_without_personal_data(browser, own_server, prefix, lang):
    served, base_url = own_server, own_server.https
    page = new_page(browser, "Android")
    page.goto(f"{base_url}{prefix}before-exam/")
    page.locator("[data-check=browser] [data-action=start]").click()
    failed = logged_events(served.events_log, lambda e: e["kind"] == "check" and e["page"] == "before-exam"
                           and e["lang"] == lang and e["check"] == "browser")
    assert failed == [{"kind": "check", "page": "before-exam", "check": "browser", "status": "fail", "error": "mobile",
                       "lang": lang}]

    search = page.locator("[data-md-component=search-query]")
    search.click()

    def type_query(query):
        search.fill(query)

    type_query("870 123 4567 камера")  # could be a phone number: never sent
    page.wait_for_function("() => document.querySelector('.md-search-result__list')?.children.length > 0")
    page.wait_for_timeout(2500)
    type_query(f"zzqx {lang} табылмайды")
    searches = logged_events(served.events_log, lambda e: e["kind"] == "search")
    assert searches == [{"kind": "search", "query": f"zzqx {lang} табылмайды", "lang": lang}]
    type_query("камера")  # found: never reported
    page.wait_for_function("() => document.querySelector('.md-search-result__list')?.children.length > 0")
    page.wait_for_timeout(2500)
    assert logged_events(served.events_log, lambda e: e["kind"] == "search", count=2, timeout=1) == searches
    page.context.close()


def test_the_event_endpoint_answers_204_logs_no_address_and_refuses_what_is_not_an_event(served, base_url):
    url = base_url + "events"
    origin = {"Origin": base_url.rstrip("/")}
    event = '{"kind":"search","lang":"kk","query":"endpoint test"}'.encode()
    assert https_get(url, "POST", {**origin, "User-Agent": "Agent/1.0 secret"}, event).status == 204
    assert https_get(url, "POST", origin, b"x" * (MAX_BODY_BYTES + 1)).status == 413
    assert https_get(url).status == 403
    assert logged_events(served.events_log, lambda event: event.get("query") == "endpoint test")  # its line is written
    line = next(line for line in served.events_log.read_text(encoding="utf-8").splitlines() if "endpoint test" in line)
    assert "127.0.0.1" not in line and "Agent" not in line


def test_the_event_endpoint_limits_each_client(site_dir):
    # A fresh nginx with a limit so low that no machine is slow enough to refill it during the test.
    with serve_directory(site_dir, events_rate="1r/m", events_burst=5) as served:
        event = '{"kind":"search","lang":"kk","query":"limit test"}'.encode()
        origin = {"Origin": served.https.rstrip("/")}
        statuses = [https_get(served.https + "events", "POST", origin, event).status for _ in range(12)]
        assert statuses == [204] * 6 + [429] * 6  # one at the rate, five more in the burst
        assert len(logged_events(served.events_log, lambda event: True, count=6)) == 6  # a line each, once written


def test_events_can_be_switched_off(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  events: true\n", "  events: false\n"), encoding="utf-8")
    built = run_build(tmp_path / "site", cwd=project_copy)
    assert built.returncode == 0, built.stdout + built.stderr
    camera = (tmp_path / "site" / "ru" / "errors" / "camera" / "index.html").read_text(encoding="utf-8")
    assert "data-feedback=" in camera and '"events":false' in camera and '"events":true' not in camera


def test_an_event_nginx_did_not_log_is_sent_once_more_later_and_counted_once(browser, site_dir):
    """Too many events at once (429): the page sends the event again after Retry-After, and only that one."""
    with serve_directory(site_dir, events_rate="6r/m", events_burst=1) as served:  # two at once, one more 10 s later
        page = browser.new_page()
        page.goto(served.https + "ru/errors/camera/")
        page.evaluate("""async () => {
            const { sendEvent } = await import(new URL('/assets/javascripts/support/events.js', location.origin).href)
            for (const answer of ['yes', 'no', 'yes']) sendEvent({ kind: 'feedback', page: 'errors/camera', answer })
        }""")
        feedback = lambda event: event["kind"] == "feedback"
        assert len(logged_events(served.events_log, feedback, 3, timeout=60)) == 3  # the third, 10 to 20 s later
        time.sleep(2)  # room for a copy that should not come
        assert sorted(event["answer"] for event in logged_events(served.events_log, feedback, 4, timeout=0)) == ["no", "yes", "yes"]
        page.close()
