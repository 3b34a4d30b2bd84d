"""Read tutorial scripts and turn them into what the site publishes.

A tutorial is a Python script in jupytext percent format whose YAML header carries the post's
metadata beside jupytext's own ``jupyter:`` block::

    # ---
    # title: KMeans clustering with scikit-learn
    # date: 2020-01-14
    # description: One or two sentences for the home page, feeds and search engines.
    # tags: [k-means, scikit-learn]
    # jupyter:
    #   kernelspec: {display_name: Python 3, language: python, name: python3}
    # ---

These functions are pure (text in, text out) so that they can be tested without MkDocs; the
hook in ``tutorial_posts.py`` wires them into the build.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import datetime as dt
import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jupytext
import markdown.extensions.toc
import nbformat
import yaml
from pymdownx.slugs import slugify

HEADER_FENCE = "# ---"
EXCERPT_SEPARATOR = "<!-- more -->"
FIELDS = ("title", "date", "updated", "description", "tags", "jupyter")
REQUIRED_FIELDS = ("title", "date", "description", "jupyter")
# How a tutorial is read: as a percent script whose comments stay comments. jupytext would
# otherwise turn a comment such as "# %s formats a string" into an IPython magic, and
# "# !ls" into a shell command, which the build would run and plain Python would not.
PERCENT = {"extension": ".py", "format_name": "percent", "comment_magics": False}
TUTORIAL_DIR = "tutorial_src"  # the tutorials' folder, in the repository
# How Material's tags plugin (by default) makes a tag's anchor on the tags page.
TAG_SLUG = slugify(case="lower")
# The anchor that the home page gives a post's title (Python-Markdown's own slugify).
TITLE_SLUG = markdown.extensions.toc.slugify
# The tags a cell may carry (# %% tags=["allow-warnings"]); README says what each does.
ALLOW_WARNINGS_TAG = "allow-warnings"
VOLATILE_TAG = "volatile-output"
CELL_TAGS = (ALLOW_WARNINGS_TAG, VOLATILE_TAG)
# A Markdown link to another tutorial, by its file name: ](other.py), ](other.py#heading),
# or a reference's definition, [name]: other.py.
MARKDOWN_SCRIPT_LINK = re.compile(r"(\]\(|\]:[ \t]*)([\w-]+\.py)(#[\w-]*)?(?=[)\s]|$)", re.M)
# A tutorial's file name: its post's address, its downloads' names, and what other tutorials
# link to (MARKDOWN_SCRIPT_LINK).
TUTORIAL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\.py")  # not "_draft.py": "/-draft/"
# Markdown or HTML, in a header field that is shown as typed (in the browser's tab, the
# feeds, the navigation, search results): code, emphasis, a link, a tag.
# Underscores start emphasis at the start of a word only (``__init__``, not ``make_blobs``).
MARKUP = re.compile(r"`|\*\S|(?<!\w)_+[^\s_]|\]\(|<[A-Za-z/!]")


# Markdown that Material's pages know but a notebook's prose does not (the page renders it as
# Jupyter does): what it is, and what to write instead.
PROSE_SYNTAX = (
    (
        re.compile(r"^ {0,3}(?:!!!|\?\?\?\+?) ?\w*"),
        "an admonition",
        "write a paragraph, or a quote ('> ')",
    ),
    (re.compile(r"\[\^[^\]]+\]"), "a footnote", "say it in the sentence, or in brackets"),
    (
        re.compile(r"\$\$|\$[^$\s][^$]*[\\^_{][^$]*\$"),
        "mathematics",
        "the site typesets none (it loads no MathJax): write it in words, or as code",
    ),
)


class TutorialError(Exception):
    """A tutorial cannot be published; the message names the file and what is wrong."""


@dataclasses.dataclass(frozen=True)
class Tutorial:
    """A tutorial script, read and checked."""

    path: str
    source: str  # the script's text, as read
    title: str
    date: dt.date
    description: str
    tags: tuple[str, ...]
    updated: dt.date | None
    notebook: nbformat.NotebookNode

    @property
    def slug(self) -> str:
        """The last part of the post's URL, from the file name."""
        return Path(self.path).stem.replace("_", "-")


