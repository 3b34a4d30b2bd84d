"""A failed build leaves no site behind that could pass for a complete one.

MkDocs empties the site folder only once every plugin's configuration step has run: a
failure there (a malformed tutorial header, say) would leave the previous build's site in
place. In strict mode, MkDocs counts the warnings only once every page is written, then
aborts with the whole site in place: a deployment step or a reader of the folder could not
tell it from a good one. When any build fails, this hook empties the site folder. A build
stopped by Ctrl-C (which MkDocs does not count as a failed build) is stopped half-way
through writing the site: the hook empties the folder then too, as MkDocs shuts down. A
build stopped with SIGTERM (a CI job cancelled, `timeout`) would end at once, with nothing
cleaned up: the hook makes it stop as Ctrl-C stops it.
"""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import clean_directory

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

_site_dir: Path | None = None
_ended = False  # whether the build being made has ended: the site written, or emptied


def on_startup(command, dirty):
    if threading.current_thread() is threading.main_thread():  # where signals are handled
        signal.signal(signal.SIGTERM, _stop_as_ctrl_c)


def _stop_as_ctrl_c(signum, frame):
    raise KeyboardInterrupt


@event_priority(100)  # before any hook or plugin whose own on_config could fail
def on_config(config):
    global _site_dir, _ended
    _site_dir, _ended = Path(config.site_dir), False
    return config


@event_priority(-100)  # after every other plugin's last step
def on_post_build(config):
    global _ended
    _ended = True


def on_build_error(error):
    global _ended
    _ended = True
    _empty_site("The build failed")


def on_shutdown():
    if not _ended:
        _empty_site("The build was stopped")


def _empty_site(what: str) -> None:
    if _site_dir is not None and _site_dir.is_dir():
        clean_directory(str(_site_dir))
        log.info(f"{what}: {_site_dir} is emptied, so that no half-built site is left")
