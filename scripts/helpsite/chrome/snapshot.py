"""Chromium's interface strings: grit's message ids, English sources and translations.

Chromium keys a translation (`.xtb`) by a message id that grit computes from
the English message (`.grd` / `.grdp`): the fingerprint of its presentable
text (placeholders replaced by their names) and its `meaning`. This module
reads both kinds of file and returns, for the ids asked for, the English
text and each translation, placeholders written as `{NAME}`.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

# Where a Chromium checkout keeps the files the site quotes. A folder of
# excerpts holding the same file names (or `<name>.excerpt.xml`) works too.
SOURCE_FILES = (
    "chrome/app/generated_resources.grd",
    "chrome/app/media_live_preview_strings.grdp",
    "components/components_strings.grd",
    "chrome/app/settings_strings.grdp",
    "chrome/app/google_chrome_strings.grd",
    "chrome/app/settings_google_chrome_strings.grdp",
    "components/permissions_strings.grdp",
    "components/page_info_strings.grdp",
    "components/site_settings_strings.grdp",
)
TRANSLATION_FILES = (
    "chrome/app/resources/generated_resources_{lang}.xtb",
    "chrome/app/resources/google_chrome_strings_{lang}.xtb",
    "components/strings/components_strings_{lang}.xtb",
)

# Where Chromium's build names itself and Google Chrome's says Chrome (`Chromium Tab`, `About Chromium`).
BRANDED_SOURCES = ("chromium_strings.grd", "settings_chromium_strings.grdp")


class ChromiumError(Exception):
    """A file that cannot be read as grit wrote it: `path:line: problem`."""


def fingerprint(text: str) -> int:
    """grit's FingerPrint: the first 64 bits of the MD5 of the UTF-8 text, as a signed integer."""
    value = int(hashlib.md5(text.encode("utf-8")).hexdigest()[:16], 16)
    return value - (1 << 64) if value & (1 << 63) else value


def message_id(text: str, meaning: str = "") -> str:
    """grit's GenerateMessageId: the id a message's translations are filed under."""
    value = fingerprint(text)
    if meaning:
        value = fingerprint(meaning) + (value << 1) + (1 if value < 0 else 0)
    return str(value & 0x7FFFFFFFFFFFFFFF)


@dataclass(frozen=True)
class Message:
    """One English source message: its id's inputs and its text with `{NAME}` placeholders."""

    name: str
    presentable: str  # what grit fingerprints: placeholders as bare names
    text: str
    meaning: str = ""
    placeholders: tuple[tuple[str, str], ...] = ()  # ("$1", "APP_NAME"): how a built pack writes each one

    def named(self, built: str) -> str:
        """A built pack's text of this message with its `$1`… written as `{NAME}`."""
        for number, name in self.placeholders:
            built = built.replace(number, "{" + name + "}")
        return built

    @property
    def id(self) -> str:
        return message_id(self.presentable, self.meaning)


def _strip_grit(text: str) -> str:
    # grit trims whitespace; ''' marks whitespace that is meant to stay.
    text = text.strip()
    if text.startswith("'''"):
        text = text[3:]
    if text.endswith("'''"):
        text = text[:-3]
    return text


