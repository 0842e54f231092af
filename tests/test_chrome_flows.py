"""Chrome's flows file: labels found in OCR's words, and the build's checks that every quoted Chrome label is replayed."""

import pytest

from conftest import RECORDS, broken_copy, problems_of
from helpsite.chrome.flows import Word, find, find_in, skeleton
from helpsite.content.load import RecordErrors, load_site
from helpsite.pictures import load_pictures


def words(*lines):
    """Words laid out as Chrome draws them: (x, y, text) per line, each word 10 px per letter, 20 px high."""
    found = []
    for x, y, text in lines:
        for part in text.split():
            found.append(Word(part, (x, y, 10 * len(part), 20)))
            x += 10 * len(part) + 8
    return found


def test_a_label_is_found_over_wrapped_lines_and_in_look_alike_letters():
    screen = words((100, 100, "Использование доступных камер"), (100, 124, "(2)"), (100, 200, "Kamepa"))
    assert find(screen, "Использование доступных камер (2)") == [(100, 100, 286, 44)]
    assert find(screen, "Камера") == [(100, 200, 60, 20)]  # OCR read the Cyrillic word with Latin letters
    assert skeleton("Файлы сookie") == skeleton("Файлы cookie")  # Chromium's Russian has a Cyrillic с there


def test_a_label_is_not_a_piece_of_a_longer_word_and_a_button_is_not_a_word_of_a_sentence():
    screen = words((100, 100, "Выберите, чем поделиться с bolashak.oes.kz"), (500, 500, "[С Поделиться"))
    assert find(screen, "Камер") == []
    assert find(screen, "Поделиться") == [(236, 100, 100, 20), (528, 500, 100, 20)]
    assert find(screen, "Поделиться", alone=True) == [(528, 500, 100, 20)]  # "[С" is an icon read as letters


def test_words_of_other_columns_between_them_do_not_break_a_label():
    screen = words((147, 99, "bolashak.oes.kz"), (17, 95, "Camera"), (147, 127, "запрашивает разрешение"), (148, 151, "на:"))
    assert find(screen, "bolashak.oes.kz запрашивает разрешение на:")


def test_two_readings_of_one_screen_give_each_place_once():
    reading = words((100, 100, "Запретить"))
    assert find_in([reading, reading], "Запретить") == [(100, 100, 90, 20)]


BAD_FLOWS = {
    "an unknown label": (
        {"_chrome_flows.yml": ("      - press: chrome.allow-while-visiting\n      - see: [chrome.chip-in-use]\n      - expect",
                               "      - press: chrome.allow-while-visitng\n      - see: [chrome.chip-in-use]\n      - expect")},
        "docs/records/_chrome_flows.yml: flows.allow.actions[3]: no Chrome label 'chrome.allow-while-visitng' "
        "(did you mean `chrome.allow-while-visiting`?)",
    ),
    "a covered step that is gone": (
        {"_chrome_flows.yml": ("covers: [allow-camera-microphone#lock-icon,", "covers: [allow-camera-microphone#lock-icons,")},
        "docs/records/_chrome_flows.yml: flows.site-information.covers[0]: page 'allow-camera-microphone' has no step "
        "'lock-icons' quoting Chrome",
    ),
    "a page quoting a label no flow shows": (
        {"help/share-screen.yml": ("Кнопка «@chrome.hide» только", "Кнопка «@chrome.preview» только")},
        "docs/records/_chrome_flows.yml: flows (covers: share-screen#keep-sharing): no flow shows chrome.preview, "
        "quoted on that page",
    ),
    "two things in one action": (
        {"_chrome_flows.yml": ("      - ask: screen\n", "      - {ask: screen, key: Escape}\n")},
        "docs/records/_chrome_flows.yml: flows.share-screen.actions[0]: one thing per action (got ask, key)",
    ),
    "cameras nobody can plug in": (
        {"_chrome_flows.yml": ("#allow-prompt]\n    cameras: one-neutral", "#allow-prompt]\n    cameras: three")},
        "docs/records/_chrome_flows.yml: flows.allow.cameras: Input should be 'two-test' or 'one-neutral'",
    ),
    "a test camera's name as a spot": (
        {"_chrome_flows.yml": ("#allow-prompt]\n    cameras: one-neutral", "#allow-prompt]")},
        "docs/records/_chrome_flows.yml: flows.allow: spot camera-name needs `cameras: one-neutral` (the test cameras' "
        "names are no spot)",
    ),
}


@pytest.mark.parametrize("edits, expected", BAD_FLOWS.values(), ids=BAD_FLOWS.keys())
def test_a_broken_flow_is_one_line_naming_file_and_field(tmp_path, edits, expected):
    assert problems_of(broken_copy(tmp_path, edits)) == [expected]


def test_a_replay_picture_names_a_flow_that_takes_it(tmp_path):
    root = broken_copy(tmp_path, {"pictures/allow-prompt.yml": ("replay: {flow: allow,", "replay: {flow: unblock,")})
    with pytest.raises(RecordErrors) as caught:
        load_pictures(root, load_site(root))
    assert caught.value.problems == ["docs/records/pictures/allow-prompt.yml: replay.flow: no `picture: {id: allow-prompt}` "
                                     "in flow 'unblock' of _chrome_flows.yml"]


def test_every_chrome_label_a_page_quotes_is_replayed():
    site = load_site(RECORDS)  # the build's check; here what it covers is counted
    shown = {label for flow in site.chrome_flows.flows.values() for label in flow.shown()}
    quoted = {key for key in site.labels.labels if key.startswith("chrome.")
              and any(f"@{key}»" in path.read_text(encoding="utf-8") or f"@{key} " in path.read_text(encoding="utf-8")
                      for path in (RECORDS / "help").glob("*.yml"))}
    assert len(quoted) >= 25 and quoted <= shown
