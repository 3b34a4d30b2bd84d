"""The notebooks handed over by nbclient, and how long their cells took."""

from __future__ import annotations

import nbformat
from executed_notebooks import KEY, execution_seconds, join_streams, take, watch


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


def stream(name: str, text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name=name, text=text)


def test_adjacent_prints_to_one_stream_become_one_output_and_no_output_moves():
    figure = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
    cell = nbformat.v4.new_code_cell("...")
    cell.outputs = [
        stream("stdout", "a\n"),
        stream("stdout", "b\n"),
        stream("stderr", "warned\n"),
        stream("stdout", "c\n"),
        stream("stdout", "d\n"),
        stream("stdout", "e\n"),
        figure,
        stream("stdout", "f\n"),
    ]
    join_streams(cell=cell, cell_index=1, execute_reply={})
    assert [(o.output_type, o.get("name"), o.get("text")) for o in cell.outputs] == [
        ("stream", "stdout", "a\nb\n"),
        ("stream", "stdout", ""),
        ("stream", "stderr", "warned\n"),
        ("stream", "stdout", "c\nd\ne\n"),
        ("stream", "stdout", ""),
        ("stream", "stdout", ""),
        ("display_data", None, None),  # where it was: a later cell may update it there
        ("stream", "stdout", "f\n"),
    ]


def test_a_cell_without_outputs_is_left_alone():
    cell = nbformat.v4.new_markdown_cell("# Title")
    join_streams(cell=cell, cell_index=0, execute_reply={})
    assert "outputs" not in cell
