"""List the label catalogue's entries still unverified, per product and interface language.

    python scripts/labels_report.py        (or: make labels)

Content owners confirm these on a real machine: open the interface in that
language, compare the text, and write `source: seen on <system, version>`
on the label in docs/records/_labels.yml. Chrome's labels come from
Chromium's translation files and are verified by their message id.
Exit status 0; the list is information, not a failure.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from helpsite.load import RecordErrors, load_site  # noqa: E402

RECORDS = Path(__file__).resolve().parent.parent / "docs" / "records"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        catalogue = load_site(args.records).labels
    except RecordErrors as error:
        print(error, file=sys.stderr)
        return 1
    by_product = defaultdict(list)
    for key, label in catalogue.labels.items():
        by_product[label.product].append((key, label))
    print(f"{len(catalogue.labels)} labels; Chrome's from {catalogue.chrome_revision}")
    for product, labels in by_product.items():
        verified = sum(label.verified for _, label in labels)
        name = catalogue.products[product].name
        print(f"\n{name}: {len(labels)} labels, {verified} verified, {len(labels) - verified} unverified")
        for lang in catalogue.products[product].languages:
            pending = [(key, label.texts[lang]) for key, label in labels if not label.verified]
            if pending:
                print(f"  unverified in {lang}:")
                print("\n".join(f"    {key}: {text}" for key, text in pending))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
