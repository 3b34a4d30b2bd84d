"""The versions a post says its outputs come from: which distribution provides a module."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
import sklearn
from installed import distribution_of, versions_used
from tutorial_posts import ran_with


def test_a_module_is_found_in_its_distribution_whatever_the_distributions_name():
    assert distribution_of("numpy").version == np.__version__
    found = distribution_of("sklearn")
    assert (found.name, found.version) == ("scikit-learn", sklearn.__version__)


@pytest.mark.parametrize("module", ["time", "json", "no_module_by_this_name"])
def test_the_standard_library_and_unknown_modules_have_no_distribution(module):
    assert distribution_of(module) is None


def fake_distribution(folder, name: str, files: list[str], top_level: str | None = None):
    info = folder / f"{name.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n")
    (info / "RECORD").write_text("".join(f"{f},sha256=x,1\n" for f in files))
    if top_level is not None:
        (info / "top_level.txt").write_text(top_level)


def test_a_module_is_found_by_the_files_its_distribution_installed(tmp_path, monkeypatch):
    fake_distribution(tmp_path, "single-file", ["lonely.py", "elsewhere/lonely_too.py"])
    fake_distribution(tmp_path, "compiled-thing", ["speedy.cpython-311-x86_64-linux-gnu.so"])
    fake_distribution(tmp_path, "listed", ["anything.py"], top_level="modname\n")
    # A distribution named like a module does not make it that module's provider.
    fake_distribution(tmp_path, "lonely", ["something_else.py"])
    monkeypatch.syspath_prepend(str(tmp_path))
    assert distribution_of("lonely").name == "single-file"
    assert distribution_of("speedy").name == "compiled-thing"
    assert distribution_of("modname").name == "listed"
    # A file of that name deeper in another distribution does not make it the module's.
    assert distribution_of("lonely_too") is None


def test_versions_used_lists_each_distribution_once_by_name():
    modules = ["sklearn.cluster", "numpy", "time", "sklearn.datasets", "matplotlib.pyplot"]
    assert versions_used(modules) == [
        ("matplotlib", matplotlib.__version__),
        ("numpy", np.__version__),
        ("scikit-learn", sklearn.__version__),
    ]


def test_the_sentence_lists_python_then_the_libraries():
    assert ran_with("3.12.1", []) == "Ran at build time with Python\xa03.12.1."
    assert ran_with("3.12.1", [("numpy", "2.0"), ("scipy", "1.1")]) == (
        "Ran at build time with Python\xa03.12.1, numpy\xa02.0 and scipy\xa01.1."
    )
