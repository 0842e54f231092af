"""The label catalogue: Chrome's labels extracted from Chromium's files, every reference resolved, bad input named."""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml

from conftest import RECORDS, ROOT, broken_copy, problems_of
from helpsite.chromium import ChromiumError, extract, message_id, read_messages, read_translations
from helpsite.labels import REFERENCE
from helpsite.load import RecordErrors, load_site
from helpsite.pictures import load_pictures

FIXTURES = ROOT / "tests" / "fixtures" / "chromium"
EXTRACT = [sys.executable, str(ROOT / "scripts" / "extract_chrome_labels.py")]


def test_grit_fingerprint_gives_chromiums_message_ids():
    assert message_id("Choose what to share with APP_NAME") == "2253927598983295051"
    assert message_id("Allow") == "5039804452771397117"
    meaning = "Refers to the device's entire screen. Short for 'share the entire screen'."
    assert message_id("Entire Screen", meaning) == "6813907279658683733"
    assert message_id("Entire Screen") != "6813907279658683733"  # the meaning is part of the id


def test_every_english_message_of_the_fixtures_has_its_translations():
    messages = [message for path in FIXTURES.glob("*.excerpt.xml") for message in read_messages(path)]
    assert len({message.id for message in messages}) >= 35
    for lang in ("kk", "ru"):
        translated = {}
        for path in FIXTURES.glob(f"*_{lang}.xtb"):
            translated.update(read_translations(path))
        assert not [m.name for m in messages if m.id not in translated], lang


def test_extraction_of_known_messages():
    found = extract(FIXTURES, ["3810973564298564668", "2253927598983295051", "7108338896283013870"], ["kk", "ru"],
                    {"7108338896283013870": "Hide"})
    assert not found.missing
    assert found.messages["3810973564298564668"] == {"en": "Manage", "kk": "Басқару", "ru": "Управление"}
    assert found.messages["2253927598983295051"]["kk"] == "{APP_NAME} қолданбасымен бөлісетін контентті таңдау"
    assert found.messages["7108338896283013870"] == {"en": "Hide", "kk": "Жасыру", "ru": "Скрыть"}
    wrong = extract(FIXTURES, ["7108338896283013870"], ["kk"], {"7108338896283013870": "Hidden"})
    assert wrong.missing and "has the id" in wrong.missing[0]


