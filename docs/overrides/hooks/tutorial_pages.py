"""Execute the tutorials in parallel, cache what they produce, and render their pages.

mkdocs-jupyter executes and renders each tutorial when MkDocs renders its page, one after the
other, and caches the result under a key that only covers the file and its own options. This
hook drives it instead:

1. ``on_config``, the earliest event with the configuration: plan each tutorial's page. Its
   execution key (``execution_cache``) covers the code it runs; the notebook mkdocs-jupyter
   will render carries a page key, which also covers the prose, so that mkdocs-jupyter's own
   cache file changes with either. A page is then *cached* (nothing to do), *rendered* (only
   the prose changed: mkdocs-jupyter renders it again from the outputs the last execution
   stored, without a kernel) or *executed*. For executions, start the kernel zygote
   (``tutorial_kernels``), which imports the tutorials' libraries once. Worker threads do
   the work while MkDocs goes on with its own: each calls mkdocs-jupyter's converter with
   the site's kernel, turns the HTML into the site's markup (``notebook_html``) and writes
   the result where mkdocs-jupyter's cache expects it.
2. ``on_files``, after ``tutorial_posts`` has added the posts: match each post to its job.
3. ``on_nav``: point each post at its notebook, for mkdocs-jupyter to render.
4. ``on_pre_page``, after mkdocs-jupyter: wait for the tutorial's worker; a failure (an
   exception, a timeout, a warning, output on standard error) stops the build with a message
   naming the tutorial, the cell and the error. mkdocs-jupyter then finds its cache filled.
5. ``on_post_build``: copy each page's figures, print how long each tutorial took, and drop
   cached figures that no page uses any more.

The page ``computation-times.md`` shows the same table as the build log.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import fcntl
import importlib.util
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from html import escape
from pathlib import Path, PurePosixPath
from typing import IO
from urllib.parse import quote

import executed_notebooks
import execution_cache
import nbformat
import notebook_html
import tutorial_kernels
from api_links import sklearn_links, versioned
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs_jupyter import convert
from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path
from site_files import write_if_changed
from tutorial_reader import (
    TUTORIAL_DIR,
    Tutorial,
    TutorialError,
    check_matplotlibrc,
    describe_cell_error,
    imported_modules,
    local_modules,
    located,
    notebook_script,
    python_files,
    read_tutorials,
)

log = logging.getLogger("mkdocs.hooks.tutorial_pages")


class _OwnReport(logging.Filter):
    """mkdocs-jupyter logs each conversion this hook's workers ask of it, calls every page
    a cache hit, this hook having filled its cache, and lists the files of that cache it
    drops: lines that read as if every tutorial had run, or none. The table at the end of
    the build says what happened to each; these lines are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not message.startswith(("Converting notebook", "Cache hit:", "Evicted stale"))


for _name in ("mkdocs.mkdocs-jupyter", "mkdocs.plugins.mkdocs_jupyter"):
    if not any(isinstance(f, _OwnReport) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_OwnReport())

WORK_DIR = ".cache/tutorial-pages"
REPORT_PAGE = "computation-times.md"
# Each kernel computes on one thread: kernels share the cores without fighting over them,
# and a tutorial adds up its numbers in the same order in a cold build, alone after an edit
# and on any machine (split across threads, a sum can change in its last digits).
KERNEL_THREADS = 1
# Kernels hash strings with a fixed seed: a tutorial that prints a set of strings prints it
# in the same order at every build.
KERNEL_HASH_SEED = "0"
# How long a cell, or a kernel's start, may take: whether a run finishes, not what it
# outputs. The lines that set them in the kernel's nbconvert settings stay out of its digest.
RUN_LIMITS = re.compile(rb"^c\.NotebookClient\.(?:startup_)?timeout *=.*$", re.MULTILINE)
RENDERER_CODE = [
    Path(notebook_html.__file__),
    Path(__file__),  # the options, the table of contents, stored outputs put back
    Path(__file__).with_name("api_links.py"),
    Path(__file__).with_name("execution_cache.py"),
    Path(__file__).with_name("tutorial_reader.py"),
]
HOOKS_DIR = Path(__file__).parent  # the build's own code, loaded once by a process
# mkdocs-jupyter's options that this hook relies on: it executes (through this hook's
# kernel), fails on errors, and serves every page from the cache this hook fills.
EXPECTED_OPTIONS = {
    "execute": True,
    "allow_errors": False,
    "kernel_name": tutorial_kernels.KERNEL_NAME,
    "cache": True,
    "execute_ignore": [],
}
PLUGIN_OPTIONS = (
    "kernel_name",
    "theme",
    "allow_errors",
    "show_input",
    "no_input",
    "no_prompt",
    "remove_tag_config",
    "highlight_extra_classes",
    "include_requirejs",
    "custom_mathjax_url",
    "toc_depth",
)