def read_tutorials(
    root: Path, folder: str = TUTORIAL_DIR, *, today: dt.date | None = None
) -> list[Tutorial]:
    """Every tutorial in `root`/`folder`, read and checked, in file-name order.

    Hidden files (an editor's lock or backup files) are not tutorials. No post may be dated
    after `today` (by default, today's date in UTC) and the day after it.
    """
    tutorials, saved = [], {}
    for path in python_files(root / folder):
        name = path.relative_to(root).as_posix()
        saved[name] = path.stat().st_mtime_ns
        if not TUTORIAL_NAME.fullmatch(path.name):
            raise TutorialError(
                f"{name}: a tutorial's file name becomes its post's address and its downloads' "
                "names: use only letters, digits, '_' and '-', and start with a letter or a "
                "digit (kmeans_basics.py)"
            )
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError as error:
            line = error.object[: error.start].count(b"\n") + 1
            raise TutorialError(
                f"{name}:{line}: not UTF-8 text ({error.reason} at byte {error.start}): save "
                "the file as UTF-8"
            ) from None
        except OSError as error:
            raise TutorialError(f"{name}: cannot be read ({error.strerror})") from None
        tutorials.append(read_tutorial(name, text))
    # Oldest first, and of two posts of one date, the file saved last: where two posts
    # clash, the message blames the newer one, or the one just edited, as the one being
    # written.
    by_date = sorted(tutorials, key=lambda t: (t.date, saved[t.path], t.path))
    _check_tags_alike(by_date)
    _check_titles_differ(by_date)
    _check_dates_differ(by_date)
    _check_not_future(by_date, today or dt.datetime.now(dt.UTC).date())
    return tutorials


def _check_titles_differ(tutorials: Iterable[Tutorial]) -> None:
    """Fail where two posts have one title, or titles that differ only in case, spaces or
    punctuation: the home page, the feeds and search results could not tell them apart,
    and the home page would give both the same anchor."""
    first: dict[str, Tutorial] = {}  # the anchor of the title on the home page: its post
    for tutorial in tutorials:
        other = first.setdefault(TITLE_SLUG(tutorial.title, "-"), tutorial)
        if other is tutorial:
            continue
        place = f"{_header_place(tutorial, 'title')}: title: {tutorial.title!r}"
        if tutorial.title.casefold() == other.title.casefold():
            raise TutorialError(
                f"{place} is the title of {other.path} too; readers could not tell the posts apart"
            )
        raise TutorialError(
            f"{place} differs from the title of {other.path}, {other.title!r}, only in case, "
            "spaces or punctuation; readers could hardly tell the posts apart, and the home "
            "page would link both to one heading"
        )


def _check_dates_differ(tutorials: Iterable[Tutorial]) -> None:
    """Fail where two posts have one date: the series is ordered by date (the home page, the
    tags page, the feeds, each post's previous and next links), and a tie has no order that
    all of them would agree on."""
    _check_differ(
        tutorials,
        "date",
        lambda date: (date, date.isoformat()),
        "the series is ordered by date: give each post a day of its own",
    )


def _check_not_future(tutorials: Iterable[Tutorial], today: dt.date) -> None:
    """Fail at a post dated, or updated, later than the day after `today`: the blog would
    list it first as if it had been published, and such a date is most often a typo
    (2062 for 2026). The day after gives the authors east of UTC their own today."""
    latest = today + dt.timedelta(days=1)
    for tutorial in tutorials:
        for field, day in (("date", "it is published"), ("updated", "of the revision")):
            value = getattr(tutorial, field)
            if value is not None and value > latest:
                raise TutorialError(
                    f"{_header_place(tutorial, field)}: {field}: {value} is in the future "
                    f"(today is {today}): the blog has no scheduled posts; give the day {day}"
                )


def _check_differ(
    tutorials: Iterable[Tutorial],
    field: str,
    key_and_text: Callable[[Any], tuple[Any, str]],
    why: str,
) -> None:
    """Fail at the first post whose `field` is another post's (as `key_and_text` compares
    it), naming both posts, with the value as `key_and_text` writes it, and `why` it may
    not be shared."""
    first: dict[Any, str] = {}  # key: path
    for tutorial in tutorials:
        key, text = key_and_text(getattr(tutorial, field))
        path = first.setdefault(key, tutorial.path)
        if path != tutorial.path:
            raise TutorialError(
                f"{_header_place(tutorial, field)}: {field}: {text} is the {field} of {path} "
                f"too; {why}"
            )


def _check_tags_alike(tutorials: Iterable[Tutorial]) -> None:
    """Fail where two spellings of a tag (``K-Means``, ``k-means``) would get one anchor on
    the tags page: each post's tag would link to the first spelling's section, which does
    not list the other posts. Two such tags of one post would share one section."""
    first: dict[str, tuple[str, str]] = {}  # anchor: (tag, path)
    for tutorial in tutorials:
        for tag in tutorial.tags:
            spelled, path = first.setdefault(TAG_SLUG(tag, "-"), (tag, tutorial.path))
            if tag == spelled:
                continue
            place = f"{_header_place(tutorial, 'tags')}: tags:"
            if path == tutorial.path:
                raise TutorialError(
                    f"{place} {spelled!r} and {tag!r} would share one section of the tags "
                    "page: keep one of them"
                )
            raise TutorialError(
                f"{place} {tag!r} is {spelled!r} ({path}) spelled another way; the tags page "
                "would mix them up: write them alike"
            )


