"""Executing tutorials in real builds: the cache, isolation, working directory, reproducibility."""

from __future__ import annotations

import compileall
import fcntl
import filecmp
import hashlib
import json
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import tutorial_pages
from conftest import copy_project, mkdocs_env, run_mkdocs_build
from mkdocs.exceptions import PluginError
from tutorial_kernel import opens_to_write, site_source
from tutorial_reader import TutorialError

HEADER = """\
# ---
# title: {title}
# date: 2024-05-{day}
# description: A small tutorial that exists to test how the site executes tutorials.
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # {title}
"""

READER = (
    HEADER.format(title="Reader", day="30")
    + """
# %%
import json
from pathlib import Path
from types import SimpleNamespace

values = Path("data/values.txt").read_text().split()
json.leaked_by_reader = True
print("read", len(values), "values")
"""
)

OTHER = (
    HEADER.format(title="Other", day="31")
    + """
# %%
import json

import numpy as np
from threadpoolctl import threadpool_info

assert not hasattr(json, "leaked_by_reader"), "kernels must not share state"
print("isolated")
print("threads:", max(pool["num_threads"] for pool in threadpool_info()))
print("hash:", hash("clustering"))

# %%
import matplotlib.pyplot as plt

plt.plot([1, 2, 3])
plt.title("Three points")
plt.show()
"""
)


def build(project: Path, **env: str) -> dict[str, str]:
    """Build `project`; what the log says of each tutorial: executed, rendered or cached."""
    BUILT_FROM.pop(project, None)  # until this build succeeds
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        result = run_mkdocs_build(project / "mkdocs.yml", project / "site", cwd=project)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    if not env:
        BUILT_FROM[project] = sources(project)
    said = {said: action for action, said in tutorial_pages.REPORT_STATES.items()}
    found = re.findall(rf"tutorial_src/(\w+)\.py\s+[\d.]+ s  ({'|'.join(said)})$", output, re.M)
    return {name: said[state] for name, state in found}


# What each project held when it was last built with the environment of the tests.
BUILT_FROM: dict[Path, str] = {}


def sources(project: Path) -> str:
    """A digest of the project's sources: its configuration, pages, hooks and tutorials."""
    digest = hashlib.sha256()
    paths = [project / "mkdocs.yml"]
    for folder in ("docs", "tutorial_src"):
        paths += (project / folder).rglob("*")
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(project)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def settle(project: Path) -> None:
    """Build `project` unless its last build was of these very sources."""
    if BUILT_FROM.get(project) != sources(project):
        build(project)


