"""Annotated pictures: specs in docs/records/pictures/, drawn per language with Pillow.

A spec gives a caption and alt text in both languages, the operating system
it shows (if one) and the callouts (numbered badge, box, ellipse, arrow,
blur) in CSS pixels of the picture; records place it in steps. The source of each language is `sources/<id>.<lang>.png`, taken at
twice the size by scripts/capture_pictures.py: a capture of an HTML mock-up
(`mockup:`, marked as an illustration), a screenshot of one of the site's own
device checks after it ran (`screenshot:`, marked with what it was taken
from, so a test notices when it goes stale), or a real screenshot saved under
the same name. Output: WebP at 1x and 2x, named by a hash of everything that
goes into them, so an unchanged picture is not drawn again.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from pydantic import Field, model_validator

from . import LANGUAGES
from .load import PICTURES_FOLDER, Reader, RecordErrors, Site
from .render import check_widget
from .schema import CheckName, Slug, Strict, Text, did_you_mean

SCALE = 2  # sources are taken at twice the CSS size, for high-density screens
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")  # Debian's fonts-dejavu-core: has ә ғ қ ң ө ұ ү һ і
RENDERER_VERSION = "2"  # change when drawing changes, so cached pictures are drawn again
ILLUSTRATION_MARK = "help-site-illustration"  # PNG text key set by scripts/capture_pictures.py
SCREENSHOT_MARK = "help-site-screenshot"  # PNG text: screenshot_inputs() of what the screenshot was taken from
TARGETS_MARK = "help-site-targets"  # PNG text: JSON {name: [x, y, w, h]} of the callout targets
RED = (211, 47, 47)

Point = tuple[int, int]
Box = tuple[int, int, int, int]  # x, y, width, height


class Callout(Strict):
    kind: Literal["badge", "box", "ellipse", "arrow", "blur"]
    number: Optional[int] = Field(default=None, ge=1, description="badge: the step's sub-item number")
    at: Optional[Point] = None
    box: Optional[Box] = None
    start: Optional[Point] = Field(default=None, alias="from")
    end: Optional[Point] = Field(default=None, alias="to")
    label: Optional[Text] = None
    side: Literal["below", "above", "left", "right"] = Field(default="below", description="where a box's label goes")
    target: Optional[Slug] = Field(default=None, description="a named target of the source (mock-up or screenshot), instead of at/box")

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Callout:
        if self.target:
            return self
        needs = {"badge": ("number", "at"), "box": ("box",), "ellipse": ("box",), "blur": ("box",), "arrow": ("start", "end")}
        missing = [name for name in needs[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.kind} needs {', '.join('from' if m == 'start' else 'to' if m == 'end' else m for m in missing)}")
        return self

    def placed(self, targets: dict[str, list[int]]) -> Callout:
        """This callout with `target` turned into a box (or a badge at the box's top-right corner)."""
        if not self.target:
            return self
        x, y, w, h = targets[self.target]
        pad = 4
        if self.kind == "badge":
            return self.model_copy(update={"at": (x + w + pad + 4, y), "target": None})  # beside the text, not on it
        return self.model_copy(update={"box": (x - pad, y - pad, w + 2 * pad, h + 2 * pad), "target": None})

    def points(self) -> list[Point]:
        points = [p for p in (self.at, self.start, self.end) if p]
        if self.box:
            x, y, w, h = self.box
            points += [(x, y), (x + w, y + h)]
        return points


class Mockup(Strict):
    html: Optional[Slug] = Field(default=None, description="mockups/<html>.html when several pictures share one; else the picture's id")
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    strings: dict[str, str] = Field(
        default={}, description="{{name}} -> a label id of _labels.yml (`chrome.manage`, or a path `a.b > a.c`), "
                                "drawn as the candidate most likely sees it")


class Screenshot(Strict):
    """One of the site's device checks, run in Chromium with fake devices and captured."""

    page: Slug = Field(description="the page whose widget is run, e.g. check")
    check: CheckName
    targets: dict[Slug, str] = Field(default={}, description="callout targets: name -> CSS selector inside the widget")


class PictureSpec(Strict):
    """One picture; records place it with a step's `pictures:` (one or several steps)."""

    id: Slug
    os: Optional[Literal["windows", "macos"]] = Field(
        default=None, description="what it shows: inside this OS's tab of a step that has OS tabs")
    caption: Text
    alt: Text
    mockup: Optional[Mockup] = None
    screenshot: Optional[Screenshot] = None
    callouts: list[Callout] = []

    @model_validator(mode="after")
    def _one_origin(self) -> PictureSpec:
        if self.mockup and self.screenshot:
            raise ValueError("give mockup or screenshot, not both")
        return self


@dataclass(frozen=True)
class Picture:
    spec: PictureSpec
    folder: Path

    def mockup(self) -> Optional[Path]:
        if not self.spec.mockup:
            return None
        return self.folder / "mockups" / f"{self.spec.mockup.html or self.spec.id}.html"

    def source(self, lang: str) -> Path:
        return self.folder / "sources" / f"{self.spec.id}.{lang}.png"

    def is_illustration(self, lang: str) -> bool:
        with Image.open(self.source(lang)) as image:
            return ILLUSTRATION_MARK in image.info

    def key(self, lang: str) -> str:
        # What is drawn: the source and this language's callouts (captions and alt text live in the page).
        callouts = [{**callout.model_dump(mode="json"), "label": callout.label[lang] if callout.label else None}
                    for callout in self.spec.callouts]
        digest = hashlib.sha256(RENDERER_VERSION.encode())
        digest.update(json.dumps(callouts, sort_keys=True).encode())
        digest.update(lang.encode())
        digest.update(self.source(lang).read_bytes())
        return digest.hexdigest()[:10]

    def names(self, lang: str) -> tuple[str, str]:
        """File names of the 1x and 2x pictures."""
        stem = f"{self.spec.id}.{lang}.{self.key(lang)}"
        return f"{stem}.webp", f"{stem}@2x.webp"

    def size(self, lang: str) -> tuple[int, int]:
        with Image.open(self.source(lang)) as image:
            return image.width // SCALE, image.height // SCALE

    def targets(self, lang: str) -> dict[str, list[int]]:
        with Image.open(self.source(lang)) as image:
            return json.loads(image.info.get(TARGETS_MARK, "{}"))

    def callouts(self, lang: str) -> list[Callout]:
        """The callouts in this language's picture, targets resolved."""
        targets = self.targets(lang)
        return [callout.placed(targets) for callout in self.spec.callouts]


def screenshot_inputs(picture: Picture, lang: str, site: Site, assets: Path) -> str:
    """A hash of what a screenshot of a device check shows: its markup, texts, scripts, styles and targets.

    `assets` is docs/assets. When it differs from the one stored in the source,
    the screenshot is stale and scripts/capture_pictures.py takes it again.
    """
    shot = picture.spec.screenshot
    digest = hashlib.sha256(shot.model_dump_json().encode())
    digest.update(check_widget(shot.check, lang, site.pages[shot.page], site).encode())
    digest.update(site.checks.checks[shot.check].model_dump_json().encode())
    digest.update(site.checks.common.model_dump_json().encode())
    for path in sorted((assets / "javascripts" / "checks").glob("*.js")) + [assets / "stylesheets" / "site.css"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_pictures(records: Path, site: Site) -> dict[str, Picture]:
    """Every picture spec, checked against its sources and its page; RecordErrors lists the problems."""
    folder = records / PICTURES_FOLDER
    reader = Reader(records, site.labels)
    pictures: dict[str, Picture] = {}
    for path in sorted(folder.glob("*.yml")):
        spec = reader.read(path, PictureSpec)
        if spec is None:
            continue
        picture = Picture(spec, folder)
        if spec.id != path.stem:
            reader.report(path, "", "id", f"must match the file name '{path.stem}'")
        for name, reference in (spec.mockup.strings.items() if spec.mockup else ()):
            problem = site.labels.resolve(reference)[1]
            if problem:
                reader.report(path, "", f"mockup.strings.{name}", problem)
        mockup = picture.mockup()
        if mockup and not mockup.exists():
            reader.report(path, "", "mockup", f"{reader.where(mockup)} is missing")
        shot = spec.screenshot
        if shot and not any(step.check == shot.check for step in getattr(site.pages.get(shot.page), "steps", ())):
            reader.report(path, "", "screenshot", f"page '{shot.page}' has no {shot.check} check")
        for lang in LANGUAGES:
            source = picture.source(lang)
            if not source.exists():
                reader.report(path, "", "source", f"{reader.where(source)} is missing (scripts/capture_pictures.py draws it)")
                continue
            width, height = picture.size(lang)
            targets = picture.targets(lang)
            unknown = [(i, c.target) for i, c in enumerate(spec.callouts) if c.target and c.target not in targets]
            for index, target in unknown:
                reader.report(path, "", f"callouts[{index}].target", f"no target '{target}' in the {lang} source")
            if unknown:
                continue
            for index, callout in enumerate(picture.callouts(lang)):
                unknown_glyphs = missing_glyphs(callout.label[lang]) if callout.label else set()
                if unknown_glyphs:
                    reader.report(path, "", f"callouts[{index}].label.{lang}",
                                  f"the picture font has no {' '.join(sorted(unknown_glyphs))}: it would draw empty boxes")
                outside = [p for p in callout.points() if not (0 <= p[0] <= width and 0 <= p[1] <= height)]
                if outside:
                    reader.report(path, "", f"callouts[{index}]", f"{outside[0]} is outside the {width}x{height} picture ({lang})")
        pictures[spec.id] = picture
    shown = set()
    for page in site.pages.values():
        for index, step in enumerate(page.steps):
            for position, name in enumerate(step.pictures):
                picture = pictures.get(name)
                if picture is None:
                    field = f"steps[{index}].pictures[{position}]"
                    reader.report(page.source, page.id, field,
                                  f"no picture '{name}' in {PICTURES_FOLDER}/{did_you_mean(name, pictures)}")
                    continue
                shown.add(name)
                _check_placement(reader, picture, page, step)
    for name in sorted(set(pictures) - shown):
        reader.report(folder / f"{name}.yml", "", "id", f"no step shows '{name}': add it to a step's `pictures:`")
    if reader.problems:
        raise RecordErrors(reader.problems)
    return pictures


def _check_placement(reader: Reader, picture: Picture, page, step) -> None:
    """A picture of one OS needs that tab when the step has tabs; its badges, sub-items of the step."""
    spec, path = picture.spec, picture.folder / f"{picture.spec.id}.yml"
    where = f"{page.id}#{step.id}"
    if spec.os and step.os and not getattr(step.os, spec.os):
        reader.report(path, "", "os", f"shows {spec.os}, and the tabs of {where} have no {spec.os} tab")
        return
    items = _sub_items(step, spec.os if step.os else None)
    for index, callout in enumerate(spec.callouts):
        if callout.number and callout.number not in items:
            reader.report(path, "", f"callouts[{index}].number",
                          f"{where} has no sub-item {callout.number} (it has {sorted(items) or 'none'})")


def _sub_items(step, os: Optional[str]) -> set[int]:
    """Numbers of the step's numbered sub-items ("1. ...") in both languages, in its OS tab when `os` is given."""
    variants = [step.os.windows, step.os.macos] if step.os else []
    texts = [getattr(step.os, os, None)] if os else [step.text, *variants]
    numbers = [{int(n) for n in re.findall(r"^(\d+)\. ", text[lang], re.M)} for text in texts if text for lang in LANGUAGES]
    return set.intersection(*numbers) if numbers else set()


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


@functools.cache
def _glyph_pixels(char: str) -> bytes:
    canvas = Image.new("L", (64, 64))
    ImageDraw.Draw(canvas).text((8, 8), char, font=_font(40), fill=255)
    return canvas.tobytes()


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` the font would draw as the empty 'missing glyph' box."""
    notdef = _glyph_pixels("\uffff")
    return {char for char in set(text) if not char.isspace() and _glyph_pixels(char) == notdef}


def draw(picture: Picture, lang: str) -> tuple[bytes, bytes]:
    """The 1x and 2x WebP of one language."""
    with Image.open(picture.source(lang)) as source:
        image = source.convert("RGB")
    pen = ImageDraw.Draw(image)
    s = SCALE
    for callout in picture.callouts(lang):
        if callout.kind == "blur":
            x, y, w, h = (v * s for v in callout.box)
            region = image.crop((x, y, x + w, y + h)).filter(ImageFilter.GaussianBlur(6 * s))
            image.paste(region, (x, y))
        elif callout.kind in ("box", "ellipse"):
            x, y, w, h = (v * s for v in callout.box)
            shape = pen.rounded_rectangle if callout.kind == "box" else pen.ellipse
            kwargs = {"radius": 4 * s} if callout.kind == "box" else {}
            shape((x, y, x + w, y + h), outline=RED, width=3 * s, **kwargs)
        elif callout.kind == "arrow":
            (x1, y1), (x2, y2) = ((v * s for v in p) for p in (callout.start, callout.end))
            pen.line((x1, y1, x2, y2), fill=RED, width=3 * s)
            length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1)
            ux, uy = (x2 - x1) / length, (y2 - y1) / length
            head = 10 * s
            pen.polygon([(x2, y2), (x2 - head * ux + head * 0.6 * uy, y2 - head * uy - head * 0.6 * ux),
                         (x2 - head * ux - head * 0.6 * uy, y2 - head * uy + head * 0.6 * ux)], fill=RED)
        elif callout.kind == "badge":
            radius = 12 * s
            # A badge on a control at the edge stays whole inside the picture.
            x = min(max(callout.at[0] * s, radius), image.width - radius)
            y = min(max(callout.at[1] * s, radius), image.height - radius)
            pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=RED, outline="white", width=2 * s)
            pen.text((x, y), str(callout.number), fill="white", font=_font(14 * s), anchor="mm")
        if callout.label:
            _label(pen, callout, callout.label[lang], image.size)
    small = image.resize((image.width // s, image.height // s), Image.LANCZOS)
    return _webp(small), _webp(image)


def _label(pen: ImageDraw.ImageDraw, callout: Callout, text: str, size: tuple[int, int]) -> None:
    """A label beside a point (badge, arrow head) or on the chosen side of a box, kept inside the picture."""
    s, margin, font = SCALE, 4 * SCALE, _font(12 * SCALE)
    left, top, right, bottom = pen.textbbox((0, 0), text, font=font, anchor="lt")
    width, height = right - left + 8 * s, bottom - top + 6 * s
    if callout.box:
        bx, by, bw, bh = (v * s for v in callout.box)
        x, y = {"below": (bx, by + bh + 4 * s), "above": (bx, by - 4 * s - height),
                "left": (bx - 6 * s - width, by + (bh - height) // 2), "right": (bx + bw + 6 * s, by + (bh - height) // 2)}[callout.side]
        if callout.side == "below" and y + height > size[1] - margin:
            y = by - 4 * s - height
    else:
        px, py = (v * s for v in (callout.at or callout.end))
        x, y = px + 16 * s, py - height // 2
    x = min(max(x, margin), size[0] - margin - width)
    y = min(max(y, margin), size[1] - margin - height)
    pen.rounded_rectangle((x, y, x + width, y + height), radius=3 * s, fill="white", outline=RED, width=s)
    pen.text((x + 4 * s - left, y + 3 * s - top), text, fill=RED, font=font, anchor="lt")


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=80, method=6)
    return out.getvalue()


def write_pictures(pictures: dict[str, Picture], folder: Path) -> list[str]:
    """Draw what changed into `folder` (docs/assets/pictures), remove what no page uses; returns names written."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted, written = set(), []
    for picture in pictures.values():
        for lang in LANGUAGES:
            names = picture.names(lang)
            wanted.update(names)
            if all((folder / name).exists() for name in names):
                continue  # same hash: nothing that goes into it changed
            for name, data in zip(names, draw(picture, lang)):
                (folder / name).write_bytes(data)
                written.append(name)
    for stale in folder.glob("*.webp"):
        if stale.name not in wanted:
            stale.unlink()
    return written
