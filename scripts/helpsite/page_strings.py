"""The strings and settings each page carries for its language: Material's
templates read them from `extra`, links.js from #__site-strings."""

from __future__ import annotations

from .load import LINKS_PAGE, Site
from .redirects import LANGUAGE_KEY
from .render import OS_TABS, page_url


def page_settings(site: Site, lang: str, offline: bool) -> dict:
    """`extra` entries for one language's pages."""
    labels, common = site.texts.labels, site.checks.common
    return {
        "links_index": {"url": page_url(LINKS_PAGE, lang), "label": labels.links_title[lang]},
        "not_found": {"title": labels.not_found[lang], "text": labels.not_found_text[lang],
                      "home": "/" + page_url("index", lang), "home_label": labels.to_home[lang]},
        "site_strings": {
            "copyLink": labels.copy_link[lang],
            "copyLinkOther": labels.copy_link_other[lang],
            "copied": labels.copied[lang],
            "copyFailed": labels.copy_failed[lang],
            "languageKey": LANGUAGE_KEY,
            "osTabs": OS_TABS,
            "needsConnection": common.needs_connection[lang],
            "statusFail": common.status_fail[lang],
            "offline": offline,
            "home": page_url("index", lang),  # from the site root; the offline copy falls back to it
        },
    }
