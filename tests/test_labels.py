"""The label catalogue: Chrome's labels from the installed Chromium and its Kazakh translations, every reference
resolved, bad input named."""

import re
import shutil
import struct
import subprocess
import sys
import warnings
from html.parser import HTMLParser

import pytest
import yaml

from conftest import RECORDS, ROOT, broken_copy, problems_of
from helpsite.chrome.packs import LOCALES, LocalePack, PakError, installed_version, read_pack
from helpsite.chrome.snapshot import ChromiumError, Snapshot, extract, message_id, read_messages, read_translations
from helpsite.labels.catalogue import REFERENCE
from helpsite.content.load import RecordErrors, load_site
from helpsite.pictures import load_pictures

SNAPSHOT = RECORDS / "chromium"
EXTRACT = [sys.executable, str(ROOT / "scripts" / "extract_chrome_labels.py")]


def test_grit_fingerprint_gives_chromiums_message_ids():
    assert message_id("Choose what to share with APP_NAME") == "2253927598983295051"
    assert message_id("Allow") == "5039804452771397117"
    meaning = "Refers to the device's entire screen. Short for 'share the entire screen'."
    assert message_id("Entire Screen", meaning) == "6813907279658683733"
    assert message_id("Entire Screen") != "6813907279658683733"  # the meaning is part of the id


def test_every_english_message_of_the_snapshot_has_its_translations():
    messages = [message for path in SNAPSHOT.glob("*.excerpt.xml") for message in read_messages(path)]
    assert len({message.id for message in messages}) >= 50
    for lang in ("kk", "ru"):
        translated = {}
        for path in SNAPSHOT.glob(f"*_{lang}.xtb"):
            translated.update(read_translations(path))
        assert not [m.name for m in messages if m.id not in translated], lang


def _packs():
    return {lang: LocalePack.open(locale) for lang, locale in (("en", "en-US"), ("ru", "ru"))}


def test_a_message_is_read_from_the_packs_and_its_kazakh_from_the_snapshot():
    found = extract(_packs(), Snapshot.read(SNAPSHOT, ["kk", "ru"]),
                    ["IDS_PAGE_INFO_PERMISSIONS_SUBPAGE_MANAGE_BUTTON", "IDS_PERMISSION_ALLOW_THIS_TIME",
                     "IDS_DESKTOP_MEDIA_PICKER_SOURCE_TYPE_TAB", "IDS_DISPLAY_MEDIA_PICKER_TITLE",
                     "IDS_PAGE_INFO_RESET_PERMISSIONS"], ["kk", "ru", "en"])
    assert not found.problems
    manage = found.messages["IDS_PAGE_INFO_PERMISSIONS_SUBPAGE_MANAGE_BUTTON"]
    # Chromium 156 says «Настроить»; the snapshot's Russian is older («Управление»), so its Kazakh is unconfirmed.
    assert (manage["en"], manage["ru"], manage["kk"]) == ("Manage", "Настроить", "Басқару")
    assert "'Управление'" in manage["unconfirmed"]["kk"]
    assert "unconfirmed" not in found.messages["IDS_PERMISSION_ALLOW_THIS_TIME"]
    # Chromium's build names itself; the texts are Google Chrome's, the pack's kept for the replay.
    tab = found.messages["IDS_DESKTOP_MEDIA_PICKER_SOURCE_TYPE_TAB"]
    assert (tab["en"], tab["ru"], tab["kk"]) == ("Chrome Tab", "Вкладка Chrome", "Chrome қойындысы")
    assert tab["branded"] == {"en": "Chromium Tab", "ru": "Вкладка Chromium"}
    # Placeholders by the names of the source message, not the pack's $1.
    assert found.messages["IDS_DISPLAY_MEDIA_PICKER_TITLE"]["ru"] == "Выберите, чем поделиться с {APP_NAME}"
    assert found.messages["IDS_PAGE_INFO_RESET_PERMISSIONS"]["en"].startswith("{NUM_PERMISSIONS, plural,")


