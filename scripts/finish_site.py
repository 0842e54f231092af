"""Finish a built site for production serving (run by `make build`): python scripts/finish_site.py SITE_DIR"""

import argparse
from pathlib import Path

from helpsite.build.finish import finish

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("site", type=Path, help="the folder MkDocs built")
finish(parser.parse_args().site)
