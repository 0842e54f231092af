"""Finish a built site for production serving (run by `make build`).

- writes a .gz beside every text file, for nginx's gzip_static;
- nginx/csp.conf: the SHA-256 of every inline script in the pages, so the
  Content-Security-Policy needs no 'unsafe-inline', and the proctoring
  server's origin for the server check;
- nginx/redirects.conf: permanent redirects for pages the link registry moved.

    python scripts/finish_site.py SITE_DIR
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent))

from helpsite import LANGUAGES, registry  # noqa: E402
from helpsite.load import load_site  # noqa: E402
from helpsite.render import page_url  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEXT_FILES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL)


def precompress(site: Path) -> int:
    count = 0
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in TEXT_FILES:
            # mtime 0: the same build gives the same bytes.
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 9, mtime=0))
            count += 1
    return count


def script_hashes(site: Path) -> list[str]:
    hashes = set()
    for page in site.rglob("*.html"):
        for script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def proctoring_origin() -> str:
    from mkdocs.config import load_config

    server = load_config(str(ROOT / "mkdocs.yml")).extra["proctoring"]["server"]
    parts = urlsplit(server)
    return f"{parts.scheme}://{parts.netloc}"


def redirects() -> list[str]:
    records = ROOT / "docs" / "records"
    site = load_site(records)
    moves = registry.check(site, registry.read(records / registry.REGISTRY_FILE))
    lines = []
    for old, new in moves.pages.items():
        for lang in LANGUAGES:
            lines.append(f"location = /{page_url(old, lang)} {{ return 301 /{page_url(new, lang)}$is_args$args; }}")
    return lines


def main(site: Path) -> None:
    conf = site / "nginx"
    conf.mkdir(exist_ok=True)
    hashes = script_hashes(site)
    (conf / "csp.conf").write_text(
        f'set $csp_script_hashes "{" ".join(hashes)}";\nset $csp_connect "{proctoring_origin()}";\n', encoding="utf-8")
    moved = redirects()
    (conf / "redirects.conf").write_text("".join(line + "\n" for line in moved) or "# no page has moved\n", encoding="utf-8")
    compressed = precompress(site)
    print(f"finish_site: {compressed} files gzipped, {len(hashes)} inline-script hashes, {len(moved)} redirects")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
