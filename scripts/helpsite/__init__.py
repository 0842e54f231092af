"""Help-site generator: YAML records in both languages -> Markdown pages.

Plain modules so the site can move to another generator later; MkDocs only
sees them through scripts/mkdocs_hooks.py.

- schema:    what a record, the shared steps, the site texts and the checks' texts may contain
- load:      read and validate docs/records/, resolve shared steps, cross-check
- render:    one page in one language as Markdown; the link index; the checks' texts
- generate:  write the Markdown files, build the navigation, list the files beside the pages
- registry:  published addresses that must never break, and where moved ones went
- redirects: pages for moved addresses and the short e/<id>/ links
- search:    the per-language documents the in-browser search indexes
- trim_css:  Material's stylesheet without the rules the site cannot match
"""

LANGUAGES = ("kk", "ru")
DEFAULT_LANGUAGE = "kk"
