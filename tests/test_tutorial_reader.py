"""The helpers that read tutorial scripts and turn them into posts, without MkDocs."""

from __future__ import annotations

import copy
import datetime as dt
import os
import re

import jupytext
import nbformat
import pytest
import yaml
from tutorial_reader import (
    EXCERPT_SEPARATOR,
    TutorialError,
    cell_lines,
    check_matplotlibrc,
    describe_cell_error,
    failed_cell,
    links_to_posts,
    located,
    notebook_file,
    notebook_script,
    parse_header,
    post_stub,
    read_tutorial,
    read_tutorials,
    script_links_to_posts,
)

GOOD = """\
# ---
# title: Counting to three
# date: 2024-05-31
# updated: 2024-06-02
# description: >-
#   A tiny tutorial
#   that counts.
# tags: [counting, basics]
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Counting to three
#
# We count.

# %%
numbers = [1, 2, 3]

# %%
print(sum(numbers))
"""


def with_header_line(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def test_reads_the_post_fields():
    tutorial = read_tutorial("tutorial_src/count_to_three.py", GOOD)
    assert tutorial.title == "Counting to three"
    assert tutorial.date == dt.date(2024, 5, 31)
    assert tutorial.updated == dt.date(2024, 6, 2)
    assert tutorial.description == "A tiny tutorial that counts."
    assert tutorial.tags == ("counting", "basics")
    assert tutorial.slug == "count-to-three"


def test_the_notebook_keeps_every_cell_but_not_the_post_fields():
    tutorial = read_tutorial("t.py", GOOD)
    assert [cell.cell_type for cell in tutorial.notebook.cells] == ["markdown", "code", "code"]
    script = notebook_script(tutorial, "k3y")
    assert "title:" not in script
    assert "description" not in script
    notebook = jupytext.reads(script, fmt="py:percent")
    assert notebook.metadata["kernelspec"]["language"] == "python"
    assert notebook.metadata["tutorial_build_key"] == "k3y"
    assert [cell.source for cell in notebook.cells] == [
        cell.source for cell in tutorial.notebook.cells
    ]


def test_comments_that_look_like_magics_stay_comments(tmp_path):
    code = "# %s-style formatting is the old way\nx = '%s' % 1\n# !echo hello"
    tutorial = read_tutorial("t.py", GOOD + f"\n# %%\n{code}\n")
    assert tutorial.notebook.cells[-1].source == code
    script = tmp_path / "t.py"
    script.write_text(notebook_script(tutorial, "k3y"), "utf-8")
    assert jupytext.read(script).cells[-1].source == code, "as mkdocs-jupyter reads it"
    notebook = nbformat.reads(notebook_file(tutorial), as_version=4)
    assert notebook.cells[-1].source == code, "in the notebook readers download"


def test_the_downloadable_notebook_is_valid_and_stable():
    tutorial = read_tutorial("t.py", GOOD)
    text = notebook_file(tutorial)
    assert text == notebook_file(read_tutorial("t.py", GOOD)), "no random cell ids"
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    assert [cell.id for cell in notebook.cells] == ["cell-1", "cell-2", "cell-3"]
    assert "jupytext" not in notebook.metadata
    assert all(not cell.get("outputs") for cell in notebook.cells)


def test_links_to_other_tutorials_point_at_their_posts_in_downloads():
    text = (
        "# See [the first post](first.py), [its recap](first.py#recap),\n"
        "# [this page's recap](#recap), [a stranger](stranger.py) and [a site](https://a.b/c.py)."
    )
    assert links_to_posts(text, {"first.py": "first"}, "https://example.org/site/") == (
        "# See [the first post](https://example.org/site/first/),"
        " [its recap](https://example.org/site/first/#recap),\n"
        "# [this page's recap](#recap), [a stranger](stranger.py) and [a site](https://a.b/c.py)."
    )


def test_a_reference_to_another_tutorial_points_at_its_post_in_downloads():
    text = "# [first]: first.py#recap\n# [list]: https://a.b/first.py"
    assert links_to_posts(text, {"first.py": "first"}, "https://c.d/") == (
        "# [first]: https://c.d/first/#recap\n# [list]: https://a.b/first.py"
    )


def test_in_a_script_only_the_prose_has_its_links_pointed_at_posts():
    source = (
        "# ---\n# title: T\n# ---\n\n# %% [markdown]\n# See [the first](first.py).\n\n"
        '# %%\nlink = "[the first](first.py)"  # [the first](first.py)\n'
    )
    assert script_links_to_posts(source, {"first.py": "first"}, "https://c.d/") == source.replace(
        "# See [the first](first.py)", "# See [the first](https://c.d/first/)"
    )


def test_the_downloadable_notebook_passes_its_prose_through_the_given_function():
    notebook = nbformat.reads(notebook_file(read_tutorial("t.py", GOOD), str.upper), 4)
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert markdown
    assert all(text == text.upper() for text in markdown)
    assert code
    assert all(text != text.upper() for text in code)


def test_the_post_stub_carries_the_metadata_and_the_excerpt():
    stub = post_stub(read_tutorial("t.py", GOOD))
    _, front_matter, body = stub.split("---\n", 2)
    assert yaml.safe_load(front_matter) == {
        "title": "Counting to three",
        "description": "A tiny tutorial that counts.",
        "date": {"created": dt.date(2024, 5, 31), "updated": dt.date(2024, 6, 2)},
        "revised": dt.date(2024, 6, 2),
        "slug": "t",
        "tags": ["counting", "basics"],
    }
    assert body.strip() == f"A tiny tutorial that counts.\n\n{EXCERPT_SEPARATOR}"
    never_updated = post_stub(read_tutorial("t.py", GOOD.replace("# updated: 2024-06-02\n", "")))
    assert yaml.safe_load(never_updated.split("---\n", 2)[1])["revised"] == dt.date(2024, 5, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("# ---\n", "", 1), "t.py: header: the file must start with"),
        (GOOD.replace("# ---\n\n", "\n", 1), "t.py: header: no closing"),
        (with_header_line("# tags:", "tags:"), "t.py:8: header: every header line must start"),
        (
            with_header_line("# tags: [counting, basics]", "# tags: [[oops, basics]"),
            "t.py:9: header: not valid YAML: while parsing a flow sequence (from line 8), "
            "expected ',' or ']'",
        ),
        (with_header_line("# title: C", "# title: : C"), "t.py:2: header: not valid YAML"),
        (
            with_header_line("# title: Counting to three", "# title: Counting: to three"),
            "t.py:2: header: not valid YAML: mapping values are not allowed here (put a value"
            ' that holds ": " in quotes)',
        ),
        (with_header_line("# title: Counting to three\n", ""), "t.py: title: missing"),
        (with_header_line("# date: 2024-05-31\n", ""), "t.py: date: missing"),
        (
            with_header_line(
                "# description: >-\n#   A tiny tutorial\n#   that counts.", "# description:"
            ),
            "t.py:5: description: empty",
        ),
        (with_header_line("2024-05-31", "last Friday"), "t.py:3: date: expected a date"),
        (with_header_line("2024-06-02", "2024-05-01"), "t.py:4: updated: 2024-05-01 is before"),
        (with_header_line("# tags: [counting, basics]", "# tags: counting"), "t.py:8: tags"),
        (
            with_header_line("# tags: [counting, basics]", "# tags: [counting, Counting]"),
            "t.py:8: tags: 'Counting' given twice",
        ),
        (with_header_line("# title:", "# titel: x\n# title:"), "t.py:2: titel: not a header field"),
        (with_header_line("language: python", "language: R"), "t.py:9: jupyter: expected"),
        (with_header_line("# title: Counting to three", "# title: 3"), "t.py:2: title: expected"),
        (with_header_line("2024-05-31", "2024-02-30"), "t.py:3: date: not a date of the calendar"),
        (
            with_header_line("2024-06-02", "2024-13-02"),
            "t.py:4: updated: not a date of the calendar",
        ),
        (
            with_header_line("2024-05-31", "2024-5-31").replace("2024-06-02", "2024-02-30"),
            "t.py:4: updated: not a date of the calendar",
        ),
        (with_header_line("# date:", "# date: 2024-05-30\n# date:"), "t.py:4: date: given twice"),
        ("\N{BYTE ORDER MARK}" + GOOD, "t.py: header: the file starts with a byte order mark"),
        (
            with_header_line("# date: 2024-05-31", '# date: "2024-05-31"'),
            "t.py:3: date: expected a date such as 2024-05-31, got '2024-05-31': write it "
            "without quotes",
        ),
        (
            with_header_line("Counting to three\n", "Counting to *three*\n"),
            "t.py:2: title: plain text only: '*t' starts Markdown or HTML",
        ),
        (
            with_header_line("Counting to three\n", "Counting __init__ files\n"),
            "t.py:2: title: plain text only: '__i' starts Markdown or HTML",
        ),
        (
            with_header_line("A tiny tutorial", "A [tiny](other.py) tutorial"),
            "t.py:5: description: plain text only: '](' starts Markdown or HTML",
        ),
        (
            with_header_line("A tiny tutorial", "A `tiny` tutorial"),
            "t.py:5: description: plain text only: '`' starts",
        ),
        (
            with_header_line("A tiny tutorial", "A <em>tiny</em> tutorial"),
            "t.py:5: description: plain text only: '<e' starts",
        ),
    ],
    ids=[
        "no-opening",
        "no-closing",
        "uncommented",
        "bad-yaml",
        "bad-yaml-first-line",
        "unquoted-colon",
        "no-title",
        "no-date",
        "empty-description",
        "bad-date",
        "updated-before-date",
        "tags-not-list",
        "tag-twice",
        "unknown-field",
        "not-python",
        "title-not-text",
        "impossible-date",
        "impossible-updated",
        "impossible-updated-after-a-short-date",
        "field-twice",
        "byte-order-mark",
        "quoted-date",
        "emphasis-in-title",
        "underscores-in-title",
        "link-in-description",
        "code-in-description",
        "html-in-description",
    ],
)
def test_a_bad_header_names_file_and_field(text, message):
    with pytest.raises(TutorialError, match=re.escape(message)):
        read_tutorial("t.py", text)


