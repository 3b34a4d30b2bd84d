"""Which installed distributions a tutorial's code imports, and at which versions.

A reader who copies the code wants to know what it ran with. A module is found in its
distribution without importing it: by the distribution's name when they match (``numpy``),
else by the distribution's list of top-level modules or of installed files (``sklearn`` is
installed by ``scikit-learn``). Modules of the standard library, and modules that no
installed distribution provides (a tutorial's own), are left out.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from collections.abc import Iterable

Distribution = importlib.metadata.Distribution


def versions_used(
    modules: Iterable[str], known: dict[str, tuple[str, str] | None] | None = None
) -> list[tuple[str, str]]:
    """The (name, version) of each distribution that provides one of `modules`, by name.

    `known` keeps what was found for each module, for the next call (one build's posts
    share most of their imports).
    """
    known = {} if known is None else known
    found = set()
    for module in {m.split(".")[0] for m in modules}:
        if module not in known:
            distribution = distribution_of(module)
            known[module] = distribution and (distribution.name, distribution.version)
        if known[module] is not None:
            found.add(known[module])
    return sorted(found, key=lambda item: item[0].casefold())


def distribution_of(module: str) -> Distribution | None:
    """The installed distribution that provides the top-level `module`, if any."""
    if module in sys.stdlib_module_names:
        return None
    try:
        named = importlib.metadata.distribution(module)
    except importlib.metadata.PackageNotFoundError:
        named = None
    if named is not None and provides(named, module):
        return named
    for distribution in importlib.metadata.distributions():
        if provides(distribution, module):
            return distribution
    return None


def provides(distribution: Distribution, module: str) -> bool:
    """Whether `distribution` installed the top-level `module` (a package or a file)."""
    top_level = distribution.read_text("top_level.txt")
    if top_level is not None:
        return module in top_level.split()
    installed_file = re.compile(rf"^{re.escape(module)}(/|\.py,|\.[\w-]+\.(so|pyd),)", re.M)
    return installed_file.search(distribution.read_text("RECORD") or "") is not None
