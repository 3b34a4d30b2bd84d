"""When may an executed tutorial be reused? The execution cache's rules.

A tutorial's outputs are reused only if everything that could change them is unchanged:

- the key (``cache_key``): the code the kernel runs (``executed_code``: the code cells and
  their tags, not the prose between them, nor the tags that only tell the page how to treat
  the outputs, such as ``allow-warnings``); the Python version and the name and version of
  every installed distribution (what is installed is what runs, whatever the lock file
  says); the kernel: its code (the launcher, the zygote, the extension that exports the
  figures) and how many threads it computes with;
- and the content of every file the tutorial read from the repository when it last ran, and
  the names in every folder of the repository it listed (a new data file in a folder it
  globs changes its results as surely as an edited one). The kernel reports them, a
  folder with the names it held when the tutorial first listed it; the build keeps a
  record of their digests next to the key (``Record``), and the entry is fresh only while
  they still match (``is_fresh``). A file changed while the tutorial ran
  (``changed_since``) may have been read in its old version: no record is kept then, and
  the next build runs the tutorial again.

Nothing else counts: not file times, not where the repository lives, not the timeout, not
files the tutorial does not read, nor new files in folders it does not list. Neither the
prose, nor the tags for the page, nor the code that turns outputs into a page are part of
the key: when only they changed, the page is rendered again from the stored outputs
(``reuse_outputs``), without running the code.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import os
import platform
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import nbformat
from notebook_html import RENDER_ONLY_TAGS

MISSING = "missing"
# File systems stamp times with a clock that may lag the one `changed_since` is given by a
# few milliseconds: a file changed just after that time counts, at the cost of counting one
# changed just before it.
CLOCK_SLACK_NS = 50_000_000


@dataclasses.dataclass
class Record:
    """What the build remembers of a tutorial's last execution."""

    key: str
    reads: dict[str, str]  # repository path -> SHA-256 of the content the tutorial read
    seconds: float

    @classmethod
    def load(cls, path: Path) -> Record | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(key=data["key"], reads=dict(data["reads"]), seconds=float(data["seconds"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dataclasses.asdict(self), indent=1, sort_keys=True), "utf-8")


def cache_key(source: str, environment: Mapping[str, object], options: Mapping[str, object]) -> str:
    """The key of one tutorial's execution; each argument is described in the module doc."""
    payload = {"source": source, "env": environment, "options": options}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def executed_code(notebook: nbformat.NotebookNode) -> str:
    """What a kernel runs for `notebook`: its code cells, in order, with their metadata.

    Left out: blank lines at the end of a cell and jupytext's layout metadata, which change
    with the prose around the code, the timings nbclient records when it runs a cell, and
    the tags that only the page renderer reads (``RENDER_ONLY_TAGS``).
    """
    cells = [
        (cell.source.rstrip(), _metadata_that_runs(cell.metadata))
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]
    return json.dumps(cells, sort_keys=True)


def _metadata_that_runs(metadata: Mapping[str, object]) -> dict[str, object]:
    """A code cell's metadata without what leaves its run as it was: jupytext's layout,
    nbclient's timings, and the tags that only the page renderer reads."""
    kept = {
        key: value
        for key, value in metadata.items()
        if key != "execution" and not key.startswith("lines_to_")
    }
    tags = [tag for tag in kept.pop("tags", []) if tag not in RENDER_ONLY_TAGS]
    if tags:
        kept["tags"] = tags
    return kept


def reuse_outputs(
    notebook: nbformat.NotebookNode, executed: nbformat.NotebookNode
) -> nbformat.NotebookNode:
    """A copy of `notebook` with the outputs of `executed`, which ran the same code.

    The prose and the tags for the page may differ, and the result has those of `notebook`;
    the code cells must not (``ValueError`` otherwise).
    """
    if executed_code(notebook) != executed_code(executed):
        raise ValueError("the executed notebook ran different code")
    result = copy.deepcopy(notebook)
    ran = [c for c in executed.cells if c.cell_type == "code"]
    for cell, source in zip((c for c in result.cells if c.cell_type == "code"), ran, strict=True):
        cell.outputs = copy.deepcopy(source.outputs)
        cell.execution_count = source.execution_count
    return result


def is_fresh(record: Record | None, key: str, root: Path) -> bool:
    """Whether `record` is for `key` and every file it read still has the same content."""
    return record is not None and record.key == key and digests(root, record.reads) == record.reads


def environment() -> dict[str, object]:
    """The Python and the installed distributions that execute the tutorials.

    Distributions are read from the names of their metadata folders (``name-version.dist-info``
    on the import path), which is what is installed, without parsing every metadata file.
    """
    distributions = sorted(
        {
            entry.name.removesuffix(".dist-info").removesuffix(".egg-info").lower()
            for folder in sys.path
            if os.path.isdir(folder)
            for entry in os.scandir(folder)
            if entry.name.endswith((".dist-info", ".egg-info"))
        }
    )
    return {
        "python": sys.version,
        "implementation": platform.python_implementation(),
        "distributions": distributions,
    }


def digests(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """The SHA-256 of each file at `paths` (relative to `root`), or 'missing'; for a path
    that ends with "/", a folder the tutorial listed, the SHA-256 of the names in it."""
    result = {}
    for relative in sorted(set(paths)):
        path = root / relative
        if relative.endswith("/"):
            result[relative] = _listing_digest(path)
        else:
            result[relative] = (
                hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else MISSING
            )
    return result


def _listing_digest(folder: Path) -> str:
    try:
        names = os.listdir(folder)
    except OSError:  # gone, or no longer a folder
        names = None
    return names_digest(names)


def names_digest(names: Iterable[str] | None) -> str:
    """The SHA-256 of the names in a folder, or 'missing' for no folder (None)."""
    if names is None:
        return MISSING
    return hashlib.sha256("\0".join(sorted(names)).encode()).hexdigest()


def changed_since(root: Path, paths: Iterable[str], since_ns: int) -> list[str]:
    """The files at `paths` (relative to `root`) changed at or after `since_ns` (a time in
    nanoseconds): what a tutorial that started then may have read in an older version.

    A file's change time, unlike its modification time, cannot be set back: a copy that
    keeps the old modification time (``cp -p``, an archive unpacked) still counts. A file
    that is not there counts if the nearest folder above it that is there changed (a file
    or a folder deleted there): a tutorial that read a file, then deleted it, would fail if
    run again. A file that a tutorial looked for, did not find, and is still not there is
    no change.
    """
    changed = []
    for relative in sorted(set(paths)):
        if _change_time(root / relative) >= since_ns - CLOCK_SLACK_NS:
            changed.append(relative)
    return changed


def _change_time(path: Path) -> int:
    """The change time of `path` or, if it is not there, of the nearest folder above it."""
    for candidate in (path, *path.parents):
        try:
            return candidate.stat().st_ctime_ns
        except OSError:
            continue
    return 0


def code_digest(paths: Iterable[Path], ignore: re.Pattern[bytes] | None = None) -> str:
    """One digest for the content of several source files (the site's renderer, say); the
    text that `ignore` matches in them does not count."""
    hasher = hashlib.sha256()
    for path in sorted(paths):
        data = path.read_bytes()
        if ignore is not None:
            data = ignore.sub(b"", data)
        hasher.update(path.name.encode() + b"\0" + data + b"\0")
    return hasher.hexdigest()
