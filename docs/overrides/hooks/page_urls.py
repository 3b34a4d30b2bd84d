"""Each address of the site comes from one source; two sources for one address fail the build.

A tutorial's post takes its address from the file name (``pro_be.py`` becomes ``/pro-be/``),
which can meet another tutorial's (``pro-be.py``), a page of the docs folder (``tags.py`` and
the tags page) or a page the build makes (``computation_times.py``), or differ from one only
in case (``Tags.py``). MkDocs would write one over the other, without a warning (where case
does not count), and the home page would list a post that is not there.
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files


@event_priority(-100)  # after the blog plugin (-50) has given every post its address
def on_files(files, config):
    root = os.path.dirname(config.config_file_path)
    check_one_source_per_address(files, os.path.relpath(config.docs_dir, root))
    return files


def check_one_source_per_address(files: Files, docs_dir: str) -> None:
    """Raise `PluginError` naming both sources when two files have the same destination,
    or destinations that differ only in case: one file on the case-insensitive file systems
    of macOS and Windows, where one would be written over the other."""
    sources: dict[str, File] = {}
    for file in files:
        other = sources.setdefault(file.dest_uri.casefold(), file)
        if other is file:
            continue
        both = f"{describe(other, docs_dir)} and {describe(file, docs_dir)}"
        if other.dest_uri == file.dest_uri:
            raise PluginError(f"{both} would both be published as {file.dest_uri}: rename one")
        raise PluginError(
            f"{both} would be published as {other.dest_uri} and {file.dest_uri}, one file "
            "where case does not count (macOS, Windows): rename one"
        )


def describe(file: File, docs_dir: str) -> str:
    """How a message names the source of `file`: a tutorial, a page, or what made it."""
    tutorial = getattr(file, "tutorial", None)
    if tutorial is not None:
        return tutorial.path
    if file.generated_by is not None:
        return f"the page {file.src_uri} that {file.generated_by} makes"
    return f"{docs_dir}/{file.src_uri}"
