"""The label catalogue: every interface label the site quotes, defined once.

`docs/records/_labels.yml` names the products (Chrome, Windows, macOS, the
proctoring system, antiviruses), the interface languages each really ships,
and for each page language which interface the candidate most likely has and
which comes next. Each label has a stable id and its text in every language
its product ships, with its source: a Chromium message id (the text then
comes from `_chrome.yml`, extracted from Chromium's translation files by
scripts/extract_chrome_labels.py), "seen on <system, version>", or
`unverified`.

Record texts quote a label as `«@chrome.manage»`, or a menu path as
`«@windows.settings > windows.privacy > windows.camera»`. A page shows it in
the interface language the candidate most likely has and the next one in
brackets: «Басқару» («Управление»). Picture mock-ups name labels by id and
draw the most likely one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Literal, Optional

from pydantic import Field, StringConstraints
from typing_extensions import Annotated

from . import LANGUAGES
from .schema import Slug, Strict, did_you_mean

LABELS_FILE = "_labels.yml"
CHROME_FILE = "_chrome.yml"  # written by scripts/extract_chrome_labels.py

InterfaceLanguage = Literal["kk", "ru", "en"]
REFERENCE = re.compile(r"«@([^»]*)»")
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_LABEL_ID = re.compile(rf"^({_ID})\.({_ID})$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
SEEN = "seen on "
UNVERIFIED = "unverified"


class Product(Strict):
    """An interface the candidate sees, or a name candidates search for."""

    name: str = Field(description="The product's own name")
    languages: list[InterfaceLanguage] = Field(default=[], description="Interface languages the product really ships")
    order: dict[str, list[InterfaceLanguage]] = Field(
        default={}, description="Page language -> interface languages the candidate most likely has, most likely first")
    spellings: dict[str, list[str]] = Field(
        default={}, description="A name as pages write it -> how candidates type it (search): {Catalina: [Каталина]}")


class LabelEntry(Strict):
    """One label: a Chromium message id, or its text per interface language with a source."""

    chromium: Optional[Annotated[str, StringConstraints(pattern=r"^\d+$")]] = Field(
        default=None, description="Chromium message id: the texts come from _chrome.yml")
    kk: Optional[str] = None
    ru: Optional[str] = None
    en: Optional[str] = Field(default=None, description="With `chromium:`, only when Chromium's files lack the English "
                                                         "source message: the extraction checks its fingerprint is the id")
    source: Optional[str] = Field(default=None, description="`seen on <system, version>` or `unverified` (the default)")


class CatalogueFile(Strict):
    """`docs/records/_labels.yml`."""

    placeholders: dict[str, str] = Field(default={}, description="Values for {NAME} in label texts")
    products: dict[Slug, Product]
    labels: dict[Slug, dict[Slug, LabelEntry]]


class ChromeTable(Strict):
    """`docs/records/_chrome.yml`: Chrome's labels extracted from Chromium's translation files."""

    revision: str
    messages: dict[str, dict[InterfaceLanguage, str]]


@dataclass(frozen=True)
class Label:
    product: str
    id: str
    texts: dict[str, str]  # interface language -> text, placeholders filled
    source: str  # "chromium <id>", "seen on …" or "unverified"

    @property
    def verified(self) -> bool:
        return self.source != UNVERIFIED


@dataclass(frozen=True)
class Catalogue:
    products: dict[str, Product]
    labels: dict[str, Label]  # "chrome.manage" -> label
    chrome_revision: str

    def interface_languages(self, product: str, page_lang: str) -> list[str]:
        return self.products[product].order[page_lang]

    def resolve(self, reference: str) -> tuple[list[Label], Optional[str]]:
        """The labels of `a.b > c.d`, or a problem."""
        ids = [part.strip() for part in reference.split(">")]
        labels = []
        for label_id in ids:
            if not _LABEL_ID.match(label_id):
                return [], f"«@{reference}»: '{label_id}' is not a label id like chrome.manage"
            if label_id not in self.labels:
                return [], f"no label '{label_id}' in {LABELS_FILE}{did_you_mean(label_id, self.labels)}"
            labels.append(self.labels[label_id])
        if len({label.product for label in labels}) > 1:
            return [], f"«@{reference}»: a menu path names labels of one product only"
        return labels, None

    def text(self, labels: list[Label], interface_lang: str) -> str:
        return " > ".join(label.texts[interface_lang] for label in labels)

    def quote(self, labels: list[Label], page_lang: str) -> str:
        """«as the candidate most likely sees it» («the next most likely»)."""
        shown = []
        for interface_lang in self.interface_languages(labels[0].product, page_lang):
            text = self.text(labels, interface_lang)
            if text not in shown:
                shown.append(text)
        return f"«{shown[0]}»" + "".join(f" («{other}»)" for other in shown[1:])

    def drawn(self, reference: str, page_lang: str) -> str:
        """What a mock-up on the `page_lang` site draws: the most likely interface's text."""
        labels, problem = self.resolve(reference)
        if problem:
            raise KeyError(problem)
        return self.text(labels, self.interface_languages(labels[0].product, page_lang)[0])

    def expand(self, text: str, page_lang: str, report: Callable[[str], None]) -> str:
        """`text` with every «@reference» quoted for the page language; problems go to `report`."""

        def replace(match: re.Match) -> str:
            labels, problem = self.resolve(match[1])
            if problem:
                report(problem)
                return match[0]
            return self.quote(labels, page_lang)

        return REFERENCE.sub(replace, text)

    def expand_data(self, data, report: Callable[[str, str], None], path: str = ""):
        """YAML data with the references in every text of one language (`kk:`, `ru:`…) quoted for that language.

        A reference outside a text of one language is reported: it has no page language.
        """
        if isinstance(data, dict):
            result = {}
            for key, value in data.items():
                field = f"{path}.{key}" if path else str(key)
                if key in LANGUAGES and isinstance(value, str):
                    result[key] = self.expand(value, key, lambda problem, field=field: report(field, problem))
                else:
                    result[key] = self.expand_data(value, report, field)
            return result
        if isinstance(data, list):
            return [self.expand_data(item, report, f"{path}[{index}]") for index, item in enumerate(data)]
        if isinstance(data, str) and REFERENCE.search(data):
            report(path, f"a label reference belongs in a text of one language ({': or '.join(LANGUAGES)}:)")
        return data

    def spellings(self, text: str) -> list[str]:
        """Search spellings of the products `text` names."""
        found = []
        for product in self.products.values():
            for name, spellings in product.spellings.items():
                if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
                    found += spellings
        return found


