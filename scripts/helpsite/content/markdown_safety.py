"""What a record's Markdown may publish, judged on the HTML it renders to.

A text is rendered with the site's own Markdown extensions (mkdocs.yml), so
what is checked is what a browser would get, entities decoded, in any case:
links go to `https:`, `mailto:`, `page:` (another page of the site) or a
relative path on the site (load.py checks that it exists); no image (pictures
come from `pictures:`), no Markdown attribute list (`{ onclick=… }`), no
reference-style link or its definition (a reference is written inline, so
none is left undefined, and no definition in one text serves a link in
another), no `page:` link in another form than `[text](page:ID#step)` (the
only one the renderer resolves and load.py checks), `mailto:` with an address
only (the site composes subject and body), a link whose text is a web address
only to that address's host, no id or class from a record (a fenced block's
`{#id .class}` could take the page's own ids), no character a person cannot see
(bidi overrides, zero-width spaces: text_rules.py), no text longer than
MAX_TEXT. Blocks are the site's to make (steps,
notes, warnings, tabs): a text holds no heading, code fence, admonition or
tab, which could swallow or open the texts around it on the page; a ``` code
block closes in the text that opens it.

Titles and summaries go into headings, link texts and the page's <head>:
each is one line of plain text (`single_line_problem`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import helpsite
from helpsite.text_rules import LAYOUT, describe, invisible_in

MAX_TEXT = 3000  # characters: the longest text is under 1,000; a step a candidate reads at a glance
SCHEMES = ("https", "mailto", "page")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# What a browser's URL parser strips or ignores before it reads the scheme.
_IGNORED = re.compile(r"[\x00-\x20]")
_REFERENCE = re.compile(r"\[[^\]\n]*\]\[[^\]\n]*\]")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
_MARKDOWN_SIGNS = re.compile(r"[\[{&]")  # without these a text renders to no link, image or attribute
# Lines that open a block of their own: ATX and setext headings, ~~~ fences, admonitions, details, tabs.
_BLOCK = re.compile(r"^[ \t]*(#{1,6}(?:[ \t]|$)|~~~|!!!|\?\?\?|===|=+[ \t]*$|-{2,}[ \t]*$)", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]*```", re.MULTILINE)  # a code block (the hosts lines) opens and closes in one text
_NOT_IN_A_LINE = re.compile(r"[\n\[\]{}\"`]")
HIDDEN = "a character nobody sees can make a text read otherwise (a file name backwards); remove it"
_FENCE_INFO = re.compile(r"^[ \t]*```[ \t]*(\S[^\n]*?)?[ \t]*$", re.MULTILINE)
_PAGE_LINK_WRITTEN = re.compile(r"\]\(page:[a-z0-9-]+(?:#[a-z0-9-]+)?\)")  # the one form render/page.py resolves
_PAGE_HREF = re.compile(r"page:[a-z0-9-]+(?:#[a-z0-9-]+)?")
_MAILTO = re.compile(r"mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}")
_ADDRESS_TEXT = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/?#]\S*)?", re.IGNORECASE)


def _extensions(without: str = "") -> tuple[list, dict]:
    names, settings = [], {}
    for entry in helpsite.settings().markdown_extensions:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name != without:
            names.append(name)
            if options:
                settings[name] = options
    return names, settings


@lru_cache(maxsize=None)
def _renderer(without: str) -> markdown.Markdown:
    names, settings = _extensions(without)
    return markdown.Markdown(extensions=names, extension_configs=settings)


def _render(text: str, without: str) -> tuple[str, bool]:
    """The HTML of `text`, and whether it defines a reference (the renderer keeps those, wherever written)."""
    renderer = _renderer(without)
    renderer.reset()
    html = renderer.convert(text)
    return html, bool(renderer.references)


class _Tags(HTMLParser):
    """Links and images of rendered HTML; attribute values arrive with their entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[str] = []

        self.ids: list[str] = []
        self.link_texts: list[tuple[str, str]] = []  # (href, the text it shows)
        self._open_link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "id" in values:
            self.ids.append(values["id"] or "")
        if tag == "a" and "href" in values:
            self.links.append(values["href"] or "")
            self._open_link = [values["href"] or ""]
        if tag == "img":
            self.images.append(values.get("src") or "")

    def handle_data(self, data):
        if self._open_link is not None:
            self._open_link.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open_link is not None:
            href, *text = self._open_link
            self.link_texts.append((href, "".join(text).strip()))
            self._open_link = None


@dataclass(frozen=True)
class _Rendered:
    links: tuple[str, ...]
    images: tuple[str, ...]
    defines_references: bool
    attribute_list: bool  # the text renders otherwise without attr_list: it holds one
    ids: tuple[str, ...]
    link_texts: tuple[tuple[str, str], ...]


