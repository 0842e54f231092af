"""Picture specs read and checked: sources present, callouts inside the picture and drawable, each shown by a step that fits."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Optional

from helpsite import LANGUAGES
from helpsite.content.load import PICTURES_FOLDER, Reader, RecordErrors, Site
from helpsite.render.device_checks import check_widget
from helpsite.config import did_you_mean
from helpsite.pictures import camera_clip
from helpsite.pictures.draw import covered_targets, missing_glyphs
from helpsite.pictures.spec import Picture, PictureSpec
from helpsite.paths import FRONT_END


def screenshot_inputs(picture: Picture, lang: str, site: Site, assets: Path) -> str:
    """A hash of what a screenshot of a device check shows: its markup, texts, scripts, styles and targets.

    `assets` is overrides/assets.
    """
    shot = picture.spec.screenshot
    digest = hashlib.sha256(shot.model_dump_json().encode())
    digest.update(check_widget(shot.check, lang, site.pages[shot.page], site).encode())
    digest.update(site.checks.checks[shot.check].model_dump_json().encode())
    digest.update(site.checks.common.model_dump_json().encode())
    digest.update(site.texts.labels.related.model_dump_json().encode())  # a pass's links go under these words
    shown = sorted((assets / "javascripts" / "checks").glob("*.js")) + [assets / "stylesheets" / "site.css"]
    for path in shown + [Path(camera_clip.__file__)]:  # the camera check shows the clip's picture
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def mockup_inputs(picture: Picture, lang: str, site: Site) -> str:
    """A hash of what a mock-up draws in `lang`: its HTML, icons and styles, its size and the label texts put in."""
    mockup = picture.spec.mockup
    digest = hashlib.sha256(mockup.model_dump_json().encode())
    for path in picture.mockup_files():
        digest.update(path.read_bytes() if path.exists() else b"")
    for name, reference in sorted(mockup.strings.items()):
        digest.update(f"{name}={site.labels.drawn(reference, lang)}\n".encode())
    return digest.hexdigest()[:16]


def source_inputs(picture: Picture, lang: str, site: Site, assets: Path) -> Optional[str]:
    """What a mock-up or a check's screenshot is made from, as a hash its source records; None for other sources."""
    if picture.spec.mockup:
        return mockup_inputs(picture, lang, site)
    if picture.spec.screenshot:
        return screenshot_inputs(picture, lang, site, assets)
    return None


def load_pictures(records: Path, site: Site, assets: Path = FRONT_END) -> dict[str, Picture]:
    """Every picture spec, checked against its sources and its page; RecordErrors lists the problems.

    A source made from other inputs than today's (a label it draws changed, its mock-up, its check) is a
    problem: a stale picture is never published.
    """
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
        broken_strings = False
        for name, reference in (spec.mockup.strings.items() if spec.mockup else ()):
            problem = site.labels.resolve(reference)[1]
            if problem:
                reader.report(path, "", f"mockup.strings.{name}", problem)
                broken_strings = True
        mockup = picture.mockup()
        if mockup and not mockup.exists():
            reader.report(path, "", "mockup", f"{reader.where(mockup)} is missing")
        shot = spec.screenshot
        if shot and not any(step.check == shot.check for step in getattr(site.pages.get(shot.page), "steps", ())):
            reader.report(path, "", "screenshot", f"page '{shot.page}' has no {shot.check} check")
        if spec.replay:
            flow = (site.chrome_flows.flows if site.chrome_flows else {}).get(spec.replay.flow)
            if flow is None or not any(action.picture and action.picture.id == spec.id for action in flow.actions):
                reader.report(path, "", "replay.flow", f"no `picture: {{id: {spec.id}}}` in flow '{spec.replay.flow}' "
                                                        "of _chrome_flows.yml")
        missing, stale = set(), []
        for lang in LANGUAGES:
            source = picture.source(lang)
            if not source.exists():
                if source not in missing:  # one Chrome screen serves every site: named once
                    reader.report(path, "", "source", f"{reader.where(source)} is missing "
                                                      f"(make pictures PICTURES={spec.id} takes it)")
                missing.add(source)
                continue
            made_from = picture.inputs(lang)
            if made_from is not None and not broken_strings and made_from != source_inputs(picture, lang, site, assets):
                stale.append(source.name)
            width, height = picture.size(lang)
            targets = picture.targets(lang)
            unknown = [(i, c.target) for i, c in enumerate(spec.callouts) if c.target and c.target not in targets]
            for index, target in unknown:
                reader.report(path, "", f"callouts[{index}].target", f"no target '{target}' in the {lang} source")
            if unknown:
                continue
            for index, target in covered_targets(picture, lang):
                reader.report(path, "", f"callouts[{index}]", f"covers its target '{target}' in the {lang} picture: "
                                                              "put it beside (a badge's place, a label's `side`)")
            for index, callout in enumerate(picture.callouts(lang)):
                unknown_glyphs = missing_glyphs(callout.label[lang]) if callout.label else set()
                if unknown_glyphs:
                    reader.report(path, "", f"callouts[{index}].label.{lang}",
                                  f"the picture font has no {' '.join(sorted(unknown_glyphs))}: it would draw empty boxes")
                outside = [p for p in callout.points() if not (0 <= p[0] <= width and 0 <= p[1] <= height)]
                if outside:
                    reader.report(path, "", f"callouts[{index}]", f"{outside[0]} is outside the {width}x{height} picture ({lang})")
        if stale:
            reader.report(path, "", "source", f"{', '.join(stale)} made from other inputs than today's (a label it "
                                              f"shows, its mock-up or its check changed): run `make pictures PICTURES={spec.id}`")
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
    """Numbers of the step's numbered sub-items ("1. ...") in every language, in its OS tab when `os` is given."""
    variants = [step.os.windows, step.os.macos] if step.os else []
    texts = [getattr(step.os, os, None)] if os else [step.text, *variants]
    numbers = [{int(n) for n in re.findall(r"^(\d+)\. ", text[lang], re.M)} for text in texts if text for lang in LANGUAGES]
    return set.intersection(*numbers) if numbers else set()
