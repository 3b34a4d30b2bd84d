"""A process that imports the tutorials' libraries once, then forks a fresh kernel per request.

Starting a Python kernel and importing NumPy, SciPy, scikit-learn, Matplotlib and seaborn
takes longer than most tutorials run. The zygote pays that once: each kernel is a fork of a
process that has already imported them, in the same state as a fresh process that did, so
tutorials stay isolated from each other.

    python zygote.py SOCKET MODULE...

It listens on the Unix socket SOCKET (see launcher.py for the protocol), and exits when its
standard input closes, that is when the build that started it ends. If importing a module
warns, kernels are refused, so that the launcher falls back to a plain kernel and the warning
shows up in the tutorial's own cell.
"""

import contextlib
import importlib
import importlib.util
import json
import os
import selectors
import signal
import socket
import sys
import traceback
import warnings


def main() -> None:
    path, modules = sys.argv[1], sys.argv[2:]
    # Imports may read configuration (a matplotlibrc) from the working directory: the
    # tutorials' own, as when a kernel imports them.
    os.chdir(os.environ.get("TUTORIAL_KERNEL_CWD") or os.getcwd())
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen(64)  # launchers wait in the backlog until the imports are done
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    without_debugger()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        always = warnings.filters[0]
        for module in ["ipykernel.kernelapp", "tutorial_kernel", "figure_export", *modules]:
            with contextlib.suppress(Exception):  # the tutorial's own import will report it
                if module not in modules or not _from_repository(module):
                    importlib.import_module(module)
        # The filters a library sets as it is imported (scikit-learn hides a warning of
        # NumPy's, say) stay, as they would in a kernel that imported it.
        imported_filters = [entry for entry in warnings.filters if entry is not always]
    warnings.filters[:] = imported_filters
    warnings._filters_mutated()
    refuse = [f"{w.category.__name__}: {w.message}" for w in caught]
    serve(server, refuse)


def _from_repository(module: str) -> bool:
    """Whether `module` comes from the repository (a package of it on PYTHONPATH, say): the
    kernel imports such a module itself, where it records the files the import reads."""
    from tutorial_kernel import repository_file

    spec = importlib.util.find_spec(module.partition(".")[0])  # imports nothing
    if spec is None:
        return False
    places = [spec.origin, *(spec.submodule_search_locations or [])]
    return any(place and repository_file(place) for place in places)


def without_debugger() -> None:
    """Keep debugpy out of the kernels: they run without a debugger (see the kernelspec).

    ipykernel imports debugpy into every kernel all the same, about 150 modules and a tenth of
    a second; a module set to None in ``sys.modules`` counts as missing, and ipykernel then
    starts without it.
    """
    sys.modules["debugpy"] = None


def serve(server: socket.socket, refuse: list[str]) -> None:
    wakeup_read, wakeup_write = os.pipe()
    os.set_blocking(wakeup_write, False)
    signal.set_wakeup_fd(wakeup_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(server, selectors.EVENT_READ, "request")
    selector.register(sys.stdin, selectors.EVENT_READ, "stdin")
    selector.register(wakeup_read, selectors.EVENT_READ, "child")
    kernels: dict[int, socket.socket] = {}
    while True:
        for key, _ in selector.select():
            if key.data == "stdin" and not os.read(sys.stdin.fileno(), 4096):
                for pid in kernels:
                    _kill(pid)
                os._exit(0)
            elif key.data == "child":
                os.read(wakeup_read, 4096)
                _reap(kernels)
            elif key.data == "request":
                connection, _ = server.accept()
                request, fds = _receive(connection)
                problems = refuse if request is not None else ["an incomplete request"]
                if problems:
                    _reply(connection, {"refused": problems})
                    connection.close()
                    for fd in fds:
                        os.close(fd)
                    continue
                pid = os.fork()
                if pid == 0:  # the kernel keeps nothing of the zygote's but its modules
                    signal.set_wakeup_fd(-1)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    selector.close()
                    for resource in [server, connection, *kernels.values()]:
                        resource.close()
                    os.close(wakeup_read)
                    os.close(wakeup_write)
                    os._exit(run_kernel(request, fds))  # never back into the zygote's loop
                for fd in fds:
                    os.close(fd)
                _reply(connection, {"pid": pid})
                kernels[pid] = connection


def _receive(connection: socket.socket) -> tuple[dict | None, list[int]]:
    """A launcher's request and its three standard streams; None for a request that is
    not one (cut short, or a launcher that stalls: the zygote serves every build's kernels,
    and must not wait on one)."""
    connection.settimeout(10)
    fds: list[int] = []
    try:
        message, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
        while chunk := connection.recv(1 << 16):  # the rest, up to its end
            message += chunk
        request = json.loads(message)
    except (OSError, ValueError):
        return None, fds
    finally:
        connection.settimeout(None)
    if len(fds) != 3 or not isinstance(request, dict):
        return None, fds
    return request, fds


def run_kernel(request: dict, fds: list[int]) -> int:
    """In the forked child: become the kernel the launcher asked for; its exit code."""
    launcher_stderr = 2
    try:
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
            os.close(fd)
        launcher_stderr = os.dup(2)  # the kernel soon passes its own on to the notebook
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        numpy_random = sys.modules.get("numpy.random")
        if numpy_random is not None:  # a fresh process seeds NumPy's global generator anew
            numpy_random.seed()
        from ipykernel.kernelapp import IPKernelApp

        parent = f"--IPKernelApp.parent_handle={os.getppid()}"
        IPKernelApp.launch_instance(argv=[*request["argv"], parent])
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    except BaseException:  # why the kernel could not start, where the build shows it
        os.write(launcher_stderr, traceback.format_exc().encode(errors="replace"))
        return 1
    return 0


def _reap(kernels: dict[int, socket.socket]) -> None:
    while True:
        try:
            # Found without reaping: the zombie keeps its pid and its group from being reused
            # while what the kernel left running in the background is killed.
            found = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return
        if found is None:
            return
        pid = found.si_pid
        if pid in kernels:
            _kill_group(pid)
        _, status = os.waitpid(pid, 0)
        connection = kernels.pop(pid, None)
        if connection is not None:
            _reply(connection, {"exit": os.waitstatus_to_exitcode(status)})
            connection.close()


def _reply(connection: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):  # if the launcher is gone, nobody is left to tell
        connection.sendall(json.dumps(message).encode() + b"\n")


def _kill(pid: int) -> None:
    """Kill the running kernel `pid`, and what it started (``_kill_group``)."""
    _kill_group(pid)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _kill_group(pid: int) -> None:
    """Kill every process left in the group of the kernel `pid`.

    Each kernel leads a session and process group of its own (``run_kernel``), so a program
    that a tutorial leaves running in the background ends with the kernel, not after the
    build.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