@pytest.fixture(scope="module")
def cold(tmp_path_factory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A project of two small tutorials, what its first build did with each, and the pages
    that build made."""
    project = copy_project(tmp_path_factory.mktemp("execution"), {"reader.py": READER})
    (project / "tutorial_src" / "other.py").write_text(OTHER, "utf-8")
    (project / "tutorial_src" / "data").mkdir()
    (project / "tutorial_src" / "data" / "values.txt").write_text("1 2 3\n", "utf-8")
    (project / "tutorial_src" / "data" / "unrelated.txt").write_text("x\n", "utf-8")
    built = build(project)
    pages = {name: page(project, name) for name in built}
    return project, built, pages


def page(project: Path, name: str) -> str:
    return (project / "site" / name / "index.html").read_text("utf-8")


@pytest.fixture
def project(cold) -> Path:
    """The project of `cold`, built from its current sources: the tests below change it one
    after another, as an author would, and each starts from a site that is up to date."""
    settle(cold[0])
    return cold[0]


def threads(page: str) -> str:
    """How many threads the kernel of `other` computed with, at most, as its page says."""
    return re.search(r"threads: (\d+)", page).group(1)


def test_a_cold_build_executes_every_tutorial_in_its_folder_and_in_isolation(cold):
    _, built, pages = cold
    assert built == {"reader": "executed", "other": "executed"}
    assert "read 3 values" in pages["reader"]
    assert "isolated" in pages["other"]
    assert threads(pages["other"]) == "1", "one thread per kernel, whatever the machine"


def test_kernels_hash_strings_with_a_fixed_seed(cold):
    other = cold[2]["other"]
    seeded = subprocess.run(
        [sys.executable, "-c", 'print(hash("clustering"))'],
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"hash: {seeded.stdout.strip()}" in other


def test_a_warm_build_executes_nothing(project):
    assert build(project) == {"reader": "cached", "other": "cached"}


def test_a_cached_page_whose_figures_are_gone_is_made_again(project):
    shutil.rmtree(project / ".cache" / "tutorial-pages" / "figures")
    assert build(project) == {"reader": "cached", "other": "executed"}
    page = project / "site" / "other"
    names = re.findall(r'src="figures/([^"#]+)', (page / "index.html").read_text("utf-8"))
    assert names, "the tutorial has a figure"
    assert all((page / "figures" / name).is_file() for name in names)


def test_touching_files_or_editing_unread_ones_executes_nothing(project):
    data = project / "tutorial_src" / "data"
    (data / "values.txt").touch()
    (data / "unrelated.txt").write_text("y\n", "utf-8")
    (project / "tutorial_src" / "reader.py").touch()
    assert build(project) == {"reader": "cached", "other": "cached"}


def test_a_page_rendered_from_stored_outputs_is_the_executed_page(project):
    pages = [project / "site" / name / "index.html" for name in ("reader", "other")]
    executed = [page.read_bytes() for page in pages]
    assert b"<figure" in executed[1], "one page has a figure"
    shutil.rmtree(project / ".cache" / "mkdocs-jupyter")  # the pages, not the outputs
    assert build(project) == {"reader": "rendered", "other": "rendered"}
    assert [page.read_bytes() for page in pages] == executed


def test_editing_the_prose_of_one_tutorial_renders_that_one_only(project):
    path = project / "tutorial_src" / "other.py"
    path.write_text(path.read_text("utf-8") + "\n# %% [markdown]\n# A new sentence.\n", "utf-8")
    assert build(project) == {"reader": "cached", "other": "rendered"}
    other = page(project, "other")
    assert "A new sentence." in other
    assert "isolated" in other, "the outputs of the last run are kept"


def test_editing_the_code_of_one_tutorial_executes_that_one_only(project):
    path = project / "tutorial_src" / "other.py"
    text = path.read_text("utf-8").replace('print("isolated")', 'print("still isolated")')
    path.write_text(text, "utf-8")
    assert build(project) == {"reader": "cached", "other": "executed"}
    assert "still isolated" in page(project, "other")
    assert threads(page(project, "other")) == "1", "alone, as many threads as in a cold build"


def test_tagging_a_cell_for_the_page_only_renders_that_page_again(project):
    path = project / "tutorial_src" / "other.py"
    cell = "# %%\nimport matplotlib.pyplot"
    text = path.read_text("utf-8")
    assert cell in text
    path.write_text(text.replace(cell, '# %% tags=["allow-warnings"]' + cell[4:]), "utf-8")
    assert build(project) == {"reader": "cached", "other": "rendered"}


def test_changing_the_page_renderer_renders_every_page_again_without_running_them(project):
    with (project / "docs" / "overrides" / "hooks" / "notebook_html.py").open("a") as file:
        file.write("\n# An edit to the renderer.\n")
    assert build(project) == {"reader": "rendered", "other": "rendered"}


@pytest.mark.parametrize("code", ["kernel/figure_export.py", "hooks/executed_notebooks.py"])
def test_changing_the_kernel_extension_or_its_hooks_runs_every_tutorial_again(project, code):
    with (project / "docs" / "overrides" / code).open("a") as file:
        file.write("\n# An edit to code that runs with the tutorials.\n")
    assert build(project) == {"reader": "executed", "other": "executed"}


NBCONVERT_SETTINGS = Path("docs", "overrides", "kernel", "jupyter_nbconvert_config.py")


def test_changing_the_timeout_executes_nothing_but_other_kernel_settings_do(project):
    settings = project / NBCONVERT_SETTINGS
    text = settings.read_text("utf-8")
    longer = re.sub(r"(NotebookClient\.timeout = )\d+", r"\g<1>150", text)
    assert longer != text
    settings.write_text(longer, "utf-8")
    assert build(project) == {"reader": "cached", "other": "cached"}
    settings.write_text(longer + "c.NotebookClient.record_timing = True\n", "utf-8")
    assert build(project) == {"reader": "executed", "other": "executed"}


def test_installing_or_upgrading_a_package_runs_every_tutorial_again(project, tmp_path):
    (tmp_path / "imaginary_package-1.0.dist-info").mkdir()
    assert build(project, PYTHONPATH=str(tmp_path)) == {"reader": "executed", "other": "executed"}
    assert build(project) == {"reader": "executed", "other": "executed"}


@pytest.mark.parametrize("setting", ["KERNEL_THREADS", "KERNEL_HASH_SEED"])
def test_how_the_kernel_computes_is_part_of_the_execution_key(monkeypatch, setting):
    before = tutorial_pages.kernel_options("tutorials", "digest")
    monkeypatch.setattr(tutorial_pages, setting, "changed")
    assert tutorial_pages.kernel_options("tutorials", "digest") != before


def test_changing_a_file_a_tutorial_read_executes_it_again_and_says_so(project):
    (project / "tutorial_src" / "data" / "values.txt").write_text("1 2 3 4\n", "utf-8")
    assert build(project) == {"reader": "executed", "other": "cached"}
    assert "read 4 values" in page(project, "reader")
    published = project / "site" / "reader" / "data" / "values.txt"
    assert published.read_text("utf-8") == "1 2 3 4\n", "published as this run read it"
    report = page(project, "computation-times")
    assert "<th>This build</th>" in report
    assert report.count("<td>page reused</td>") == 1
    assert report.count("<td>executed</td>") == 1
    assert "page rendered again" not in report, "the last build rendered no page again"
    assert re.search(r"\d+\.\d s", report)


def test_the_files_a_tutorial_reads_are_published_beside_its_downloads(project, tmp_path):
    build(project)  # a page taken from the cache publishes them too
    data = project / "tutorial_src" / "data" / "values.txt"
    site = project / "site"
    assert (site / "reader" / "data" / "values.txt").read_bytes() == data.read_bytes()
    assert not (site / "reader" / "data" / "unrelated.txt").exists(), "only what it read"
    assert not (site / "other" / "data").exists()
    downloads = re.search(r'<p class="post-downloads">(.*?)</p>', page(project, "reader"), re.S)
    assert (
        'the file it reads, at this path beside it: <a href="data/values.txt" download>'
        "data/values.txt</a>"
    ) in downloads.group(1)
    # A reader's run of what they downloaded, in a folder of their own.
    (tmp_path / "data").mkdir()
    for name in ("reader.py", "data/values.txt"):
        shutil.copy(site / "reader" / name, tmp_path / name)
    run = subprocess.run(
        [sys.executable, "reader.py"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert f"read {len(data.read_text('utf-8').split())} values" in run.stdout


def test_the_log_leaves_out_mkdocs_jupyters_lines_on_each_page():
    """They call every page a cache hit; the table of the build says what happened."""
    for name, message in [
        ("mkdocs.mkdocs-jupyter", "Converting notebook (execute=True): x.py"),
        ("mkdocs.plugins.mkdocs_jupyter", "Cache hit: x.py"),
        ("mkdocs.plugins.mkdocs_jupyter", "Evicted stale cache: x.json"),
    ]:
        logger = logging.getLogger(name)
        assert not logger.filter(logging.makeLogRecord({"name": name, "msg": message}))
        assert logger.filter(logging.makeLogRecord({"name": name, "msg": "Copied data files"}))


def test_the_files_to_publish_are_those_read_in_the_tutorials_folder(tmp_path, monkeypatch):
    def files(*paths: str) -> list[str]:
        for path in paths:
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text("x", "utf-8")
        return list(paths)

    def publish(reads: list[str]) -> list[str]:
        return tutorial_pages.files_to_publish("tutorial_src/t.py", reads, tmp_path)

    reads = files("tutorial_src/t.py", "tutorial_src/data/b.csv", "tutorial_src/a.txt")
    assert publish(reads) == ["a.txt", "data/b.csv"]
    assert publish(["tutorial_src/data", "tutorial_src/gone.csv"]) == [], "files only"
    for taken in ("index.html", "t.ipynb", "figures", "figures/a.svg"):
        with pytest.raises(TutorialError, match="would take the place of one of its page"):
            publish(files(f"tutorial_src/{taken}"))
        (tmp_path / "tutorial_src" / taken).unlink()
    with pytest.raises(TutorialError, match=re.escape("reads data/b.csv, outside tutorial_src/")):
        publish(files("data/b.csv"))
    with pytest.raises(tutorial_pages.UnpublishableRead) as refused:  # for the cell's name
        publish(["tutorial_src/a.txt", "data/b.csv"])
    assert refused.value.path == "data/b.csv"
    library = files("lib/shapes/__init__.py", "lib/shapes/sides.json")
    with pytest.raises(TutorialError, match="outside tutorial_src/"):
        publish(library)
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))  # a package on the import path
    assert publish(library) == [], "for the reader to install, as any library"


def test_a_file_read_outside_the_tutorials_folder_fails_the_build(tmp_path):
    reader = READER.replace('Path("data/values.txt")', 'Path("../values.txt")')
    project = copy_project(tmp_path / "project", {"reader.py": reader})
    (project / "values.txt").write_text("1 2\n", "utf-8")
    result = run_mkdocs_build(project / "mkdocs.yml", project / "site", cwd=project)
    assert result.returncode != 0
    line = reader.splitlines().index("import json") + 1  # the cell's first line of code
    where = f"tutorial_src/reader.py:{line}: cell 2 ('import json')"
    assert f"{where} reads values.txt, outside tutorial_src/" in result.stderr
    assert not (project / "site" / "index.html").exists()


def use_a_shared_module(project: Path) -> Path:
    """Make the `reader` tutorial import a module of a package beside it; that module."""
    package = project / "tutorial_src" / "shared"
    if not package.exists():
        package.mkdir()
        (package / "__init__.py").write_text("", "utf-8")
        (package / "numbers.py").write_text("SCALE = 2\n", "utf-8")
        # As a reader's plain run of the tutorial leaves them: the kernel then imports the
        # module from __pycache__, without opening its source.
        compileall.compile_dir(package, quiet=1)
        reader = project / "tutorial_src" / "reader.py"
        code = 'print("read", len(values), "values")'
        scaled = 'from shared.numbers import SCALE\n\nprint("scale", SCALE)'
        reader.write_text(reader.read_text("utf-8").replace(code, f"{code}\n{scaled}"), "utf-8")
        assert build(project)["reader"] == "executed"
    return package / "numbers.py"


def another_scale(module: Path) -> int:
    """A one-digit scale other than the one `module` sets, so the file keeps its size."""
    return 3 if module.read_text("utf-8") != "SCALE = 3\n" else 4


def test_editing_a_module_a_tutorial_imports_executes_it_again(project):
    module = use_a_shared_module(project)
    scale = another_scale(module)
    module.write_text(f"SCALE = {scale}\n", "utf-8")
    assert build(project) == {"reader": "executed", "other": "cached"}
    assert f"scale {scale}" in page(project, "reader")


LIBRARY_USER = (
    HEADER.format(title="Library user", day="23")
    + """
# %%
import shapes

print("sides", shapes.SIDES)
"""
)


def test_editing_a_module_of_the_repository_on_the_import_path_executes_again(tmp_path):
    """A package of the repository outside the tutorials' folder (on PYTHONPATH, or
    installed in editable mode) is an input too, though the zygote preloads libraries."""
    project = copy_project(tmp_path / "project", {"user.py": LIBRARY_USER})
    (project / "lib").mkdir()
    (project / "lib" / "shapes.py").write_text("SIDES = 3\n", "utf-8")
    path = str(project / "lib")
    assert build(project, PYTHONPATH=path) == {"user": "executed"}
    assert build(project, PYTHONPATH=path) == {"user": "cached"}
    (project / "lib" / "shapes.py").write_text("SIDES = 4\n", "utf-8")
    assert build(project, PYTHONPATH=path) == {"user": "executed"}
    assert "sides 4" in page(project, "user")


def test_an_edit_that_keeps_size_and_time_is_not_hidden_by_a_compiled_module(project):
    # A compiled file is trusted while the source's size and modification second match it:
    # an edit within the same second, or a copy that keeps times, leaves both as they were.
    module = use_a_shared_module(project)
    compileall.compile_dir(module.parent, quiet=1, force=True)
    before = module.stat()
    scale = another_scale(module)
    module.write_text(f"SCALE = {scale}\n", "utf-8")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert module.stat().st_size == before.st_size
    assert build(project) == {"reader": "executed", "other": "cached"}
    assert f"scale {scale}" in page(project, "reader")


def test_a_matplotlibrc_in_the_tutorials_folder_runs_every_tutorial_again(project):
    (project / "tutorial_src" / "matplotlibrc").write_text("figure.dpi: 50\n", "utf-8")
    assert build(project) == {"reader": "executed", "other": "executed"}


def forward(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


RESTORER = (
    HEADER.format(title="Restorer", day="27")
    + """
