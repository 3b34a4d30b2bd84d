"""The notebooks handed over by nbclient, and how long their cells took."""

from __future__ import annotations

import nbformat
from executed_notebooks import KEY, execution_seconds, take, watch


def timed(cells: list[tuple[str, str] | None]) -> nbformat.NotebookNode:
    """A notebook of a markdown cell, then a code cell per (start, reply) timing."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("# Title"))
    for timing in cells:
        cell = nbformat.v4.new_code_cell("pass")
        if timing is not None:
            start, reply = timing
            cell.metadata["execution"] = {
                "iopub.execute_input": f"2026-01-01T10:00:{start}Z",
                "shell.execute_reply": f"2026-01-01T10:00:{reply}Z",
            }
        notebook.cells.append(cell)
    return notebook


def test_the_cells_took_from_the_first_start_to_the_last_reply():
    notebook = timed([("01.000000", "01.500000"), None, ("02.000000", "04.250000")])
    assert execution_seconds(notebook) == 3.25


def test_a_notebook_without_timings_has_no_execution_time():
    assert execution_seconds(timed([None, None])) is None


def test_a_watched_notebook_is_taken_once_by_its_key():
    notebook = timed([])
    notebook.metadata[KEY] = "page-key"
    watch(notebook)
    assert take("page-key") is notebook
    assert take("page-key") is None
