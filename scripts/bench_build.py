"""Build numbers: time of `make build`, record loads per build, and what a
returning visitor's offline copy downloads after a rebuild.

    python scripts/bench_build.py

(a) the same commit built again, (b) one step of one page changed, each
against the whole offline copy, which every deploy cost before the copy was
revisioned (a random version per build). Bytes are brotli-compressed sizes,
as nginx sends them; pictures at 1x (a 2x screen fetches the @2x ones).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpsite.paths import PROJECT as ROOT

LANGUAGE = "kk"
CHANGED_RECORD = Path("docs/records/errors/internet.yml")
CHANGE = ("байланыс қалпына келгенше күтіңіз.", "байланыс қалпына келгенше (мысалы, бір минут) күтіңіз.")
COUNT_LOADS = """
import runpy, sys
import helpsite.content.load as load
calls = [0]
original = load.load_site
def counted(*args, **kwargs):
    calls[0] += 1
    return original(*args, **kwargs)
load.load_site = counted
import helpsite.build.plan
helpsite.build.plan.load_site = counted
sys.argv = ["mkdocs", "build", "--strict", "--quiet", "--site-dir", sys.argv[1]]
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit:
    pass
print(calls[0])
"""


def build(project: Path, site: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={site}"], cwd=project, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def wire_bytes(site: Path, url: str) -> int:
    path = site / (url + "index.html" if url.endswith("/") or url == "./" else url)
    if url == "./":
        path = site / "index.html"
    compressed = path.with_name(path.name + ".br")
    return (compressed if compressed.exists() else path).stat().st_size


def offline_files(site: Path) -> dict[str, str]:
    files = json.loads((site / "offline" / f"{LANGUAGE}.json").read_text(encoding="utf-8"))["files"]
    return {url: revision for url, revision in files.items() if "@2x." not in url}


def update_cost(before: Path, after: Path) -> tuple[int, int]:
    """Bytes and files a returning visitor fetches: sw.js, the list and the changed files (none if sw.js is unchanged)."""
    if (before / "sw.js").read_bytes() == (after / "sw.js").read_bytes():
        return 0, 0
    old, new = offline_files(before), offline_files(after)
    changed = [url for url, revision in new.items() if old.get(url) != revision]
    total = wire_bytes(after, "sw.js") + wire_bytes(after, f"offline/{LANGUAGE}.json")
    return total + sum(wire_bytes(after, url) for url in changed), len(changed) + 2


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    project = work / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", "site", "site.new", "site.old", ".git", ".pytest_cache", "__pycache__", "node_modules", ".prod"))
    (project / ".venv").symlink_to(ROOT / ".venv")
    os.environ["SOURCE_DATE_EPOCH"] = "0"  # the copy is no git checkout: one date for every build
    try:
        first = build(project, work / "first")
        again = build(project, work / "again")
        record = project / CHANGED_RECORD
        record.write_text(record.read_text(encoding="utf-8").replace(*CHANGE, 1), encoding="utf-8")
        changed = build(project, work / "changed")
        loads = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", COUNT_LOADS, str(work / "counted")],
                               cwd=project, capture_output=True, text=True, check=True).stdout.split()[-1]
        whole = sum(wire_bytes(work / "first", url) for url in offline_files(work / "first"))
        print(f"make build: {first:.1f} s, {again:.1f} s, {changed:.1f} s; records loaded {loads} time(s) per build "
              f"(both languages)")
        print(f"offline copy ({LANGUAGE}, 1x pictures): {whole / 1024:.0f} KB in {len(offline_files(work / 'first'))} files "
              "— what every deploy cost a returning visitor before revisioning")
        for name, after in (("(a) unchanged rebuild", work / "again"), ("(b) one page changed", work / "changed")):
            size, files = update_cost(work / "first", after)
            print(f"{name}: {size / 1024:.1f} KB in {files} request(s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
