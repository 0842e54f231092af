"""Publish the exam-day notice into a built site, or clear it (run by `make notice`):

    KK="…" RU="…" python scripts/publish_notice.py --site site --until 2026-06-10T18:00+05:00
    python scripts/publish_notice.py --site site --clear

Each language's text comes from the variable named by its code in capitals (KK, RU: make passes its own).
A refused notice prints one line and exits with 2; the published notice stays as it was.
"""

import argparse
import os
import sys
from pathlib import Path

from helpsite import LANGUAGES
from helpsite.serve.notice import NoticeRefused, run

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: %(default)s)")
parser.add_argument("--until", default="", help="when the notice stops showing, with its UTC offset")
parser.add_argument("--clear", action="store_true", help="publish no notice")
args = parser.parse_args()
try:
    print(run(args.site, {lang: os.environ.get(lang.upper(), "") for lang in LANGUAGES}, args.until, args.clear,
              LANGUAGES))
except NoticeRefused as refused:
    print(f"make notice: {refused}", file=sys.stderr)
    sys.exit(2)
