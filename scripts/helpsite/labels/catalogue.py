"""The label catalogue: every interface label the site quotes, defined once.

`docs/records/_labels.yml` names the products (Chrome, Windows, macOS, the
proctoring system, antiviruses), the interface languages each really ships,
and for each page language which interface the candidate most likely has and
which comes next. Each label has a stable id and its text in every language
its product ships, with its source: a Chromium message name (the texts then
come from `_chrome.yml`, read from the installed Chromium's locale packs, and
for Kazakh from Chromium's translation files, by
scripts/extract_chrome_labels.py), "seen on <system, version>", or
`unverified`. A text no source confirms is never shown as an exact «quote»:
it is written „so“, and a page that holds one says once what „…“ means.

Record texts quote a label as `«@chrome.manage»`, or a menu path as
`«@windows.settings > windows.privacy > windows.camera»`. A page shows it in
the interface language the candidate most likely has and the next one in
brackets: «Пуск» („Бастау“). Picture mock-ups name labels by id and
draw the most likely one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Literal, Optional

from pydantic import Field, StringConstraints
from typing_extensions import Annotated

from helpsite import LANGUAGES
from helpsite.chrome.snapshot import plural_text
from helpsite.content.models import Slug, Strict, Text
from helpsite.config import did_you_mean

LABELS_FILE = "_labels.yml"
CHROME_FILE = "_chrome.yml"  # written by scripts/extract_chrome_labels.py

InterfaceLanguage = Literal["kk", "ru", "en"]
REFERENCE = re.compile(r"«@([^»]*)»")
_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_LABEL_ID = re.compile(rf"^({_ID})\.({_ID})$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Where a label's text comes from when it is not Chrome's: a person's look at a real screen, the
# vendor's own strings (docs/records/vendor/), the original guide, a program's source code.
SOURCES = ("seen on ", "vendor: ", "guide: ", "code: ")
UNVERIFIED = "unverified"
# A label text no source confirms: in the second-level quotes of Kazakh and Russian, never in «».
APPROXIMATE_OPEN, APPROXIMATE_CLOSE = "„", "“"


class Product(Strict):
    """An interface the candidate sees, or a name candidates search for."""

    name: str = Field(description="The product's own name")
    languages: list[InterfaceLanguage] = Field(default=[], description="Interface languages the product really ships")
    order: dict[str, list[InterfaceLanguage]] = Field(
        default={}, description="Page language -> interface languages the candidate most likely has, most likely first")
    spellings: dict[str, list[str]] = Field(
        default={}, description="A name as pages write it -> how candidates type it (search): {Catalina: [Каталина]}")


class LabelEntry(Strict):
    """One label: a Chromium message name, or its text per interface language with a source."""

    chromium: Optional[Annotated[str, StringConstraints(pattern=r"^IDS_[A-Z0-9_]+$")]] = Field(
        default=None, description="Chromium's message name (IDS_…): the texts come from _chrome.yml")
    count: Optional[int] = Field(default=None, ge=0, description="With a plural Chromium message: the number it is "
                                                                 "shown for (the form each language uses for it)")
    kk: Optional[str] = None
    ru: Optional[str] = None
    en: Optional[str] = None
    sentence: bool = Field(default=False, description="A whole sentence: pages quote it as the candidate most likely "
                                                      "sees it, and beside it only its text in the page's own language")
    source: Optional[str] = Field(default=None, description="`seen on <system, version>`, `vendor: <strings, version>`, "
                                                            "`guide: <where>`, `code: <where>`, or `unverified` (the default)")
    confirmed: Optional[list[InterfaceLanguage]] = Field(
        default=None, description="The languages the source confirms (default: every language the label gives)")


class UnconfirmedWords(Strict):
    """What a page says once when it quotes a label text no source confirms."""

    note: Text = Field(description="One sentence on the page: names in „…“ are approximate, and names may differ "
                                   "between system versions and languages")


class CatalogueFile(Strict):
    """`docs/records/_labels.yml`."""

    placeholders: dict[str, str] = Field(default={}, description="Values for {NAME} in label texts")
    unconfirmed: UnconfirmedWords = Field(description="What a page says about label texts no source confirms")
    products: dict[Slug, Product]
    labels: dict[Slug, dict[Slug, LabelEntry]]


class ChromeMessage(Strict):
    """One Chromium message as Chrome shows it, per interface language."""

    id: str = Field(description="grit's message id: the key of its translations")
    id_from: Optional[str] = Field(default=None, description="How the id was found when the snapshot lacks the message")
    branded: dict[InterfaceLanguage, str] = Field(default={}, description="What Chromium's own build shows instead "
                                                                          "(it names itself): the texts are Google Chrome's")
    kk: Optional[str] = None
    ru: Optional[str] = None
    en: Optional[str] = None
    unconfirmed: dict[InterfaceLanguage, str] = Field(default={}, description="Texts the installed Chromium does not "
                                                                             "confirm, and why")


class ChromeTable(Strict):
    """`docs/records/_chrome.yml`: Chrome's labels from the installed Chromium and Chromium's translations."""

    chromium: str = Field(description="The version of the Chromium whose locale packs gave the texts")
    snapshot: str = Field(description="Which Chromium translation files gave the languages the packs lack")
    messages: dict[str, ChromeMessage]


@dataclass(frozen=True)
class Label:
    product: str
    id: str
    texts: dict[str, str]  # interface language -> text, placeholders filled
    source: str  # "Chromium <version> IDS_…", "seen on …" or "unverified"
    unconfirmed: frozenset[str] = frozenset()  # interface languages whose text no source confirms
    branded: dict[str, str] = field(default_factory=dict)  # what Chromium's own build shows instead (Chromium for Chrome)
    sentence: bool = False  # quoted in the most likely language, and the page's own beside it

    @property
    def verified(self) -> bool:
        return self.source != UNVERIFIED

    def confirmed(self, interface_lang: str) -> bool:
        return self.verified and interface_lang not in self.unconfirmed


@dataclass(frozen=True)
class Catalogue:
    products: dict[str, Product]
    labels: dict[str, Label]  # "chrome.manage" -> label
    chrome: ChromeTable
    unconfirmed_words: UnconfirmedWords

    def all_texts(self) -> list[str]:
        """Every text of every label, in every interface language: what Markdown must leave as it is."""
        return [text for label in self.labels.values() for text in [*label.texts.values(), *label.branded.values()]]

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
        """«as the candidate most likely sees it» («the next most likely»).

        A text a source confirms is in «»; one no source confirms is „approximate“ (the page says once what
        that means). A whole sentence is long: beside the most likely text only the page's own language's.
        """
        shown: dict[str, tuple[str, bool]] = {}  # text -> (interface language, confirmed), most likely first
        for interface_lang in self.interface_languages(labels[0].product, page_lang):
            text = self.text(labels, interface_lang)
            confirmed = all(label.confirmed(interface_lang) for label in labels)
            if text not in shown or confirmed and not shown[text][1]:
                shown[text] = (interface_lang, confirmed)
        if any(label.sentence for label in labels):
            shown = {text: kind for index, (text, kind) in enumerate(shown.items()) if index == 0 or kind[0] == page_lang}
        quotes = [f"«{text}»" if confirmed else f"{APPROXIMATE_OPEN}{text}{APPROXIMATE_CLOSE}"
                  for text, (_, confirmed) in shown.items()]
        return quotes[0] + (f" ({'; '.join(quotes[1:])})" if len(quotes) > 1 else "")

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


def validate_catalogue(catalogue: CatalogueFile, chrome: ChromeTable, report: Callable[[str, str, str], None]) -> Catalogue:
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
            unconfirmed: frozenset[str] = frozenset()
            branded: dict[str, str] = {}
            if entry.chromium:
                typed = [name for name in ("kk", "ru", "en", "source") if getattr(entry, name) is not None]
                if typed:
                    report(LABELS_FILE, field, "a label with `chromium:` takes its texts and source from "
                                               f"{CHROME_FILE}; remove {', '.join(typed)}")
                message = chrome.messages.get(entry.chromium)
                if message is None:
                    report(LABELS_FILE, f"{field}.chromium", f"{entry.chromium} is not in {CHROME_FILE} "
                                                              "(make chrome-labels)")
                    continue
                given = {lang: getattr(message, lang) for lang in ("kk", "ru", "en") if getattr(message, lang) is not None}
                given = _counted(given, entry.count, lambda problem: report(LABELS_FILE, f"{field}.count", problem))
                branded = _counted(dict(message.branded), entry.count, lambda problem: None)
                source, unconfirmed = f"Chromium {chrome.chromium} {entry.chromium}", frozenset(message.unconfirmed)
            elif entry.count is not None:
                report(LABELS_FILE, f"{field}.count", "only a plural Chromium message takes a count")
                source = UNVERIFIED
            else:
                source = entry.source or UNVERIFIED
                if source != UNVERIFIED and not any(source.startswith(kind) and len(source) > len(kind) for kind in SOURCES):
                    report(LABELS_FILE, f"{field}.source", "write `seen on <system, version>`, `vendor: <strings, version>`, "
                                                           f"`guide: <where>`, `code: <where>` or `{UNVERIFIED}`")
                if entry.confirmed is not None:
                    if source == UNVERIFIED:
                        report(LABELS_FILE, f"{field}.confirmed", "an unverified label confirms no language: give its source")
                    for lang in entry.confirmed:
                        if lang not in given:
                            report(LABELS_FILE, f"{field}.confirmed", f"the label gives no {lang} text to confirm")
                    unconfirmed = frozenset(given) - frozenset(entry.confirmed)
            where = CHROME_FILE if entry.chromium else LABELS_FILE
            for lang in product.languages:
                if lang not in given:
                    report(where, f"{field}.{lang}", f"missing: {product.name} ships a {lang} interface")
            for lang in given:
                if lang not in product.languages:
                    report(LABELS_FILE, f"{field}.{lang}", f"{product.name} has no {lang} interface")
            texts = {lang: _fill(text, catalogue.placeholders, lambda problem: report(where, f"{field}.{lang}", problem))
                     for lang, text in given.items() if lang in product.languages}
            branded = {lang: _fill(text, catalogue.placeholders, lambda problem: None) for lang, text in branded.items()}
            labels[f"{key}.{name}"] = Label(key, name, texts, source, unconfirmed, branded, entry.sentence)
    return Catalogue(dict(catalogue.products), labels, chrome, catalogue.unconfirmed)


def _counted(texts: dict[str, str], count: Optional[int], report: Callable[[str], None]) -> dict[str, str]:
    """A plural message's form for `count` in each language; a count is needed exactly when the message is plural."""
    forms = {lang: plural_text(text, count if count is not None else 1, lang) for lang, text in texts.items()}
    if any(form is not None for form in forms.values()) and count is None:
        report("a plural message: say for which number it is shown")
        return texts
    if count is not None and any(form is None for form in forms.values()):
        report("not a plural message: remove the count")
        return texts
    return {lang: forms[lang] if count is not None else text for lang, text in texts.items()}


def chromium_names(catalogue: CatalogueFile) -> list[str]:
    """The Chromium message names the catalogue quotes, sorted."""
    return sorted({entry.chromium for entries in catalogue.labels.values() for entry in entries.values() if entry.chromium})
