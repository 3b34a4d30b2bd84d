"""nbconvert's templates are compiled once and kept, and the pages come out the same."""

from __future__ import annotations

import nbformat
import notebook_html
import pytest
import template_cache
from jinja2 import FileSystemBytecodeCache
from mkdocs_jupyter import convert
from nbconvert.exporters import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter


@pytest.fixture
def nbconvert_as_it_was(monkeypatch):
    """Undo, after the test, what `give_nbconvert` does to nbconvert's exporters."""
    monkeypatch.setattr(
        TemplateExporter, "_create_environment", TemplateExporter._create_environment
    )
    if hasattr(TemplateExporter, "_create_environment_uncached"):
        monkeypatch.delattr(TemplateExporter, "_create_environment_uncached")


def page(tmp_path) -> str:
    """A small notebook converted by mkdocs-jupyter, in the site's markup."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# A title\n\nSome *prose*."),
        nbformat.v4.new_code_cell(
            "print(1)", outputs=[nbformat.v4.new_output("stream", text="1\n")]
        ),
    ]
    path = tmp_path / "small.ipynb"
    nbformat.write(notebook, path)
    return notebook_html.render(convert.nb2html(str(path), execute=False)).content


@pytest.mark.usefixtures("nbconvert_as_it_was")
def test_nbconvert_compiles_its_templates_once_into_the_cache(tmp_path):
    before = page(tmp_path)
    cache_dir = tmp_path / "jinja"
    cache_dir.mkdir()
    for _ in range(2):  # as `mkdocs serve` does at each build: the wrapper is not stacked
        template_cache.give_nbconvert(FileSystemBytecodeCache(str(cache_dir)))
    create = TemplateExporter._create_environment_uncached
    assert create.__module__.startswith("nbconvert"), "the original method is kept"
    cache = FileSystemBytecodeCache(str(cache_dir))
    template_cache.give_nbconvert(cache)
    assert HTMLExporter().environment.bytecode_cache is cache
    assert page(tmp_path) == before
    compiled = sorted(cache_dir.iterdir())
    assert compiled, "the templates were compiled into the cache"
    mtimes = [path.stat().st_mtime_ns for path in compiled]
    assert page(tmp_path) == before
    assert sorted(cache_dir.iterdir()) == compiled
    assert [path.stat().st_mtime_ns for path in compiled] == mtimes, "read, not compiled again"


def test_without_the_method_it_wraps_the_build_goes_on_uncached(tmp_path, monkeypatch, caplog):
    monkeypatch.delattr(TemplateExporter, "_create_environment")
    if hasattr(TemplateExporter, "_create_environment_uncached"):
        monkeypatch.delattr(TemplateExporter, "_create_environment_uncached")
    with caplog.at_level("INFO"):
        template_cache.give_nbconvert(FileSystemBytecodeCache(str(tmp_path)))
    assert "no template cache" in caplog.text
    assert not hasattr(TemplateExporter, "_create_environment"), "nothing put in its place"
