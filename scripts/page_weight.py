"""What a first visit to a page costs, measured in Debian's Chromium.

Counts every response (bytes on the wire, as Chromium reports them) from a
cold cache until the network is idle, the requests to other hosts, failed
requests and console errors. Used by tests/test_budgets.py and
scripts/bench_budgets.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Emulated link for the first-paint figure: 1 Mbit/s down, 150 ms round trip.
SLOW_LINK = {"offline": False, "latency": 150, "downloadThroughput": 125000, "uploadThroughput": 125000}


@dataclass
class Visit:
    url: str
    bytes: int = 0
    requests: int = 0
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    first_paint_ms: float | None = None

    @property
    def kilobytes(self) -> float:
        return self.bytes / 1024


def first_visit(browser, url: str, slow: bool = False) -> Visit:
    """Load `url` in a fresh context (cold cache) and wait until the network is idle."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    visit = Visit(url)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if slow:
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    own = urlsplit(url).netloc

    def finished(event):
        visit.bytes += event["encodedDataLength"]
        visit.requests += 1

    cdp.on("Network.loadingFinished", finished)
    page.on("request", lambda request: urlsplit(request.url).netloc not in (own, "") and visit.foreign.append(request.url))
    page.on("response", lambda response: response.status >= 400 and visit.failed.append(f"{response.status} {response.url}"))
    page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    if slow:
        visit.first_paint_ms = page.evaluate(
            "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
    context.close()
    return visit
