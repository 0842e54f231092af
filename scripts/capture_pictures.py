"""Draw the HTML mock-ups of docs/records/pictures/mockups/ as PNG sources, per language.

    python scripts/capture_pictures.py [picture-id ...]

Each mock-up's {{name}} placeholders are filled from its spec (`mockup.strings`;
one left empty stops it), the icons of mockups/icons.svg are put in, it is
captured in Debian's Chromium at twice its size, and saved as
sources/<id>.<lang>.png with a mark saying it is an illustration and the box
of every `[data-callout=name]` element, which callouts can point at by name
(the boxes differ per language when the texts do). A real
screenshot saved under the same name has no such mark and is kept: only
sources that are missing or were made by this script are drawn again.
"""

from __future__ import annotations

import html
import json
import re
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from helpsite import LANGUAGES  # noqa: E402
from helpsite.load import Reader  # noqa: E402
from helpsite.pictures import ILLUSTRATION_MARK, SCALE, TARGETS_MARK, Picture, PictureSpec  # noqa: E402

FOLDER = Path(__file__).resolve().parent.parent / "docs" / "records" / "pictures"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


def is_real_screenshot(path: Path) -> bool:
    if not path.exists():
        return False
    with Image.open(path) as image:
        return ILLUSTRATION_MARK not in image.info


def main(ids: list[str]) -> None:
    reader = Reader(FOLDER.parent)
    specs = [reader.read(path, PictureSpec) for path in sorted(FOLDER.glob("*.yml"))]
    if reader.problems:
        sys.exit("\n".join(reader.problems))
    unknown = set(ids) - {spec.id for spec in specs}
    if unknown:
        sys.exit(f"capture_pictures: no spec for {', '.join(sorted(unknown))} in {FOLDER}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for spec in specs:
            if not spec.mockup or (ids and spec.id not in ids):
                continue
            template = Picture(spec, FOLDER).mockup().read_text(encoding="utf-8")
            icons = (FOLDER / "mockups" / "icons.svg").read_text(encoding="utf-8")
            for lang in LANGUAGES:
                target = FOLDER / "sources" / f"{spec.id}.{lang}.png"
                if is_real_screenshot(target):
                    print(f"{target.name}: a real screenshot, kept")
                    continue
                page_html = template.replace("<body>", "<body>" + icons, 1)
                for name, text in spec.mockup.strings.items():
                    page_html = page_html.replace("{{" + name + "}}", html.escape(text[lang]))
                unfilled = sorted(set(re.findall(r"\{\{(\w+)\}\}", page_html)))
                if unfilled:
                    sys.exit(f"capture_pictures: {spec.id}.yml: mockup.strings: no text for {', '.join(unfilled)}")
                page = chromium.new_page(viewport={"width": spec.mockup.width, "height": spec.mockup.height},
                                         device_scale_factor=SCALE)
                page.set_content(page_html)
                targets = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-callout]')]
                    .map(e => { const r = e.getBoundingClientRect(); return [e.dataset.callout, [r.x, r.y, r.width, r.height].map(Math.round)] }))""")
                with tempfile.NamedTemporaryFile(suffix=".png") as shot:
                    page.screenshot(path=shot.name)
                    page.close()
                    info = PngInfo()
                    info.add_text(ILLUSTRATION_MARK, spec.id)
                    info.add_text(TARGETS_MARK, json.dumps(targets))
                    with Image.open(shot.name) as image:
                        image.save(target, pnginfo=info, optimize=True)
                print(f"{target.name}: drawn")
        chromium.close()


if __name__ == "__main__":
    main(sys.argv[1:])
