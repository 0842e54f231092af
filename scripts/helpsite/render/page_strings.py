"""The strings and settings each page carries for its language: Material's
templates read them from `extra`, links.js from #__site-strings."""

from __future__ import annotations

import json

from helpsite.events.contract import browser_contract
from helpsite.content.load import LINKS_PAGE, Site
from helpsite.render.redirects import LANGUAGE_KEY
from helpsite.render.urls import OS_TABS, page_url


def page_settings(site: Site, lang: str, offline: bool, events: bool) -> dict:
    """`extra` entries for one language's pages."""
    labels, common, end = site.texts.labels, site.checks.common, site.texts.end_of_page
    return {
        "links_index": {"url": page_url(LINKS_PAGE, lang), "label": labels.links_title[lang]},
        "not_found": {"title": labels.not_found[lang], "text": labels.not_found_text[lang],
                      "home": "/" + page_url("index", lang), "home_label": labels.to_home[lang]},
        "os_tabs": OS_TABS,  # the inline script that opens the visitor's OS tab before the first paint
        "site_strings": _script_json({
            "copied": labels.copied[lang],
            "copyFailed": labels.copy_failed[lang],
            "phone": {"hint": labels.phone_hint[lang], "code": labels.phone_code[lang], "close": labels.close[lang]},
            "languageKey": LANGUAGE_KEY,
            "osTabs": OS_TABS,
            "needsConnection": common.needs_connection[lang],
            "statusFail": common.status_fail[lang],
            "offline": offline,
            "home": page_url("index", lang),  # from the site root; the offline copy falls back to it
            "events": browser_contract() if events else False,
            "mail": {"intro": end.mail_intro[lang], "page": end.mail_page[lang], "browser": common.report_browser[lang],
                     "os": common.report_os[lang], "trimmed": end.mail_report[lang]},
        }),
    }


def _script_json(value) -> str:
    """JSON for a <script type="application/json">: UTF-8 (a third of Jinja's \\u escapes) and safe in HTML."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
