"""Shared fixtures: the real records, one real build, a local server, Chromium."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "docs" / "records"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The URL the test build is published under, to check that site_url comes from the environment.
TEST_SITE_URL = "https://help.example.test/"


def pytest_addoption(parser):
    parser.addoption("--update", action="store_true", help="rewrite the golden files from the current output")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update")


def run_build(site_dir: Path, cwd: Path = ROOT, site_url: str = TEST_SITE_URL) -> subprocess.CompletedProcess:
    env = dict(os.environ, SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=cwd, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """One real strict build of the real records, shared by the build and browser tests."""
    target = tmp_path_factory.mktemp("site")
    result = run_build(target)
    assert result.returncode == 0, result.stdout + result.stderr
    return target


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """The project's sources in a scratch folder, sharing this checkout's virtual environment."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", "site", ".site.*", ".git", ".pytest_cache", "__pycache__", "tests"))
    for generated in (project / "docs").rglob("*.md"):
        generated.unlink()
    (project / ".venv").symlink_to(ROOT / ".venv")
    return project


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_directory(directory: Path):
    """Serve a built site on a free loopback port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    with serve_directory(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as session:
        yield session


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


@pytest.fixture
def launch(playwright):
    """Start Debian's chromium with extra flags (fake devices and the like); closed after the test."""
    started = []

    def start(*flags):
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS + list(flags))
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
