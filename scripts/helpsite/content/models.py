"""Schema of the records: pydantic models, strict about unknown fields.

Every visible text is a `Text` holding each language of the site (the i18n
plugin's list in mkdocs.yml), so a missing translation is a validation error
like any other missing field, and a language added there is one the records
must then provide.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Optional, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    create_model,
    model_validator,
)

from helpsite import LANGUAGES
from helpsite.content import markdown_safety
from helpsite.events.contract import CheckName, KINDS

# Anchors and ids are part of the URLs staff send: ASCII kebab-case only.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

_HTML_TAG = re.compile(r"<[A-Za-z!/?]")


def _reject_html(value: str) -> str:
    if _HTML_TAG.search(value):
        raise ValueError("HTML is not allowed in record text, write Markdown instead")
    return value


def _publishable(value: str) -> str:
    found = markdown_safety.problems(value)
    if found:
        raise ValueError("; ".join(found))
    return value


_Stripped = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_reject_html)]
Prose = Annotated[_Stripped, AfterValidator(_publishable)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PerLanguage(Strict):
    """A value in each language of the site: `value[lang]`."""

    def __getitem__(self, lang: str):
        return getattr(self, lang)


def _per_language(name: str, doc: str, annotation, description: str, default=...) -> type[PerLanguage]:
    """A model with one field per language of the site, in the site's order."""
    fields = {lang: (annotation, Field(default, description=description)) for lang in LANGUAGES}
    return create_model(name, __base__=PerLanguage, __doc__=doc, __module__=__name__, **fields)


Text = _per_language("Text", "One visible text in every language of the site.", Prose,
                     "Markdown; quote interface labels as «@chrome.manage»")


def _one_line(value: str) -> str:
    problem = markdown_safety.single_line_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Line = create_model(  # a Text, so everything that walks texts sees it
    "Line", __base__=Text, __doc__="A title or summary in every language: one line of plain text.", __module__=__name__,
    **{lang: (Annotated[_Stripped, AfterValidator(_one_line), AfterValidator(_publishable)],  # one line comes first
              Field(..., description="One line, no Markdown; quote interface labels as «@chrome.manage»"))
       for lang in LANGUAGES})


class OsVariants(Strict):
    """Instructions that differ by operating system, shown as content tabs."""

    windows: Optional[Text] = None
    macos: Optional[Text] = None

    @model_validator(mode="after")
    def _not_empty(self) -> OsVariants:
        if self.windows is None and self.macos is None:
            raise ValueError("give at least one of: windows, macos")
        return self


class Step(Strict):
    """A step written in this record."""

    id: Slug = Field(description="The step's anchor in the page address: never change it once published",
                     examples=["os-permission"])
    title: Line
    text: Optional[Text] = Field(default=None, description="Shown for every system, before the tabs")
    os: Optional[OsVariants] = Field(default=None, description="Text per system, shown as Windows / macOS tabs")
    note: Optional[Text] = None
    warning: Optional[Text] = None
    check: Optional[CheckName] = Field(default=None, description="A device check shown in the step")
    pictures: list[Slug] = Field(default=[], description="Annotated pictures, docs/records/pictures/<id>.yml")

    @model_validator(mode="after")
    def _has_body(self) -> Step:
        if self.text is None and self.os is None:
            raise ValueError("a step needs text, os, or both")
        return self


class StepRef(Strict):
    """A step shared by several pages (`_steps.yml`), used with a device."""

    use: Slug = Field(description="A step of _steps.yml: antivirus, other-apps, restart", examples=["other-apps"])
    device: Optional[Slug] = Field(default=None, description="Fills the step's {words}: camera, microphone, screen, ...")
    note: Optional[Text] = None
    pictures: list[Slug] = Field(default=[], description="Annotated pictures of this page, docs/records/pictures/<id>.yml")


def _step_kind(value: object) -> str:
    if isinstance(value, dict):
        return "use" if "use" in value else "step"
    return "use" if isinstance(value, StepRef) else "step"


StepEntry = Annotated[
    Union[Annotated[Step, Tag("step")], Annotated[StepRef, Tag("use")]],
    Discriminator(_step_kind),
]


Keywords = _per_language("Keywords", "Extra words candidates search with, per language.", list[Prose],
                         "words as candidates type them", default=[])


