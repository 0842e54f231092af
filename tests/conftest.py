"""Shared fixtures: the real records, one real build, a local server, Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "docs" / "records"
sys.path.insert(0, str(ROOT / "scripts"))
import nginx_config  # noqa: E402
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--ignore-certificate-errors",  # the tests' nginx uses a throwaway self-signed certificate
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
    """`make build` into `site_dir`: the strict MkDocs build and the production finishing."""
    return subprocess.run(["make", "--no-print-directory", "build", f"SITE_DIR={site_dir}"],
                          cwd=cwd, env=dict(os.environ, SITE_URL=site_url), capture_output=True, text=True)


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@functools.cache
def certificate() -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1."""
    folder = Path(tempfile.mkdtemp(prefix="help-tls-"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")], check=True, capture_output=True)
    return folder / "cert.pem", folder / "key.pem"


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


@dataclass
class Served:
    https: str  # base URL of the site
    http: str  # the plain-HTTP port, which only redirects


@contextlib.contextmanager
def serve_directory(directory: Path):
    """Serve a built site with the production nginx configuration over HTTPS."""
    prefix = Path(tempfile.mkdtemp(prefix="help-nginx-"))
    https, http, sink = free_port(), free_port(), free_port()
    cert, key = certificate()
    site = nginx_config.site_conf(Path(directory), cert, key, https, http, "127.0.0.1", "_", sink)
    (prefix / "nginx.conf").write_text(nginx_config.standalone_conf(prefix, site), encoding="utf-8")
    server = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"nginx did not start: {server.stderr.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", https)) == 0:
                break
        if time.monotonic() > deadline:
            raise RuntimeError("nginx did not listen in 10 s")
        time.sleep(0.05)
    try:
        yield Served(f"https://127.0.0.1:{https}/", f"http://127.0.0.1:{http}/")
    finally:
        server.terminate()
        server.wait(timeout=10)


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
