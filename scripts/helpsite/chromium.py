"""Chromium's interface strings: grit's message ids, English sources and translations.

Chromium keys a translation (`.xtb`) by a message id that grit computes from
the English message (`.grd` / `.grdp`): the fingerprint of its presentable
text (placeholders replaced by their names) and its `meaning`. This module
reads both kinds of file and returns, for the ids asked for, the English
text and each translation, placeholders written as `{NAME}`.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

# Where a Chromium checkout keeps the files the site quotes. A folder of
# excerpts holding the same file names (or `<name>.excerpt.xml`) works too.
SOURCE_FILES = (
    "chrome/app/generated_resources.grd",
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


PLACEHOLDER = re.compile(r"\{(\w+)\}")


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
        presentable, text = [element.text or ""], [element.text or ""]
        for child in element:
            if child.tag == "ph":
                presentable.append(child.get("name", ""))
                text.append("{" + child.get("name", "") + "}")
            presentable.append(child.tail or "")
            text.append(child.tail or "")
        messages.append(Message(element.get("name", ""), _strip_grit("".join(presentable)),
                                _strip_grit("".join(text)), element.get("meaning", "")))
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


@dataclass
class Extract:
    """The messages found for the ids asked for, and what could not be found."""

    messages: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> {"en": ..., lang: ...}
    missing: list[str] = field(default_factory=list)  # "id: what is missing"


def locate(folder: Path, relative: str) -> Path | None:
    """A file of a Chromium checkout, or of a flat folder of excerpts."""
    name = Path(relative).name
    for candidate in (folder / relative, folder / name, folder / f"{name}.excerpt.xml"):
        if candidate.is_file():
            return candidate
    return None


def extract(folder: Path, ids: list[str], languages: list[str], english: dict[str, str] | None = None) -> Extract:
    """English and translations of `ids` from a Chromium checkout or a folder of excerpts.

    `english` gives the English text of an id whose source message is not in
    the files; it is accepted only if its fingerprint is that id.
    """
    sources = {}
    paths = [path for path in (locate(folder, relative) for relative in SOURCE_FILES) if path]
    paths += sorted(set(folder.glob("*.excerpt.xml")) - set(paths))  # messages added by hand, same format
    for path in paths:
        sources.update({message.id: message.text for message in read_messages(path)})
    translated = {lang: {} for lang in languages}
    for lang in languages:
        for relative in TRANSLATION_FILES:
            path = locate(folder, relative.format(lang=lang))
            if path:
                for identifier, text in read_translations(path).items():
                    translated[lang].setdefault(identifier, text)
    result = Extract()
    for identifier in ids:
        entry = {}
        if identifier in sources:
            entry["en"] = sources[identifier]
        elif english and identifier in english:
            given = english[identifier]
            computed = message_id(PLACEHOLDER.sub(r"\1", given))
            if computed != identifier:
                result.missing.append(f"{identifier}: the English text given, {given!r}, has the id {computed}")
                continue
            entry["en"] = given
        else:
            result.missing.append(f"{identifier}: no English source message")
        for lang in languages:
            if identifier in translated[lang]:
                entry[lang] = translated[lang][identifier]
            else:
                result.missing.append(f"{identifier}: no {lang} translation")
        result.messages[identifier] = entry
    return result