CACHED, RENDERED, EXECUTED = "cached", "rendered", "executed"
REPORT_STATES = {  # what this build did with each tutorial, for the table's last column
    CACHED: "page reused",
    RENDERED: "outputs reused, page rendered again",
    EXECUTED: "executed",
}


@dataclasses.dataclass
class Job:
    """One tutorial's page: where its notebook is, and what this build must do for it."""

    tutorial: Tutorial
    key: str  # of the execution: the code, the environment, the options
    page_key: str  # of the page: the execution's, and the prose
    notebook: Path
    cache_path: Path
    record_path: Path
    executed_path: Path  # the outputs of the last successful execution
    action: str = EXECUTED
    future: concurrent.futures.Future | None = None
    seconds: float | None = None
    executed: nbformat.NotebookNode | None = None  # the run whose outputs the page shows
    reads: list[str] = dataclasses.field(default_factory=list)  # files of the repository


@dataclasses.dataclass
class Build:
    """The state of one build, shared by the events below."""

    root: Path
    plugin: object
    planned: list[Job] = dataclasses.field(default_factory=list)
    jobs: dict[str, Job] = dataclasses.field(default_factory=dict)  # by post source URI
    pool: concurrent.futures.ThreadPoolExecutor | None = None
    figures: dict[Path, set[str]] = dataclasses.field(default_factory=dict)
    files_read: dict[Path, list[str]] = dataclasses.field(default_factory=dict)  # by page
    lock: IO | None = None  # held from on_config to the end of the build


_build: Build | None = None
_serving = False  # under `mkdocs serve`: keep a zygote ready for the next edit
_dirty = False  # `mkdocs build --dirty` or `mkdocs serve --dirtyreload`
_loaded: dict | None = None  # the hooks' code and the packages this process started with


def on_startup(command, dirty):
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty


