"""Render one page of the site in one language as Markdown.

The Markdown relies on Material's admonitions and pymdownx.tabbed; every
heading the renderer writes carries a fixed ASCII id (`{ #id }`) shared by
every language, so links survive translation and rewording.
"""

from __future__ import annotations

import html
import json
import posixpath
import textwrap
from typing import Optional

from helpsite import LANGUAGES
from helpsite.render.device_checks import check_runner, check_widget
from helpsite.render.end_of_page import end_of_page
from helpsite.content.load import HOME_ANCHORS, LINKS_PAGE, PAGE_LINK, Page, ResolvedStep, Site
from helpsite.content.models import Text
from helpsite.labels.catalogue import APPROXIMATE_OPEN
from helpsite.render.urls import OS_TABS, link_target, page_url, relative_url


def resolve_links(text: str, from_path: str, site: Site) -> str:
    """A record text's `(page:id#anchor)` links as relative links MkDocs resolves."""

    def replace(match) -> str:
        page_id, anchor = match.groups()
        target = link_target(from_path, site.pages[page_id].path)
        return f"]({target}#{anchor})" if anchor else f"]({target})"

    return PAGE_LINK.sub(replace, text)


def quoted(text: str) -> str:
    """A message in «», unless the catalogue quoted it already (its translation may follow in brackets)."""
    return text if text.startswith(("«", APPROXIMATE_OPEN)) else f"«{text}»"


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ", lambda line: line.strip() != "")


def _front_matter(title: str, description: str, **extra) -> str:
    # JSON values are valid YAML, which keeps quotes and colons safe. Material's
    # search index stays empty: it would download on every page view, and the
    # site searches per language with its own engine (search.py).
    fields = {"title": title, "description": description, "search": {"exclude": True}, **extra}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _admonition(kind: str, title: str, body: str) -> str:
    return f'!!! {kind} "{title}"\n\n{_indent(body)}\n'


def _copy_button(label: str, which: str) -> str:
    """A copy-link button; links.js gives it its work (`which`: here, link, or a language code)."""
    return f'<button type="button" class="copy-link" data-copy="{which}">{html.escape(label)}</button>'


def _copy_menu(lang: str, site: Site) -> str:
    """The step's link control: a small button on its heading's line that opens the copy buttons (this page's
    link, then each other language's) and "Open on phone". On its own line it would push every step down a phone's screen."""
    labels = site.texts.labels
    buttons = _copy_button(labels.copy_link[lang], "here") + "".join(
        _copy_button(labels.copy_link_in[other][lang], other) for other in LANGUAGES if other != lang)
    # "Open on phone" shows the step's QR code (phone.js); copy.js shows the button on a computer only.
    buttons += f'<button type="button" class="copy-link" data-phone hidden>{html.escape(labels.open_on_phone[lang])}</button>'
    name = html.escape(labels.permalink[lang])
    return (f'<div class="copy-links"><button type="button" class="copy-links__toggle" aria-expanded="false" '
            f'aria-label="{name}"></button><div class="copy-links__menu" hidden>{buttons}</div></div>\n')


def _figure(picture, lang: str, page: Page, site: Site) -> str:
    """A picture with caption and alt text, sized, opened full size on click.

    The image loads when it scrolls into view (links.js): the browser's own
    lazy loading fetches pictures far below the first screen, which a
    60 KB first visit cannot afford. Without scripts, <noscript> shows it.
    """
    small, large = picture.names(lang)
    width, height = picture.size(lang)
    folder = posixpath.relpath("assets/pictures", page_url(page.path, lang).rstrip("/"))
    source, sources = f"{folder}/{small}", f"{folder}/{small} 1x, {folder}/{large} 2x"
    alt = html.escape(picture.spec.alt[lang])
    caption = html.escape(picture.spec.caption[lang])
    if picture.is_illustration(lang):
        caption += f' <span class="picture__kind">({html.escape(site.texts.labels.illustration[lang])})</span>'
    return (
        f'<figure class="picture"><a href="{folder}/{large}">'
        f'<img data-src="{source}" data-srcset="{sources}" width="{width}" height="{height}" alt="{alt}" decoding="async">'
        f'<noscript><img src="{source}" srcset="{sources}" width="{width}" height="{height}" alt="{alt}"></noscript></a>'
        f"<figcaption>{caption}</figcaption></figure>\n"
    )


def _labels_note(parts: list[str], lang: str, site: Site) -> str:
    """What „…“ means, once for the page when it holds such a name: a mark beside each name is noise a
    candidate cannot act on."""
    if not any(APPROXIMATE_OPEN in part for part in parts):
        return ""
    return f'<p class="labels-note">{html.escape(site.labels.unconfirmed_words.note[lang])}</p>\n'


def _step(number: int, step: ResolvedStep, lang: str, page: Page, site: Site, pictures: Optional[dict] = None) -> str:
    labels = site.texts.labels

    def text(value: Text) -> str:
        return resolve_links(value[lang], page.path, site)

    copy = _copy_menu(lang, site)
    parts = [f"## {number}. {step.title[lang]} {{ #{step.id} .step }}\n", copy]
    if step.text:
        parts.append(text(step.text) + "\n")
    if step.check:
        parts.append(check_widget(step.check, lang, page, site))
    shown = [pictures[name] for name in step.pictures] if pictures else []
    if step.os:
        for key, label in OS_TABS.items():
            variant: Optional[Text] = getattr(step.os, key)
            if variant is not None:
                figures = "".join(_figure(picture, lang, page, site) for picture in shown if picture.spec.os == key)
                parts.append(f'=== "{label}"\n\n{_indent(text(variant))}\n' + (f"\n{_indent(figures)}\n" if figures else ""))
    parts.extend(_figure(picture, lang, page, site) for picture in shown if not (step.os and picture.spec.os))
    if step.note:
        parts.append(_admonition("note", labels.note[lang], text(step.note)))
    if step.warning:
        parts.append(_admonition("warning", labels.warning[lang], text(step.warning)))
    return "\n".join(parts)