def read_messages(path: Path) -> list[Message]:
    """Every `<message>` of a `.grd`, `.grdp` or excerpt file."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        line, column = error.position
        raise ChromiumError(f"{path}:{line}:{column + 1}: not well-formed XML") from None
    messages = []
    for element in root.iter("message"):
        presentable, text, placeholders = [element.text or ""], [element.text or ""], []
        for child in element:
            if child.tag == "ph":
                presentable.append(child.get("name", ""))
                text.append("{" + child.get("name", "") + "}")
                if (child.text or "").strip().startswith("$"):
                    placeholders.append(((child.text or "").strip(), child.get("name", "")))
            presentable.append(child.tail or "")
            text.append(child.tail or "")
        messages.append(Message(element.get("name", ""), _strip_grit("".join(presentable)),
                                _strip_grit("".join(text)), element.get("meaning", ""),
                                tuple(sorted(placeholders, key=lambda pair: -len(pair[0])))))  # $10 before $1
    return messages


def read_translations(path: Path) -> dict[str, str]:
    """id -> text of every `<translation>` in an `.xtb` file, placeholders as `{NAME}`.

    A malformed entry (no numeric id, a placeholder without a name, an id
    given twice, broken XML) raises ChromiumError naming the file and line.
    """
    parser = expat.ParserCreate("UTF-8")
    translations: dict[str, str] = {}
    current: dict = {}

    def fail(problem: str) -> None:
        raise ChromiumError(f"{path}:{parser.CurrentLineNumber}: {problem}")

    def start(tag: str, attributes: dict) -> None:
        if tag == "translation":
            if current:
                fail("a <translation> inside another")
            identifier = attributes.get("id", "")
            if not identifier.isdigit():
                fail(f"<translation> needs a numeric id, has {identifier!r}")
            if identifier in translations:
                fail(f"id {identifier} is translated twice")
            current.update(id=identifier, parts=[])
        elif tag == "ph":
            if not current or not attributes.get("name"):
                fail("<ph> needs a name and must be inside a <translation>")
            current["parts"].append("{" + attributes["name"] + "}")

    def text(data: str) -> None:
        if current:
            current["parts"].append(data)

    def end(tag: str) -> None:
        if tag == "translation":
            translations[current["id"]] = "".join(current["parts"])
            current.clear()

    parser.StartElementHandler, parser.CharacterDataHandler, parser.EndElementHandler = start, text, end
    try:
        parser.Parse(path.read_bytes(), True)
    except expat.ExpatError as error:
        raise ChromiumError(f"{path}:{error.lineno}: not well-formed XML ({expat.ErrorString(error.code)})") from None
    return translations


def locate(folder: Path, relative: str) -> Path | None:
    """A file of a Chromium checkout, or of a flat folder of excerpts."""
    name = Path(relative).name
    for candidate in (folder / relative, folder / name, folder / f"{name}.excerpt.xml"):
        if candidate.is_file():
            return candidate
    return None


@dataclass
class Snapshot:
    """Chromium's string files at one revision: English source messages by IDS name, translations by id."""

    messages: dict[str, Message]
    translations: dict[str, dict[str, str]]  # language -> message id -> text

    @classmethod
    def read(cls, folder: Path, languages: list[str]) -> Snapshot:
        paths = [path for path in (locate(folder, relative) for relative in SOURCE_FILES) if path]
        paths += sorted(set(folder.glob("*.excerpt.xml")) - set(paths))  # messages added by hand, same format
        messages = {message.name: message for path in paths for message in read_messages(path)}
        translations: dict[str, dict[str, str]] = {lang: {} for lang in languages}
        for lang in languages:
            for relative in TRANSLATION_FILES:
                path = locate(folder, relative.format(lang=lang))
                if path:
                    for identifier, text in read_translations(path).items():
                        translations[lang].setdefault(identifier, text)
        return cls(messages, translations)

    def text(self, message: Message, lang: str) -> str | None:
        return message.text if lang == "en" else self.translations.get(lang, {}).get(message.id)

    def by_english(self, name: str, built: str) -> Message | None:
        """A message whose `<message>` is not in the snapshot, found by the id of its shipped English text.

        The id is grit's fingerprint of the text with each `$1`… as a placeholder
        name; the names tried are those the snapshot's translations use, and the
        first that gives an id with a translation wins (a message with a grit
        `meaning` cannot be found this way).
        """
        numbers = sorted(set(re.findall(r"\$\d+", built)))
        names = sorted({found for texts in self.translations.values() for text in texts.values()
                        for found in re.findall(r"\{(\w+)\}", text)})
        for chosen in itertools.product(names, repeat=len(numbers)):
            pairs = tuple(sorted(zip(numbers, chosen), key=lambda pair: -len(pair[0])))
            presentable = built
            for number, placeholder in pairs:
                presentable = presentable.replace(number, placeholder)
            candidate = Message(name, presentable, built, "", pairs)
            candidate = Message(name, presentable, candidate.named(built), "", pairs)
            if any(candidate.id in texts for texts in self.translations.values()):
                return candidate
        return None


def is_branded(source: str) -> bool:
    """A message of Chromium's own branding (`Chromium Tab`), where Google Chrome's strings say Chrome."""
    return Path(source).name in BRANDED_SOURCES


def debranded(text: str) -> str:
    return text.replace("Chromium", "Chrome")


@dataclass
class Extract:
    """Chrome's texts of the IDS names asked for, and one line per problem."""

    messages: dict[str, dict] = field(default_factory=dict)  # IDS name -> _chrome.yml entry
    problems: list[str] = field(default_factory=list)


