"""The tutorials' kernel: what the zygote preloads, and the kernelspec."""

from __future__ import annotations

import json

from tutorial_kernels import KERNEL_DIR, KERNEL_NAME, imported_modules, write_kernelspec


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
    assert spec["argv"][:2] == ["python", str(KERNEL_DIR / "launcher.py")]
    assert spec["language"] == "python"
    assert spec["interrupt_mode"] == "signal"
