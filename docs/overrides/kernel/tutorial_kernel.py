"""IPython extension loaded into every kernel that executes a tutorial for the site.

It changes how results are published, never what the tutorial computes:

- figures are exported by ``figure_export`` (a light and a dark file, alt text) and shown as a
  placeholder that the page renderer turns into images; a figure that a cell leaves open,
  without ``plt.show()``, is noted, for the renderer to refuse;
- every warning is shown once per place, and published as a marker the renderer checks, so
  that a warning fails the build unless its cell allows it; so is any way the tutorial's own
  code hides warnings, and what it sets to hide them is undone after each cell;
- files the tutorial reads from the repository are published as a marker per cell, so that
  the execution cache knows what the outputs depend on; the tutorials' own modules are
  imported from their source, which is what the cache records;
- a write that would make the next build differ (into the site's sources or the built site,
  or over a file the tutorial has read) is refused before it happens, and published as a
  marker, so that the build fails even if the tutorial catches the error;
- scikit-learn prints estimators as text (the HTML diagram needs scripts the site avoids);
- the thread pools of NumPy and scikit-learn are limited to what the build allows;
- ``exit()`` and ``quit()`` stop the tutorial as they stop a plain Python run.

Markers are ``<div hidden class="tutorial-marker" data-kind=... data-value=...>`` outputs; the
page renderer consumes them and they never reach a reader.
"""

from __future__ import annotations

import contextlib
import functools
import html
import importlib.machinery
import importlib.metadata
import importlib.util
import json
import linecache
import os
import sys
import threading
import time
import warnings
from pathlib import Path

# Imported here rather than where used: the zygote imports this module once, and every
# kernel it forks then finds them loaded.
import figure_export
import matplotlib as mpl
import matplotlib_inline.backend_inline  # noqa: F401 (the backend enable_matplotlib loads)
from IPython.display import HTML, display
from matplotlib._pylab_helpers import Gcf
from matplotlib.figure import Figure
from threadpoolctl import threadpool_limits

FIGURE_DIR = "TUTORIAL_FIGURE_DIR"
THREADS = "TUTORIAL_KERNEL_THREADS"
REPOSITORY = "TUTORIAL_REPOSITORY"
SITE_DIR = "TUTORIAL_SITE_DIR"  # where the build writes the site
TUTORIAL_DIR = "tutorial_src"  # the tutorials' folder, in the repository
# Why a tutorial may not write a file: each would make one build differ from the next.
WHY_NOT_WRITTEN = {
    "site": "it is in the built site, which every build replaces (and a build that reuses the "
    "tutorial's outputs would not write it again): write results in the tutorials' folder",
    "source": "it is one of the site's sources, which the next build would find changed: "
    "write results in the tutorials' folder, as data files",
    "input": "the tutorial read it before, and each build would find it changed, then run "
    "the tutorial again on other data: write results to a file of their own",
}
LAUNCHER_PID = "TUTORIAL_KERNEL_LAUNCHER_PID"
KERNEL_CWD = "TUTORIAL_KERNEL_CWD"  # the tutorials' folder, where every kernel runs
# Folders of the repository whose files are not the tutorials' inputs: the environment the
# tutorials run in (its packages count by their versions), the build's work, Git's.
NOT_INPUTS = (".venv", ".cache", ".git")
# The audit events of a folder's listing: which files a tutorial finds there is an input too.
LISTINGS = ("os.listdir", "os.scandir")
# Outside the repository, the folders whose files a tutorial may read without the build
# knowing them: the system's (with its Python and fonts). Python's own folders, those of its
# import path and Matplotlib's are added when the kernel starts; the dot-folders of the home
# folder (tools' settings and caches) count too. Not /opt, where data of one machine is
# kept as often as software (a Python installed there is among Python's own folders).
SYSTEM_FOLDERS = (
    "/bin", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/nix/store",
    "/proc", "/run", "/sbin", "/sys", "/usr", "/var/cache", "/var/lib",
    "/Library", "/System",
)  # fmt: skip
# Audit events that change files without opening them (os.replace and shutil.move rename),
# with the positions of the paths they change among their arguments.
CHANGES = {
    "os.rename": (0, 1),
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.truncate": (0,),
    "os.symlink": (1,),
    "os.link": (1,),
}
_METADATA_DIR = os.path.dirname(importlib.metadata.__file__)
# What NumPy does on floating-point errors unless told otherwise.
NUMPY_ERRORS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}
# Where the warnings machinery lives (Python 3.14 moved it to _py_warnings).
_WARNINGS_MODULES = {
    getattr(sys.modules.get(name), "__file__", None) for name in ("warnings", "_py_warnings")
}

