"""Read docs/records/, validate it, and resolve it into pages.

Every problem becomes one line naming the file, the record and the field
path, and all of them are collected before anything is reported, so one
build shows the whole list.
"""

from __future__ import annotations

import posixpath
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ValidationError

from helpsite import LANGUAGES
from helpsite.content import markdown_safety
from helpsite.chrome import flows as chrome_flows
from helpsite.chrome.flows import FLOWS_FILE, SHARED_STEPS_FILE, FlowsFile
from helpsite.labels.catalogue import CHROME_FILE, LABELS_FILE, Catalogue, CatalogueFile, ChromeTable, validate_catalogue
from helpsite.content.models import CheckTexts, ExternalLink, Line, OsVariants, Record, SharedSteps, SiteTexts, Step, Text
from helpsite.config import did_you_mean
from helpsite.content.record_yaml import YAMLError, load_yaml, syntax_problem
from helpsite.render.urls import page_url

RECORDS_FOLDER = "records"
SITE_TEXTS_FILE = "_site.yml"
CHECK_TEXTS_FILE = "_checks.yml"
PICTURES_FOLDER = "pictures"  # annotated pictures' specs (pictures.py), not pages

# Folder under docs/records/ -> the kind of record it holds. The folder is
# the URL: docs/records/errors/camera.yml is published at errors/camera/.
SECTIONS = {"": "guide", "errors": "error", "help": "guide"}

# `[text](page:ID)` or `[text](page:ID#step)` links to another page by id.
PAGE_LINK = re.compile(r"\]\(page:([^)#\s]*)(?:#([^)\s]*))?\)")

# Top-level addresses the generator uses itself, so no record may take them.
LINKS_PAGE = "links"
SHORT_LINK_FOLDER = "e"
RESERVED_IDS = frozenset({"index", LINKS_PAGE, SHORT_LINK_FOLDER, "assets", "search", *LANGUAGES})

# Anchors the renderer adds to every page besides the steps.
PAGE_ANCHORS = frozenset({"related"})
MAX_FILE_BYTES = 256 * 1024  # the largest file in docs/records/ is about 21 KB
HOME_ANCHORS = ("errors", "guides", "help")  # the home page's sections: errors, guides (top-level pages), help


# A record's `message` is one catalogue label, quoted: «@proctoring.webcam-error».
QUOTED_LABEL = re.compile(r"«@[a-z0-9-]+\.[a-z0-9-]+»")

# `make new-page` fills every text with this; the build refuses a page until all are written.
TO_WRITE = "TODO"


def unwritten(data, path: str = "") -> list[str]:
    """Field paths of the texts that still start with TO_WRITE."""
    if isinstance(data, dict):
        return [field for key, value in data.items() for field in unwritten(value, f"{path}.{key}" if path else str(key))]
    if isinstance(data, list):
        return [field for index, item in enumerate(data) for field in unwritten(item, f"{path}[{index}]")]
    return [path] if isinstance(data, str) and data.startswith(TO_WRITE) else []


class RecordErrors(Exception):
    """Raised with every problem found, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ResolvedStep:
    id: str
    title: Text
    text: Optional[Text]
    os: Optional[OsVariants]
    note: Optional[Text]
    warning: Optional[Text]
    check: Optional[str] = None
    pictures: tuple[str, ...] = ()

    def os_tabs(self) -> list[str]:
        """The `?os=` keys of the step's OS tabs, in their order on the page; none without tabs."""
        return [key for key, text in self.os if text is not None] if self.os else []


@dataclass(frozen=True)
class Page:
    record: Record
    section: str
    source: Path
    steps: tuple[ResolvedStep, ...]

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def path(self) -> str:
        """Path of the page without language or extension: `errors/camera`."""
        return f"{self.section}/{self.id}" if self.section else self.id

    def anchors(self) -> list[str]:
        return [step.id for step in self.steps]


@dataclass(frozen=True)
class Site:
    pages: dict[str, Page]
    texts: SiteTexts
    checks: CheckTexts
    labels: Catalogue
    chrome_flows: Optional[FlowsFile] = None  # docs/records/_chrome_flows.yml; a site without Chrome steps needs none


def _field_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in ("step", "use") and parts and parts[-1].endswith("]"):
            continue  # union tag pydantic adds after a list index
        else:
            parts.append(f".{item}" if parts else str(item))
    return "".join(parts) or "(top level)"


