"""Shared fixtures: the project's paths, a tutorial's namespace, and one strict build."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
import threading
import warnings
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import matplotlib
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL_DIR = ROOT / "tutorial_src"
TUTORIALS = sorted(TUTORIAL_DIR.glob("*.py"))

matplotlib.use("Agg")


def run_script(path: Path, on_warning: str = "error") -> subprocess.CompletedProcess:
    """Run a tutorial as a reader would: plain Python, its folder as working directory,
    Matplotlib's non-interactive backend, and every warning an error (or, with `on_warning`,
    another action of Python's warning filters)."""
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": on_warning}
    return subprocess.run(
        [sys.executable, "-W", on_warning, path.name],
        cwd=path.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def allows_warnings(path: Path) -> bool:
    """Whether a cell of the tutorial at `path` is tagged to show the warnings it raises:
    then its tests show warnings rather than raise them, and the build checks that no other
    cell warns."""
    from notebook_html import ALLOW_WARNINGS_TAG
    from tutorial_reader import read_tutorial

    cells = read_tutorial(path.name, path.read_text("utf-8")).notebook.cells
    return any(ALLOW_WARNINGS_TAG in cell.metadata.get("tags", []) for cell in cells)


def prose(name: str) -> str:
    """The markdown of tutorial `name`, line breaks turned into spaces: what its sentences say."""
    import jupytext
    from tutorial_reader import PERCENT

    cells = jupytext.read(TUTORIAL_DIR / name, fmt=PERCENT).cells
    return " ".join(" ".join(c.source for c in cells if c.cell_type == "markdown").split())


def assert_first_post_data(X, y_true) -> None:
    """That `X` and `y_true` are the 200 points of the first post and their blobs: the call
    of the 2020 post, which test_kmeans_clustering holds the first post to."""
    from sklearn.datasets import make_blobs

    blobs = make_blobs(n_samples=200, n_features=2, centers=4, cluster_std=1.8, random_state=101)
    np.testing.assert_array_equal(X, blobs[0])
    np.testing.assert_array_equal(y_true, blobs[1])


def figures_titled(title: str, *, prefix: bool = False) -> list:
    """The open figures whose title (their suptitle) is `title`, or with `prefix` starts
    with it, in the order they were made: a tutorial run by `run_tutorial` leaves its
    figures open."""
    import matplotlib.pyplot as plt

    figures = [plt.figure(n) for n in plt.get_fignums()]
    return [
        figure
        for figure in figures
        if (figure.get_suptitle().startswith(title) if prefix else figure.get_suptitle() == title)
    ]


def lone_blob(X, y) -> int:
    """The group whose mean lies furthest from the nearest other group's mean: in the first
    post's blobs, the one at the bottom left that touches no other."""
    from scipy.spatial.distance import cdist

    means = np.array([X[y == group].mean(axis=0) for group in np.unique(y)])
    gaps = cdist(means, means) + np.diag([np.inf] * len(means))
    return int(np.argmax(gaps.min(axis=1)))


def mkdocs_env() -> dict[str, str]:
    """The environment to run MkDocs in, as `.ci/dev` sets it up.

    Without pytest's marker: under pytest, ipykernel would not pass on what the kernels
    write to their file descriptors (compiled code, worker processes) as it does in a build.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTEST_CURRENT_TEST"}
    return env | {"NO_MKDOCS_2_WARNING": "1", "NBCONVERT_DISABLE_CONFIG_EXPORTERS": "1"}


def run_mkdocs_build(config: Path, site_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Build the site of `config` strictly into `site_dir`, from `cwd`; never raises."""
    env = mkdocs_env()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
    return subprocess.run(
        [*command, "--site-dir", str(site_dir)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def copy_project(destination: Path, tutorials: dict[str, str] | None = None) -> Path:
    """A copy of the site's sources in `destination`, without caches.

    With `tutorials` (file name -> text), those are its only tutorials, and the home page is
    reduced to its title (the real one links to the first post of the real series).
    """
    ignore = shutil.ignore_patterns("__pycache__", ".cache")
    shutil.copytree(ROOT / "docs", destination / "docs", ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    if tutorials is None:
        shutil.copytree(TUTORIAL_DIR, destination / "tutorial_src", ignore=ignore)
    else:
        (destination / "docs" / "index.md").write_text("# Clustering with Python\n", "utf-8")
        (destination / "tutorial_src").mkdir()
        for name, text in tutorials.items():
            (destination / "tutorial_src" / name).write_text(text, "utf-8")
    return destination


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built strictly once per session from a copy with no caches."""
    project = copy_project(tmp_path_factory.mktemp("build"))
    site = project / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def site_pages(site: Path) -> list[Path]:
    """The HTML pages of a built site: every page, and the one shown for a missing page."""
    pages = [
        path
        for path in site.rglob("index.html")
        if not path.relative_to(site).as_posix().startswith("search/")
    ]
    return sorted([*pages, site / "404.html"])


@pytest.fixture(scope="module")
def run_tutorial():
    """Run a tutorial in this process, as a plain script, and return its global names."""
    import matplotlib.pyplot as plt

    def run(name: str) -> dict:
        plt.close("all")
        cwd = Path.cwd()
        os.chdir(TUTORIAL_DIR)
        try:
            with warnings.catch_warnings():
                if allows_warnings(TUTORIAL_DIR / name):
                    warnings.simplefilter("default")  # shown, as by run_script
                return runpy.run_path(str(TUTORIAL_DIR / name), run_name="__main__")
        finally:
            os.chdir(cwd)

    return run


def require(tool: str, package: str) -> str:
    """The path of a system tool; skip without it, except in CI where it must be there."""
    path = shutil.which(tool)
    if path is None:
        message = (
            f"{tool} is not installed (Debian package {package}; "
            "`bash .ci/dev test` installs it when run as root)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site, served on 127.0.0.1 for the session."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=built_site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    executable = require("chromium", "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