class Record(Strict):
    """One page: `docs/records/<section>/<id>.yml`."""

    id: Slug = Field(description="The file name and the page address: ASCII kebab-case, never changed once published",
                     examples=["camera"])
    kind: Literal["error", "guide"] = Field(description="error in errors/, guide in help/ and at the top")
    message: Optional[Text] = Field(
        default=None, description="The message the proctoring system shows, quoted from the catalogue (errors only; "
                                  "left out when no source gives it: a page never invents one)"
    )
    title: Line
    summary: Line = Field(description="One sentence: search engines and the home page show it")
    intro: Optional[Text] = None
    steps: list[StepEntry] = Field(min_length=1, description="Written steps (id, title, text) or shared ones (use)")
    related: list[Slug] = Field(default=[], description="Ids of other pages, listed under 'See also'")
    keywords: Optional[Keywords] = None
    order: int = Field(default=100, description="Position in the navigation, smaller first")

    @model_validator(mode="after")
    def _message_matches_kind(self) -> Record:
        if self.kind == "guide" and self.message is not None:
            raise ValueError("only error records have `message`")
        return self


DeviceWords = _per_language("DeviceWords", "Words a shared step puts in its `{placeholders}`, per language.",
                            dict[str, Prose], "placeholder -> the word")


class SharedStep(Strict):
    title: Text
    text: Text
    text_for: dict[Slug, Text] = Field(default={}, description="Device -> the text for that device instead of `text`")
    note: Optional[Text] = None


class SharedSteps(Strict):
    """`docs/records/_steps.yml`: steps written once, used by many pages."""

    devices: dict[Slug, DeviceWords]
    steps: dict[Slug, SharedStep]


class Labels(Strict):
    """Texts the generator adds around the records."""

    section_errors: Text
    section_help: Text
    message: Text
    related: Line
    note: Text
    warning: Text
    permalink: Text
    home_errors: Line
    home_guides: Line
    home_help: Line
    copy_link: Text
    copy_link_in: dict[str, dict[str, Prose]] = Field(
        description="Language -> the button that copies a step's link in that language, in each of the others",
        examples=[{"ru": {"kk": "Орысша сілтемені көшіру"}, "kk": {"ru": "Копировать ссылку на казахском"}}])
    copied: Text
    copy_failed: Text
    open_on_phone: Line
    phone_hint: Text
    phone_code: Text
    close: Line
    links_title: Line
    links_summary: Text
    links_intro: Text
    links_step: Text
    links_page: Text
    links_language: dict[str, Text] = Field(
        description="Language -> its column title in the link index", examples=[{"kk": {"kk": "Қазақша", "ru": "На казахском"}}])
    moved: Text
    choose_language: Text
    not_found: Text
    not_found_text: Text
    to_home: Text
    illustration: Text

    @model_validator(mode="after")
    def _every_language(self) -> Labels:
        for name, by_language in (("links_language", self.links_language), ("copy_link_in", self.copy_link_in)):
            if sorted(by_language) != sorted(LANGUAGES):
                raise ValueError(f"`{name}` needs exactly the site's languages: {', '.join(LANGUAGES)}")
        for target, texts in self.copy_link_in.items():
            others = [lang for lang in LANGUAGES if lang != target]
            if sorted(texts) != sorted(others):
                raise ValueError(f"`copy_link_in.{target}` needs the button in {', '.join(others)}, and only those")
        return self


class Home(Strict):
    title: Line
    summary: Line
    intro: Text


def _address_only(value: str) -> str:
    # A mailto: link built from it takes no header of a record's (?cc=, &bcc=, &body=).
    if not re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}", value):
        raise ValueError("an e-mail address only, like help@example.kz (no ?cc=, &bcc= or other mail headers)")
    return value


class Support(Strict):
    """Who candidates reach when a page did not help; shown at the end of every error and help page."""

    email: Annotated[str, AfterValidator(_address_only)] = Field(
        description="the address candidates write to", examples=["support@example.kz"])
    phone: Optional[Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()-]{6,20}$")]] = Field(
        default=None, description="shown as written, dialled without spaces", examples=["+7 7172 00 00 00"])
    hours: Optional[Text] = Field(default=None, description="when support answers, in each language")
    confirmed: dict[Literal["email", "phone", "hours"], Prose] = Field(
        default={}, description="Each value someone responsible has confirmed, and where (who, when): a production "
                                "build (SITE_URL=https://…) publishes none that is not confirmed")

    def unconfirmed(self) -> list[str]:
        """The values given but not confirmed, in the order they are shown."""
        return [name for name in ("email", "phone", "hours") if getattr(self, name) and name not in self.confirmed]


