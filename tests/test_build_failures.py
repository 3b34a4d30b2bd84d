"""A broken tutorial fails the build loudly, naming the file, and publishes nothing."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_env, run_mkdocs_build
from tutorial_posts import unreachable

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


def project_with(tmp_path: Path, tutorial: str, *, timeout: int | None = None) -> Path:
    """A copy of the project whose only tutorial is `tutorial`."""
    project = copy_project(tmp_path / "project", {"broken.py": tutorial})
    if timeout is not None:
        config = project / "docs" / "overrides" / "kernel" / "jupyter_nbconvert_config.py"
        text = config.read_text("utf-8")
        setting = f"c.NotebookClient.timeout = {timeout}"  # not the kernel's startup_timeout
        text, count = re.subn(r"^c\.NotebookClient\.timeout = \d+", setting, text, flags=re.M)
        assert count == 1, "the timeout setting moved"
        config.write_text(text, "utf-8")
    return project


def build(project: Path, *, succeeds: bool = False) -> str:
    site = project / "site"
    result = run_mkdocs_build(project / "mkdocs.yml", site, cwd=project)
    output = result.stdout + result.stderr
    if succeeds:
        assert result.returncode == 0, output
        return output
    assert result.returncode != 0, "the build should have failed"
    assert not (site / "index.html").exists(), "a failed build must not leave a site"
    return output


def test_a_cell_that_raises_fails_the_build_naming_tutorial_cell_and_error(tmp_path):
    output = build(project_with(tmp_path, HEADER + BODY))
    assert "tutorial_src/broken.py:20: cell 3 ('total = sum(numbers)') raised" in output
    assert "ZeroDivisionError: division by zero, at line 2 of the cell ('print(total / 0)')" in (
        output
    )
    assert "Error reading page" not in output, "no line naming the generated post"


def test_the_failing_cell_is_named_even_when_an_earlier_cell_is_part_of_it(tmp_path):
    body = BODY.replace("# %%\ntotal", "# %%\nsum(numbers)\n\n# %%\ntotal")
    output = build(project_with(tmp_path, HEADER + body))
    assert "tutorial_src/broken.py:23: cell 4 ('total = sum(numbers)') raised" in output


def with_cell(code: str, tags: str = "") -> str:
    """The broken tutorial with its failing cell replaced by `code`."""
    cell = f"# %%{' tags=' + tags if tags else ''}\n{textwrap.dedent(code).strip()}\n"
    return HEADER + BODY.replace("# %%\ntotal = sum(numbers)\nprint(total / 0)\n", cell)


def another_tutorial(text: str) -> str:
    """`text`, the broken tutorial changed, as another post with a title and date of its own."""
    return text.replace("A broken tutorial", "Another tutorial").replace("2024-05-31", "2024-05-30")


def test_a_cell_that_kills_the_kernel_is_the_one_named(tmp_path):
    code = "import os\n\nos._exit(1)"
    output = build(project_with(tmp_path, with_cell(code)))
    assert "tutorial_src/broken.py:19: cell 3 ('import os') killed the kernel" in output


def test_a_figure_that_cannot_be_saved_fails_the_build_naming_the_cell_and_error(tmp_path):
    code = """
    import matplotlib.pyplot as plt

    plt.figure(figsize=(0.001, 0.001))
    plt.title("Too small to draw")
    plt.show()
    """
    for tags in ("", '["allow-warnings"]'):
        output = build(project_with(tmp_path / (tags or "untagged"), with_cell(code, tags)))
        # The message's line is the one that made the figure.
        assert (
            "tutorial_src/broken.py:21: cell 3 ('import matplotlib.pyplot as plt') drew a "
            "figure (made at line 3 of the cell ('plt.figure(figsize=(0.001, 0.001))')) that "
            "cannot be published: ValueError: cannot write empty image"
        ) in output


def test_a_figure_whose_mathtext_cannot_be_read_fails_the_build_saying_what_dollars_do(
    tmp_path,
):
    code = r"""
    import matplotlib.pyplot as plt

    plt.title("From $5 to 10{$")
    plt.show()
    """
    output = build(project_with(tmp_path, with_cell(code)))
    # On one line: the text Matplotlib could not read, then pyparsing's words (its own).
    line = next(line for line in output.splitlines() if "cannot be published" in line)
    assert "cannot be published: ValueError: 5 to 10{; Parse" in line
    assert line.endswith(
        r"(Matplotlib reads text between two $ signs as mathtext: mend it, or write a plain $ "
        r"as \$)"
    )


def test_a_figure_without_a_title_fails_the_build_at_the_line_that_made_it(tmp_path):
    # Made within a function of an earlier cell: the line of this cell that called it.
    code = """
        import matplotlib.pyplot as plt


        def draw():
            fig, ax = plt.subplots()
            ax.plot([1, 2, 3])
            return fig

        # %%
        print("drawing")
        draw()
        plt.show()
    """
    tutorial = with_cell(code)
    output = build(project_with(tmp_path, tutorial))
    line = tutorial.splitlines().index("draw()") + 1
    assert (
        f"tutorial_src/broken.py:{line}: cell 4 ('print(\"drawing\")') drew a figure (made at "
        "line 2 of the cell ('draw()')) that cannot be published: ValueError: the figure has "
        "no title"
    ) in output


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ('Path("../docs/generated.md").write_text("# Made")', "docs/generated.md"),
        (
            'Path("made.md").write_text("# Made")\nos.replace("made.md", "../docs/made.md")',
            "docs/made.md",
        ),
        ('Path("matplotlibrc").write_text("lines.linewidth: 6")', "tutorial_src/matplotlibrc"),
        ('os.remove("../docs/index.md")', "docs/index.md"),
    ],
    ids=["write", "rename", "matplotlibrc", "remove"],
)
def test_a_tutorial_that_changes_the_sites_sources_fails_the_build(tmp_path, code, written):
    code = f"import os\nfrom pathlib import Path\n\n{code}\n"
    project = project_with(tmp_path, with_cell(code))
    before = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    output = build(project)
    assert (
        f"cell 3 ('import os') raised PermissionError: {written} was not written: it is one "
        "of the site's sources"
    ) in output
    assert not (project / written).exists() or (project / written).read_bytes() == before.get(
        project / written
    ), "refused before it happened: nothing changed"
    assert (project / "docs" / "index.md").read_bytes() == before[project / "docs" / "index.md"]


def test_a_refused_write_fails_the_build_even_when_the_tutorial_catches_the_error(tmp_path):
    code = 'try:\n    open("../mkdocs.yml", "a").close()\nexcept OSError:\n    pass'
    output = build(project_with(tmp_path, with_cell(code)))
    assert (
        "tutorial_src/broken.py:19: cell 3 ('try:') was kept from writing mkdocs.yml: it is one "
        "of the site's sources"
    ) in output


def test_a_tutorial_that_rewrites_a_file_it_read_fails_the_build(tmp_path):
    # Each build would find the file changed, run the tutorial again, and show other numbers.
    code = """\
        from pathlib import Path

        counter = Path("counter.txt")
        runs = int(counter.read_text()) + 1
        counter.write_text(str(runs))"""
    project = project_with(tmp_path, with_cell(code))
    (project / "tutorial_src" / "counter.txt").write_text("0", "utf-8")
    output = build(project)
    assert (
        "tutorial_src/broken.py:23: cell 3 ('from pathlib import Path') raised PermissionError: "
        "tutorial_src/counter.txt was not written: the tutorial read it before"
    ) in output
    assert (project / "tutorial_src" / "counter.txt").read_text("utf-8") == "0"


def test_a_tutorial_that_writes_into_the_built_site_fails_the_build(tmp_path):
    # The site is built anew each time, and a build that reuses the outputs writes nothing.
    code = 'import os\n\nos.makedirs("../site", exist_ok=True)\nopen("../site/a.txt", "w").close()'
    output = build(project_with(tmp_path, with_cell(code)))
    assert (
        "tutorial_src/broken.py:22: cell 3 ('import os') raised PermissionError: "
        "site/a.txt was not written: it is in the built site"
    ) in output


def test_an_output_showing_a_path_of_the_building_machine_fails_the_build(tmp_path):
    project = project_with(tmp_path, with_cell("from pathlib import Path\n\nprint(Path.cwd())"))
    output = build(project)
    assert (
        f"tutorial_src/broken.py:19: cell 3 ('from pathlib import Path') shows "
        f"{project.resolve()}, a path of the machine that built the site"
    ) in output


def test_a_tutorial_that_reads_a_file_outside_the_repository_fails_the_build(tmp_path):
    outside = tmp_path / "elsewhere" / "data.txt"
    outside.parent.mkdir()
    outside.write_text("1 2 3", "utf-8")
    code = f"""
    import tempfile
    from pathlib import Path

    OUTSIDE = {str(outside)!r}
    with tempfile.TemporaryDirectory() as folder:  # files it writes itself may be read
        scratch = Path(folder) / "scratch.txt"
        scratch.write_text("a result")
        print(scratch.read_text())

    # %%
    print(Path(OUTSIDE).read_text())
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert (
        f"tutorial_src/broken.py:29: cell 4 ('print(Path(OUTSIDE).read_text())') reads {outside}, "
        "outside the "
        "repository: readers would not have it"
    ) in output