def on_config(config):
    """Check mkdocs-jupyter's options, then start executing every tutorial not cached.

    This is the earliest event with the configuration: executions, and the zygote's imports,
    overlap all of MkDocs' own work.
    """
    global _build
    if _dirty:
        # A dirty build skips the pages whose notebook did not change, though a file their
        # tutorial reads may have, and the clean-up below would drop their figures.
        raise PluginError(
            "the tutorials' pages cannot be built dirty: leave out --dirty (or --dirtyreload)"
        )
    root = Path(config.config_file_path).resolve().parent
    plugin = config.plugins["mkdocs-jupyter"]
    for option, value in EXPECTED_OPTIONS.items():
        if plugin.config[option] != value:
            raise PluginError(f"mkdocs-jupyter's option {option} must be {value!r}")
    plugin.config["cache_dir"] = str(root / ".cache" / "mkdocs-jupyter")
    work = root / WORK_DIR
    site_dir = Path(config.site_dir).resolve()
    _build = Build(root=root, plugin=plugin, lock=_lock(work / "build.lock"))
    tutorial_kernels.write_kernelspec(work / "jupyter")
    os.environ.update(
        {
            "JUPYTER_PATH": _prepend(str(work / "jupyter"), "JUPYTER_PATH"),
            "JUPYTER_CONFIG_PATH": str(tutorial_kernels.KERNEL_DIR),
            "TUTORIAL_KERNEL_CWD": str(root / TUTORIAL_DIR),
            "TUTORIAL_FIGURE_DIR": str(work / "figures"),
            "TUTORIAL_REPOSITORY": str(root),
            "TUTORIAL_SITE_DIR": str(site_dir),  # which the kernels refuse to write into
            "PYTHONHASHSEED": KERNEL_HASH_SEED,  # for the zygote, and the kernels it forks
            # The author's own settings for IPython, Jupyter and Matplotlib stay out of the
            # kernels: a page must not depend on who built it.
            "IPYTHONDIR": str(_own_dir(work / "ipython")),
            "JUPYTER_CONFIG_DIR": str(_own_dir(work / "jupyter-config")),
            "XDG_CONFIG_HOME": str(_own_dir(work / "config")),
            # Matplotlib's style sheets (and font cache), wherever the builder keeps theirs.
            "MPLCONFIGDIR": str(_own_dir(work / "matplotlib")),
            "MATPLOTLIBRC": _default_matplotlibrc(),
        }
    )
    environment = execution_cache.environment()
    _check_loaded_code(environment)
    try:
        tutorials = read_tutorials(root)
    except TutorialError as error:
        raise PluginError(str(error)) from None
    threads = str(KERNEL_THREADS)  # for the extension, and for libraries loaded later
    os.environ.update(
        dict.fromkeys(
            [
                "TUTORIAL_KERNEL_THREADS",
                "OMP_NUM_THREADS",
                "OPENBLAS_NUM_THREADS",
                "MKL_NUM_THREADS",
            ],
            threads,
        )
    )
    settings = _kernel_settings(root)
    kernel_code = execution_cache.code_digest(_kernel_code() + settings, ignore=RUN_LIMITS)
    planned = _plan(tutorials, _build, environment, kernel_code)
    pending = [job for job in planned if job.action != CACHED]
    if _serving or any(job.action == EXECUTED for job in pending):
        for path in settings:  # a broken one changed the digest: all execute
            try:
                check_matplotlibrc(path, path.relative_to(root).as_posix())
            except TutorialError as error:
                raise PluginError(str(error)) from None
        _start_zygote(tutorials, root / TUTORIAL_DIR, kernel_code)
    if pending:
        # One kernel more than cores: while one starts or stops, waiting on messages,
        # another computes.
        _build.pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=min(len(pending), _usable_cores() + 1), thread_name_prefix="tutorial"
        )
        for job in sorted(pending, key=lambda j: (j.action != EXECUTED, -_last_seconds(j))):
            job.future = _build.pool.submit(_make_page, job, _build)
    return config


@event_priority(90)  # after tutorial_posts has added the posts
def on_files(files, config):
    by_path = {job.tutorial.path: job for job in _build.planned}
    for file in files:
        tutorial = getattr(file, "tutorial", None)
        if tutorial is None:
            continue
        job = by_path.get(tutorial.path)
        if job is None or job.tutorial.source != tutorial.source:
            # tutorial_posts read the file after on_config did: it was saved in between.
            raise PluginError(f"{tutorial.path}: changed during the build; build again")
        _build.jobs[file.src_uri] = job
    files.append(File.generated(config, REPORT_PAGE, content="# Computation times\n"))
    return files


@event_priority(-100)  # after the blog plugin has read the posts
def on_nav(nav, config, files):
    for src_uri, job in _build.jobs.items():
        files.get_file_from_path(src_uri).abs_src_path = str(job.notebook)
    return nav


@event_priority(-100)  # after mkdocs-jupyter has replaced the page's render method
def on_pre_page(page, config, files):
    job = _build.jobs.get(page.file.src_uri)
    if job is not None:
        if not _build.plugin.should_include(page.file):
            raise PluginError(
                f"{job.tutorial.path}: mkdocs-jupyter's include and ignore options leave out "
                f"its notebook ({job.notebook.name}); include '*.py'"
            )
        page.render = _after(job, page.render)
    return page


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != REPORT_PAGE:
        return markdown
    for job in _build.jobs.values():
        _wait(job)
    page.meta["hide"] = ["navigation"]  # as on the tags page: a section of one page
    return _report_page(_build)