_reads: set[str] = set()
_listed: dict[str, list[str] | None] = {}  # folder -> its names (None: not a folder)
_new_listings: dict[str, list[str] | None] = {}  # listed since the last cell's markers
_inputs: set[str] = set()  # files it read, not having written them first: kept as read
_written: set[str] = set()  # files the tutorial wrote: results, not inputs
_new_refusals: dict[str, str] = {}  # files it was kept from writing since the last markers
_written_outside: set[str] = set()  # files outside the repository the tutorial wrote
_read_outside: set[str] = set()  # files outside the repository read since the last markers


def load_ipython_extension(ip) -> None:
    _limit_threads()
    _publish_figures(ip)
    _publish_warnings(ip)
    _record_reads(ip)
    _import_tutorial_modules_from_source()
    _text_estimators()
    _exit_with_launcher()
    _quiet_closed_socket_errors(ip)
    _exit_as_python_does(ip)
    _no_breakpoints()


def repository_file(path: str) -> bool:
    """Whether `path` is a file of the repository that a tutorial's run depends on: one
    whose reads the kernel records (not one of NOT_INPUTS)."""
    root = os.environ.get(REPOSITORY)
    if not root or not os.path.isabs(path):
        return False
    ignored = [os.path.join(root, name) for name in NOT_INPUTS]
    return _within(path, root) and not any(_within(path, folder) for folder in ignored)


def marker(kind: str, value) -> str:
    """The HTML of a marker output carrying `value` (JSON) to the page renderer."""
    data = html.escape(json.dumps(value, sort_keys=True), quote=True)
    return f'<div hidden class="tutorial-marker" data-kind="{kind}" data-value="{data}"></div>'


# ---------------------------------------------------------------------------------------------
# Private helpers


def _publish_figures(ip) -> None:
    made = Figure.__init__

    @functools.wraps(made)
    def noting_where(self, *args, **kwargs) -> None:
        made(self, *args, **kwargs)
        self._tutorial_made_at = (ip.execution_count, _line_of_the_cell())

    # Each figure notes where the cell made it, for the build's messages about it.
    Figure.__init__ = noting_where

    def made_at(figure) -> str | None:
        """The line of the running cell that made `figure` ("line 3 of the cell (...)"),
        if this cell made it."""
        cell, line = getattr(figure, "_tutorial_made_at", (None, None))
        return line if cell == ip.execution_count else None

    def left_open() -> None:
        """Note the figures a cell leaves open. ``plt.show()`` shows and closes them; one
        left open would appear on the page all the same, but a reader who pastes the cell
        into Python would see nothing until a later ``plt.show()``. (Under another backend,
        ``plt.show()`` closes nothing: ``backend_kept`` reports that instead.)"""
        open_figures = Gcf.get_all_fig_managers()
        if open_figures and mpl.get_backend() == inline:
            where = [made_at(manager.canvas.figure) for manager in open_figures]
            display(HTML(marker("figure-left-open", where)))

    # Registered before the inline backend's own hook, which shows whatever a cell left open.
    ip.events.register("post_execute", left_open)
    ip.enable_matplotlib("inline")
    for formatter in ip.display_formatter.formatters.values():
        formatter.pop(Figure, None)
    directory = Path(os.environ.get(FIGURE_DIR, "figures"))
    preview_taken = False  # the first figure shown is also the page's link preview

    def figure_html(figure):
        nonlocal preview_taken
        try:
            exported = figure_export.export(figure, directory, preview=not preview_taken)
        except Exception as error:  # the build fails naming the cell, with this error
            problem = {"error": f"{type(error).__name__}: {error}", "made": made_at(figure)}
            return marker("figure-error", problem)
        preview_taken = True
        return marker("figure", exported)

    ip.display_formatter.formatters["text/html"].for_type(Figure, figure_html)
    ip.display_formatter.formatters["text/plain"].for_type(Figure, lambda *_: "")
    inline = mpl.get_backend()

    def backend_kept(result) -> None:
        """Only the inline backend shows figures on the page: under another one (set with
        ``matplotlib.use``), ``plt.show()`` draws nothing and the figures would go missing."""
        backend = mpl.get_backend()
        if backend != inline:
            display(HTML(marker("backend", backend)))
            ip.enable_matplotlib("inline")  # one failure, not one per cell after it

    ip.events.register("post_run_cell", backend_kept)


