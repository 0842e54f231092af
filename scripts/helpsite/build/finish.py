"""Post-build steps: finish a built site for production serving (run by `make build`).

Reads the manifest the build wrote (build-manifest.json) instead of loading
records or configuration again, and removes it from the site.

- trims Material's stylesheet to what the site uses, adds the site's own
  stylesheet to it (one request instead of two) and names it by its content;
- minifies the site's own scripts (rjsmin: comments and spaces; Material's
  come minified): about 1.6 KB less on a first visit;
- offline/<lang>.json: what the service worker keeps for offline reading,
  each file with its content hash, and the hash of those lists in sw.js;
- writes a .gz and a .br beside every text file, for nginx's gzip_static and
  brotli_static;
- nginx/csp.conf: the SHA-256 of every inline script in the pages, so the
  Content-Security-Policy needs no 'unsafe-inline', and the exam sites'
  origins for the exam-site check;
- nginx/redirects.conf: permanent redirects for pages the link registry moved;
- last, once everything above has passed: the tracked files the build keeps
  up to date (link registry, translation record).

Run by scripts/finish_site.py SITE_DIR.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from pathlib import Path

import brotli
import rjsmin

from helpsite.build.plan import MANIFEST, write_tracked
from helpsite.render.device_checks import SPEED_TEST_FILE
from helpsite.render.search import index_path
from helpsite.serve.notice import NOTICE_FILE
from helpsite.build.trim_css import html_classes, runtime_classes, trim, used_words

TEXT_FILES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL)


def precompress(site: Path) -> int:
    count = 0
    for path in site.rglob("*"):
        # The notice is replaced by `make notice` after the build: a .gz beside it would be served instead.
        if path.is_file() and path.suffix in TEXT_FILES and path != site / NOTICE_FILE:
            data = path.read_bytes()
            # mtime 0: the same build gives the same bytes.
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
            path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=11))
            count += 1
    return count


TAB_SET = re.compile(r'<div class="tabbed-set.*?<div class="tabbed-labels', re.DOTALL)
OWN_STYLESHEET = re.compile(r'\s*<link rel="stylesheet" href="[^"]*assets/stylesheets/site\.css">')


# Text that keeps its whitespace: preformatted blocks, and scripts (their hashes are in the CSP).
KEEPS_WHITESPACE = re.compile(r"(<pre[\s>].*?</pre>|<textarea[\s>].*?</textarea>|<script[\s>].*?</script>)", re.DOTALL)
INDENTED_BREAK = re.compile(r">[ \t]*\n\s*<")


def squeeze_indentation(site: Path) -> None:
    """The templates' indentation between tags becomes one line break (about 0.3 KB per page after compression);
    a break still separates inline elements as before, so nothing renders differently."""
    for page in site.rglob("*.html"):
        parts = KEEPS_WHITESPACE.split(page.read_text(encoding="utf-8"))
        page.write_text("".join(part if index % 2 else INDENTED_BREAK.sub(">\n<", part) for index, part in enumerate(parts)),
                        encoding="utf-8")


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


OFFLINE_SKIP = re.compile(rf"^(assets/javascripts/(lunr|workers)/|{re.escape(SPEED_TEST_FILE)}$|assets/stylesheets/site\.css$)|\.map$")
SERVICE_WORKER_REVISION = 'const REVISION = "development"'


def revision(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def offline_manifests(site: Path, manifest: dict) -> str:
    """Per language: its pages (with the 404 page) and every asset a page may need, by content hash.

    Returns the revision of them all, which sw.js carries.
    """
    assets = sorted(p.relative_to(site).as_posix() for p in (site / "assets").rglob("*")
                    if p.is_file() and not OFFLINE_SKIP.search(p.relative_to(site).as_posix()))
    languages = manifest["languages"]
    folders = {language["prefix"].rstrip("/") for language in languages if language["prefix"]}
    folders.add(manifest["short_link_folder"])
    lists = {}
    for language in languages:
        lang, prefix = language["code"], language["prefix"]
        files = {}
        for path in sorted(site.rglob("*.html")):
            relative = path.relative_to(site).as_posix()
            if not prefix and relative.split("/")[0] in folders:
                continue
            if relative.startswith(prefix) and path.name in ("index.html", "404.html"):
                files[relative.removesuffix("index.html") or "./"] = revision(path)
        others = {other["code"] for other in languages if other["code"] != lang}
        for asset in assets:
            # Another language's files (its pictures `<id>.<lang>.<hash>.webp`, its checks' texts `<lang>.json`)
            # are not needed to read this one offline.
            if not others & set(Path(asset).name.split(".")):
                files[asset] = revision(site / asset)
        for index in (index_path(lang), "search/search_index.json"):
            files[index] = revision(site / index)
        lists[lang] = json.dumps({"files": files}, separators=(",", ":"))
        (site / "offline").mkdir(exist_ok=True)
        (site / "offline" / f"{lang}.json").write_text(lists[lang], encoding="utf-8")
    return hashlib.sha256("".join(lists.values()).encode()).hexdigest()[:12]


def revision_service_worker(site: Path, offline_revision: str) -> None:
    worker = site / "sw.js"
    text = worker.read_text(encoding="utf-8")
    if SERVICE_WORKER_REVISION not in text:
        raise SystemExit(f"finish_site: {worker} has no line {SERVICE_WORKER_REVISION!r} to put the revision in")
    worker.write_text(text.replace(SERVICE_WORKER_REVISION, f'const REVISION = "{offline_revision}"'), encoding="utf-8")


def script_hashes(site: Path) -> list[str]:
    hashes = set()
    for page in site.rglob("*.html"):
        for script in INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def redirects(manifest: dict) -> list[str]:
    """nginx's map of moved pages (http level): the site's locations answer 301 with their usual headers."""
    return ["map $uri $help_moved {", '    default "";',
            *(f"    /{old} /{new};" for old, new in manifest["redirects"]), "}"]


def own_scripts(site: Path) -> list[Path]:
    """The site's hand-written scripts as built (Material's bundles end in .min.js), the service worker last."""
    return [path for path in sorted((site / "assets" / "javascripts").rglob("*.js")) if not path.name.endswith(".min.js")]


def minify(scripts: list[Path]) -> None:
    for path in scripts:
        path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")


def finish(site: Path) -> None:
    manifest_file = site / MANIFEST
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest_file.unlink()
    before, after = stylesheet(site)
    squeeze_indentation(site)
    minify(own_scripts(site))  # before the offline lists: they name the bytes served
    revision_service_worker(site, offline_manifests(site, manifest))
    minify([site / "sw.js"])  # after its revision line is filled
    conf = site / "nginx"
    conf.mkdir(exist_ok=True)
    hashes = script_hashes(site)
    (conf / "csp.conf").write_text(
        f'set $csp_script_hashes "{" ".join(hashes)}";\nset $csp_connect "{" ".join(manifest["exam_origins"])}";\n',
        encoding="utf-8")
    moved = redirects(manifest)
    (conf / "redirects.conf").write_text("".join(line + "\n" for line in moved), encoding="utf-8")
    compressed = precompress(site)
    changed = write_tracked(manifest)
    print(f"finish_site: stylesheet {before // 1024} -> {after // 1024} KB, {compressed} files compressed, "
          f"{len(hashes)} inline-script hashes, {len(manifest['redirects'])} redirects"
          + (f", updated {', '.join(Path(path).name for path in changed)}" if changed else ""))

