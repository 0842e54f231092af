"""MkDocs hook: generate the pages from docs/records/ before files are collected.

Thin on purpose: the work is in the helpsite package, which knows nothing
about MkDocs.
"""

import os
import re
import secrets
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).parent))

from helpsite import DEFAULT_LANGUAGE, registry, translations  # noqa: E402
from helpsite.generate import navigation, site_files, write_pages  # noqa: E402
from helpsite.pictures import load_pictures, write_pictures  # noqa: E402

PICTURES_OUTPUT = Path("assets") / "pictures"  # drawn from docs/records/pictures/, ignored by git
from helpsite.load import LINKS_PAGE, RECORDS_FOLDER, RecordErrors, load_site  # noqa: E402
from helpsite.redirects import LANGUAGE_KEY  # noqa: E402
from helpsite.render import OS_TABS, page_url  # noqa: E402

# One version per build for the offline cache; `mkdocs serve` never installs it.
_state = {"build": secrets.token_hex(6), "offline": True}


def on_startup(command, dirty):
    _state["offline"] = command != "serve"


# After mkdocs-static-i18n (priority -100) has set this build's language.
@event_priority(-110)
def on_config(config):
    docs_dir = Path(config.docs_dir)
    records = docs_dir / RECORDS_FOLDER
    try:
        site = load_site(records)
        moves = registry.update(site, records / registry.REGISTRY_FILE)
        # scripts/capture_pictures.py builds without pictures to take screenshots of the checks.
        pictures = {} if os.environ.get("HELP_SITE_PICTURES") == "off" else load_pictures(records, site)
    except RecordErrors as error:
        raise PluginError(f"{len(error.problems)} problem(s) in the records:\n{error}") from None
    stale = translations.refresh(records) if config.theme["language"] == DEFAULT_LANGUAGE else []
    if stale:
        # Not a MkDocs warning: strict mode would stop the build, and a stale pair must not.
        print(f"WARNING: {len(stale)} bilingual text(s) changed on one side only: run `make translations`",
              file=sys.stderr)
    write_pictures(pictures, docs_dir / PICTURES_OUTPUT)
    write_pages(site, docs_dir, moves, pictures)
    _state.update(site=site, moves=moves)

    lang = config.theme["language"]
    labels = site.texts.labels
    config.nav = navigation(site, lang)
    config.mdx_configs["toc"]["permalink_title"] = labels.permalink[lang]
    config.extra["links_index"] = {"url": page_url(LINKS_PAGE, lang), "label": labels.links_title[lang]}
    config.extra["not_found"] = {"title": labels.not_found[lang], "text": labels.not_found_text[lang],
                                 "home": "/" + page_url("index", lang), "home_label": labels.to_home[lang]}
    config.extra["site_strings"] = {
        "copyLink": labels.copy_link[lang],
        "copyLinkOther": labels.copy_link_other[lang],
        "copied": labels.copied[lang],
        "copyFailed": labels.copy_failed[lang],
        "languageKey": LANGUAGE_KEY,
        "osTabs": OS_TABS,
        "needsConnection": site.checks.common.needs_connection[lang],
        "statusFail": site.checks.common.status_fail[lang],
        "offline": {"enabled": bool(config.extra.get("offline", True)) and _state["offline"], "version": _state["build"]},
    }
    return config


def on_post_build(config):
    lang = config.theme["language"]
    for relative, content in site_files(_state["site"], _state["moves"], lang, config.extra["proctoring"]).items():
        target = Path(config.site_dir) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def on_post_template(output, template_name, config):
    # mkdocs-static-i18n builds every language into the same site_dir, so the
    # last language's 404.html would replace the default one at the root.
    # Each non-default language gets its own under /<lang>/ instead.
    lang = config.theme["language"]
    if template_name != "404.html" or lang == DEFAULT_LANGUAGE:
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""  # an empty result tells MkDocs not to write the root copy


_ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(.*?<nav class="md-search__options" aria-label="([^"]*)")', re.DOTALL)
_SEARCH_WORKER = re.compile(r'"search": "([^"]*)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


def on_post_page(output, page, config):
    # Material fetches `sitemap.xml` below every <link rel="alternate"> on every
    # page view: two requests on a slow link, one of them a 404 because the
    # links point at pages, not language roots. The sitemap already carries
    # the hreflang alternates, so the page heads drop them.
    output = _ALTERNATE_LINK.sub("", output)
    # Material's search dialog has no name; it gets its search form's (axe, Lighthouse).
    output = _SEARCH_DIALOG.sub(r'\1 aria-label="\3"\2', output, count=1)
    # Material's search box talks to our worker, which searches this language only.
    lang = config.theme["language"]
    return _SEARCH_WORKER.sub(rf'"search": "\1assets/javascripts/search/worker.js?lang={lang}"', output)
