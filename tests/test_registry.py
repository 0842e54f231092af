"""Published links never break: the registry, moved steps and moved pages."""

import re
import subprocess

import pytest
import yaml

from conftest import RECORDS, ROOT, https_get, run_build, serve_directory
from helpsite.content import registry
from helpsite.content.load import RecordErrors, load_site

REGISTRY = RECORDS / registry.REGISTRY_FILE


def test_the_committed_registry_lists_every_page_and_step():
    committed = subprocess.run(["git", "show", f"HEAD:docs/records/{registry.REGISTRY_FILE}"],
                               cwd=ROOT, capture_output=True, text=True)
    assert committed.returncode == 0, "docs/records/_published.yml is not committed"
    published = registry.Published.model_validate(yaml.safe_load(committed.stdout))
    site = load_site(RECORDS)
    missing = {path: [a for a in anchors if a not in published.pages.get(path, [])]
               for path, anchors in registry.current_addresses(site).items()}
    missing = {path: anchors for path, anchors in missing.items() if anchors}
    assert not missing, f"build once and commit docs/records/_published.yml; new: {missing}"


def test_a_removed_step_is_an_error_until_it_is_mapped():
    site = load_site(RECORDS)
    published = registry.read(REGISTRY)
    published.pages["errors/camera"].append("old-step")
    with pytest.raises(RecordErrors) as caught:
        registry.check(site, published)
    assert caught.value.problems == [
        "docs/records/_published.yml: step 'errors/camera#old-step' was published and is gone: "
        "add `errors/camera#old-step: <new address>` under moved"
    ]
    published.moved["errors/camera#old-step"] = "errors/camera#restart"
    assert registry.check(site, published).anchors == {"errors/camera": {"old-step": "errors/camera#restart"}}


def test_a_removed_page_is_an_error_until_it_is_mapped():
    site = load_site(RECORDS)
    published = registry.read(REGISTRY)
    published.pages["errors/webcam"] = ["check-device"]
    with pytest.raises(RecordErrors) as caught:
        registry.check(site, published)
    assert "page 'errors/webcam' was published and is gone" in caught.value.problems[0]
    published.moved["errors/webcam"] = "errors/camera"
    assert registry.check(site, published).pages == {"errors/webcam": "errors/camera"}


def test_a_move_to_nowhere_is_an_error():
    site = load_site(RECORDS)
    published = registry.read(REGISTRY)
    published.moved["errors/camera#old-step"] = "errors/camera#no-such-step"
    with pytest.raises(RecordErrors) as caught:
        registry.check(site, published)
    assert caught.value.problems == [
        "docs/records/_published.yml: moved.errors/camera#old-step: 'errors/camera#no-such-step' does not exist"
    ]


def test_new_pages_and_steps_are_added_and_nothing_is_dropped():
    site = load_site(RECORDS)
    published = registry.Published(pages={"errors/gone": ["a"], "errors/camera": ["old"]})
    grown = registry.extended(site, published)
    assert grown.pages["errors/gone"] == ["a"]
    assert grown.pages["errors/camera"][0] == "old" and "os-permission" in grown.pages["errors/camera"]
    assert "help/share-screen" in grown.pages


def rename(project, relative, old, new):
    path = project / "docs" / "records" / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def add_move(project, old, new):
    path = project / "docs" / "records" / registry.REGISTRY_FILE
    published = registry.read(path)
    published.moved[old] = new
    path.write_text(registry.dump(published), encoding="utf-8")


def test_build_fails_on_a_renamed_step_and_follows_it_once_mapped(project_copy, tmp_path, browser):
    rename(project_copy, "before-exam.yml", "  - id: devices\n", "  - id: camera-and-microphone\n")
    failed = run_build(tmp_path / "failed", cwd=project_copy)
    assert failed.returncode != 0
    assert "step 'before-exam#devices' was published and is gone" in failed.stdout + failed.stderr

    add_move(project_copy, "before-exam#devices", "before-exam#camera-and-microphone")
    site = tmp_path / "site"
    built = run_build(site, cwd=project_copy)
    assert built.returncode == 0, built.stdout + built.stderr
    with serve_directory(site) as served:
        base = served.https
        page = browser.new_page()
        page.goto(base + "ru/before-exam/?os=macos#devices")
        page.wait_for_url(base + "ru/before-exam/?os=macos#camera-and-microphone")
        page.close()


def test_a_moved_page_redirects_with_its_query_and_anchor(project_copy, tmp_path, browser):
    old = project_copy / "docs" / "records" / "errors" / "internet.yml"
    old.rename(old.with_name("connection.yml"))
    rename(project_copy, "errors/connection.yml", "id: internet\n", "id: connection\n")
    for record in (project_copy / "docs" / "records").rglob("*.yml"):
        if record.name == registry.REGISTRY_FILE:
            continue
        text = re.sub(r"(page:|\[|, )internet\b", r"\1connection", record.read_text(encoding="utf-8"))
        record.write_text(text.replace("  - internet\n", "  - connection\n"), encoding="utf-8")
    failed = run_build(tmp_path / "failed", cwd=project_copy)
    assert "page 'errors/internet' was published and is gone" in failed.stdout + failed.stderr

    add_move(project_copy, "errors/internet", "errors/connection")
    site = tmp_path / "site"
    built = run_build(site, cwd=project_copy)
    assert built.returncode == 0, built.stdout + built.stderr
    with serve_directory(site) as served:
        base = served.https
        for prefix in ("", "ru/"):
            # The site's own path, whatever host the client named, with the site's security and cache headers.
            moved = https_get(f"{base}{prefix}errors/internet/?os=windows", headers={"Host": "evil.example"})
            assert (moved.status, moved.getheader("Location")) == (301, f"/{prefix}errors/connection/?os=windows")
            assert moved.getheader("X-Content-Type-Options") == "nosniff" and moved.getheader("Cache-Control") == "no-cache"
            assert moved.getheader("Strict-Transport-Security")
        short = https_get(f"{base}e/internet/")  # the short link support sent before the page moved still works
        assert short.status == 200 and b"errors/connection/" in short.body
        page = browser.new_page()
        for prefix in ("", "ru/"):
            page.goto(f"{base}{prefix}errors/internet/?os=windows#speed")
            page.wait_for_url(f"{base}{prefix}errors/connection/?os=windows#speed")
            assert page.locator("#speed").is_visible()
        page.goto(f"{base}links/#internet")  # the link index's row moved with its page
        page.wait_for_url(f"{base}links/#connection")
        page.close()