def test_only_the_title_is_a_level_one_heading():
    second = GOOD.replace("# We count.", "# We count.\n\n# %% [markdown]\n# # Counting on")
    with pytest.raises(TutorialError, match=re.escape("t.py:21: cell 2: '# Counting on' is a")):
        read_tutorial("t.py", second)
    shell = "# We count.\n\n# %% [markdown]\n# ```bash\n# # a shell comment\n# ```"
    assert read_tutorial("t.py", GOOD.replace("# We count.", shell)), "code is no heading"


@pytest.mark.parametrize(
    ("prose", "message"),
    [
        ('!!! note "Seeds"\n#     Fix them.', """'!!! note' is an admonition, which the page"""),
        ("Lloyd, 1982[^1].", "'[^1]' is a footnote, which the page would show as typed"),
        ("The inertia is $d_1^2 + d_2^2$.", "'$d_1^2 + d_2^2$' is mathematics, which the page"),
        ("$$\n# x^2\n# $$", "'$$' is mathematics"),
    ],
    ids=["admonition", "footnote", "inline-math", "display-math"],
)
def test_prose_that_the_page_would_show_as_typed_is_refused(prose, message):
    text = GOOD.replace("# We count.", f"# We count.\n\n# %% [markdown]\n# {prose}")
    with pytest.raises(TutorialError, match=re.escape(f"t.py:21: cell 2: {message}")):
        read_tutorial("t.py", text)


