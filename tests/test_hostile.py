"""Hostile input against the production nginx and the pages: nothing breaks, leaks or hangs.

Every loop is bounded and runs on loopback; no outcome depends on how fast the machine is (limits that
could refill during a test are set so low that they cannot).
"""

import concurrent.futures
import http.client
import json
import shutil
import socket
import ssl
import subprocess
import time
import urllib.parse

import pytest
import yaml

from conftest import FAKE_DEVICES, ROOT, copy_project, https_get, problems_of, run_build, serve_directory
from helpsite.events.contract import normal_form, personal, problem, query_problem
from helpsite.render.device_checks import UPLOAD_SINK
from helpsite.serve.nginx import UPLOAD_CONNECTIONS

CASES = json.loads((ROOT / "tests" / "fixtures" / "personal-data.json").read_text(encoding="utf-8"))
TEXTS = json.loads((ROOT / "tests" / "fixtures" / "event-text.json").read_text(encoding="utf-8"))["cases"]
VISIT = "?v=abcdefgh12345678"


def post(served, body, origin=True, visit=VISIT, headers=None):
    headers = {"Content-Type": "text/plain;charset=UTF-8", **(headers or {})}
    if origin:
        headers.setdefault("Origin", served.https.rstrip("/"))
    return https_get(served.https + "events" + visit, "POST", headers, body if isinstance(body, bytes) else body.encode())


def logged(served, count: int) -> list[dict]:
    """The logged events once there are `count` (nginx writes a line just after it answers), or what is there."""
    deadline = time.monotonic() + 30
    while True:
        lines = served.events_log.read_text(encoding="utf-8").splitlines()
        if len(lines) >= count or time.monotonic() > deadline:
            return [json.loads(json.loads(line)["body"]) for line in lines]
        time.sleep(0.1)


@pytest.fixture
def server(site_dir):
    with serve_directory(site_dir) as served:
        yield served


NOT_EVENTS = {
    "not UTF-8": b'{"kind":"search","lang":"kk","query":"caf\xe9 au lait"}',
    "unknown kind": '{"kind":"visit","lang":"kk","query":"камера"}',
    "a field too many": '{"kind":"search","lang":"kk","query":"камера","name":"Иван"}',
    "fields in another order": '{"kind":"search","query":"камера","lang":"kk"}',
    "a language the site has not": '{"kind":"search","lang":"en","query":"камера"}',
    "a page id with markup": '{"kind":"feedback","page":"<b>x</b>","lang":"kk","answer":"no"}',
    "an answer not offered": '{"kind":"feedback","page":"errors/camera","lang":"kk","answer":"maybe"}',
    "a query too long": '{"kind":"search","lang":"kk","query":"' + "х" * 65 + '"}',
    "an escape hiding an @": '{"kind":"search","lang":"kk","query":"ivan\\u0040mail.kz"}',
    "a terminal escape": '{"kind":"check","page":"check","lang":"kk","check":"camera","status":"fail","error":"\\u001b[31m"}',
    "not JSON": "kind=search&query=камера",
}


def test_only_events_of_the_contract_reach_the_log_and_nothing_personal(server):
    assert post(server, '{"kind":"search","lang":"kk","query":"камера жоқ"}').status == 204
    assert post(server, '{"kind":"feedback","page":"errors/camera","lang":"ru","answer":"no"}').status == 204
    for name, body in NOT_EVENTS.items():
        assert post(server, body).status == 400, name
    for query in CASES["personal"]:
        assert personal(query), query  # the report's rule agrees with the page's and nginx's
        assert post(server, json.dumps({"kind": "search", "lang": "kk", "query": query}, ensure_ascii=False, separators=(",", ":"))).status == 400, query
    for query in CASES["not_personal"]:
        assert not personal(query)
        assert post(server, json.dumps({"kind": "search", "lang": "ru", "query": query}, ensure_ascii=False, separators=(",", ":"))).status == 204
    assert logged(server, 2 + len(CASES["not_personal"])) == [{"kind": "search", "lang": "kk", "query": "камера жоқ"},
                              {"kind": "feedback", "page": "errors/camera", "lang": "ru", "answer": "no"},
                              *({"kind": "search", "lang": "ru", "query": query} for query in CASES["not_personal"])]


def search(query: str) -> str:
    return json.dumps({"kind": "search", "lang": "ru", "query": query}, ensure_ascii=False, separators=(",", ":"))


def test_the_contract_sends_the_normal_form_of_each_shared_case():
    for case in TEXTS:
        sent = normal_form(case["raw"])
        assert (None if query_problem(sent) else sent) == case["sent"], case["name"]