def test_a_cell_that_leaves_a_figure_open_fails_the_build(tmp_path):
    # The page would show the figure all the same; a reader's Python would not.
    code = """
    import matplotlib.pyplot as plt

    plt.plot([1, 2, 3])
    plt.title("A rising line")
    """
    output = build(project_with(tmp_path / "open", with_cell(code)))
    assert (
        "tutorial_src/broken.py:21: cell 3 ('import matplotlib.pyplot as plt') leaves a figure "
        "open (made at line 3 of the cell ('plt.plot([1, 2, 3])')): end the cell with "
        "plt.show()"
    ) in output
    closed = code + "plt.close()\n"  # drawn, then closed: nothing is left to show
    build(project_with(tmp_path / "closed", with_cell(closed)), succeeds=True)
    build(project_with(tmp_path / "shown", with_cell(code + "plt.show()\n")), succeeds=True)


def test_a_tutorial_that_switches_matplotlibs_backend_fails_the_build(tmp_path):
    code = """
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    plt.plot([1, 2, 3])
    plt.title("A figure the page would not show")
    plt.show()
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert (
        "tutorial_src/broken.py:19: cell 3 ('import matplotlib') switched Matplotlib's backend "
        "to 'Agg': plt.show() would draw nothing"
    ) in output


def test_a_kernel_extension_that_fails_to_load_fails_the_build(tmp_path):
    # Without the extension, figures, warnings and reads would go unchecked.
    project = project_with(tmp_path, with_cell("print(1)"))
    extension = project / "docs" / "overrides" / "kernel" / "tutorial_kernel.py"
    broken = """

