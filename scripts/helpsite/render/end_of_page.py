"""The end of every error and help page: "Did this solve your problem?" and
how to reach support, as markup ready before any script runs. Only contacts
someone confirmed are shown; without one, the candidate writes to the contact
in their exam invitation.

links.js loads support/feedback.js and support/mail.js on the first click:
the answer is sent once per page per visit, the e-mail link is filled with
the page's address (with `?os=` and the step), browser, system and the check
report of this visit. Without a script the e-mail link still opens with its
subject.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from helpsite.content.load import Page, Site
from helpsite.events.contract import REASONS

SECTIONS_WITH_END = ("errors", "help")
SUPPORT_ANCHOR = "support"


def mail_subject(page: Page, lang: str) -> str:
    record = page.record
    return record.message[lang] if record.message else record.title[lang]


def support_contacts(site: Site) -> dict[str, str]:
    """The support contacts someone responsible confirmed (`email`, `phone`): no other one is ever published."""
    support = site.texts.support
    if support is None:
        return {}
    return {name: getattr(support, name) for name in ("email", "phone") if getattr(support, name) and name in support.confirmed}


def mail_link(site: Site, lang: str, subject: str, label: str, primary: bool = True) -> str:
    """An e-mail link to support (without a confirmed address the candidate writes the one from their exam
    invitation); mail.js adds the body when it is clicked."""
    address = support_contacts(site).get("email", "")
    href = f"mailto:{address}?subject={quote(subject, safe='')}"
    kind = "md-button md-button--primary" if primary else "md-button"
    return (f'<a class="{kind}" href="{html.escape(href)}" data-support-mail data-address="{html.escape(address)}" '
            f'data-subject="{html.escape(subject)}">'
            f'{html.escape(label)}</a>')


def end_of_page(page: Page, lang: str, site: Site) -> str:
    """Markdown (with HTML blocks) closing an error or help page; "" for other pages."""
    if page.section not in SECTIONS_WITH_END:
        return ""
    texts = site.texts.end_of_page
    button = lambda text, name, value: (f'<button type="button" class="md-button" data-{name}="{value}">'
                                        f'{html.escape(text[lang])}</button>')
    reasons = {"mismatch": texts.reason_mismatch, "no-help": texts.reason_no_help, "not-found": texts.reason_not_found}
    assert tuple(reasons) == REASONS, "the reasons offered must be the ones the event contract accepts"
    feedback = (
        f'<div class="feedback" data-feedback="{page.path}" data-state="ask" role="group" aria-labelledby="feedback-question" '
        f'data-thanks="{html.escape(texts.thanks[lang])}" data-thanks-no="{html.escape(texts.thanks_no[lang])}">'
        f'<p class="feedback__question" id="feedback-question">{html.escape(texts.question[lang])}</p>'
        f'<p class="feedback__answers">{button(texts.yes, "answer", "yes")} {button(texts.no, "answer", "no")}</p>'
        f'<div class="feedback__reasons" role="group" aria-labelledby="feedback-reasons">'
        f'<p id="feedback-reasons">{html.escape(texts.reasons_legend[lang])}</p>'
        + "".join(button(text, "reason", name) for name, text in reasons.items()) +
        '</div><p class="feedback__thanks" role="status"></p>'
        f'<details class="feedback__privacy"><summary>{html.escape(texts.privacy_title[lang])}</summary>'
        f'<p>{html.escape(texts.privacy[lang])}</p></details></div>\n'
    )
    contacts, support = support_contacts(site), site.texts.support
    mail = mail_link(site, lang, mail_subject(page, lang), texts.write[lang])
    if "email" in contacts:
        contact = [f'{mail} <a href="mailto:{html.escape(contacts["email"])}">{html.escape(contacts["email"])}</a>']
    else:
        contact = [mail]
    if "phone" in contacts:
        dial = "".join(ch for ch in contacts["phone"] if ch.isdigit() or ch == "+")
        contact.append(f'{html.escape(texts.phone[lang])}: <a href="tel:{dial}">{html.escape(contacts["phone"])}</a>')
    if contacts and support.hours and "hours" in support.confirmed:
        contact.append(f"{html.escape(texts.hours[lang])}: {html.escape(support.hours[lang])}")
    intro = texts.support_intro if "email" in contacts else texts.support_invitation
    return (feedback + f"\n## {texts.support_title[lang]} {{ #{SUPPORT_ANCHOR} }}\n\n"
            f"{intro[lang]}\n\n" + "".join(f'<p class="support-contact">{line}</p>\n' for line in contact))
