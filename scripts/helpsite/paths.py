"""Where the project's own files are. The package is installed editable (make's set-up), so its source, and
with it the project, is found from this file; nothing else computes these paths."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
RECORDS = PROJECT / "docs" / "records"
NGINX = PROJECT / "nginx"
MKDOCS_CONFIG = PROJECT / "mkdocs.yml"
NODE_MODULES = PROJECT / "node_modules"
# The hand-written front end (scripts, styles; the service worker beside it), copied by MkDocs as theme files.
FRONT_END = PROJECT / "overrides" / "assets"