_load = load_ipython_extension


def load_ipython_extension(ip):
    _load(ip)
    raise RuntimeError("the extension is broken")
"""
    extension.write_text(extension.read_text("utf-8") + broken, "utf-8")
    output = build(project)
    assert "tutorial_src/broken.py: executing the tutorial failed: RuntimeError: Kernel died" in (
        output
    )
    assert "RuntimeError: the extension is broken" in output, "and why, from the kernel"


@pytest.mark.parametrize(
    ("call", "value"),
    [("exit()", ""), ("quit()", ""), ("sys.exit('stopped')", ": stopped")],
)
def test_exit_in_a_cell_fails_the_build_naming_its_line(tmp_path, call, value):
    # A plain run of the script would stop there.
    output = build(project_with(tmp_path, with_cell(f"import sys\n{call}\nprint('after')")))
    assert (
        f"tutorial_src/broken.py:20: cell 3 ('import sys') raised SystemExit{value} (a "
        "tutorial runs to its end; sys.exit() would stop a reader's run), at line 2 of the "
        f"cell ({call!r})"
    ) in output


def test_a_breakpoint_fails_the_build_naming_its_line(tmp_path):
    # A plain run would wait in the debugger; the kernel's debugger would fail from inside.
    output = build(project_with(tmp_path, with_cell("x = 1\nbreakpoint()\nprint(x)")))
    assert (
        "tutorial_src/broken.py:20: cell 3 ('x = 1') raised RuntimeError: breakpoint() stops "
        "a run in the debugger until someone answers it: remove it, at line 2 of the cell "
        "('breakpoint()')"
    ) in output


def test_a_warning_fails_the_build_naming_tutorial_cell_and_warning(tmp_path):
    code = """
        import warnings
        warnings.warn("this API will change", FutureWarning)
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert "tutorial_src/broken.py:20: cell 3 ('import warnings') warned FutureWarning" in output
    quoted = """('warnings.warn("this API will change", FutureWarning)')"""
    assert f"this API will change (from line 2 of the cell {quoted})" in output
    assert (
        "(change the code so that it no longer warns; only if the page is meant to show that "
        'output, tag the cell: # %% tags=["allow-warnings"])'
    ) in output