class EndOfPage(Strict):
    """The texts at the end of every error and help page: "Did this solve your problem?" and support."""

    question: Text
    yes: Text
    no: Text
    reasons_legend: Text
    reason_mismatch: Text
    reason_no_help: Text
    reason_not_found: Text
    thanks: Text
    thanks_no: Text
    privacy_title: Text
    privacy: Text
    support_title: Line
    support_intro: Text
    support_invitation: Text = Field(description="Without a confirmed address: write to the contact in the exam "
                                                 "invitation; the button prepares the letter")
    write: Text
    phone: Text
    hours: Text
    mail_intro: Text
    mail_page: Text
    mail_report: Text
    email_report: Text
    address_from_invitation: Text = Field(description="Beside a mail button, without a confirmed address: the "
                                                      "candidate writes the invitation's")


class ReportTexts(Strict):
    """The words of `make report`, the staff's report on the events (`{name}` is filled by the report)."""

    title: Text
    period: Text = Field(description="{first}, {last}: the first and last event, Astana time")
    read: Text = Field(description="{lines}, {events}, {dropped}")
    no_events: Text
    dropped_title: Text
    files_title: Text
    file_problems: dict[Literal["missing", "folder", "not-a-file", "unreadable", "cut-short", "changed", "no-events",
                                "again"], Text]
    drop_reasons: dict[Literal["not-utf-8", "too-long", "not-json", "bad-time", "before-site", "future", "unknown kind",
                               "unknown or missing field", "not text", "not a choice", "not a page or code", "not a query",
                               "personal data", "not a page of the site"], Text]
    not_pages_title: Text
    not_pages_intro: Text
    first_title: Text = Field(description="What to look at first")
    first_intro: Text
    first_none: Text
    errors_title: Text
    errors_intro: Text
    feedback_title: Text
    feedback_summary: Text = Field(description="{pages}, {yes}, {no}, {top}")
    checks_title: Text
    checks_summary: Text = Field(description="{failures}, {top}")
    searches_title: Text
    searches_summary: Text = Field(description="{searches}, {distinct}, {top}")
    timeline_title: Text
    timeline_summary: Text = Field(description="{hours}, {busiest}, {count}")
    kinds: dict[Literal[tuple(KINDS)], Text]
    columns: dict[Literal["rank", "page", "language", "yes", "no", "reason_total", "check", "status", "error", "count",
                          "fix", "query", "hour", "reason", "file", "problem"], Text]
    none: Text = Field(description="an empty table's one cell")
    written: Text = Field(description="{path}: the console's last line")
    progress: Text = Field(description="{percent}: how much of the logs is read, on a terminal")
    unknown_language: Text = Field(description="{given}: the REPORT_LANG asked for; {languages}: the site's")


class SiteTexts(Strict):
    """`docs/records/_site.yml`: the home page, the generator's labels, the staff report and the support contact."""

    home: Home
    labels: Labels
    end_of_page: EndOfPage
    report: Optional[ReportTexts] = Field(default=None, description="the words of make report (needed by it only)")
    support: Optional[Support] = Field(default=None, description="without a confirmed contact, pages send candidates to "
                                                                 "the one in their exam invitation")


# A step of the site by page id: `camera#other-apps`, or a whole page: `black-screen`.
Address = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*(#[a-z0-9]+(-[a-z0-9]+)*)?$")]


class ExternalLink(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
    text: Text


class CheckResult(Strict):
    message: Text
    fix: list[Union[Address, ExternalLink]] = []


class CheckSpec(Strict):
    name: Text
    start: Optional[Text] = Field(default=None, description="Label of the start button, if not the common one")
    decline: Optional[Text] = Field(default=None, description="Label of a second button that answers no")
    results: dict[str, CheckResult]
    macos_fix: list[Address] = Field(default=[], description="Added to every problem on macOS")

    @model_validator(mode="after")
    def _has_pass_and_error(self) -> CheckSpec:
        missing = {"pass", "error"} - set(self.results)
        if missing:
            raise ValueError(f"results need {', '.join(sorted(missing))}")
        return self


class CommonCheckTexts(Strict):
    status_idle: Text
    status_running: Text
    status_waiting: Text
    status_pass: Text
    status_warn: Text
    status_fail: Text
    start: Text
    again: Text
    fix: Text
    start_all: Text
    summary: Text
    summary_waiting: Text
    copy_report: Text
    report_copied: Text
    report_failed: Text
    report_title: Text
    report_date: Text
    report_browser: Text
    report_os: Text
    report_not_run: Text
    level: Text
    preview: Text
    needs_connection: Text
    tested_phone: Text
    tested_tablet: Text
    server_example: Text


class CheckTexts(Strict):
    """`docs/records/_checks.yml`: the device checks' texts and the fix for each result."""

    common: CommonCheckTexts
    checks: dict[CheckName, CheckSpec]
