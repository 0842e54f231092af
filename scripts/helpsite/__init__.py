"""Help-site generator: YAML records in every language of the site -> Markdown pages.

Plain modules so the site can move to another generator later; MkDocs only
sees them through scripts/mkdocs_hooks.py.

- schema:        what a record, the shared steps, the site texts and the checks' texts may contain
- load:          read and validate docs/records/, resolve shared steps, cross-check; record_yaml: the YAML a
                 record may write (no anchors, aliases or repeated keys); markdown_safety: what its Markdown may publish
- labels:        the interface label catalogue, quoted per page language; label_markdown: labels kept verbatim
                 in Markdown
- chromium, chrome_pak: Chrome's strings from Chromium's translation files and the installed locale packs
- chrome_flows:  the Chrome flows the replay runs (scripts/chrome_replay.py), a label found in OCR's words
- build:         one build: load everything once, write docs/, plan the tracked files
- urls:          a page's address per language, links between pages, `?os=`
- render:        one page in one language as Markdown; the home page; the link index
- device_checks: the checks' widget markup and the texts their scripts fetch
- end_of_page:   "Did this solve your problem?" and the way to support; events: their contract
- generate:      write the Markdown files, build the navigation, list the files beside the pages
- pictures/:     annotated pictures (spec, validate, draw, output)
- registry:      published addresses that must never break, and where moved ones went
- redirects:     pages for moved addresses and the short e/<id>/ links
- search:        the per-language documents the in-browser search indexes
- translations:  which languages of a text changed since they were confirmed
- page_strings, html_patches: what each page carries for its scripts; the patches to Material's HTML
- trim_css:      Material's stylesheet without the rules the site cannot match
"""


from __future__ import annotations

from pathlib import Path

from helpsite.config import Settings, read_settings
from helpsite.paths import MKDOCS_CONFIG

_settings: Settings | None = None


def configure(config_file: Path) -> Settings:
    """Read the site's settings from `config_file` (the MkDocs hook passes the one being built)."""
    global _settings
    _settings = read_settings(Path(config_file))
    return _settings


def settings() -> Settings:
    """The settings configured, or this project's mkdocs.yml read on first use (scripts, tests)."""
    return _settings or configure(MKDOCS_CONFIG)


def __getattr__(name: str):
    # LANGUAGES and DEFAULT_LANGUAGE are read when first used, not when the package is imported.
    if name == "LANGUAGES":
        return settings().languages
    if name == "DEFAULT_LANGUAGE":
        return settings().default_language
    raise AttributeError(f"module 'helpsite' has no attribute {name!r}")