@functools.lru_cache(maxsize=64)
def read_tutorial(path: str, text: str) -> Tutorial:
    """Parse and check the tutorial at `path` (used in messages) whose content is `text`.

    Both hooks read every tutorial at each build: the result is kept for the same text.
    Callers must not change the returned notebook (copy it first).
    """
    header = parse_header(path, text)
    _check_plain_python(path, text)
    notebook = _read_notebook(path, text)
    cells = notebook.cells
    # jupytext keeps the post's fields (everything outside `jupyter:`) as a first raw cell.
    if cells and cells[0].cell_type == "raw" and cells[0].source.startswith("---"):
        cells.pop(0)
    _check_cells(path, header["title"], cells, text)
    return Tutorial(
        path=path,
        source=text,
        title=header["title"],
        date=header["date"],
        description=" ".join(header["description"].split()),
        tags=tuple(header.get("tags", ())),
        updated=header.get("updated"),
        notebook=notebook,
    )


def _read_notebook(path: str, text: str) -> nbformat.NotebookNode:
    """jupytext's reading of the tutorial `text`, or a `TutorialError` that names the line
    whose cell metadata it cannot read (``# %% tags="one"``: tags are a list)."""
    try:
        return jupytext.reads(text, fmt=PERCENT)
    except Exception as error:  # jupytext's parser and nbformat's check raise many kinds
        reason = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
        lines = text.splitlines()
        unreadable = [
            number
            for number, line in enumerate(lines, 1)
            if CELL_MARKER.match(line) and not _readable_marker(line)
        ]
        where = f"{path}:{unreadable[0]}" if unreadable else path
        raise TutorialError(
            f"{where}: jupytext cannot read the tutorial ({reason}); a cell's metadata is "
            'written as key=value pairs with JSON values, as in # %% tags=["allow-warnings"]'
        ) from None


def _readable_marker(line: str) -> bool:
    """Whether jupytext reads a cell that starts with the ``# %%`` line `line`."""
    try:
        jupytext.reads(f"{line}\npass\n", fmt=PERCENT)
    except Exception:  # as above: any failure of the parser is one
        return False
    return True


def parse_header(path: str, text: str) -> dict[str, Any]:
    """Return the checked YAML header of a tutorial, or raise `TutorialError`."""
    if text.startswith("\N{BYTE ORDER MARK}"):
        raise TutorialError(
            f"{path}: header: the file starts with a byte order mark (U+FEFF) before "
            f"'{HEADER_FENCE}'; save it as UTF-8 without one"
        )
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != HEADER_FENCE:
        raise TutorialError(
            f"{path}: header: the file must start with a '{HEADER_FENCE}' line that opens "
            "the YAML header (title, date, description, tags, jupyter); every .py file of "
            "the tutorials' folder is a tutorial, and a helper module belongs in a package "
            "inside it (a folder with an __init__.py)"
        )
    end = _closing_fence(lines)
    if end is None:
        raise TutorialError(
            f"{path}: header: no closing '{HEADER_FENCE}' line after the opening one"
        )
    body = []
    for number, line in enumerate(lines[1:end], 2):
        if not line.startswith("#"):
            raise TutorialError(f"{path}:{number}: header: every header line must start with '#'")
        body.append(_uncommented(line))
    where = functools.partial(_field_place, path, body)
    try:
        header = yaml.load("\n".join(body), Loader=_HeaderLoader)
    except _DuplicateField as error:
        place = where(error.field, last=True)
        raise TutorialError(f"{place}: {error.field}: given twice in the header") from None
    except yaml.MarkedYAMLError as error:
        raise TutorialError(f"{path}{_yaml_problem(error)}") from None
    except yaml.YAMLError as error:
        raise TutorialError(f"{path}: header: not valid YAML: {one_line(str(error))}") from None
    except ValueError as error:  # a date that YAML recognizes but the calendar has not
        field = _impossible_date_field(body)
        raise TutorialError(
            f"{where(field)}: {field}: not a date of the calendar ({error})"
        ) from None
    if not isinstance(header, dict):
        raise TutorialError(f"{path}: header: expected 'field: value' lines")
    _check_fields(where, header)
    return header


