"""`mkdocs serve`: a rebuild after an edit shows what the current code makes, or says that
the server must be restarted to run it."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import copy_project, mkdocs_env

TUTORIAL = """\
# ---
# title: Served
# date: 2024-05-31
# description: A small tutorial that exists to test how the site rebuilds under serve.
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Served

# %%
import os

import figure_export

print("kernel code:", getattr(figure_export, "VERSION", "original"))
print("forked by:", os.getppid())
"""


class Server:
    """`mkdocs serve` on a free port of 127.0.0.1, its log collected as it comes."""

    def __init__(self, project):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = mkdocs_env()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 180) -> None:
        """Wait until `pattern` has appeared `count` times in the log."""
        deadline = time.monotonic() + timeout
        while len(re.findall(pattern, self.log())) < count:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"no {pattern!r} (x{count}) in the log:\n{self.log()}")
            time.sleep(0.1)

    def forked_by(self) -> str:
        """The process the served tutorial's kernel was forked by: the zygote."""
        return re.search(r"forked by: (\d+)", self.page("served/")).group(1)

    def page(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.reader.join(timeout=60)
        self.process.stdout.close()


def test_serve_runs_edited_kernel_code_and_asks_for_a_restart_after_hook_edits(tmp_path):
    project = copy_project(tmp_path / "project", {"served.py": TUTORIAL})
    # A finished rebuild: MkDocs does not repeat "Documentation built in 1.23 seconds" when a
    # rebuild takes as long as an earlier build, and the first build reloads no browser.
    rebuilt = r"Reloading browsers"
    server = Server(project)
    try:
        server.wait_for("Serving on")
        assert "kernel code: original" in server.page("served/")
        zygote = server.forked_by()

        # The zygote loaded the kernel's code once: it must start again to run the edit.
        kernel = project / "docs" / "overrides" / "kernel" / "figure_export.py"
        kernel.write_text(kernel.read_text("utf-8") + '\nVERSION = "edited"\n', "utf-8")
        server.wait_for(rebuilt)
        assert "kernel code: edited" in server.page("served/")
        assert server.forked_by() != zygote, "a new zygote, with the new code"

        # The hooks run in the server's own process, which cannot load them again.
        hook = project / "docs" / "overrides" / "hooks" / "api_links.py"
        hook.write_text(hook.read_text("utf-8") + "\n# edited\n", "utf-8")
        server.wait_for(r"docs/overrides/hooks/ changed since `mkdocs serve` started: restart it")
        assert "no kernel from the zygote" not in server.log(), "every kernel was forked"
    finally:
        server.stop()
