"""Write docs/records/_chrome.yml: the texts of the Chrome labels the catalogue quotes, as the installed Chromium ships them.

    python scripts/extract_chrome_labels.py        (or: make chrome-labels)

Every `chromium: IDS_…` of docs/records/_labels.yml is read from the
installed Chromium's locale packs (Debian's `chromium-l10n`,
/usr/lib/chromium/locales/<locale>.pak and its .pak.info) in each language
Chrome has there (English, Russian). A language the packs lack (Kazakh) comes
from Chromium's translation files committed in docs/records/chromium/ (their
revision in its REVISION file): found by grit's message id of the English
source message, and marked unconfirmed where the snapshot's text of a shipped
language differs from the pack's. Messages Chromium's build brands as
"Chromium" take Google Chrome's strings from the same snapshot.

Nothing is written when a pack is missing or corrupt, or a message is not
found; each problem is one line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from helpsite.chrome.packs import INSTALL, LOCALES, LocalePack, PakError, installed_version
from helpsite.chrome.snapshot import ChromiumError, Snapshot, extract
from helpsite.labels.catalogue import CHROME_FILE, LABELS_FILE, CatalogueFile, chromium_names
from helpsite.paths import RECORDS

SNAPSHOT = RECORDS / "chromium"
HEADER = ("# Chrome's interface labels for the `chromium:` names of _labels.yml: English and Russian from the\n"
          "# installed Chromium's locale packs, Kazakh from the snapshot in chromium/. Do not edit: make chrome-labels.\n")


def pack_locale(lang: str) -> str:
    return "en-US" if lang == "en" else lang


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT, help="Chromium's string files (default: %(default)s)")
    parser.add_argument("--locales", type=Path, default=LOCALES, help="the locale packs (default: %(default)s)")
    parser.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    parser.add_argument("--version", help=argparse.SUPPRESS)  # of packs that are not the installed browser's (tests)
    args = parser.parse_args(argv)
    catalogue = CatalogueFile.model_validate(yaml.safe_load((args.records / LABELS_FILE).read_text(encoding="utf-8")))
    languages = catalogue.products["chrome"].languages
    version = args.version or installed_version()
    if not version:
        print(f"extract_chrome_labels: no Chromium at /usr/bin/chromium; install it: {INSTALL}", file=sys.stderr)
        return 1
    try:
        packs = {lang: LocalePack.open(pack_locale(lang), args.locales) for lang in languages
                 if lang == "en" or (args.locales / f"{pack_locale(lang)}.pak").exists()}
        snapshot = Snapshot.read(args.snapshot, [lang for lang in languages if lang != "en"])
        revision = (args.snapshot / "REVISION").read_text(encoding="utf-8").strip()
    except (PakError, ChromiumError) as error:
        print(f"extract_chrome_labels: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"extract_chrome_labels: {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    found = extract(packs, snapshot, chromium_names(catalogue), languages)
    if found.problems:
        print("\n".join(f"extract_chrome_labels: {problem}" for problem in found.problems), file=sys.stderr)
        return 1
    table = {"chromium": version, "snapshot": revision, "messages": found.messages}
    target = args.records / CHROME_FILE
    target.write_text(HEADER + yaml.safe_dump(table, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    unconfirmed = sorted({lang for entry in found.messages.values() for lang in entry.get("unconfirmed", {})})
    counts = ", ".join(f"{lang} {sum(lang in entry.get('unconfirmed', {}) for entry in found.messages.values())}"
                       for lang in unconfirmed)
    print(f"{target}: {len(found.messages)} messages from Chromium {version} ({', '.join(sorted(packs))}) and "
          f"{revision.split(';')[0]} ({', '.join(lang for lang in languages if lang not in packs)})"
          + (f"; unconfirmed: {counts}" if counts else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