def test_a_warning_of_several_lines_is_told_on_one_line_of_the_log(tmp_path):
    code = """
        import warnings
        warnings.warn("this API will change.\\n\\nPass the argument explicitly.", FutureWarning)
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert (
        "warned FutureWarning: this API will change. Pass the argument explicitly. (from line 2"
    ) in output


def test_a_warning_raised_by_a_function_of_an_earlier_cell_names_both_cells(tmp_path):
    code = """
        import warnings


        def caution():
            warnings.warn("this API will change", FutureWarning)

        # %%
        caution()
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert (
        "tutorial_src/broken.py:26: cell 4 ('caution()') warned FutureWarning: this API will "
        "change (from line 5 of the cell 'import warnings')"
    ) in output


def test_warnings_hidden_by_a_function_of_an_earlier_cell_name_both_cells(tmp_path):
    code = """
        import warnings


        def quiet():
            warnings.simplefilter("ignore")

        # %%
        quiet()
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert (
        "tutorial_src/broken.py:26: cell 4 ('quiet()') hides warnings with "
        "warnings.simplefilter('ignore') (at line 5 of the cell 'import warnings')"
    ) in output


def test_a_warning_raised_by_a_thread_between_cells_names_the_thread(tmp_path):
    # The thread warns once the first cell has finished, before the next one starts: the
    # warning is published with the next cell, and the message says where it came from.
    code = """
        import threading
        import warnings

        from IPython import get_ipython

        go = threading.Event()


        def caution():
            go.wait()
            warnings.warn("this API will change", FutureWarning)


        worker = threading.Thread(target=caution, name="cautious")
        worker.start()


        def after_the_cell(result):
            go.set()
            worker.join()


        get_ipython().events.register("post_run_cell", after_the_cell)

        # %%
        print("next")
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert (
        "tutorial_src/broken.py:44: cell 4 ('print(\"next\")') warned FutureWarning: this API will "
        "change (from line 11 of the cell 'import threading', in the thread 'cautious' while no "
        "cell was running)"
    ) in output


def test_a_library_deprecation_fails_the_build_too(tmp_path):
    # NumPy 2 deprecated its row_stack alias: the warning is raised inside NumPy's code.
    code = """
        import numpy as np
        np.row_stack([[1], [2]])
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert "tutorial_src/broken.py:20: cell 3 ('import numpy as np') warned DeprecationWarning" in (
        output
    )
    assert "row_stack" in output


def test_a_cell_tagged_allow_warnings_shows_its_warning(tmp_path):
    code = """
        import warnings
        warnings.warn("this API will change", FutureWarning)
    """
    project = project_with(tmp_path, with_cell(code, '["allow-warnings"]'))
    build(project, succeeds=True)
    page = (project / "site" / "broken" / "index.html").read_text("utf-8")
    assert "FutureWarning" in page
    assert "this API will change" in page


def test_writing_to_standard_error_fails_the_build(tmp_path):
    code = """
        import sys
        print("progress: 50%", file=sys.stderr)
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert "cell 3 ('import sys') wrote to standard error: progress: 50%" in output


def test_a_cell_past_the_timeout_fails_the_build_naming_it(tmp_path):
    code = """
        import time
        time.sleep(60)
    """
    output = build(project_with(tmp_path, with_cell(code), timeout=3))
    assert "tutorial_src/broken.py:19: cell 3 ('import time') ran past the timeout" in output
    assert "3 seconds" in output
    assert "Traceback" not in output, "the kernel's shutdown adds no noise"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (HEADER.replace("# title: A broken tutorial\n", ""), "tutorial_src/broken.py: title"),
        (HEADER.replace("# date: 2024-05-31\n", ""), "tutorial_src/broken.py: date"),
        (HEADER.replace("2024-05-31", "May 31st"), "tutorial_src/broken.py:3: date"),
        (HEADER.replace("2024-05-31", "2021-02-30"), "tutorial_src/broken.py:3: date: not a date"),
        (HEADER.replace("# date:", "# date: [unclosed"), "tutorial_src/broken.py:4: header"),
        (HEADER.replace("# ---\n", "", 1), "tutorial_src/broken.py: header"),
    ],
    ids=["no-title", "no-date", "bad-date", "impossible-date", "bad-yaml", "no-header"],
)
def test_a_malformed_header_fails_the_build_naming_file_and_field(tmp_path, header, message):
    output = build(project_with(tmp_path, header + textwrap.dedent(BODY)))
    assert message in output


