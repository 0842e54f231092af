"""Annotated pictures: specs, bad input, drawing, caching, and the pictures in the built pages."""

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conftest import RECORDS, broken_copy
from helpsite.content.load import RecordErrors, load_site
from helpsite import LANGUAGES
from helpsite.chrome.flows import skeleton
from helpsite.pictures import draw, load_pictures, missing_glyphs, write_pictures
from helpsite.pictures.camera_clip import CLIP_NAME

SPEC = "pictures/share-screen-picker.yml"


def problems(root: Path) -> list[str]:
    with pytest.raises(RecordErrors) as caught:
        load_pictures(root, load_site(root))
    return caught.value.problems


BAD = {
    "callout outside the picture": (
        {SPEC: ("  - {kind: box, target: entire-screen}", "  - {kind: box, box: [500, 450, 100, 100]}")},
        "docs/records/pictures/share-screen-picker.yml: callouts[0]: (600, 550) is outside the 589x519 picture (kk)",
    ),
    "label the picture font cannot draw": (
        {SPEC: ("  - {kind: box, target: entire-screen}", "  - {kind: box, target: entire-screen, label: {kk: Экран 中, ru: Экран}}")},
        "docs/records/pictures/share-screen-picker.yml: callouts[0].label.kk: the picture font has no 中: it would draw empty boxes",
    ),
    "label missing in one language": (
        {SPEC: ("  - {kind: box, target: entire-screen}", "  - {kind: box, target: entire-screen, label: {kk: Экран}}")},
        "docs/records/pictures/share-screen-picker.yml: callouts[0].label.ru: missing translation",
    ),
    "target the screen does not have": (
        {SPEC: ("  - {kind: box, target: entire-screen}", "  - {kind: box, target: entire-screens}")},
        "docs/records/pictures/share-screen-picker.yml: callouts[0].target: no target 'entire-screens' in the kk source",
    ),
    "picture a page does not have": (
        {"help/share-screen.yml": ("    pictures: [share-screen-picker]", "    pictures: [share-picker]")},
        "docs/records/help/share-screen.yml: record 'share-screen': steps[0].pictures[0]: no picture 'share-picker' in pictures/ (did you mean `share-screen-picker`?)",
    ),
    "badge with a number the step does not have": (
        {SPEC: ("number: 3", "number: 4")},
        "docs/records/pictures/share-screen-picker.yml: callouts[5].number: share-screen#entire-screen has no sub-item 4 (it has [1, 2, 3])",
    ),
    "numbered picture in a step without numbered sub-items": (
        {"help/share-screen.yml": ("    pictures: [share-screen-bar]", "    pictures: [share-screen-bar, share-screen-picker]")},
        "docs/records/pictures/share-screen-picker.yml: callouts[1].number: share-screen#keep-sharing has no sub-item 1 (it has none)",
    ),
    "badge on the button it numbers": (
        {SPEC: ("  - {kind: badge, number: 3, target: share, side: left}", "  - {kind: badge, number: 3, target: share}")},
        "docs/records/pictures/share-screen-picker.yml: callouts[5]: covers its target 'share' in the kk picture: put it "
        "beside (a badge's place, a label's `side`)",
    ),
    "label over the button it warns about": (
        {"pictures/share-screen-bar.yml": ("    side: left", "    side: below")},
        "docs/records/pictures/share-screen-bar.yml: callouts[0]: covers its target 'stop-sharing' in the kk picture: "
        "put it beside (a badge's place, a label's `side`)",
    ),
    "picture no step shows": (
        {"help/share-screen.yml": ("    pictures: [share-screen-bar]\n", "")},
        "docs/records/pictures/share-screen-bar.yml: id: no step shows 'share-screen-bar': add it to a step's `pictures:`",
    ),
}


@pytest.mark.parametrize("edits, expected", BAD.values(), ids=BAD.keys())
def test_a_broken_spec_is_reported_in_one_line(tmp_path, edits, expected):
    assert expected in problems(broken_copy(tmp_path, edits))


def test_a_picture_of_one_os_in_tabs_without_that_os_is_reported(tmp_path):
    root = broken_copy(tmp_path, {})
    record = root / "errors" / "extension-install.yml"
    text = record.read_text(encoding="utf-8")
    windows_tab = re.search(r"      windows:\n.*?(?=      macos:\n)", text, re.S)[0]
    record.write_text(text.replace(windows_tab, ""), encoding="utf-8")
    assert ("docs/records/pictures/hosts-file.yml: os: shows windows, and the tabs of extension-install#hosts-file "
            "have no windows tab") in problems(root)


