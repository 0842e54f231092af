"""JSON Schemas of the content files, generated from the pydantic models so they never drift.

Editors with yaml-language-server (VS Code's YAML extension, for one) read
the `# yaml-language-server: $schema=…` line at the top of each content file
and complete and check fields while staff type; hovering a field shows its
description. `make schemas` writes docs/records/schemas/; a test fails when
the committed files differ from what the models generate.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import PurePosixPath

from pydantic import BaseModel

from helpsite.chrome.flows import FLOWS_FILE, FlowsFile
from helpsite.labels.catalogue import LABELS_FILE, CatalogueFile
from helpsite.content.load import CHECK_TEXTS_FILE, PICTURES_FOLDER, SHARED_STEPS_FILE, SITE_TEXTS_FILE
from helpsite.pictures import PictureSpec
from helpsite.content.models import CheckTexts, Record, SharedSteps, SiteTexts

FOLDER = "schemas"  # under docs/records/
MODELS: dict[str, type[BaseModel]] = {
    "record": Record, "shared-steps": SharedSteps, "checks": CheckTexts, "site": SiteTexts,
    "picture": PictureSpec, "labels": CatalogueFile, "chrome-flows": FlowsFile,
}
FILES = {SHARED_STEPS_FILE: "shared-steps", CHECK_TEXTS_FILE: "checks", SITE_TEXTS_FILE: "site", LABELS_FILE: "labels",
         FLOWS_FILE: "chrome-flows"}
MODELINE = "# yaml-language-server: $schema="


def generate() -> dict[str, str]:
    """File name under schemas/ -> JSON text."""
    return {f"{name}.json": json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                                        **model.model_json_schema()}, ensure_ascii=False, indent=2) + "\n"
            for name, model in MODELS.items()}


def schema_of(relative: str) -> str | None:
    """The schema (name) of a content file by its path under docs/records/, or None for generated files."""
    path = PurePosixPath(relative)
    if path.parts[0] == PICTURES_FOLDER:
        return "picture" if len(path.parts) == 2 else None
    if path.name.startswith("_"):
        return FILES.get(path.name)
    return "record"


def modeline(relative: str) -> str:
    """The first line a content file needs for its schema."""
    folder = posixpath.dirname(relative) or "."
    return MODELINE + posixpath.relpath(f"{FOLDER}/{schema_of(relative)}.json", folder)
