"""Audits of one page in Debian's Chromium: weight, accessibility, Lighthouse.

- first_visit: every response (bytes on the wire, as Chromium reports them)
  from a cold cache until the network is idle, the pictures and the exam-day notice among them,
  requests to other hosts, failed requests, console errors, and first paint
  on an emulated slow link;
- axe_violations: axe-core (pinned in package.json) run inside the page;
- lighthouse: Lighthouse 12.2.3 (pinned in package.json), mobile defaults.

Used by tests/test_budgets.py and scripts/bench_budgets.py.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from helpsite.audit.chromium import CHROMIUM
from helpsite.paths import NODE_MODULES
from helpsite.serve.notice import NOTICE_FILE

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
# WCAG 2.0-2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
LIGHTHOUSE_FLAGS = ("--headless=new --no-sandbox --ignore-certificate-errors --disable-gpu --no-first-run "
                    "--disable-background-networking --disable-component-update --disable-sync")

# Emulated link for the first-paint figure: 1 Mbit/s down, 150 ms round trip.
SLOW_LINK = {"offline": False, "latency": 150, "downloadThroughput": 125000, "uploadThroughput": 125000}
PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1440, "height": 900}, "device_scale_factor": 2}  # a MacBook's screen: 2x pictures
PICTURES = "/assets/pictures/"
NOTICE = "/" + NOTICE_FILE


@dataclass
class Visit:
    url: str
    bytes: int = 0
    picture_bytes: int = 0  # of `bytes`: the annotated pictures on the first screen
    notice_bytes: int = 0  # of `bytes`: the exam-day notice, asked for once the page has loaded
    requests: int = 0
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    axe: list[str] | None = None  # axe's violations, when asked for
    first_paint_ms: float | None = None

    @property
    def kilobytes(self) -> float:
        return self.bytes / 1024

    @property
    def page_kilobytes(self) -> float:
        """Everything but the pictures and the notice: the page, its styles, scripts and data."""
        return (self.bytes - self.picture_bytes - self.notice_bytes) / 1024

    @property
    def picture_kilobytes(self) -> float:
        return self.picture_bytes / 1024


# Content-security-policy violations the page reports, collected from before its first script.
CSP_LISTENER = """window.__csp = []
document.addEventListener('securitypolicyviolation', event => window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`))"""


def first_visit(browser, url: str, slow: bool = False, screen: dict = PHONE, axe: bool = False) -> Visit:
    """Load `url` in a fresh context (cold cache, a phone's screen unless told) and wait until the network is idle;
    with `axe`, run axe on the loaded page too (one load serves every audit of a page)."""
    context = browser.new_context(**screen)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    visit = Visit(url)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if slow:
        cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    own = urlsplit(url).netloc

    data_urls, pictures, notices, urls = set(), set(), set(), {}  # inline data: images (no transfer); annotated pictures

    def started(event):
        urls[event["requestId"]] = event["request"]["url"]
        if event["request"]["url"].startswith("data:"):
            data_urls.add(event["requestId"])
        elif PICTURES in event["request"]["url"]:
            pictures.add(event["requestId"])
        elif urlsplit(event["request"]["url"]).path == NOTICE:
            notices.add(event["requestId"])

    def finished(event):
        if event["requestId"] not in data_urls:
            visit.bytes += event["encodedDataLength"]
            visit.requests += 1
            counted.add(urls.get(event["requestId"]))
        if event["requestId"] in pictures:
            visit.picture_bytes += event["encodedDataLength"]
        if event["requestId"] in notices:
            visit.notice_bytes += event["encodedDataLength"]

    counted, everything = set(), []
    cdp.on("Network.requestWillBeSent", started)
    cdp.on("Network.loadingFinished", finished)
    page.on("requestfinished", lambda request: everything.append(request))
    page.on("request", lambda request: urlsplit(request.url).netloc not in (own, "") and visit.foreign.append(request.url))
    page.on("response", lambda response: response.status >= 400 and visit.failed.append(f"{response.status} {response.url}"))
    page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    # The page's DevTools session does not see the end of what a worker loads (the search worker's script).
    for request in everything:
        if request.url not in counted and not request.url.startswith("data:"):
            sizes = request.sizes()
            visit.bytes += sizes["responseHeadersSize"] + sizes["responseBodySize"]
            visit.requests += 1
    if slow:
        visit.first_paint_ms = page.evaluate(
            "() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
    visit.csp_violations = page.evaluate("window.__csp")
    if axe:
        visit.axe = axe_violations(page)
    context.close()
    return visit


def axe_violations(page) -> list[str]:
    """One line per axe violation on the loaded page: rule id and the first element."""
    # Colours are judged as they settle: a button caught mid-transition (focus, hover) reads as low contrast.
    page.wait_for_function("() => document.getAnimations().every(animation => animation.playState !== 'running')")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the DevTools protocol: the page's CSP does not apply
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]]


# Lighthouse's performance audits that count bytes, requests, sizes and layout, not time:
# they give the same answer on a busy machine. The performance score itself weighs measured
# CPU time (97-99 on a loaded 2-core machine), so it is printed by `make bench`, not asserted.
# (render-blocking-resources would belong here, but Lighthouse 12.2.3 errors on it with
# Debian's Chromium 156: "Cannot read properties of undefined (reading 'frame_sequence')".)
LOAD_INDEPENDENT_AUDITS = ("total-byte-weight", "uses-text-compression", "uses-optimized-images",
                           "uses-responsive-images", "modern-image-formats", "unsized-images",
                           "unminified-css", "unminified-javascript",
                           "cumulative-layout-shift", "dom-size", "font-display")


def lighthouse_report(url: str) -> dict:
    """Lighthouse's JSON report, mobile emulation and throttling as Lighthouse defaults."""
    run = subprocess.run([str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={LIGHTHOUSE_FLAGS}",
                          "--output=json", "--quiet"], capture_output=True, text=True, timeout=180)
    if run.returncode:
        raise RuntimeError(f"Lighthouse failed on {url}: {run.stderr[-500:]}")
    return json.loads(run.stdout)


def category_scores(report: dict) -> dict[str, int]:
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


def failed_load_independent_audits(report: dict) -> list[str]:
    """The audits of LOAD_INDEPENDENT_AUDITS that did not pass (missing ones count as failed)."""
    failed = []
    for name in LOAD_INDEPENDENT_AUDITS:
        audit = report["audits"].get(name)
        if audit is None:
            failed.append(f"{name}: not in the report")
        elif audit["scoreDisplayMode"] not in ("notApplicable", "informative", "manual") and audit["score"] != 1:
            failed.append(f"{name}: {audit['score']} ({audit.get('displayValue', '')})")
    return failed


def lighthouse(url: str) -> dict[str, int]:
    """Lighthouse category scores (0-100)."""
    return category_scores(lighthouse_report(url))
