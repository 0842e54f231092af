"""Write the generated Markdown into docs/, describe the navigation, and list
the files the built site needs beside the pages.

Every `.md` file under docs/ is generated (git ignores them). A file is
written only when its content changed, because `mkdocs serve` rebuilds on
every write and mkdocs-static-i18n runs the hook once per language.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from typing import Optional

from helpsite import DEFAULT_LANGUAGE, LANGUAGES
from helpsite.render.device_checks import SPEED_TEST_BYTES, SPEED_TEST_FILE, check_texts
from helpsite.content.load import LINKS_PAGE, RECORDS_FOLDER, Site
from helpsite.render.redirects import redirect_files
from helpsite.content.registry import Moves
from helpsite.render.phone_codes import phone_codes
from helpsite.render.page import render_home, render_links, render_page
from helpsite.render.search import documents, index_path
from helpsite.render.urls import markdown_path
from helpsite.serve.notice import NO_NOTICE, NOTICE_FILE


def pages_markdown(site: Site, moves: Optional[Moves] = None, pictures: Optional[dict] = None) -> dict[str, str]:
    """Every generated file: path relative to docs/ -> Markdown."""
    moves = moves or Moves()
    files = {}
    for lang in LANGUAGES:
        files[markdown_path("index", lang, DEFAULT_LANGUAGE)] = render_home(site, lang)
        files[markdown_path(LINKS_PAGE, lang, DEFAULT_LANGUAGE)] = render_links(site, lang, moves.anchors.get(LINKS_PAGE))
        for page in site.pages.values():
            markdown = render_page(page, lang, site, moves.anchors.get(page.path), pictures)
            files[markdown_path(page.path, lang, DEFAULT_LANGUAGE)] = markdown
    return files


def write_pages(site: Site, docs_dir: Path, moves: Optional[Moves] = None, pictures: Optional[dict] = None) -> list[str]:
    """Bring docs/ in line with the records; return the paths written or removed."""
    wanted = pages_markdown(site, moves, pictures)
    changed = []
    for relative, content in wanted.items():
        target = docs_dir / relative
        if target.exists() and target.read_text(encoding="utf-8") == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
        changed.append(relative)
    for stale in docs_dir.rglob("*.md"):
        relative = stale.relative_to(docs_dir).as_posix()
        if relative not in wanted and not relative.startswith(f"{RECORDS_FOLDER}/"):
            stale.unlink()
            changed.append(relative)
    return changed


def navigation(site: Site, lang: str) -> list:
    """MkDocs `nav` for one language: top-level guides, then errors, then help.

    The staff's link index is left out on purpose: the footer links to it.
    """
    labels = site.texts.labels
    pages = list(site.pages.values())
    nav: list = ["index.md"]
    nav += [f"{page.path}.md" for page in pages if page.section == ""]
    for section, title in (("errors", labels.section_errors), ("help", labels.section_help)):
        members = [f"{page.path}.md" for page in pages if page.section == section]
        if members:
            nav.append({title[lang]: members})
    return nav


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def site_files(site: Site, moves: Moves, lang: str, proctoring: dict, site_url: str) -> dict[str, str | bytes]:
    """Files beside the pages, for one language: path in the built site -> content.

    Redirect pages and short links, the device checks' texts, the search
    documents and the steps' QR codes; with the default language, the speed-test file too (random
    bytes: nothing on the way can compress them; seeded, so builds are reproducible) and the exam-day
    notice file with no notice (`make notice` publishes one).
    """
    files: dict[str, str | bytes] = dict(redirect_files(site, moves, lang))
    files.update(phone_codes(site, lang, site_url))
    files[f"assets/javascripts/checks/{lang}.json"] = _json(check_texts(site, lang, proctoring))
    files[index_path(lang)] = _json(documents(site, lang))
    if lang == DEFAULT_LANGUAGE:
        files[SPEED_TEST_FILE] = random.Random(SPEED_TEST_BYTES).randbytes(SPEED_TEST_BYTES)
        files[NOTICE_FILE] = NO_NOTICE
    return files