# %%
import os
import subprocess
import sys
from pathlib import Path

print("read", Path("data.txt").read_text())
if os.environ.get("RESTORE_DATA"):  # another program puts back the old content, as an
    # editor's undo would (the tutorial itself may not write a file it read)
    restore = "import os, pathlib; pathlib.Path('data.tmp').write_text('old'); " + (
        "os.replace('data.tmp', 'data.txt')"
    )
    subprocess.run([sys.executable, "-c", restore], check=True)
"""
)


def test_a_run_during_which_a_file_it_read_changed_leaves_no_record_at_all(tmp_path):
    project = copy_project(tmp_path / "project", {"restorer.py": RESTORER})
    data = project / "tutorial_src" / "data.txt"
    data.write_text("old")
    assert build(project) == {"restorer": "executed"}
    data.write_text("new")
    # This run reads "new", then the file is "old" again: the last record matches anew.
    assert build(project, RESTORE_DATA="1") == {"restorer": "executed"}
    assert build(project) == {"restorer": "executed"}
    assert "read old" in page(project, "restorer")


def test_a_build_waits_while_another_build_of_the_site_holds_the_cache(tmp_path):
    project = copy_project(tmp_path / "project", {"other.py": OTHER})
    lock_path = project / ".cache" / "tutorial-pages" / "build.lock"
    lock_path.parent.mkdir(parents=True)
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as another build in progress holds it
        waiting = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
            cwd=project,
            env=mkdocs_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=forward, args=(waiting.stderr, lines), daemon=True)
        reader.start()
        seen = []
        try:
            while "Waiting for another build of this site" not in (seen or [""])[-1]:
                seen.append(lines.get(timeout=120))
        except queue.Empty:
            waiting.kill()
            waiting.wait()
            waiting.stderr.close()
            pytest.fail("the build never said it waits:\n" + "".join(seen))
        assert waiting.poll() is None
        assert not (project / "site" / "index.html").exists()
    waiting.wait(timeout=600)
    reader.join(timeout=10)
    waiting.stderr.close()
    while not lines.empty():
        seen.append(lines.get_nowait())
    assert waiting.returncode == 0, "".join(seen)
    assert (project / "site" / "other" / "index.html").is_file()


AUTHOR = (
    HEADER.format(title="Author", day="29")
    + """