def with_plugin_option(project: Path, option: str) -> Path:
    """`project` with one more option for mkdocs-jupyter in its mkdocs.yml."""
    config = project / "mkdocs.yml"
    entry = re.compile(r"^  - mkdocs-jupyter:\n", re.M)
    text, count = entry.subn(rf"\g<0>      {option}\n", config.read_text())
    assert count == 1, "the plugin's entry moved"
    config.write_text(text, "utf-8")
    return project


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("cache: false", "mkdocs-jupyter's option cache must be True"),
        ("execute_ignore: ['*.py']", "mkdocs-jupyter's option execute_ignore must be []"),
        (
            "ignore: ['*.py']",
            "tutorial_src/broken.py: mkdocs-jupyter's include and ignore options leave out",
        ),
    ],
)
def test_mkdocs_jupyter_options_the_pages_rely_on_are_checked(tmp_path, option, message):
    project = with_plugin_option(project_with(tmp_path, with_cell("print(1)")), option)
    assert message in build(project)


def test_a_dirty_build_is_refused_as_it_could_publish_stale_pages(tmp_path):
    project = project_with(tmp_path, with_cell("print(1)"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "--site-dir", "site"],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    assert "the tutorials' pages cannot be built dirty" in result.stderr
    assert not (project / "site" / "index.html").exists()


def test_a_build_that_fails_early_leaves_no_site_of_an_earlier_build(tmp_path):
    # MkDocs empties the site folder only after every on_config has run.
    project = project_with(tmp_path, with_cell("print(1)"))
    build(project, succeeds=True)
    tutorial = project / "tutorial_src" / "broken.py"
    tutorial.write_text(tutorial.read_text("utf-8").replace("2024-05-31", "2024-02-30"), "utf-8")
    assert "tutorial_src/broken.py:3: date: not a date" in build(project)
    assert not any((project / "site").iterdir())


def test_a_strict_abort_after_the_pages_are_written_leaves_no_site(tmp_path):
    # MkDocs counts strict-mode warnings only after writing every page.
    project = project_with(tmp_path, with_cell("print(1)"))
    index = project / "docs" / "index.md"
    index.write_text(index.read_text("utf-8") + "\nSee [this page](nowhere.md).\n", "utf-8")
    output = build(project)
    assert "nowhere.md" in output
    assert "Aborted with 1 warnings in strict mode!" in output
    assert not any((project / "site").iterdir()), "the written pages are removed again"


@pytest.mark.parametrize(
    "stop",
    [
        # A terminal's Ctrl-C interrupts Python; a process started in the background by a
        # shell without job control ignores it, so the hook first restores what a terminal
        # gives.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "    os.kill(os.getpid(), signal.SIGINT)",
        # What a cancelled CI job or `timeout` sends, which would end Python at once.
        "os.kill(os.getpid(), signal.SIGTERM)",
    ],
    ids=["ctrl-c", "sigterm"],
)
def test_a_build_stopped_with_ctrl_c_or_sigterm_leaves_no_site(tmp_path, stop):
    # Stopped once every page is written, as the last steps of the build run (the hook stands
    # for a reader's keyboard or a CI runner): MkDocs does not count it as a failed build.
    project = project_with(tmp_path, with_cell("print(1)"))
    (project / "interrupt.py").write_text(
        f"import os, signal\n\n\ndef on_post_build(config):\n    {stop}\n", "utf-8"
    )
    config = project / "mkdocs.yml"
    hooks = "hooks:\n  - interrupt.py\n"
    config.write_text(config.read_text("utf-8").replace("hooks:\n", hooks, 1), "utf-8")
    output = build(project)
    assert output.rstrip().endswith("Aborted!"), "as click reports a Ctrl-C"
    site = project / "site"
    assert f"The build was stopped: {site} is emptied" in output
    assert not any(site.iterdir())


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["tags.py"], "docs/tags.md and tutorial_src/tags.py would both be published as tags/"),
        (
            ["computation_times.py"],
            "tutorial_src/computation_times.py and the page computation-times.md that "
            "docs/overrides/hooks/tutorial_pages.py makes would both be published",
        ),
        (
            ["pro-be.py", "pro_be.py"],
            "tutorial_src/pro-be.py and tutorial_src/pro_be.py would both be published as "
            "pro-be/index.html",
        ),
        (
            ["Tags.py"],
            "docs/tags.md and tutorial_src/Tags.py would be published as tags/index.html and "
            "Tags/index.html, one file where case does not count (macOS, Windows)",
        ),
    ],
    ids=["a-docs-page", "a-generated-page", "another-tutorial", "in-another-case"],
)
def test_two_sources_for_one_address_fail_the_build_naming_both(tmp_path, names, message):
    tutorials = {  # each its own title and date, which no two posts may share
        name: with_cell("print(1)")
        .replace("A broken tutorial", f"A broken tutorial {number}")
        .replace("2024-05-31", f"2024-05-{31 - number}")
        for number, name in enumerate(["broken.py", *names])
    }
    project = copy_project(tmp_path / "project", tutorials)
    assert message in build(project)


