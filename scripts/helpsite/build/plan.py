"""One build of the site, independent of MkDocs.

`prepare()` loads and validates the records, the checks' texts, the pictures
and the link registry once, then writes the generated Markdown and pictures
into docs/. Tracked files the build keeps up to date (the link registry, the
translation record) are only planned here: the manifest carries them to
scripts/finish_site.py, which writes them after every step has passed, so a
failed build changes no tracked file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from helpsite import LANGUAGES
from helpsite.content import registry
from helpsite.content import translations
from helpsite.render.generate import site_files, write_pages
from helpsite.content.load import RECORDS_FOLDER, SHORT_LINK_FOLDER, SITE_TEXTS_FILE, Reader, RecordErrors, Site, load_site
from helpsite.pictures import load_pictures, write_pictures
from helpsite.render.urls import page_url

PICTURES_OUTPUT = Path("assets") / "pictures"  # drawn from docs/records/pictures/, ignored by git
MANIFEST = "build-manifest.json"  # in the built site until finish_site.py reads and removes it


@dataclass
class Build:
    site: Site
    moves: registry.Moves
    warnings: list[str]  # worth a look, not worth stopping the build for
    tracked: dict[Path, str] = field(default_factory=dict)  # tracked file -> its content after this build
    site_url: str = ""  # the published address: the steps' QR codes name it

    def files_beside_pages(self, lang: str, proctoring: dict) -> dict[str, str | bytes]:
        return site_files(self.site, self.moves, lang, proctoring, self.site_url)

    def manifest(self, proctoring: dict) -> str:
        """What the post-build steps need, so they reload neither records nor configuration."""
        server = urlsplit(proctoring["server"])
        redirects = [[page_url(old, lang), page_url(new, lang)]
                     for old, new in self.moves.pages.items() for lang in LANGUAGES]
        return json.dumps({
            "languages": [{"code": lang, "prefix": page_url("index", lang)} for lang in LANGUAGES],
            "short_link_folder": SHORT_LINK_FOLDER,
            # The exam-site check may ask these: the default exam site, and any host of the allowed domains.
            "exam_origins": [f"{server.scheme}://{server.netloc}",
                             *(f"https://{prefix}{domain}" for domain in proctoring["exam_domains"] for prefix in ("", "*."))],
            "redirects": redirects,
            "tracked": {str(path): text for path, text in self.tracked.items()},
        }, ensure_ascii=False, indent=1)


def production(site_url: str) -> bool:
    """A build for the published site: its address is https (development and tests use http://127.0.0.1…)."""
    return site_url.startswith("https://")


def prepare(docs_dir: Path, with_pictures: bool = True, site_url: str = "") -> Build:
    """Load and check everything (RecordErrors lists every problem), then write docs/'s generated files."""
    records = docs_dir / RECORDS_FOLDER
    site = load_site(records)
    support = site.texts.support
    if production(site_url) and support and support.unconfirmed():
        where = Reader(records).where(records / SITE_TEXTS_FILE)
        raise RecordErrors([f"{where}: support.{name}: {getattr(support, name) if name != 'hours' else 'the hours'} is "
                            f"not confirmed: a production build ({site_url}) publishes confirmed contacts only (record "
                            f"who confirmed it under support.confirmed.{name})" for name in support.unconfirmed()])
    registry_file = records / registry.REGISTRY_FILE
    published = registry.read(registry_file)
    moves = registry.check(site, published)
    pictures = load_pictures(records, site, docs_dir.parent / "overrides" / "assets") if with_pictures else {}
    translation_record, stale = translations.planned(records)
    write_pictures(pictures, docs_dir / PICTURES_OUTPUT)
    write_pages(site, docs_dir, moves, pictures)
    tracked = {registry_file: registry.dump(registry.extended(site, published)),
               records / translations.RECORD_FILE: translation_record}
    warnings = []
    if stale:
        warnings.append(f"{len(stale)} text(s) changed in some languages only: run `make translations`")
    if support and support.unconfirmed():
        warnings.append(f"{RECORDS_FOLDER}/_site.yml: support.{', support.'.join(support.unconfirmed())} not confirmed: "
                        "pages leave it out and send candidates to the contact in their exam invitation")
    return Build(site, moves, warnings, tracked, site_url)


def write_tracked(manifest: dict) -> list[str]:
    """The last step of a successful build: bring the tracked files up to date; return those changed."""
    return [path for path, text in manifest["tracked"].items() if translations.write_if_changed(Path(path), text)]
