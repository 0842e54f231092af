"""What a picture spec (docs/records/pictures/<id>.yml) may contain, and a picture's files per language."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from PIL import Image
from pydantic import Field, model_validator

from helpsite.content.models import CheckName, Slug, Strict, Text

SCALE = 2  # sources are taken at twice the CSS size, for high-density screens
BADGE_RADIUS = 12  # CSS pixels
MIN_TARGET = 16  # CSS pixels: the smallest box a callout is drawn around
RENDERER_VERSION = "4"  # change when drawing changes, so cached pictures are drawn again
ILLUSTRATION_MARK = "help-site-illustration"  # PNG text key set by scripts/capture_pictures.py
SCREENSHOT_MARK = "help-site-screenshot"  # PNG text key set on a screenshot of one of the site's checks
INPUTS_MARK = "help-site-inputs"  # PNG text: a hash of what a mock-up or screenshot was made from (validate.source_inputs)
TARGETS_MARK = "help-site-targets"  # PNG text: JSON {name: [x, y, w, h]} of the callout targets
CHROMIUM_MARK = "help-site-chromium"  # PNG text: the version of the Chromium a replay screenshot was taken in


STYLESHEET = re.compile(r'<link rel="stylesheet" href="([\w-]+\.css)">')  # a mock-up's shared styles (mockups/)
ICONS = "icons.svg"  # every mock-up's icons (mockups/)

Point = tuple[int, int]
Box = tuple[int, int, int, int]  # x, y, width, height


def target_box(found: list[int]) -> Box:
    """A target's box at least MIN_TARGET wide and high around its centre: a spot a replay found can be a line
    (an arrow's stroke), and a callout drawn that tight would cover the glyph."""
    x, y, w, h = found
    width, height = max(w, MIN_TARGET), max(h, MIN_TARGET)
    return x - (width - w) // 2, y - (height - h) // 2, width, height


class Callout(Strict):
    kind: Literal["badge", "box", "ellipse", "arrow", "blur", "cover"] = Field(
        description="cover: the label written over its target, where a test screen shows what the candidate's own "
                    "screen shows differently (a test device's name)")
    number: Optional[int] = Field(default=None, ge=1, description="badge: the step's sub-item number")
    at: Optional[Point] = None
    box: Optional[Box] = None
    start: Optional[Point] = Field(default=None, alias="from")
    end: Optional[Point] = Field(default=None, alias="to")
    label: Optional[Text] = None
    side: Literal["below", "above", "left", "right"] = Field(default="below", description="where a box's label goes; "
                                                                                         "`left` puts a badge left of its target")
    target: Optional[Slug] = Field(default=None, description="a named target of the source (mock-up or screenshot), instead of at/box")

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Callout:
        if self.kind == "cover" and self.label is None:
            raise ValueError("a cover needs label: what stands there on the candidate's screen")
        if self.target:
            return self
        needs = {"badge": ("number", "at"), "box": ("box",), "ellipse": ("box",), "blur": ("box",), "arrow": ("start", "end"),
                 "cover": ("box",)}
        missing = [name for name in needs[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.kind} needs {', '.join('from' if m == 'start' else 'to' if m == 'end' else m for m in missing)}")
        return self

    def placed(self, targets: dict[str, list[int]]) -> Callout:
        """This callout with `target` turned into a box (or a badge at the box's top-right corner)."""
        if not self.target:
            return self
        x, y, w, h = target_box(targets[self.target])
        pad = 4
        if self.kind == "badge":  # beside the element and a box drawn around it (right, or `side: left`), never on it
            beside = x - pad - BADGE_RADIUS - 2 if self.side == "left" else x + w + pad + BADGE_RADIUS + 2
            return self.model_copy(update={"at": (beside, y), "target": None})
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


class Replay(Strict):
    """A screen of the installed Chromium, taken by make chrome-replay in one of its flows."""

    flow: Slug = Field(description="the flow of _chrome_flows.yml whose `picture:` action takes it")
    shows: Literal["ru", "en"] = Field(description="Chrome's interface language on the screen: both sites show the one "
                                                   "candidates most likely have (Russian)")


class PictureSpec(Strict):
    """One picture; records place it with a step's `pictures:` (one or several steps)."""

    id: Slug
    os: Optional[Literal["windows", "macos"]] = Field(
        default=None, description="what it shows: inside this OS's tab of a step that has OS tabs")
    caption: Text
    alt: Text
    mockup: Optional[Mockup] = None
    screenshot: Optional[Screenshot] = None
    replay: Optional[Replay] = None
    callouts: list[Callout] = []

    @model_validator(mode="after")
    def _one_origin(self) -> PictureSpec:
        if sum(origin is not None for origin in (self.mockup, self.screenshot, self.replay)) > 1:
            raise ValueError("give one of mockup, screenshot and replay")
        return self


@dataclass(frozen=True)
class Picture:
    spec: PictureSpec
    folder: Path

    def mockup(self) -> Optional[Path]:
        if not self.spec.mockup:
            return None
        return self.folder / "mockups" / f"{self.spec.mockup.html or self.spec.id}.html"

    def mockup_files(self) -> list[Path]:
        """The mock-up's HTML, then the icons and stylesheets put into it."""
        page = self.mockup()
        styles = STYLESHEET.findall(page.read_text(encoding="utf-8")) if page.exists() else []
        return [page, page.parent / ICONS, *(page.parent / name for name in styles)]

    def source(self, lang: str) -> Path:
        """This page language's source; a replay screen is one file for every site (`shows`)."""
        return self.folder / "sources" / f"{self.spec.id}.{self.spec.replay.shows if self.spec.replay else lang}.png"

    def chromium(self, lang: str) -> str:
        """The Chromium version a replay screen was taken in ("" for other sources)."""
        with Image.open(self.source(lang)) as image:
            return image.info.get(CHROMIUM_MARK, "")

    def inputs(self, lang: str) -> Optional[str]:
        """The inputs hash a mock-up or screenshot source records ("" when it lacks one); None for a replay screen
        or a real screenshot someone saved."""
        with Image.open(self.source(lang)) as image:
            if ILLUSTRATION_MARK in image.info or SCREENSHOT_MARK in image.info:
                return image.info.get(INPUTS_MARK, "")
            return None

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