def on_page_content(html, page, config, files):
    job = _build.jobs.get(page.file.src_uri)
    if job is None:
        return html
    page_dir = Path(page.file.abs_dest_path).parent
    _build.figures[page_dir / notebook_html.FIGURE_DIR] = _image_names(html)
    page.meta["link_preview"] = notebook_html.link_preview(html)
    settings = [path.name for path in _kernel_settings(_build.root)]  # read for every one
    try:
        names = files_to_publish(job.tutorial.path, job.reads, _build.root)
    except TutorialError as error:
        raise PluginError(str(error)) from None
    names = sorted({*names, *settings})
    _build.files_read[page_dir] = names
    return with_files_read(html, names, job.tutorial.path)


def on_post_build(config):
    build = _build
    figures = build.root / WORK_DIR / "figures"
    for destination, names in build.figures.items():
        _copy(figures, names, destination)
    for page_dir, names in build.files_read.items():  # beside the downloads, as they ran
        _copy(build.root / TUTORIAL_DIR, names, page_dir)
    used = set().union(*build.figures.values()) if build.figures else set()
    for path in figures.glob("*") if figures.is_dir() else ():
        if path.name not in used:
            path.unlink()
    for line in _report_lines(build):
        log.info(line)
    _close(build)
    _unlock(build)


def on_shutdown():
    # After an interruption (Ctrl-C), tutorials still queued must not start.
    if _build is not None:
        _close(_build, cancel=True)
        _unlock(_build)
    tutorial_kernels.stop()


def on_build_error(error):
    if _build is not None:
        _close(_build, cancel=True)
        tutorial_kernels.stop()  # its kernels may still be running a failed build's cells
        _unlock(_build)


# ---------------------------------------------------------------------------------------------
# Private helpers


def _copy(source: Path, names: Iterable[str], destination: Path) -> None:
    """Copy the files `names` (paths from `source`) to the same paths in `destination`."""
    for name in names:
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, destination / name)


def _kernel_code() -> list[Path]:
    """The code that changes what a tutorial's run outputs: the kernel's, with its settings
    for nbconvert (of which RUN_LIMITS do not count), and the hooks those settings give
    nbclient."""
    return [*python_files(tutorial_kernels.KERNEL_DIR), Path(executed_notebooks.__file__)]


def _kernel_settings(root: Path) -> list[Path]:
    """Settings that the kernels' libraries read from the tutorials' folder as they are
    imported (in the zygote, before the kernel can record what it reads): a matplotlibrc."""
    path = root / TUTORIAL_DIR / "matplotlibrc"
    return [path] if path.is_file() else []


def _own_dir(path: Path) -> Path:
    """A folder of the build's own (created if missing), standing in for a user's folder of
    settings: nothing puts settings there, only caches (Matplotlib's font list)."""
    path.mkdir(parents=True, exist_ok=True)
    return path


def _default_matplotlibrc() -> str:
    """Matplotlib's own settings file, found without importing Matplotlib: a matplotlibrc in
    the tutorials' folder still comes first, the user's is never read."""
    spec = importlib.util.find_spec("matplotlib")
    return str(Path(spec.origin).parent / "mpl-data" / "matplotlibrc")


def _machine_paths(root: Path) -> list[str]:
    """Folders of this machine that no output may show: the repository, the Python the
    tutorials run on, and the kernels' files for their cells' code (which tracebacks name)."""
    kernel_files = os.path.join(tempfile.gettempdir(), "ipykernel_")
    return [str(root), sys.prefix, sys.base_prefix, kernel_files]


