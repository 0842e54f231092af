"""Budgets table: every page in both languages, against the production nginx setup.

    python scripts/bench_budgets.py [site-dir]

Per page: first-visit KB and requests (cold cache, until the network is idle),
first paint on an emulated 1 Mbit/s link with 150 ms latency, the four
Lighthouse scores (mobile) and axe violations; then the time of a full
`make build`. Limits: 60 KB, Lighthouse 100, no axe violation.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from helpsite.serve.local import serve_directory
from helpsite.audit.chromium import launch
from helpsite.audit.page import LAPTOP, axe_violations, first_visit, lighthouse
from helpsite.paths import PROJECT as ROOT


def page_paths(site: Path) -> list[str]:
    paths = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    return [("" if p == "./" else p) for p in paths if not p.startswith("e/")]


def main(site: Path) -> None:
    with serve_directory(site) as served, sync_playwright() as playwright:
        chromium = launch(playwright)
        print("KB: page without pictures (limit 60); pictures on the first screen of a phone and of a laptop at 2x (limit 150)")
        print(f"{'page':<36}{'KB':>6}{'pics':>6}{'laptop':>7}{'req':>5}{'paint ms':>10}{'perf':>6}{'a11y':>6}{'bp':>5}{'seo':>5}{'axe':>5}")
        worst = worst_pictures = 0.0
        for path in page_paths(site):
            url = served.https + path
            visit = first_visit(chromium, url)
            slow = first_visit(chromium, url, slow=True)
            laptop = first_visit(chromium, url, screen=LAPTOP)
            context = chromium.new_context()
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            axe = len(axe_violations(page))
            context.close()
            scores = lighthouse(url)
            worst = max(worst, visit.page_kilobytes)
            worst_pictures = max(worst_pictures, visit.picture_kilobytes, laptop.picture_kilobytes)
            print(f"{'/' + path:<36}{visit.page_kilobytes:>6.1f}{visit.picture_kilobytes:>6.1f}{laptop.picture_kilobytes:>7.1f}"
                  f"{visit.requests:>5}{slow.first_paint_ms or 0:>10.0f}"
                  f"{scores['performance']:>6}{scores['accessibility']:>6}{scores['best-practices']:>5}{scores['seo']:>5}{axe:>5}")
        chromium.close()
    print(f"\nheaviest first visit: {worst:.1f} KB (limit 60); most pictures on a first screen: {worst_pictures:.1f} KB (limit 150)")
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={scratch}/site"], cwd=ROOT, check=True,
                       capture_output=True)
        print(f"full build (make build): {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