def test_a_build_that_fails_while_a_tutorial_runs_ends_the_tutorial(tmp_path):
    """A failure found once the tutorials have started (two sources for one address, found
    as MkDocs gathers the files) stops them: no tutorial runs on for a build that is over,
    not even in a kernel started after the build stopped the zygote."""
    ran = tmp_path / "ran"
    code = f"import time\ntime.sleep(5)\nopen({str(ran)!r}, 'w').close()"
    project = copy_project(tmp_path / "project", {"tags.py": with_cell(code)})
    assert "docs/tags.md and tutorial_src/tags.py would both be published" in build(project)
    assert not ran.exists(), "the tutorial ran on after the build failed"


def test_a_broken_matplotlibrc_in_the_tutorials_folder_fails_the_build(tmp_path):
    project = project_with(tmp_path, with_cell("print(1)"))
    (project / "tutorial_src" / "matplotlibrc").write_text("lines.linewdth: 2\n", "utf-8")
    assert "tutorial_src/matplotlibrc: Bad key lines.linewdth, line 1" in build(project)


@pytest.mark.parametrize(
    ("code", "call"),
    [
        ('warnings.simplefilter("ignore")', "warnings.simplefilter('ignore') (at line 2 of"),
        (
            'warnings.filterwarnings("ignore", category=FutureWarning)',
            "filterwarnings('ignore') (at line 2 of",
        ),
        (
            'with warnings.catch_warnings(action="ignore"):\n    pass',
            "catch_warnings(action='ignore') (at line 2 of",
        ),
        (
            "with warnings.catch_warnings(record=True):\n    pass",
            "catch_warnings(record=True) (at line 2 of",
        ),
        ("warnings.showwarning = print", "another warnings.showwarning"),
        ("from helpers import quiet", "('ignore') (at tutorial_src/helpers/quiet.py:3)"),
        (
            'warnings.filters.insert(0, ("ignore", None, Warning, None, 0))',
            "hides warnings with an edit of warnings.filters",
        ),
        (
            'with warnings.catch_warnings():\n    warnings.filters.insert(0, ("ignore", None, '
            'Warning, None, 0))\n    warnings.warn("unseen")',
            "hides warnings with an edit of warnings.filters",
        ),
        ("exec(\"warnings.simplefilter('ignore')\")", "simplefilter('ignore') (at line 2 of"),
        (
            'exec("with warnings.catch_warnings():\\n    warnings.filters.insert(0, ('
            "'ignore', None, Warning, None, 0))\")",
            "hides warnings with an edit of warnings.filters",
        ),
        (
            "import timeit\ntimeit.timeit(\"warnings.simplefilter('ignore')\", number=1, "
            "globals=globals())",
            "an 'ignore' filter left in place for all modules",
        ),
        (
            "import threading\nworker = threading.Thread(target=warnings.simplefilter, "
            "args=['ignore'])\nworker.start()\nworker.join()",
            "an 'ignore' filter left in place for all modules",
        ),
        ('warnings.defaultaction = "ignore"', "hides warnings with warnings.defaultaction ="),
        ("warnings._showwarnmsg = print", "another warnings._showwarnmsg"),
        ('import numpy as np\nnp.seterr(all="ignore")', "numpy.seterr(divide='ignore', "),
        (
            "with warnings.catch_warnings():\n    warnings.showwarning = lambda *a, **k: None\n"
            '    warnings.warn("unseen")',
            "another warnings.showwarning",
        ),
        (
            "with warnings.catch_warnings():\n    warnings._showwarnmsg = lambda *a, **k: None\n"
            '    warnings.warn("unseen")',
            "another warnings._showwarnmsg",
        ),
    ],
    ids=[
        "simplefilter",
        "filterwarnings",
        "catch-ignore",
        "catch-record",
        "showwarning",
        "helper",
        "filters-edited",
        "filters-edited-in-catch",
        "exec",
        "exec-catch-edit",
        "timeit",
        "thread",
        "default-action",
        "showwarnmsg",
        "numpy-seterr",
        "showwarning-in-catch",
        "showwarnmsg-in-catch",
    ],
)
def test_code_of_the_tutorial_that_hides_warnings_fails_the_build(tmp_path, code, call):
    project = project_with(tmp_path, with_cell(f"import warnings\n{code}"))
    helpers = project / "tutorial_src" / "helpers"  # a package: its modules are no tutorials
    helpers.mkdir()
    (helpers / "__init__.py").write_text("", "utf-8")
    (helpers / "quiet.py").write_text('import warnings\n\nwarnings.simplefilter("ignore")\n')
    output = build(project)
    # The message starts at the line that hides warnings when it is a line of the cell.
    line = 20 if "(at line 2 of" in call else 19
    assert f"tutorial_src/broken.py:{line}: cell 3 ('import warnings') hides warnings with" in (
        output
    )
    assert call in output
    assert "allow-warnings" in output


