"""The execution cache's key: what invalidates a cached tutorial, and what does not."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time

import execution_cache
import jupytext
import nbformat
import pytest
from execution_cache import (
    MISSING,
    Record,
    cache_key,
    code_digest,
    digests,
    environment,
    executed_code,
    is_fresh,
    reuse_outputs,
)
from tutorial_reader import notebook_script, read_tutorial

SOURCE = "# %%\nprint(1)\n"
ENVIRONMENT = {"python": "3.11.7", "implementation": "CPython", "distributions": ["numpy==2.4.6"]}
OPTIONS = {"no_prompt": True, "renderer": "abc"}
KEY = cache_key(SOURCE, ENVIRONMENT, OPTIONS)


@pytest.mark.parametrize(
    ("source", "env", "options"),
    [
        (SOURCE + "# %% [markdown]\n# One more sentence.\n", ENVIRONMENT, OPTIONS),
        (SOURCE, {**ENVIRONMENT, "python": "3.12.1"}, OPTIONS),
        (SOURCE, {**ENVIRONMENT, "distributions": ["numpy==2.5.0"]}, OPTIONS),
        (SOURCE, {**ENVIRONMENT, "distributions": ["numpy==2.4.6", "six==1.0"]}, OPTIONS),
        (SOURCE, ENVIRONMENT, {**OPTIONS, "no_prompt": False}),
        (SOURCE, ENVIRONMENT, {**OPTIONS, "renderer": "abd"}),
    ],
    ids=["source", "python", "package-version", "package-added", "plugin-option", "renderer"],
)
def test_each_input_changes_the_key(source, env, options):
    assert cache_key(source, env, options) != KEY


def test_nothing_else_changes_the_key():
    reordered_env = dict(reversed(list(ENVIRONMENT.items())))
    reordered_options = dict(reversed(list(OPTIONS.items())))
    assert cache_key(SOURCE, reordered_env, reordered_options) == KEY


@pytest.fixture
def repository(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "points.csv").write_text("1,2\n")
    (tmp_path / "data" / "unread.csv").write_text("3,4\n")
    return tmp_path


def fresh_record(root):
    return Record(KEY, digests(root, ["data/points.csv"]), seconds=1.5)


def test_a_record_is_fresh_for_its_key_while_the_files_read_are_unchanged(repository):
    record = fresh_record(repository)
    assert is_fresh(record, KEY, repository)
    assert not is_fresh(record, cache_key(SOURCE + "\n", ENVIRONMENT, OPTIONS), repository)
    assert not is_fresh(None, KEY, repository)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "data" / "points.csv").write_text("1,3\n"),
        lambda root: (root / "data" / "points.csv").unlink(),
    ],
    ids=["content-changed", "file-removed"],
)
def test_a_change_to_a_file_read_makes_the_record_stale(repository, change):
    record = fresh_record(repository)
    change(repository)
    assert not is_fresh(record, KEY, repository)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "data" / "points.csv").touch(),
        lambda root: (root / "data" / "unread.csv").write_text("5,6\n"),
        lambda root: (root / "data" / "new.csv").write_text("7,8\n"),
    ],
    ids=["touched", "unread-file-edited", "unread-file-added"],
)
def test_nothing_else_makes_it_stale(repository, change):
    record = fresh_record(repository)
    change(repository)
    assert is_fresh(record, KEY, repository)


def listing_record(root):
    """The record of a tutorial that listed data/, then read one file found there."""
    return Record(KEY, digests(root, ["data/", "data/points.csv"]), seconds=1.5)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "data" / "new.csv").write_text("7,8\n"),
        lambda root: (root / "data" / "unread.csv").unlink(),
        lambda root: (root / "data" / "unread.csv").rename(root / "data" / "renamed.csv"),
        lambda root: shutil.rmtree(root / "data"),
    ],
    ids=["file-added", "file-removed", "file-renamed", "folder-removed"],
)
def test_a_change_to_the_names_in_a_folder_listed_makes_the_record_stale(repository, change):
    record = listing_record(repository)
    change(repository)
    assert not is_fresh(record, KEY, repository)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "data" / "unread.csv").write_text("5,6\n"),
        lambda root: (root / "data").touch(),
        lambda root: (root / "elsewhere.csv").write_text("7,8\n"),
    ],
    ids=["unread-file-edited", "folder-touched", "file-added-outside"],
)
def test_a_listed_folder_counts_by_its_names_only(repository, change):
    record = listing_record(repository)
    change(repository)
    assert is_fresh(record, KEY, repository)


def test_a_record_does_not_depend_on_where_the_repository_lives(repository, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "data").mkdir()
    (elsewhere / "data" / "points.csv").write_text("1,2\n")
    assert is_fresh(fresh_record(repository), KEY, elsewhere)


def test_records_round_trip(tmp_path):
    path = tmp_path / "records" / "t.json"
    assert Record.load(path) is None
    record = Record(KEY, {"a.csv": "00"}, seconds=2.25)
    record.save(path)
    assert Record.load(path) == record
    assert digests(tmp_path, ["missing.csv"]) == {"missing.csv": MISSING}


def test_the_environment_is_what_is_installed():
    env = environment()
    assert env["python"] == sys.version
    import sklearn

    assert f"scikit_learn-{sklearn.__version__}" in env["distributions"]
    assert env["distributions"] == sorted(env["distributions"])


def test_code_digest_follows_the_code(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    before = code_digest([a, b])
    assert code_digest([b, a]) == before
    b.write_text("y = 3\n")
    assert code_digest([a, b]) != before


def test_code_digest_leaves_out_what_it_is_told_to_ignore(tmp_path):
    settings = tmp_path / "settings.py"
    settings.write_text("c.timeout = 120\nc.other = 1\n")
    ignore = re.compile(rb"^c\.timeout =.*$", re.MULTILINE)
    before = code_digest([settings], ignore)
    settings.write_text("c.timeout = 5\nc.other = 1\n")
    assert code_digest([settings], ignore) == before
    settings.write_text("c.timeout = 5\nc.other = 2\n")
    assert code_digest([settings], ignore) != before


def test_the_key_reaches_the_bytes_mkdocs_jupyter_caches_on():
    """mkdocs-jupyter keys its cache on the notebook's bytes: they must carry the key."""
    text = "# ---\n# title: T\n# date: 2024-01-01\n# description: d\n# jupyter:\n"
    text += "#   kernelspec: {display_name: P, language: python, name: python3}\n# ---\n"
    tutorial = read_tutorial("t.py", text + "\n# %% [markdown]\n# # T\n")
    assert notebook_script(tutorial, "one") != notebook_script(tutorial, "two")
    assert "one" in notebook_script(tutorial, "one")