def post_stub(tutorial: Tutorial) -> str:
    """The Markdown post that Material's blog plugin reads for this tutorial.

    It holds the metadata and the excerpt shown on the home page; the page body itself comes
    from executing the tutorial.
    """
    date = {"created": tutorial.date}
    if tutorial.updated:
        date["updated"] = tutorial.updated
    meta = {
        "title": tutorial.title,
        "description": tutorial.description,
        "date": date,
        # For the feed of updates: the last revision, which Material's blog does not read.
        "revised": tutorial.updated or tutorial.date,
        "slug": tutorial.slug,
        "tags": list(tutorial.tags),
    }
    front_matter = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front_matter}---\n\n{tutorial.description}\n\n{EXCERPT_SEPARATOR}\n"


def notebook_script(tutorial: Tutorial, build_key: str) -> str:
    """The tutorial as a percent script without the post's fields, ready to execute.

    `build_key` identifies what the execution depends on; it is written into the notebook's
    metadata so that the script's bytes, and any cache keyed on them, change with it.
    """
    notebook = copy.deepcopy(tutorial.notebook)
    notebook.metadata["tutorial_build_key"] = build_key
    settings = notebook.metadata.setdefault("jupytext", {})
    settings["notebook_metadata_filter"] = (
        "tutorial_build_key,-jupytext.text_representation.jupytext_version"
    )
    settings["comment_magics"] = False  # for mkdocs-jupyter, which reads the script again
    return jupytext.writes(notebook, fmt=PERCENT)


def notebook_file(tutorial: Tutorial, prose: Callable[[str], str] = str) -> str:
    """The tutorial as a Jupyter notebook for readers to download: no outputs, stable ids,
    and the text of each markdown cell passed through `prose`."""
    notebook = copy.deepcopy(tutorial.notebook)
    notebook.metadata.pop("jupytext", None)
    for number, cell in enumerate(notebook.cells, 1):
        cell["id"] = f"cell-{number}"
        if cell.cell_type == "markdown":
            cell.source = prose(cell.source)
    return nbformat.writes(notebook)


def links_to_posts(text: str, posts: Mapping[str, str], site_url: str) -> str:
    """`text` with its Markdown links to other tutorials (``](other.py#heading)``) pointed
    at their posts on the site at `site_url`: a script or notebook downloaded on its own
    has no sibling to open. `posts` maps a tutorial's file name to its post's slug."""

    def replace(match: re.Match) -> str:
        opening, name, anchor = match.group(1), match.group(2), match.group(3) or ""
        if name not in posts:
            return match.group(0)
        return f"{opening}{site_url.rstrip('/')}/{posts[name]}/{anchor}"

    return MARKDOWN_SCRIPT_LINK.sub(replace, text)


def script_links_to_posts(source: str, posts: Mapping[str, str], site_url: str) -> str:
    """`source`, a percent script, with ``links_to_posts`` applied to its markdown cells
    only: code, and comments in it, stay as they run."""
    lines = source.splitlines(keepends=True)
    markdown = False
    for number, line in enumerate(lines):
        if line.startswith("# %%"):
            markdown = re.match(r"# %% \[(markdown|md)\]", line) is not None
        elif markdown:
            lines[number] = links_to_posts(line, posts, site_url)
    return "".join(lines)


def describe_cell_error(
    tutorial: Tutorial, error: Exception, executed: nbformat.NotebookNode | None
) -> str:
    """One line on a failed execution: the file, the cell (number, first line), what happened.

    `error` is what nbclient raised: a CellExecutionError (with the exception's name and
    value), a CellTimeoutError or a DeadKernelError. `executed` is the notebook nbclient was
    filling, which tells which cell failed (``failed_cell``); without it, the message names
    the tutorial only.
    """
    message = str(error)
    if getattr(error, "ename", None):
        value = one_line(CELL_FILE.sub("", error.evalue))
        if value.endswith(".") and not value.endswith(".."):  # before ", at line 2 ..."
            value = value[:-1]
        problem = f"raised {error.ename}" + (f": {value}" if value else "")
        if error.ename == "StdinNotImplementedError":
            problem = (
                "asked for input (input(), getpass()), which no one gives a build: put the "
                "value in the code"
            )
        elif error.ename == "SystemExit":
            problem += " (a tutorial runs to its end; sys.exit() would stop a reader's run)"
        elif error.ename == "NameError" and "'__file__'" in value:
            problem += (
                " (a notebook has no file name; a tutorial runs in its own folder: open its"
                " files by paths relative to it)"
            )
    elif type(error).__name__ == "CellTimeoutError":
        limit = TIMEOUT_SECONDS.search(message)
        problem = "ran past the timeout" + (f" of {limit[1]} seconds" if limit else "")
        problem += f" ({TIMEOUT_SETTING})"
    elif type(error).__name__ == "DeadKernelError":
        problem = f"killed the kernel: {first_line(message)}"
    else:
        problem = f"failed: {type(error).__name__}: {first_line(message)}"
    cells = tutorial.notebook.cells
    number = None
    if executed is not None and len(executed.cells) == len(cells):
        number = failed_cell(executed)
    if number is None:
        return f"{tutorial.path}: executing the tutorial {problem}"
    source = cells[number - 1].source
    lines = cell_code_lines(source)
    line = line_raised(getattr(error, "traceback", ""), executed.cells[number - 1])
    if line is not None and 0 < line <= len(lines):
        problem += f", at line {line} of the cell ({lines[line - 1].strip()!r})"
    # `located` starts at the cell's first line where `line` is none of the cell's.
    return located(tutorial, f"cell {number} ({first_line(source)!r}) {problem}", line or 1)


