"""Changes to the HTML Material writes, and where the 404 pages go. Each one must find what it changes:
if Material's markup moves, the build stops instead of shipping the unpatched page."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from helpsite import DEFAULT_LANGUAGE
from helpsite.render.search import WORKER, index_path


class PatchMissed(Exception):
    pass


_ALTERNATE_LINKS = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")'
                            r'(.*?<nav class="md-search__options" aria-label="([^"]*)")', re.DOTALL)
_SEARCH_WORKER = re.compile(r'"search": "([^"]*)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


def _sub(pattern: re.Pattern, replacement: str, html: str, why: str, count: int = 0) -> str:
    result, found = pattern.subn(replacement, html, count=count)
    if not found:
        raise PatchMissed(f"Material's markup changed: nothing matched for '{why}' ({pattern.pattern[:60]}…)")
    return result


def patch_page(html: str, lang: str) -> str:
    # Material fetches `sitemap.xml` below every <link rel="alternate"> on every
    # page view: two requests on a slow link, one of them a 404 because the
    # links point at pages, not language roots. The sitemap already carries
    # the hreflang alternates, so the page heads drop them.
    html = _sub(_ALTERNATE_LINKS, "", html, "language alternates in the head")
    # Material's search dialog has no name; it gets its search form's (axe, Lighthouse).
    html = _sub(_SEARCH_DIALOG, r'\1 aria-label="\3"\2', html, "name of the search dialog", count=1)
    # Material's search box talks to our worker, which searches this language only; it is
    # told where that language's documents are, so no script works out the site's layout.
    index = quote(posixpath.relpath(index_path(lang), posixpath.dirname(WORKER)))
    return _sub(_SEARCH_WORKER, rf'"search": "\1{WORKER}?lang={lang}&index={index}"', html, "the search worker")


def place_404(html: str, template_name: str, lang: str, site_dir: Path) -> str:
    """mkdocs-static-i18n builds every language into one site_dir, so the last
    language's 404.html would replace the default one at the root: each other
    language writes its own under /<lang>/ and returns "" (MkDocs then writes nothing)."""
    if template_name != "404.html" or lang == DEFAULT_LANGUAGE:
        return html
    target = site_dir / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return ""
