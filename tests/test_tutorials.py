"""Every tutorial, run as a reader runs it: a fresh Python process, no notebook."""

from __future__ import annotations

import code
import re

import jupytext
import pytest
from conftest import TUTORIALS, allows_warnings, run_script
from tutorial_reader import PERCENT, read_tutorial


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_runs_as_a_plain_script_without_warnings(path):
    """Every warning fails the script, unless a cell of the tutorial is tagged to show one:
    then warnings are shown, and the build checks that no other cell raises any."""
    tagged = allows_warnings(path)
    result = run_script(path, on_warning="default" if tagged else "error")
    assert result.returncode == 0, result.stderr
    if not tagged:
        assert result.stderr == ""


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_header_is_complete(path):
    tutorial = read_tutorial(path.name, path.read_text("utf-8"))
    assert tutorial.title
    assert tutorial.description
    assert 50 <= len(tutorial.description) <= 300, "a description should fit a search result"


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_code_is_plain_python(path):
    """No notebook magics or shell escapes: the code a reader copies runs in plain Python."""
    notebook = jupytext.read(path, fmt=PERCENT)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*[%!]", cell.source, re.MULTILINE), cell.source


class PastedConsole(code.InteractiveConsole):
    """Python's interactive prompt, reading pasted lines as it would, without running them.

    At the prompt, a statement that follows an indented block must wait for a blank line
    (in a script it need not), and a blank line ends a block early.
    """

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []

    def runcode(self, code):
        pass

    def showsyntaxerror(self, filename=None, **kwargs):
        self.errors.append(self.line)

    def paste(self, block: str) -> None:
        """Type `block` line by line, then Enter on an empty line, as a reader would."""
        for self.line in [*block.splitlines(), ""]:
            self.push(self.line)


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_code_blocks_can_be_pasted_at_the_python_prompt(path):
    """Pasted block by block into an interactive `python` session, every line is accepted."""
    console = PastedConsole()
    for cell in jupytext.read(path, fmt=PERCENT).cells:
        if cell.cell_type == "code":
            console.paste(cell.source)
    assert console.errors == []


def test_the_pasting_check_finds_a_statement_glued_to_a_loop():
    console = PastedConsole()
    console.paste("for i in range(2):\n    print(i)\nprint('done')")
    console.paste("def f():\n    a = 1\n\n    return a")
    assert console.errors == ["print('done')", "    return a"]


CODE_LINE_LIMIT = 79


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_code_lines_fit_the_page(path):
    """A code block on the page shows 79 characters without scrolling sideways."""
    notebook = jupytext.read(path, fmt=PERCENT)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                assert len(line) <= CODE_LINE_LIMIT, line


def test_each_post_ends_by_pointing_to_the_next_one():
    """The series reads in date order; the last post points back to the first."""
    tutorials = sorted(
        (read_tutorial(p.name, p.read_text("utf-8")) for p in TUTORIALS), key=lambda t: t.date
    )
    for index, tutorial in enumerate(tutorials):
        closing = [c.source for c in tutorial.notebook.cells if c.cell_type == "markdown"][-1]
        following = tutorials[(index + 1) % len(tutorials)]
        assert f"]({following.path})" in closing, tutorial.path
