"""Link the scikit-learn names a tutorial imports to their reference pages.

Only sphinx-gallery does this for its galleries; here it is done from the tutorial's source:
every ``from sklearn.<module> import <Name>`` whose ``<Name>`` is part of that module's public
API (its ``__all__``) links to the reference page of the installed scikit-learn version.
The check reads the installed package's files without importing scikit-learn. Links in the
prose to scikit-learn's stable documentation are pointed at that version too (``versioned``).
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import importlib.util
from pathlib import Path

from tutorial_reader import import_statements

SITE = "https://scikit-learn.org/"
DOCS = SITE + "{version}/modules/generated/{module}.{name}.html"
STABLE_DOCS = SITE + "stable/"


def sklearn_links(sources: list[str]) -> dict[str, str]:
    """Map each name the code imports from scikit-learn's public API to its reference page."""
    version = docs_version()
    if version is None:
        return {}
    links = {}
    for node in import_statements(sources):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if node.module.split(".")[0] != "sklearn":
            continue
        public = public_names(node.module)
        for alias in node.names:
            if alias.name in public:
                url = DOCS.format(version=version, module=node.module, name=alias.name)
                links[alias.asname or alias.name] = url
    return links


def versioned(url: str) -> str:
    """`url` pointed at the documentation of the installed scikit-learn if it points at the
    stable one: the page shows what that version did, and "stable" moves on at each release.
    Other addresses are returned as they are."""
    version = docs_version()
    if version is None or not url.startswith(STABLE_DOCS):
        return url
    return f"{SITE}{version}/{url.removeprefix(STABLE_DOCS)}"


def docs_version() -> str | None:
    """The documentation version of the installed scikit-learn, such as '1.9', or 'dev'."""
    try:
        version = importlib.metadata.version("scikit-learn")
    except importlib.metadata.PackageNotFoundError:
        return None
    if "dev" in version:
        return "dev"
    return ".".join(version.split(".")[:2])


@functools.cache
def public_names(module: str) -> frozenset[str]:
    """The names in `module`'s ``__all__``, read from its source file."""
    spec = importlib.util.find_spec(module.split(".")[0])
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    base = Path(next(iter(spec.submodule_search_locations)))
    relative = Path(*module.split(".")[1:])
    for path in (base / relative / "__init__.py", (base / relative).with_suffix(".py")):
        if path.is_file():
            return _all_of(path.read_text("utf-8"))
    return frozenset()


def _all_of(source: str) -> frozenset[str]:
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            try:
                return frozenset(ast.literal_eval(node.value))
            except ValueError:
                return frozenset()
    return frozenset()
