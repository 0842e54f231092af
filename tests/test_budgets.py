"""Budgets on every page in both languages, measured in Chromium against nginx over HTTPS.

Fixed limits: 60 KB on a first visit for the page (document, styles, scripts,
data), at most 150 KB of annotated pictures on the first screen of a phone or
of a high-density laptop screen, no request to another host, no failed
request, no console error, no axe violation (WCAG 2.2 AA and best practices),
and Lighthouse 100 in accessibility, best practices and SEO with every
performance audit that counts bytes, requests, sizes or layout passed (one
page per language here). Lighthouse's performance score weighs measured CPU
time and moves with the machine's load, so `make bench` prints it for every
page instead.

The 60 KB (issue 8) and the 150 KB of first-screen pictures (issue 6) are two
budgets: a picture on the first screen, which a candidate needs to see, loads
after the text has painted and is counted against the second.
"""

import pytest

from conftest import FAKE_DEVICES, built_pages
from helpsite.audit.page import (LAPTOP, Visit, axe_violations, category_scores, failed_load_independent_audits, first_visit,
                        lighthouse_report)

FIRST_VISIT_KB = 60
FIRST_SCREEN_PICTURES_KB = 150


def pages(site_dir):
    # e/<code>/ only sends the visitor on; its target is measured as a page.
    return [path for path in built_pages(site_dir) if not path.lstrip("/").startswith("e/")]


@pytest.fixture(scope="module")
def sweep(browser, site_dir, base_url) -> dict[str, tuple[Visit, Visit | None]]:
    """Every page once on a phone (weight, errors, other hosts, CSP) and once on a laptop (pictures, axe); the
    short e/<code>/ links on a phone only. Each load is a fresh context: a first visit, cold cache."""
    measured = pages(site_dir)
    return {path: (first_visit(browser, base_url + path.lstrip("/")),
                   first_visit(browser, base_url + path.lstrip("/"), screen=LAPTOP, axe=True) if path in measured else None)
            for path in built_pages(site_dir)}


def test_the_sweep_sees_every_page(site_dir, sweep):
    assert len(pages(site_dir)) >= 30 and len(sweep) > len(pages(site_dir)), "the short e/ links are swept too"
    assert all(phone.bytes and phone.requests for phone, _ in sweep.values())


def test_every_page_loads_without_errors_csp_violations_or_other_hosts(sweep):
    problems = [f"{path}: {item}" for path, visits in sweep.items() for visit in visits if visit
                for item in visit.foreign + visit.failed + visit.console_errors + visit.csp_violations]
    assert not problems, problems


def test_first_visit_budget_on_every_page(sweep):
    over = [f"{path}: {phone.page_kilobytes:.1f} KB" for path, (phone, laptop) in sweep.items()
            if laptop and phone.page_kilobytes > FIRST_VISIT_KB]
    over += [f"{path}: pictures {phone.picture_kilobytes:.1f} KB" for path, (phone, laptop) in sweep.items()
             if laptop and phone.picture_kilobytes > FIRST_SCREEN_PICTURES_KB]
    assert not over, over


def test_first_screen_pictures_budget_on_a_laptop(sweep):
    laptops = [(path, laptop) for path, (_, laptop) in sweep.items() if laptop]
    assert sum(laptop.picture_bytes for _, laptop in laptops), "no page loaded a picture on its first screen: the measurement sees none"
    over = [f"{path}: {laptop.picture_kilobytes:.1f} KB" for path, laptop in laptops
            if laptop.picture_kilobytes > FIRST_SCREEN_PICTURES_KB]
    assert not over, over


def test_no_axe_violation_on_any_page(sweep):
    found = [f"{path}: {violation}" for path, (_, laptop) in sweep.items() if laptop for violation in laptop.axe]
    assert not found, found


@pytest.mark.parametrize("prefix", ["", "ru/"])
def test_no_axe_violation_once_every_check_has_run_and_a_page_was_answered(launch, base_url, prefix):
    """The states the widgets reach (results, fix lists, answered questions) are checked too, not only the first paint."""
    chromium = launch(*FAKE_DEVICES)
    page = chromium.new_page()
    page.goto(f"{base_url}{prefix}check/")
    page.locator("[data-action=start-all]").click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-check]')].every(e => !['idle', 'running'].includes(e.dataset.status))",
                           timeout=60000)
    page.locator("[data-check=screen] [data-action=start]").click()
    page.locator("[data-check=extension] [data-action=decline]").click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-check]')].every(e => ['pass', 'warn', 'fail'].includes(e.dataset.status))",
                           timeout=60000)
    found = [f"check/: {violation}" for violation in axe_violations(page)]
    page.goto(f"{base_url}{prefix}errors/microphone/")
    page.locator("[data-feedback] [data-answer=no]").click()
    page.wait_for_function("() => document.querySelector('[data-feedback]').dataset.state === 'reason'")
    found += [f"errors/microphone/ (answered no): {violation}" for violation in axe_violations(page)]
    assert found == []


@pytest.mark.parametrize("path", ["", "ru/errors/camera/"])
def test_lighthouse_100_and_no_failed_byte_or_layout_audit(base_url, path):
    report = lighthouse_report(base_url + path)
    scores = category_scores(report)
    assert {name: scores[name] for name in ("accessibility", "best-practices", "seo")} == \
        {"accessibility": 100, "best-practices": 100, "seo": 100}
    assert not failed_load_independent_audits(report)
