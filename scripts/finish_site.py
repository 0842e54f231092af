"""Finish a built site for production serving (run by `make build`).

- trims Material's stylesheet to what the site uses, adds the site's own
  stylesheet to it (one request instead of two) and names it by its content;
- offline/<lang>.json: what the service worker keeps for offline reading;
- writes a .gz and a .br beside every text file, for nginx's gzip_static and
  brotli_static;
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
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import brotli

sys.path.insert(0, str(Path(__file__).parent))

from helpsite import DEFAULT_LANGUAGE, LANGUAGES, registry  # noqa: E402
from helpsite.load import SHORT_LINK_FOLDER, load_site  # noqa: E402
from helpsite.render import page_url  # noqa: E402
from helpsite.trim_css import html_classes, runtime_classes, trim, used_words  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEXT_FILES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL)


def precompress(site: Path) -> int:
    count = 0
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in TEXT_FILES:
            data = path.read_bytes()
            # mtime 0: the same build gives the same bytes.
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
            path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=11))
            count += 1
    return count


TAB_SET = re.compile(r'<div class="tabbed-set.*?<div class="tabbed-labels', re.DOTALL)
OWN_STYLESHEET = re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/stylesheets/site\.css">')


def stylesheet(site: Path) -> tuple[int, int]:
    """One trimmed stylesheet for Material's and the site's rules; returns sizes before and after."""
    folder = site / "assets" / "stylesheets"
    material = next(folder.glob("main.*.min.css"))
    own = (folder / "site.css").read_text(encoding="utf-8")
    pages = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}
    javascripts = site / "assets" / "javascripts"
    bundle = next(javascripts.glob("bundle.*.min.js")).read_text(encoding="utf-8")
    scripts = [p.read_text(encoding="utf-8") for p in javascripts.rglob("*.js")
               if not p.name.startswith("bundle.") and not {"lunr", "workers"} & set(p.parts)]
    used = html_classes(pages.values()) | used_words(scripts) | runtime_classes(bundle)
    max_tabs = max((len(re.findall(r'<input[^>]*name="__tabbed_', block)) for page in pages.values()
                    for block in TAB_SET.findall(page)), default=0)
    before = material.read_text(encoding="utf-8")
    css = trim(before, used, max_tabs, readers=own + "".join(scripts) + bundle) + own
    name = f"main.{hashlib.sha256(css.encode()).hexdigest()[:8]}.min.css"
    (folder / name).write_text(css, encoding="utf-8")
    for path, page in pages.items():
        path.write_text(OWN_STYLESHEET.sub("", page.replace(material.name, name)), encoding="utf-8")
    for stale in folder.glob(material.name + "*"):
        stale.unlink()
    return len(before) + len(own), len(css)


OFFLINE_SKIP = re.compile(r"^assets/(javascripts/(lunr|workers)/|speed-test\.bin$|stylesheets/site\.css$)|\.map$")


def offline_manifests(site: Path) -> None:
    """Per language: its pages (with the 404 page) and every asset a page may need."""
    assets = sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*")
                    if p.is_file() and not OFFLINE_SKIP.search(p.relative_to(site).as_posix()))
    others = {lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE}
    for lang in LANGUAGES:
        prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        pages = []
        for path in sorted(site.rglob("*.html")):
            relative = path.relative_to(site).as_posix()
            first = relative.split("/")[0]
            if lang == DEFAULT_LANGUAGE and (first in others or first == SHORT_LINK_FOLDER):
                continue
            if relative.startswith(prefix) and path.name in ("index.html", "404.html"):
                pages.append(relative.removesuffix("index.html") or "./")
        # Pictures of the other languages are not needed to read this one offline.
        own_assets = [a for a in assets if not any(f".{other}." in a for other in LANGUAGES if other != lang)
                      or not a.startswith("assets/pictures/")]
        urls = pages + own_assets + [f"search/{lang}.json", "search/search_index.json"]
        (site / "offline").mkdir(exist_ok=True)
        (site / "offline" / f"{lang}.json").write_text(json.dumps(urls), encoding="utf-8")


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
    before, after = stylesheet(site)
    offline_manifests(site)
    conf = site / "nginx"
    conf.mkdir(exist_ok=True)
    hashes = script_hashes(site)
    (conf / "csp.conf").write_text(
        f'set $csp_script_hashes "{" ".join(hashes)}";\nset $csp_connect "{proctoring_origin()}";\n', encoding="utf-8")
    moved = redirects()
    (conf / "redirects.conf").write_text("".join(line + "\n" for line in moved) or "# no page has moved\n", encoding="utf-8")
    compressed = precompress(site)
    print(f"finish_site: stylesheet {before // 1024} -> {after // 1024} KB, {compressed} files compressed, "
          f"{len(hashes)} inline-script hashes, {len(moved)} redirects")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