def test_nginx_logs_a_query_exactly_when_the_report_would_count_it(server):
    """One normal form, one judge: what the page sends is logged and counted; a raw text sent by hand is
    logged only if the report would count it (nginx cannot normalise, so it refuses what is not normal)."""
    expected = []
    for case in TEXTS:
        raw_status = post(server, search(case["raw"])).status
        assert raw_status == (204 if query_problem(case["raw"]) is None else 400), case["name"]
        expected += [case["raw"]] * (raw_status == 204)
        if case["sent"] is not None:
            assert post(server, search(case["sent"])).status == 204, case["name"]
            expected.append(case["sent"])
    events = logged(server, len(expected))
    assert [event["query"] for event in events] == expected
    assert all(problem(event, ("kk", "ru")) is None for event in events)  # the report counts every one


def test_events_come_from_the_sites_own_pages_only(server):
    event = '{"kind":"search","lang":"kk","query":"камера"}'
    assert post(server, event, origin=False).status == 403
    assert post(server, event, headers={"Origin": "https://evil.example"}).status == 403
    assert https_get(server.https + "events").status == 403
    assert server.events_log.read_text(encoding="utf-8") == ""


def test_refused_events_leave_no_address_or_agent_in_any_log(site_dir):
    agent = {"User-Agent": "Mozilla/5.0 (agent-marker)"}
    with serve_directory(site_dir, events_rate="1r/m", events_burst=1) as served:
        statuses = {post(served, '{"kind":"search","lang":"kk","query":"камера"}', headers=agent).status for _ in range(3)}
        # Each of the others from a visit of its own, so the limit held by the first does not answer for them.
        statuses.add(post(served, b"x" * 5000, headers=agent, visit="?v=bigbodyvisit0001").status)
        statuses.add(post(served, "not an event", headers=agent, visit="?v=notanevent000001").status)
        statuses.add(post(served, "{}", origin=False, headers=agent, visit="?v=noorigin00000001").status)
        logs = "".join(path.read_text(encoding="utf-8") for path in (served.events_log, served.access_log, served.error_log))
    assert statuses == {204, 429, 413, 400, 403}
    assert "127.0.0.1" not in logs and "agent-marker" not in logs and "client:" not in logs


def test_an_exam_centre_behind_one_address_loses_no_event_while_one_client_flooding_is_held(site_dir):
    """300 candidates behind one address, ten events each, all at once: every one is logged."""
    with serve_directory(site_dir) as served:
        def candidate(number):
            visit = f"?v=candidate{number:08d}"
            return [post(served, '{"kind":"check","page":"check","lang":"kk","check":"camera","status":"pass","error":"none"}',
                         visit=visit).status for _ in range(10)]

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            statuses = [status for answers in pool.map(candidate, range(300)) for status in answers]
        assert statuses.count(204) == 3000
        assert len(logged(served, 3000)) == 3000
    # One client sending far more than a page does: held after its burst, told when to come back.
    with serve_directory(site_dir, events_rate="1r/m", events_burst=5) as served:
        answers = [post(served, '{"kind":"search","lang":"kk","query":"камера"}') for _ in range(12)]
        assert [answer.status for answer in answers] == [204] * 6 + [429] * 6
        assert all(answer.getheader("Retry-After") == "10" for answer in answers[6:])


def _connection(served):
    parts = urllib.parse.urlsplit(served.https)
    return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30, context=ssl._create_unverified_context())


def test_a_chunked_event_is_logged_whole(server):
    body = '{"kind":"search","lang":"kk","query":"бөліктермен жіберілген"}'.encode()
    connection = _connection(server)
    connection.request("POST", "/events" + VISIT, body=iter([body[:20], body[20:]]), encode_chunked=True,
                       headers={"Origin": server.https.rstrip("/"), "Content-Type": "text/plain"})
    assert connection.getresponse().status == 204
    connection.close()
    assert logged(server, 1) == [{"kind": "search", "lang": "kk", "query": "бөліктермен жіберілген"}]


