"""Benchmark of the device checks: time of each check and speed-estimate error.

Runs the whole check page in Debian's Chromium with fake devices against the
built site/ (served on loopback), then the internet check at several
throttled rates. Prints a table; the targets are under 10 s for the full check
on a fast link and within 10 % for the speed estimate.

    python scripts/bench_checks.py [site-dir]
"""

import functools
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from helpsite.audit.chromium import FAKE_MEDIA, launch

ORDER = ["browser", "camera", "microphone", "internet", "server", "screen", "extension"]
RATES_MBPS = [0.5, 1, 5, 10]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def done(name):
    return f"() => ['pass','warn','fail'].includes(document.querySelector('[data-check={name}]').dataset.status)"


def main(site: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as playwright:
        chromium = launch(playwright, FAKE_MEDIA)
        page = chromium.new_page()
        page.route("https://bolashak.oes.kz/**", lambda route: route.fulfill(status=200, body="ok"))
        page.goto(base + "check/")
        print(f"{'check':<12}{'status':<8}{'seconds':>8}")
        total = 0.0
        for name in ORDER:
            started = time.perf_counter()
            page.click(f"[data-check={name}] [data-action=start]")
            page.wait_for_function(done(name), timeout=60000)
            seconds = time.perf_counter() - started
            total += seconds
            print(f"{name:<12}{page.get_attribute(f'[data-check={name}]', 'data-status'):<8}{seconds:>8.2f}")
        print(f"{'all':<20}{total:>8.2f}  (target < 10 s)\n")

        print(f"{'set Mbit/s':<12}{'measured':>10}{'error %':>9}")
        for rate in RATES_MBPS:
            page = chromium.new_page()
            page.goto(base + "errors/internet/")
            page.context.new_cdp_session(page).send("Network.emulateNetworkConditions", {
                "offline": False, "latency": 0, "downloadThroughput": rate * 125000, "uploadThroughput": -1})
            page.click("[data-check=internet] [data-action=start]")
            page.wait_for_function(done("internet"), timeout=60000)
            measured = float(page.get_attribute("[data-check=internet]", "data-value-speed"))
            print(f"{rate:<12}{measured:>10.2f}{100 * (measured - rate) / rate:>+9.1f}")
            page.close()
        chromium.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
