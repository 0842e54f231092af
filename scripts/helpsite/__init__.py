"""Help-site generator: YAML records in every language of the site -> Markdown pages, and what serves,
audits and reports on them. Plain Python, so the site can move to another generator later; MkDocs only sees
it through scripts/mkdocs_hooks.py. The README's map lists every module in one line.

- config, paths: the settings read once from mkdocs.yml (typed); where the project's files are
- content/:      records: models, loading and cross-checks, the YAML and Markdown they may hold, the link
                 registry, translations, the editor's JSON Schemas
- labels/:       the interface label catalogue, and labels kept verbatim in Markdown
- chrome/:       Chrome's own words (locale packs, the Kazakh snapshot), its documented flows and their replay
- render/:       a record as Markdown in one language, addresses, check widgets, end of page, search documents,
                 redirects, what each page carries for its scripts, the patches to Material's HTML
- build/:        one build (plan), the post-build finishing, Material's stylesheet trimmed
- events/:       the pages' events: the one contract, reading the logs, the staff's report
- serve/:        nginx's configuration; a real nginx for tests and benches
- audit/:        Debian's Chromium, page weight and accessibility audits, search recall
- pictures/:     annotated pictures (spec, validate, draw, output)
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
