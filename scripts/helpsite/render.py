"""Render one page of the site in one language as Markdown.

The Markdown relies on Material's admonitions and pymdownx.tabbed; every
heading the renderer writes carries a fixed ASCII id (`{ #id }`) shared by
both languages, so links survive translation and rewording.
"""

from __future__ import annotations

import json
import posixpath
import textwrap
from typing import Optional

from .load import PAGE_LINK, Page, ResolvedStep, Site
from .schema import Text

OS_TABS = (("windows", "Windows"), ("macos", "macOS"))


def markdown_path(path: str, lang: str, default_lang: str) -> str:
    """`errors/camera` -> `errors/camera.md` (default language) or `errors/camera.ru.md`."""
    return f"{path}.md" if lang == default_lang else f"{path}.{lang}.md"


def _link_target(from_path: str, to_path: str) -> str:
    """Relative link between two generated pages, as MkDocs resolves it."""
    return posixpath.relpath(f"{to_path}.md", posixpath.dirname(from_path) or ".")


def _resolve_links(text: str, from_path: str, site: Site) -> str:
    def replace(match) -> str:
        page_id, anchor = match.groups()
        target = _link_target(from_path, site.pages[page_id].path)
        return f"]({target}#{anchor})" if anchor else f"]({target})"

    return PAGE_LINK.sub(replace, text)


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ", lambda line: line.strip() != "")


def _front_matter(title: str, description: str) -> str:
    # JSON strings are valid YAML scalars, which keeps quotes and colons safe.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndescription: {json.dumps(description, ensure_ascii=False)}\n---\n"


def _admonition(kind: str, title: str, body: str) -> str:
    return f'!!! {kind} "{title}"\n\n{_indent(body)}\n'


def _step(number: int, step: ResolvedStep, lang: str, page: Page, site: Site) -> str:
    labels = site.texts.labels

    def text(value: Text) -> str:
        return _resolve_links(value[lang], page.path, site)

    parts = [f"## {number}. {step.title[lang]} {{ #{step.id} }}\n"]
    if step.text:
        parts.append(text(step.text) + "\n")
    if step.os:
        for key, label in OS_TABS:
            variant: Optional[Text] = getattr(step.os, key)
            if variant is not None:
                parts.append(f'=== "{label}"\n\n{_indent(text(variant))}\n')
    if step.note:
        parts.append(_admonition("note", labels.note[lang], text(step.note)))
    if step.warning:
        parts.append(_admonition("warning", labels.warning[lang], text(step.warning)))
    return "\n".join(parts)


def render_page(page: Page, lang: str, site: Site) -> str:
    """Markdown of one record's page in `lang`."""
    record = page.record
    labels = site.texts.labels
    parts = [_front_matter(record.title[lang], record.summary[lang]), f"# {record.title[lang]}\n"]
    if record.message:
        parts.append(_admonition("failure", labels.message[lang], f"**«{record.message[lang]}»**"))
    if record.intro:
        parts.append(_resolve_links(record.intro[lang], page.path, site) + "\n")
    parts.extend(_step(number, step, lang, page, site) for number, step in enumerate(page.steps, 1))
    if record.related:
        links = [
            f"- [{site.pages[related].record.title[lang]}]({_link_target(page.path, site.pages[related].path)})"
            for related in record.related
        ]
        parts.append(f"## {labels.related[lang]} {{ #related }}\n\n" + "\n".join(links) + "\n")
    return "\n".join(parts)


def render_home(site: Site, lang: str) -> str:
    """Markdown of the home page: every error by the message the candidate sees."""
    home, labels = site.texts.home, site.texts.labels
    parts = [_front_matter(home.title[lang], home.summary[lang]), f"# {home.title[lang]}\n"]
    parts.append(_resolve_links(home.intro[lang], "index", site) + "\n")

    def listing(heading: Text, anchor: str, pages: list[Page], by_message: bool) -> str:
        items = []
        for page in pages:
            record = page.record
            label = f"«{record.message[lang]}»" if by_message else record.title[lang]
            items.append(f"- [{label}]({page.path}.md) — {record.summary[lang]}")
        return f"## {heading[lang]} {{ #{anchor} }}\n\n" + "\n".join(items) + "\n"

    sections = {name: [p for p in site.pages.values() if p.section == name] for name in ("errors", "", "help")}
    parts.append(listing(labels.home_errors, "errors", sections["errors"], by_message=True))
    parts.append(listing(labels.home_guides, "guides", sections[""], by_message=False))
    parts.append(listing(labels.home_help, "help", sections["help"], by_message=False))
    return "\n".join(parts)