def _usable_cores() -> int:
    """How many cores this process may run on (a container may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def _check_loaded_code(environment: dict) -> None:
    """Refuse a rebuild by `mkdocs serve` once the hooks or the installed packages
    (`environment`) changed.

    The process would go on running the code it loaded at start, and store what that code
    makes under keys that name the new code.
    """
    global _loaded
    now = {
        "hooks": execution_cache.code_digest(python_files(HOOKS_DIR)),
        "packages": environment,
    }
    if _loaded is None:
        _loaded = now
    elif now != _loaded:
        changed = " and ".join(
            {"hooks": "docs/overrides/hooks/", "packages": "the installed packages"}[name]
            for name in now
            if now[name] != _loaded[name]
        )
        raise PluginError(f"{changed} changed since `mkdocs serve` started: restart it")


def _plan(
    tutorials: list[Tutorial], build: Build, environment: dict, kernel_code: str
) -> list[Job]:
    """A job per tutorial: its keys, the notebook to render, and what must be done for it.

    `environment` describes the installed packages; `kernel_code` is the kernel code's digest.
    """
    kernel = kernel_options(build.plugin.config["kernel_name"], kernel_code)
    page = {key: build.plugin.config[key] for key in PLUGIN_OPTIONS}
    page["renderer"] = execution_cache.code_digest(RENDERER_CODE)
    page["reproducible"] = _reproducible()
    work = build.root / WORK_DIR
    for tutorial in tutorials:
        code = execution_cache.executed_code(tutorial.notebook)
        key = execution_cache.cache_key(code, environment, kernel)
        # The path tells apart the pages of two tutorials that are the same text.
        this_page = {**page, "run": key, "path": tutorial.path}
        page_key = execution_cache.cache_key(tutorial.source, environment, this_page)
        stem = Path(tutorial.path).stem
        notebook = write_if_changed(
            work / "notebooks" / f"{stem}.py", notebook_script(tutorial, page_key)
        )
        plugin_key = _compute_cache_key(str(notebook), build.plugin.config, True)
        cache_path = _get_cache_path(build.plugin.config["cache_dir"], plugin_key)
        job = Job(
            tutorial,
            key,
            page_key,
            notebook,
            cache_path,
            record_path=work / "records" / f"{stem}.json",
            executed_path=work / "executed" / f"{stem}.ipynb",
        )
        job.action = _action(job, build.root, work / "figures")
        if job.action != CACHED:
            cache_path.unlink(missing_ok=True)
        build.planned.append(job)
    return build.planned


def files_to_publish(tutorial_path: str, reads: list[str], root: Path) -> list[str]:
    """The files a tutorial read (paths from the repository `root`), as paths from its
    folder: the files to publish beside its downloads, for a reader's run to find them where
    the build's did. Only files count: a read may have named a folder, or a file that did not
    exist. Outside the tutorials' folder, a file on the import path (a module of a package
    of the repository, or its data) is for the reader to install, as any library; another
    could not be published: `UnpublishableRead`."""
    script = PurePosixPath(tutorial_path)
    taken = ("index.html", script.with_suffix(".ipynb").name, notebook_html.FIGURE_DIR)
    libraries = _import_path_folders(root)
    names = []
    for path in reads:
        if not (root / path).is_file():
            continue
        relative = PurePosixPath(path)
        parts = relative.parts
        if parts[0] != TUTORIAL_DIR:
            if any(relative.is_relative_to(folder) for folder in libraries):
                continue
            raise UnpublishableRead(
                tutorial_path,
                path,
                f"outside {TUTORIAL_DIR}/: a reader who downloads the tutorial could not have "
                f"it; keep the files it reads in {TUTORIAL_DIR}/, where they are published "
                "beside it",
            )
        name = PurePosixPath(*parts[1:])
        if name.as_posix() == script.name:  # a download already
            continue
        if name.parts[0] in taken:
            raise UnpublishableRead(
                tutorial_path,
                path,
                "which would take the place of one of its page's own files beside it: rename "
                "it or move it into a folder",
            )
        names.append(name.as_posix())
    return sorted(names)


class UnpublishableRead(TutorialError):
    """A tutorial reads a file that cannot be published beside it."""

    def __init__(self, tutorial_path: str, path: str, problem: str):
        self.path = path
        self.reason = f"reads {path}, {problem}"  # what the cell that read it did wrong
        super().__init__(f"{tutorial_path}: {self.reason}")


def _import_path_folders(root: Path) -> list[PurePosixPath]:
    """The folders of the repository on Python's import path (PYTHONPATH, a package
    installed in editable mode), but the repository itself and the tutorials' folder."""
    resolved = root.resolve()
    folders = []
    for entry in sys.path:
        folder = Path(entry or ".").resolve()
        if folder != resolved and folder.is_relative_to(resolved):
            relative = PurePosixPath(folder.relative_to(resolved).as_posix())
            if relative.parts[0] != TUTORIAL_DIR:
                folders.append(relative)
    return folders


