"""Shared fixtures: the project's paths, a tutorial's namespace, and one strict build."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL_DIR = ROOT / "tutorial_src"
TUTORIALS = sorted(TUTORIAL_DIR.glob("*.py"))

matplotlib.use("Agg")


def run_mkdocs_build(config: Path, site_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Build the site of `config` strictly into `site_dir`, from `cwd`; never raises."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
    return subprocess.run(
        [*command, "--site-dir", str(site_dir)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once per session with an empty execution cache."""
    workdir = tmp_path_factory.mktemp("build")
    site = workdir / "site"
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site, cwd=workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def run_tutorial():
    """Run a tutorial in this process, as a plain script, and return its global names."""
    import matplotlib.pyplot as plt

    def run(name: str) -> dict:
        plt.close("all")
        cwd = Path.cwd()
        os.chdir(TUTORIAL_DIR)
        try:
            return runpy.run_path(str(TUTORIAL_DIR / name), run_name="__main__")
        finally:
            os.chdir(cwd)

    return run