def _publish_warnings(ip) -> None:
    """Publish each warning, and each way the tutorial's own code hides warnings.

    The markers are published once the cell has run, so that nothing the cell does (clearing
    its output, capturing it) can take them away. A call of the tutorial's own code that
    would hide warnings (an "ignore" filter, recording them, another ``showwarning``) is
    published too, and the page renderer fails the build unless the cell is tagged to allow
    warnings; either way, what the cell set is undone once it has run, so that no later cell
    runs with warnings hidden. Filters that libraries set for themselves are left alone. An
    "ignore" filter that appears without any of those calls (``warnings.filters`` edited
    directly, at the end of a cell or of a ``catch_warnings`` block of the tutorial's) counts
    as the tutorial's, and so do an "ignore" default action, another ``_showwarnmsg`` and
    NumPy's floating-point errors set to "ignore" beyond NumPy's own defaults. A warning in a
    forked worker process is written to standard error, which the kernel passes on to the
    running cell: the worker's own markers would never be published.
    """
    seen: list[tuple[str, dict]] = []
    set_by_cell: list[tuple] = []  # the "ignore" filters the cell's own code added
    through_calls: list[tuple] = []  # the filters anyone added with the module's functions
    before: list[tuple] = []  # the filters as the cell started

    cells: dict[str, str] = {}  # the file of each cell run so far -> its first line
    running: list[str] = []  # the file of the cell that is running, if one is

    kernel = os.getpid()
    default_action = warnings.defaultaction
    show_message = getattr(warnings, "_showwarnmsg", None)

    def showers() -> tuple:
        """What shows warnings now: the two hooks of the warnings module a tutorial could
        replace to hide them."""
        return warnings.showwarning, getattr(warnings, "_showwarnmsg", None)

    def note_replaced(since: tuple) -> None:
        """Note as silencing each of the `showers` that is no longer what it was `since`."""
        names = ("showwarning", "_showwarnmsg")
        for name, was, now in zip(names, since, showers(), strict=True):
            if now is not was:
                seen.append(("silenced", {"call": f"another warnings.{name}", "where": ""}))

    def show(message, category, filename, lineno, file=None, line=None):
        if os.getpid() != kernel:  # straight to the standard error the kernel passes on
            text = warnings.formatwarning(message, category, filename, lineno, line)
            os.write(2, text.encode(errors="replace"))
            return
        where = place(filename, lineno)
        thread = threading.current_thread()
        if thread is not threading.main_thread():
            where += f", in the thread {thread.name!r}"
            if not running:
                where += " while no cell was running"
        value = {"category": category.__name__, "message": str(message), "where": where}
        seen.append(("warning", value))

    def place(filename: str, lineno: int) -> str:
        """Where code is: a line of the running cell, of an earlier cell (named by its first
        line), or of a file."""
        if _in_cell(filename) and running != [filename] and filename in cells:
            return f"line {lineno} of the cell {cells[filename]!r}"
        return _place(filename, lineno)

    def note(call: str, frame) -> bool:
        """Publish `call` if `frame` (or the code that called the warnings module there) is
        the tutorial's own; whether it is."""
        frame = _calling_code(frame)
        if not _is_tutorial_code(frame.f_code.co_filename):
            return False
        where = place(frame.f_code.co_filename, frame.f_lineno)
        seen.append(("silenced", {"call": call, "where": where}))
        return True

    def watched(function):
        @functools.wraps(function)
        def wrapper(action, *args, **kwargs):
            call = f"warnings.{function.__name__}({action!r})"
            mine = action == "ignore" and note(call, sys._getframe(1))
            earlier = list(warnings.filters)
            result = function(action, *args, **kwargs)
            added = [f for f in warnings.filters if f not in earlier]
            through_calls.extend(added)
            if mine:
                set_by_cell.extend(added)
            return result

        return wrapper

    def edited_since(filters: list[tuple]) -> list[tuple]:
        """The "ignore" filters added since `filters`, other than by the module's functions."""
        return [
            f
            for f in warnings.filters
            if f[0] == "ignore" and f not in filters and f not in through_calls
        ]

    class catch_warnings(warnings.catch_warnings):
        def __init__(self, **options):
            caller = sys._getframe(1)
            if options.get("record") or options.get("action") == "ignore":
                shown = ", ".join(f"{k}={v!r}" for k, v in options.items() if v)
                note(f"warnings.catch_warnings({shown})", caller)
            self._tutorials = _is_tutorial_code(_calling_code(caller).f_code.co_filename)
            super().__init__(**options)

        def __enter__(self):
            entered = super().__enter__()
            self._filters = list(warnings.filters)
            self._shown_by = showers()
            return entered

        def __exit__(self, *exc_info):
            if self._tutorials:  # what the tutorial changed inside, which the exit undoes
                if edited_since(self._filters):
                    call = "an edit of warnings.filters"
                    seen.append(("silenced", {"call": call, "where": ""}))
                note_replaced(self._shown_by)
            return super().__exit__(*exc_info)

    def remember(info):
        before[:] = warnings.filters
        through_calls.clear()
        name = ip.compile.get_code_name(info.raw_cell, info.raw_cell, 0)
        cells[name] = _first_line(info.raw_cell)
        running[:] = [name]

    def publish(result):
        running.clear()
        edited = edited_since(before)
        if edited:
            seen.append(("silenced", {"call": "an edit of warnings.filters", "where": ""}))
            set_by_cell.extend(edited)
        # Set through the functions by code that is not the tutorial's (a thread, timeit),
        # yet left in place to hide every warning of some category from anywhere.
        blanket = [
            f
            for f in warnings.filters
            if f[0] == "ignore"
            and f not in before
            and f not in set_by_cell
            and f[1] is None
            and f[3] is None
        ]
        if blanket:
            call = "an 'ignore' filter left in place for all modules"
            seen.append(("silenced", {"call": call, "where": ""}))
            set_by_cell.extend(blanket)
        if set_by_cell:
            warnings.filters[:] = [f for f in warnings.filters if f not in set_by_cell]
            _filters_mutated()
            set_by_cell.clear()
        note_replaced((show, show_message))
        warnings.showwarning = show
        if show_message is not None:
            warnings._showwarnmsg = show_message
        if warnings.defaultaction == "ignore" != default_action:
            call = "warnings.defaultaction = 'ignore'"
            seen.append(("silenced", {"call": call, "where": ""}))
            warnings.defaultaction = default_action
            _filters_mutated()
        numpy = sys.modules.get("numpy")
        if numpy is not None:
            errors = numpy.geterr()
            ignored = sorted(
                k for k, v in errors.items() if v == "ignore" != NUMPY_ERRORS.get(k, v)
            )
            if ignored:
                call = "numpy.seterr(" + ", ".join(f"{k}='ignore'" for k in ignored) + ")"
                seen.append(("silenced", {"call": call, "where": ""}))
                numpy.seterr(**{k: NUMPY_ERRORS[k] for k in ignored})
        published = seen[:]  # a thread may add to it meanwhile: that waits for the next cell
        del seen[: len(published)]
        for kind, value in published:
            display(HTML(marker(kind, value)))

    warnings.showwarning = show
    warnings.simplefilter("default")
    # Worker processes that start a new interpreter (spawn, joblib's loky) show every warning
    # too, on the standard error the kernel passes on.
    os.environ["PYTHONWARNINGS"] = "default"
    warnings.simplefilter = watched(warnings.simplefilter)
    warnings.filterwarnings = watched(warnings.filterwarnings)
    warnings.catch_warnings = catch_warnings
    ip.events.register("pre_run_cell", remember)
    ip.events.register("post_run_cell", publish)


