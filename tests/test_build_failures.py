"""A broken tutorial fails the build loudly, naming the file, and publishes nothing."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, run_mkdocs_build

HEADER = """\
# ---
# title: A broken tutorial
# date: 2024-05-31
# description: This tutorial exists to show how the build reports a failure in a cell.
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---
"""

BODY = """\

# %% [markdown]
# # A broken tutorial

# %%
numbers = [1, 2, 3]

# %%
total = sum(numbers)
print(total / 0)
"""


def project_with(tmp_path: Path, tutorial: str) -> Path:
    """A copy of the project whose only tutorial is `tutorial`."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "tutorial_src").mkdir()
    (project / "tutorial_src" / "broken.py").write_text(tutorial, "utf-8")
    return project


def build(project: Path):
    site = project / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site, cwd=project)
    assert result.returncode != 0, "the build should have failed"
    assert not (site / "index.html").exists(), "a failed build must not leave a site"
    return result.stdout + result.stderr


def test_a_cell_that_raises_fails_the_build_naming_tutorial_cell_and_error(tmp_path):
    output = build(project_with(tmp_path, HEADER + BODY))
    assert "tutorial_src/broken.py: cell 3 ('total = sum(numbers)') raised" in output
    assert "ZeroDivisionError: division by zero" in output


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (HEADER.replace("# title: A broken tutorial\n", ""), "tutorial_src/broken.py: title"),
        (HEADER.replace("# date: 2024-05-31\n", ""), "tutorial_src/broken.py: date"),
        (HEADER.replace("2024-05-31", "May 31st"), "tutorial_src/broken.py: date"),
        (HEADER.replace("# date:", "# date: [unclosed"), "tutorial_src/broken.py: header"),
        (HEADER.replace("# ---\n", "", 1), "tutorial_src/broken.py: header"),
    ],
    ids=["no-title", "no-date", "bad-date", "bad-yaml", "no-header"],
)
def test_a_malformed_header_fails_the_build_naming_file_and_field(tmp_path, header, message):
    output = build(project_with(tmp_path, header + textwrap.dedent(BODY)))
    assert message in output
