"""A failed build leaves no site behind that could pass for a complete one.

MkDocs empties the site folder only once every plugin's configuration step has run: a
failure there (a malformed tutorial header, say) would leave the previous build's site in
place. In strict mode, MkDocs counts the warnings only once every page is written, then
aborts with the whole site in place: a deployment step or a reader of the folder could not
tell it from a good one. When any build fails, this hook empties the site folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import clean_directory

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

_site_dir: Path | None = None


@event_priority(100)  # before any hook or plugin whose own on_config could fail
def on_config(config):
    global _site_dir
    _site_dir = Path(config.site_dir)
    return config


def on_build_error(error):
    if _site_dir is not None and _site_dir.is_dir():
        clean_directory(str(_site_dir))
        log.info(f"The build failed: {_site_dir} is emptied, so that no half-built site is left")
