"""A real strict build: the page and anchor contract, languages, no third parties."""

import gzip
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import RECORDS, ROOT, TEST_SITE_URL, parse, run_build
from helpsite import LANGUAGES
from helpsite.render import device_checks
from helpsite.render import html_patches
from helpsite.content import registry
from helpsite.content.load import LINKS_PAGE, PAGE_ANCHORS
from helpsite.render.urls import page_url

MATERIAL_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"

# The published addresses (pages, steps, home sections, link index): docs/records/_published.yml is their one source.
PUBLISHED = registry.read(RECORDS / registry.REGISTRY_FILE).pages


def translations(lang: str) -> dict[str, str]:
    folder = ROOT / "overrides" / "partials" / "languages" if lang == "kk" else MATERIAL_LANGUAGES
    text = (folder / f"{lang}.html").read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*"([a-z.]+)": "(.*)",?$', text, re.MULTILINE))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PUBLISHED)
def test_every_published_page_and_anchor_exists_in_every_language(site_dir, lang, path):
    page = parse(site_dir / page_url(path, lang) / "index.html")
    assert page.lang == lang
    missing = [anchor for anchor in PUBLISHED[path] if anchor not in page.ids]
    assert not missing


def test_the_readmes_anchor_table_is_the_registry():
    """README's table for staff lists each page's step anchors (and the home page's) exactly as published."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| page | step anchors |"):].split("\n\n", 1)[0]
    listed = {}
    for row in table.splitlines()[2:]:
        pages, anchors = row.strip("|").split("|")
        for page in re.findall(r"`([^`]*)`", pages):
            listed["index" if page == "/" else page.strip("/")] = re.findall(r"`#([^`]*)`", anchors)
    expected = {path: [a for a in anchors if a not in PAGE_ANCHORS] for path, anchors in PUBLISHED.items() if path != LINKS_PAGE}
    assert listed == expected


def test_every_built_page_declares_its_language(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 2 * len(PUBLISHED)
    for path in pages:
        expected = "ru" if path.relative_to(site_dir).parts[0] == "ru" else "kk"
        assert parse(path).lang == expected, path
    assert parse(site_dir / "404.html").lang == "kk" and parse(site_dir / "ru" / "404.html").lang == "ru"


def test_headings_get_readable_slugs_not_numbers(site_dir):
    """Anchors are fixed ids; nothing falls back to Material's `_1` for Cyrillic."""
    for path in site_dir.rglob("*.html"):
        assert not [i for i in parse(path).ids if re.fullmatch(r"_\d+", i)], path


def test_kazakh_translation_defines_every_material_key():
    assert set(translations("ru")) - set(translations("kk")) == set()
    assert translations("kk")["language"] == "kk"


def test_kazakh_pages_show_kazakh_interface_strings(site_dir):
    kk, ru, en = translations("kk"), translations("ru"), translations("en")
    page = parse(site_dir / "errors" / "camera" / "index.html")
    visible = set(page.visible)
    for key in ("action.skip", "search.placeholder", "select.language", "toc", "top"):
        assert kk[key] in visible, key
    assert "Осы бөлімге сілтеме" in visible  # permalink title
    foreign = {value for key, value in {**ru, **en}.items() if value != kk.get(key) and len(value) > 3}
    for path in site_dir.rglob("*.html"):
        if path.relative_to(site_dir).parts[0] != "ru":
            leaked = foreign & set(parse(path).visible)
            assert not leaked, f"{path}: {leaked}"


def test_russian_pages_show_russian_interface_strings(site_dir):
    ru, kk = translations("ru"), translations("kk")
    visible = set(parse(site_dir / "ru" / "errors" / "camera" / "index.html").visible)
    assert ru["action.skip"] in visible and ru["search.placeholder"] in visible
    assert "Ссылка на этот раздел" in visible
    assert not {value for key, value in kk.items() if value != ru.get(key)} & visible


def test_meta_description_is_the_summary(site_dir):
    assert parse(site_dir / "errors" / "internet" / "index.html").meta["description"].endswith("1 Мбит/с.")
    assert "1 Мбит/с" in parse(site_dir / "ru" / "errors" / "internet" / "index.html").meta["description"]


