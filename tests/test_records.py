"""The real records: they load, both languages match, the seed's facts survive."""

import re

import yaml

from conftest import RECORDS
from helpsite import LANGUAGES
from helpsite.render.generate import pages_markdown
from helpsite.content.load import load_site

HEADING_ID = re.compile(r"\{ #([a-z0-9-]+)(?: \.step)? \}")


def _language_keys(value, where=""):
    """Yield (path, keys) of every mapping that holds a language key."""
    if isinstance(value, dict):
        if set(value) & set(LANGUAGES) and not set(value) - set(LANGUAGES):
            yield where, set(value)
        for key, item in value.items():
            if key != "copy_link_in":  # a button per other language: never in the link's own language
                yield from _language_keys(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _language_keys(item, f"{where}[{index}]")


def test_every_record_loads():
    site = load_site(RECORDS)
    assert len(site.pages) >= 14


def test_every_text_has_both_languages_in_the_yaml():
    files = sorted(path for path in RECORDS.rglob("*.yml") if path.name != "_chrome.yml")  # Chrome's interface languages
    checked = 0
    for path in files:
        for where, keys in _language_keys(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert keys == set(LANGUAGES), f"{path.name}{where}: has {sorted(keys)}"
            checked += 1
    assert checked > 100


def test_both_languages_have_the_same_anchors_in_the_same_order():
    site = load_site(RECORDS)
    files = pages_markdown(site)
    for page in site.pages.values():
        kk = HEADING_ID.findall(files[f"{page.path}.md"])
        ru = HEADING_ID.findall(files[f"{page.path}.ru.md"])
        assert kk == ru, page.id
        assert kk[: len(page.steps)] == page.anchors()


def test_shared_steps_name_the_device_of_each_page():
    """The seed said "your camera" on the microphone, screen and server pages."""
    site = load_site(RECORDS)
    other_apps = {page.id: next(s for s in page.steps if s.id == "other-apps") for page in site.pages.values()
                  if "other-apps" in page.anchors()}
    # Kazakh: "{device} басқа бағдарлама пайдаланбайтынына", the device in the accusative.
    assert "камераңызды басқа бағдарлама пайдаланбайтынына" in other_apps["camera"].text.kk
    assert "микрофоныңызды" in other_apps["microphone"].text.kk and "камера" not in other_apps["microphone"].text.kk
    # The screen: other programs may keep it, so the step says to try closing them, not that they block it.
    screen = other_apps["screen-access"].text
    assert "Экранды басқа бағдарлама" in screen.kk and "жауып көріңіз" in screen.kk and "камера" not in screen.kk
    assert "попробуйте её закрыть" in screen.ru and "камер" not in screen.ru
    assert "микрофон" in other_apps["microphone"].text.ru and "камер" not in other_apps["microphone"].text.ru
    # The network cannot be "not used by other programs": the step says what to pause instead.
    network = other_apps["server-connection"].text
    assert "торрент" in network.kk and "торрент" in network.ru and "приостановите" in network.ru
    assert "камера" not in network.kk and "пайдаланбайтынына" not in network.kk


SEED_FACTS = [
    "Google Chrome", "Opera", "Edge", "Chromium", "Firefox", "Safari", "1 Мбит/с", "/proctoring_proxy",
    "https://bolashak.oes.kz/proctoring_proxy",
    "https://chrome.google.com/webstore/detail/oes/gkihmdkemmjchaccfmibdddlkklfocbn",
    "127.0.0.1 clients2.google.com", r"C:\Windows\System32\drivers\etc", "Блокнот",
    # The seed's Skype example is gone: Skype closed in May 2025 (Zoom, Teams, Telegram and WhatsApp instead).
    "ESET", "Kaspersky", "Teams", "Catalina", "10.15", "Mojave",
    # The seed's «Download Interrupted» is Chrome Web Store's hard-coded "Download interrupted"; its
    # "(Windows and Linux)" named where old Chrome's «Реттеу» button was: today's «Настроить» is everywhere.
    "Download interrupted",
]
SEED_FACTS_BY_LANGUAGE = {
    "kk": ["Yandex", "ДК", "ноутбук", "мобильді деректерді", "кіріс қоңырауларды"],
    "ru": ["Яндекс", "ПК", "ноутбук", "мобильный интернет", "входящие звонки"],
}


def test_seed_facts_survive_in_both_languages():
    files = pages_markdown(load_site(RECORDS))
    for lang, facts in SEED_FACTS_BY_LANGUAGE.items():
        text = "\n".join(content for path, content in files.items() if path.endswith(".ru.md") == (lang == "ru"))
        missing = [fact for fact in SEED_FACTS + facts if fact not in text]
        assert not missing, f"{lang}: {missing}"


def test_third_party_test_sites_are_gone():
    for path in RECORDS.rglob("*.yml"):
        assert "webcamtests" not in path.read_text(encoding="utf-8")
        assert "webcammictest" not in path.read_text(encoding="utf-8")


def test_os_menu_paths_are_quoted_per_language_and_only_confirmed_texts_as_exact():
    site = load_site(RECORDS)
    camera = next(s for s in site.pages["camera"].steps if s.id == "os-permission")
    windows, macos = camera.os.windows, camera.os.macos
    # Russian Windows first on both sites (Microsoft's own strings); Kazakh next on the Kazakh site, English on the
    # Russian one, each as exact only where the vendor's strings confirm it.
    assert ("«Пуск > Параметры > Конфиденциальность и защита > Камера» («Start > Settings > Privacy & security > Camera»)"
            in windows.ru)
    assert "«Пуск > Параметры > Конфиденциальность > Камера» („Бастау > Параметрлер > Құпиялылық > Камера“)" in windows.kk
    assert "«Разрешить настольным приложениям доступ к камере» («Let desktop apps access your camera»)" in windows.ru
    # No vendor string for the Windows 10 camera switch: not a «quote» but „approximate“ (the page says once what that means).
    assert "„Разрешить доступ к камере на этом устройстве“" in windows.ru
    assert "«Разрешить доступ к камере на этом устройстве»" not in windows.ru
    # macOS has no Kazakh interface: the Kazakh page quotes the Mac in Russian, then English; Monterey's strings
    # are Apple's, Ventura's are not confirmed yet.
    assert "«Системные настройки > Защита и безопасность» («System Preferences > Security & Privacy»)" in macos.kk
    assert "„Системные настройки > Конфиденциальность и безопасность > Камера“" in macos.kk
    for invented in ("Жүйе теңшелімдері", "Қорғау және қауіпсіздік", "Қауіпсіздік және құпиялылық"):
        assert invented not in macos.kk


def test_a_proctoring_message_is_the_guides_kazakh_and_the_russian_site_names_it_in_russian_first():
    site = load_site(RECORDS)
    message = site.pages["camera"].record.message
    assert message.kk == "«Веб-камераны қосу»"
    # A Russian reader scans for Russian words; the Russian is our translation („approximate“), the Kazakh the quote.
    assert message.ru == "„Подключение веб-камеры“ («Веб-камераны қосу»)"
    assert site.pages["internet"].record.message is None  # the guide names no message for it: none is invented


def test_chrome_labels_are_the_installed_chromiums_on_each_site():
    files = pages_markdown(load_site(RECORDS))
    kk, ru = files["help/allow-camera-microphone.md"], files["help/allow-camera-microphone.ru.md"]
    # Russian Chrome first on both sites (it follows the system's language); Kazakh next on the Kazakh site,
    # „approximate“ where the shipped Russian is newer than the Kazakh translation; English on the Russian one.
    assert "«Настроить» („Басқару“)" in kk and "«Настроить» («Manage»)" in ru
    assert "«Разрешить, когда я на сайте» („Сайтқа кірген кезде рұқсат беру“)" in kk
    assert "«Разрешить в этот раз» («Осы уақытқа рұқсат ету»)" in kk
    assert "«Запретить» («Never allow»)" in ru
    for retired in ("Реттеу", "Управление", "Разрешить при нахождении", "Медиа құрылғының", "медиаустройств",
                    "Рұқсат ету»", "Барлық экран", "Настройки сайта»"):
        assert not [path for path, text in files.items() if retired in text], retired
    assert "«Весь экран» («Бүкіл экран») қойындысын" in files["help/share-screen.md"]


def test_no_page_marks_labels_one_by_one():
    """What „…“ means is said once per page; no label carries a mark of its own (126 did, 19 on one page)."""
    site = load_site(RECORDS)
    note = site.labels.unconfirmed_words.note
    for path, text in pages_markdown(site).items():
        lang = "ru" if path.endswith(".ru.md") else "kk"
        marks = sum(text.count(word) for word in ("расталмаған", "не подтвержден", "аудармасы:", "перевод:"))
        assert marks + text.count(note[lang]) <= 2 and text.count(note[lang]) <= 1, path
        assert ("„" in text) == (note[lang] in text), f"{path}: an approximate name without the page's note, or the reverse"
