"""Shared fixtures: the real records, one real build, a local server, Chromium."""

from __future__ import annotations

import fcntl
import http.client
import json
import os
import shutil
import ssl
import subprocess
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpsite.audit.chromium import CHROMIUM, launch as launch_chromium
from helpsite.content.load import RecordErrors, load_site
from helpsite.paths import PROJECT as ROOT, RECORDS
from helpsite.serve.local import Served, free_port, serve_directory  # noqa: F401
# The URL the test build is published under, to check that site_url comes from the environment: http, so a
# development build (a production one, https, refuses unconfirmed support contacts).
TEST_SITE_URL = "http://help.example.test/"


# Tiers (markers registered in pyproject.toml): a test is marked by the fixtures it uses, so none can be
# missed; tests that build or serve by themselves carry the marker in their module.
TIER_OF_FIXTURE = {"site_dir": "build", "project_copy": "build", "served": "nginx", "base_url": "nginx",
                   "playwright": "browser", "browser": "browser", "launch": "browser", "page": "browser"}


def pytest_collection_modifyitems(items):
    for item in items:
        for tier in {TIER_OF_FIXTURE[name] for name in getattr(item, "fixturenames", ()) if name in TIER_OF_FIXTURE}:
            item.add_marker(tier)


def pytest_addoption(parser):
    parser.addoption("--update", action="store_true", help="rewrite the golden files from the current output")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update")


def run_build(site_dir: Path, cwd: Path = ROOT, site_url: str = TEST_SITE_URL) -> subprocess.CompletedProcess:
    """`make build` into `site_dir`: the strict MkDocs build and the production finishing."""
    return subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={site_dir}"],
                          cwd=cwd, env=dict(os.environ, SITE_URL=site_url), capture_output=True, text=True)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, worker_id) -> Path:
    """One real strict build of the real records, shared by the build and browser tests, and by pytest-xdist's
    workers: the first one builds while the others wait, so two builds never write docs/ at once."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    target = shared / "site"
    with open(shared / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.is_dir():  # make build moves a finished site into place, never a half one
            result = run_build(target)
            assert result.returncode == 0, result.stdout + result.stderr
    return target


def copy_project(folder: Path) -> Path:
    """The project's sources in `folder`/project, sharing this checkout's virtual environment."""
    project = folder / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", "site", "site.new", "site.old", ".git", ".pytest_cache", "__pycache__", "tests", "node_modules", ".prod"))
    for generated in (project / "docs").rglob("*.md"):
        generated.unlink()
    (project / ".venv").symlink_to(ROOT / ".venv")
    # The shared environment is set up already: make in the copy must not reinstall it (the editable install
    # would then point at the copy's sources).
    for setup in ("requirements.txt", "pyproject.toml"):
        os.utime(project / setup, (0, 0))
    return project


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path)


# Chromium's fake camera and microphone, allowed without a prompt.
FAKE_DEVICES = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")

USER_AGENTS = {
    "macOS": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)",
    "Windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
    "Android": "Mozilla/5.0 (Linux; Android 14; Pixel 8)",
}


def client_hints(context, page, platform: str) -> None:
    """Make the page see a visitor on `platform` (User-Agent Client Hints and string alike)."""
    mobile = platform == "Android"
    context.new_cdp_session(page).send("Emulation.setUserAgentOverride", {
        "userAgent": USER_AGENTS[platform] + " AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 "
                     + ("Mobile Safari/537.36" if mobile else "Safari/537.36"),
        "userAgentMetadata": {"brands": [{"brand": "Google Chrome", "version": "156"}], "platform": platform,
                              "platformVersion": "15.0.0", "architecture": "" if mobile else "x86",
                              "model": "Pixel 8" if mobile else "", "mobile": mobile},
    })


def first_search_result(page, query: str):
    """Put `query` into Material's search box, as a paste or autofill would (no key pressed), and wait for the
    first result (a link)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    first = page.locator(".md-search-result__item a").first
    first.wait_for()
    return first


def https_get(url: str, method: str = "GET", headers: dict | None = None, body: bytes | None = None):
    """One request to the tests' nginx, redirects not followed; returns the response, body read."""
    parts = urllib.parse.urlsplit(url)
    connection_type = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    options = {"context": ssl._create_unverified_context()} if parts.scheme == "https" else {}
    connection = connection_type(parts.hostname, parts.port, timeout=30, **options)
    connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture(scope="session")
def served(site_dir) -> Served:
    with serve_directory(site_dir) as site:
        yield site


@pytest.fixture(scope="session")
def base_url(served) -> str:
    return served.https


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as session:
        yield session


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = launch_chromium(playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def launch(playwright):
    """Start Debian's chromium with extra flags (fake devices and the like); closed after the test."""
    started = []

    def start(*flags):
        chromium = launch_chromium(playwright, flags)
        started.append(chromium)
        return chromium

    yield start
    for chromium in started:
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def cache_names(page, ready, timeout=30):
    """caches.keys() once `ready(names)` holds (page.wait_for_function does not await a promise)."""
    deadline = time.monotonic() + timeout
    while True:
        names = page.evaluate("caches.keys()")
        if ready(names):
            return names
        assert time.monotonic() < deadline, f"offline caches stayed {names}"
        page.wait_for_timeout(200)


def cached_count(page, name):
    return page.evaluate("async name => (await (await caches.open(name)).keys()).length", name)


def wait_until_offline_ready(page):
    """The service worker controls the page and has cached this build."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)
    return cache_names(page, lambda names: len(names) == 1 and cached_count(page, names[0]) > 30)


def logged_events(log: Path, wanted, count: int = 1, timeout: float = 15) -> list[dict]:
    """The events in nginx's event log that `wanted(event)` accepts, once there are `count` of them."""
    deadline = time.monotonic() + timeout
    while True:
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        found = [event for event in (json.loads(json.loads(line)["body"]) for line in lines) if wanted(event)]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def broken_copy(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """Copy the real records and replace one piece of text per file."""
    root = tmp_path / "docs" / "records"
    shutil.copytree(RECORDS, root)
    for relative, (old, new) in edits.items():
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(RecordErrors) as caught:
        load_site(root)
    return caught.value.problems


def built_pages(site_dir):
    return sorted(path.parent.relative_to(site_dir).as_posix().removesuffix(".") + "/"
                  for path in site_dir.rglob("index.html"))


class PageParser(HTMLParser):
    """Collects what the tests look at: ids, lang, resources, visible strings."""

    RESOURCE_TAGS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
                     "video": "src", "embed": "src", "link": "href"}
    VISIBLE_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.ids, self.resources, self.visible, self.lang, self.meta = set(), [], [], None, {}
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content")
        attribute = self.RESOURCE_TAGS.get(tag)
        if attribute and attrs.get(attribute) and not (tag == "link" and attrs.get("rel") in ("alternate", "canonical")):
            self.resources.append(attrs[attribute])
        self.visible += [attrs[name] for name in self.VISIBLE_ATTRIBUTES if attrs.get(name)]
        if tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.visible.append(data.strip())


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser
