"""Search benchmark: recall@3 per language, index size, time from keystroke to results.

    python scripts/bench_search.py [site-dir]

Serves the built site on loopback and types every query of
tests/search_queries.yml into Material's search box in Debian's Chromium.
"""

import functools
import gzip
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from helpsite.audit import search as search_eval
from helpsite import LANGUAGES
from helpsite.audit.chromium import launch
from helpsite.content.load import load_site
from helpsite.paths import PROJECT as ROOT


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def gzip_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), 9)) / 1024


def main(site: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ids = search_eval.page_ids(load_site(ROOT / "docs" / "records"))
    engine = site / "assets" / "javascripts" / "search" / "engine.js"
    worker = site / "assets" / "javascripts" / "search" / "worker.js"
    stub = site / "search" / "search_index.json"
    print(f"every page view: worker {gzip_kb(worker):.1f} KB + settings {gzip_kb(stub):.1f} KB (gzip)")
    print(f"on first search: engine {gzip_kb(engine):.1f} KB (gzip)\n")
    print(f"{'lang':<6}{'queries':>8}{'recall@3':>10}{'index KB gz':>13}{'median ms':>11}{'p95 ms':>8}{'foreign':>9}")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        misses = []
        for lang in LANGUAGES:
            page = chromium.new_page()
            outcomes = search_eval.run(page, base, lang, ids)
            times = sorted(o.milliseconds for o in outcomes)
            recall = sum(o.hit for o in outcomes) / len(outcomes)
            foreign = sum(len(o.foreign) for o in outcomes)
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"{lang:<6}{len(outcomes):>8}{recall:>10.1%}{gzip_kb(site / 'search' / f'{lang}.json'):>13.1f}"
                  f"{statistics.median(times):>11.0f}{p95:>8.0f}{foreign:>9}")
            misses += [f"  {lang} {o.query!r}: {o.top[:3]} (want {o.expected})" for o in outcomes if not o.hit]
            page.close()
        chromium.close()
    if misses:
        print("\nmisses:\n" + "\n".join(misses))
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
