"""Help-site generator: YAML records in both languages -> Markdown pages.

Plain modules so the site can move to another generator later; MkDocs only
sees them through scripts/mkdocs_hooks.py.

- schema:   what a record, the shared steps and the site texts may contain
- load:     read and validate docs/records/, resolve shared steps, cross-check
- render:   one page in one language as Markdown
- generate: write the Markdown files and build the navigation
"""

LANGUAGES = ("kk", "ru")
DEFAULT_LANGUAGE = "kk"
