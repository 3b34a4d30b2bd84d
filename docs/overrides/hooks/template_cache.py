"""Keep compiled Jinja templates between builds, and between the pages of one build.

MkDocs compiles Material's templates afresh at every build, which costs about a third of a
second: most of a build where nothing changed. nbconvert, which mkdocs-jupyter calls for each
tutorial's page, makes a new Jinja environment for every notebook and compiles its own
templates again: a twentieth of a second per page. Both kinds of environment get Jinja's
bytecode cache, which stores each compiled template in .cache/jinja/, keyed on the
template's name and a checksum of its source, so a changed template is compiled again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from mkdocs.plugins import event_priority
from nbconvert.exporters.templateexporter import TemplateExporter

log = logging.getLogger(f"mkdocs.hooks.{__name__}")


@event_priority(50)  # before tutorial_pages starts converting notebooks, in its own on_config
def on_config(config):
    give_nbconvert(_bytecode_cache(config))
    return config


def on_env(env, config, files):
    env.bytecode_cache = _bytecode_cache(config)
    return env


def give_nbconvert(cache: BytecodeCache) -> None:
    """Have every Jinja environment that nbconvert creates from now on use `cache`.

    nbconvert offers no setting for it: its exporters' environment is made by their
    ``_create_environment`` method, wrapped here (once, however many builds `mkdocs serve`
    makes in one process; the latest `cache` is the one used). A private method may go in
    a later nbconvert: then the templates are compiled for every page, as nbconvert does,
    and the build says so.
    """
    create = getattr(TemplateExporter, "_create_environment_uncached", None)
    if create is None:
        create = getattr(TemplateExporter, "_create_environment", None)
        if create is None:
            log.info("nbconvert's exporters have no _create_environment: no template cache")
            return
        TemplateExporter._create_environment_uncached = create

    def create_cached(exporter):
        environment = create(exporter)
        environment.bytecode_cache = cache
        return environment

    TemplateExporter._create_environment = create_cached


def _bytecode_cache(config) -> FileSystemBytecodeCache:
    directory = Path(config.config_file_path).parent / ".cache" / "jinja"
    directory.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(directory))
