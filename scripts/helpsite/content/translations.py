"""Translations: every side of each text in the site's languages, and which sides changed since they were confirmed.

`docs/records/_translations.yml` keeps, per content file and field, a short
hash of each language's text (in the site's language order) as it was when
last confirmed to say the same. A text changed in some languages but not in
all is stale: the others probably still say the old thing. A text added in
every language, or changed in all of them at once, is confirmed as it is.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import yaml

from helpsite import LANGUAGES
from helpsite.content.record_yaml import YAMLError, load_yaml, syntax_problem
from helpsite.content.json_schemas import schema_of

RECORD_FILE = "_translations.yml"
HEADER = ("# Every language of each text when last confirmed to match (short hashes), written by the\n"
          "# build and `make translations`. Commit it with the content. `make translations` lists the texts\n"
          "# edited in some languages since; `make translations CONFIRM=<file or page id>` confirms them.\n")
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _text(value) -> Optional[str]:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "\n".join(value)  # keywords
    return None


@dataclass(frozen=True)
class Pair:
    """One text in every language of the site (a pair on a two-language site)."""

    file: str  # under docs/records/
    record: str  # the page id, or "" for other files
    field: str  # `steps[1].os.windows`
    texts: tuple[str, ...]  # in LANGUAGES order

    def text(self, lang: str) -> str:
        return self.texts[LANGUAGES.index(lang)]

    def hashes(self) -> list[str]:
        return [digest(text) for text in self.texts]

    def where(self) -> str:
        record = f": record '{self.record}'" if self.record else ""
        return f"docs/records/{self.file}{record}: {self.field}"


def _walk(data, path: str = ""):
    if isinstance(data, dict):
        texts = tuple(_text(data.get(lang)) for lang in LANGUAGES)
        if all(text is not None for text in texts):
            yield path or "(top level)", texts
        for key, value in data.items():
            if key not in LANGUAGES:
                yield from _walk(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _walk(item, f"{path}[{index}]")


def pairs_of(relative: str, text: str) -> list[Pair]:
    data = load_yaml(text)
    if not isinstance(data, dict):
        return []
    record = str(data.get("id", "")) if schema_of(relative) == "record" else ""
    return [Pair(relative, record, field, texts) for field, texts in _walk(data)]


def current_pairs(records: Path) -> list[Pair]:
    """Every translated text of the content, files in name order, fields in file order."""
    found = []
    for path in sorted(records.rglob("*.yml")):
        relative = path.relative_to(records).as_posix()
        if schema_of(relative) not in (None, "labels"):  # labels are interface texts, not translations
            try:
                found += pairs_of(relative, path.read_text(encoding="utf-8"))
            except YAMLError as error:
                raise TranslationsError(syntax_problem(f"docs/records/{relative}", error)) from None
    return found


class TranslationsError(Exception):
    """A content file that cannot be read: one line naming it, the place and the problem."""


def read(records: Path) -> dict[str, dict[str, list[str]]]:
    path = records / RECORD_FILE
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


@dataclass(frozen=True)
class Stale:
    pair: Pair
    confirmed: dict[str, str]  # each changed language -> its text's hash when confirmed

    @property
    def changed(self) -> list[str]:
        return list(self.confirmed)

    @property
    def unchanged(self) -> list[str]:
        return [lang for lang in LANGUAGES if lang not in self.confirmed]


def stale_pairs(pairs: list[Pair], confirmed: dict) -> list[Stale]:
    stale = []
    for pair in pairs:
        known = confirmed.get(pair.file, {}).get(pair.field)
        if known is None or len(known) != len(LANGUAGES):  # a language added since: confirmed as it is
            continue
        changed = {lang: old for lang, old, new in zip(LANGUAGES, known, pair.hashes()) if old != new}
        if 0 < len(changed) < len(LANGUAGES):
            stale.append(Stale(pair, changed))
    return stale


def updated(pairs: list[Pair], confirmed: dict, confirm: Optional[str] = None) -> dict:
    """The record with new pairs and pairs changed on both sides confirmed, stale ones kept, gone ones dropped.

    `confirm` (a file under docs/records/ or a page id) confirms that file's stale pairs too.
    """
    stale = {(item.pair.file, item.pair.field) for item in stale_pairs(pairs, confirmed)}
    result: dict[str, dict[str, list[str]]] = {}
    for pair in pairs:
        keep = (pair.file, pair.field) in stale and confirm not in (pair.file, pair.record)
        result.setdefault(pair.file, {})[pair.field] = (confirmed[pair.file][pair.field] if keep else pair.hashes())
    return result


def dump(record: dict) -> str:
    lines = [HEADER]
    for file, fields in record.items():
        lines.append(f"{file}:\n")
        lines += [f"  {yaml.safe_dump(field, width=1000).strip().removesuffix(chr(10) + '...')}: "
                  f"[{', '.join(f'{chr(34)}{one}{chr(34)}' for one in hashes)}]\n"  # quoted: 1e34... is a number
                  for field, hashes in fields.items()]
    return "".join(lines)


def planned(records: Path, confirm: Optional[str] = None) -> tuple[str, list[Stale]]:
    """The record brought up to date (not written) and the stale pairs it leaves."""
    pairs = current_pairs(records)
    record = updated(pairs, read(records), confirm)
    return dump(record), stale_pairs(pairs, record)


def refresh(records: Path, confirm: Optional[str] = None) -> list[Stale]:
    """Bring the record up to date (written only when it changes); return the stale pairs left."""
    text, stale = planned(records, confirm)
    write_if_changed(records / RECORD_FILE, text)
    return stale


def write_if_changed(target: Path, text: str) -> bool:
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True


def _at(data, field: str):
    for key, index in _STEP.findall(field):
        try:
            data = data[int(index)] if index else data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def confirmed_text(records: Path, item: Stale, lang: str, history: int = 200) -> Optional[str]:
    """A changed language's text as it was when confirmed, found in git's history of the file."""
    path = records / item.pair.file
    log = subprocess.run(["git", "log", f"-n{history}", "--format=%H", "--", path.name],
                         cwd=path.parent, capture_output=True, text=True)
    top = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=path.parent, capture_output=True, text=True)
    for commit in log.stdout.split():
        shown = subprocess.run(["git", "show", f"{commit}:{top.stdout.strip()}{path.name}"], cwd=path.parent,
                               capture_output=True, text=True)
        try:
            data = yaml.safe_load(shown.stdout)
        except yaml.YAMLError:
            continue
        text = _text(_at(data, item.pair.field + f".{lang}") if item.pair.field != "(top level)" else data.get(lang))
        if text is not None and digest(text) == item.confirmed[lang]:
            return text
    return None
