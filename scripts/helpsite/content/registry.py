"""The registry of published addresses: links staff have sent must never break.

`docs/records/_published.yml` lists every page path and step anchor the site
has ever published. New ones are added by the build (commit the file with the
record). One that disappears fails the build, unless `moved` says where it
went; moved pages get a redirect page and moved steps a mapping the page's
script follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict

from helpsite.content.load import HOME_ANCHORS, LINKS_PAGE, PAGE_ANCHORS, Reader, RecordErrors, Site

REGISTRY_FILE = "_published.yml"

HEADER = """\
# Every page and step address the site has published: staff have sent them
# by email, so they must keep working. The build adds new ones here by itself;
# commit this file together with the record. To rename or remove a page or a
# step, say where it went under `moved` ("old: new"), for example:
#   errors/old-page: errors/camera
#   errors/camera#old-step: errors/camera#restart
"""


class Published(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pages: dict[str, list[str]] = {}
    moved: dict[str, str] = {}


@dataclass
class Moves:
    """What the build must produce for the moved addresses."""

    pages: dict[str, str] = field(default_factory=dict)  # old page path -> new page path
    anchors: dict[str, dict[str, str]] = field(default_factory=dict)  # page path -> {old anchor: "path#anchor"}


def current_addresses(site: Site) -> dict[str, list[str]]:
    """Every page and anchor: the records' pages and steps, the home page's sections, the link index's pages."""
    addresses = {"index": list(HOME_ANCHORS), LINKS_PAGE: [page.id for page in site.pages.values()]}
    for page in site.pages.values():
        anchors = page.anchors() + (sorted(PAGE_ANCHORS) if page.record.related else [])
        addresses[page.path] = anchors
    return addresses


def read(path: Path) -> Published:
    if not path.exists():
        return Published()
    reader = Reader(path.parent)
    published = reader.read(path, Published)
    if published is None:
        raise RecordErrors(reader.problems)
    return published


def _split(address: str) -> tuple[str, Optional[str]]:
    path, _, anchor = address.partition("#")
    return path, anchor or None


def check(site: Site, published: Published) -> Moves:
    """Every published address must still exist or be moved to one that does."""
    where = f"docs/records/{REGISTRY_FILE}"  # as Reader names files
    now = current_addresses(site)
    problems: list[str] = []
    moves = Moves()

    def target_exists(target: str) -> bool:
        path, anchor = _split(target)
        return path in now and (anchor is None or anchor in now[path])

    for old, new in published.moved.items():
        if not target_exists(new):
            problems.append(f"{where}: moved.{old}: '{new}' does not exist")

    # A moved page's row in the link index moves with it: links#<old id> -> links#<new id>.
    moved_rows = {old.rpartition("/")[2]: f"{LINKS_PAGE}#{_split(new)[0].rpartition('/')[2]}"
                  for old, new in published.moved.items() if "#" not in old}
    for path, anchors in published.pages.items():
        if path not in now:
            if path not in published.moved:
                problems.append(f"{where}: page '{path}' was published and is gone: add `{path}: <new path>` under moved")
                continue
            new_path = _split(published.moved[path])[0]
            moves.pages[path] = new_path
            continue
        for anchor in anchors:
            if anchor in now[path]:
                continue
            address = f"{path}#{anchor}"
            if address in published.moved:
                moves.anchors.setdefault(path, {})[anchor] = published.moved[address]
            elif path == LINKS_PAGE and anchor in moved_rows:
                moves.anchors.setdefault(path, {})[anchor] = moved_rows[anchor]
            else:
                problems.append(f"{where}: step '{address}' was published and is gone: add `{address}: <new address>` under moved")
    if problems:
        raise RecordErrors(problems)
    return moves


def page_addresses(site: Site, published: Published) -> dict[str, str]:
    """Every page id the site's pages may have sent -> the page's address today: its pages, and moved pages
    (`moved`, without a step) under where they went."""
    addresses = {page.path: page.path for page in site.pages.values()}
    addresses.update({old: _split(new)[0] for old, new in published.moved.items()
                      if "#" not in old and _split(new)[0] in addresses})
    return addresses


def extended(site: Site, published: Published) -> Published:
    """The registry with this build's new pages and anchors added, nothing removed."""
    pages = {path: list(anchors) for path, anchors in published.pages.items()}
    for path, anchors in current_addresses(site).items():
        known = pages.setdefault(path, [])
        known += [anchor for anchor in anchors if anchor not in known]
    return Published(pages=dict(sorted(pages.items())), moved=published.moved)


def dump(published: Published) -> str:
    body = yaml.safe_dump(published.model_dump(), allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
    return HEADER + body