def _filters_mutated() -> None:
    """Tell the warnings machinery that its list of filters changed, as catch_warnings does."""
    for name in ("_filters_mutated", "_filters_mutated_lock_held"):
        function = getattr(warnings, name, None)
        if function is not None:
            function()
            return


def _calling_code(frame):
    """The frame of the code that made the call in `frame`, seen from the tutorial: past the
    warnings module (catch_warnings(action="ignore") calls simplefilter) and code that comes
    from no file (exec(), eval())."""
    while frame.f_back and (
        frame.f_code.co_filename in _WARNINGS_MODULES or _generated(frame.f_code.co_filename)
    ):
        frame = frame.f_back
    return frame


def _generated(filename: str) -> bool:
    """Whether code comes from no file (exec(), eval()), as "<string>" names it."""
    return filename.startswith("<") and not filename.startswith("<frozen")


def _is_tutorial_code(filename: str) -> bool:
    """Code typed in a cell, or a module of the tutorials' folder (a helper)."""
    return _in_cell(filename) or _within(filename, os.environ.get(KERNEL_CWD))


def _in_cell(filename: str) -> bool:
    """Whether code from `filename` was typed in a cell: ipykernel names such files after
    the cell's hash."""
    return "ipykernel_" in str(filename)


def _place(filename: str, lineno: int) -> str:
    """Where code is, for messages: a line of the cell, or of a file (relative to the
    repository when it is in it)."""
    if _in_cell(filename):
        text = linecache.getline(filename, lineno).strip()  # IPython keeps cells' code there
        return f"line {lineno} of the cell" + (f" ({text!r})" if text else "")
    root = os.environ.get(REPOSITORY)
    if _within(filename, root):
        filename = os.path.relpath(os.path.realpath(filename), os.path.realpath(root))
    return f"{filename}:{lineno}"