def test_slow_bodies_from_one_address_neither_starve_the_site_nor_lose_a_slow_event(server):
    parts = urllib.parse.urlsplit(server.https)
    context = ssl._create_unverified_context()
    body = '{"kind":"search","lang":"kk","query":"баяу жіберілді"}'.encode()
    held = []
    try:
        for number in range(300):  # each candidate sends its headers and the start of its body, then waits
            raw = socket.create_connection((parts.hostname, parts.port), timeout=30)
            tls = context.wrap_socket(raw, server_hostname=parts.hostname)
            tls.sendall(b"POST /events?v=candidate%08d HTTP/1.1\r\nHost: x\r\nOrigin: " % number + server.https.rstrip("/").encode()
                        + b"\r\nContent-Type: text/plain\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:8])
            held.append(tls)
        assert https_get(server.https + "errors/camera/").status == 200  # other visitors are served meanwhile
        # An exam centre on a congested uplink: every slow event, finished late, is still logged.
        for slow in held:
            slow.sendall(body[8:])
        assert [slow.recv(64)[:12] for slow in held] == [b"HTTP/1.1 204"] * 300
    finally:
        for connection in held:
            connection.close()
    assert logged(server, 300) == [{"kind": "search", "lang": "kk", "query": "баяу жіберілді"}] * 300


def upload(served, size, origin=True):
    headers = {"Content-Type": "application/octet-stream", **({"Origin": served.https.rstrip("/")} if origin else {})}
    return https_get(served.https + UPLOAD_SINK, "POST", headers, b"\0" * size).status


def test_the_speed_tests_uploads_are_accepted_from_the_sites_pages_only(server):
    for size in (2 * 1024 * 1024, 4 * 1024 * 1024):
        assert upload(server, size) == 204
    assert upload(server, 1024, origin=False) == 403
    evil = {"Content-Type": "application/octet-stream", "Origin": "https://evil.example"}
    assert https_get(server.https + UPLOAD_SINK, "POST", evil, b"\0" * 1024).status == 403


def test_one_address_cannot_hold_the_upload_sink(server):
    """Slow uploads from one address past the limit are refused (429) while the others are held, the site is
    served meanwhile, and the held ones, finished, are accepted."""
    parts = urllib.parse.urlsplit(server.https)
    context = ssl._create_unverified_context()
    size = 256 * 1024  # past the 128 KB kept in memory
    held = []
    try:
        for _ in range(UPLOAD_CONNECTIONS + 8):  # each sends its headers and 1 KB of its body, then waits
            tls = context.wrap_socket(socket.create_connection((parts.hostname, parts.port), timeout=30),
                                      server_hostname=parts.hostname)
            tls.sendall(b"POST /" + UPLOAD_SINK.encode() + b" HTTP/1.1\r\nHost: x\r\nOrigin: "
                        + server.https.rstrip("/").encode() + f"\r\nContent-Length: {size}\r\n\r\n".encode() + b"\0" * 1024)
            held.append(tls)
        # The refused answer at once; the held ones say nothing until their body is whole.
        answers = {}
        deadline = time.monotonic() + 30
        while len(answers) < 8 and time.monotonic() < deadline:
            for tls in held:
                if tls in answers:
                    continue
                tls.setblocking(False)
                try:
                    answers[tls] = tls.recv(64)
                except ssl.SSLWantReadError:
                    pass  # no answer (yet): a TLS 1.3 session ticket may be all that arrived
                tls.settimeout(30)
            time.sleep(0.05)
        assert len(answers) == 8 and all(answer.startswith(b"HTTP/1.1 429") for answer in answers.values()), answers
        answered = set(answers)
        assert https_get(server.https + "errors/camera/").status == 200
        for tls in held:
            if tls not in answered:
                tls.sendall(b"\0" * (size - 1024))
                assert tls.recv(64).startswith(b"HTTP/1.1 204")
    finally:
        for tls in held:
            tls.close()


def test_the_http_redirect_names_the_sites_host_not_the_clients(server):
    answer = https_get(server.http + "errors/camera/?os=macos", headers={"Host": "evil.example"})
    assert answer.status == 301
    assert answer.getheader("Location") == server.https + "errors/camera/?os=macos"


PAGE_ERRORS = "window.__errors = []; addEventListener('error', event => window.__errors.push(String(event.message)))"


@pytest.fixture(scope="module")
def moved_step_site(tmp_path_factory):
    """The site with a step that moved (errors/camera#old-step -> #restart): its page carries the moved anchors."""
    project = copy_project(tmp_path_factory.mktemp("moved"))
    published = project / "docs" / "records" / "_published.yml"
    text = published.read_text(encoding="utf-8")
    text = text.replace("  errors/camera: [", "  errors/camera: [old-step, ").replace("moved: {}", "moved:\n  errors/camera#old-step: errors/camera#restart")
    published.write_text(text, encoding="utf-8")
    site = project / "site"
    built = run_build(site, cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    with serve_directory(site) as served:
        yield served.https


def test_a_hostile_address_breaks_no_component_of_the_page(launch, moved_step_site):
    base_url = moved_step_site
    browser = launch(*FAKE_DEVICES)
    page = browser.new_page()
    page.add_init_script(PAGE_ERRORS)
    page.goto(f"{base_url}errors/camera/#old-step")
    page.wait_for_url(f"{base_url}errors/camera/#restart")  # what the moved anchors are for
    for fragment in ("#%E0%A4%A", "#__proto__", "#constructor", "#" + "x" * 5000):
        page.goto(f"{base_url}errors/camera/?os=constructor{fragment}")
        page.locator("#restart + .copy-links .copy-links__toggle").click()  # the copy code reads the address too
        page.locator("#restart + .copy-links [data-copy=here]").click()
        page.wait_for_function("() => document.getElementById('__copy-status')?.textContent")
        assert page.evaluate("window.__errors") == [], fragment
        assert urllib.parse.urlsplit(page.url).path.endswith("/errors/camera/"), page.url  # not sent anywhere
        language = page.locator("a.md-select__link[hreflang=ru]")
        language.dispatch_event("click")
        assert "os=constructor" not in language.get_attribute("href")
    page.goto(f"{base_url}errors/camera/#" + "%E0%A4" * 900)
    page.locator("[data-support-mail]").first.click()
    page.wait_for_function("() => document.querySelector('[data-support-mail]').href.includes('body=')")
    href = page.locator("[data-support-mail]").first.get_attribute("href")
    assert href.startswith("mailto:") and len(href) <= 2000
    assert page.evaluate("window.__errors") == []
    browser.close()


HOSTILE_RECORDS = yaml.safe_load((ROOT / "tests" / "fixtures" / "hostile-records.yml").read_text(encoding="utf-8"))["cases"]
CAMERA_TEXT = "      kk: Операциялық жүйеде камераға рұқсат берілгенін тексеріңіз.\n"


def hostile_copy(tmp_path, case: dict):
    """A copy of the records with the camera record made hostile as `case` says."""
    root = tmp_path / "docs" / "records"
    shutil.copytree(ROOT / "docs" / "records", root)
    camera = root / "errors" / "camera.yml"
    if "whole_file" in case:
        camera.write_text(case["whole_file"], encoding="utf-8")
    elif "size" in case:
        camera.write_bytes(b"#" * case["size"])
    elif "replace" in case:
        old, new = case["replace"]
        text = camera.read_text(encoding="utf-8")
        assert old in text
        camera.write_text(text.replace(old, new, 1), encoding="utf-8")
    else:
        text = camera.read_text(encoding="utf-8")
        assert CAMERA_TEXT in text
        new = case.get("new") or "к" * case["repeat"]
        camera.write_text(text.replace(CAMERA_TEXT, "      kk: " + json.dumps(new, ensure_ascii=False) + "\n"),
                          encoding="utf-8")
    return root


@pytest.mark.parametrize("case", HOSTILE_RECORDS.values(), ids=HOSTILE_RECORDS.keys())
def test_a_hostile_record_is_refused_in_one_line(tmp_path, case):
    problems = problems_of(hostile_copy(tmp_path, case))
    expected = case["line"] if case["line"].startswith("docs/") else \
        "docs/records/errors/camera.yml: record 'camera': " + case["line"]
    assert expected in problems, "\n".join(problems)
    assert all("\n" not in problem and len(problem) < 400 for problem in problems)


def test_the_build_refuses_an_alias_bomb_at_once_and_keeps_everything(project_copy):
    """A nine-level alias bomb: `make build` stops with one line, the last site and the generated pages stay."""
    make = ["make", "--no-print-directory", "build"]
    assert subprocess.run(make, cwd=project_copy, capture_output=True, text=True).returncode == 0
    site = {p: p.read_bytes() for p in (project_copy / "site").rglob("*") if p.is_file()}
    pages = {p: p.read_bytes() for p in (project_copy / "docs").rglob("*") if p.is_file() and "records" not in p.parts}
    (project_copy / "docs" / "records" / "errors" / "camera.yml").write_text(
        HOSTILE_RECORDS["yaml alias bomb"]["whole_file"], encoding="utf-8")
    # The timeout only stops a hang from stalling the run; the refusal itself reads nine lines.
    result = subprocess.run(make, cwd=project_copy, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output and "RecursionError" not in output
    assert HOSTILE_RECORDS["yaml alias bomb"]["line"] in output
    assert {p: p.read_bytes() for p in (project_copy / "site").rglob("*") if p.is_file()} == site
    assert {p: p.read_bytes() for p in (project_copy / "docs").rglob("*")
            if p.is_file() and "records" not in p.parts} == pages