TUTORIAL = """\
# %% [markdown]
# Some prose.

# %%
x = 1

# %% tags=["allow-warnings"]
print(x)
"""


def notebook(text: str = TUTORIAL) -> nbformat.NotebookNode:
    return jupytext.reads(text, fmt="py:percent")


@pytest.mark.parametrize(
    "edited",
    [
        TUTORIAL.replace("Some prose.", "Other prose, longer.\n# On two lines."),
        TUTORIAL + "\n# %% [markdown]\n# A closing sentence.\n",
        TUTORIAL.replace("x = 1\n", "x = 1\n\n\n"),  # blank lines: jupytext's layout only
        TUTORIAL.replace(' tags=["allow-warnings"]', ""),
        TUTORIAL.replace('"allow-warnings"', '"allow-warnings", "volatile-output"'),
    ],
    ids=["prose-edited", "prose-added", "blank-lines", "warnings-tag", "volatile-tag"],
)
def test_the_executed_code_leaves_out_the_prose_and_the_tags_for_the_page(edited):
    assert executed_code(notebook(edited)) == executed_code(notebook())


@pytest.mark.parametrize(
    "edited",
    [
        TUTORIAL.replace("x = 1", "x = 2"),
        TUTORIAL.replace('"allow-warnings"', '"allow-warnings", "raises-exception"'),
        TUTORIAL.replace("# %%\nx = 1", "# %% [markdown]\n# x = 1"),
    ],
    ids=["code", "cell-tag", "cell-turned-to-prose"],
)
def test_the_executed_code_follows_the_code_and_its_tags(edited):
    assert executed_code(notebook(edited)) != executed_code(notebook())


def executed(text: str = TUTORIAL) -> nbformat.NotebookNode:
    """`text` as nbclient leaves it: outputs, counts and timings on the code cells."""
    result = notebook(text)
    for count, cell in enumerate((c for c in result.cells if c.cell_type == "code"), 1):
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"out {count}\n")]
        cell.metadata["execution"] = {"shell.execute_reply": f"2024-01-0{count}T00:00:00Z"}
    return result


def test_reused_outputs_go_with_the_new_prose():
    edited = notebook(TUTORIAL.replace("Some prose.", "New prose."))
    result = reuse_outputs(edited, executed())
    assert result.cells[0].source == "New prose."
    code = [c for c in result.cells if c.cell_type == "code"]
    assert [c.outputs[0].text for c in code] == ["out 1\n", "out 2\n"]
    assert [c.execution_count for c in code] == [1, 2]
    assert not any(c.get("outputs") for c in edited.cells), "the notebook given is not changed"


def test_outputs_of_other_code_are_refused():
    with pytest.raises(ValueError, match="different code"):
        reuse_outputs(notebook(TUTORIAL.replace("x = 1", "x = 2")), executed())


def test_files_changed_since_a_time_are_those_changed_at_or_after_it(tmp_path):
    (tmp_path / "before.txt").write_text("old")
    (tmp_path / "restored.txt").write_text("old")
    (tmp_path / "edited.txt").write_text("old")
    for folder in ("deleted", "gone"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "read.txt").write_text("old")
    (tmp_path / "quiet").mkdir()
    time.sleep(2 * execution_cache.CLOCK_SLACK_NS / 1e9)
    since = time.time_ns()
    (tmp_path / "edited.txt").write_text("new")
    (tmp_path / "deleted" / "read.txt").unlink()  # read, then deleted by the tutorial
    shutil.rmtree(tmp_path / "gone")
    # Put back with its old modification time, as `cp -p` or unpacking an archive do.
    (tmp_path / "restored.txt").write_text("new")
    os.utime(tmp_path / "restored.txt", ns=(1_000, 1_000))
    paths = ["before.txt", "deleted/read.txt", "edited.txt", "gone/read.txt"]
    paths += ["quiet/missing.txt", "restored.txt"]  # missing: looked for, never there
    changed = ["deleted/read.txt", "edited.txt", "gone/read.txt", "restored.txt"]
    assert execution_cache.changed_since(tmp_path, paths, since) == changed
    later = time.time_ns() + 2 * execution_cache.CLOCK_SLACK_NS
    assert execution_cache.changed_since(tmp_path, paths, later) == []