def _line_of_the_cell() -> str | None:
    """Where the running cell is ("line 3 of the cell (...)"): its outermost frame, the line
    of the cell itself that is running, even within a function of an earlier cell."""
    frame, outermost = sys._getframe(1), None
    while frame is not None:
        if _in_cell(frame.f_code.co_filename):
            outermost = frame
        frame = frame.f_back
    return outermost and _place(outermost.f_code.co_filename, outermost.f_lineno)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _within(path: str, folder: str | None) -> bool:
    """Whether `path` is `folder` or lies below it, links resolved (False without a folder,
    and for the names of code that is no file, such as "<frozen os>")."""
    if not folder or not os.path.isabs(path):
        return False
    return (os.path.realpath(path) + os.sep).startswith(os.path.realpath(folder) + os.sep)


def _record_reads(ip) -> None:
    root = os.environ.get(REPOSITORY)
    if not root:
        return
    root_path = Path(root).resolve()
    ignored = tuple(str(root_path / name) + os.sep for name in NOT_INPUTS)

    def within(path: str) -> bool:
        """Whether `path` (absolute, links kept) names a place of the repository; a link in
        the repository is in it, wherever it points."""
        return path == str(root_path) or path.startswith(str(root_path) + os.sep)

    def inside(path: str) -> bool:
        """Whether `path` names a place of the repository that counts."""
        return within(path) and not (path + os.sep).startswith(ignored)

    def listed(folder) -> None:
        """Record the names in `folder`, as the tutorial found them when it first listed it."""
        if folder is None:
            folder = "."
        if not isinstance(folder, str | bytes | os.PathLike):
            return  # a listing of an open folder (a number) has no name to record
        path = os.path.abspath(os.fsdecode(folder))
        relative = os.path.relpath(path, root_path) + "/"
        if not inside(path) or relative in _listed or _import_path_lookup(path):
            return
        _listed[relative] = None  # listing the folder here calls this hook again
        with contextlib.suppress(OSError):
            _listed[relative] = sorted(os.listdir(path))
        _new_listings[relative] = _listed[relative]

    def relative(path: str, *, source: bool = False) -> str | None:
        """The absolute `path` relative to the repository, if it names a place of the
        repository that counts; with `source`, a compiled module stands for its source
        (Python writes those by renaming a new file: the source stays)."""
        if not inside(path):
            return None
        return os.path.relpath(_source_of(path) if source else path, root_path)

    site_dir = os.environ.get(SITE_DIR)

    def written(name: str, path: str | None) -> None:
        """Note that the tutorial writes the file `name` (absolute), `path` in the
        repository; refuse it, raising PermissionError, if that would make builds differ.

        A file the tutorial creates or writes before reading it is one of its results, not
        one of its inputs, even when it reads it back later.
        """
        if _within(name, site_dir):
            why = WHY_NOT_WRITTEN["site"]
        elif path is not None and site_source(path):
            why = WHY_NOT_WRITTEN["source"]
        else:
            why = WHY_NOT_WRITTEN["input"] if path in _inputs else None
        if why:
            shown = path or name
            _new_refusals[shown] = why
            raise PermissionError(f"{shown} was not written: {why}")
        if path is not None:
            _written.add(path)

    shared = _shared_folders()

    def outside(name: str, writes: bool) -> None:
        """Note a file opened outside the repository: a file the tutorial reads there, and
        did not write itself, is one that readers would not have, and that the execution
        cache cannot follow."""
        if within(name):
            return  # in the repository, in a folder that does not count
        if writes:
            _written_outside.add(name)
        elif not (name in _written_outside or name.startswith(shared) or _settings_or_cache(name)):
            _read_outside.add(name)

    def audit(event, args):
        if event in LISTINGS:
            listed(args[0] if args else None)
        elif event in CHANGES:
            for position in CHANGES[event]:
                name = _absolute(args[position]) if position < len(args) else None
                if name:
                    written(name, relative(name))
        elif event == "open" and args and (name := _absolute(args[0])):
            writes = opens_to_write(name, *args[1:3])
            path = relative(name, source=True)
            if writes:
                written(name, path)
            if not path:
                outside(name, writes)
            elif not writes and path not in _written:
                _reads.add(path)
                _inputs.add(path)

    def publish(result):
        if _reads:
            display(HTML(marker("reads", sorted(_reads))))
            _reads.clear()
        if _new_listings:
            display(HTML(marker("listings", dict(sorted(_new_listings.items())))))
            _new_listings.clear()
        if _new_refusals:  # even if the tutorial caught the error, the build fails
            display(HTML(marker("refused", dict(sorted(_new_refusals.items())))))
            _new_refusals.clear()
        files = sorted(path for path in _read_outside if os.path.isfile(path))  # not folders
        if files:  # the build refuses them
            display(HTML(marker("reads-outside", files)))
        _read_outside.clear()

    sys.addaudithook(audit)
    ip.events.register("post_run_cell", publish)


