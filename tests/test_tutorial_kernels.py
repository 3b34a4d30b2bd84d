"""The tutorials' kernel: what the zygote preloads, the kernelspec, and the build's client."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import os
import queue
import socket
import subprocess
import sys
import time
from pathlib import Path

import executed_notebooks
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager, KernelManager
from nbconvert.nbconvertapp import NbConvertApp
from tutorial_kernels import (
    KERNEL_DIR,
    KERNEL_NAME,
    PromptKernelClient,
    Zygote,
    write_kernelspec,
)
from tutorial_reader import imported_modules


def test_preloads_the_absolute_imports_but_not_the_tutorials_own_modules():
    sources = [
        "import numpy as np\nimport matplotlib.pyplot as plt\n",
        "from sklearn.cluster import KMeans\nfrom . import sibling\nimport helpers\n",
        "def broken(:\n",
    ]
    modules = imported_modules(sources, local={"helpers"})
    assert modules == {"numpy", "matplotlib.pyplot", "sklearn.cluster"}


def test_the_kernelspec_runs_the_launcher_with_this_python(tmp_path):
    write_kernelspec(tmp_path)
    spec = json.loads((tmp_path / "kernels" / KERNEL_NAME / "kernel.json").read_text())
    assert spec["argv"][1] == str(KERNEL_DIR / "launcher.py")
    assert spec["interrupt_mode"] == "signal"
    # The command a kernel manager builds from the spec starts this very Python, whose
    # installed packages are the ones the execution cache's key lists.
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
    manager = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)
    assert manager.format_kernel_cmd()[:2] == [sys.executable, str(KERNEL_DIR / "launcher.py")]


def run_in_own_loop(coroutine_function):
    """Run a coroutine on a thread of its own: the browser tests' session keeps an event loop
    running on this one, where asyncio.run refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


@contextlib.asynccontextmanager
async def ready_kernel(kernel_name: str, **options):
    """A client of a new kernel of `kernel_name`, ready as the build's is; then cleaned up.
    `options` set the kernel manager's traits."""
    manager = AsyncKernelManager(
        kernel_name=kernel_name, client_factory=PromptKernelClient, **options
    )
    await manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        yield client
    finally:
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
        manager.context.destroy()


def run_code(kernel_name: str, code: str) -> list[str]:
    """What `code` prints in a new kernel of `kernel_name`, talked to as the build does."""

    async def run() -> list[str]:
        async with ready_kernel(kernel_name) as client:
            request = client.execute(code)
            texts = []
            while True:
                message = await client.get_iopub_msg(timeout=30)
                if message["parent_header"].get("msg_id") != request:
                    continue
                if message["msg_type"] == "stream":
                    texts.append(message["content"]["text"])
                if (
                    message["msg_type"] == "status"
                    and message["content"]["execution_state"] == "idle"
                ):
                    return texts

    return run_in_own_loop(run)


def test_the_prompt_client_is_ready_when_the_kernel_can_run_code_and_be_heard():
    """Once ready, the first request's output arrives: the output channel is connected."""
    assert run_code("python3", "print(6 * 7)") == ["42\n"]