@pytest.mark.parametrize(
    "prose", ["It costs $5, or $10 with tax.", "Print `f'${x^2}$'` to see.", "```\n# $$\n# ```"]
)
def test_dollars_and_code_are_not_mathematics(prose):
    text = GOOD.replace("# We count.", f"# We count.\n\n# %% [markdown]\n# {prose}")
    assert read_tutorial("t.py", text).title


def test_the_first_cell_must_carry_the_title():
    """The message gives the line to fix, and the title as the script writes it."""
    text = GOOD.replace("# # Counting to three", "# # Counting to four")
    message = (
        "t.py:17: title: the first cell starts with '# Counting to four'; it must start with "
        "the header's title, the line '# # Counting to three' in the script"
    )
    with pytest.raises(TutorialError, match=f"^{re.escape(message)}$"):
        read_tutorial("t.py", text)
    # Below a line of other text, the title is still found where it is written.
    text = GOOD.replace("# # Counting to three", "# Counting.\n# # Counting to three")
    with pytest.raises(TutorialError, match=r"^t\.py:17: title: .* 'Counting\.'"):
        read_tutorial("t.py", text)


def test_raw_cells_are_refused():
    text = GOOD + "\n# %% [raw]\n# <b>published as is</b>\n"
    with pytest.raises(TutorialError, match=re.escape("t.py:27: cell 4 is a raw cell")):
        read_tutorial("t.py", text)


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("%time total = sum(range(10))", 28),  # a magic
        ("x = 1\n!ls", 29),  # a shell command
        ("# %% [markdown]\n# Prose, then a line\nthat lost its hash.", 30),
    ],
)
def test_a_tutorial_that_plain_python_cannot_run_is_refused_with_its_line(code, line):
    text = GOOD + f"\n# %%\n{code}\n"
    with pytest.raises(TutorialError, match=re.escape(f"t.py:{line}: not plain Python (")):
        read_tutorial("t.py", text)


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            '# %% tags="volatile-output"',
            "t.py:27: jupytext cannot read the tutorial ('volatile-output' is not of type "
            "'array'); a cell's metadata is written as key=value pairs with JSON values",
        ),
        ("# %% tags=[1]", "t.py:27: jupytext cannot read the tutorial (AttributeError: "),
        (
            "# %% tags=[volatile-output]",
            "t.py:27: cell 4: jupytext cannot read the metadata 'tags=[volatile-output]'; "
            'it is written as key=value pairs with JSON values, as in # %% tags=["allow-',
        ),
        (
            '# %% tags=["volatile-outputs"]',
            "t.py:27: cell 4: unknown tag 'volatile-outputs'; the tags a cell may carry are "
            "'allow-warnings', 'volatile-output'",
        ),
    ],
)
def test_cell_metadata_that_would_be_lost_or_misread_names_the_line(marker, message):
    """A tag that jupytext cannot read, or that means nothing here, would leave the cell
    without the treatment its author asked for (a timing published, say)."""
    text = GOOD + f"\n{marker}\nprint(1)\n"
    assert text.splitlines()[26] == marker
    with pytest.raises(TutorialError, match=re.escape(message)):
        read_tutorial("t.py", text)


