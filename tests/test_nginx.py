"""The production nginx configuration, for real: headers, compression, errors, CSP, offline, load."""

import concurrent.futures
import gzip
import re
import socket
import ssl
import time
from pathlib import Path

import jinja2
from helpsite.audit.chromium import FAKE_MEDIA
from helpsite.audit.page import CSP_LISTENER
from helpsite.serve import nginx as nginx_config
import pytest
from playwright.sync_api import expect

from conftest import (ROOT, cache_names, first_search_result, https_get, run_build, serve_directory,
                      wait_until_offline_ready)

SECURITY_HEADERS = {
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
}
PERMISSIONS = "camera=(self), microphone=(self), display-capture=(self)"


def assert_security_headers(response, document=True):
    """Every response: the plain headers; pages and workers' scripts: the content security policy; pages: permissions."""
    for name, value in SECURITY_HEADERS.items():
        assert value in (response.getheader(name) or ""), name
    content_type = response.getheader("Content-Type")
    if not document:
        assert response.getheader("Content-Security-Policy") is None, content_type
        assert response.getheader("Permissions-Policy") is None, content_type
        return
    assert (PERMISSIONS in (response.getheader("Permissions-Policy") or "")) == content_type.startswith("text/html")
    csp = response.getheader("Content-Security-Policy")
    assert csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self' 'sha256-" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "connect-src 'self' https://bolashak.oes.kz" in csp


@pytest.mark.parametrize("path, cache, document", [
    ("errors/camera/", "no-cache", True),
    ("ru/", "no-cache", True),
    ("assets/javascripts/links.js", "no-cache", False),
    ("sw.js", "no-cache", True),
    ("assets/javascripts/search/worker.js", "no-cache", True),
    ("assets/speed-test.bin", "no-store", False),
    ("assets/stylesheets/site.css", "no-cache", False),
    ("search/kk.json", "no-cache", False),
])
def test_headers_on_pages_and_assets(base_url, path, cache, document):
    response = https_get(base_url + path)
    assert response.status == 200
    assert_security_headers(response, document)
    assert response.getheader("Cache-Control") == cache


def test_fingerprinted_assets_are_cached_for_a_year(site_dir, base_url):
    bundle = next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")).name
    response = https_get(f"{base_url}assets/javascripts/{bundle}")
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert_security_headers(response, document=False)
    pictures = sorted(p.name for p in (site_dir / "assets" / "pictures").glob("*.webp"))
    assert len(pictures) > 10
    for name in (pictures[0], next(name for name in pictures if "@2x" in name)):
        response = https_get(f"{base_url}assets/pictures/{name}")
        assert response.status == 200
        assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable", name


def test_precompressed_files_are_served_when_accepted(site_dir, base_url):
    plain = (site_dir / "errors" / "camera" / "index.html").read_bytes()
    compressed = https_get(base_url + "errors/camera/", headers={"Accept-Encoding": "gzip"})
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert compressed.body == (site_dir / "errors" / "camera" / "index.html.gz").read_bytes()
    assert gzip.decompress(compressed.body) == plain
    assert https_get(base_url + "errors/camera/").body == plain


@pytest.mark.parametrize("path, lang, title, home", [
    ("no-such-page/", "kk", "Бет табылмады", 'href="/"'),
    ("ru/no-such-page/", "ru", "Страница не найдена", 'href="/ru/"'),
])
def test_not_found_pages_speak_the_language_of_the_address(base_url, path, lang, title, home):
    response = https_get(base_url + path)
    assert response.status == 404
    body = response.body.decode()
    assert f'<html lang="{lang}"' in body and f"<h1>{title}</h1>" in body and home in body
    assert "Not found" not in body
    assert_security_headers(response)


def test_plain_http_goes_to_https(served):
    response = https_get(served.http + "errors/camera/?os=macos")
    assert response.status == 301
    assert response.getheader("Location") == served.https + "errors/camera/?os=macos"


