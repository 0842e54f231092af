"""MkDocs hook: each event hands its work to one function of the helpsite
package, which knows nothing about MkDocs (so the site can move to another
generator). mkdocs-static-i18n runs the events once per language; records
are loaded with the default language and reused by the others.
"""

import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).parent))

from helpsite import DEFAULT_LANGUAGE, build, html_patches, page_strings  # noqa: E402
from helpsite.generate import navigation  # noqa: E402
from helpsite.label_markdown import LabelsExtension  # noqa: E402
from helpsite.load import RecordErrors  # noqa: E402

_state = {"offline": True}


def on_startup(command, dirty):
    _state["offline"] = command != "serve"  # `mkdocs serve` never installs the offline copy


# After mkdocs-static-i18n (priority -100) has set this build's language.
@event_priority(-110)
def on_config(config):
    lang = config.theme["language"]
    if lang == DEFAULT_LANGUAGE:
        try:
            # scripts/capture_pictures.py builds without pictures to take screenshots of the checks.
            _state["build"] = build.prepare(Path(config.docs_dir), os.environ.get("HELP_SITE_PICTURES") != "off",
                                            config.site_url or "")
        except RecordErrors as error:
            raise PluginError(f"{len(error.problems)} problem(s) in the records:\n{error}") from None
        for warning in _state["build"].warnings:
            # Not a MkDocs warning: strict mode would stop the build, and these must not.
            print(f"WARNING: {warning}", file=sys.stderr)
    site = _state["build"].site
    config.nav = navigation(site, lang)
    config.mdx_configs["toc"]["permalink_title"] = site.texts.labels.permalink[lang]
    if not any(isinstance(extension, LabelsExtension) for extension in config.markdown_extensions):
        config.markdown_extensions.append(LabelsExtension(site.labels.all_texts()))
    offline = bool(config.extra.get("offline", True)) and _state["offline"]
    config.extra.update(page_strings.page_settings(site, lang, offline, bool(config.extra.get("events", True))))
    return config


def on_post_build(config):
    current = _state["build"]
    site_dir = Path(config.site_dir)
    for relative, content in current.files_beside_pages(config.theme["language"], config.extra["proctoring"]).items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (site_dir / build.MANIFEST).write_text(current.manifest(config.extra["proctoring"]), encoding="utf-8")


def on_post_template(output, template_name, config):
    return html_patches.place_404(output, template_name, config.theme["language"], Path(config.site_dir))


def on_post_page(output, page, config):
    try:
        return html_patches.patch_page(output, config.theme["language"])
    except html_patches.PatchMissed as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