def _field_names(model: type[BaseModel], seen: set) -> set[str]:
    """Every field name (and alias) of `model` and the models inside it."""
    if model in seen:
        return set()
    seen.add(model)
    names = set()
    for name, info in model.model_fields.items():
        names |= {name, info.alias} - {None}
        for inner in _models_in(info.annotation):
            names |= _field_names(inner, seen)
    return names


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in getattr(annotation, "__args__", ()) for model in _models_in(argument)]


def _describe(error: dict, model: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == "missing":
        last = error["loc"][-1] if error["loc"] else ""
        return "missing translation" if last in LANGUAGES else "missing"
    if kind == "extra_forbidden":
        hint = did_you_mean(error["loc"][-1], _field_names(model, set()) - set(LANGUAGES))
        return f"unknown field{hint or ' (a typo?)'}"
    if kind == "string_pattern_mismatch":
        return "must be ASCII kebab-case, like `other-apps`"
    return error["msg"].removeprefix("Value error, ")


class Reader:
    """Reads YAML files into models, collecting one line per problem.

    With a label catalogue, every `«@label»` in a text is quoted for that
    text's language before the model sees it.
    """

    def __init__(self, root: Path, catalogue: Optional[Catalogue] = None):
        self.root = root
        self.catalogue = catalogue
        self.problems: list[str] = []

    def where(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent.parent))
        except ValueError:
            return str(path)

    def report(self, path: Path, record: str, field: str, message: str) -> None:
        prefix = f"{self.where(path)}: record '{record}'" if record else self.where(path)
        self.problems.append(f"{prefix}: {field}: {message}")

    def read(self, path: Path, model: type[BaseModel]) -> Optional[BaseModel]:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.problems.append(f"{self.where(path)}: {size:,} bytes, more than {MAX_FILE_BYTES:,}: a record is a few "
                                     "kilobytes; is this the right file?")
                return None
            data = load_yaml(path.read_text(encoding="utf-8"))
        except YAMLError as error:
            self.problems.append(syntax_problem(self.where(path), error))
            return None
        except UnicodeDecodeError:
            self.problems.append(f"{self.where(path)}: not UTF-8 text")
            return None
        if not isinstance(data, dict):
            self.problems.append(f"{self.where(path)}: expected a mapping of fields at the top level")
            return None
        name = str(data.get("id") or path.stem) if model is Record else ""
        for field in unwritten(data):
            self.report(path, name, field, f"still to be written (replace the {TO_WRITE} text)")
        if model is Record and isinstance(data.get("message"), dict):
            for lang, text in data["message"].items():
                if isinstance(text, str) and not QUOTED_LABEL.fullmatch(text.strip()) and not text.startswith(TO_WRITE):
                    self.report(path, name, f"message.{lang}", "quote the message from the catalogue (`«@proctoring.…»`), "
                                                               "where its source is recorded; leave it out when none is known")
        if self.catalogue is not None:
            data = self.catalogue.expand_data(data, lambda field, problem: self.report(path, name, field, problem))
        try:
            return model.model_validate(data)
        except ValidationError as error:
            for item in error.errors():
                self.report(path, name, _field_path(item["loc"]), _describe(item, model))
            return None


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _resolve(reader: Reader, path: Path, record: Record, shared: SharedSteps) -> list[ResolvedStep]:
    steps: list[ResolvedStep] = []
    for index, entry in enumerate(record.steps):
        if isinstance(entry, Step):
            steps.append(ResolvedStep(entry.id, entry.title, entry.text, entry.os, entry.note, entry.warning,
                                      entry.check, tuple(entry.pictures)))
            continue
        field = f"steps[{index}]"
        template = shared.steps.get(entry.use)
        if template is None:
            reader.report(path, record.id, f"{field}.use",
                          f"no shared step '{entry.use}' in {SHARED_STEPS_FILE}{did_you_mean(entry.use, shared.steps)}")
            continue
        words = {lang: {} for lang in LANGUAGES}
        if entry.device is not None:
            device = shared.devices.get(entry.device)
            if device is None:
                reader.report(path, record.id, f"{field}.device",
                              f"no device '{entry.device}' in {SHARED_STEPS_FILE}{did_you_mean(entry.device, shared.devices)}")
                continue
            words = {lang: getattr(device, lang) for lang in LANGUAGES}
        body = template.text_for.get(entry.device, template.text)
        texts = [template.title, body] + ([template.note] if template.note else [])
        missing = sorted(
            {(lang, name) for text in texts for lang in LANGUAGES for name in _placeholders(text[lang])
             if name not in words[lang]}
        )
        if missing:
            needed = ", ".join(f"{lang}.{name}" for lang, name in missing)
            what = f"device '{entry.device}'" if entry.device else "no device"
            reader.report(path, record.id, f"{field}.device", f"shared step '{entry.use}' needs {needed}, {what} gives none")
            continue

        def fill(text: Optional[Text], model: type[Text] = Text) -> Optional[Text]:
            if text is None:
                return None
            return model(**{lang: text[lang].format_map(words[lang]) for lang in LANGUAGES})

        try:  # the filled texts are checked as if written here: the title is a title
            filled = fill(template.title, Line), fill(body), entry.note or fill(template.note)
        except ValidationError as error:
            for item in error.errors():
                reader.report(path, record.id, f"{field} ('{entry.use}' filled for '{entry.device}').{_field_path(item['loc'])}",
                              _describe(item, Line))
            continue
        steps.append(ResolvedStep(entry.use, *filled[:2], None, filled[2], None, pictures=tuple(entry.pictures)))
    return steps