def cell_lines(source: str, cells: list[nbformat.NotebookNode]) -> list[int | None]:
    """For each of `cells`, read from the percent script `source`, the line of the file
    (from 1) where its code begins, or for a cell of another kind the line of its ``# %%``.
    The build's messages about a cell start with ``file:line`` from these, a place that
    editors and terminals link to.

    The cells are paired with the file's ``# %%`` lines in order, and each pair is checked:
    a code cell's code, or the first line of a Markdown cell's text, must follow its
    ``# %%``. Where the pairing fails anywhere (a ``# %%`` line inside a string, for one),
    no cell gets a line: better none than a wrong one.
    """
    lines = source.splitlines()
    markers = [i for i, line in enumerate(lines) if CELL_MARKER.match(line)]
    unknown: list[int | None] = [None] * len(cells)
    if len(markers) != len(cells):
        return unknown
    found: list[int | None] = []
    for cell, start, end in zip(cells, markers, [*markers[1:], len(lines)], strict=True):
        region = lines[start + 1 : end]
        if cell.cell_type != "code":
            text = first_line(cell.source)
            if text and text not in (line.strip().removeprefix("#").strip() for line in region):
                return unknown
            found.append(start + 1)
            continue
        code = cell_code_lines(cell.source)
        at = next(
            (i for i in range(len(region) - len(code) + 1) if region[i : i + len(code)] == code),
            None,
        )
        if code and at is None:
            return unknown
        found.append(start + 2 + at if code else None)
    return found


def cell_code_lines(source: str) -> list[str]:
    """The lines of a code cell's `source` as IPython numbers them in tracebacks and
    warnings: it drops blank lines before the first line of code."""
    lines = source.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


# The line that starts a cell in a percent script, as jupytext reads it: "# %%", "#%%" or
# "    # %% [markdown]", but not "# %%%" or "# %%x".
CELL_MARKER = re.compile(r"\s*#\s*%%(?![^\s\[{])")
# Where a message of the build begins with the cell it is about, and where it names a line
# of that same cell: "cell 3 ('import numpy as np') warned ... (from line 2 of the cell)".
CELL_NAMED = re.compile(r"cell (\d+) ")
# "(from line 2 of the cell ('x = f()'))", "(at line 9 of the cell)", "(made at line 3 of the
# cell ...)"; not "of the cell 'y'", a line of another cell.
LINE_OF_THE_CELL = re.compile(r"\((?:from|at|made at) line (\d+) of the cell(?:[,)]| \()")


def located(tutorial: Tutorial, message: str, line_in_cell: int | None = None) -> str:
    """`message`, about the tutorial and often one of its cells ("cell 3 ('x = 1') raised
    ..."), after the tutorial's path and, when the message begins with a code cell, the line
    of the file where that cell's line `line_in_cell` is: "tutorial_src/a.py:17: cell 3 ...".
    Without `line_in_cell`, the line of the cell the message names, or else its first."""
    named = CELL_NAMED.match(message)
    if line_in_cell is None:
        same_cell = LINE_OF_THE_CELL.search(message)
        line_in_cell = int(same_cell[1]) if same_cell else 1
    cells = tutorial.notebook.cells
    if named and 0 < int(named[1]) <= len(cells):
        number = int(named[1])
        start = cell_lines(tutorial.source, cells)[number - 1]
        if not 0 < line_in_cell <= len(cell_code_lines(cells[number - 1].source)):
            line_in_cell = 1  # not a line of this cell: its first, then
        if start is not None:
            return f"{tutorial.path}:{start + line_in_cell - 1}: {message}"
    return f"{tutorial.path}: {message}"


# IPython compiles each cell as a file of its own, whose made-up name a syntax error quotes:
# "'(' was never closed (3245571756.py, line 2)". The message names the line of the cell.
CELL_FILE = re.compile(r" \(\d+\.py, line \d+\)$")
# nbclient's message on a timeout: "A cell timed out while it was being executed, after 5
# seconds."
TIMEOUT_SECONDS = re.compile(r"after (\d+(?:\.\d+)?) seconds")
TIMEOUT_SETTING = "c.NotebookClient.timeout in docs/overrides/kernel/jupyter_nbconvert_config.py"

