"""Addresses: where a page's Markdown goes, its URL per language, links between pages, the `?os=` values.

The default language is at the site root, the others under `<lang>/`
(mkdocs-static-i18n's layout); every other module asks here.
"""

from __future__ import annotations

import posixpath

from helpsite import DEFAULT_LANGUAGE

# `?os=` value -> the tab label shown on the page (and synced by Material).
OS_TABS = {"windows": "Windows", "macos": "macOS"}


def markdown_path(path: str, lang: str, default_lang: str) -> str:
    """`errors/camera` -> `errors/camera.md` (default language) or `errors/camera.ru.md`."""
    return f"{path}.md" if lang == default_lang else f"{path}.{lang}.md"


def page_url(path: str, lang: str) -> str:
    """URL of a page relative to the site root: `ru/errors/camera/`, `` for the Kazakh home."""
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    return prefix + (f"{path}/" if path and path != "index" else "")


def relative_url(from_path: str, to_address: str) -> str:
    """Link from one page to `path#anchor` of the same language, as directory URLs."""
    to_path, _, anchor = to_address.partition("#")
    fragment = f"#{anchor}" if anchor else ""
    if to_path == from_path:
        return fragment or "./"
    return posixpath.relpath(to_path or ".", from_path) + "/" + fragment


def link_target(from_path: str, to_path: str) -> str:
    """Relative link between two generated pages, as MkDocs resolves it."""
    return posixpath.relpath(f"{to_path}.md", posixpath.dirname(from_path) or ".")

