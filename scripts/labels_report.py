"""What the label catalogue rests on: Chrome's version, the replay's last run, and the labels still unconfirmed.

    python scripts/labels_report.py        (or: make labels)

Chrome's labels come from the installed Chromium's locale packs (English,
Russian) and Chromium's Kazakh translation files (`make chrome-labels`); a
Kazakh text is unconfirmed where the shipped Russian is newer than the
translation's. `make chrome-replay` finds every Chrome label on the real
screen and takes the Chrome pictures; this report says when it last ran
and which pictures are older than the labels. Other labels are confirmed on
a real machine: open the interface in that language, compare the text, and
write `source: seen on <system, version>` on the label in
docs/records/_labels.yml. Exit status 0; the lists are information.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from helpsite.content.load import RecordErrors, load_site
from helpsite.pictures import Picture, PictureSpec
from helpsite.paths import RECORDS

RUN_FILE = "_chrome_replay.yml"


def chrome_lines(site, records: Path) -> list[str]:
    chrome = site.labels.chrome
    lines = [f"Chrome's labels: Chromium {chrome.chromium} (its locale packs), Kazakh from {chrome.snapshot.split(';')[0]}"]
    run_file = records / RUN_FILE
    if run_file.exists():
        run = yaml.safe_load(run_file.read_text(encoding="utf-8"))
        flows = run.get("flows", {})
        lines.append(f"Chrome replay: {run['result']} on {run['date']} in Chromium {run['chromium']} "
                     f"({', '.join(run['languages'])}; {len(flows)} flows, {sum(flows.values())} actions, {run['seconds']} s)")
        if run["chromium"] != chrome.chromium:
            lines.append(f"  the labels are Chromium {chrome.chromium}'s: run make chrome-replay again")
    else:
        lines.append("Chrome replay: never recorded (make chrome-replay)")
    older = []
    for path in sorted((records / "pictures").glob("*.yml")):
        spec = PictureSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        if spec.replay:
            picture = Picture(spec, path.parent)
            taken = picture.chromium(spec.replay.shows) if picture.source(spec.replay.shows).exists() else "missing"
            if taken != chrome.chromium:
                older.append(f"    {spec.id}: {taken or 'no version'}")
    lines.append(f"Chrome pictures older than Chromium {chrome.chromium}: {len(older) or 'none'}"
                 + (" (make pictures)" if older else ""))
    return lines + older


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        site = load_site(args.records)
    except RecordErrors as error:
        print(error, file=sys.stderr)
        return 1
    catalogue = site.labels
    by_product = defaultdict(list)
    for key, label in catalogue.labels.items():
        by_product[label.product].append((key, label))
    print(f"{len(catalogue.labels)} labels")
    print("\n".join(chrome_lines(site, args.records)))
    for product, labels in by_product.items():
        verified = sum(label.verified for _, label in labels)
        name = catalogue.products[product].name
        print(f"\n{name}: {len(labels)} labels, {verified} verified, {len(labels) - verified} unverified")
        sources = defaultdict(int)
        for _, label in labels:
            if label.verified:
                sources[label.source.split(" IDS_")[0]] += 1  # a Chromium version, a vendor's strings, the guide …
        for source, count in sorted(sources.items()):
            print(f"  {count} from {source}")
        for lang in catalogue.products[product].languages:
            pending = [(key, label.texts[lang]) for key, label in labels if lang in label.texts and not label.confirmed(lang)]
            if pending:
                print(f"  not confirmed in {lang} (pages write it „approximate“):")
                print("\n".join(f"    {key}: {text}" for key, text in pending))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
