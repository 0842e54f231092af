"""QR codes for "Open on phone": each step's link, drawn at build time with segno as a small SVG beside its page.

One code per step and language, and one per OS tab on a step that has tabs: the link is the one the step's
copy button gives (copy.js), the page in its language with `?os=` and the `#step`, on the published site
(`site_url`). The page's `qr-<step>[-<os>].svg` (QR_FILE) is fetched only when the dialog shows it (phone.js).

The short link `e/<id>/` is not used: it opens the page in the phone's language, not in this one.
"""

from __future__ import annotations

import io

import segno

from helpsite.content.load import Site
from helpsite.render.urls import page_url

QR_FILE = "qr-{step}{os}.svg"  # beside the page's index.html; phone.js builds the same name


def step_link(site_url: str, path: str, lang: str, step: str, os: str | None) -> str:
    """A step's address on the published site, as the copy button builds it (`withPlace` in site.js)."""
    return site_url.rstrip("/") + "/" + page_url(path, lang) + (f"?os={os}" if os else "") + f"#{step}"


def qr_svg(link: str) -> str:
    """`link` as a QR code: a scalable SVG (a viewBox, no size), dark on white with the standard quiet zone."""
    code = segno.make(link, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, svgclass=None, lineclass=None,
              border=4, dark="#000", light="#fff")
    return out.getvalue().decode("ascii")


def phone_codes(site: Site, lang: str, site_url: str) -> dict[str, str]:
    """Path in the built site -> SVG, for every step of every page in `lang`."""
    files = {}
    for page in site.pages.values():
        for step in page.steps:
            for os in step.os_tabs() or [None]:
                name = QR_FILE.format(step=step.id, os=f"-{os}" if os else "")
                files[page_url(page.path, lang) + name] = qr_svg(step_link(site_url, page.path, lang, step.id, os))
    return files
