"""The exam-day notice: a short text in every language of the site, shown at the top of every page until a
given time, published into a built site without a rebuild (`make notice`, scripts/publish_notice.py).

The site always has the file (NOTICE_FILE at its root): the build writes it with no notice, so a page's
request for it never fails and logs nothing; publishing replaces it atomically (a temporary file renamed
over it), so a reader never gets half a notice. It is never compressed by the build (a stale .gz beside a
new notice would be served in its place), nginx serves it with a short cache (NOTICE_CACHE), and the offline
copy never keeps it. links.js reads it after the page has painted and shows the page language's text as text.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from helpsite.text_rules import describe, invisible_in

NOTICE_FILE = "notice.json"
NO_NOTICE = "{}"
# Shared caches keep it this long at most; the pages ask with `no-cache` (links.js), so an open page shows a new
# notice at its next navigation, for one small revalidation per page.
NOTICE_CACHE = "public, max-age=30"
MAX_CHARACTERS = 300
MAX_AHEAD = timedelta(hours=24)


class NoticeRefused(ValueError):
    """A notice that is not published, with the one line that says why."""


def notice_json(texts: dict[str, str], until: str, languages: tuple[str, ...], now: datetime) -> str:
    """The published file for `texts` (language -> text) shown until `until` (ISO 8601 with its UTC offset)."""
    try:
        end = datetime.fromisoformat(until)
    except ValueError:
        raise NoticeRefused(f"UNTIL={until!r} is not a time such as 2026-06-10T18:00+05:00") from None
    if end.tzinfo is None:
        raise NoticeRefused(f"UNTIL={until} needs its UTC offset, such as +05:00 for Astana")
    if end <= now:
        raise NoticeRefused(f"UNTIL={until} has passed")
    if end - now > MAX_AHEAD:
        raise NoticeRefused(f"UNTIL={until} is more than 24 hours ahead")
    for lang in languages:
        text = texts.get(lang, "").strip()
        if not text:
            raise NoticeRefused(f"{lang.upper()}= is missing: the notice needs every language of the site "
                                f"({', '.join(code.upper() for code in languages)})")
        if len(text) > MAX_CHARACTERS:
            raise NoticeRefused(f"{lang.upper()} has {len(text)} characters, at most {MAX_CHARACTERS}")
        # Line breaks, tabs, direction overrides, zero-width characters: one line of plain text (text_rules).
        hidden = invisible_in(text)
        if hidden:
            raise NoticeRefused(f"{lang.upper()} holds {describe(hidden[0][1])}, a control or invisible character: "
                                "one line of plain text")
    body = {"until": end.isoformat(), "text": {lang: texts[lang].strip() for lang in languages}}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def publish(site: Path, content: str) -> None:
    """Write the notice file into the built `site` atomically (readable by the web server)."""
    if not (site / "sw.js").is_file() or not (site / "index.html").is_file():
        raise NoticeRefused(f"{site} is not a built site (make build writes it)")
    handle, temporary = tempfile.mkstemp(prefix=".notice-", dir=site)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, site / NOTICE_FILE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run(site: Path, texts: dict[str, str], until: str, clear: bool, languages: tuple[str, ...],
        now: datetime | None = None) -> str:
    """`make notice`: publish the notice (or, with `clear`, none); the line to print. NoticeRefused leaves the
    published file as it was."""
    given = {lang: text for lang, text in texts.items() if text}
    if clear:
        if given or until:
            raise NoticeRefused("CLEAR=1 takes no text and no UNTIL")
        publish(site, NO_NOTICE)
        return f"notice: cleared in {site}/{NOTICE_FILE}"
    if not until:
        raise NoticeRefused("UNTIL= is missing: when the notice stops showing, such as 2026-06-10T18:00+05:00")
    publish(site, notice_json(given, until, languages, now or datetime.now(timezone.utc)))
    return f"notice: published in {site}/{NOTICE_FILE} until {until} ({', '.join(languages)})"