# The paragraph of a post's downloads (tutorial_posts), up to its end.
DOWNLOADS = re.compile(r'(<p class="post-downloads">.*?)(</p>)', re.DOTALL)


def with_files_read(html: str, names: list[str], tutorial_path: str) -> str:
    """`html` with links to the files the tutorial reads added to its downloads (the
    paragraph that ``tutorial_posts`` writes under the title, before this hook runs)."""
    if not names:
        return html
    links = ", ".join(f'<a href="{quote(name)}" download>{escape(name)}</a>' for name in names)
    which = (
        "the file it reads, at this path"
        if len(names) == 1
        else "the files it reads, at these paths"
    )
    addition = f" · {which} beside it: {links}"
    html, found = DOWNLOADS.subn(lambda m: m.group(1) + addition + m.group(2), html, count=1)
    if not found:
        raise PluginError(f"{tutorial_path}: its page has no downloads to add files to")
    return html


def kernel_options(kernel_name: str, kernel_code: str) -> dict:
    """What of the kernel enters a tutorial's execution key: the kernelspec, the digest of
    the kernel's code, and how it computes (threads, hash seed)."""
    return {
        "kernel_name": kernel_name,
        "kernel": kernel_code,
        "threads": KERNEL_THREADS,
        "hash_seed": KERNEL_HASH_SEED,
    }


def _action(job: Job, root: Path, figures: Path) -> str:
    """Whether `job`'s page is cached, can be rendered from stored outputs (then kept on
    the job), or needs a run."""
    record = execution_cache.Record.load(job.record_path)
    if not execution_cache.is_fresh(record, job.key, root):
        return EXECUTED
    job.reads = sorted(record.reads)
    if _cached_page_complete(job, figures):
        return CACHED
    executed = _stored_outputs(job)
    if executed is None or not all((figures / n).exists() for n in _exported_figures(executed)):
        return EXECUTED
    job.executed = executed
    return RENDERED


def _stored_outputs(job: Job) -> nbformat.NotebookNode | None:
    """The notebook of `job`'s last successful execution, if it ran the same code."""
    try:
        executed = nbformat.read(job.executed_path, as_version=4)
    except (OSError, ValueError):
        return None
    if executed.metadata.get("tutorial_execution_key") != job.key:
        return None
    return executed


def _cached_page_complete(job: Job, figures: Path) -> bool:
    """Whether `job`'s cached page is there, readable, and every image it shows in `figures`."""
    try:
        content = json.loads(job.cache_path.read_text("utf-8"))["content"]
    except (OSError, ValueError, KeyError):
        return False
    return all((figures / name).exists() for name in _image_names(content))


def _image_names(html: str) -> set[str]:
    """The image files a page's HTML shows from its figure folder, or names as its link
    preview."""
    folder, preview = notebook_html.FIGURE_DIR, notebook_html.PREVIEW_ATTRIBUTE
    return set(re.findall(rf'(?:src|{preview})="{folder}/([^"#]+)', html))


def _exported_figures(notebook: nbformat.NotebookNode) -> set[str]:
    """The figure files the kernel exported, named in the outputs of `notebook` (images
    that are output data become files when the page is rendered)."""
    text = json.dumps([c.get("outputs", []) for c in notebook.cells])
    return set(re.findall(r"\b[0-9a-f]{20}\.(?:svg|png)\b", text))


