"""The notebooks mkdocs-jupyter is executing, for the build to keep their outputs.

mkdocs-jupyter returns only the HTML of the page it executed. To render a page again when
only its prose changes, the build needs the outputs themselves: nbclient, the executor under
mkdocs-jupyter, hands each notebook it is about to run to its ``on_notebook_start`` hook,
which the nbconvert configuration (``kernel/jupyter_nbconvert_config.py``) points at
``watch``. nbclient fills that very notebook with outputs; ``take`` hands it over once the
conversion has returned.
"""

from __future__ import annotations

import threading

import nbformat

KEY = "tutorial_build_key"  # the notebook metadata that tells the executions apart

_lock = threading.Lock()
_running: dict[str, nbformat.NotebookNode] = {}


def watch(notebook: nbformat.NotebookNode) -> None:
    """Remember `notebook`, being executed, under its build key."""
    key = notebook.metadata.get(KEY)
    if key:
        with _lock:
            _running[key] = notebook


def take(key: str) -> nbformat.NotebookNode | None:
    """The notebook executed under `key`, forgotten from now on; None if there was none."""
    with _lock:
        return _running.pop(key, None)
