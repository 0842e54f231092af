"""`mkdocs serve` (what `make serve` runs): editing a record or a picture refreshes the pages."""

import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import free_port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def served(project_copy):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project_copy, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "Интернет" in fetch(base + "ru/errors/internet/"), 90), "mkdocs serve did not start"
        yield project_copy, base
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_editing_a_record_refreshes_both_languages(served):
    project, base = served
    record = project / "docs" / "records" / "errors" / "internet.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("  kk: Интернет байланысының қатесі\n", "  kk: Интернет байланысы үзілді\n")
            .replace("  ru: Ошибка интернет-соединения\n", "  ru: Интернет-соединение прервалось\n"),
        encoding="utf-8",
    )
    assert wait_for(lambda: "Интернет байланысы үзілді" in fetch(base + "errors/internet/")
                    and "Интернет-соединение прервалось" in fetch(base + "ru/errors/internet/"), 60)


def test_editing_a_picture_label_redraws_the_picture_in_the_served_page(served):
    project, base = served
    picture = re.compile(r"share-screen-bar\.ru\.[0-9a-f]+\.webp")
    before = picture.search(fetch(base + "ru/help/share-screen/"))[0]
    spec = project / "docs" / "records" / "pictures" / "share-screen-bar.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("ru: Не нажимайте", "ru: Не нажимать"), encoding="utf-8")
    assert wait_for(lambda: (found := picture.search(fetch(base + "ru/help/share-screen/"))) and found[0] != before, 60)
    after = picture.search(fetch(base + "ru/help/share-screen/"))[0]
    with urllib.request.urlopen(f"{base}assets/pictures/{after}", timeout=5) as response:
        assert response.read(12)[8:12] == b"WEBP"