def site_source(path: str) -> bool:
    """Whether `path` (relative to the repository) is a source of the site: its
    configuration, a page of docs/, a tutorial or a module the tutorials can import, or the
    Matplotlib settings they all run with."""
    parts = Path(path).parts
    return (
        path == "mkdocs.yml"
        or parts[0] == "docs"
        or (parts[0] == TUTORIAL_DIR and path.endswith(".py"))
        or path == f"{TUTORIAL_DIR}/matplotlibrc"
    )


def _absolute(name) -> str | None:
    """The absolute path that `name`, an argument of an audit event, names, if it names
    one (not a file descriptor, say)."""
    if not isinstance(name, str | bytes | os.PathLike):
        return None
    return os.path.abspath(os.fsdecode(name))


def _shared_folders() -> tuple[str, ...]:
    """The folders outside the repository whose files any tutorial may read (each ending
    with a separator): the system's, Python's and its import path's (its packages count in
    the execution cache by their versions), and Matplotlib's for its settings and caches,
    which are elsewhere than in the home folder when that cannot be written (a folder of its
    own among the temporary files)."""
    folders = {*SYSTEM_FOLDERS, sys.prefix, sys.base_prefix, sys.exec_prefix}
    folders.update(entry for entry in sys.path if os.path.isabs(entry or "."))
    folders.update((mpl.get_cachedir(), mpl.get_configdir()))
    return tuple(os.path.join(os.path.abspath(folder), "") for folder in folders if folder)


