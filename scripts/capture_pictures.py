"""Take the PNG sources of the annotated pictures, per language, in Debian's Chromium.

    python scripts/capture_pictures.py [picture-id ...]      (or: make pictures PICTURES="id ...")

- `mockup:` specs: the HTML mock-up (mockups/<id>.html, or `mockup.html`) with
  its {{name}} placeholders filled from `mockup.strings` (one left empty stops
  it), the icons of mockups/icons.svg and its <link rel="stylesheet"> files of
  mockups/ put in, captured at twice its size,
  marked as an illustration. Drawn again on every run.
- `screenshot:` specs: the site is built (without pictures) and served by the
  production nginx, the page's device check is run with Chromium's fake
  microphone and screen and a camera showing a neutral figure
  (helpsite.pictures.camera_clip, never the fake camera's test card), and
  the widget is captured at twice its size. Taken again only when what it shows changed or the file is missing.

Each records a hash of what it was made from (helpsite.pictures.source_inputs):
the build stops on a source made from other inputs than today's.

Every source records the box of each callout target (`[data-callout=name]` in
a mock-up, `screenshot.targets` selectors in a widget), so callouts sit on the
right control in each language although the texts differ in length. A source
without these marks is a real screenshot someone saved: it is kept.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo
from playwright.sync_api import sync_playwright

from helpsite import LANGUAGES
from helpsite.labels.catalogue import Catalogue
from helpsite.content.load import RecordErrors, Reader, load_site
from helpsite.render.urls import page_url
from helpsite.pictures import (ILLUSTRATION_MARK, INPUTS_MARK, SCALE, SCREENSHOT_MARK, STYLESHEET, TARGETS_MARK, Picture,
                               PictureSpec, source_inputs)
from helpsite.audit.chromium import FAKE_MEDIA, launch
from helpsite.pictures.camera_clip import write_clip
from helpsite.serve.local import serve_directory
from helpsite.paths import FRONT_END as ASSETS, PROJECT as ROOT, RECORDS

FOLDER = RECORDS / "pictures"
BOXES = """selectors => Object.fromEntries(Object.entries(selectors).map(([name, selector]) => {
    const r = document.querySelector(selector)?.getBoundingClientRect()
    return [name, r && [r.x, r.y, r.width, r.height].map(Math.round)] }))"""
DONE = "name => ['pass', 'warn', 'fail'].includes(document.querySelector(`[data-check=${name}]`).dataset.status)"


def marks(path: Path) -> dict:
    if not path.exists():
        return {}
    with Image.open(path) as image:
        return dict(image.info)


def save(shot: bytes, target: Path, marks: dict[str, str], targets: dict) -> None:
    info = PngInfo()
    for mark, value in {**marks, TARGETS_MARK: json.dumps(targets)}.items():
        info.add_text(mark, value)
    with Image.open(io.BytesIO(shot)) as image:
        image.save(target, pnginfo=info, optimize=True)


def capture_mockup(chromium, picture: Picture, lang: str, target: Path, labels: Catalogue, inputs: str) -> None:
    spec = picture.spec
    page_file, icons = picture.mockup_files()[:2]
    page_html = page_file.read_text(encoding="utf-8").replace("<body>", "<body>" + icons.read_text(encoding="utf-8"), 1)
    page_html = STYLESHEET.sub(lambda link: f"<style>{(page_file.parent / link[1]).read_text(encoding='utf-8')}</style>",
                               page_html)
    for name, reference in spec.mockup.strings.items():
        page_html = page_html.replace("{{" + name + "}}", html.escape(labels.drawn(reference, lang)))
    unfilled = sorted(set(re.findall(r"\{\{(\w+)\}\}", page_html)))
    if unfilled:
        sys.exit(f"capture_pictures: {spec.id}.yml: mockup.strings: no text for {', '.join(unfilled)}")
    page = chromium.new_page(viewport={"width": spec.mockup.width, "height": spec.mockup.height}, device_scale_factor=SCALE)
    page.set_content(page_html)
    names = {element: f"[data-callout={element}]" for element in
             page.evaluate("() => [...document.querySelectorAll('[data-callout]')].map(e => e.dataset.callout)")}
    targets = page.evaluate(BOXES, names)
    save(page.screenshot(), target, {ILLUSTRATION_MARK: spec.id, INPUTS_MARK: inputs}, targets)
    page.close()


def capture_widget(chromium, base_url: str, site, picture: Picture, lang: str, target: Path, inputs: str) -> None:
    shot = picture.spec.screenshot
    context = chromium.new_context(viewport={"width": 760, "height": 900}, device_scale_factor=SCALE)
    page = context.new_page()
    page.goto(base_url + page_url(site.pages[shot.page].path, lang), wait_until="networkidle")
    widget = page.locator(f"[data-check={shot.check}]")
    widget.locator("[data-action=start]").click()
    page.wait_for_function(DONE, arg=shot.check, timeout=30000)
    page.wait_for_timeout(500)  # the result's last frame and layout
    box = widget.bounding_box()
    found = page.evaluate(BOXES, {name: f"[data-check={shot.check}] {selector}" for name, selector in shot.targets.items()})
    missing = [name for name, xywh in found.items() if xywh is None]
    if missing:
        sys.exit(f"capture_pictures: {picture.spec.id}.yml: screenshot.targets.{missing[0]}: "
                 f"nothing matches '{shot.targets[missing[0]]}' in the {shot.check} check after it ran")
    targets = {name: [round(v - o) for v, o in zip(xywh, (box["x"], box["y"], 0, 0))] for name, xywh in found.items()}
    save(widget.screenshot(), target, {SCREENSHOT_MARK: shot.check, INPUTS_MARK: inputs}, targets)
    context.close()


def main(ids: list[str]) -> None:
    try:
        site = load_site(RECORDS)
    except RecordErrors as error:
        sys.exit(str(error))
    reader = Reader(RECORDS, site.labels)
    specs = [reader.read(path, PictureSpec) for path in sorted(FOLDER.glob("*.yml"))]
    if reader.problems:
        sys.exit("\n".join(reader.problems))
    unknown = set(ids) - {spec.id for spec in specs}
    if unknown:
        sys.exit(f"capture_pictures: no spec for {', '.join(sorted(unknown))} in {FOLDER}")
    jobs = []  # (picture, lang, target, inputs)
    for spec in specs:
        if ids and spec.id not in ids or not (spec.mockup or spec.screenshot):
            continue
        picture = Picture(spec, FOLDER)
        for lang in LANGUAGES:
            target = picture.source(lang)
            found = marks(target)
            inputs = source_inputs(picture, lang, site, ASSETS)
            if target.exists() and ILLUSTRATION_MARK not in found and SCREENSHOT_MARK not in found:
                print(f"{target.name}: a real screenshot, kept")
            elif spec.mockup or inputs != found.get(INPUTS_MARK):
                jobs.append((picture, lang, target, inputs))
            else:
                print(f"{target.name}: up to date")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        clip = write_clip(Path(scratch))
        chromium = launch(playwright, FAKE_MEDIA + [f"--use-file-for-fake-video-capture={clip}"])
        for picture, lang, target, inputs in [job for job in jobs if job[0].spec.mockup]:
            capture_mockup(chromium, picture, lang, target, site.labels, inputs)
            print(f"{target.name}: drawn")
        widgets = [job for job in jobs if job[0].spec.screenshot]
        if widgets:
            print("building the site (without pictures) for the screenshots ...")
            subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={scratch}/site"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, env={**os.environ, "HELP_SITE_PICTURES": "off"})
            with serve_directory(Path(scratch) / "site") as served:
                for picture, lang, target, inputs in widgets:
                    capture_widget(chromium, served.https, site, picture, lang, target, inputs)
                    print(f"{target.name}: taken")
        chromium.close()


if __name__ == "__main__":
    main(sys.argv[1:])