def test_a_warning_in_a_forked_worker_fails_the_cell_that_started_it(tmp_path):
    code = """
        import contextlib
        import io
        import multiprocessing
        import warnings


        def caution(number):
            warnings.warn("this API will change", FutureWarning)
            return number


        # Not even a capture of the cell's standard error hides it.
        with contextlib.redirect_stderr(io.StringIO()):
            with multiprocessing.get_context("fork").Pool(1) as pool:
                print(pool.map(caution, [1]))
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert "cell 3 ('import contextlib') wrote to standard error" in output
    assert "FutureWarning: this API will change" in output


def test_a_deprecation_in_a_new_python_process_fails_the_cell_that_started_it(tmp_path):
    # A new interpreter hides deprecations by default; the kernel's own children do not.
    code = """
        import subprocess
        import sys

        warn = "import warnings; warnings.warn('this API will go', DeprecationWarning)"
        finished = subprocess.run([sys.executable, "-c", warn], check=True)
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert "cell 3 ('import subprocess') wrote to standard error" in output
    assert "DeprecationWarning: this API will go" in output


@pytest.mark.parametrize(
    ("code", "later"),
    [
        ('warnings.simplefilter("ignore")', 'warnings.warn("this API will change", FutureWarning)'),
        ('warnings.defaultaction = "ignore"\nwarnings.resetwarnings()', 'warnings.warn("this")'),
        ("warnings._showwarnmsg = print", 'warnings.warn("this API will change", FutureWarning)'),
        ('import numpy as np\nnp.seterr(all="ignore")', "np.float64(1) / 0"),
    ],
    ids=["filter", "default-action", "showwarnmsg", "numpy-seterr"],
)
def test_what_a_tagged_cell_sets_to_hide_warnings_is_undone_before_the_next_cell(
    tmp_path, code, later
):
    tagged = with_cell(f"import warnings\n{code}", '["allow-warnings"]')
    output = build(project_with(tmp_path, f"{tagged}\n# %%\n{later}\n"))
    assert f"cell 4 ({later!r}) warned" in output