# %%
import builtins

import matplotlib
import matplotlib.pyplot as plt

print("profile:", getattr(builtins, "FROM_THE_AUTHORS_PROFILE", False))
print("dpi:", matplotlib.rcParams["figure.dpi"])
plt.style.use("ggplot")
print("ggplot axes:", plt.rcParams["axes.facecolor"])
"""
)


@pytest.mark.parametrize("where", ["XDG_CONFIG_HOME", "MPLCONFIGDIR"])
def test_the_authors_own_ipython_and_matplotlib_settings_stay_out_of_the_kernels(tmp_path, where):
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-mine.py").write_text("import builtins\nbuiltins.FROM_THE_AUTHORS_PROFILE = 1\n")
    (tmp_path / "config" / "matplotlib").mkdir(parents=True)
    (tmp_path / "config" / "matplotlib" / "matplotlibrc").write_text("figure.dpi: 33\n")
    (tmp_path / "config" / "matplotlib" / "stylelib").mkdir()
    (tmp_path / "config" / "matplotlib" / "stylelib" / "ggplot.mplstyle").write_text(
        "axes.facecolor: red\n"
    )
    project = copy_project(tmp_path / "project", {"author.py": AUTHOR})
    config = tmp_path / "config"
    matplotlib_config = {
        where: str(config if where == "XDG_CONFIG_HOME" else config / "matplotlib")
    }
    build(project, IPYTHONDIR=str(tmp_path / "ipython"), **matplotlib_config)
    author = page(project, "author")
    assert "profile: False" in author
    assert "dpi: 100.0" in author, "Matplotlib's default, not the author's"
    assert "ggplot axes: #E5E5E5" in author, "Matplotlib's own ggplot style, not the author's"


WRITER = (
    HEADER.format(title="Writer", day="28")
    + """
