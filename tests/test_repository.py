"""The repository's own hygiene: code style, the CI workflows, and the README's list of posts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess:
    tool = shutil.which(command[0], path=str(BIN)) or command[0]
    return subprocess.run(
        [tool, *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_check_is_clean():
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_exist():
    assert {path.name for path in WORKFLOWS} >= {"site.yml", "newest-dependencies.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path):
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_zizmor_audits():
    result = run("zizmor", "--offline", "--no-progress", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_lists_the_series_in_reading_order():
    """The list at the top of the README names every tutorial once, oldest post first, as
    the previous and next links of the site chain them."""
    from tutorial_reader import read_tutorials

    readme = (ROOT / "README.md").read_text("utf-8")
    listed = re.findall(r"^\d+\. `([\w.-]+\.py)`:", readme, flags=re.MULTILINE)
    tutorials = sorted(read_tutorials(ROOT), key=lambda t: (t.date, t.title))
    assert listed == [Path(t.path).name for t in tutorials]