def _start_zygote(tutorials: list[Tutorial], tutorial_dir: Path, kernel_code: str) -> None:
    """Have a zygote for `tutorials` ready; a new version of the kernel code needs a new one."""
    modules = imported_modules([t.source for t in tutorials], local_modules(tutorial_dir))
    zygote = tutorial_kernels.zygote(modules, kernel_code)
    os.environ["TUTORIAL_KERNEL_ZYGOTE"] = str(zygote.socket)


def _make_page(job: Job, build: Build) -> None:
    """On a worker thread: make one tutorial's page and fill mkdocs-jupyter's cache with it."""
    started = time.perf_counter()
    started_at = time.time_ns()
    config = build.plugin.config
    options = {key: config[key] for key in PLUGIN_OPTIONS if key != "toc_depth"}
    if job.action == EXECUTED:
        raw = _execute(job, options)
    else:
        notebook = execution_cache.reuse_outputs(job.tutorial.notebook, job.executed)
        path = job.notebook.with_suffix(".ipynb")
        nbformat.write(notebook, path)
        raw = convert.nb2html(str(path), execute=False, **options)
    sources = [c.source for c in job.tutorial.notebook.cells if c.cell_type == "code"]
    try:
        page = notebook_html.render(
            raw,
            sklearn_links(sources),
            reproducible=_reproducible(),
            prose_link=versioned,
            machine_paths=_machine_paths(build.root),
        )
    except notebook_html.OutputError as error:
        raise PluginError(located(job.tutorial, str(error))) from None
    if page.problems:
        tag = notebook_html.ALLOW_WARNINGS_TAG
        hint = (
            "change the code so that it no longer warns; only if the page is meant to show "
            f'that output, tag the cell: # %% tags=["{tag}"]'
        )
        raise PluginError(located(job.tutorial, f"{page.problems[0]} ({hint})"))
    figures = build.root / WORK_DIR / "figures"
    for name, data in page.images.items():
        _write_atomically(figures / name, data)
    toc_tokens, title = notebook_html.toc_tokens(page.content, config["toc_depth"])
    if job.action == EXECUTED:
        try:  # here, where the cell that read each file is known; on_page_content publishes
            files_to_publish(job.tutorial.path, list(page.reads), build.root)
        except UnpublishableRead as error:
            where = page.reads[error.path]
            raise PluginError(located(job.tutorial, f"{where} {error.reason}")) from None
        cells = executed_notebooks.execution_seconds(job.executed) if job.executed else None
        job.seconds = time.perf_counter() - started if cells is None else cells
        job.reads = sorted(page.reads)
        reads = execution_cache.digests(build.root, page.reads)
        for folder, names in page.listings.items():  # the names the tutorial saw
            reads[folder] = execution_cache.names_digest(names)
        _keep_outputs(job)
        changed = execution_cache.changed_since(build.root, page.reads, started_at)
        if changed:
            # The digest may be of a newer content than the run read: no record (not even
            # the last run's, which could match again), so the next build runs it again.
            log.info(f"{job.tutorial.path}: {changed[0]} changed while the tutorial ran")
            job.record_path.unlink(missing_ok=True)
        else:
            execution_cache.Record(job.key, reads, round(job.seconds, 3)).save(job.record_path)
    payload = {"content": page.content, "toc_tokens": toc_tokens, "title": title}
    _write_atomically(job.cache_path, json.dumps(payload).encode())


def _execute(job: Job, options: dict) -> str:
    """Execute the tutorial with mkdocs-jupyter; its HTML, or an error naming the cell."""
    try:
        raw = convert.nb2html(str(job.notebook), execute=True, **options)
    except Exception as error:
        executed = executed_notebooks.take(job.page_key)
        raise PluginError(describe_cell_error(job.tutorial, error, executed)) from None
    job.executed = executed_notebooks.take(job.page_key)
    return raw


