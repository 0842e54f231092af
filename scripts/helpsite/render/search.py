"""Search documents, one file per language: what the in-browser search indexes.

The browser builds its index from these (overrides/assets/javascripts/search/
engine.js): stemming, keyboard layouts and transliteration live there, in one
place, for the index and the query alike. Locations are relative to the site
root, as Material's search results expect.

Material's own index, which every page view downloads, is kept empty: every
generated page says `search: {exclude: true}` (see render.py).
"""

from __future__ import annotations

import re

from helpsite.content.load import Site
from helpsite.render.urls import OS_TABS, page_url

WORKER = "assets/javascripts/search/worker.js"


def index_path(lang: str) -> str:
    """Where a language's search documents are, from the site root."""
    return f"search/{lang}.json"

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*`]|^\s*(?:\d+\.|[-*])\s+|^```.*$", re.MULTILINE)


def markdown_to_text(markdown: str) -> str:
    """Record Markdown as the plain text a candidate reads."""
    return " ".join(_MARKUP.sub("", _LINK.sub(r"\1", markdown)).split())


def documents(site: Site, lang: str) -> list[dict]:
    """One document per page (title, message, summary, keywords) and one per step."""
    docs = []
    for page in site.pages.values():
        record = page.record
        url = page_url(page.path, lang)
        article = {"location": url, "title": record.title[lang],
                   "text": " ".join(markdown_to_text(t[lang]) for t in (record.summary, record.intro) if t)}
        if record.message:
            article["message"] = record.message[lang]
        steps = []
        for number, step in enumerate(page.steps, 1):
            parts = [step.text]
            if step.os:
                parts += [getattr(step.os, key) for key in OS_TABS]
            parts += [step.note, step.warning]
            text = " ".join(markdown_to_text(part[lang]) for part in parts if part)
            steps.append({"location": f"{url}#{step.id}", "title": f"{number}. {step.title[lang]}", "text": text})
        # Product names as candidates type them (Касперский, Макбук): from the catalogue, for the products the page names.
        named = " ".join([record.title[lang], article["text"], *(doc["text"] for doc in steps)])
        keywords = (record.keywords[lang] if record.keywords else []) + site.labels.spellings(named)
        if keywords:
            article["keywords"] = " ".join(dict.fromkeys(keywords))
        docs += [article, *steps]
    return docs
