"""The notebooks mkdocs-jupyter is executing, for the build to keep their outputs.

mkdocs-jupyter returns only the HTML of the page it executed. To render a page again when
only its prose changes, the build needs the outputs themselves: nbclient, the executor under
mkdocs-jupyter, hands each notebook it is about to run to its ``on_notebook_start`` hook,
which the nbconvert configuration (``kernel/jupyter_nbconvert_config.py``) points at
``watch``. nbclient fills that very notebook with outputs; ``take`` hands it over once the
conversion has returned. ``execution_seconds`` reads how long its cells took.

``join_streams``, nbclient's ``on_cell_executed`` hook, makes a cell's printed text one output
however the kernel happened to send it, so that the same sources make the same page.
"""

from __future__ import annotations

import datetime as dt
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


def execution_seconds(notebook: nbformat.NotebookNode) -> float | None:
    """How long the kernel took to run the cells of `notebook`, from the start of the first
    to the reply to the last, as nbclient recorded it; None if it recorded nothing."""
    starts, ends = [], []
    for cell in notebook.cells:
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            starts.append(dt.datetime.fromisoformat(timing["iopub.execute_input"]))
            ends.append(dt.datetime.fromisoformat(timing["shell.execute_reply"]))
    if not starts:
        return None
    return (max(ends) - min(starts)).total_seconds()


def join_streams(cell: nbformat.NotebookNode, **_: object) -> None:
    """Move the text of each run of adjacent outputs of `cell` to the same stream into the
    first of them, leaving the others empty (a page shows no empty output).

    The kernel sends what a cell has printed every fifth of a second or so, and nbclient keeps
    each message as an output of its own: the same prints make one output at one run and two
    at the next, when the machine is busier. Outputs to another stream, or a figure, between
    two prints still part them, as they did on the reader's screen. No output is removed:
    nbclient updates a display (``display(..., display_id=True)``, then ``update``) at the
    place its output had in its cell, and no later cell must find another output there.
    nbclient calls this after each cell (``on_cell_executed``).
    """
    first = None
    for output in cell.get("outputs", []):
        if output.get("output_type") != "stream":
            first = None
        elif first is not None and first.get("name") == output.get("name"):
            first["text"] += output["text"]
            output["text"] = ""
        else:
            first = output
