"""The kernel command of the tutorials' kernelspec: ask the zygote for a kernel, or be one.

jupyter_client starts this script as if it were the kernel. It changes to the directory
named by TUTORIAL_KERNEL_CWD, if set. If the environment names a zygote
socket (TUTORIAL_KERNEL_ZYGOTE), the script sends it the kernel's arguments, working
directory, environment and standard streams, then stands in for the forked kernel: signals
it receives are passed on, and it exits with the kernel's exit code. Without a zygote, or if
the zygote refuses or cannot be reached, it says why on standard error and runs an ordinary
IPython kernel itself; but if the build has stopped the zygote (its folder is gone: the
build failed, or was stopped), it exits at once, rather than run a tutorial no one awaits.
That holds for a launcher already waiting on the socket as well: the build removes the
folder before it stops the zygote, so the launcher finds it gone once its wait is cut short.

Protocol, over the Unix socket: one JSON request {"argv", "cwd", "env"} sent with the three
standard file descriptors, then the end of the launcher's writing; the zygote answers one
line {"pid": N} (or {"refused": [...]}), then a second line {"exit": code} when the kernel
ends.
"""

import contextlib
import json
import os
import signal
import socket
import sys
import time
import traceback

# Load the site's extension, and let the kernel die if it cannot (without it, nothing would
# check figures, warnings or reads); keep the kernel's log to errors (it warns that loopback
# TCP is unencrypted, which is expected here).
KERNEL_OPTIONS = [
    "--IPKernelApp.extensions=['tutorial_kernel']",
    "--IPKernelApp.reraise_ipython_extension_failures=True",
    "--IPKernelApp.log_level=ERROR",
]


def main() -> None:
    argv = [*sys.argv[1:], *KERNEL_OPTIONS]
    os.chdir(os.environ.get("TUTORIAL_KERNEL_CWD") or os.getcwd())
    path = os.environ.get("TUTORIAL_KERNEL_ZYGOTE")
    if path:
        try:
            pid, replies = ask_zygote(path, argv)
        except (OSError, ValueError) as error:
            if not os.path.isdir(os.path.dirname(path)):
                print("tutorial kernel: not started, the build has ended", file=sys.stderr)
                sys.exit(1)
            print(f"tutorial kernel: no kernel from the zygote ({error})", file=sys.stderr)
        else:
            sys.exit(stand_in(pid, replies))
    plain_kernel(argv)


def ask_zygote(path: str, argv: list[str]):
    """Ask the zygote at socket `path` for a kernel: its process id, and the zygote's replies."""
    connection = connect(path)
    env = {**os.environ, "TUTORIAL_KERNEL_LAUNCHER_PID": str(os.getpid())}
    request = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": env}).encode()
    sent = socket.send_fds(connection, [request], [0, 1, 2])
    connection.sendall(request[sent:])
    connection.shutdown(socket.SHUT_WR)  # the end of the request
    replies = connection.makefile("r", encoding="utf-8")
    answer = json.loads(replies.readline() or "{}")
    if "pid" not in answer:
        raise ValueError(f"refused: {answer.get('refused') or 'no answer'}")
    return answer["pid"], replies


def connect(path: str, patience: float = 10.0) -> socket.socket:
    """A connection to the zygote's socket, once the zygote listens on it.

    The build starts the zygote just before the first kernel, so a launcher can be quicker
    than the zygote to reach its socket.
    """
    deadline = time.monotonic() + patience
    while True:
        connection = socket.socket(socket.AF_UNIX)
        try:
            connection.connect(path)
            return connection
        except (FileNotFoundError, ConnectionRefusedError):
            connection.close()
            if time.monotonic() > deadline or not os.path.isdir(os.path.dirname(path)):
                raise
            time.sleep(0.01)


def stand_in(pid: int, replies) -> int:
    """Pass signals on to the forked kernel `pid` until it ends; its exit code, or its
    death by the same signal."""

    def forward(number, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, number)

    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, forward)
    line = replies.readline()  # empty if the zygote is gone
    code = json.loads(line)["exit"] if line else 1
    if code < 0:  # killed by a signal: end the same way
        with contextlib.suppress(OSError, ValueError):  # SIGKILL's action cannot be set
            signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


def plain_kernel(argv: list[str]) -> None:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from ipykernel.kernelapp import IPKernelApp

    stderr = os.dup(2)  # the kernel soon passes its own on to the notebook
    try:
        IPKernelApp.launch_instance(argv=argv)
    except Exception:  # why the kernel could not start, where the build shows it
        os.write(stderr, traceback.format_exc().encode(errors="replace"))
        sys.exit(1)


if __name__ == "__main__":
    main()
