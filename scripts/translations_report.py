"""List the texts edited in some of the site's languages since all were confirmed to match.

    python scripts/translations_report.py [--confirm FILE_OR_PAGE_ID]
    (or: make translations, make translations CONFIRM=errors/camera.yml | camera)

Each stale text is printed as `file: record 'id': field: kk changed, ru not`,
with each changed language's text as confirmed (from git's history) and as it
is now; translate the others, then confirm. Exit status 1 while any is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpsite.content.translations import TranslationsError, confirmed_text, refresh
from helpsite.paths import RECORDS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--confirm", help="a file under docs/records/ (errors/camera.yml) or a page id (camera)")
    parser.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    confirm = args.confirm.removeprefix("docs/records/") if args.confirm else None
    try:
        stale = refresh(args.records, confirm)
    except TranslationsError as error:
        print(f"translations: {error}", file=sys.stderr)
        return 2
    for item in stale:
        print(f"{item.pair.where()}: {', '.join(item.changed)} changed, {', '.join(item.unchanged)} not")
        for lang in item.changed:
            was = confirmed_text(args.records, item, lang)
            print(f"  {lang} was: {was if was is not None else '(not found in git history)'}")
            print(f"  {lang} now: {item.pair.text(lang)}")
    if stale:
        print(f"{len(stale)} stale text(s): update the other languages, then "
              "`make translations CONFIRM=<file or page id>`", file=sys.stderr)
        return 1
    print("translations: every text is confirmed in every language")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