def _fill(text: str, placeholders: dict[str, str], report: Callable[[str], None]) -> str:
    def replace(match: re.Match) -> str:
        if match[1] not in placeholders:
            report(f"no value for {{{match[1]}}} under placeholders")
            return match[0]
        return placeholders[match[1]]

    return _PLACEHOLDER.sub(replace, text)


def build(catalogue: CatalogueFile, chrome: ChromeTable, report: Callable[[str, str, str], None]) -> Catalogue:
    """Cross-check the catalogue and the Chrome table; `report(file, field, problem)` for each problem."""
    for key, product in catalogue.products.items():
        for page_lang in LANGUAGES:
            if catalogue.labels.get(key) and page_lang not in product.order:
                report(LABELS_FILE, f"products.{key}.order", f"missing the order for {page_lang} pages")
        for page_lang, languages in product.order.items():
            if page_lang not in LANGUAGES:
                report(LABELS_FILE, f"products.{key}.order.{page_lang}", f"no such page language ({', '.join(LANGUAGES)})")
            if not languages:
                report(LABELS_FILE, f"products.{key}.order.{page_lang}", "name at least one interface language")
            for index, lang in enumerate(languages):
                if lang not in product.languages:
                    report(LABELS_FILE, f"products.{key}.order.{page_lang}[{index}]",
                           f"{product.name} has no {lang} interface (it ships {', '.join(product.languages) or 'none'})")
    labels: dict[str, Label] = {}
    for key, entries in catalogue.labels.items():
        product = catalogue.products.get(key)
        if product is None:
            report(LABELS_FILE, f"labels.{key}", "no such product under products")
            continue
        for name, entry in entries.items():
            field = f"labels.{key}.{name}"
            given = {lang: getattr(entry, lang) for lang in ("kk", "ru", "en") if getattr(entry, lang) is not None}
            if entry.chromium:
                typed = [name for name in ("kk", "ru", "source") if getattr(entry, name) is not None]
                if typed:
                    report(LABELS_FILE, field, "a label with `chromium:` takes its texts and source from "
                                               f"{CHROME_FILE}; remove {', '.join(typed)}")
                message = chrome.messages.get(entry.chromium)
                if message is None:
                    report(LABELS_FILE, f"{field}.chromium", f"message {entry.chromium} is not in {CHROME_FILE} "
                                                              "(run scripts/extract_chrome_labels.py)")
                    continue
                given, source = dict(message), f"chromium {entry.chromium}"
            else:
                source = entry.source or UNVERIFIED
                if source != UNVERIFIED and not (source.startswith(SEEN) and len(source) > len(SEEN)):
                    report(LABELS_FILE, f"{field}.source", f"write `{SEEN}<system, version>` or `{UNVERIFIED}`")
            where = CHROME_FILE if entry.chromium else LABELS_FILE
            for lang in product.languages:
                if lang not in given:
                    report(where, f"{field}.{lang}", f"missing: {product.name} ships a {lang} interface")
            for lang in given:
                if lang not in product.languages:
                    report(LABELS_FILE, f"{field}.{lang}", f"{product.name} has no {lang} interface")
            texts = {lang: _fill(text, catalogue.placeholders, lambda problem: report(where, f"{field}.{lang}", problem))
                     for lang, text in given.items() if lang in product.languages}
            labels[f"{key}.{name}"] = Label(key, name, texts, source)
    return Catalogue(dict(catalogue.products), labels, chrome.revision)


def english_by_fingerprint(catalogue: CatalogueFile) -> dict[str, str]:
    """English texts given beside a Chromium id, for messages whose source is not in the files."""
    return {entry.chromium: entry.en for entries in catalogue.labels.values() for entry in entries.values()
            if entry.chromium and entry.en}


def chromium_ids(catalogue: CatalogueFile) -> list[str]:
    """The Chromium message ids the catalogue names, in a stable order."""
    return sorted({entry.chromium for entries in catalogue.labels.values() for entry in entries.values() if entry.chromium},
                  key=int)

