"""The pictures' WebP files beside the pages: named by content, drawn only when that changed."""

from __future__ import annotations

from pathlib import Path

from helpsite import LANGUAGES
from helpsite.pictures.draw import draw
from helpsite.pictures.spec import Picture


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