# %%
import os
from pathlib import Path

Path("made-here.txt").write_text("written by the tutorial")
print(Path("made-here.txt").read_text())
# Lower down, with no mode: os.open and what calls it.
descriptor = os.open("made-by-os.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
os.write(descriptor, b"written by os.write")
os.close(descriptor)
Path("touched.txt").touch()
print(Path("made-by-os.bin").read_bytes(), Path("touched.txt").read_text() == "")
"""
)


def test_a_file_the_tutorial_writes_then_reads_is_a_result_not_an_input(tmp_path):
    project = copy_project(tmp_path / "project", {"writer.py": WRITER})
    assert build(project) == {"writer": "executed"}
    assert "written by os.write' True" in page(project, "writer")
    assert build(project) == {"writer": "cached"}


OPENINGS = """
import json, os, sys
from pathlib import Path

events = []
sys.addaudithook(lambda event, args: event == "open" and events.append(args))
Path("old.txt").write_text("there before")
events.clear()
for name, mode in [("w.txt", "w"), ("a.txt", "a"), ("x.txt", "x"), ("wp.txt", "w+"),
                   ("old.txt", "r"), ("old.txt", "r+"), ("old.txt", "rb")]:
    open(name, mode).close()
for name, flags in [("os-w.txt", os.O_WRONLY | os.O_CREAT), ("old.txt", os.O_RDONLY),
                    ("old.txt", os.O_RDWR), ("old.txt", os.O_RDWR | os.O_CREAT),
                    ("os-rw.txt", os.O_RDWR | os.O_CREAT),
                    ("old.txt", os.O_RDWR | os.O_APPEND)]:
    os.close(os.open(name, flags))
Path("touched.txt").touch()
print(json.dumps([[os.path.basename(a[0]), *a[1:]] for a in events if isinstance(a[0], str)]))
"""


def test_opening_a_file_counts_as_writing_it_as_its_mode_or_flags_say(tmp_path):
    """The audit events a real Python raises, for open() with a mode and os.open() with
    flags alone: each is read as the build must read it."""
    result = subprocess.run(
        [sys.executable, "-c", OPENINGS], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)
    os.remove(tmp_path / "os-rw.txt")  # as it was when os.open created it
    writes = [name for name, *rest in events if opens_to_write(str(tmp_path / name), *rest)]
    assert writes == [
        "w.txt",
        "a.txt",
        "x.txt",
        "wp.txt",
        "os-w.txt",
        "os-rw.txt",
        "old.txt",
        "touched.txt",
    ]
    reads = [name for name, *rest in events if not opens_to_write(str(tmp_path / name), *rest)]
    assert reads == ["old.txt"] * 6


GLOBBER = (
    HEADER.format(title="Globber", day="26")
    + """
# %%
import wave  # imported by no one yet: the import system looks for it in this folder
import importlib.metadata
from pathlib import Path

print("plugins", len(importlib.metadata.entry_points(group="mkdocs.plugins")) > 0)
found = sorted(Path("data").glob("*.txt"))
print("files", len(found), "sum", sum(int(path.read_text()) for path in found))
Path("results").mkdir(exist_ok=True)
Path("results/sum.txt").write_text("written where it is listed next")
print("results", len(list(Path("results").iterdir())))
"""
)


def test_a_new_file_in_a_folder_the_tutorial_lists_executes_it_again(tmp_path):
    project = copy_project(tmp_path / "project", {"globber.py": GLOBBER})
    data = project / "tutorial_src" / "data"
    data.mkdir()
    (data / "one.txt").write_text("1")
    assert build(project) == {"globber": "executed"}
    assert build(project) == {"globber": "cached"}, "its own results do not count as a change"
    (data / "two.txt").write_text("2")
    assert build(project) == {"globber": "executed"}
    assert "files 2 sum 3" in page(project, "globber")
    (data / "notes.md").write_text("not a *.txt file, but a new name in the folder")
    assert build(project) == {"globber": "executed"}
    # Looking for modules and installed distributions lists the working directory too:
    # lookups, not what the tutorial reads.
    (project / "tutorial_src" / "notes.md").write_text("a new name in a folder not listed")
    assert build(project) == {"globber": "cached"}


LATECOMER = (
    HEADER.format(title="Latecomer", day="24")
    + """
# %%
import os
from pathlib import Path

print("found", sorted(path.name for path in Path("inbox").iterdir()))
if os.environ.get("ADD_DURING_RUN"):  # a file dropped in while the tutorial runs
    Path("inbox/late.txt").write_text("late")
"""
)


def test_a_file_added_to_a_listed_folder_while_the_tutorial_runs_executes_it_again(tmp_path):
    project = copy_project(tmp_path / "project", {"latecomer.py": LATECOMER})
    (project / "tutorial_src" / "inbox").mkdir()
    (project / "tutorial_src" / "inbox" / "early.txt").write_text("early")
    assert build(project, ADD_DURING_RUN="1") == {"latecomer": "executed"}
    page = project / "site" / "latecomer" / "index.html"
    assert "found ['early.txt']" in page.read_text("utf-8"), "listed before it came"
    # The record holds the names the run saw, not those found once it had run.
    assert build(project) == {"latecomer": "executed"}
    assert "found ['early.txt', 'late.txt']" in page.read_text("utf-8")
    assert build(project) == {"latecomer": "cached"}


def test_a_folder_listed_through_a_link_counts_wherever_the_link_points(tmp_path):
    project = copy_project(tmp_path / "project", {"globber.py": GLOBBER})
    outside = tmp_path / "shared-data"
    outside.mkdir()
    (outside / "one.txt").write_text("1")
    (project / "tutorial_src" / "data").symlink_to(outside)
    assert build(project) == {"globber": "executed"}
    (outside / "two.txt").write_text("2")
    assert build(project) == {"globber": "executed"}
    assert "files 2 sum 3" in page(project, "globber")


OPTIONAL = (
    HEADER.format(title="Optional", day="23")
    + """
# %%
try:
    from helpers import fast

    print("backend", fast.NAME)
except ImportError:
    print("backend slow")
"""
)


def test_a_module_added_to_a_helper_package_executes_its_users_again(tmp_path):
    project = copy_project(tmp_path / "project", {"optional.py": OPTIONAL})
    package = project / "tutorial_src" / "helpers"
    package.mkdir()
    (package / "__init__.py").write_text("")
    assert build(project) == {"optional": "executed"}
    assert build(project) == {"optional": "cached"}
    (package / "fast.py").write_text('NAME = "fast"\n')
    assert build(project) == {"optional": "executed"}
    assert "backend fast" in page(project, "optional")


def dotted(folder: str) -> str:
    """A tutorial that reads a note in `folder` of the repository."""
    return HEADER.format(title="Dotted", day="20") + textwrap.dedent(
        f"""
        # %%
        from pathlib import Path

        print("note:", Path("../{folder}/note.txt").read_text())
        """
    )


def test_a_folder_whose_name_only_begins_like_an_ignored_one_holds_inputs(tmp_path):
    """.git, .venv and .cache hold no inputs: what a tutorial reads there is not recorded.
    .gitnotes is a folder like any other: its note is an input, and one outside the
    tutorials' folder, which no reader could download."""
    project = copy_project(tmp_path / "project", {"dotted.py": dotted(".git")})
    for folder in (".git", ".gitnotes"):
        (project / folder).mkdir()
        (project / folder / "note.txt").write_text(folder, "utf-8")
    assert build(project) == {"dotted": "executed"}
    assert "note: .git" in page(project, "dotted")
    (project / "tutorial_src" / "dotted.py").write_text(dotted(".gitnotes"), "utf-8")
    result = run_mkdocs_build(project / "mkdocs.yml", project / "site", cwd=project)
    where = "cell 2 ('from pathlib import Path')"
    assert f"{where} reads .gitnotes/note.txt, outside tutorial_src/" in result.stderr


SUBPROCESS = (
    HEADER.format(title="Runner", day="24")
    + """
# %%
import subprocess

# The standard library hides a warning of its own while it looks for the program.
print(subprocess.run(["echo", "hello"], capture_output=True, text=True).stdout)
"""
)


def test_two_tutorials_of_the_same_code_make_two_pages(tmp_path):
    # The same execution key: each still runs and gets its page (posts differ in title and
    # date).
    twin = OTHER.replace("Other", "Twin").replace("2024-05-31", "2024-05-22")
    project = copy_project(tmp_path / "project", {"reader.py": OTHER, "twin.py": twin})
    assert build(project) == {"reader": "executed", "twin": "executed"}
    assert (project / "site" / "twin" / "index.html").is_file()


def test_warnings_hidden_inside_the_standard_library_are_not_the_tutorials(tmp_path):
    project = copy_project(tmp_path / "project", {"runner.py": SUBPROCESS})
    assert build(project) == {"runner": "executed"}


MAPPER = (
    HEADER.format(title="Mapper", day="26")
    + """
# %%
import numpy as np

print("sum", int(np.memmap("data.bin", dtype=np.uint8).sum()))
"""
)


def test_a_file_opened_to_read_and_update_is_an_input(tmp_path):
    # NumPy's memmap opens its file with mode "r+b" unless told otherwise.
    project = copy_project(tmp_path / "project", {"mapper.py": MAPPER})
    (project / "tutorial_src" / "data.bin").write_bytes(bytes([1, 2, 3]))
    assert build(project) == {"mapper": "executed"}
    (project / "tutorial_src" / "data.bin").write_bytes(bytes([1, 2, 3, 4]))
    assert build(project) == {"mapper": "executed"}
    assert "sum 10" in page(project, "mapper")


PAUSER = (
    HEADER.format(title="Pauser", day="27")
    + """
# %%
import time

from IPython.display import display

print("before the pause")
time.sleep(0.5)  # longer than the kernel waits before it sends what was printed
print("after the pause")
shown = display("shown first", display_id=True)

# %%
shown.update("shown instead")  # in place, after the joined prints
"""
)


def test_what_a_cell_prints_is_one_output_however_the_kernel_sent_it(tmp_path):
    project = copy_project(tmp_path / "project", {"pauser.py": PAUSER})
    assert build(project) == {"pauser": "executed"}
    outputs = re.findall(
        r'<div class="cell-output">(.*?)</div>', page(project, "pauser"), re.DOTALL
    )
    printed = re.findall(r"<pre[^>]*>(.*?)</pre>", "".join(outputs), re.DOTALL)
    assert [re.sub(r"<[^>]+>", "", text) for text in printed] == [
        "before the pause\nafter the pause\n",
        "'shown instead'",
    ]


def test_two_cold_builds_of_the_same_sources_are_byte_identical(tmp_path):
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    sites = []
    for name in ("first", "second"):
        project = copy_project(tmp_path / name)
        build(project, **epoch)
        sites.append(project / "site")
    comparison = filecmp.dircmp(*sites)
    assert _differences(comparison) == []
    page = (sites[0] / "computation-times" / "index.html").read_text("utf-8")
    assert "left out" in page, "execution times are not reproducible, so they are omitted"


def _differences(comparison: filecmp.dircmp) -> list[str]:
    different = comparison.left_only + comparison.right_only
    _, mismatch, errors = filecmp.cmpfiles(
        comparison.left, comparison.right, comparison.common_files, shallow=False
    )
    different = [os.path.join(comparison.left, name) for name in different + mismatch + errors]
    for sub in comparison.subdirs.values():
        different += _differences(sub)
    return different


@pytest.mark.parametrize("saved", ["edited", "added"])
def test_a_tutorial_saved_between_the_two_reads_of_a_build_fails_it(monkeypatch, saved):
    read_first = SimpleNamespace(path="tutorial_src/a.py", source="as planned")
    read_later = SimpleNamespace(path="tutorial_src/a.py", source="as saved after")
    planned = [SimpleNamespace(tutorial=read_first)] if saved == "edited" else []
    monkeypatch.setattr(tutorial_pages, "_build", SimpleNamespace(planned=planned, jobs={}))
    post = SimpleNamespace(tutorial=read_later, src_uri="posts/a.md")
    with pytest.raises(PluginError, match=r"^tutorial_src/a\.py: changed during the build"):
        tutorial_pages.on_files([post], config=None)


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("mkdocs.yml", True),
        ("docs/generated.md", True),
        ("tutorial_src/made.py", True),
        ("tutorial_src/results.csv", False),
        ("tutorial_src/helpers/made.py", True),
        ("tutorial_src/matplotlibrc", True),
        ("tutorial_src/results/matplotlibrc", False),
        ("results/docs.md", False),
    ],
)
def test_the_sites_sources_are_its_configuration_pages_tutorials_and_their_settings(path, source):
    assert site_source(path) == source