def test_a_tag_on_prose_is_refused_as_it_would_do_nothing():
    text = GOOD + '\n# %% [markdown] tags=["allow-warnings"]\n# Prose.\n'
    message = "t.py:27: cell 4: the tag 'allow-warnings' is for code cells; on prose it would"
    with pytest.raises(TutorialError, match=re.escape(message)):
        read_tutorial("t.py", text)


def test_cells_may_carry_the_known_tags():
    text = GOOD + '\n# %% tags=["volatile-output", "allow-warnings"]\nprint(1)\n'
    assert read_tutorial("t.py", text).notebook.cells[-1].metadata.tags == [
        "volatile-output",
        "allow-warnings",
    ]


def test_parse_header_returns_dates_as_dates():
    header = parse_header("t.py", GOOD)
    assert isinstance(header["date"], dt.date)


class FakeCellError(Exception):
    """Shaped like nbclient's CellExecutionError: the error's name and value."""

    ename = "ZeroDivisionError"
    evalue = "division by zero"


class CellTimeoutError(Exception):
    """Named like nbclient's."""


REPEATING = GOOD.replace("print(sum(numbers))", "numbers[0]\n\n# %%\nprint(numbers[0] / 0)")


def executed(tutorial, *, started: int, error: bool) -> nbformat.NotebookNode:
    """`tutorial` as nbclient leaves it when it stops at cell number `started`."""
    notebook = copy.deepcopy(tutorial.notebook)
    for number, cell in enumerate(notebook.cells[:started], 1):
        if cell.cell_type == "code":
            cell.execution_count = number
    if error:
        failing = notebook.cells[started - 1]
        failing.outputs = [nbformat.v4.new_output("error", ename="E", evalue="", traceback=[])]
    return notebook


def test_a_cell_error_is_described_by_file_cell_first_line_and_error():
    tutorial = read_tutorial("tutorial_src/t.py", GOOD)
    notebook = executed(tutorial, started=3, error=True)
    assert describe_cell_error(tutorial, FakeCellError("..."), notebook) == (
        "tutorial_src/t.py:25: cell 3 ('print(sum(numbers))') raised "
        "ZeroDivisionError: division by zero"
    )


def described(ename: str, evalue: str) -> str:
    """How the build describes cell 3 of GOOD raising `ename` with the message `evalue`."""
    tutorial = read_tutorial("tutorial_src/t.py", GOOD)
    notebook = executed(tutorial, started=3, error=True)
    error = FakeCellError()
    error.ename, error.evalue = ename, evalue
    return describe_cell_error(tutorial, error, notebook)


def test_an_exception_message_of_several_lines_is_told_on_one():
    """The log keeps one line per problem; a caret under a column means nothing there."""
    evalue = "cannot parse:\n  a + * b\n      ^\n\nSyntaxError: unexpected '*'"
    assert described("ValueError", evalue) == (
        "tutorial_src/t.py:25: cell 3 ('print(sum(numbers))') raised ValueError: cannot "
        "parse: a + * b; SyntaxError: unexpected '*'"
    )


def test_the_lines_of_a_message_in_sentences_are_joined_as_sentences():
    evalue = "The data cannot be read.\nCheck that the file exists!\nThen run again"
    assert described("ValueError", evalue).endswith(
        "raised ValueError: The data cannot be read. Check that the file exists! Then run again"
    )


def test_an_exception_without_a_message_ends_at_its_name():
    assert described("SystemExit", "") == (
        "tutorial_src/t.py:25: cell 3 ('print(sum(numbers))') raised SystemExit "
        "(a tutorial runs to its end; sys.exit() would stop a reader's run)"
    )