def test_a_message_without_its_source_in_the_snapshot_is_found_by_its_shipped_english():
    found = extract(_packs(), Snapshot.read(SNAPSHOT, ["kk", "ru"]), ["IDS_JS_OPTIMIZATION_SITE_RELOAD_BUTTON"],
                    ["kk", "ru", "en"])  # "Reload": its <message> is not excerpted, its id is translated
    assert not found.problems
    assert found.messages["IDS_JS_OPTIMIZATION_SITE_RELOAD_BUTTON"]["kk"] == "Қайта жүктеу"
    assert "shipped English" in found.messages["IDS_JS_OPTIMIZATION_SITE_RELOAD_BUTTON"]["id_from"]


def test_the_committed_table_is_the_installed_chromiums(tmp_path):
    """Every Russian and English Chrome label equals the pack's text. Another installed version is reported, not
    failed (a Chromium update must not block other work), and the table is still built from it."""
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    result = subprocess.run(EXTRACT + ["--records", str(records)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    committed = yaml.safe_load((RECORDS / "_chrome.yml").read_text(encoding="utf-8"))
    fresh = yaml.safe_load((records / "_chrome.yml").read_text(encoding="utf-8"))
    assert fresh["chromium"] == installed_version()
    packs = _packs()
    for name, message in fresh["messages"].items():
        if not message.get("branded"):  # Google Chrome's own strings: not in Chromium's packs
            for lang in ("en", "ru"):
                shipped = packs[lang].text(name)
                assert message[lang].replace("{", "").startswith(shipped.split("$")[0].replace("{", "")), (name, lang)
    if committed["chromium"] == fresh["chromium"]:
        assert fresh == committed, "make chrome-labels writes another table: run it and commit _chrome.yml"
    else:
        changed = sorted(name for name in fresh["messages"] if fresh["messages"][name] != committed["messages"].get(name))
        warnings.warn(f"_chrome.yml is Chromium {committed['chromium']}'s, the installed one is {fresh['chromium']}: "
                      f"{len(changed)} message(s) differ ({', '.join(changed[:5])}); refresh with make chrome-labels, "
                      "then make chrome-replay and make pictures")


def _pack(entries: dict[int, bytes], version: int = 5) -> bytes:
    """A data pack as grit writes it (format 5, UTF-8)."""
    ids = sorted(entries)
    header = struct.pack("<IBxxxHH", version, 1, len(ids), 0)
    offset = len(header) + (len(ids) + 1) * 6
    table = b""
    for number in ids:
        table += struct.pack("<HI", number, offset)
        offset += len(entries[number])
    table += struct.pack("<HI", 0, offset)
    return header + table + b"".join(entries[number] for number in ids)


def test_the_pack_format_is_read_and_a_corrupt_pack_is_named_with_its_offset(tmp_path):
    good = tmp_path / "good.pak"
    good.write_bytes(_pack({7: "Настроить".encode(), 9: b"Manage"}))
    assert read_pack(good) == {7: "Настроить", 9: "Manage"}
    cut = tmp_path / "cut.pak"
    cut.write_bytes(good.read_bytes()[:20])
    with pytest.raises(PakError, match=r"cut\.pak: offset \d+: the file ends early .*apt-get install chromium chromium-l10n"):
        read_pack(cut)
    wrong = tmp_path / "wrong.pak"
    wrong.write_bytes(_pack({7: b"x"}, version=9))
    with pytest.raises(PakError, match=r"wrong\.pak: offset 0: format 9"):
        read_pack(wrong)
    real = (LOCALES / "ru.pak").read_bytes()
    truncated = tmp_path / "ru.pak"
    truncated.write_bytes(real[: len(real) // 2])
    with pytest.raises(PakError, match=r"ru\.pak: offset \d+"):
        read_pack(truncated)


def _extract_with(tmp_path, locales=LOCALES, snapshot=SNAPSHOT, catalogue_edit=None):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    if catalogue_edit:
        path = records / "_labels.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(*catalogue_edit), encoding="utf-8")
    before = (records / "_chrome.yml").read_bytes()
    result = subprocess.run(EXTRACT + ["--records", str(records), "--locales", str(locales), "--snapshot", str(snapshot),
                                       "--version", "156.0.8078.108"], capture_output=True, text=True)
    assert (records / "_chrome.yml").read_bytes() == before  # nothing written when anything is wrong
    return result


def test_a_missing_or_corrupt_pack_is_one_line_with_the_file_and_the_install_command(tmp_path):
    result = _extract_with(tmp_path, locales=tmp_path / "nowhere")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"extract_chrome_labels: {tmp_path}/nowhere/en-US.pak.info: cannot read (No such file or directory); "
        "install it: apt-get install chromium chromium-l10n"]
    locales = tmp_path / "locales"
    locales.mkdir()
    for name in ("en-US.pak.info", "ru.pak", "ru.pak.info"):
        shutil.copy(LOCALES / name, locales)
    (locales / "en-US.pak").write_bytes((LOCALES / "en-US.pak").read_bytes()[:1000])
    result = _extract_with(tmp_path / "again", locales=locales)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert re.match(r"extract_chrome_labels: .*en-US\.pak: offset \d+: .*reinstall: apt-get install chromium", result.stderr)


def test_a_catalogue_message_not_in_the_pack_names_the_closest_english(tmp_path):
    result = _extract_with(tmp_path, catalogue_edit=("IDS_PERMISSION_ALLOW_THIS_TIME}", "IDS_PERMISSION_ALLOW_THIS_TIMES}"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "extract_chrome_labels: IDS_PERMISSION_ALLOW_THIS_TIMES: not in en-US.pak of the installed Chromium"]
    # A message of the snapshot whose name is no longer shipped: the line names the closest English text shipped.
    snapshot = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT, snapshot)
    grdp = snapshot / "permissions_strings.grdp.excerpt.xml"
    grdp.write_text(grdp.read_text(encoding="utf-8").replace('name="IDS_PERMISSION_ALLOW_THIS_TIME"',
                                                            'name="IDS_PERMISSION_ALLOW_THIS_TIMES"'), encoding="utf-8")
    result = _extract_with(tmp_path / "again", snapshot=snapshot,
                           catalogue_edit=("IDS_PERMISSION_ALLOW_THIS_TIME}", "IDS_PERMISSION_ALLOW_THIS_TIMES}"))
    assert result.stderr.strip().splitlines() == [
        "extract_chrome_labels: IDS_PERMISSION_ALLOW_THIS_TIMES: not in en-US.pak of the installed Chromium "
        "(closest English text there: 'Allow this time')"]


def test_a_malformed_translation_file_is_named_with_its_line(tmp_path):
    snapshot = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT, snapshot)
    bundle = snapshot / "components_strings_kk.xtb"
    lines = bundle.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace('id="', 'id="x', 1)
    bundle.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ChromiumError, match=r"components_strings_kk\.xtb:5: <translation> needs a numeric id"):
        read_translations(bundle)
    result = _extract_with(tmp_path, snapshot=snapshot)
    assert result.returncode == 1 and "components_strings_kk.xtb:5:" in result.stderr


LABELS = "_labels.yml"
BAD_LABELS = {
    "unknown label id": (
        {"help/share-screen.yml": ("kk: «@chrome.entire-screen» қойындысын таңдаңыз", "kk: «@chrome.entire-screan» қойындысын таңдаңыз")},
        "docs/records/help/share-screen.yml: record 'share-screen': steps[0].title.kk: "
        "no label 'chrome.entire-screan' in _labels.yml (did you mean `chrome.entire-screen`?)",
    ),
    "a label lacking a language its product ships": (
        {LABELS: ("    terminal: {ru: Терминал, en: Terminal, ", "    terminal: {ru: Терминал, ")},
        "docs/records/_labels.yml: labels.macos.terminal.en: missing: macOS ships a en interface",
    ),
    "a source confirming a language the label does not give": (
        {LABELS: ("    terminal: {ru: Терминал, en: Terminal, source: \"vendor: macOS 12 Monterey strings "
                  "(vendor/apple-macos.tsv)\", confirmed: [ru]}", "    terminal: {ru: Терминал, en: Terminal, "
                  "confirmed: [ru]}")},
        "docs/records/_labels.yml: labels.macos.terminal.confirmed: an unverified label confirms no language: give its source",
    ),
    "a source of no known kind": (
        {LABELS: ('source: "guide: the original Kazakh guide, row 2"', 'source: "the guide"')},
        "docs/records/_labels.yml: labels.proctoring.webcam-error.source: write `seen on <system, version>`, "
        "`vendor: <strings, version>`, `guide: <where>`, `code: <where>` or `unverified`",
    ),
    "a Chrome label whose message is not extracted": (
        {LABELS: ("manage: {chromium: IDS_PAGE_INFO_PERMISSIONS_SUBPAGE_MANAGE_BUTTON}",
                  "manage: {chromium: IDS_PAGE_INFO_PERMISSIONS_SUBPAGE_MANAGE_BUTTONS}")},
        "docs/records/_labels.yml: labels.chrome.manage.chromium: IDS_PAGE_INFO_PERMISSIONS_SUBPAGE_MANAGE_BUTTONS is not in "
        "_chrome.yml (make chrome-labels)",
    ),
    "a plural Chrome message without its number": (
        {LABELS: ("reset-permissions: {chromium: IDS_PAGE_INFO_RESET_PERMISSIONS, count: 2}",
                  "reset-permissions: {chromium: IDS_PAGE_INFO_RESET_PERMISSIONS}")},
        "docs/records/_labels.yml: labels.chrome.reset-permissions.count: a plural message: say for which number it is shown",
    ),
    "an order naming a language the product lacks": (
        {LABELS: ("# macOS has no Kazakh interface\n    order: {kk: [ru, en]", "# macOS has no Kazakh interface\n    order: {kk: [kk, ru]")},
        "docs/records/_labels.yml: products.macos.order.kk[0]: macOS has no kk interface (it ships ru, en)",
    ),
    "a mock-up string that is no label": (
        {"pictures/eset-webcam-block.yml": ("    allow: eset.allow-access", "    allow: Разрешить доступ")},
        "docs/records/pictures/eset-webcam-block.yml: mockup.strings.allow: «@Разрешить доступ»: 'Разрешить доступ' is not "
        "a label id like chrome.manage",
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


def test_make_labels_says_what_the_labels_rest_on(tmp_path):
    root = broken_copy(tmp_path, {LABELS: ("    desktop-and-dock: {ru: Рабочий стол и Dock, en: Desktop & Dock}",
                                           "    desktop-and-dock: {ru: Рабочий стол и Dock, en: Desktop & Dock, "
                                           "source: seen on macOS 14.5}")})
    report = subprocess.run([sys.executable, str(ROOT / "scripts" / "labels_report.py"), "--records", str(root)],
                            capture_output=True, text=True)
    assert report.returncode == 0, report.stderr
    out = report.stdout
    chromium = re.escape(yaml.safe_load((RECORDS / "_chrome.yml").read_text(encoding="utf-8"))["chromium"])
    assert re.search(r"^Google Chrome: (\d+) labels, \1 verified, 0 unverified$", out, re.M)
    assert re.search(rf"^  \d+ from Chromium {chromium}$", out, re.M)
    assert "    chrome.manage: Басқару" in out  # its Kazakh is older than the shipped Russian
    assert re.search(rf"^Chrome replay: passed on \S+ in Chromium {chromium} \(ru, en; \d+ flows", out, re.M)
    assert re.search(rf"^Chrome pictures older than Chromium {chromium}: none$", out, re.M)
    assert re.search(r"^  \d+ from vendor: Windows 11 24H2 language packs", out, re.M)
    assert re.search(r"^  \d+ from vendor: macOS 12 Monterey strings", out, re.M)
    assert "  1 from seen on macOS 14.5" in out
    macos = out.split("\nmacOS:")[1].split("\n\n")[0]
    assert "macos.system-settings: Системные настройки" in macos and "macos.desktop-and-dock" not in macos
    assert "not confirmed in kk" not in macos  # no Kazakh macOS


VENDOR = RECORDS / "vendor"


def test_a_label_citing_the_vendor_is_the_vendors_text_in_each_language_it_confirms():
    """Windows and macOS labels equal Microsoft's and Apple's own strings (access-key & markers aside)."""
    import csv

    catalogue = yaml.safe_load((RECORDS / LABELS).read_text(encoding="utf-8"))
    checked = 0
    for product, entries in catalogue["labels"].items():
        for name, entry in entries.items():
            source = entry.get("source", "")
            if not source.startswith("vendor: "):
                continue
            table = VENDOR / re.search(r"\(vendor/([\w-]+\.tsv)\)", source)[1]
            rows = list(csv.DictReader(table.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
            for lang in entry["confirmed"]:
                shipped = {re.sub(r"&(?=\w)", "", row["vendor_text"]) for row in rows
                           if row["label_id"] == name and row["lang"] == lang}
                assert entry[lang] in shipped, (product, name, lang, shipped)
                checked += 1
    assert checked >= 60
    windows = catalogue["labels"]["windows"]
    # Where the vendor differs, the vendor wins: Windows 11 24H2's camera switch, ESET's button.
    assert windows["desktop-apps-camera"]["ru"] == "Разрешить настольным приложениям доступ к камере"
    assert catalogue["labels"]["eset"]["deny-access"]["en"] == "Block access"
    # Windows ships both «Вкл.» and «Включено»: neither is quoted as exact until someone looks.
    assert "source" not in windows["switched-on"]


def test_every_label_survives_markdown_on_the_page(project_copy, tmp_path):
    """Each label of the catalogue quoted in a sentence reads on the built page exactly as the catalogue has it."""
    import html as html_module

    from conftest import run_build

    site = load_site(RECORDS)
    keys = list(site.labels.labels)
    parts = [" ".join(f"«@{key}»" for key in keys[start:start + 20]) for start in range(0, len(keys), 20)]  # texts stay short
    (project_copy / "docs" / "records" / "help" / "every-label.yml").write_text(yaml.safe_dump({
        "id": "every-label", "kind": "guide", "title": {"kk": "Белгілер", "ru": "Надписи"},
        "summary": {"kk": "Барлық белгі.", "ru": "Все надписи."},
        "steps": [{"id": f"part-{number}", "title": {"kk": f"{number}-бөлік", "ru": f"Часть {number}"},
                   "text": {"kk": f"Мына жерде: {references}.", "ru": f"Вот они: {references}."}}
                  for number, references in enumerate(parts, 1)],
    }, allow_unicode=True, width=100000), encoding="utf-8")
    chrome = [key for key in site.labels.labels if key.startswith("chrome.")]
    covers = ", ".join(f"every-label#part-{number}" for number in range(1, len(parts) + 1))
    with (project_copy / "docs" / "records" / "_chrome_flows.yml").open("a", encoding="utf-8") as flows:
        flows.write(f"  every-label:\n    covers: [{covers}]\n    actions:\n      - see: [{', '.join(chrome)}]\n")
    result = run_build(tmp_path / "site", cwd=project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    special = 0
    for lang, prefix in (("kk", ""), ("ru", "ru/")):
        page = (tmp_path / "site" / prefix / "help" / "every-label" / "index.html").read_text(encoding="utf-8")
        text = html_module.unescape(re.sub(r"<[^>]+>", "", page))
        for key, label in site.labels.labels.items():
            shown = site.labels.quote([label], lang)
            assert shown in text, (lang, key, shown)
            special += any(mark in shown for mark in "*_`[")
    assert special >= 2  # «Все файлы (*.*)» and its kin: Markdown would have read their asterisks
