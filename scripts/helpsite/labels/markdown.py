"""Interface labels pass through Markdown untouched.

A label is quoted letter for letter («Все файлы (*.*)»), but Markdown reads
`*.*` as emphasis and would print «Все файлы (.)». This extension knows every
label text of the catalogue that holds a character Markdown acts on and
keeps each such text as it is, wherever a page's Markdown quotes it. Texts
that never pass through Markdown (captions, alt text, search documents) hold
the labels as they are already.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

# Characters Python-Markdown's inline patterns act on.
MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>&!]")


class _Verbatim(InlineProcessor):
    def handleMatch(self, match, data):  # noqa: N802 (Python-Markdown's name)
        return AtomicString(match.group(0)), match.start(0), match.end(0)  # text no later pattern reads


class LabelsExtension(Extension):
    """Keep the given label texts verbatim in Markdown."""

    def __init__(self, texts: list[str], **kwargs):
        self.texts = sorted({text for text in texts if MARKDOWN_SPECIAL.search(text)}, key=len, reverse=True)
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        if self.texts:
            pattern = "|".join(re.escape(text) for text in self.texts)
            # Before backticks (190), escapes (180), links and emphasis: nothing else sees these texts.
            md.inlinePatterns.register(_Verbatim(f"(?:{pattern})", md), "help-site-labels", 200)
