"""Start a page: write docs/records/<folder>/<id>.yml with every required field to be written.

    python scripts/new_page.py ID error|guide        (or: make new-page ID=… KIND=error|guide)

Errors go to errors/, guides to help/. Every text starts with "TODO" in every
language, and the build refuses the page (one line per field) until each
is written, so a half-written page can never be published. The id becomes
the page's address: ASCII kebab-case, not taken by a page, and never
published before (docs/records/_published.yml), since staff may have sent
the old address.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from helpsite import LANGUAGES
from helpsite.content import registry
from helpsite.content.load import RESERVED_IDS, SECTIONS, TO_WRITE
from helpsite.paths import RECORDS

FOLDERS = {"error": "errors", "guide": "help"}
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")



def _texts(indent: str, what: str) -> str:
    """One line to write per language of the site."""
    return "".join(f'{indent}{lang}: "{TO_WRITE}: {what} ({lang})"\n' for lang in LANGUAGES)


MESSAGE = ("message:  # the proctoring system's message, quoted from _labels.yml («@proctoring.…», where its source is\n"
           "         # recorded); delete `message:` when no source gives it: a page never invents one\n"
           + _texts("  ", "the message's label id from _labels.yml, as @proctoring.webcam-error in « »"))
TEMPLATE = f"""# yaml-language-server: $schema=../schemas/record.json
id: {{id}}
kind: {{kind}}
order: 100                  # position in the menu, smaller first
{{message}}title:
{_texts("  ", "the page title")}summary:                    # one sentence; search engines and the home page show it
{_texts("  ", "one sentence")}steps:
  - id: first-step          # the step's anchor: /{{folder}}/{{id}}/#first-step (ASCII kebab-case)
    title:
{_texts("      ", "the step's title")}    text:                   # Markdown; quote interface labels as «@chrome.manage» (docs/records/_labels.yml)
{_texts("      ", "what to do")}"""


def problem(page_id: str, records: Path) -> str | None:
    if not KEBAB.match(page_id):
        return f"'{page_id}' is not ASCII kebab-case (like `camera-blocked`): it becomes the page's address"
    if page_id in RESERVED_IDS:
        return f"'{page_id}' is taken by the site itself"
    existing = [path for folder in SECTIONS for path in [records / folder / f"{page_id}.yml"] if path.exists()]
    if existing:
        return f"'{page_id}' exists: {existing[0].relative_to(records.parent.parent)}"
    published = registry.read(records / registry.REGISTRY_FILE)
    addresses = set(published.pages) | {address.partition("#")[0] for address in published.moved}
    if any(address.rsplit("/", 1)[-1] == page_id for address in addresses):
        return f"'{page_id}' was published before ({registry.REGISTRY_FILE}): choose a new id"
    return None


def main(argv: list[str], records: Path = RECORDS) -> int:
    if len(argv) != 2 or argv[1] not in FOLDERS:
        print("usage: make new-page ID=<kebab-case-id> KIND=error|guide", file=sys.stderr)
        return 2
    page_id, kind = argv
    wrong = problem(page_id, records)
    if wrong:
        print(f"new-page: {wrong}", file=sys.stderr)
        return 1
    folder = FOLDERS[kind]
    target = records / folder / f"{page_id}.yml"
    target.write_text(TEMPLATE.format(id=page_id, kind=kind, folder=folder, message=MESSAGE if kind == "error" else ""),
                      encoding="utf-8")
    print(f"{target.relative_to(records.parent.parent)}: written. Replace every {TO_WRITE} text in every language; "
          "the build refuses the page until then.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