def _texts_of(value) -> list[Text]:
    """Every Text inside a model, step or list, depth first."""
    if isinstance(value, Text):
        return [value]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields for t in _texts_of(getattr(value, name))]
    if isinstance(value, ResolvedStep):
        return [t for item in (value.title, value.text, value.os, value.note, value.warning) for t in _texts_of(item)]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _texts_of(item)]
    return []


def _address_problem(page_id: str, anchor: str, pages: dict[str, Page], broken: set[str]) -> Optional[str]:
    """Why `page_id#anchor` does not exist, or None. Broken pages were reported already."""
    if page_id in broken:
        return None
    if page_id not in pages:
        return f"no page '{page_id}'{did_you_mean(page_id, pages)}"
    if anchor and anchor not in pages[page_id].anchors() and anchor not in PAGE_ANCHORS:
        return f"page '{page_id}' has no step '{anchor}'"
    return None


def _check_links(reader: Reader, path: Path, record: str, texts: list[Text], pages: dict[str, Page], broken: set[str],
                 from_path: str = "") -> None:
    for text in dict.fromkeys(texts):  # a written step is both in the record and among the page's steps
        for lang in LANGUAGES:
            for page_id, anchor in PAGE_LINK.findall(text[lang]):
                problem = _address_problem(page_id, anchor, pages, broken)
                if problem:
                    target = f"page:{page_id}#{anchor}" if anchor else f"page:{page_id}"
                    reader.report(path, record, f"link {target}", f"{problem} ({lang} text)")
            for href in markdown_safety.relative_links(text[lang]):
                problem = _relative_problem(href, from_path, lang, pages, reader.root.parent)
                if problem:
                    reader.report(path, record, f"link {href}", f"{problem} ({lang} text)")


def _relative_problem(href: str, from_path: str, lang: str, pages: dict[str, Page], docs: Path) -> Optional[str]:
    """Why a relative link of a page (from_path; the site texts: the language's home) leads nowhere, or None."""
    target, _, anchor = href.partition("#")
    target = target.partition("?")[0]
    here = page_url(from_path, lang)
    resolved = posixpath.normpath(posixpath.join(here, target)) if target else here.rstrip("/")
    if resolved.startswith("../") or resolved == "..":
        return f"`{href}` leads outside the site"
    by_url = {page_url(page.path, lang).rstrip("/"): page for page in pages.values()}
    page = by_url.get("" if resolved == "." else resolved)
    if page:
        if anchor and anchor not in page.anchors() and anchor not in PAGE_ANCHORS:
            return f"page '{page.id}' has no step '{anchor}'"
        return None
    if resolved.split("/")[0] == RECORDS_FOLDER:
        return f"`{href}` leads into {RECORDS_FOLDER}/, which is not published"
    if (docs / resolved).is_file():
        return None
    return f"`{href}` leads to no page or file of the site (write page:ID for a page)"


def _check_fixes(reader: Reader, path: Path, checks: CheckTexts, pages: dict[str, Page], broken: set[str]) -> None:
    for name, spec in checks.checks.items():
        fixes = [(f"checks.{name}.results.{code}.fix[{index}]", address)
                 for code, result in spec.results.items() for index, address in enumerate(result.fix)]
        fixes += [(f"checks.{name}.macos_fix[{index}]", address) for index, address in enumerate(spec.macos_fix)]
        for field, address in fixes:
            if isinstance(address, ExternalLink):
                continue
            problem = _address_problem(*address.partition("#")[::2], pages, broken)
            if problem:
                reader.report(path, "", field, problem)