def test_a_warning_cleared_from_its_cell_output_still_fails_the_build(tmp_path):
    code = """
        import warnings
        from IPython.display import clear_output
        warnings.warn("this API will change", FutureWarning)
        clear_output()
    """
    output = build(project_with(tmp_path, with_cell(code)))
    assert "cell 3 ('import warnings') warned FutureWarning: this API will change" in output


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("[there](nope.md)", "broken.py:{line}: links to 'nope.md', which the build cannot"),
        ("[there](#nowhere)", "broken.py:{line}: links to '#nowhere', a heading it does not"),
        ("[there](other.py#nowhere)", "broken.py:{line}: links to other.py#nowhere, which has"),
        ("![a diagram](diagram.png)", "broken.py: its page would load 'diagram.png' into <img>"),
        (
            '<iframe src="https://video.example/embed/1" title="A talk"></iframe>',
            "broken.py: its page would load 'https://video.example/embed/1' into <iframe>",
        ),
        (
            "[my copy](file:///home/me/blobs.csv)",
            "broken.py:{line}: links to 'file:///home/me/blobs.csv', which readers cannot open",
        ),
        (
            "[the draft](http://localhost:8888/draft.ipynb)",
            "broken.py:{line}: links to 'http://localhost:8888/draft.ipynb', a server on the",
        ),
    ],
    ids=[
        "unknown-form",
        "missing-heading",
        "missing-heading-of-another-post",
        "image",
        "frame",
        "file",
        "local-server",
    ],
)
def test_a_link_in_the_prose_that_leads_nowhere_fails_the_build(tmp_path, markdown, message):
    tutorial = with_cell("print(1)") + f"\n# %% [markdown]\n# See {markdown}.\n"
    line = tutorial.splitlines().index(f"# See {markdown}.") + 1
    other = another_tutorial(with_cell("print(2)"))
    project = copy_project(tmp_path / "project", {"broken.py": tutorial, "other.py": other})
    assert message.format(line=line) in build(project)


def test_a_link_to_a_misspelt_heading_names_the_heading_meant(tmp_path):
    heading = "\n# %% [markdown]\n# ## Results\n"
    links = "\n# %% [markdown]\n# See [there](other.py#result).\n"
    other = another_tutorial(with_cell("print(2)")) + heading
    tutorial = with_cell("print(1)") + heading + links
    project = copy_project(tmp_path / "project", {"broken.py": tutorial, "other.py": other})
    assert "links to other.py#result, which has no such heading: did you mean #results?" in (
        build(project)
    )
    (project / "tutorial_src" / "broken.py").write_text(tutorial.replace("other.py#", "#"))
    assert "links to '#result', a heading it does not have: did you mean #results?" in (
        build(project)
    )
    # With none close, the message lists the headings there are.
    (project / "tutorial_src" / "broken.py").write_text(tutorial.replace("#result", "#zzz"))
    output = build(project)
    assert "links to other.py#zzz, which has no such heading; its headings: #" in output
    assert re.search(r"its headings: #[\w-]+, #results$", output, re.M)


def test_links_to_headings_of_the_same_and_of_another_post_pass(tmp_path):
    heading = "\n# %% [markdown]\n# ## Results\n"
    links = "\n# %% [markdown]\n# See [above](#results) and [there](other.py#results).\n"
    tutorial = with_cell("print(1)") + heading + links
    other = another_tutorial(with_cell("print(2)")) + heading
    project = copy_project(tmp_path / "project", {"broken.py": tutorial, "other.py": other})
    build(project, succeeds=True)
    page = (project / "site" / "broken" / "index.html").read_text("utf-8")
    assert 'href="../other/#results"' in page


@pytest.mark.parametrize(
    ("address", "reachable"),
    [
        ("https://scikit-learn.org/stable/", True),
        ("mailto:someone@example.org", True),
        ("HTTP://example.org/", True),
        ("ftp://example.org/data.csv", False),
        ("javascript:alert(1)", False),
        ("http://127.0.0.1:8000/", False),
        ("http://[::1]/", False),
        ("http://192.168.1.20/notebook", False),
        ("http://0.0.0.0:8888/", False),
        ("http://my-laptop.local/", False),
        ("https:///no-host", False),
    ],
)
def test_addresses_readers_cannot_open_are_told_apart(address, reachable):
    assert (unreachable(address) is None) == reachable
