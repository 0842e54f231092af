"""Small HTML pages that send a visitor on: moved pages and short error links.

They work on any static host. The query (`?os=`) and the `#anchor` travel
along, so a link sent before a page moved still opens the right step.
"""

from __future__ import annotations

import html
import json

from helpsite import DEFAULT_LANGUAGE, LANGUAGES
from helpsite.content.load import SHORT_LINK_FOLDER, Site
from helpsite.content.registry import Moves
from helpsite.render.urls import page_url

# Where the site's pages remember the visitor's language for short links.
LANGUAGE_KEY = "help.language"


def _document(lang: str, title: str, head: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="robots" content="noindex">\n<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _up(url: str) -> str:
    """From a page at `url` back to the site root."""
    return "../" * url.count("/")


# The scripts are the same on every such page, so one CSP hash each covers them all.
FOLLOW_LINK = ("<script>var link=document.querySelector('link[rel=canonical]');"
               "location.replace(link.href+location.search+location.hash)</script>")
CHOOSE_LANGUAGE = (
    "<script>var targets=JSON.parse(document.getElementById('targets').textContent),stored=null;"
    f"try{{stored=localStorage.getItem({json.dumps(LANGUAGE_KEY)})}}catch(e){{}}"
    "var wanted=(navigator.languages||[navigator.language]).map(function(l){return l.slice(0,2)});"
    "var lang=targets[stored]?stored:wanted.filter(function(l){return targets[l]})[0]||"
    f"{json.dumps(DEFAULT_LANGUAGE)};"
    "location.replace(new URL(targets[lang],location.href).href+location.search+location.hash)</script>"
)


def redirect_page(lang: str, old_url: str, new_url: str, site: Site) -> str:
    target = _up(old_url) + new_url
    message = site.texts.labels.moved[lang]
    head = (
        f'<link rel="canonical" href="{html.escape(target)}">\n'
        f'<noscript><meta http-equiv="refresh" content="0; url={html.escape(target)}"></noscript>\n{FOLLOW_LINK}'
    )
    return _document(lang, message, head, f'<p><a href="{html.escape(target)}">{html.escape(message)}</a></p>')


def short_link_page(page_id: str, site: Site, short_id: str = "") -> str:
    """The short link e/<short_id>/ (default: the page's own id) to `page_id`, in the visitor's language."""
    page = site.pages[page_id]
    own_url = f"{SHORT_LINK_FOLDER}/{short_id or page_id}/"
    targets = {lang: _up(own_url) + page_url(page.path, lang) for lang in LANGUAGES}
    script = f'<script type="application/json" id="targets">{json.dumps(targets)}</script>\n{CHOOSE_LANGUAGE}'
    links = "\n".join(
        f'<p lang="{lang}"><a href="{html.escape(targets[lang])}">{html.escape(page.record.title[lang])}</a></p>'
        for lang in LANGUAGES
    )
    title = " / ".join(site.texts.labels.choose_language[lang] for lang in LANGUAGES)
    return _document(DEFAULT_LANGUAGE, title, script, links)


def redirect_files(site: Site, moves: Moves, lang: str) -> dict[str, str]:
    """Files to add to site/ for one language: path -> HTML."""
    files = {}
    for old, new in moves.pages.items():
        old_url = page_url(old, lang)
        files[old_url + "index.html"] = redirect_page(lang, old_url, page_url(new, lang), site)
    if lang == DEFAULT_LANGUAGE:
        for page in site.pages.values():
            if page.section == "errors":
                files[f"{SHORT_LINK_FOLDER}/{page.id}/index.html"] = short_link_page(page.id, site)
        # An error page that moved keeps its short link, now to where it went (support sent the old one).
        by_path = {page.path: page for page in site.pages.values()}
        for old, new in moves.pages.items():
            old_id = old.rsplit("/", 1)[-1]
            if old.startswith("errors/") and new in by_path and f"{SHORT_LINK_FOLDER}/{old_id}/index.html" not in files:
                files[f"{SHORT_LINK_FOLDER}/{old_id}/index.html"] = short_link_page(by_path[new].id, site, old_id)
    return files