# In IPython's traceback of an exception, a frame in the code of a cell, colours aside.
CELL_FRAME = re.compile(r"Cell In\[(\d+)\], line (\d+)")
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def line_raised(traceback: str, cell: nbformat.NotebookNode) -> int | None:
    """The line of `cell` (from 1) that was running when its exception was raised, from the
    `traceback` IPython wrote: the outermost frame of that cell's code, which is the line
    that called into a function (of the cell, of an earlier cell or of a library) when the
    exception came from there. None if the traceback shows no frame of that cell."""
    frames = CELL_FRAME.findall(COLOUR.sub("", traceback or ""))
    own = [int(line) for count, line in frames if int(count) == cell.get("execution_count")]
    return own[0] if own else None


def failed_cell(executed: nbformat.NotebookNode) -> int | None:
    """The number (from 1) of the cell whose execution failed in the notebook `executed`.

    nbclient stops at the first cell that fails: the failing cell is the last that started
    (an earlier cell may show an error it was allowed to raise). A cell has started once
    nbclient gave it its timing record, just before sending it to the kernel; its execution
    count comes later, from the kernel, and never if the kernel dies first. None if no cell
    started.
    """
    started = None
    for number, cell in enumerate(executed.cells, 1):
        if cell.cell_type == "code" and (
            cell.get("execution_count") is not None or "execution" in cell.get("metadata", {})
        ):
            started = number
    return started


