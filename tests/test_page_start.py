"""Material's script restyles no more of the page than it must as the page starts."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from page_start import PALETTE_STYLESHEET, without_switching_rules

FREEZE = "{transition-duration:0s!important}"


def test_a_rule_only_for_the_switching_attribute_is_dropped():
    css = (
        ".a{color:red}[data-md-color-switching] *,[data-md-color-switching] :after"
        + FREEZE
        + ".b{color:blue}"
    )
    assert without_switching_rules(css) == ".a{color:red}.b{color:blue}"


def test_a_rule_inside_a_media_block_is_dropped_and_the_block_kept():
    css = "@media screen{.a{color:red}[data-md-color-switching] *" + FREEZE + "}.c{x:y}"
    assert without_switching_rules(css) == "@media screen{.a{color:red}}.c{x:y}"


@pytest.mark.parametrize(
    "rule",
    [
        ".a,[data-md-color-switching] *" + FREEZE,
        "[data-md-color-switching] *,.a" + FREEZE,
        "[data-md-color-scheme=slate] .a" + FREEZE,
    ],
)
def test_a_rule_that_also_styles_other_elements_is_kept_whole(rule):
    css = ".z{color:red}" + rule
    assert without_switching_rules(css) == css


def test_materials_palette_loses_its_switching_rule_and_nothing_else():
    [stylesheet] = [
        path
        for path in (Path(material.__file__).parent / "templates").rglob("*.css")
        if PALETTE_STYLESHEET.fullmatch(path.relative_to(path.parents[2]).as_posix())
    ]
    css = stylesheet.read_text("utf-8")
    trimmed = without_switching_rules(css)
    assert "data-md-color-switching" in css
    assert "data-md-color-switching" not in trimmed
    removed = len(css) - len(trimmed)
    assert 0 < removed < 200  # one rule, not a block
    assert trimmed.count("{") == trimmed.count("}")


def test_the_published_palette_has_no_rule_for_the_switching_attribute(built_site):
    stylesheets = [
        path
        for path in (built_site / "assets" / "stylesheets").glob("*.css")
        if "data-md-color-switching" in path.read_text("utf-8")
    ]
    assert stylesheets == []


def test_every_page_marks_its_root_as_materials_script_would_before_its_body(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text("utf-8")
        head = html[: html.index("<body")]
        assert '<html lang="en" class="no-js">' in head, page
        [script] = [s for s in re.findall(r"<script>(.*?)</script>", head, re.S) if "root" in s]
        assert 'root.classList.replace("no-js", "js")' in script, page
        assert 'root.classList.add("js-focus-visible")' in script, page
        assert 'root.setAttribute("data-js-focus-visible", "")' in script, page


def test_every_script_of_every_page_runs_once_the_page_is_parsed(built_site):
    for page in built_site.rglob("*.html"):
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text("utf-8"))
        assert len(scripts) >= 2, page  # Material's and the site's
        assert all(re.search(r"\sdefer[\s>]", tag) for tag in scripts), (page, scripts)