def test_no_resource_comes_from_another_host(site_dir):
    off_site = re.compile(r"^(https?:)?//", re.IGNORECASE)
    for path in site_dir.rglob("*.html"):
        assert not [url for url in parse(path).resources if off_site.match(url)], path
    for path in site_dir.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", text), path
    for path in site_dir.rglob("*"):
        if path.suffix in (".html", ".css", ".js"):
            text = path.read_text(encoding="utf-8")
            assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def test_sitemap_uses_the_site_url_from_the_environment(site_dir):
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert len(locations) >= len(PUBLISHED)
    assert all(url.startswith(TEST_SITE_URL) for url in locations)
    assert "None" not in sitemap
    assert gzip.decompress((site_dir / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    assert f'hreflang="ru" href="{TEST_SITE_URL}ru/errors/camera/"' in sitemap


def test_language_menu_links_to_the_same_page_without_head_alternates(site_dir):
    """Head alternates would make Material fetch a sitemap per page view; the sitemap has them."""
    html = (site_dir / "errors" / "camera" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../ru/errors/camera/" hreflang="ru"' in html
    assert '<link rel="alternate"' not in html


def test_a_failed_build_keeps_the_previous_site(project_copy):
    """`make build` on a broken record exits non-zero, names the problem, and leaves site/ alone."""
    project = project_copy
    make = ["make", "--no-print-directory", "build"]
    first = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    generated_before = (project / "docs" / "errors" / "camera.md").read_text(encoding="utf-8")

    record = project / "docs" / "records" / "errors" / "camera.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("\ntitle:\n", "\ntitel:\n"), encoding="utf-8")
    second = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert second.returncode != 0
    assert "docs/records/errors/camera.yml: record 'camera': titel: unknown field (did you mean `title`?)" in second.stdout + second.stderr
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert (project / "docs" / "errors" / "camera.md").read_text(encoding="utf-8") == generated_before


def test_only_confirmed_support_contacts_are_published(project_copy, tmp_path):
    """An address nobody confirmed: a development build leaves it out with a warning, a production one stops."""
    site_texts = project_copy / "docs" / "records" / "_site.yml"
    unconfirmed = site_texts.read_text(encoding="utf-8") + "support:\n  email: help@example.kz\n  phone: +7 7172 00 00 00\n"
    site_texts.write_text(unconfirmed, encoding="utf-8")
    development = run_build(tmp_path / "development", cwd=project_copy)
    assert development.returncode == 0, development.stdout + development.stderr
    assert ("records/_site.yml: support.email, support.phone not confirmed: pages leave it out and send candidates "
            "to the contact in their exam invitation") in development.stderr
    camera = (tmp_path / "development" / "errors" / "camera" / "index.html").read_text(encoding="utf-8")
    assert "help@example.kz" not in camera and "7172" not in camera and 'href="mailto:?subject=' in camera
    production = run_build(tmp_path / "production", cwd=project_copy, site_url="https://help.oes.kz/")
    assert production.returncode != 0 and not (tmp_path / "production").exists()
    assert ("docs/records/_site.yml: support.email: help@example.kz is not confirmed: a production build "
            "(https://help.oes.kz/) publishes confirmed contacts only (record who confirmed it under "
            "support.confirmed.email)") in production.stdout + production.stderr
    site_texts.write_text(unconfirmed + '  confirmed: {email: "the test, as if OES had", phone: "the test"}\n',
                          encoding="utf-8")
    confirmed = run_build(tmp_path / "confirmed", cwd=project_copy, site_url="https://help.oes.kz/")
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    camera = (tmp_path / "confirmed" / "errors" / "camera" / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:help@example.kz?subject=' in camera and 'href="tel:+77172000000"' in camera


def test_the_readme_example_adds_an_error_page_in_both_languages(project_copy, tmp_path):
    """The README's complete example, saved as one file, gives a page in both languages."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    name, example = re.search(r"`(docs/records/errors/[a-z-]+\.yml)`:\n\n```yaml\n(.*?)```", readme, re.DOTALL).groups()
    (project_copy / name).write_text(example, encoding="utf-8")
    result = run_build(tmp_path / "site", cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    page_id = Path(name).stem
    kk = parse(tmp_path / "site" / "errors" / page_id / "index.html")
    ru = parse(tmp_path / "site" / "ru" / "errors" / page_id / "index.html")
    assert kk.lang == "kk" and ru.lang == "ru"
    assert "update" in kk.ids and "update" in ru.ids and "restart" in ru.ids
    home = (tmp_path / "site" / "ru" / "index.html").read_text(encoding="utf-8")
    assert f'href="errors/{page_id}/"' in home


def tracked_files(project: Path) -> dict[str, bytes]:
    records = project / "docs" / "records"
    return {path.name: path.read_bytes() for path in (records / "_published.yml", records / "_translations.yml")}


def test_a_build_failing_late_changes_no_tracked_file_and_a_good_one_records_the_new_page(project_copy, tmp_path):
    """A new page (new addresses to publish) with a picture whose source is missing: the pictures fail after the registry was read."""
    records = project_copy / "docs" / "records"
    camera = (records / "errors" / "camera.yml").read_text(encoding="utf-8")
    # Without the step quoting Chrome: a new page's Chrome labels need a flow that covers it (a build error of its own).
    copy = camera.replace("id: camera\n", "id: camera-copy\n", 1).replace("  - use: exam-site-blocked\n    device: camera\n", "")
    (records / "errors" / "camera-copy.yml").write_text(copy, encoding="utf-8")
    source = records / "pictures" / "sources" / "share-screen-picker.ru.png"
    saved = source.read_bytes()
    source.unlink()
    before = tracked_files(project_copy)
    failed = run_build(tmp_path / "failed", cwd=project_copy)
    assert failed.returncode != 0 and "share-screen-picker.ru.png is missing" in failed.stdout + failed.stderr
    assert tracked_files(project_copy) == before

    source.write_bytes(saved)
    built = run_build(tmp_path / "site", cwd=project_copy)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "errors/camera-copy:" in tracked_files(project_copy)["_published.yml"].decode()
    assert not (tmp_path / "site" / "build-manifest.json").exists()


def test_two_builds_of_one_commit_are_byte_identical(site_dir, tmp_path):
    again = tmp_path / "again"
    assert run_build(again).returncode == 0
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    first, second = files(site_dir), files(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_patch_to_materials_html_that_matches_nothing_stops_the_build():
    with pytest.raises(html_patches.PatchMissed, match="search worker"):
        html_patches.patch_page('<link rel="alternate" href="/" hreflang="kk"><div class="md-search" data-md-component='
                                '"search" role="dialog"><nav class="md-search__options" aria-label="Іздеу">', "kk")


def test_the_service_worker_leaves_the_speed_test_file_to_the_network(site_dir):
    # sw.js cannot import the build's constant: its pattern must match the file the build writes.
    worker = (site_dir / "sw.js").read_text(encoding="utf-8")
    pattern = re.search(r"const SPEED_TEST ?= ?/(.*?)/\n", worker).group(1).replace("\\/", "/")  # minified
    assert re.search(pattern, "/" + device_checks.SPEED_TEST_FILE)
    assert (site_dir / device_checks.SPEED_TEST_FILE).stat().st_size > 0


@pytest.mark.parametrize("prefix", ["", "ru/"])
@pytest.mark.parametrize("page", ["errors/camera", "errors/microphone"])
def test_the_exam_site_step_is_among_the_camera_and_microphone_steps_quoting_chrome(site_dir, prefix, page):
    """Chrome's permission is per site: both pages say how to allow the exam site, in Chrome's own words."""
    chrome = yaml.safe_load((RECORDS / "_chrome.yml").read_text(encoding="utf-8"))["messages"]
    html = (site_dir / prefix / page / "index.html").read_text(encoding="utf-8")
    assert html.count('id="exam-site-blocked"') == 1
    step = html.split('id="exam-site-blocked"')[1].split("<h2")[0]
    for message in ("IDS_PERMISSION_NEVER_ALLOW", "IDS_SITE_SETTINGS_TYPE_CAMERA", "IDS_SITE_SETTINGS_TYPE_MIC",
                    "IDS_PAGE_INFO_INFOBAR_BUTTON"):
        assert f"«{chrome[message]['ru']}»" in step, message