@lru_cache(maxsize=8192)  # the build checks a text, then its relative links: one rendering serves both
def _rendered(text: str) -> _Rendered:
    html, defines = _render(text, "")
    tags = _Tags()
    tags.feed(html)
    tags.close()
    return _Rendered(tuple(tags.links), tuple(tags.images), defines, html != _render(text, "attr_list")[0],
                     tuple(tags.ids), tuple(tags.link_texts))


def scheme(href: str) -> str | None:
    """The scheme a browser reads in `href` (`javascript` in `JAVA\\tscript:`), None for a relative address."""
    return (match := _SCHEME.match(_IGNORED.sub("", href).lower())) and match.group(1)


def _other_host(href: str) -> bool:
    """`//host` or `\\\\host`: no scheme, yet another host."""
    return re.match(r"^[/\\]{2}", _IGNORED.sub("", href)) is not None


def problems(text: str) -> list[str]:
    """Why `text` may not be published, one phrase per problem; [] when it may."""
    found = []
    if len(text) > MAX_TEXT:
        return [f"{len(text):,} characters, more than {MAX_TEXT:,}: a candidate reads a step at a glance, "
                "split it into steps"]
    found += [f"{describe(char)} at character {index}: {HIDDEN}" for index, char in invisible_in(text, LAYOUT)]
    block = _BLOCK.search(text)
    if block:
        found.append(f"`{block.group(1).strip()}` starts a heading, code block, note or tab: the site makes those "
                     "(steps, note:, warning:, os:); write paragraphs and lists")
    if len(_FENCE.findall(text)) % 2:
        found.append("a ``` code block is not closed in this text: it would swallow the texts after it")
    for info in filter(None, _FENCE_INFO.findall(text)):
        if not re.fullmatch(r"[a-z]+", info):
            found.append(f"code block `{_shown(info)}` after ```: a record gives no ids or classes (they could take "
                         "the page's own); write ``` alone")
    if not _MARKDOWN_SIGNS.search(text):
        return found
    rendered = _rendered(text)
    if _DEFINITION.search(text) or _REFERENCE.search(text) or rendered.defines_references:
        found.append("reference-style link: write the address inline, [text](page:ID)")
    for href in rendered.links:
        name = scheme(href)
        if name is not None and name not in SCHEMES:
            found.append(f"link to `{_shown(href)}`: only https:, mailto:, page: or a path on this site")
        elif name is None and _other_host(href):
            found.append(f"link to `{_shown(href)}` leads to another host: write it with https://")
        elif name == "mailto" and not _MAILTO.fullmatch(href):
            found.append(f"link to `{_shown(href)}`: mailto: takes an address only (the site writes subject and body)")
    page_links = [href for href in rendered.links if scheme(href) == "page"]
    # Only the one written form is resolved (render/page.py) and checked (load.py): any other would go out dead.
    if any(not _PAGE_HREF.fullmatch(href) for href in page_links) or len(_PAGE_LINK_WRITTEN.findall(text)) != len(page_links):
        found.append("write a page link as [text](page:ID) or [text](page:ID#step), nothing else inside its ( )")
    for href, shown in rendered.link_texts:
        address = _ADDRESS_TEXT.fullmatch(shown)
        target = urlsplit(href).hostname if scheme(href) in ("https", "http") else None
        if address and address.group(1).lower() != (target or "").lower():
            found.append(f"link text `{_shown(shown)}` names another address than the link's ({_shown(href)}): "
                         "a link that shows an address goes there")
    if rendered.ids:
        found.append(f"id `{_shown(rendered.ids[0])}`: a record gives no ids (they could take the page's own)")
    found += [f"image `{_shown(src)}`: add pictures with `pictures:`, drawn from docs/records/pictures/"
              for src in rendered.images]
    if rendered.attribute_list:
        found.append("Markdown attribute list `{ … }`: records carry no HTML attributes")
    return found


def single_line_problem(text: str) -> str | None:
    """Why `text` cannot be a title or summary (a heading, a link's text, an attribute in <head>), or None."""
    found = _NOT_IN_A_LINE.search(text)
    if found:
        shown = "a line break" if found.group() == "\n" else f"`{found.group()}`"
        return f"{shown}: a title or summary is one line of plain text, without line breaks, [ ] {{ }} \" or `"
    hidden = invisible_in(text)
    if hidden:
        index, char = hidden[0]
        return f"{describe(char)} at character {index}: {HIDDEN}"
    return None


def relative_links(text: str) -> list[str]:
    """The links of `text` that name a path on this site (no scheme, not to another host)."""
    if not _MARKDOWN_SIGNS.search(text) or len(text) > MAX_TEXT:
        return []
    return [href for href in _rendered(text).links if scheme(href) is None and not _other_host(href)]


def _shown(href: str) -> str:
    """An address as a problem line may show it: one line, not too long."""
    flat = _IGNORED.sub(" ", href)
    return flat if len(flat) <= 80 else flat[:79] + "…"