def _misplaced(record: Record, path: Path, section: str, pages: dict[str, Page], reader: Reader) -> Optional[tuple[str, str]]:
    """(field, problem) when the record does not fit its file name or folder."""
    if record.id != path.stem:
        return "id", f"must match the file name '{path.stem}'"
    if not section and record.id in RESERVED_IDS:
        return "id", f"'{record.id}' is taken by the site itself, choose another"
    if record.kind != SECTIONS[section]:
        return "kind", f"records in '{section or 'records'}/' are of kind '{SECTIONS[section]}'"
    if record.id in pages:
        return "id", f"already used by {reader.where(pages[record.id].source)}"
    return None


def load_site(root: Path) -> Site:
    """Load every record under `root` (docs/records); raise RecordErrors on any problem."""
    reader = Reader(root)
    catalogue = load_catalogue(reader)
    reader.catalogue = catalogue
    shared = reader.read(root / SHARED_STEPS_FILE, SharedSteps)
    texts = reader.read(root / SITE_TEXTS_FILE, SiteTexts)
    checks = reader.read(root / CHECK_TEXTS_FILE, CheckTexts)

    pages: dict[str, Page] = {}
    broken: set[str] = set()  # ids of record files that failed, so references to them don't cascade
    for path in sorted(root.rglob("*.yml")):
        if path.name.startswith("_") or path.relative_to(root).parts[0] == PICTURES_FOLDER:
            continue
        section = path.parent.relative_to(root).as_posix().strip(".")
        if section not in SECTIONS:
            folders = ", ".join(f"'{name}/'" for name in SECTIONS if name)
            reader.report(path, "", "(file)", f"records live at the top of records/ or in {folders}")
            continue
        record = reader.read(path, Record)
        misplaced = _misplaced(record, path, section, pages, reader) if record else None
        if misplaced:
            reader.report(path, record.id, *misplaced)
        if record is None or misplaced or shared is None:
            broken.add(path.stem)
            continue
        steps = _resolve(reader, path, record, shared)
        seen: set[str] = set()
        for index, step in enumerate(steps):
            if step.id in seen:
                reader.report(path, record.id, f"steps[{index}].id", f"duplicate step id '{step.id}'")
            seen.add(step.id)
        pages[record.id] = Page(record, section, path, tuple(steps))

    for page in pages.values():
        record = page.record
        for index, related in enumerate(record.related):
            if related not in pages and related not in broken:
                reader.report(page.source, record.id, f"related[{index}]", f"no page '{related}'{did_you_mean(related, pages)}")
            elif related == record.id:
                reader.report(page.source, record.id, f"related[{index}]", "a page cannot be related to itself")
        _check_links(reader, page.source, record.id, _texts_of(record) + _texts_of(list(page.steps)), pages, broken,
                     page.path)
    if texts is not None:
        _check_links(reader, root / SITE_TEXTS_FILE, "", _texts_of(texts), pages, broken)
    if checks is not None:
        _check_fixes(reader, root / CHECK_TEXTS_FILE, checks, pages, broken)
        for page in pages.values():
            for index, step in enumerate(page.steps):
                if step.check and step.check not in checks.checks:
                    reader.report(page.source, page.id, f"steps[{index}].check", f"no check '{step.check}' in {CHECK_TEXTS_FILE}")

    flows = None
    if (root / FLOWS_FILE).exists():
        flows = reader.read(root / FLOWS_FILE, FlowsFile)
        if flows is not None and catalogue is not None:
            chrome_flows.check(flows, Site(pages, texts, checks, catalogue), catalogue,
                               lambda field, problem: reader.report(root / FLOWS_FILE, "", field, problem),
                               chrome_flows.shared_steps_as_written(root), frozenset(broken))

    if reader.problems:
        raise RecordErrors(reader.problems)
    ordered = sorted(pages.values(), key=lambda page: (page.record.order, page.id))
    return Site({page.id: page for page in ordered}, texts, checks, catalogue, flows)


def load_catalogue(reader: Reader) -> Optional[Catalogue]:
    """The label catalogue and Chrome's extracted labels, cross-checked; None when either is broken."""
    catalogue = reader.read(reader.root / LABELS_FILE, CatalogueFile)
    chrome = reader.read(reader.root / CHROME_FILE, ChromeTable)
    if catalogue is None or chrome is None:
        return None
    before = len(reader.problems)
    built = validate_catalogue(catalogue, chrome, lambda file, field, problem: reader.report(reader.root / file, "", field, problem))
    return built if len(reader.problems) == before else None
