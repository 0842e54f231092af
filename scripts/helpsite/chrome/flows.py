"""Chrome's flows as the guide documents them, and how a label is found on a screen read by OCR.

`docs/records/_chrome_flows.yml` lists the flows `make chrome-replay` runs in
the installed Chromium (scripts/chrome_replay.py). Each starts a fresh
browser (no permission given yet) on the proctoring host's page and runs its
actions in order:

- `ask: camera-and-microphone | screen`: the page asks, as the proctoring system does;
- `see: [label, ...]`: each label's text is on the screen;
- `press: label`: it is on the screen, and is clicked;
- `toggle: label` / `open: label`: the switch / the › on that label's row is clicked;
- `hover:` / `click:` a spot without words (`site-information-icon`: the icon left of the address);
- `reload: page`: the page is opened again, as a candidate returning to the exam site;
- `key: Escape`: a key is pressed; `wait: chip`: until the address bar's chip folds into its icon;
- `expect: granted | NotAllowedError`: what the page's request got (the fix worked, or Chrome refused);
- `picture: {id, around: [label, ...]}`: the source of a picture, cropped to those labels' box.

`covers` names the page steps (`page#step`, or `page` for its title, summary
and intro) the flow replays: every Chrome label such a text quotes must be
seen or pressed in that flow, so a page never names a label the browser does
not show.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from pydantic import Field, model_validator

from helpsite.labels.catalogue import REFERENCE, Catalogue
from helpsite.content.record_yaml import YAMLError, load_yaml
from helpsite.content.models import Slug, Strict
from helpsite.config import did_you_mean

FLOWS_FILE = "_chrome_flows.yml"
# Places without words, found by the replay from Chrome's layout (scripts/chrome_replay.py).
SPOTS = ("site-information-icon", "screen-thumbnail", "device-list", "camera-switch", "microphone-switch", "camera-arrow",
         "camera-name")
CAMERAS = {
    "two-test": "Chromium's two fake cameras: what the «(2)» labels need; they show a test card and test names",
    "one-neutral": "one camera showing a neutral figure (helpsite.pictures.camera_clip): what pictures of the camera's "
                   "picture or name are taken with; its name is a spot (camera-name) for a cover",
}


Spot = Literal[SPOTS]


class PictureShot(Strict):
    id: Slug = Field(description="the picture spec (pictures/<id>.yml) this screen is the source of")
    around: list[str] = Field(min_length=1, description="label ids: the picture is cropped to the box holding them")
    spots: list[Spot] = Field(default=[], description="places without words to mark as callout targets")
    pad: tuple[int, int, int, int] = Field(default=(16, 16, 16, 16), description="CSS pixels around: left, top, right, bottom")


class Action(Strict):
    ask: Optional[Literal["camera-and-microphone", "screen"]] = Field(default=None, description="the page asks for these")
    see: Optional[list[str]] = Field(default=None, description="labels on the screen (same text twice: two places)")
    press: Optional[str] = Field(default=None, description="a label clicked (several places: the lowest)")
    toggle: Optional[str] = Field(default=None, description="the switch on the row of this label, clicked")
    open: Optional[str] = Field(default=None, description="the › at the end of this label's row, clicked")
    hover: Optional[Literal["site-information-icon"]] = None
    click: Optional[Literal["site-information-icon", "screen-thumbnail"]] = None
    key: Optional[Literal["Escape", "ctrl+w"]] = None
    reload: Optional[Literal["page"]] = Field(default=None, description="the page is opened again (what it was allowed stays)")
    wait: Optional[Literal["chip"]] = Field(default=None, description="chip: until the address bar's chip folds away")
    expect: Optional[Literal["granted", "NotAllowedError"]] = Field(
        default=None, description="what the page's last request got: the camera and microphone, or Chrome's refusal")
    picture: Optional[PictureShot] = None

    @model_validator(mode="after")
    def _one_thing(self) -> Action:
        given = [name for name, value in self if value is not None]
        if len(given) != 1:
            raise ValueError(f"one thing per action (got {', '.join(given) or 'none'})")
        return self

    def labels(self) -> list[str]:
        return (self.see or []) + [label for label in (self.press, self.toggle, self.open) if label]


class Flow(Strict):
    covers: list[str] = Field(min_length=1, description="`page#step` or `page`: the texts whose Chrome labels this flow shows")
    microphones: int = Field(default=2, ge=0, le=2, description="microphones the computer has")
    cameras: Literal[tuple(CAMERAS)] = Field(default="two-test", description="; ".join(f"{name}: {what}" for name, what in
                                                                                    CAMERAS.items()))
    actions: list[Action] = Field(min_length=1)

    @model_validator(mode="after")
    def _named_camera(self) -> Flow:
        if self.cameras != "one-neutral" and any(action.picture and "camera-name" in action.picture.spots
                                                 for action in self.actions):
            raise ValueError("spot camera-name needs `cameras: one-neutral` (the test cameras' names are no spot)")
        return self

    def shown(self) -> set[str]:
        return {label for action in self.actions for label in action.labels()}


class FlowsFile(Strict):
    flows: dict[Slug, Flow]


def check(flows: FlowsFile, site, catalogue: Catalogue, report, shared: dict, failed: frozenset[str] = frozenset()) -> None:
    """Every label a flow names exists; every page step it covers exists; every Chrome label a page quotes is shown.

    `shared`: the shared steps as written; `failed`: ids of pages whose file failed (reported there already),
    so a flow covering them is not judged.
    """
    chrome = {key for key, label in catalogue.labels.items() if label.product == "chrome"}
    broken = False  # a flow naming a step that is gone: its coverage would only repeat that
    for name, flow in flows.flows.items():
        for index, action in enumerate(flow.actions):
            named = action.labels() + (action.picture.around if action.picture else [])
            for label in named:
                if label not in chrome:
                    report(f"flows.{name}.actions[{index}]", f"no Chrome label '{label}'{did_you_mean(label, chrome)}")
        for index, place in enumerate(flow.covers):
            page, _, step = place.partition("#")
            if page in failed:
                continue
            if page not in site.pages:
                report(f"flows.{name}.covers[{index}]", f"no page '{page}'{did_you_mean(page, site.pages)}")
                broken = True
            elif step and step not in quoted_by_step(site.pages[page], shared):
                report(f"flows.{name}.covers[{index}]", f"page '{page}' has no step '{step}' quoting Chrome")
                broken = True
    if broken:
        return
    covered: dict[str, set[str]] = {}
    for flow in flows.flows.values():
        for place in flow.covers:
            covered.setdefault(place, set()).update(flow.shown())
    for page_id, page in site.pages.items():
        for step, labels in quoted_by_step(page, shared).items():
            place = f"{page_id}#{step}" if step else page_id
            missing = sorted(label for label in labels if label in chrome and label not in covered.get(place, set()))
            if missing:
                report(f"flows (covers: {place})", f"no flow shows {', '.join(missing)}, quoted on that page")


SHARED_STEPS_FILE = "_steps.yml"


def shared_steps_as_written(records: Path) -> dict:
    """The shared steps of `records`, by id, as their file is written (labels still «@…»); none when the
    file cannot be read (loading the site reports that)."""
    try:
        return load_yaml((records / SHARED_STEPS_FILE).read_text(encoding="utf-8"))["steps"]
    except (OSError, YAMLError, KeyError, TypeError):
        return {}


def quoted_by_step(page, shared: dict) -> dict[str, set[str]]:
    """Label ids a record quotes, by step id ("" for the page's own texts), read from its file as written;
    a shared step's from `shared` (shared_steps_as_written), the device's own text where it has one."""
    data = load_yaml(page.source.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}

    def collect(key: str, value) -> None:
        for match in REFERENCE.finditer(json.dumps(value, ensure_ascii=False)):
            found.setdefault(key, set()).update(part.strip() for part in match[1].split(">"))

    collect("", {field: value for field, value in data.items() if field != "steps"})
    for step in data.get("steps", []):
        if "id" in step:
            collect(step["id"], step)
        elif "use" in step:
            template = dict(shared.get(step["use"]) or {})
            template["text"] = template.pop("text_for", {}).get(step.get("device"), template.get("text"))
            collect(step["use"], [template, step.get("note")])
    return found


# OCR reads Cyrillic and Latin look-alikes either way ("Kamepa" for «Камера»): compare both as one.
_LOOK_ALIKE = str.maketrans("авекмнорстухіјѕё", "abekmhopctyxijse")
_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)


def skeleton(text: str) -> str:
    """A word as OCR and the label can both be compared: lower case, look-alikes merged, punctuation gone."""
    return _NOT_WORD.sub("", text.casefold().translate(_LOOK_ALIKE))


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[int, int, int, int]  # x, y, width, height in screen pixels


@dataclass
class _Row:
    """Words on one visual line, left to right, and their letters joined (what a label is compared with)."""

    words: list[Word]
    joined: str = ""
    owner: tuple[int, ...] = ()  # the word each letter of `joined` belongs to
    starts: frozenset[int] = frozenset()  # where a word starts in `joined`

    def __post_init__(self) -> None:
        joined, owner, starts = "", [], set()
        for index, word in enumerate(self.words):
            piece = skeleton(word.text)
            starts.add(len(joined))
            joined += piece
            owner += [index] * len(piece)
        self.joined, self.owner, self.starts = joined, tuple(owner), frozenset(starts | {len(joined)})


def rows(words: list[Word]) -> list[_Row]:
    """Words grouped into visual lines: side by side, close together, at one height (OCR's own order mixes columns)."""
    lines: list[list[Word]] = []
    for word in sorted((word for word in words if skeleton(word.text)), key=lambda word: word.box[0]):
        x, y, width, height = word.box
        for line in lines:
            last = line[-1]
            gap = x - (last.box[0] + last.box[2])
            size = max(height, last.box[3])
            if -size < gap < 2 * size and abs((y + height / 2) - (last.box[1] + last.box[3] / 2)) < size / 2:
                line.append(word)
                break
        else:
            lines.append([word])
    return [_Row(line) for line in sorted(lines, key=lambda line: (line[0].box[1], line[0].box[0]))]


def _junk(words: list[Word]) -> bool:
    """Words that are no text of their own: an icon OCR reads as a letter or two."""
    return all(len(skeleton(word.text)) <= 2 for word in words)


def find(words: list[Word], text: str, alone: bool = False) -> list[tuple[int, int, int, int]]:
    """Boxes of every place `text` is on the screen: whole words, wrapped over at most three lines.

    `alone`: only where the text is all its lines say (a button, a row's title), not a word in a sentence.
    """
    wanted = skeleton(text)
    lines = rows(words)
    found = []

    def follow(row: _Row, start: int, rest: str, left: int, used: list[Word], depth: int) -> None:
        here = row.joined[start:]
        if here.startswith(rest) and start + len(rest) in row.starts:
            end = row.owner[start + len(rest) - 1] + 1
            if alone and (not _junk(row.words[end:]) or (not used and not _junk(row.words[:row.owner[start]]))):
                return
            used = used + [row.words[index] for index in sorted(set(row.owner[start:start + len(rest)]))]
            found.append(_union(used))
        elif rest.startswith(here) and here and depth < 2:  # the label goes on under its first word
            if alone and not used and not _junk(row.words[:row.owner[start]]):
                return
            mine = [row.words[index] for index in sorted(set(row.owner[start:]))]
            bottom = max(word.box[1] + word.box[3] for word in mine)
            height = max(word.box[3] for word in mine)
            for below in lines:
                first = below.words[0].box
                if 0 <= first[1] - bottom < height * 1.5 and abs(first[0] - left) < height * 1.5:
                    follow(below, 0, rest[len(here):], left, used + mine, depth + 1)

    if wanted:
        for row in lines:
            for start in sorted(row.starts - {len(row.joined)}):
                follow(row, start, wanted, row.words[row.owner[start]].box[0], [], 0)
    return found


def _union(words: list[Word]) -> tuple[int, int, int, int]:
    left = min(word.box[0] for word in words)
    top = min(word.box[1] for word in words)
    right = max(word.box[0] + word.box[2] for word in words)
    bottom = max(word.box[1] + word.box[3] for word in words)
    return left, top, right - left, bottom - top


def find_in(readings: list[list[Word]], text: str, alone: bool = False) -> list[tuple[int, int, int, int]]:
    """`find` in several readings of one screen (OCR of it and of its negative): each place once, top to bottom."""
    found: list[tuple[int, int, int, int]] = []
    for words in readings:
        for box in find(words, text, alone):
            if not any(_overlap(box, other) for other in found):
                found.append(box)
    return sorted(found, key=lambda box: (box[1], box[0]))


def _overlap(one: tuple[int, int, int, int], other: tuple[int, int, int, int]) -> bool:
    """Whether two boxes mostly cover each other (one word read twice)."""
    width = min(one[0] + one[2], other[0] + other[2]) - max(one[0], other[0])
    height = min(one[1] + one[3], other[1] + other[3]) - max(one[1], other[1])
    return width > 0 and height > 0 and width * height > 0.5 * min(one[2] * one[3], other[2] * other[3])