def run_in_zygote_kernel(tmp_path, monkeypatch, module: str, source: str, code: str):
    """What `code` prints in a kernel asked of a zygote that preloads `module`, a module
    nothing else imports, written from `source`; and the zygote's process id."""
    (tmp_path / f"{module}.py").write_text(source)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    write_kernelspec(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    zygote = Zygote((module,), code="")
    monkeypatch.setenv("TUTORIAL_KERNEL_ZYGOTE", str(zygote.socket))
    try:
        return "".join(run_code(KERNEL_NAME, code)), zygote.process.pid
    finally:
        zygote.stop()


def test_a_kernel_of_the_zygote_is_forked_with_the_modules_loaded_and_no_debugger(
    tmp_path, monkeypatch
):
    code = (
        "import os, sys\n"
        "print(os.getppid())\n"
        "print(sorted(m for m in ['preloaded', 'debugpy'] if sys.modules.get(m)))\n"
    )
    printed, zygote = run_in_zygote_kernel(tmp_path, monkeypatch, "preloaded", "VALUE = 1\n", code)
    assert printed.split("\n")[:2] == [str(zygote), "['preloaded']"]


def process_gone(pid: int) -> bool:
    """Whether `pid` has exited (a zombie that no one reaped yet counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def test_stopping_the_zygote_kills_a_kernel_busy_in_a_loop_that_holds_the_gil(
    tmp_path, monkeypatch
):
    write_kernelspec(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    zygote = Zygote((), code="")
    monkeypatch.setenv("TUTORIAL_KERNEL_ZYGOTE", str(zygote.socket))
    pid_file = tmp_path / "kernel.pid"
    pid_file.write_text("")

    async def stop_while_busy() -> tuple[bool, bool]:
        async with ready_kernel(KERNEL_NAME) as client:
            # The kernel says who it is through a file: a printed line would wait for the
            # output thread, which cannot run while the loop holds the GIL.
            client.execute(
                f"import os\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
                "sum(range(10**13))"
            )
            deadline = time.monotonic() + 60
            while not pid_file.read_text() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            pid = int(pid_file.read_text())
            await asyncio.sleep(0.2)  # into the loop
            running = not process_gone(pid)
            zygote.stop()
            deadline = time.monotonic() + 10
            while not process_gone(pid) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            return running, process_gone(pid)

    try:
        running, gone = run_in_own_loop(stop_while_busy)
    finally:
        zygote.stop()
    assert running, "the kernel was computing when the zygote was stopped"
    assert gone


def test_a_launcher_left_waiting_by_a_stopped_zygote_starts_no_kernel(tmp_path, monkeypatch):
    """As when a build fails while the zygote still imports: a launcher that asked for a
    kernel meanwhile gets no answer, and must not run the tutorial in a plain kernel."""
    (tmp_path / "slow.py").write_text("import time\ntime.sleep(120)\n", "utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    zygote = Zygote(("slow",), code="")
    environment = {**os.environ, "TUTORIAL_KERNEL_ZYGOTE": str(zygote.socket)}
    launcher = subprocess.Popen(
        [sys.executable, str(KERNEL_DIR / "launcher.py"), "-f", str(tmp_path / "kernel.json")],
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1)  # time enough to be waiting on the socket
        zygote.stop()
        _, said = launcher.communicate(timeout=60)
    finally:
        if launcher.poll() is None:  # a plain kernel, which would run for ever
            launcher.kill()
            launcher.communicate()
        zygote.stop()
    assert "not started, the build has ended" in said
    assert launcher.returncode == 1


def test_a_program_a_kernel_leaves_in_the_background_ends_with_the_kernel(tmp_path, monkeypatch):
    write_kernelspec(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    zygote = Zygote((), code="")
    monkeypatch.setenv("TUTORIAL_KERNEL_ZYGOTE", str(zygote.socket))
    pid_file = tmp_path / "background.pid"
    code = (
        "import subprocess\n"
        f"subprocess.run(['sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo $! > {pid_file}'])\n"
    )
    try:
        run_code(KERNEL_NAME, code)
        pid = int(pid_file.read_text())
        deadline = time.monotonic() + 10
        while not process_gone(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        gone = process_gone(pid)
    finally:
        zygote.stop()
    assert gone, "the kernel has ended, and the sleep it left behind with it"


def test_a_zygote_whose_imports_warn_refuses_and_the_launcher_says_so(tmp_path, monkeypatch, capfd):
    """The warning must show in the tutorial's own cell: its kernel imports the module."""
    source = 'import warnings\nwarnings.warn("noisy", UserWarning)\n'
    code = "import os\nprint(os.getppid())\n"
    printed, _ = run_in_zygote_kernel(tmp_path, monkeypatch, "noisy", source, code)
    assert printed == f"{os.getpid()}\n", "a plain kernel, started here, not a fork"
    assert "no kernel from the zygote (refused: ['UserWarning: noisy'])" in capfd.readouterr().err


def test_a_kernel_of_the_zygote_keeps_the_warning_filters_its_imports_set(tmp_path, monkeypatch):
    """As a kernel that imported the module itself would: a library's own "ignore"."""
    source = 'import warnings\nwarnings.filterwarnings("ignore", message="hushed")\n'
    code = (
        "import os, sys, warnings\n"
        "print(os.getppid(), 'hushing' in sys.modules)\n"
        "print([f[0] for f in warnings.filters if f[1] and f[1].pattern == 'hushed'])\n"
    )
    printed, zygote = run_in_zygote_kernel(tmp_path, monkeypatch, "hushing", source, code)
    assert printed == f"{zygote} True\n['ignore']\n", "forked, and the filter kept"


class FakeChannel:
    """A channel whose messages are given in advance, None for a silence; then silence."""

    def __init__(self, messages):
        self.messages = list(messages)

    async def get_msg(self, timeout=None):
        message = self.messages.pop(0) if self.messages else None
        if message is None:
            raise queue.Empty
        return message


def message(msg_type: str, parent: str | None = None, **content) -> dict:
    return {"msg_type": msg_type, "parent_header": {"msg_id": parent}, "content": content}


def ready_after(shell: list[dict], iopub: list[dict]) -> int:
    """How many kernel_info requests the client sent before it was ready."""
    client = PromptKernelClient()
    client._shell_channel, client._iopub_channel = FakeChannel(shell), FakeChannel(iopub)
    requests = []
    client.kernel_info = lambda: requests.append(f"request-{len(requests)}") or requests[-1]

    async def alive() -> bool:
        return True

    client.is_alive = alive
    run_in_own_loop(lambda: client.wait_for_ready(timeout=1))
    return len(requests)


def test_the_prompt_client_is_ready_once_it_hears_the_idle_status_of_its_request():
    reply = message("kernel_info_reply", "request-0", protocol_version="5.4")
    status = [message("status", "request-0", execution_state=s) for s in ("busy", "idle")]
    assert ready_after([reply], status) == 1


def test_the_prompt_client_is_ready_once_welcomed_even_if_the_status_was_lost():
    """A kernel forked late sent its first status before the client's subscription arrived."""
    reply = message("kernel_info_reply", "request-0", protocol_version="5.4")
    assert ready_after([reply], [message("iopub_welcome", subscription="")]) == 1


def test_the_prompt_client_asks_again_when_it_hears_nothing_on_the_output_channel():
    replies = [message("kernel_info_reply", f"request-{n}", protocol_version="5.4") for n in (0, 1)]
    status = message("status", "request-1", execution_state="idle")
    assert ready_after(replies, [None, status]) == 2


def test_the_prompt_client_starts_a_kernel_again_once_then_says_it_died(tmp_path):
    """A kernel that dies before it answers gets one more start; if that one dies too, the
    client says so."""
    starts = tmp_path / "starts"
    spec = {
        "argv": [sys.executable, "-c", f"open({str(starts)!r}, 'a').write('start ')"],
        "display_name": "dies at once",
        "language": "python",
    }
    (tmp_path / "kernels" / "dies").mkdir(parents=True)
    (tmp_path / "kernels" / "dies" / "kernel.json").write_text(json.dumps(spec))
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])

    async def run() -> None:
        async with ready_kernel("dies", kernel_spec_manager=specs):
            pass

    with pytest.raises(RuntimeError, match="Kernel died"):
        run_in_own_loop(run)
    assert starts.read_text() == "start start "


def test_a_kernel_that_finds_its_port_taken_starts_again_on_new_ports():
    """Between the manager choosing a free port and the kernel binding it, another process
    can take it: the kernel dies, and the client has it started again on other ports."""
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]

    async def run() -> tuple[int, str]:
        # The port, as if the manager had chosen it: kept, not taken from its cache.
        async with ready_kernel("python3", cache_ports=False, shell_port=port) as client:
            reply = await client.execute("1 + 1", reply=True)
            return client.shell_port, reply["content"]["status"]

    try:
        shell_port, status = run_in_own_loop(run)
    finally:
        taken.close()
    assert shell_port != port
    assert status == "ok"


def test_the_nbconvert_configuration_hands_the_build_its_client_and_the_notebooks(monkeypatch):
    """mkdocs-jupyter loads this configuration: it is how the build's parts reach nbclient."""
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(KERNEL_DIR))
    app = NbConvertApp()
    app.load_config_file()
    assert app.config.AsyncKernelManager.client_factory is PromptKernelClient
    assert app.config.NotebookClient.on_notebook_start is executed_notebooks.watch
    assert app.config.NotebookClient.on_cell_executed is executed_notebooks.join_streams
    assert app.config.NotebookClient.timeout == 120
