"""When may an executed tutorial be reused? The key of the execution cache.

A cached page is reused only if everything that could change its outputs is unchanged:

- the tutorial's source (prose included: it is part of the page);
- the content of every file the tutorial read from the repository when it last ran (the
  kernel records them; see ``record_reads`` and ``recorded_reads``);
- the Python version, and the name and version of every installed distribution (what is
  installed is what runs, whatever the lock file says);
- the options that change the page: mkdocs-jupyter's rendering options and the code of the
  site's own renderer and kernel extension.

Nothing else enters the key: not file times, not where the repository lives, not the
timeout, not files the tutorial does not read.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import platform
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

MISSING = "missing"


def cache_key(
    source: str,
    reads: Mapping[str, str],
    environment: Mapping[str, object],
    options: Mapping[str, object],
) -> str:
    """The key of one tutorial's execution; each argument is described in the module doc."""
    payload = {"source": source, "reads": dict(reads), "env": environment, "options": options}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def environment() -> dict[str, object]:
    """The Python and the installed distributions that execute the tutorials."""
    distributions = sorted(
        {f"{d.metadata['Name']}=={d.version}".lower() for d in importlib.metadata.distributions()}
    )
    return {
        "python": sys.version,
        "implementation": platform.python_implementation(),
        "distributions": distributions,
    }


def digests(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """The SHA-256 of each file at `paths` (relative to `root`), or 'missing'."""
    result = {}
    for relative in sorted(set(paths)):
        path = root / relative
        result[relative] = (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else MISSING
        )
    return result


def code_digest(paths: Iterable[Path]) -> str:
    """One digest for the content of several source files (the site's renderer, say)."""
    hasher = hashlib.sha256()
    for path in sorted(paths):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def recorded_reads(record: Path) -> list[str]:
    """The files a tutorial read when it last ran, as recorded by `record_reads`."""
    try:
        return json.loads(record.read_text("utf-8"))
    except (OSError, ValueError):
        return []


def record_reads(record: Path, reads: Iterable[str]) -> None:
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(sorted(set(reads)), indent=1) + "\n", "utf-8")
