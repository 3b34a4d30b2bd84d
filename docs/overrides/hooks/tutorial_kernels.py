"""The tutorials' Jupyter kernel: its kernelspec, and the zygote that forks it.

The kernel's code lives in ``docs/overrides/kernel/``: the launcher that jupyter_client starts,
the zygote, and the IPython extension. This module writes the kernelspec that points at the
launcher, and starts one zygote per MkDocs process, preloading the modules the tutorials
import; the zygote is kept between the rebuilds of ``mkdocs serve`` as long as that list and
the kernel's code do not change. It also holds the client the build talks to kernels with
(``PromptKernelClient``).
"""

from __future__ import annotations

import json
import math
import queue
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import port_names
from site_files import write_if_changed

KERNEL_NAME = "tutorials"
KERNEL_DIR = Path(__file__).resolve().parent.parent / "kernel"
STOP_SECONDS = 1.0  # how long a zygote asked to stop may take to kill its kernels
RESTARTS = 1  # how many times a kernel that died before it answered is started again


def write_kernelspec(jupyter_dir: Path) -> None:
    """Write the kernelspec into `jupyter_dir`/kernels/, for a JUPYTER_PATH entry."""
    spec = {
        "argv": ["python", str(KERNEL_DIR / "launcher.py"), "-f", "{connection_file}"],
        "display_name": "Python 3 (tutorials)",
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }
    write_if_changed(
        jupyter_dir / "kernels" / KERNEL_NAME / "kernel.json", json.dumps(spec, indent=2) + "\n"
    )


class Zygote:
    """A running zygote process and the socket that launchers connect to."""

    def __init__(self, modules: tuple[str, ...], code: str):
        self.modules = modules
        self.code = code  # a digest of the kernel's code, which the zygote loads once
        self.directory = Path(tempfile.mkdtemp(prefix="tutorial-kernels-"))
        self.socket = self.directory / "zygote.sock"
        # In a session of its own, a Ctrl-C in the terminal reaches MkDocs only, which stops
        # the zygote in order (see stop), instead of interrupting it in the middle of a fork.
        self.process = subprocess.Popen(
            [sys.executable, str(KERNEL_DIR / "zygote.py"), str(self.socket), *modules],
            stdin=subprocess.PIPE,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """End the zygote and any kernel it forked that still runs.

        Closing its input asks the zygote to kill its kernels and exit; a zygote still busy
        with its imports does not listen yet, and is terminated (it has no kernels then).
        The folder of its socket goes first: a launcher left waiting for an answer finds it
        gone, and knows that the build has ended (see launcher.py).
        """
        shutil.rmtree(self.directory, ignore_errors=True)
        self.process.stdin.close()
        try:
            self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait()


_zygote: Zygote | None = None


def zygote(modules: Iterable[str], code: str) -> Zygote:
    """The running zygote for `modules` and the kernel code of digest `code`, started (or
    restarted) if needed."""
    global _zygote
    modules = tuple(sorted(set(modules)))
    if _zygote is not None and (
        not _zygote.alive() or _zygote.modules != modules or _zygote.code != code
    ):
        _zygote.stop()
        _zygote = None
    if _zygote is None:
        _zygote = Zygote(modules, code)
    return _zygote


def stop() -> None:
    global _zygote
    if _zygote is not None:
        _zygote.stop()
        _zygote = None


class PromptKernelClient(AsyncKernelClient):
    """A kernel client that is ready as soon as the kernel has answered on both channels.

    jupyter_client's client, once the kernel answers its first request, listens on the
    output channel until it has been silent for 0.2 s, to be sure it is connected: a fifth of
    a second for every tutorial. This one goes on as soon as the output channel proves
    connected: with the kernel's "idle" status for that request, or with the welcome that a
    kernel sends when it sees the client subscribe (JEP 65; ipykernel 7 does). The welcome
    matters when the client asked before the kernel was listening, as it does with a kernel
    forked from the zygote: the status for that first request went out before the
    subscription arrived and is lost, and waiting for it would cost a whole second. The
    nbconvert configuration (``kernel/jupyter_nbconvert_config.py``) makes it the client of
    the build.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (math.inf if timeout is None else timeout)
        starts_left = RESTARTS
        while True:
            request = self.kernel_info()
            if await self._answered(request, min(1.0, deadline - time.monotonic())):
                return
            if not await self.is_alive():
                if starts_left and isinstance(self.parent, AsyncKernelManager):
                    starts_left -= 1
                    await self._start_again_on_new_ports()
                    continue
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    async def _start_again_on_new_ports(self) -> None:
        """Start the dead kernel again, on ports chosen anew, and talk to the new one.

        The kernel manager chooses free ports, and the kernel binds them a moment later:
        another process (a second build, a test run beside ``mkdocs serve``) can take one
        in between, and the kernel dies at once. It had run no code yet, so starting it
        again changes nothing a page shows.
        """
        manager = self.parent
        for name in port_names:
            # Each channel is stopped and forgotten: a stopped one cannot start again, and
            # the client makes new ones, on the new ports, in the same ZeroMQ context (which
            # stop_channels would close). A port of 0 is chosen as the kernel starts.
            attribute = f"_{name.removesuffix('_port')}_channel"
            channel = getattr(self, attribute)
            if channel is not None and channel.is_alive():
                channel.stop()
            setattr(self, attribute, None)
            setattr(manager, name, 0)
            setattr(self, name, 0)
        manager.cleanup_connection_file()
        await manager.restart_kernel(now=True)
        self.load_connection_info(manager.get_connection_info(session=True))
        self.start_channels()

    async def _answered(self, request: str, patience: float) -> bool:
        """Whether, within `patience` seconds, the kernel answered `request` on the shell
        channel and was then heard on the output channel: its welcome, or its report of
        being idle after `request`."""
        give_up = time.monotonic() + patience

        def left() -> float:  # a negative timeout would wait for ever
            return max(0.0, give_up - time.monotonic())

        while True:  # the reply, on the shell channel
            try:
                reply = await self.shell_channel.get_msg(timeout=left())
            except queue.Empty:
                return False
            if reply["parent_header"].get("msg_id") == request:
                self._handle_kernel_info_reply(reply)
                break
        while True:  # the output channel is connected: the kernel's welcome, or its status
            try:
                message = await self.iopub_channel.get_msg(timeout=left())
            except queue.Empty:
                return False
            if message["msg_type"] == "iopub_welcome":
                return True
            if (
                message["parent_header"].get("msg_id") == request
                and message["msg_type"] == "status"
                and message["content"]["execution_state"] == "idle"
            ):
                return True