def _settings_or_cache(path: str) -> bool:
    """Whether `path` lies in a dot-folder of the home folder, where tools keep their
    settings and caches (``~/.cache``, ``~/.config``, ``~/.ipython``)."""
    home = os.path.join(os.path.expanduser("~"), "")
    return path.startswith(home) and path[len(home) :].startswith(".")


def opens_to_write(path: str, mode: str | None = None, flags: int | None = None) -> bool:
    """Whether an "open" audit event, ``(path, mode, flags)``, creates or writes the file.

    ``open()`` gives its mode: "w", "a" and "x" write, with or without "+"; "r+" (as NumPy's
    memmap opens a file by default) reads and updates a file that is there, so it reads.
    ``os.open()``, and what calls it (``Path.touch``, ``tempfile``), gives no mode, only
    the flags, read the same way: opened to write only, truncated, appended to or created
    exclusively, a file is written; opened to read and write, it is written only if it is
    not there yet and gets created.
    """
    if isinstance(mode, str):
        return any(letter in mode for letter in "wax")
    if not isinstance(flags, int):
        return False
    if flags & os.O_ACCMODE == os.O_WRONLY or flags & (os.O_TRUNC | os.O_APPEND | os.O_EXCL):
        return True
    return bool(flags & os.O_CREAT) and not os.path.exists(path)