def import_statements(sources: Iterable[str]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement in the Python `sources`; a source that does not parse has none."""
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        yield from (n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom))


def imported_modules(sources: Iterable[str], local: Iterable[str] = ()) -> set[str]:
    """The absolute imports in `sources`, except modules named in `local` (the tutorials' own)."""
    local = set(local)
    modules = set()
    for node in import_statements(sources):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif node.module and not node.level:
            modules.add(node.module)
    return {m for m in modules if m.split(".")[0] not in local}


def python_files(directory: Path) -> list[Path]:
    """The Python files in `directory`, in name order, without hidden ones (an editor's
    lock or backup files)."""
    return sorted(
        path for path in directory.glob("*.py") if path.is_file() and not path.name.startswith(".")
    )


def local_modules(directory: Path) -> set[str]:
    """The names that an import of `directory`'s own modules would use: not libraries."""
    return {path.stem for path in directory.iterdir()} if directory.is_dir() else set()


def check_matplotlibrc(path: Path, name: str) -> None:
    """Raise `TutorialError` if Matplotlib would drop a line of the settings file `path`.

    Matplotlib only logs a misspelt setting, a wrong value, a setting given twice or a line
    without a colon when it reads the file at import: the figures would silently change.
    `name` is how messages call the file. Matplotlib is imported only here, when there is
    such a file.
    """
    import matplotlib

    problems: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: problems.append(first_line(record.getMessage()))
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        matplotlib.rc_params_from_file(str(path), use_default_template=False)
    except (ValueError, OSError) as error:
        problems.append(one_line(str(error)))
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if problems:
        problem = problems[0].replace(f" in file '{path}'", "").replace(f" in file {path}", "")
        raise TutorialError(f"{name}: {problem}")


def first_line(text: str) -> str:
    """The first non-empty line of `text`, stripped: how messages quote a cell."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def one_line(text: str) -> str:
    """`text` (an error's or a warning's message) on one line, as the build's messages are:
    its lines joined by "; " (or a space after a colon or the end of a sentence), leaving out
    the blank ones and those that only point at a column (a caret)."""
    joined = ""
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        if line.strip("^~ "):
            if joined:
                joined += " " if joined.endswith((":", ".", "!", "?")) else "; "
            joined += line
    return joined


# ---------------------------------------------------------------------------------------------
# Private helpers


def _check_fields(where: Callable[[str], str], header: dict[str, Any]) -> None:
    """Fail at the first field of `header` that is missing or wrong; `where` gives the place
    of a field's line (the file and its line) for the message."""
    unknown = sorted(set(header) - set(FIELDS))
    if unknown:
        raise TutorialError(
            f"{where(unknown[0])}: {unknown[0]}: not a header field (expected: {', '.join(FIELDS)})"
        )
    for field in REQUIRED_FIELDS:
        if field not in header:
            raise TutorialError(f"{where(field)}: {field}: missing from the header")
        if header[field] in (None, ""):
            raise TutorialError(f"{where(field)}: {field}: empty")
    for field in ("title", "description"):
        if not isinstance(header[field], str) or not header[field].strip():
            raise TutorialError(f"{where(field)}: {field}: expected text, got {header[field]!r}")
        markup = MARKUP.search(header[field])
        if markup:
            raise TutorialError(
                f"{where(field)}: {field}: plain text only: {markup.group(0)!r} starts Markdown or "
                "HTML, which the browser's tab, the feeds and search results would show as "
                "typed"
            )
    for field in ("date", "updated"):
        if field in header and not _is_date(header[field]):
            hint = (
                ": write it without quotes"
                if isinstance(header[field], str) and _as_date(header[field]) is not None
                else ""
            )
            raise TutorialError(
                f"{where(field)}: {field}: expected a date such as 2024-05-31, "
                f"got {header[field]!r}{hint}"
            )
    if "updated" in header and header["updated"] < header["date"]:
        raise TutorialError(f"{where('updated')}: updated: {header['updated']} is before the date")
    tags = header.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise TutorialError(f"{where('tags')}: tags: expected a list of words, got {tags!r}")
    seen = set()
    for tag in tags:
        if tag.strip().casefold() in seen:
            raise TutorialError(f"{where('tags')}: tags: {tag!r} given twice")
        seen.add(tag.strip().casefold())
    jupyter = header["jupyter"]
    kernelspec = jupyter.get("kernelspec") if isinstance(jupyter, dict) else None
    if not isinstance(kernelspec, dict) or kernelspec.get("language") != "python":
        raise TutorialError(
            f"{where('jupyter')}: jupyter: expected a kernelspec whose language is python "
            "(copy the whole jupyter: block from another tutorial's header)"
        )


def _check_plain_python(path: str, text: str) -> None:
    """Fail unless `text` is Python that plain Python runs, as readers run the downloaded
    script: IPython's kernel would run a magic (``%time``, ``!ls``), or a prose line that
    lost its ``#``, as code (or fail on it, cells later), and the page would not show it."""
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        raise TutorialError(
            f"{path}:{error.lineno}: not plain Python ({error.msg}), which readers download "
            "and run; IPython's magics and shell commands are not"
        ) from None


def _check_cells(path: str, title: str, cells: list[nbformat.NotebookNode], text: str) -> None:
    first = cells[0] if cells else None
    if first is None or first.cell_type != "markdown":
        raise TutorialError(f"{path}: title: the first cell must be Markdown with '# {title}'")
    first_line = first.source.strip().splitlines()[0] if first.source.strip() else ""
    if first_line != f"# {title}":
        raise TutorialError(
            f"{_title_place(path, text, cells, first_line)}: title: the first cell starts "
            f"with {first_line!r}; it must start with the header's title, the line "
            f"'# # {title}' in the script"
        )
    for number, cell in enumerate(cells, 1):
        if cell.cell_type == "raw":
            problem = (
                f"cell {number} is a raw cell, which would be published as is; "
                "use a '# %% [markdown]' cell"
            )
        elif detail := _metadata_problem(cell) or _prose_problem(cell, first=number == 1):
            problem = f"cell {number}: {detail}"
        else:
            continue
        raise TutorialError(f"{_marker_place(path, text, cells, number)}: {problem}")


def _prose_problem(cell: nbformat.NotebookNode, *, first: bool) -> str | None:
    """What the prose of a Markdown `cell` holds that the page would not show as meant,
    outside its code blocks: a level-1 heading after the `first` cell's title, or syntax that
    the notebook's Markdown lacks (it would be published as typed)."""
    if cell.cell_type != "markdown":
        return None
    fence = None
    for line in cell.source.splitlines():
        marker = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if marker and (fence is None or marker.group(1).startswith(fence)):
            fence = None if fence else marker.group(1)[:3]
            continue
        if fence is not None:
            continue
        if not first and re.match(r" {0,3}#(?:[ \t]+|$)", line):
            return (
                f"{line.strip()!r} is a level-1 heading, which only the title may be (the "
                "table of contents leaves out what follows it): make it a '## ' section"
            )
        prose = re.sub(r"`+[^`]*`+", "", line)  # code is code
        for pattern, what, instead in PROSE_SYNTAX:
            found = pattern.search(prose)
            if found:
                return (
                    f"{found.group(0)!r} is {what}, which the page would show as typed: {instead}"
                )
    return None


def _title_place(path: str, text: str, cells: list[nbformat.NotebookNode], found: str) -> str:
    """``file:line`` of the line of the first cell that reads `found` (its first line), or of
    the cell's ``# %%``; the file alone where the cells' lines are unknown."""
    start = cell_lines(text, cells)[0]
    if start is None:
        return path
    lines = text.splitlines()
    written = (n for n in range(start, len(lines) + 1) if _uncommented(lines[n - 1]) == found)
    return f"{path}:{next(written, start)}"


def _marker_place(path: str, text: str, cells: list[nbformat.NotebookNode], number: int) -> str:
    """``file:line`` of the ``# %%`` that opens cell `number` (from 1), where its kind and
    metadata are written; the file alone where the cells' lines are unknown."""
    line = cell_lines(text, cells)[number - 1]  # a code cell's first line of code
    if line is None:
        return path
    lines = text.splitlines()
    return f"{path}:{next(n for n in range(line, 0, -1) if CELL_MARKER.match(lines[n - 1]))}"


def _metadata_problem(cell: nbformat.NotebookNode) -> str | None:
    """What is wrong with the metadata of `cell`, read from its ``# %%`` line, if anything."""
    unread = cell.metadata.get("incorrectly_encoded_metadata")
    if unread is not None:
        # jupytext keeps there what it cannot read, and the cell runs without it.
        return (
            f"jupytext cannot read the metadata {unread!r}; it is written as key=value pairs "
            'with JSON values, as in # %% tags=["allow-warnings"]'
        )
    tags = cell.metadata.get("tags", [])
    unknown = [tag for tag in tags if tag not in CELL_TAGS]
    if tags and not unknown and cell.cell_type != "code":
        return f"the tag {tags[0]!r} is for code cells; on prose it would do nothing"
    if unknown:
        return f"unknown tag {unknown[0]!r}; the tags a cell may carry are " + ", ".join(
            repr(tag) for tag in CELL_TAGS
        )
    return None


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    """What YAML found wrong in a header, at lines of the file (the header's YAML starts on
    its second line), for a message that follows the file's name."""

    def line(mark) -> int | None:
        return None if mark is None else mark.line + 2

    problem_line, context_line = line(error.problem_mark), line(error.context_mark)
    where = f":{problem_line}" if problem_line else ""
    context = error.context or ""
    if context and context_line and problem_line and context_line != problem_line:
        context += f" (from line {context_line})"
    what = ", ".join(part for part in (context, error.problem) if part)
    if error.problem == "mapping values are not allowed here" and _colon_in_value(error):
        what += ' (put a value that holds ": " in quotes)'
    return f"{where}: header: not valid YAML: {what}"


def _colon_in_value(error: yaml.MarkedYAMLError) -> bool:
    """Whether the colon YAML stopped at follows a field's own "name: " on its line, as in
    `title: KMeans: a first look` (YAML says the same of a field indented by mistake)."""
    mark = error.problem_mark
    if mark is None or not isinstance(mark.buffer, str):
        return False
    line = mark.buffer.split("\n")[mark.line]
    return ": " in line[: mark.column]


class _DuplicateField(yaml.YAMLError):
    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


class _HeaderLoader(yaml.SafeLoader):
    """YAML's safe loader, but a field given twice is an error, not the last one winning."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                raise _DuplicateField(str(key))
        return super().construct_mapping(node, deep=deep)


def _closing_fence(lines: list[str]) -> int | None:
    """The index of the line that closes the header opened by the first of `lines`."""
    return next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == HEADER_FENCE), None)


def _uncommented(line: str) -> str:
    """A commented line of the script without its comment sign: a line of the header as
    YAML reads it, or of a Markdown cell as its text."""
    return line[2:] if line.startswith("# ") else line[1:]


def _header_place(tutorial: Tutorial, field: str) -> str:
    """The tutorial's path and the line of its header that gives `field`, as messages start."""
    lines = tutorial.source.splitlines()
    end = _closing_fence(lines)
    return _field_place(tutorial.path, [_uncommented(line) for line in lines[1:end]], field)


def _field_place(path: str, body: list[str], field: str, *, last: bool = False) -> str:
    """`path` and the line of the header where `field` is given (its first, or with `last`
    its last), as messages start; `path` alone if the header does not give it."""
    numbers = [
        number
        for number, line in enumerate(body, 2)  # the header's first line is the fence
        if re.match(rf"{re.escape(field)}\s*:", line)
    ]
    return f"{path}:{numbers[-1 if last else 0]}" if numbers else path


def _impossible_date_field(body: list[str]) -> str:
    """Which of the date fields holds a date such as 2021-02-30 ("header" if none does)."""
    fields = yaml.load("\n".join(body), Loader=yaml.BaseLoader)  # every value a string
    for field in ("date", "updated"):
        value = fields.get(field) if isinstance(fields, dict) else None
        parts = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value).strip())
        try:
            if parts:
                dt.date(*map(int, parts.groups()))
        except ValueError:
            return field
    return "header"


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _as_date(text: str) -> dt.date | None:
    """The date that `text` would be, written without quotes; None if it is none."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", text.strip()):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
