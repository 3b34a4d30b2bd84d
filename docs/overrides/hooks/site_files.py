"""File helpers shared by the hooks."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, text: str) -> Path:
    """Write `text` to `path` unless it already holds it, so unchanged files keep their mtime."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path