def _keep_outputs(job: Job) -> None:
    """Keep the outputs of a successful execution, for later builds to reuse."""
    if job.executed is None:
        raise PluginError(f"{job.tutorial.path}: the executed notebook was not handed over")
    job.executed.metadata["tutorial_execution_key"] = job.key
    job.executed_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(job.executed, job.executed_path)


def _after(job: Job, render):
    """`render`, once the tutorial's worker is done; its failure fails the page."""

    def render_after_execution(config, files):
        _wait(job)
        if not job.cache_path.exists():
            raise PluginError(f"{job.tutorial.path}: no executed page was cached")
        render(config, files)

    return render_after_execution


def _wait(job: Job) -> None:
    if job.future is None:
        return
    try:
        job.future.result()
    except PluginError:
        raise
    except Exception as error:
        message = f"{job.tutorial.path}: rendering the executed page failed: {error!r}"
        raise PluginError(message) from error


def _report_lines(build: Build) -> list[str]:
    lines = ["Tutorial execution:"]
    for job in sorted(build.jobs.values(), key=lambda j: j.tutorial.path):
        state = REPORT_STATES[job.action]
        lines.append(f"  {job.tutorial.path:<45} {_last_seconds(job):7.2f} s  {state}")
    return lines


def _reproducible() -> bool:
    """Whether this build must be reproducible: SOURCE_DATE_EPOCH is set."""
    return "SOURCE_DATE_EPOCH" in os.environ


def _report_page(build: Build) -> str:
    reproducible = _reproducible()
    rows = []
    for job in sorted(build.jobs.values(), key=lambda j: j.tutorial.date):
        shown = "—" if reproducible else f"{_last_seconds(job):.1f} s"
        source = REPORT_STATES[job.action]
        link = f"[{job.tutorial.title}](posts/{Path(job.tutorial.path).stem}.md)"
        rows.append(f"| {link} | {shown} | {source} |")
    note = (
        "This build was made reproducible (`SOURCE_DATE_EPOCH` is set), so times, which differ "
        "from run to run, are left out."
        if reproducible
        else "A tutorial that this build did not execute (its page or its outputs reused) shows "
        "the time of the run that produced its outputs."
    )
    return "\n".join(
        [
            "# Computation times",
            "",
            "Every tutorial on this site is executed when the site is built, in a fresh Python",
            "kernel; a tutorial is executed again only when its code, a file it reads, the",
            "installed packages or the kernel change. When only its prose changes, or the way",
            "pages are rendered, its page is rendered again with the outputs of the last run.",
            "How long each took, in the order of the series:",
            "",
            # Out of the search index: a search for a post's subject leads to the post, not
            # to this table, which names every post.
            "<div markdown data-search-exclude>",
            "",
            "| Tutorial | Execution time | This build |",
            "| --- | ---: | --- |",
            *rows,
            "",
            "</div>",
            "",
            note,
            "",
        ]
    )


def _close(build: Build, *, cancel: bool = False) -> None:
    if build.pool is not None:
        build.pool.shutdown(wait=not cancel, cancel_futures=cancel)
        build.pool = None


def _last_seconds(job: Job) -> float:
    """How long the tutorial took in this build, or when it last ran."""
    if job.seconds is not None:
        return job.seconds
    record = execution_cache.Record.load(job.record_path)
    return record.seconds if record else 0.0


def _lock(path: Path) -> IO:
    """Hold the lock of the build's work folder, after any other build has let it go.

    Two builds of one site at once (a `mkdocs build` while `mkdocs serve` rebuilds) would
    each delete the figures and cache entries that only the other's pages use.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log.info(f"Waiting for another build of this site to finish with {path.parent}")
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _unlock(build: Build) -> None:
    if build.lock is not None:
        build.lock.close()  # which releases the lock
        build.lock = None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `path` so that no reader, and no later build, sees it half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{threading.get_ident()}.part")
    temporary.write_bytes(data)
    temporary.replace(path)


def _prepend(directory: str, variable: str) -> str:
    current = os.environ.get(variable, "")
    parts = [directory, *[p for p in current.split(os.pathsep) if p and p != directory]]
    return os.pathsep.join(parts)
