"""What the site may report about itself: the event contract shared by the
pages (which send), nginx (which accepts only events that keep to it, and
logs them) and `make report` (which reads only such events).

No personal data: no IP address, no user agent, no free text but the words of
a search that found nothing, and those only when they cannot be an e-mail
address, an ID number or a phone number. The rule for that is one: no `@` (or
its full-width and small forms) and at most five decimal digits of any script
(a phone number or a 12-digit IIN, however written: `8.701.123.45.67`,
`８７０１…`, Arabic-Indic digits). The page applies it before sending
(support/contract.js), nginx before logging (the pattern below), the report
before counting; tests/fixtures/personal-data.json holds the cases all three
must agree on.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Literal

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


def personal(text: str) -> bool:
    """Whether a text could be personal data: an `@` in any form, or more than MAX_DIGITS digits of any script."""
    text = unicodedata.normalize("NFKC", text)
    return any(sign in text for sign in AT_SIGNS) or sum(char.isdecimal() for char in text) > MAX_DIGITS


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
        if name == "query" and not (MIN_QUERY <= len(value) <= MAX_TEXT and value.isprintable() and '"' not in value
                                    and "\\" not in value):
            return "not a query"
        if name == "query" and personal(value):
            return "personal data"
    return None


def nginx_body_patterns(languages: tuple[str, ...]) -> list[str]:
    """PCRE patterns, one per kind, that a body sent by the pages matches exactly (fields in KINDS' order).

    UTF mode: a body that is not UTF-8 matches none. A query holds no quote,
    backslash, control character or `@`, 2 to 64 characters, at most five digits.
    """
    value = {
        "lang": "(?:" + "|".join(map(re.escape, languages)) + ")",
        "query": (f'(?!(?:[^"]*?\\d){{{MAX_DIGITS + 1}}})[^"\\\\\\x00-\\x1f\\x7f{AT_SIGNS}]'
                  f"{{{MIN_QUERY},{MAX_TEXT}}}"),
        **{name: "(?:" + "|".join(map(re.escape, choices)) + ")" for name, choices in CHOICES.items()},
        **FORMS,
    }
    return ["(*UTF)(*UCP)^\\{\"kind\":\"" + kind + "\"" + "".join(f',"{name}":"{value[name]}"' for name in fields) + "\\}$"
            for kind, fields in KINDS.items()]


def browser_contract() -> dict:
    """What the pages' script needs to know of the contract."""
    return {"endpoint": ENDPOINT, "maxText": MAX_TEXT, "minQuery": MIN_QUERY, "kinds": KINDS, "atSigns": AT_SIGNS,
            "maxDigits": MAX_DIGITS, "visit": VISIT}


def log_line(time: str, body: str) -> str:
    """One line as nginx's `help_events` log format writes it (escape=json), for tests and benchmarks."""
    return json.dumps({"time": time, "body": body}, ensure_ascii=False, separators=(",", ":"))