def extract(packs: dict, snapshot: Snapshot, names: list[str], languages: list[str]) -> Extract:
    """Each message's text in every language: from the installed packs where Chromium ships the
    language, else from the snapshot's translation, marked unconfirmed where the snapshot's text of
    a shipped language differs from the pack's (the translation may be as old as that text).

    `packs` maps a language to its LocalePack (at least `en`). Messages Chromium brands as itself
    (chromium_strings.grd) take every text from Google Chrome's strings in the snapshot; the pack,
    with Chromium read as Chrome, only confirms them.
    """
    english = packs["en"]
    result = Extract()
    for name in names:
        message = snapshot.messages.get(name)
        resource = english.resources.get(name)
        if resource is None:
            closest = english.closest(message.text) if message else ""
            result.problems.append(f"{name}: not in {english.path.name} of the installed Chromium"
                                   + (f" (closest English text there: {closest!r})" if closest else ""))
            continue
        if message is None:
            message = snapshot.by_english(name, english.text(name) or "")
            if message is None:
                result.problems.append(f"{name}: no English source message in the snapshot: add its <message> from "
                                       f"{resource.source.lstrip('./')} (the pack's English: {english.text(name)!r})")
                continue
            found_by_text = True
        else:
            found_by_text = False
        branded = is_branded(resource.source)
        shipped = {lang: message.named(pack.text(name) or "") for lang, pack in packs.items()}
        if branded:
            shipped = {lang: debranded(text) for lang, text in shipped.items()}
        entry: dict = {"id": message.id}
        if found_by_text:
            entry["id_from"] = "the shipped English text (its <message> is not in the snapshot)"
        if branded:  # what Chromium's own build shows instead of Google Chrome's text
            entry["branded"] = {lang: message.named(pack.text(name) or "") for lang, pack in packs.items()}
        stale = {lang: text for lang, text in shipped.items() if same_text(snapshot.text(message, lang), text) is False}
        unconfirmed = {}
        for lang in languages:
            text = snapshot.text(message, lang) if branded or lang not in packs else shipped[lang]
            if text is None:
                result.problems.append(f"{name}: no {lang} translation of message {message.id} in the snapshot")
                continue
            entry[lang] = text
            if (branded or lang not in packs) and stale:
                old_lang, _ = next(iter(stale.items()))
                unconfirmed[lang] = (f"the snapshot's {old_lang} is {snapshot.text(message, old_lang)!r}, "
                                     f"the installed Chromium's {stale[old_lang]!r}")
        if unconfirmed:
            entry["unconfirmed"] = unconfirmed
        result.messages[name] = entry
    return result


def same_text(old: str | None, new: str) -> bool | None:
    """Whether two texts of one message say the same (ICU plural forms compared form by form); None without an old one."""
    if old is None:
        return None
    if old == new:
        return True
    old_forms, new_forms = plural_forms(old), plural_forms(new)
    return old_forms is not None and old_forms == new_forms


_PLURAL_HEAD = re.compile(r"\{\s*(\w+)\s*,\s*plural\s*,")
_SELECTOR = re.compile(r"\s*(=\d+|[a-z]+)\s*\{")


def plural_forms(text: str) -> dict[str, str] | None:
    """The forms of an ICU plural message (`{N, plural, =1 {…} other {…}}`) by selector, or None."""
    head = _PLURAL_HEAD.match(text.strip())
    if not head:
        return None
    body, forms, position = text.strip()[head.end():-1], {}, 0
    while position < len(body.rstrip()):
        selector = _SELECTOR.match(body, position)
        if not selector:
            return None
        depth, end = 1, selector.end()
        while depth and end < len(body):
            depth += {"{": 1, "}": -1}.get(body[end], 0)
            end += 1
        if depth:
            return None
        forms[selector[1]] = body[selector.end():end - 1]
        position = end
    return forms


def plural_text(text: str, count: int, lang: str) -> str | None:
    """The form of an ICU plural message for `count` in `lang` (`=2`, else CLDR's category), or None if not plural."""
    forms = plural_forms(text)
    if forms is None:
        return None
    from babel import Locale

    category = Locale.parse(lang).plural_form(count)
    chosen = forms.get(f"={count}", forms.get(category, forms.get("other")))
    return None if chosen is None else chosen.replace("#", str(count))