def test_committed_chrome_table_is_what_the_script_extracts(tmp_path):
    records = tmp_path / "records"
    records.mkdir()
    shutil.copy(RECORDS / "_labels.yml", records)
    committed = yaml.safe_load((RECORDS / "_chrome.yml").read_text(encoding="utf-8"))
    result = subprocess.run(EXTRACT + [str(FIXTURES), "--revision", committed["revision"], "--records", str(records)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (records / "_chrome.yml").read_text(encoding="utf-8") == (RECORDS / "_chrome.yml").read_text(encoding="utf-8")


def test_a_malformed_translation_file_is_named_with_its_line(tmp_path):
    chromium = tmp_path / "chromium"
    shutil.copytree(FIXTURES, chromium)
    bundle = chromium / "components_strings_kk.xtb"
    lines = bundle.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace('id="', 'id="x', 1)
    bundle.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ChromiumError, match=r"components_strings_kk\.xtb:5: <translation> needs a numeric id"):
        read_translations(bundle)
    (tmp_path / "_labels.yml").write_text((RECORDS / "_labels.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(EXTRACT + [str(chromium), "--revision", "test", "--records", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "components_strings_kk.xtb:5:" in result.stderr
    assert not (tmp_path / "_chrome.yml").exists()


LABELS = "_labels.yml"
BAD_LABELS = {
    "unknown label id": (
        {"help/share-screen.yml": ("kk: «@chrome.entire-screen» қойындысын таңдаңыз", "kk: «@chrome.entire-screan» қойындысын таңдаңыз")},
        "docs/records/help/share-screen.yml: record 'share-screen': steps[0].title.kk: "
        "no label 'chrome.entire-screan' in _labels.yml (did you mean `chrome.entire-screen`?)",
    ),
    "a label lacking a language its product ships": (
        {LABELS: ("    terminal: {ru: Терминал, en: Terminal}", "    terminal: {ru: Терминал}")},
        "docs/records/_labels.yml: labels.macos.terminal.en: missing: macOS ships a en interface",
    ),
    "a Chrome label whose message is not extracted": (
        {LABELS: ('manage: {chromium: "3810973564298564668"}', 'manage: {chromium: "3810973564298564669"}')},
        "docs/records/_labels.yml: labels.chrome.manage.chromium: message 3810973564298564669 is not in _chrome.yml "
        "(run scripts/extract_chrome_labels.py)",
    ),
    "an order naming a language the product lacks": (
        {LABELS: ("    order: {kk: [ru, en], ru: [ru, en]}", "    order: {kk: [kk, ru], ru: [ru, en]}")},  # macOS's, the first
        "docs/records/_labels.yml: products.macos.order.kk[0]: macOS has no kk interface (it ships ru, en)",
    ),
    "a mock-up string that is no label": (
        {"pictures/share-screen-bar.yml": ("    hide: chrome.hide", "    hide: Жасыру")},
        "docs/records/pictures/share-screen-bar.yml: mockup.strings.hide: «@Жасыру»: 'Жасыру' is not a label id like chrome.manage",
    ),
}


@pytest.mark.parametrize("edits, expected", BAD_LABELS.values(), ids=BAD_LABELS.keys())
def test_bad_label_input_is_one_line_naming_file_and_field(tmp_path, edits, expected):
    root = broken_copy(tmp_path, edits)
    if "pictures/" in next(iter(edits)):
        with pytest.raises(RecordErrors) as caught:
            load_pictures(root, load_site(root))
        problems = caught.value.problems
    else:
        problems = problems_of(root)
    assert problems == [expected]


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip, self.text = 0, []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def test_mockups_carry_no_interface_text_of_their_own():
    """Interface words in a mock-up come from the catalogue ({{name}}); what is left is names, hosts, devices."""
    for path in sorted((RECORDS / "pictures" / "mockups").glob("*.html")):
        parser = _VisibleText()
        parser.feed(re.sub(r"\{\{\w+\}\}", "", path.read_text(encoding="utf-8")))
        visible = " ".join(" ".join(parser.text).split())
        assert not re.search(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", visible), f"{path.name}: {visible}"
    site = load_site(RECORDS)
    for path in sorted((RECORDS / "pictures").glob("*.yml")):
        strings = (yaml.safe_load(path.read_text(encoding="utf-8")).get("mockup") or {}).get("strings", {})
        assert all(site.labels.resolve(reference)[1] is None for reference in strings.values()), path.name


def test_every_label_reference_in_the_content_resolves():
    site = load_site(RECORDS)  # raises on an unknown one; this counts that the content uses the catalogue
    references = [match for path in RECORDS.rglob("*.yml") if not path.name.startswith("_l")
                  for match in REFERENCE.findall(path.read_text(encoding="utf-8"))]
    assert len(references) >= 100
    used = {part.strip() for reference in references for part in reference.split(">")}
    assert used <= set(site.labels.labels)
    assert {"chrome.manage", "chrome.allow-while-visiting", "macos.system-settings", "windows.start"} <= used


def test_make_labels_lists_what_is_still_unverified(tmp_path):
    root = broken_copy(tmp_path, {LABELS: ("    terminal: {ru: Терминал, en: Terminal}",
                                           "    terminal: {ru: Терминал, en: Terminal, source: seen on macOS 14.5}")})
    report = subprocess.run([sys.executable, str(ROOT / "scripts" / "labels_report.py"), "--records", str(root)],
                            capture_output=True, text=True)
    assert report.returncode == 0, report.stderr
    assert re.search(r"^Google Chrome: \d+ labels, (\d+) verified, 0 unverified$", report.stdout, re.M)
    macos = re.search(r"^macOS: (\d+) labels, 1 verified, (\d+) unverified$", report.stdout, re.M)
    assert macos and int(macos[2]) == int(macos[1]) - 1
    assert "    macos.system-settings: Системные настройки" in report.stdout
    assert "macos.terminal" not in report.stdout  # seen on a Mac: no longer listed
    assert "unverified in kk" not in report.stdout.split("macOS:")[1].split("\n\n")[0]  # no Kazakh macOS
