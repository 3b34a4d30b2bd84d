"""A failed build leaves no site behind that could pass for a complete one.

Most failures stop MkDocs before it writes a page, into a site folder it has just emptied.
In strict mode, though, MkDocs counts the warnings only once every page is written, and then
aborts with the whole site in place: a deployment step or a reader of the folder could not
tell it from a good one. When any build fails, this hook empties the site folder again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.utils import clean_directory

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

_site_dir: Path | None = None


def on_config(config):
    global _site_dir
    _site_dir = Path(config.site_dir)
    return config


def on_build_error(error):
    if _site_dir is not None and _site_dir.is_dir():
        clean_directory(str(_site_dir))
        log.info(f"The build failed: {_site_dir} is emptied, so that no half-built site is left")
