"""MkDocs hook: generate the pages from docs/records/ before files are collected.

Thin on purpose: the work is in the helpsite package, which knows nothing
about MkDocs.
"""

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).parent))

from helpsite.generate import navigation, write_pages  # noqa: E402
from helpsite.load import RECORDS_FOLDER, RecordErrors, load_site  # noqa: E402


# After mkdocs-static-i18n (priority -100) has set this build's language.
@event_priority(-110)
def on_config(config):
    docs_dir = Path(config.docs_dir)
    try:
        site = load_site(docs_dir / RECORDS_FOLDER)
    except RecordErrors as error:
        raise PluginError(f"{len(error.problems)} problem(s) in the records:\n{error}") from None
    write_pages(site, docs_dir)
    lang = config.theme["language"]
    config.nav = navigation(site, lang)
    config.mdx_configs["toc"]["permalink_title"] = site.texts.labels.permalink[lang]
    return config
