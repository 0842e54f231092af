"""What the site may report about itself: the event contract shared by the
pages (which send), nginx (which accepts only events that keep to it, and
logs them) and `make report` (which reads only such events).

No personal data: no IP address, no user agent, no free text but the words of
a search that found nothing, and those only when they cannot be an e-mail
address, an ID number or a phone number. The rule for that is one: no `@` (or
its full-width and small forms) and at most five decimal digits of any script
(a phone number or a 12-digit IIN, however written: `8.701.123.45.67`,
`８７０１…`, Arabic-Indic digits, ⁹⁹⁰¹…).

A query is judged in one normal form, so the three gates judge the same text:
the page sends `normal_form(text)` (NFKC, what nobody sees removed, spaces
collapsed, cut to MAX_TEXT characters, never inside a pair), and a query is
only characters of one table (QUERY_CHARACTERS: letters, marks, numbers,
punctuation and symbols of the scripts candidates type that NFKC leaves as
they are, assigned in this Python's Unicode, and the space; no quote,
backslash or `@`), spaced singly,
2 to MAX_TEXT of them, at most MAX_DIGITS digits. nginx, which cannot
normalise, applies the same tables as a pattern; the page gets them as
support/characters.js (`make contract`); the report judges with
`query_problem`. tests/fixtures/event-text.json holds the cases all three must
agree on; tests/fixtures/personal-data.json the personal ones.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from typing import Literal

from helpsite.text_rules import invisible

ENDPOINT = "events"  # POST /events, answered 204 by nginx when the body is an event of this contract
MAX_BODY_BYTES = 1024  # nginx refuses a larger event (413)
MAX_TEXT = 64  # every field; a search query is cut to this length before it is sent
MIN_QUERY = 2
ANSWERS = ("yes", "no")
REASONS = ("mismatch", "no-help", "not-found")  # the steps did not match my screen / did not help / my error is not here
CHECK_STATUSES = ("pass", "warn", "fail")
CHECKS = ("browser", "camera", "microphone", "screen", "internet", "server", "extension")
CheckName = Literal[CHECKS]  # the records' `check:` (content/models.py) names one of these
AT_SIGNS = "@\uff20\ufe6b"  # @, full-width ＠, small ﹫
MAX_DIGITS = 5
VISIT = "v"  # query parameter: a random id of the page visit (never stored), so candidates behind one address
VISIT_PATTERN = r"[a-z0-9]{8,32}"  # share no rate limit with each other

# kind -> its fields, in the order the pages send them (all required, nothing else allowed)
KINDS: dict[str, tuple[str, ...]] = {
    "feedback": ("page", "lang", "answer"),
    "reason": ("page", "lang", "reason"),
    "check": ("page", "lang", "check", "status", "error"),
    "search": ("lang", "query"),
}
CHOICES = {"answer": ANSWERS, "reason": REASONS, "status": CHECK_STATUSES, "check": CHECKS}
# Fields without choices: what they may hold (ASCII; a search query is checked by `personal`).
FORMS = {"page": r"[a-z0-9][a-z0-9/-]{0,63}", "error": r"[A-Za-z][A-Za-z0-9-]{0,63}"}


Ranges = tuple[tuple[int, int], ...]


def _ranges(member) -> Ranges:
    found, start = [], None
    for point in range(0x110000):
        inside = not 0xD800 <= point <= 0xDFFF and member(chr(point))
        if inside and start is None:
            start = point
        elif not inside and start is not None:
            found.append((start, point - 1))
            start = None
    return tuple(found)


# What candidates type: Basic Latin, Latin-1 and Latin Extended, combining marks, Cyrillic (Kazakh letters
# included), general punctuation, currency, arrows and technical symbols, box drawing to dingbats, emoji. Not
# every script: nginx takes a configuration parameter of at most 4 KB, and its pattern holds this table.
QUERY_BLOCKS = ((0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x400, 0x52F), (0x2010, 0x205E), (0x20A0, 0x20C0),
                (0x2190, 0x23FF), (0x2500, 0x27BF), (0x1F300, 0x1FAFF))


def _query_character(char: str) -> bool:
    if not _in(char, QUERY_BLOCKS):
        return False
    return char == " " or (unicodedata.category(char)[0] in "LMNPS" and unicodedata.normalize("NFKC", char) == char
                           and char not in AT_SIGNS + '"\\')


@cache
def tables() -> dict[str, Ranges]:
    """The contract's character tables as code point ranges: what a query may hold, which of those are digits,
    and what nobody sees (text_rules.invisible), removed before judging."""
    return {"query": _ranges(_query_character),
            "digit": _ranges(lambda char: _query_character(char) and char.isdecimal()),
            "invisible": _ranges(invisible)}


def _in(char: str, ranges: Ranges) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in ranges)


def personal(text: str) -> bool:
    """Whether a text could be personal data: an `@` in any form, or more than MAX_DIGITS digits of any script."""
    text = unicodedata.normalize("NFKC", text)
    return any(sign in text for sign in AT_SIGNS) or sum(char.isdecimal() for char in text) > MAX_DIGITS


def normal_form(text: str) -> str:
    """A query as the page sends it: NFKC, what nobody sees removed, spaces collapsed, cut to MAX_TEXT characters
    (code points: never half of a pair)."""
    visible = "".join(char for char in unicodedata.normalize("NFKC", text) if not invisible(char))
    return " ".join(" ".join(visible.split())[:MAX_TEXT].split())


def query_problem(text: str) -> str | None:
    """Why `text`, as received, is not a query of the contract (what nginx's pattern refuses too), or None."""
    if personal(text):
        return "personal data"
    if not MIN_QUERY <= len(text) <= MAX_TEXT or text != text.strip(" ") or "  " in text:
        return "not a query"
    query = tables()["query"]
    if not all(_in(char, query) for char in text):
        return "not a query"
    return None


def problem(event, languages: tuple[str, ...]) -> str | None:
    """Why `event` (parsed JSON) is not an event of the contract, or None when it is one."""
    if not isinstance(event, dict) or event.get("kind") not in KINDS:
        return "unknown kind"
    fields = KINDS[event["kind"]]
    if set(event) != {"kind", *fields}:
        return "unknown or missing field"
    for name in fields:
        value = event[name]
        if not isinstance(value, str):
            return "not text"
        if name == "lang" and value not in languages or name in CHOICES and value not in CHOICES[name]:
            return "not a choice"
        if name in FORMS and not re.fullmatch(FORMS[name], value):
            return "not a page or code"
        if name == "query" and (wrong := query_problem(value)):
            return wrong
    return None


def nginx_body_patterns(languages: tuple[str, ...]) -> list[str]:
    """PCRE patterns, one per kind, that a body sent by the pages matches exactly (fields in KINDS' order).

    UTF mode: a body that is not UTF-8 matches none. A query is judged as `query_problem` judges it.
    """
    value = {
        "lang": "(?:" + "|".join(map(re.escape, languages)) + ")",
        # Not a space first, last or doubled; at most MAX_DIGITS digits; MIN_QUERY to MAX_TEXT characters.
        "query": (f'(?! )(?![^"]*  )(?![^"]* ")(?!(?:[^"]*?{_character_class(tables()["digit"], "x")}){{{MAX_DIGITS + 1}}})'
                  f'{_character_class(tables()["query"], "x")}{{{MIN_QUERY},{MAX_TEXT}}}'),
        **{name: "(?:" + "|".join(map(re.escape, choices)) + ")" for name, choices in CHOICES.items()},
        **FORMS,
    }
    return ["(*UTF)(*UCP)^\\{\"kind\":\"" + kind + "\"" + "".join(f',"{name}":"{value[name]}"' for name in fields) + "\\}$"
            for kind, fields in KINDS.items()]


def _character_class(ranges: Ranges, escape: str) -> str:
    """A regular expression's class of `ranges`, each code point written `\\<escape>{hex}` (PCRE: x, JavaScript: u)."""
    return "[" + "".join(f"\\{escape}{{{low:x}}}" + (f"-\\{escape}{{{high:x}}}" if high > low else "")
                         for low, high in ranges) + "]"


def characters_module() -> str:
    """support/characters.js: the tables as the page's regular expressions (written by `make contract`)."""
    return ("// Generated by `make contract` from helpsite/events/contract.py (Unicode "
            f"{unicodedata.unidata_version}): never edit. The characters a search query may hold and\n"
            "// what nobody sees: the same tables as nginx's pattern and the report's judge.\n"
            f"export const QUERY_CHARACTERS = /^{_character_class(tables()['query'], 'u')}*$/u\n"
            f"export const INVISIBLE = /{_character_class(tables()['invisible'], 'u')}/gu\n")


def browser_contract() -> dict:
    """What the pages' script needs to know of the contract."""
    return {"endpoint": ENDPOINT, "maxText": MAX_TEXT, "minQuery": MIN_QUERY, "kinds": KINDS, "atSigns": AT_SIGNS,
            "maxDigits": MAX_DIGITS, "visit": VISIT}


def log_line(time: str, body: str) -> str:
    """One line as nginx's `help_events` log format writes it (escape=json), for tests and benchmarks."""
    return json.dumps({"time": time, "body": body}, ensure_ascii=False, separators=(",", ":"))