def _import_path_lookup(path: str) -> bool:
    """Whether the listing of the folder at `path` is a lookup of Python's in a folder of
    the import path, the working directory included: for modules that may be anywhere,
    or for installed distributions (their entry points, say). A tutorial does not read
    those folders; a new file there changes nothing unless something opens it. The
    import system's listing of a package's folder counts: a module that appears there
    can change what ``from package import module`` finds."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back  # out of this module's hooks: to the code that listed it
    caller = frame.f_code.co_filename if frame is not None else ""
    if _within(caller, _METADATA_DIR):
        return True
    if not caller.startswith("<frozen importlib"):
        return False
    search_path = {os.path.abspath(entry or os.curdir) for entry in sys.path}
    return path in search_path


class _SourceLoader(importlib.machinery.SourceFileLoader):
    """Compiles a module from its source at every import, never from ``__pycache__``.

    Python trusts a compiled file whose recorded size and modification second match the
    source's: an edit that keeps both (within the second, or with the time put back by a
    copy) would run the old code, while the execution cache records the new source.
    """

    def get_code(self, fullname):
        return self.source_to_code(self.get_data(self.path), self.path)


def _import_tutorial_modules_from_source() -> None:
    """Modules in the tutorials' folder (their own helpers) import from their source.

    Only that folder and the folders below it: compiled libraries there still load as
    usual, and nothing outside it is touched.
    """
    folder = os.environ.get(KERNEL_CWD)
    if not folder:
        return
    machinery = importlib.machinery
    loaders = [
        (machinery.ExtensionFileLoader, machinery.EXTENSION_SUFFIXES),
        (_SourceLoader, machinery.SOURCE_SUFFIXES),
        (machinery.SourcelessFileLoader, machinery.BYTECODE_SUFFIXES),
    ]

    def hook(entry: str):
        if not _within(entry or ".", folder):
            raise ImportError  # a path for the other hooks
        return machinery.FileFinder(entry, *loaders)

    sys.path_hooks.insert(0, hook)
    sys.path_importer_cache.clear()


def _source_of(path: str) -> str:
    """The module source that a compiled file in __pycache__ stands for, else `path`.

    Python imports a module from its compiled file when that is up to date, without opening
    the source: the source is what the tutorial depends on.
    """
    if path.endswith(".pyc") and f"{os.sep}__pycache__{os.sep}" in path:
        with contextlib.suppress(ValueError):
            return importlib.util.source_from_cache(path)
    return path


def _limit_threads() -> None:
    """Keep to the threads the build allows each kernel.

    NumPy's BLAS and scikit-learn's OpenMP loops use every core by default. With several
    kernels at once, their threads would fight for the cores (OpenMP threads even spin while
    they wait), and everything runs slower than one kernel at a time; and how many threads
    add up a sum can change its last digits. The build sets the number (and the libraries'
    own variables, for those loaded later); this applies it to libraries already loaded.
    """
    threads = os.environ.get(THREADS)
    if threads:
        threadpool_limits(limits=int(threads))


def _text_estimators() -> None:
    try:
        import sklearn
    except ImportError:
        return
    sklearn.set_config(display="text")


def _quiet_closed_socket_errors(ip) -> None:
    """Keep out of the build's log the traceback of a reply sent after shutdown.

    When a cell runs past the timeout, the build shuts the kernel down while the cell is
    still running; when the cell then ends, the kernel's reply meets a closed socket, and
    ipykernel logs that traceback before the build's own message, which names the cell.
    """
    import zmq

    def keep(record) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (isinstance(error, zmq.ZMQError) and error.errno == zmq.ENOTSOCK)

    kernel = getattr(ip, "kernel", None)
    if kernel is not None:
        kernel.log.addFilter(keep)


def _exit_as_python_does(ip) -> None:
    """``exit()`` and ``quit()`` raise SystemExit, which fails the build naming the cell, as
    a plain run of the script stops there; the kernel's own would let the next cells run.

    IPython shows a SystemExit without its traceback, which leaves the build no line to
    name: it is shown with it, as any other exception."""

    def stop(code=None):
        raise SystemExit() if code is None else SystemExit(code)

    for name in ("exit", "quit"):
        ip.user_ns[name] = ip.user_ns_hidden[name] = stop
    show = ip.showtraceback

    def showtraceback(*args, exception_only=False, **kwargs):
        if exception_only and isinstance(sys.exc_info()[1], SystemExit):
            exception_only = False
        return show(*args, exception_only=exception_only, **kwargs)

    ip.showtraceback = showtraceback


def _no_breakpoints() -> None:
    """``breakpoint()`` fails the cell where it is called: a plain run of the script would
    stop there, in the debugger, until someone types a command; the kernel's debugger would
    fail too, but from inside the debugger, with no line of the cell to name."""

    def stop(*args, **kwargs):
        raise RuntimeError(
            "breakpoint() stops a run in the debugger until someone answers it: remove it"
        )

    sys.breakpointhook = stop


def _exit_with_launcher() -> None:
    """A kernel forked from the zygote dies with the launcher that jupyter_client manages."""
    pid = int(os.environ.get(LAUNCHER_PID, "0"))
    if not pid:
        return

    def watch():
        while True:
            time.sleep(0.5)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, name="launcher-watch", daemon=True).start()
