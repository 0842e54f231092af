"""The device checks in a page: the widget's markup (ready before any script runs), the "check
everything" bar, and the texts the checks' scripts fetch (assets/javascripts/checks/<lang>.json).
"""

from __future__ import annotations

import html
from typing import Optional

from helpsite.render.end_of_page import mail_link, support_contacts
from helpsite.content.load import Page, Site
from helpsite.content.models import ExternalLink
from helpsite.render.urls import page_url, relative_url

# The internet check's addresses from the site root: the build writes the file, nginx serves both.
SPEED_TEST_FILE = "assets/speed-test.bin"
SPEED_TEST_BYTES = 2 * 1024 * 1024  # the check refuses a file of any other size (a filter's page, a cut body)
UPLOAD_SINK = "speed-test/upload"
UPLOAD_MAX_BODY = "8m"  # nginx accepts the upload test's largest body (4 MiB) with room to spare


def _button(label: str, action: str, primary: bool = False) -> str:
    kind = "md-button md-button--primary" if primary else "md-button"
    return f'<button type="button" class="{kind}" data-action="{action}">{html.escape(label)}</button>'


def check_widget(name: str, lang: str, page: Page, site: Site) -> str:
    """The check's markup, ready before any script runs (no layout shift); checks/ brings it to life."""
    spec, common = site.checks.checks[name], site.checks.common
    buttons = _button((spec.start or common.start)[lang], "start", primary=True)
    if spec.decline:
        buttons += _button(spec.decline[lang], "decline")
    waiting = spec.results.get("waiting")
    message = html.escape(waiting.message[lang]) if waiting else ""
    links = fix_links(waiting.fix, lang, site, page) if waiting else []
    fixes = "".join(f'<li><a href="{html.escape(link["href"])}">{html.escape(link["text"])}</a></li>' for link in links)
    fix_block = (f'<div class="device-check__fix"><p>{html.escape(common.fix[lang])}</p><ul>{fixes}</ul></div>' if fixes
                 else '<div class="device-check__fix" hidden></div>')
    return (
        f'<div class="device-check" data-check="{name}" data-status="idle" role="group" aria-label="{html.escape(spec.name[lang])}">'
        f'<div class="device-check__bar">{buttons}</div>'
        f'<div class="device-check__live" role="status" aria-live="polite">'
        f'<p class="device-check__status">{html.escape(common.status_idle[lang])}</p>'
        f'<p class="device-check__message">{message}</p></div>'
        f'<div class="device-check__media"></div>{fix_block}</div>\n'
    )


def check_runner(lang: str, site: Site) -> str:
    common = site.checks.common
    texts = site.texts.end_of_page
    email = mail_link(site, lang, common.report_title[lang], texts.email_report[lang], primary=False)
    hint = ("" if "email" in support_contacts(site)  # else the letter has no address: say where it is
            else f'<p class="check-runner__hint">{html.escape(texts.address_from_invitation[lang])}</p>')
    return (
        f'<div class="check-runner" data-check-runner>{_button(common.start_all[lang], "start-all", primary=True)}'
        f'{_button(common.copy_report[lang], "copy-report")}{email}{hint}'
        '<p class="check-runner__summary" role="status"></p><p class="check-runner__copied" role="status"></p></div>\n'
    )


def fix_links(fixes: list, lang: str, site: Site, page: Optional[Page] = None) -> list[dict]:
    """Fix addresses as links titled with the target step: relative to `page`, or to the site root."""
    links = []
    for address in fixes:
        if isinstance(address, ExternalLink):
            links.append({"href": address.url, "text": address.text[lang]})
            continue
        page_id, _, anchor = address.partition("#")
        target = site.pages[page_id]
        title = target.record.title[lang]
        step = next((step for step in target.steps if step.id == anchor), None)
        if step is not None:
            title = step.title[lang] if target is page else f"{title}: {step.title[lang]}"
        fragment = f"#{anchor}" if anchor else ""
        href = (relative_url(page.path, target.path + fragment) if page
                else page_url(target.path, lang) + fragment)
        links.append({"href": href, "text": title})
    return links


def check_texts(site: Site, lang: str, proctoring: dict) -> dict:
    """Everything the device checks say in `lang`, fix links relative to the site root.

    Written to assets/javascripts/checks/<lang>.json and fetched with the
    checks' code, so pages carry none of it.
    """
    texts = site.checks
    # A passing result's links (the exam site's own permission) go under the pages' own "See also".
    common = {key: value[lang] for key, value in texts.common} | {"see_also": f"{site.texts.labels.related[lang]}:"}
    data = {"common": common, "checks": {}, "proctoring": proctoring,
            "speedTest": {"file": SPEED_TEST_FILE, "bytes": SPEED_TEST_BYTES, "sink": UPLOAD_SINK}}
    for name, spec in texts.checks.items():
        data["checks"][name] = {
            "name": spec.name[lang],
            "macosFix": fix_links(spec.macos_fix, lang, site),
            "results": {code: {"message": result.message[lang], "fix": fix_links(result.fix, lang, site)}
                        for code, result in spec.results.items()},
        }
    return data