def test_build_files_for_nginx_are_not_published(base_url):
    assert https_get(base_url + "nginx/csp.conf").status == 404


def test_upload_sink_reads_a_post_and_refuses_anything_else(base_url):
    origin = {"Origin": base_url.rstrip("/")}
    assert https_get(base_url + "speed-test/upload", "POST", origin, body=bytes(1024 * 1024)).status == 204
    assert https_get(base_url + "speed-test/upload").status == 403


def test_search_and_checks_run_without_a_csp_violation(launch, base_url):
    """Every page's first load is judged by test_budgets' sweep; here what runs after it: the checks and search."""
    chromium = launch(*FAKE_MEDIA)
    context = chromium.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.route("https://bolashak.oes.kz/**", lambda route: route.fulfill(status=200, body="ok"))
    page.goto(base_url + "ru/check/")
    page.locator("[data-action=start-all]").click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-check]')].every(e => e.dataset.status !== 'running' && e.dataset.status !== 'idle')", timeout=60000)
    first_search_result(page, "камера")
    assert page.evaluate("window.__csp") == []


def raw_https(base_url: str, request: bytes) -> str:
    """What nginx answers to bytes no HTTP client would send, up to the end of its headers."""
    host, port = base_url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as plain:
        with ssl._create_unverified_context().wrap_socket(plain, server_hostname=host) as tls:
            tls.sendall(request)
            answer = b""
            while b"\r\n\r\n" not in answer and (chunk := tls.recv(4096)):
                answer += chunk
    return answer.decode("latin-1").split("\r\n\r\n")[0]