def render_page(page: Page, lang: str, site: Site, moved_anchors: Optional[dict[str, str]] = None,
                pictures: Optional[dict] = None) -> str:
    """Markdown of one record's page in `lang`; `moved_anchors` maps old anchors to new addresses."""
    record = page.record
    labels = site.texts.labels
    extra = {}
    checks = [step.check for step in page.steps if step.check]
    if moved_anchors:
        extra["moved_anchors"] = {old: relative_url(page.path, new) for old, new in moved_anchors.items()}
    parts = [_front_matter(record.title[lang], record.summary[lang], **extra), f"# {record.title[lang]}\n"]
    if record.message:
        parts.append(_admonition("failure", labels.message[lang], f"**{quoted(record.message[lang])}**"))
    if record.intro:
        parts.append(resolve_links(record.intro[lang], page.path, site) + "\n")
    if len(checks) > 1:
        parts.append(check_runner(lang, site))
    parts.extend(_step(number, step, lang, page, site, pictures) for number, step in enumerate(page.steps, 1))
    related = ""
    if record.related:
        links = [
            f"- [{site.pages[other].record.title[lang]}]({link_target(page.path, site.pages[other].path)})"
            for other in record.related
        ]
        related = f"## {labels.related[lang]} {{ #related }}\n\n" + "\n".join(links) + "\n"
    parts += [_labels_note([*parts, related], lang, site), related]
    parts.append(end_of_page(page, lang, site))
    return "\n".join(part for part in parts if part)


def render_home(site: Site, lang: str) -> str:
    """Markdown of the home page: every error by the message the candidate sees."""
    home, labels = site.texts.home, site.texts.labels
    parts = [_front_matter(home.title[lang], home.summary[lang]), f"# {home.title[lang]}\n"]
    parts.append(resolve_links(home.intro[lang], "index", site) + "\n")

    def listing(heading: Text, anchor: str, pages: list[Page], by_message: bool) -> str:
        items = []
        for page in pages:
            record = page.record
            label = quoted(record.message[lang]) if by_message and record.message else record.title[lang]
            items.append(f"- [{label}]({page.path}.md) — {record.summary[lang]}")
        return f"## {heading[lang]} {{ #{anchor} }}\n\n" + "\n".join(items) + "\n"

    errors, guides, help_ = HOME_ANCHORS
    sections = {name: [p for p in site.pages.values() if p.section == name] for name in ("errors", "", "help")}
    parts.append(listing(labels.home_errors, errors, sections["errors"], by_message=True))
    parts.append(listing(labels.home_guides, guides, sections[""], by_message=False))
    parts.append(listing(labels.home_help, help_, sections["help"], by_message=False))
    parts.append(_labels_note(parts, lang, site))
    return "\n".join(part for part in parts if part)


def _link_row(label: str, address: str, to_root: str, copy: str) -> str:
    path, _, anchor = address.partition("#")
    query = ""
    if "?" in path:
        path, _, query = path.partition("?")
    cells = []
    for lang in LANGUAGES:
        url = page_url(path, lang) + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")
        cells.append(f'<td><a href="{html.escape(to_root + url)}">/{html.escape(url)}</a> {copy}</td>')
    return f"<tr><th scope=\"row\">{html.escape(label)}</th>{''.join(cells)}</tr>"


def render_links(site: Site, lang: str, moved_anchors: Optional[dict[str, str]] = None) -> str:
    """The staff's link index: every page and step in every language, OS variants included."""
    labels = site.texts.labels
    extra = {"moved_anchors": {old: relative_url(LINKS_PAGE, new) for old, new in moved_anchors.items()}} if moved_anchors else {}
    parts = [
        _front_matter(labels.links_title[lang], labels.links_summary[lang], **extra),
        f"# {labels.links_title[lang]}\n",
        resolve_links(labels.links_intro[lang], LINKS_PAGE, site) + "\n",
    ]
    columns = "".join(f"<th scope=\"col\">{html.escape(labels.links_language[one][lang])}</th>" for one in LANGUAGES)
    header = f"<thead><tr><th scope=\"col\">{html.escape(labels.links_step[lang])}</th>{columns}</tr></thead>"
    to_root = "../" * page_url(LINKS_PAGE, lang).count("/")
    copy = _copy_button(labels.copy_link[lang], "link")
    for page in site.pages.values():
        rows = [_link_row(labels.links_page[lang], page.path, to_root, copy)]
        for number, step in enumerate(page.steps, 1):
            title = f"{number}. {step.title[lang]}"
            rows.append(_link_row(title, f"{page.path}#{step.id}", to_root, copy))
            for key in step.os_tabs():
                rows.append(_link_row(f"{title} — {OS_TABS[key]}", f"{page.path}?os={key}#{step.id}", to_root, copy))
        parts.append(f"## {page.record.title[lang]} {{ #{page.id} }}\n")
        parts.append(f'<table class="link-index">{header}<tbody>{"".join(rows)}</tbody></table>\n')
    parts.append(_labels_note(parts, lang, site))
    return "\n".join(part for part in parts if part)