def test_a_missing_source_is_reported(tmp_path):
    root = broken_copy(tmp_path, {})
    (root / "pictures" / "sources" / "share-screen-picker.ru.png").unlink()
    # One Russian screen serves both sites: named once, with the command that takes it again.
    assert problems(root) == ["docs/records/pictures/share-screen-picker.yml: source: docs/records/pictures/sources/"
                              "share-screen-picker.ru.png is missing (make pictures PICTURES=share-screen-picker takes it)"]
    (root / "pictures" / "sources" / "hosts-file.kk.png").unlink()
    assert ("docs/records/pictures/hosts-file.yml: source: docs/records/pictures/sources/hosts-file.kk.png is missing "
            "(make pictures PICTURES=hosts-file takes it)") in problems(root)


def test_the_font_draws_every_kazakh_and_russian_letter():
    assert missing_glyphs("әғқңөұүһі ӘҒҚҢӨҰҮҺІ ёЁ абвгдежзийклмнопрстуфхцчшщъыьэюя «»—") == set()
    assert missing_glyphs("中") == {"中"}  # the check itself can fail


def test_callouts_are_drawn_where_the_screen_has_its_controls():
    pictures = load_pictures(RECORDS, load_site(RECORDS))
    picture = pictures["share-screen-picker"]
    for lang in ("kk", "ru"):
        small, large = draw(picture, lang)
        image = Image.open(__import__("io").BytesIO(large)).convert("RGB")
        x, y, w, h = picture.targets(lang)["entire-screen"]
        # The box around the "entire screen" tab, found on Chromium's real picker, is red.
        edge = image.getpixel(((x - 3) * 2, (y + h // 2) * 2))
        assert edge[0] > 150 and edge[1] < 90, edge
        assert len(small) < 60 * 1024
    assert picture.source("kk") == picture.source("ru")  # both sites show Russian Chrome's one screen


def test_unchanged_pictures_are_not_drawn_again_and_a_changed_label_redraws_its_picture(tmp_path):
    root = broken_copy(tmp_path, {})
    out = tmp_path / "out"
    pictures = load_pictures(root, load_site(root))
    assert len(write_pictures(pictures, out)) == 4 * len(pictures)  # 1x and 2x in two languages
    assert write_pictures(load_pictures(root, load_site(root)), out) == []
    spec = root / "pictures" / "share-screen-bar.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("ru: Не нажимайте", "ru: Не нажимайте эту кнопку"), encoding="utf-8")
    redrawn = write_pictures(load_pictures(root, load_site(root)), out)
    assert len(redrawn) == 2 and all(name.startswith("share-screen-bar.ru.") for name in redrawn)  # only that language
    assert len(list(out.glob("*.webp"))) == 4 * len(pictures)  # the old files went


FIGURES = """() => [...document.querySelectorAll('figure.picture > a > img')].map(img => {
  const block = img.closest('.tabbed-block'), set = img.closest('.tabbed-set')
  const tab = block && set.querySelectorAll('.tabbed-labels > label')[[...block.parentElement.children].indexOf(block)]
  return {src: img.dataset.src || img.getAttribute('src'), width: +img.getAttribute('width'), height: +img.getAttribute('height'), alt: img.alt,
          caption: img.closest('figure').querySelector('figcaption').textContent, tab: tab ? tab.textContent.trim() : null}
})"""


@pytest.mark.parametrize("lang, prefix", [("kk", ""), ("ru", "ru/")])
def test_every_picture_is_where_the_records_place_it_in_the_page_s_language(browser, site_dir, base_url, lang, prefix):
    site = load_site(RECORDS)
    pictures = load_pictures(RECORDS, site)
    page = browser.new_page()
    sizes, placed = {}, 0
    for record in site.pages.values():
        expected = [(pictures[name].spec, step) for step in record.steps for name in step.pictures]
        if not expected:
            continue
        page.goto(f"{base_url}{prefix}{record.path}/")
        figures = page.evaluate(FIGURES)
        for spec, step in expected:
            found = [figure for figure in figures if f"/{spec.id}.{lang}." in figure["src"]]
            assert len(found) == 1, f"{spec.id} on {record.id} ({lang}): {len(found)} pictures"
            figure = found[0]
            path = (site_dir / prefix / record.path / figure["src"]).resolve()
            assert Image.open(path).size == (figure["width"], figure["height"])
            assert figure["alt"] == spec.alt[lang] and figure["caption"].startswith(spec.caption[lang])
            in_tab = {"windows": "Windows", "macos": "macOS"}[spec.os] if spec.os and step.os else None
            assert figure["tab"] == in_tab, f"{spec.id} on {record.id}"
            sizes[path.name] = path.stat().st_size
            placed += 1
    page.close()
    print(f"\npicture sizes, 1x ({lang}, bytes):", sizes)
    assert len(sizes) == len(pictures) >= 18 and placed > len(pictures)  # every picture, some on two pages
    assert all(size <= 60 * 1024 for size in sizes.values())


def test_a_picture_loads_only_when_scrolled_to(browser, base_url):
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "ru/help/share-screen/", wait_until="networkidle")
    image = page.locator("figure.picture img").first
    assert image.bounding_box()["y"] > 823  # below the first screen
    assert not [url for url in requested if "/assets/pictures/" in url]
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => { const img = document.querySelector('figure.picture img'); return img.complete && img.naturalWidth > 0 }")
    assert [url for url in requested if "/assets/pictures/share-screen-picker.ru." in url]
    context.close()


def test_every_made_picture_records_its_inputs_and_matches_them_today():
    site = load_site(RECORDS)
    pictures = load_pictures(RECORDS, site)  # a stale one would raise
    made = [(picture, lang) for picture in pictures.values() if picture.spec.mockup or picture.spec.screenshot
            for lang in LANGUAGES]
    assert len(made) >= 20 and all(picture.inputs(lang) for picture, lang in made)


def test_a_changed_label_stops_the_pictures_that_draw_it(tmp_path):
    """The Windows camera picture once showed a label the text no longer used: a build now stops on it."""
    root = broken_copy(tmp_path, {"_labels.yml": ("ru: Разрешить настольным приложениям доступ к камере,",
                                                  "ru: Разрешить классическим приложениям доступ к камере,")})
    stale = [problem for problem in problems(root) if "other inputs than today's" in problem]
    assert stale == [
        "docs/records/pictures/camera-permission-windows.yml: source: camera-permission-windows.kk.png, "
        "camera-permission-windows.ru.png made from other inputs than today's (a label it shows, its mock-up "
        "or its check changed): run `make pictures PICTURES=camera-permission-windows`"]


def test_a_changed_check_text_makes_its_screenshot_stale(tmp_path):
    root = broken_copy(tmp_path, {"_checks.yml": ("Камера работает на этом сайте", "Камера работает")})
    problem = ("docs/records/pictures/check-camera-passed.yml: source: check-camera-passed.kk.png, "
               "check-camera-passed.ru.png made from other inputs than today's")  # a check's texts are in both
    assert [line for line in problems(root) if line.startswith(problem)]


# What only a test machine's screen shows: Chromium's fake cameras and microphones, the replay's PulseAudio sources,
# the file camera of helpsite.pictures.camera_clip.
TEST_DEVICE_NAMES = ("fake_device", "Fake Audio", "Fake Default", "Microphone-1", "Microphone-2", CLIP_NAME)


def _read(image_bytes: bytes) -> str:
    """The words Tesseract reads on a picture (Russian and English, as the replay reads Chrome's screens), as a skeleton."""
    gray = Image.open(io.BytesIO(image_bytes)).convert("L")
    png = io.BytesIO()
    gray.save(png, "PNG")
    result = subprocess.run(["tesseract", "-", "-", "-l", "rus+eng", "--psm", "11"], input=png.getvalue(),
                            capture_output=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return skeleton(result.stdout.decode("utf-8"))


SCREENS = [path.stem for path in sorted((RECORDS / "pictures").glob("*.yml"))
           if re.search(r"^(replay|screenshot):", path.read_text(encoding="utf-8"), re.M)]


@pytest.fixture(scope="module")
def site_pictures():
    return load_pictures(RECORDS, load_site(RECORDS))


@pytest.mark.parametrize("name", SCREENS)
def test_no_published_screen_shows_a_test_device(site_pictures, name):
    """Chrome's screens and the checks' screenshots show no test card and no test device's name: the candidate's
    own camera stands there. Where the source must show the file camera's name, OCR reads it there (so the
    check can see it), and not on the picture, where a cover says "your camera's name"."""
    picture = site_pictures[name]
    covered = any(callout.kind == "cover" and callout.target == "camera-name" for callout in picture.spec.callouts)
    for lang in LANGUAGES:
        read = _read(draw(picture, lang)[1])
        assert not [device for device in TEST_DEVICE_NAMES if skeleton(device) in read], (lang, read)
        if covered:
            assert skeleton(CLIP_NAME) in _read(picture.source(lang).read_bytes())


def test_a_cover_without_words_is_refused(tmp_path):
    root = broken_copy(tmp_path, {"pictures/camera-settings.yml": ('label: {kk: "Камераңыздың атауы", ru: "Название вашей камеры"}',
                                                                    "")})
    assert problems(root)[0] == ("docs/records/pictures/camera-settings.yml: callouts[2]: a cover needs label: what stands "
                                 "there on the candidate's screen")


def test_a_picture_in_a_hidden_os_tab_loads_only_when_its_tab_is_opened(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "ru/errors/camera/?os=windows#os-permission", wait_until="networkidle")
    page.wait_for_function("() => document.querySelector('img[src*=\"camera-permission-windows.ru.\"]')?.complete")
    assert not [url for url in requested if "/macos-camera-allowed." in url]
    page.get_by_text("macOS", exact=True).first.click()
    page.wait_for_function("() => document.querySelector('img[src*=\"macos-camera-allowed.ru.\"]')?.naturalWidth > 0")
    context.close()