def test_a_missing_file_name_says_where_a_tutorial_runs():
    assert described("NameError", "name '__file__' is not defined").endswith(
        "raised NameError: name '__file__' is not defined (a notebook has no file name; a "
        "tutorial runs in its own folder: open its files by paths relative to it)"
    )


def test_a_message_ending_a_sentence_loses_its_full_stop_before_what_follows():
    assert described("FileNotFoundError", "data.txt not found.").endswith(
        "raised FileNotFoundError: data.txt not found"
    )
    assert described("ValueError", "expected more...").endswith("ValueError: expected more...")


def test_asking_for_input_says_that_no_one_answers():
    message = "raw_input was called, but this frontend does not support input requests."
    assert described("StdinNotImplementedError", message).endswith(
        "cell 3 ('print(sum(numbers))') asked for input (input(), getpass()), which no one "
        "gives a build: put the value in the code"
    )


# IPython's traceback of an exception raised in a function of cell 2, called from line 2
# of cell 3 (the numbers of the cells' executions), in IPython's colours.
TRACEBACK = (
    "\x1b[31m---------------------------------------------------------------------------\x1b[39m\n"
    "\x1b[31mZeroDivisionError\x1b[39m                         Traceback (most recent call last)\n"
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line 2\x1b[39m\n"
    "\x1b[32m----> 2\x1b[39m inner(0)\n"
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[2]\x1b[39m\x1b[32m, line 2\x1b[39m\n"
    "\x1b[32m----> 2\x1b[39m return 1 / x\n"
    "\x1b[31mZeroDivisionError\x1b[39m: division by zero"
)


def test_a_cell_error_names_the_line_of_the_failing_cell_that_was_running():
    tutorial = read_tutorial(
        "tutorial_src/t.py", GOOD.replace("print(sum(numbers))", "x = 0\ninner(0)")
    )
    notebook = executed(tutorial, started=3, error=True)
    error = FakeCellError()
    error.traceback = TRACEBACK
    assert describe_cell_error(tutorial, error, notebook) == (
        "tutorial_src/t.py:26: cell 3 ('x = 0') raised ZeroDivisionError: division by zero, "
        "at line 2 of the cell ('inner(0)')"
    )
    error.traceback = TRACEBACK.replace("In[3]", "In[9]")  # no frame of this cell
    message = describe_cell_error(tutorial, error, notebook)
    assert message.startswith("tutorial_src/t.py:25: cell 3 ")  # the cell's first line
    assert message.endswith("division by zero")


def test_the_failing_cell_is_named_even_when_it_repeats_an_earlier_cell():
    tutorial = read_tutorial("tutorial_src/t.py", REPEATING)
    assert failed_cell(executed(tutorial, started=4, error=True)) == 4
    assert failed_cell(executed(tutorial, started=3, error=True)) == 3


def test_an_earlier_cell_allowed_to_raise_is_not_the_failing_cell():
    tutorial = read_tutorial("tutorial_src/t.py", REPEATING)
    notebook = executed(tutorial, started=4, error=True)
    notebook.cells[2].outputs = list(notebook.cells[3].outputs)  # tagged raises-exception
    assert failed_cell(notebook) == 4


def test_a_cell_that_killed_the_kernel_before_its_count_came_is_the_failing_cell():
    tutorial = read_tutorial("tutorial_src/t.py", REPEATING)
    notebook = executed(tutorial, started=3, error=False)
    notebook.cells[3].metadata["execution"] = {}  # sent to the kernel, which died at once
    assert failed_cell(notebook) == 4


def test_a_timeout_names_the_last_cell_that_started():
    tutorial = read_tutorial("tutorial_src/t.py", REPEATING)
    notebook = executed(tutorial, started=4, error=False)
    error = CellTimeoutError(
        "A cell timed out while it was being executed, after 3 seconds.\nnumbers[0]\n..."
    )
    assert describe_cell_error(tutorial, error, notebook) == (
        "tutorial_src/t.py:28: cell 4 ('print(numbers[0] / 0)') ran past the timeout of 3 "
        "seconds "
        "(c.NotebookClient.timeout in docs/overrides/kernel/jupyter_nbconvert_config.py)"
    )


def test_a_syntax_error_names_the_line_of_the_cell_not_the_file_ipython_made_up():
    tutorial = read_tutorial("tutorial_src/t.py", GOOD)
    notebook = executed(tutorial, started=3, error=True)
    error = FakeCellError()
    error.ename, error.evalue = "SyntaxError", "'(' was never closed (3245571756.py, line 1)"
    error.traceback = (
        "\x1b[36m  Cell \x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line 1\x1b[39m\n"
        "    print(sum(numbers)\n         ^\n"
        "\x1b[31mSyntaxError\x1b[39m: '(' was never closed\n"
    )
    assert describe_cell_error(tutorial, error, notebook) == (
        "tutorial_src/t.py:25: cell 3 ('print(sum(numbers))') raised SyntaxError: '(' was never "
        "closed, at line 1 of the cell ('print(sum(numbers))')"
    )


def test_an_error_outside_any_cell_still_names_the_file():
    tutorial = read_tutorial("tutorial_src/t.py", GOOD)
    expected = "tutorial_src/t.py: executing the tutorial failed: RuntimeError: Kernel died"
    error = RuntimeError("Kernel died\nbefore starting")
    assert describe_cell_error(tutorial, error, executed(tutorial, started=0, error=False)) == (
        expected
    )
    assert describe_cell_error(tutorial, error, None) == expected


def test_the_hint_to_quote_a_value_is_given_only_where_a_value_holds_a_colon():
    indented = with_header_line("# date: 2024-05-31", "# date: 2024-05-31\n#  updated: 2024-06-02")
    with pytest.raises(TutorialError) as raised:
        read_tutorial("t.py", indented)
    assert str(raised.value) == (
        "t.py:4: header: not valid YAML: mapping values are not allowed here"
    )


def test_hidden_files_in_the_tutorial_folder_are_not_tutorials(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / "counting.py").write_text(GOOD, "utf-8")
    (folder / ".#counting.py").symlink_to("someone@host.1234")  # an editor's lock file
    (folder / ".counting.py").write_text("not a tutorial", "utf-8")
    assert [t.path for t in read_tutorials(tmp_path)] == ["tutorial_src/counting.py"]


@pytest.mark.parametrize("other", ["K-Means", "k means", "k-means"])
def test_a_tag_spelled_two_ways_in_two_posts_is_refused(tmp_path, other):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    tags = "# tags: [counting, basics]"
    (folder / "a.py").write_text(with_header_line(tags, "# tags: [k-means, basics]"))
    b = with_header_line(tags, f"# tags: [counting, {other}]")
    (folder / "b.py").write_text(another_post(b))
    if other == "k-means":  # the same spelling: the same tag
        assert [t.tags for t in read_tutorials(tmp_path)][1] == ("counting", "k-means")
        return
    message = f"tutorial_src/b.py:8: tags: '{other}' is 'k-means' (tutorial_src/a.py) spelled"
    with pytest.raises(TutorialError, match=re.escape(message)):
        read_tutorials(tmp_path)


def test_a_clash_between_two_posts_blames_the_newer_whatever_the_file_names(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / "z.py").write_text(with_header_line("# tags: [counting, basics]", "# tags: [Basics]"))
    newer = another_post(GOOD)  # a.py sorts first, but its post is the newer
    (folder / "a.py").write_text(newer)
    message = "tutorial_src/a.py:8: tags: 'basics' is 'Basics' (tutorial_src/z.py) spelled"
    with pytest.raises(TutorialError, match=re.escape(message)):
        read_tutorials(tmp_path)
    (folder / "z.py").write_text(GOOD)
    (folder / "a.py").write_text(newer.replace("Counting to four", "Counting to three"))
    with pytest.raises(TutorialError, match=r"^tutorial_src/a\.py:2: title: 'Counting to three'"):
        read_tutorials(tmp_path)


@pytest.mark.parametrize("name", ["My tutorial.py", "café.py", "a.b.py", "_draft.py"])
def test_a_file_name_that_would_make_a_poor_address_is_refused(tmp_path, name):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / name).write_text(GOOD, "utf-8")
    with pytest.raises(TutorialError, match=rf"^tutorial_src/{re.escape(name)}: a tutorial's"):
        read_tutorials(tmp_path)


def test_two_posts_with_one_title_are_refused(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / "a.py").write_text(GOOD, "utf-8")
    (folder / "b.py").write_text(GOOD.replace("three", "Three"), "utf-8")
    with pytest.raises(
        TutorialError, match=r"^tutorial_src/b\.py:2: title: 'Counting to Three' is"
    ):
        read_tutorials(tmp_path)


def test_titles_that_differ_only_in_case_spaces_or_punctuation_are_refused(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / "a.py").write_text(GOOD, "utf-8")
    alike = GOOD.replace("Counting to three", "Counting to three!")
    (folder / "b.py").write_text(alike.replace("2024-05-31", "2024-06-01"), "utf-8")
    message = (
        "tutorial_src/b.py:2: title: 'Counting to three!' differs from the title of "
        "tutorial_src/a.py, 'Counting to three', only in case, spaces or punctuation"
    )
    with pytest.raises(TutorialError, match=re.escape(message)):
        read_tutorials(tmp_path)


def test_a_title_with_underscores_inside_words_is_plain_text():
    text = GOOD.replace("Counting to three", "Counting with make_blobs")
    assert read_tutorial("t.py", text).title == "Counting with make_blobs"


def test_two_tags_of_one_post_that_would_share_a_section_are_refused(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / "a.py").write_text(GOOD.replace("tags: [", "tags: [C++, c, "), "utf-8")
    message = "tutorial_src/a.py:8: tags: 'C++' and 'c' would share one section of the tags"
    with pytest.raises(TutorialError, match=re.escape(message)):
        read_tutorials(tmp_path)


def test_two_posts_of_one_date_are_refused(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / "a.py").write_text(GOOD, "utf-8")
    (folder / "b.py").write_text(GOOD.replace("three", "four"), "utf-8")
    message = (
        "tutorial_src/b.py:3: date: 2024-05-31 is the date of tutorial_src/a.py too; the series "
        "is ordered by date: give each post a day of its own"
    )
    with pytest.raises(TutorialError, match=f"^{re.escape(message)}$"):
        read_tutorials(tmp_path)
    # Of two posts of one date, the file saved last is the one being written.
    (folder / "a.py").write_text(GOOD.replace("three", "two"), "utf-8")
    later = (folder / "b.py").stat().st_mtime_ns + 10**9
    os.utime(folder / "a.py", ns=(later, later))
    with pytest.raises(TutorialError, match=r"^tutorial_src/a\.py:3: date: 2024-05-31 is the"):
        read_tutorials(tmp_path)
    (folder / "a.py").write_text(GOOD, "utf-8")
    (folder / "b.py").write_text(another_post(GOOD), "utf-8")
    assert [t.date for t in read_tutorials(tmp_path)] == [
        dt.date(2024, 5, 31),
        dt.date(2024, 6, 1),
    ]


DATES = "# date: 2024-05-31\n# updated: 2024-06-02"


def test_a_post_dated_in_the_future_is_refused(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / "a.py").write_text(with_header_line(DATES, "# date: 2024-06-02"))
    with pytest.raises(TutorialError) as raised:
        read_tutorials(tmp_path, today=dt.date(2024, 5, 31))
    assert str(raised.value) == (
        "tutorial_src/a.py:3: date: 2024-06-02 is in the future (today is 2024-05-31): the blog "
        "has no scheduled posts; give the day it is published"
    )
    # East of UTC, the author's today can be UTC's tomorrow.
    assert read_tutorials(tmp_path, today=dt.date(2024, 6, 1))[0].date == dt.date(2024, 6, 2)

    revised = "# date: 2024-05-30\n# updated: 2042-06-01"
    (folder / "a.py").write_text(with_header_line(DATES, revised))
    with pytest.raises(TutorialError) as raised:
        read_tutorials(tmp_path, today=dt.date(2024, 5, 31))
    assert str(raised.value) == (
        "tutorial_src/a.py:4: updated: 2042-06-01 is in the future (today is 2024-05-31): the "
        "blog has no scheduled posts; give the day of the revision"
    )


def test_the_future_begins_after_the_clocks_today_and_the_day_after(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    today = dt.datetime.now(dt.UTC).date()
    for days, refused in [(1, False), (2, True)]:
        later = today + dt.timedelta(days=days)
        (folder / "a.py").write_text(with_header_line(DATES, f"# date: {later}"))
        if refused:
            with pytest.raises(TutorialError, match=f"date: {later} is in the future"):
                read_tutorials(tmp_path)
        else:
            assert read_tutorials(tmp_path)[0].date == later


def another_post(text: str) -> str:
    """`text`, a tutorial like GOOD, with a title and a date of its own."""
    return text.replace("Counting to three", "Counting to four").replace(
        "# date: 2024-05-31", "# date: 2024-06-01"
    )


def test_a_tutorial_that_is_not_utf8_names_the_file(tmp_path):
    folder = tmp_path / "tutorial_src"
    folder.mkdir()
    (folder / "latin.py").write_bytes(
        GOOD.replace("We count.", "On compte \xe0 trois.").encode("latin-1")
    )
    with pytest.raises(TutorialError, match=r"^tutorial_src/latin\.py:19: not UTF-8 text"):
        read_tutorials(tmp_path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("lines.linewdth: 2", "rc: Bad key lines.linewdth, line 1 ('lines.linewdth: 2')"),
        ("lines.linewidth: abc", "rc: Bad value, line 1 ('lines.linewidth: abc'): Key lines."),
        ("figure.dpi: 50\nfigure.dpi: 60", "rc: Duplicate key, line 2 ('figure.dpi: 60')"),
        ("lines.linewidth 2", "rc: Missing colon, line 1 ('lines.linewidth 2')"),
    ],
    ids=["misspelt-setting", "bad-value", "given-twice", "no-colon"],
)
def test_a_matplotlibrc_line_that_matplotlib_would_drop_is_an_error(tmp_path, line, message):
    path = tmp_path / "matplotlibrc"
    path.write_text(f"{line}\n", "utf-8")
    with pytest.raises(TutorialError, match=re.escape(message)):
        check_matplotlibrc(path, "rc")


def test_a_good_matplotlibrc_passes(tmp_path):
    path = tmp_path / "matplotlibrc"
    path.write_text("figure.dpi: 50\n# a comment\n\nlines.linewidth: 2\n", "utf-8")
    check_matplotlibrc(path, "rc")


def test_each_cell_is_found_at_its_line_of_the_file():
    text = GOOD.replace("print(sum(numbers))", "\n# a comment\nprint(sum(numbers))")
    tutorial = read_tutorial("t.py", text)
    lines = text.splitlines()
    found = cell_lines(text, tutorial.notebook.cells)
    assert found == [16, 22, 26]
    assert lines[16 - 1] == "# %% [markdown]"  # a Markdown cell: its "# %%" line
    assert lines[22 - 1] == "numbers = [1, 2, 3]"
    # IPython numbers the lines of a cell from its first that is not blank, as here.
    assert lines[26 - 1] == "# a comment"
    message = located(tutorial, "cell 3 ('# a comment') raised", line_in_cell=2)
    assert message.startswith("t.py:27: ")
    message = located(tutorial, "cell 3 ('# a comment') warned W: w (from line 2 of the cell)")
    assert message.startswith("t.py:27: ")
    # A line of another cell is not a line of this one.
    message = located(tutorial, "cell 3 ('# a comment') warned (from line 2 of the cell 'x')")
    assert message.startswith("t.py:26: ")
    assert lines[27 - 1] == "print(sum(numbers))"


def test_no_cell_has_a_line_where_cells_and_the_files_cell_lines_do_not_pair_up():
    tutorial = read_tutorial("t.py", GOOD)
    cells = copy.deepcopy(tutorial.notebook.cells)
    assert cell_lines(GOOD, cells) == [16, 22, 25]
    cells[2].source = "%time " + cells[2].source  # as jupytext reads a commented magic
    assert cell_lines(GOOD, cells) == [None, None, None]
    assert cell_lines(GOOD, cells[1:]) == [None, None]  # one cell fewer than "# %%" lines
    cells = tutorial.notebook.cells
    assert cell_lines(GOOD, [cells[0], cells[2], cells[1]]) == [None, None, None]
    # jupytext reads "#%%" and an indented "# %%" as the start of a cell, "# %%%" or a
    # "# %%" line in a string not.
    text = GOOD.replace("# %%\nnumbers", "#%%\nnumbers").replace("# %%\nprint", "  # %%\nprint")
    assert cell_lines(text, read_tutorial("t.py", text).notebook.cells) == [16, 22, 25]
    text = GOOD.replace("numbers = [1, 2, 3]", 'numbers = [1, 2, 3]\nnote = """\n# %%\n"""')
    text = text.replace("# We count.", "# We count.\n# %%%")
    cells = read_tutorial("t.py", text).notebook.cells
    assert len(cells) == 3
    assert cell_lines(text, cells) == [None, None, None]


def test_a_message_starts_at_the_line_of_the_cell_it_names():
    tutorial = read_tutorial("t.py", GOOD.replace("print(sum(numbers))", "x = 1\nprint(x)"))
    assert located(tutorial, "cell 2 ('numbers = [1, 2, 3]') warned").startswith("t.py:22: ")
    assert located(tutorial, "the tutorial raised") == "t.py: the tutorial raised"
    for message, line in [
        ("cell 3 ('x = 1') warned W: w (from line 2 of the cell)", 26),
        ("cell 3 ('x = 1') warned W: w (from line 2 of the cell ('print(x)'))", 26),
        ("cell 3 ('x = 1') warned W: w (from line 2 of the cell, in the thread 't')", 26),
        # A line of another cell is no line of this one, nor is a line past its end.
        ("cell 3 ('x = 1') warned W: w (from line 2 of the cell 'numbers = [1, 2, 3]')", 25),
        ("cell 3 ('x = 1') hides warnings with ... (at line 9 of the cell)", 25),
    ]:
        assert located(tutorial, message).startswith(f"t.py:{line}: "), message
