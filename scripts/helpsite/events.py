"""What the site may report about itself: the event contract shared by the
pages (which send), nginx (which limits and logs) and `make report` (which
keeps only events that keep to it).

No personal data: no IP address, no user agent, no free text but the words of
a search that found nothing, and those only when they cannot be an e-mail
address, an ID number or a phone number.
"""

from __future__ import annotations

import json

ENDPOINT = "events"  # POST /events, answered 204 by nginx
MAX_BODY_BYTES = 1024  # nginx refuses a larger event (413)
MAX_TEXT = 64  # every field; a search query is cut to this length before it is sent
ANSWERS = ("yes", "no")
REASONS = ("mismatch", "no-help", "not-found")  # the steps did not match my screen / did not help / my error is not here
CHECK_STATUSES = ("pass", "warn", "fail")

# kind -> its fields (all required, nothing else allowed)
KINDS: dict[str, tuple[str, ...]] = {
    "feedback": ("page", "lang", "answer"),
    "reason": ("page", "lang", "reason"),
    "check": ("page", "lang", "check", "status", "error"),
    "search": ("lang", "query"),
}
CHOICES = {"answer": ANSWERS, "reason": REASONS, "status": CHECK_STATUSES}


def browser_contract() -> dict:
    """What the pages' script needs to know of the contract."""
    return {"endpoint": ENDPOINT, "maxText": MAX_TEXT}


def log_line(time: str, body: str) -> str:
    """One line as nginx's `help_events` log format writes it (escape=json), for tests and benchmarks."""
    return json.dumps({"time": time, "body": body}, ensure_ascii=False, separators=(",", ":"))
