"""MkDocs hook: each event hands its work to the helpsite package, which knows nothing about MkDocs (so the
site can move to another generator). mkdocs-static-i18n runs the events once per language; records are
loaded with the default language and reused by the others. The hook holds one HelpSite.
"""

from __future__ import annotations

import sys
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import helpsite
from helpsite.config import SettingsError



class HelpSite:
    """One build (or one `mkdocs serve` session): the settings of the config being built, the loaded records."""

    def __init__(self, config_file: Path, serving: bool):
        try:
            # Before any module reads the languages: a copy of the project builds with its own mkdocs.yml.
            self.settings = helpsite.configure(config_file)
        except SettingsError as error:
            raise PluginError(str(error)) from None
        self.offline = self.settings.site.offline and not serving  # `mkdocs serve` never installs the offline copy
        self.build = None

    def prepare(self, docs_dir: Path, site_url: str) -> None:
        from helpsite.build import plan
        from helpsite.content.load import RecordErrors
        try:
            # scripts/capture_pictures.py builds without pictures to take screenshots of the checks.
            self.build = plan.prepare(docs_dir, os.environ.get("HELP_SITE_PICTURES") != "off", site_url)
        except RecordErrors as error:
            raise PluginError(f"{len(error.problems)} problem(s) in the records:\n{error}") from None
        for warning in self.build.warnings:
            # Not a MkDocs warning: strict mode would stop the build, and these must not.
            print(f"WARNING: {warning}", file=sys.stderr)

    def configure_language(self, config) -> None:
        from helpsite.labels.markdown import LabelsExtension
        from helpsite.render import page_strings
        from helpsite.render.generate import navigation
        lang, site = config.theme["language"], self.build.site
        config.nav = navigation(site, lang)
        config.mdx_configs["toc"]["permalink_title"] = site.texts.labels.permalink[lang]
        if not any(isinstance(extension, LabelsExtension) for extension in config.markdown_extensions):
            config.markdown_extensions.append(LabelsExtension(site.labels.all_texts()))
        config.extra.update(page_strings.page_settings(site, lang, self.offline, self.settings.site.events))

    def write_beside_pages(self, lang: str, site_dir: Path) -> None:
        from helpsite.build.plan import MANIFEST
        proctoring = self.settings.site.proctoring.model_dump()
        for relative, content in self.build.files_beside_pages(lang, proctoring).items():
            target = site_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        (site_dir / MANIFEST).write_text(self.build.manifest(proctoring), encoding="utf-8")


_site: HelpSite | None = None
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


# After mkdocs-static-i18n (priority -100) has set this build's language.
@event_priority(-110)
def on_config(config):
    global _site
    if _site is None:
        _site = HelpSite(Path(config.config_file_path), _serving)
    if config.theme["language"] == _site.settings.default_language:
        _site.prepare(Path(config.docs_dir), config.site_url or "")
    _site.configure_language(config)
    return config


def on_post_build(config):
    _site.write_beside_pages(config.theme["language"], Path(config.site_dir))


def on_post_template(output, template_name, config):
    from helpsite.render import html_patches
    return html_patches.place_404(output, template_name, config.theme["language"], Path(config.site_dir))


def on_post_page(output, page, config):
    from helpsite.render import html_patches
    try:
        return html_patches.patch_page(output, config.theme["language"])
    except html_patches.PatchMissed as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
