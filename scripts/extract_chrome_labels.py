"""Write docs/records/_chrome.yml: Chrome's labels the catalogue names, from Chromium's own files.

    python scripts/extract_chrome_labels.py CHROMIUM [--revision REV]    (or: make chrome-labels CHROMIUM=…)

CHROMIUM is a Chromium checkout (src/) or a folder holding the needed
`.grd`/`.grdp` files (or `<name>.excerpt.xml` excerpts) and `.xtb`
translation files, like tests/fixtures/chromium/. Every `chromium:` id in
docs/records/_labels.yml is looked up: the English source message whose grit
fingerprint is that id, and its translation in each language Chrome ships
for the site. The revision defaults to the checkout's git commit. Nothing is
written when a message or a translation is missing; a malformed file is
named with its line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from helpsite.chromium import ChromiumError, extract  # noqa: E402
from helpsite.labels import CHROME_FILE, LABELS_FILE, CatalogueFile, chromium_ids, english_by_fingerprint  # noqa: E402

RECORDS = Path(__file__).resolve().parent.parent / "docs" / "records"
HEADER = ("# Chrome's interface labels, extracted from Chromium's translation files by\n"
          "# scripts/extract_chrome_labels.py for the `chromium:` ids of _labels.yml. Do not edit: run it again.\n")


def revision_of(folder: Path) -> str:
    result = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("chromium", type=Path, help="a Chromium checkout or a folder of its string files")
    parser.add_argument("--revision", help="what the files are (default: the checkout's git commit)")
    parser.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    catalogue = CatalogueFile.model_validate(yaml.safe_load((args.records / LABELS_FILE).read_text(encoding="utf-8")))
    chrome = catalogue.products["chrome"]
    languages = [lang for lang in chrome.languages if lang != "en"]
    revision = args.revision or revision_of(args.chromium)
    if not revision:
        print("extract_chrome_labels: not a git checkout: say which files these are with --revision", file=sys.stderr)
        return 2
    try:
        found = extract(args.chromium, chromium_ids(catalogue), languages, english_by_fingerprint(catalogue))
    except ChromiumError as error:
        print(f"extract_chrome_labels: {error}", file=sys.stderr)
        return 1
    if found.missing:
        print("\n".join(f"extract_chrome_labels: {problem}" for problem in found.missing), file=sys.stderr)
        return 1
    table = {"revision": revision, "messages": {identifier: {lang: texts[lang] for lang in ("en", *languages)}
                                                 for identifier, texts in found.messages.items()}}
    target = args.records / CHROME_FILE
    target.write_text(HEADER + yaml.safe_dump(table, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    print(f"{target}: {len(found.messages)} messages ({', '.join(('en', *languages))}) from {revision}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
