"""The kernel command of the tutorials' kernelspec: ask the zygote for a kernel, or be one.

jupyter_client starts this script as if it were the kernel. It changes to the directory
named by TUTORIAL_KERNEL_CWD, if set. If the environment names a zygote
socket (TUTORIAL_KERNEL_ZYGOTE), the script sends it the kernel's arguments, working
directory, environment and standard streams, then stands in for the forked kernel: signals
it receives are passed on, and it exits with the kernel's exit code. Without a zygote, or if
the zygote refuses, it runs an ordinary IPython kernel itself.

Protocol, over the Unix socket: one JSON request {"argv", "cwd", "env"} sent with the three
standard file descriptors; the zygote answers one line {"pid": N} (or {"refused": [...]}),
then a second line {"exit": code} when the kernel ends.
"""

import contextlib
import json
import os
import signal
import socket
import sys

# Load the site's extension; keep the kernel's log to errors (it warns that loopback TCP is
# unencrypted, which is expected here).
KERNEL_OPTIONS = ["--IPKernelApp.extensions=['tutorial_kernel']", "--IPKernelApp.log_level=ERROR"]


def main() -> None:
    argv = [*sys.argv[1:], *KERNEL_OPTIONS]
    os.chdir(os.environ.get("TUTORIAL_KERNEL_CWD") or os.getcwd())
    path = os.environ.get("TUTORIAL_KERNEL_ZYGOTE")
    if path and os.path.exists(path):
        with contextlib.suppress(ConnectionError, FileNotFoundError, ValueError):
            sys.exit(forked_kernel(path, argv))
    plain_kernel(argv)


def forked_kernel(path: str, argv: list[str]) -> int:
    connection = socket.socket(socket.AF_UNIX)
    connection.connect(path)
    env = {**os.environ, "TUTORIAL_KERNEL_LAUNCHER_PID": str(os.getpid())}
    request = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": env}).encode()
    socket.send_fds(connection, [request], [0, 1, 2])
    replies = connection.makefile("r", encoding="utf-8")
    answer = json.loads(replies.readline() or "{}")
    if "pid" not in answer:
        raise ValueError(answer)
    pid = answer["pid"]

    def forward(number, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, number)

    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, forward)
    ended = json.loads(replies.readline() or '{"exit": 1}')
    return ended["exit"]


def plain_kernel(argv: list[str]) -> None:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=argv)


if __name__ == "__main__":
    main()