EARLY_ERRORS = {  # nginx answers these before a location is chosen
    "a malformed request line": (b"GARBAGE\r\n\r\n", "400"),
    "an address too long": (b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", "414"),
    "TRACE": (b"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", "405"),
    "an unknown transfer coding": (b"POST /events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n", "501"),
    "a dot segment above the root": (b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", "400"),
}


@pytest.mark.parametrize("request_bytes, status", EARLY_ERRORS.values(), ids=EARLY_ERRORS.keys())
def test_nginx_s_own_early_errors_carry_the_security_headers(base_url, request_bytes, status):
    head = raw_https(base_url, request_bytes)
    assert head.split("\r\n")[0].split(" ")[1] == status, head
    for name, value in {**SECURITY_HEADERS, "Strict-Transport-Security": "max-age=31536000"}.items():
        assert f"{name}: {value}".lower() in head.lower(), (name, head)


def test_every_compressible_answer_varies_on_accept_encoding(base_url):
    for path in ("errors/camera/", "assets/stylesheets/site.css", "search/kk.json"):
        for encoding in ("br", "gzip", None):
            response = https_get(base_url + path, headers={"Accept-Encoding": encoding} if encoding else {})
            assert "Accept-Encoding" in (response.getheader("Vary") or ""), (path, encoding)


def test_a_doubled_slash_goes_to_the_one_address_whose_assets_resolve(base_url):
    for asked, canonical in (("errors/camera//", "/errors/camera/"), ("ru//errors/camera/?os=macos", "/ru/errors/camera/?os=macos"),
                             ("//evil.example/", "/evil.example/")):
        response = https_get(base_url + asked)
        assert (response.status, response.getheader("Location")) == (301, canonical), asked


@pytest.mark.parametrize("prefix, density", [("", 1), ("ru/", 2)])
def test_help_stays_readable_offline_after_one_visit(browser, base_url, prefix, density):
    context = browser.new_context(device_scale_factor=density)
    page = context.new_page()
    page.goto(f"{base_url}{prefix}check/")
    page.reload()  # the first load installs the worker; it controls the page from the next one
    wait_until_offline_ready(page)
    lang = "ru" if prefix else "kk"
    pictures = page.evaluate("""async () => (await (await caches.open((await caches.keys())[0])).keys())
        .map(request => request.url).filter(url => url.includes('/assets/pictures/'))""")
    assert pictures and all(f".{lang}." in url and ("@2x." in url) == (density == 2) for url in pictures)
    # Visits with queries (a mail's tracking) or to addresses the site has not add nothing to the copy.
    count = "async () => (await (await caches.open((await caches.keys())[0])).keys()).length"
    before = page.evaluate(count)
    for visit in ("errors/internet/?utm_source=mail&i=1", "errors/internet/?utm_source=mail&i=2", "no-such-page/?x=1"):
        page.goto(f"{base_url}{prefix}{visit}")
    assert page.evaluate(count) == before
    context.set_offline(True)
    for path, title in (("errors/internet/", "нтернет"), ("", "")):
        page.goto(f"{base_url}{prefix}{path}")
        assert page.locator("h1").count() == 1 and title in page.locator("h1").inner_text()
        assert page.locator("html").get_attribute("lang") == lang
    # Search works offline too: its worker, engine and this language's documents are in the copy.
    assert "/errors/camera/" in first_search_result(page, "камера").get_attribute("href")
    # A picture, offline, at the screen's density; on a denser screen than the cached one, the cached one.
    for scale in [density] + ([2] if density == 1 else []):
        if scale != density:
            context.new_cdp_session(page).send("Emulation.setDeviceMetricsOverride", {
                "width": 1280, "height": 720, "deviceScaleFactor": scale, "mobile": False})
        page.goto(f"{base_url}{prefix}help/share-screen/")
        image = page.locator("figure.picture img").first
        image.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('figure.picture img').naturalWidth > 0")
        assert ("@2x." in image.evaluate("img => img.currentSrc")) == (scale == 2)
    context.close()


def test_a_new_build_costs_a_returning_visitor_only_what_changed(project_copy, tmp_path, browser):
    site = tmp_path / "site"
    assert run_build(site, cwd=project_copy).returncode == 0
    with serve_directory(site) as served:
        context = browser.new_context()
        page = context.new_page()
        page.goto(served.https + "errors/internet/")
        page.reload()
        old_cache = wait_until_offline_ready(page)

        # The same content built again: sw.js is byte-identical, so nothing is installed.
        worker = (site / "sw.js").read_bytes()
        assert run_build(site, cwd=project_copy).returncode == 0
        assert (site / "sw.js").read_bytes() == worker

        # One step of one page changes: only that page, the search indexes and the lists are fetched again.
        record = project_copy / "docs" / "records" / "errors" / "internet.yml"
        text = record.read_text(encoding="utf-8")
        assert text.count("байланыс қалпына келгенше күтіңіз.") == 1
        record.write_text(text.replace("байланыс қалпына келгенше күтіңіз.", "байланыс қалпына келгенше (мысалы, бір минут) күтіңіз."),
                          encoding="utf-8")
        rebuilt = run_build(site, cwd=project_copy)
        assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
        assert (site / "sw.js").read_bytes() != worker
        seen = served.access_log.stat().st_size
        # What the browser does on a later visit (Chromium checks after navigations, when it sees fit).
        page.evaluate("async () => (await navigator.serviceWorker.ready).update()")
        cache_names(page, lambda names: names and names != old_cache and len(names) == 1)
        with served.access_log.open(encoding="utf-8") as log:
            log.seek(seen)
            # The log names the file nginx served (a page's index.html), never the address asked for.
            fetched = {re.search(r'"GET /(\S*?)(?:index\.html)? ', line)[1] for line in log if '"GET /' in line}
        assert fetched == {"sw.js", "offline/kk.json", "errors/internet/", "search/kk.json"}
        context.set_offline(True)
        page.goto(served.https + "errors/internet/")
        expect(page.locator("article")).to_contain_text("(мысалы, бір минут)")
        context.close()


def test_bounded_load_on_loopback_has_no_errors(base_url):
    """A fixed 600 requests from 6 threads; the rate is printed, errors must be zero."""
    paths = ["", "errors/camera/", "ru/errors/internet/", "assets/stylesheets/site.css", "search/kk.json"]

    def worker(start):
        errors = 0
        for i in range(100):
            response = https_get(base_url + paths[(start + i) % len(paths)], headers={"Accept-Encoding": "gzip"})
            errors += response.status != 200
        return errors

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        errors = sum(pool.map(worker, range(6)))
    elapsed = time.perf_counter() - started
    print(f"\nnginx: 600 requests in {elapsed:.2f} s, {600 / elapsed:.0f} requests/s, {errors} errors")
    assert errors == 0


def site_log_lines(served, expected: int) -> list[str]:
    """The site log's lines once the requests made so far are in it. nginx writes a line when a request has ended,
    which can be after its client has the answer: one more request (a marker) is made, and the lines are read once
    the marker's and `expected` others are there, or the deadline passed (then the count tells what is missing)."""
    assert https_get(served.https + "sitemap.xml").status == 200
    deadline = time.monotonic() + 30
    while True:
        lines = served.access_log.read_text(encoding="utf-8").splitlines()
        others = [line for line in lines if "/sitemap.xml " not in line]
        if len(others) < len(lines) and len(others) >= expected or time.monotonic() > deadline:
            return others
        time.sleep(0.05)


def test_the_logs_keep_no_address_no_user_agent_and_no_typed_path(site_dir):
    """The privacy note says no address is stored: nginx's own logs included, whatever was asked."""
    agent = {"User-Agent": "Mozilla/5.0 (agent-marker)"}
    with serve_directory(site_dir) as served:
        assert https_get(served.https + "errors/camera/?os=macos&mail=ivan@mail.kz", headers=agent).status == 200
        assert https_get(served.https + "ivan@mail.kz/", headers=agent).status == 404
        assert https_get(served.http + "ivan.petrov/", headers=agent).status == 301
        refused = https_get(served.https + "events", "POST", {**agent, "Content-Type": "text/plain"}, b"x" * 5000)
        assert refused.status == 413
        # Typed text through dot segments and a method name; last build's bundle (any open tab after a
        # deploy); a folder: each used to leave the address and the request line in the error log.
        assert https_get(served.https + "ivan@mail.kz/../errors/camera/", headers=agent).status == 200
        assert https_get(served.https + "errors/camera/", "IVAN_IVANOV", agent).status == 405
        old_bundle = "assets/stylesheets/main.0badc0de.min.css?from=mail&iin=990101300123"
        assert https_get(served.https + old_bundle, headers=agent).status == 404
        assert https_get(served.https + "assets/", headers=agent).status in (403, 404)
        lines = site_log_lines(served, 7)
        errors = served.error_log.read_text(encoding="utf-8")
    assert len(lines) == 7  # the refused event is in no log: events have their own, of accepted ones only
    assert '"GET /errors/camera/index.html HTTP/1.1" 200' in lines[0]  # the file served, without the query
    assert '"GET - HTTP/1.1" 404' in lines[1] and '"GET - HTTP/1.1" 301' in lines[2]
    assert '"GET /errors/camera/index.html HTTP/1.1" 200' in lines[3] and '"- - HTTP/1.1" 405' in lines[4]
    for line in lines:
        assert "127.0.0.1" not in line and "agent-marker" not in line and "ivan" not in line.lower(), line
        assert "990101300123" not in line and "0badc0de" not in line, line
    assert "client:" not in errors and "127.0.0.1" not in errors and "0badc0de" not in errors


def test_a_misspelled_name_in_the_nginx_template_fails_the_rendering():
    template = (ROOT / "nginx" / "help-site.conf").read_text(encoding="utf-8")
    assert "{{ sink_port }}" in template
    with pytest.raises(jinja2.UndefinedError, match="sink_prot"):
        nginx_config.render(template.replace("{{ sink_port }}", "{{ sink_prot }}", 1),
                            nginx_config.template_values(Path("/srv"), Path("c"), Path("k"), server_name="help.example.kz"))
