"""Turn the HTML that mkdocs-jupyter renders for an executed tutorial into the site's own markup.

mkdocs-jupyter renders a notebook the way JupyterLab shows it: prompts, its own code colours
and copy buttons, half a megabyte of inline CSS, script loaders from public CDNs, figures as
base64 PNGs. This module keeps what the reader needs, cell by cell, in the markup Material
for MkDocs uses for its own pages:

- Markdown cells keep their HTML; heading anchors become Material's permalinks, and links
  can be pointed elsewhere (at the documentation of the installed versions, say).
- Code cells become Material code blocks (its colours and one copy button per block), with
  the names of scikit-learn objects linked to their reference pages.
- Outputs become output blocks; figures published by the tutorials' kernel (see
  ``docs/overrides/kernel/tutorial_kernel.py``) become a light and a dark image file.
- Markers the kernel publishes (figures, warnings, files read) never reach the page: they are
  returned to the caller, who decides whether a warning fails the build.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import io
import json
import re
from collections.abc import Callable, Iterable
from xml.etree import ElementTree

from bs4 import BeautifulSoup, Tag
from PIL import Image
from tutorial_reader import ALLOW_WARNINGS_TAG, VOLATILE_TAG, first_line, one_line

# Tags that change how the page treats a cell's outputs, not how the cell runs.
RENDER_ONLY_TAGS = frozenset({ALLOW_WARNINGS_TAG, VOLATILE_TAG})
# How Matplotlib's mathtext parser (pyparsing) fails on a figure's text that it cannot read.
MATHTEXT_ERROR = re.compile(r"\bParse\w*Exception: ")
MATHTEXT_HINT = (
    r"Matplotlib reads text between two $ signs as mathtext: mend it, or write a plain $ as \$"
)
VOLATILE_NOTE = (
    '<p class="cell-output__note">This output measures time, which varies from run to run: '
    "it is left out of reproducible builds.</p>"
)
FIGURE_DIR = "figures"
# A figure this wide (CSS pixels) shrinks its text by more than a third on a phone, past
# easy reading for the labels of a heat map or a row of panels: a caption (shown by the
# stylesheet on narrow screens only) says it opens alone, to be zoomed into.
WIDE_FIGURE = 600
ZOOM_HINT = "figure-zoom-hint"
# The attribute by which a figure names its link preview. (Not "data-preview": Material
# underlines any element with that attribute and opens a preview of the page it links to on
# hover.)
PREVIEW_ATTRIBUTE = "data-og-image"
# A figure that names its link preview, as figure_html writes it, up to its first image.
PREVIEW = re.compile(
    rf'<figure class="tutorial-figure" {PREVIEW_ATTRIBUTE}="(?P<src>[^"]+)"><a [^>]*><img '
    r'[^>]*?alt="(?P<alt>[^"]*)" width="(?P<width>\d+)" height="(?P<height>\d+)"'
)


REMOVED_SCRIPT = '<span class="removed-script"></span>'
REMOVED_STYLE = '<span class="removed-style"></span>'
STDERR = "application/vnd.jupyter.stderr"
HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', re.S)
# Longer text outputs make pages that readers scroll past and search indexes that swell.
MAX_OUTPUT_LINES = 1000
MAX_OUTPUT_CHARACTERS = 100_000  # a thousand full lines
# The repr of an object without one of its own ("<Line2D at 0x7f...>", "<generator object
# <genexpr> at 0x7f...>"): noise on a page, and a different page at every build.
MEMORY_ADDRESS = re.compile(r"<[^\n]*? at 0x[0-9a-fA-F]+>")
# What IPython shows of a display that has no form the page can show (JSON, Math, LaTeX).
DISPLAY_STAND_IN = re.compile(r"<IPython\.[\w.]+ object>")
# Control characters but the tab and the line feed (carriage returns and backspaces are
# played first, as a terminal does): invisible, or invalid in HTML.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Columns, as a table or an array prints them: two spaces or more between two words of a
# line, or a line that opens an array (NumPy's "[1 2 3" or "array([1, 2, 3").
COLUMNS = re.compile(r"\S {2,}\S|^\s*(?:\w+\()?\[", re.M)


class OutputError(ValueError):
    """An output the page cannot show, whatever the cell's tags: the message names the cell."""


@dataclasses.dataclass
class RenderedNotebook:
    """A notebook in the site's markup, and what the build must know about it."""

    content: str
    images: dict[str, bytes] = dataclasses.field(default_factory=dict)
    problems: list[str] = dataclasses.field(default_factory=list)
    reads: dict[str, str] = dataclasses.field(default_factory=dict)  # file: the first cell
    listings: dict[str, list[str] | None] = dataclasses.field(default_factory=dict)


def render(
    notebook_html: str,
    api_links: dict[str, str] | None = None,
    *,
    reproducible: bool = False,
    prose_link: Callable[[str], str] = str,
    machine_paths: Iterable[str] = (),
) -> RenderedNotebook:
    """Rewrite mkdocs-jupyter's HTML for one notebook; see the module's docstring.

    `prose_link` gives the address that each link of the prose (Markdown cells) is to have.
    An output that shows one of `machine_paths` (the repository's folder, say) fails: the
    page would show readers where the site was built, and change with the machine.

    With `reproducible`, the outputs of cells tagged ``volatile-output`` (timings) are
    replaced by a note, so that two builds of the same sources give the same bytes.
    """
    soup = BeautifulSoup(_without_styles_and_scripts(notebook_html), "html.parser")
    notebook = soup.select_one(".jp-Notebook")
    if notebook is None:
        raise ValueError("no .jp-Notebook element: is this mkdocs-jupyter's output?")
    result = RenderedNotebook(content="")
    machine = _any_of_paths(machine_paths)
    parts = []
    cells = notebook.find_all("div", class_="jp-Cell", recursive=False)
    _check_cells_apart(soup, cells)
    for number, cell in enumerate(cells, 1):
        if "jp-MarkdownCell" in cell["class"]:
            if cell.select_one(".removed-script"):  # the template's own lie outside cells
                raise OutputError(f"cell {number} has a script in its prose: no script runs")
            if cell.select_one(".removed-style"):  # as do the template's stylesheets
                raise OutputError(
                    f"cell {number} has a <style> in its prose, which the page would not "
                    "keep: the site's stylesheet (docs/assets/stylesheets/site.css) styles "
                    "every page"
                )
            parts.append(_markdown_cell(cell, prose_link))
        else:
            parts.append(_code_cell(cell, number, api_links or {}, result, reproducible, machine))
    result.content = unique_heading_ids("\n".join(part for part in parts if part))
    result.reads = dict(sorted(result.reads.items()))
    return result


def unique_heading_ids(content: str) -> str:
    """`content` with an id of its own for each heading: a second "Results" becomes
    "results_1" (with its permalink), as Python-Markdown names them; nbconvert gives both
    the same id, and a link to the second would lead to the first."""
    seen: set[str] = set()

    def renamed(match: re.Match) -> str:
        level, old, inner = match.groups()
        new, count = old, 0
        while new in seen:
            count += 1
            new = f"{old}_{count}"
        seen.add(new)
        inner = inner.replace(f'href="#{old}"', f'href="#{new}"')
        return f'<h{level} id="{new}">{inner}</h{level}>'

    return HEADING.sub(renamed, content)


def toc_tokens(content: str, depth: int) -> tuple[list[dict], str | None]:
    """The table of contents of `content`'s headings down to level `depth`, as MkDocs takes
    it from Python-Markdown (nested tokens), and the text of the first level-1 heading.

    Read from the page itself, its entries link to the ids its headings have; mkdocs-jupyter
    reads them from another rendering of the notebook, whose ids can differ (a heading with
    code in it, two headings alike)."""
    tokens: list[dict] = []
    open_tokens: list[dict] = []
    title = None
    for level, heading_id, inner in HEADING.findall(content):
        level = int(level)
        if level > depth:
            continue
        heading = BeautifulSoup(inner, "html.parser")
        for permalink in heading.select("a.headerlink"):
            permalink.decompose()
        name = html.escape(heading.get_text().strip(), quote=False)
        if level == 1 and title is None:
            title = name
        token = {"level": level, "id": heading_id, "name": name, "children": []}
        while open_tokens and open_tokens[-1]["level"] >= level:
            open_tokens.pop()
        (open_tokens[-1]["children"] if open_tokens else tokens).append(token)
        open_tokens.append(token)
    return tokens, title


# ---------------------------------------------------------------------------------------------
# Private helpers


def _check_cells_apart(soup: BeautifulSoup, cells: list[Tag]) -> None:
    """Fail unless every cell of `soup` is where the template put it: one of the notebook's
    `cells`, or the one element of such a cell (as the template wraps a code cell).

    A cell whose HTML (its prose, or what it displays) leaves a ``<div>`` open takes the cells
    after it inside itself, and one that closes a ``<div>`` it did not open ends the notebook
    early: either way, the cells after it would be missing from the page, with no error.
    """
    own = {id(cell) for cell in cells}
    for cell in soup.find_all("div", class_="jp-Cell"):
        if id(cell) in own or id(cell.parent) in own:
            continue
        top = next((a for a in cell.parents if id(a) in own), None)
        if top is not None:
            number = 1 + [id(c) for c in cells].index(id(top))
            fault = "leaves a <div> open"
        else:
            number, fault = len(cells), "closes a <div> that it did not open"
        raise OutputError(
            f"cell {number} {fault}, in its prose or in the HTML it displays: the cells after "
            "it would be missing from the page (close each element in the cell that opens it)"
        )


def _without_styles_and_scripts(text: str) -> str:
    """`text` with each style and script replaced by an empty element (REMOVED_STYLE,
    REMOVED_SCRIPT), which tells where one was."""
    text = re.sub(r"<style\b[^>]*>.*?</style>", REMOVED_STYLE, text, flags=re.S | re.I)
    return re.sub(r"<script\b[^>]*>.*?</script>", REMOVED_SCRIPT, text, flags=re.S | re.I)


def _markdown_cell(cell: Tag, prose_link: Callable[[str], str]) -> str:
    rendered = cell.select_one(".jp-RenderedMarkdown")
    if rendered is None:
        return ""
    for link in rendered.select("a[href]"):
        link["href"] = prose_link(link["href"])
    for pre in rendered.select("div.highlight > pre"):  # a code block of the prose
        pre.replace_with(BeautifulSoup(_material_pre(pre), "html.parser"))
    for anchor in rendered.select("a.anchor-link"):
        anchor["class"] = ["headerlink"]
        anchor["title"] = "Permanent link"
    return "".join(str(child) for child in rendered.contents).strip()


def _code_cell(
    cell: Tag,
    number: int,
    api_links: dict[str, str],
    result: RenderedNotebook,
    reproducible: bool,
    machine: re.Pattern | None,
) -> str:
    tags = {c.removeprefix("celltag_") for c in cell["class"] if c.startswith("celltag_")}
    code = cell.select_one(".highlight-ipynb pre")
    source = code.get_text() if code else ""
    parts = [_code_block(code, api_links)] if code and source.strip() else []
    where = f"cell {number} ({first_line(source)!r})"
    if cell.select_one(".removed-script"):
        raise OutputError(
            f"{where} shows HTML that needs JavaScript, which the site does not run (a "
            "script, an interactive plot, a widget): show a figure or a table instead"
        )
    for style in cell.select(".removed-style"):  # an output's own (a table's): the site's
        style.decompose()
    outputs = []
    for output in cell.select(".jp-OutputArea-output"):
        rendered = _output(output, where, ALLOW_WARNINGS_TAG in tags, result, machine)
        if rendered:
            outputs.append(rendered)
    if outputs and reproducible and VOLATILE_TAG in tags:
        outputs = [VOLATILE_NOTE]
    if outputs:
        parts.append('<div class="cell-output">' + "".join(outputs) + "</div>")
    return "\n".join(parts)


def _code_block(pre: Tag, api_links: dict[str, str]) -> str:
    for span in pre.find_all("span", class_="n"):
        url = api_links.get(span.get_text())
        if url:
            link = Tag(name="a", attrs={"href": url, "class": ["api-link"]})
            span.wrap(link)
    return f'<div class="language-python highlight">{_material_pre(pre)}</div>'


def _material_pre(pre: Tag) -> str:
    """The highlighted code of `pre` in the markup of Material's code blocks, which its
    stylesheet sets and its copy button copies."""
    # Whitespace, names and keyword constants (which Material colours as the code's plain
    # text) need no element of their own, and a run of tokens in one colour needs one: with
    # fewer elements, the page is faster to style and lay out, which the browser does for
    # every element again as Material's script starts.
    for span in pre.find_all("span", class_=["w", "n", "kc"]):
        span.unwrap()
    merge_same_colour_tokens(pre)
    inner = "".join(str(child) for child in pre.contents)
    inner = inner.removeprefix("<span></span>")
    return f"<pre><span></span><code>{inner}</code></pre>"


# Pygments' token classes that Material's stylesheet, with the site's own (site.css), draws
# in one colour, in either scheme: quiet (comments, operators, punctuation), strings,
# numbers, keywords, built-in names, definitions, special strings, variables. Names,
# keyword constants (True, None) and whitespace are drawn as plain code text.
SAME_COLOUR = tuple(
    frozenset(group.split())
    for group in (
        "c c1 ch cm cs sd o ow p ge gh go gp gr gs gt gu",
        "cpf l s s1 s2 sb sc si ss",
        "il m mb mf mh mi mo",
        "k kd kn kp kr kt nd ni nl nt",
        "bp nb no",
        "nc ne nf nn",
        "cp se sh sr sx",
        "na nv vc vg vi",
    )
)
COLOUR_OF = {token: group for group in SAME_COLOUR for token in group}


def merge_same_colour_tokens(code: Tag) -> None:
    """Make each run of tokens in one colour (with the whitespace between them) one element,
    as in ``)), (`` or ``"k = {k}"``: the code reads and copies the same, in fewer elements."""
    run: list = []  # a token, then the tokens of its colour and the whitespace between them

    def close_run() -> None:
        while run and not isinstance(run[-1], Tag):
            run.pop()  # whitespace after the last token stays outside
        if len(run) > 1:
            first, *rest = run
            first.append("".join(node.get_text() for node in rest))
            for node in rest:
                node.extract()
        run.clear()

    for node in list(code.children):
        colour = _colour(node)
        if colour is None and run and not isinstance(node, Tag) and not node.strip():
            run.append(node)  # whitespace, kept if the run goes on
            continue
        if run and colour is not _colour(run[0]):
            close_run()
        if colour is not None:
            run.append(node)
    close_run()


def _colour(node) -> frozenset | None:
    """The colour group of a token with text only, or None."""
    if not isinstance(node, Tag) or node.name != "span" or node.find(True) is not None:
        return None
    classes = node.get("class") or []
    return COLOUR_OF.get(classes[0]) if len(classes) == 1 else None


def _output(
    output: Tag,
    where: str,
    allow_warnings: bool,
    result: RenderedNotebook,
    machine: re.Pattern | None,
) -> str:
    mime = output.get("data-mime-type", "")
    text = output.get_text().strip()
    if mime != "text/html":
        text = as_a_terminal_shows(text)
    # The lines of HTML are its markup's: only the text of text outputs counts in lines.
    _check_length(text, where, in_lines=mime != "text/html")
    if mime == STDERR:  # shown only if the cell allows it
        if not text:
            return ""
        if not allow_warnings:
            result.problems.append(f"{where} wrote to standard error: {_shorten(text)}")
        return f'<pre class="cell-output__stderr">{html.escape(text, quote=False)}</pre>'
    _check_shown_text(text, where, machine)
    markers = output.select(".tutorial-marker")
    if markers:
        return "".join(_marker(m, where, allow_warnings, result) for m in markers)
    image = output.select_one("img[src^='data:image/']")
    if image is not None:
        try:
            return _data_image(image, result)
        except (OSError, ValueError, ElementTree.ParseError) as error:
            raise OutputError(f"{where} displayed an image that cannot be read: {error}") from None
    pre = output.find("pre")
    if pre is not None and mime != "text/html":
        text = as_a_terminal_shows(pre.get_text())
        if not text.strip():
            return ""
        # Focusable, like Material's code blocks: a wide output scrolls with the keyboard too.
        return text_output(text)
    for table in output.find_all("table"):
        _plain_table(table)
    return f'<div class="cell-output__html">{output.decode_contents().strip()}</div>'


def _plain_table(table: Tag) -> None:
    """Let Material style an output's table (a pandas DataFrame's, say) as it styles the
    tables of the prose, and wrap it to scroll on a narrow screen: it does so for tables
    without a class, and its own borders replace the old ``border`` attribute."""
    for attribute in ("class", "border"):
        table.attrs.pop(attribute, None)


def _check_shown_text(text: str, where: str, machine: re.Pattern | None) -> None:
    """Fail an output whose text shows a memory address, the stand-in of a display that the
    page cannot show, or a path of the building machine (`machine` finds them)."""
    address = MEMORY_ADDRESS.search(text)
    if address:
        raise OutputError(
            f"{where} shows {address.group(0)}, an address that changes at every run: "
            "end the cell with plt.show(), or the line with a semicolon"
        )
    stand_in = DISPLAY_STAND_IN.search(text)
    if stand_in:
        raise OutputError(
            f"{where} shows {stand_in.group(0)}, all the page can show of that display "
            "(JSON, Math, LaTeX...): print the value, or show a figure or a table"
        )
    path = machine.search(text) if machine else None
    if path:
        raise OutputError(
            f"{where} shows {path.group(0)}, a path of the machine that built the site: "
            "readers' paths differ, and the page would change with the machine; show paths "
            "relative to the tutorial's folder, or file names only"
        )


def _any_of_paths(paths: Iterable[str]) -> re.Pattern | None:
    """A pattern finding any of the folders `paths` in a text, but not a longer name that
    starts like one ("/srv/site" is not in "/srv/site2"); a path ending in "_" or "/" is a
    prefix, and finds any name that starts with it."""
    alternatives = [
        re.escape(path) + ("" if path.endswith(("_", "/")) else r"(?![\w.-])")
        for path in sorted({p for p in paths if p}, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives)) if alternatives else None


def as_a_terminal_shows(text: str) -> str:
    """`text` as a terminal leaves it: on each line, a carriage return sends what follows
    back over the start of the line (a progress counter that rewrites itself shows once,
    as it ended, not as one line per step), and a backspace takes back the character before
    it; other control characters, invisible there, are dropped."""
    lines = []
    for line in text.split("\n"):
        shown = ""
        for part in line.split("\r"):
            part = _backspaced(part)
            shown = part + shown[len(part) :]
        lines.append(CONTROL_CHARACTERS.sub("", shown))
    return "\n".join(lines)


def _backspaced(text: str) -> str:
    kept: list[str] = []
    for character in text:
        if character == "\b":
            if kept:
                kept.pop()
        else:
            kept.append(character)
    return "".join(kept)


def text_output(text: str) -> str:
    """A text output as a focusable ``pre``. Sentences rather than columns are marked, and
    each of their lines put in a ``span``: on a phone, those lines wrap, each under its own
    start. A table knows its widest line, in characters: on a phone, its text gets smaller
    to keep its rows whole on the screen, down to a size still read with ease; past that, it
    scrolls."""
    if COLUMNS.search(text):
        columns = max(len(line) for line in text.split("\n"))
        attributes = f'class="cell-output__table" style="--columns: {columns}"'
        return f'<pre tabindex="0" {attributes}>{html.escape(text, quote=False)}</pre>'
    lines = "\n".join(_line_span(line) for line in text.split("\n"))
    return f'<pre tabindex="0" class="cell-output__prose">{lines}</pre>'


def _line_span(line: str) -> str:
    """A line of text in a ``span`` that knows its indentation (in characters), from which
    the stylesheet indents the parts of the line that wrap."""
    indent = len(line) - len(line.lstrip(" "))
    style = f' style="--indent: {indent}ch"' if indent else ""
    return f"<span{style}>{html.escape(line, quote=False)}</span>" if line else ""


def _check_length(text: str, where: str, *, in_lines: bool) -> None:
    """Fail an output too long for a page: text, HTML or standard error, in characters, and
    `in_lines` too."""
    lengths = [(len(text), MAX_OUTPUT_CHARACTERS, "characters")]
    if in_lines:
        lengths.append((text.count("\n") + 1, MAX_OUTPUT_LINES, "lines"))
    for count, limit, unit in lengths:
        if count > limit:
            raise OutputError(
                f"{where} prints {count:,} {unit}, more than a page shows ({limit:,}): "
                "print a summary, or the first rows"
            )


def _made_at(line: str | None) -> str:
    """Where a figure was made, as a message says it: " (made at line 3 of the cell (...))",
    or nothing where the kernel could not tell (a figure made by an earlier cell)."""
    return f" (made at {line})" if line else ""


def _marker(marker: Tag, where: str, allow_warnings: bool, result: RenderedNotebook) -> str:
    kind, value = marker["data-kind"], json.loads(marker["data-value"])
    if kind == "figure":
        return figure_html(value)
    if kind == "figure-error":
        error = one_line(value["error"])
        if MATHTEXT_ERROR.search(error):
            error += f" ({MATHTEXT_HINT})"
        raise OutputError(
            f"{where} drew a figure{_made_at(value['made'])} that cannot be published: {error}"
        )
    if kind == "figure-left-open":
        figures = "a figure" if len(value) == 1 else f"{len(value)} figures"
        raise OutputError(
            f"{where} leaves {figures} open{_made_at(value[0])}: end the cell with "
            "plt.show(), without which a reader who pastes the cell into Python sees no figure"
        )
    if kind == "reads":
        for path in value:
            result.reads.setdefault(path, where)
        return ""
    if kind == "listings":  # a folder listed again keeps the names of its first listing
        result.listings = {**value, **result.listings}
        return ""
    if kind == "refused":  # writes the kernel refused, even if the tutorial went on
        path, why = next(iter(value.items()))
        raise OutputError(f"{where} was kept from writing {path}: {why}")
    if kind == "backend":
        raise OutputError(
            f"{where} switched Matplotlib's backend to {value!r}: plt.show() would draw "
            "nothing, and the page would lose its figures; leave the backend as the build sets it"
        )
    if kind == "reads-outside":
        raise OutputError(
            f"{where} reads {value[0]}, outside the repository: readers would not have it, "
            "and the build could not tell when it changes; keep the files a tutorial reads "
            "in its folder, where they are published beside it"
        )
    if kind == "warning":
        text = f"{value['category']}: {one_line(value['message'])}"
        if not allow_warnings:
            result.problems.append(f"{where} warned {text} (from {value['where']})")
        return (
            '<div class="admonition warning"><p class="admonition-title">'
            f"{html.escape(value['category'])}</p><p>{html.escape(value['message'])}</p></div>"
        )
    if kind == "silenced":
        if not allow_warnings:
            at = f" (at {value['where']})" if value["where"] else ""
            result.problems.append(f"{where} hides warnings with {value['call']}{at}")
        return ""
    raise ValueError(f"unknown marker kind {kind!r}")


def figure_html(value: dict) -> str:
    """Both versions of a figure, each a link to itself: on a narrow screen, a figure of
    several panels is opened at full size, where it can be zoomed."""
    alt = html.escape(value["alt"], quote=True)
    size = f'width="{value["width"]}" height="{value["height"]}"'
    images = []
    for scheme in ("light", "dark"):
        source = f"{FIGURE_DIR}/{value[scheme]}#only-{scheme}"
        images.append(
            f'<a href="{source}"><img src="{source}" alt="{alt}" {size} '
            'loading="lazy" decoding="async"></a>'
        )
    hint = ""
    if int(value["width"]) >= WIDE_FIGURE:
        hint = (
            f'<figcaption class="{ZOOM_HINT}">'
            "Tap the figure to open it alone and zoom in.</figcaption>"
        )
    preview = ""
    if "preview" in value:
        name = html.escape(value["preview"], quote=True)
        preview = f' {PREVIEW_ATTRIBUTE}="{FIGURE_DIR}/{name}"'
    return f'<figure class="tutorial-figure"{preview}>' + "".join(images) + hint + "</figure>"


def link_preview(content: str) -> dict[str, str] | None:
    """The picture a link preview shows of a page of `content`: the file the first figure
    names as its preview, with that figure's size and alt text; None without one."""
    match = PREVIEW.search(content)  # the markup of figure_html: no parser needed
    if match is None:
        return None
    return {key: html.unescape(value) for key, value in match.groupdict().items()}


def _data_image(image: Tag, result: RenderedNotebook) -> str:
    """An image a tutorial displayed directly (not a Matplotlib figure): one file for both."""
    header, _, payload = image["src"].partition(",")
    kind = header.removeprefix("data:image/").split(";")[0]
    suffix = {"jpeg": ".jpg", "svg+xml": ".svg"}.get(kind, "." + kind)
    data = base64.b64decode(payload)
    if suffix == ".svg":
        width, height = svg_size(data)
    else:
        width, height = Image.open(io.BytesIO(data)).size
    name = hashlib.sha256(data).hexdigest()[:20] + suffix
    result.images[name] = data
    alt = image.get("alt", "")
    if alt.startswith("No description has been provided"):
        alt = "An image displayed by the code above."
    return (
        f'<figure class="tutorial-figure"><img src="{FIGURE_DIR}/{name}" '
        f'alt="{html.escape(alt, quote=True)}" width="{width}" height="{height}" '
        'loading="lazy" decoding="async"></figure>'
    )


SVG_LENGTH = re.compile(r"\s*([0-9.]+)\s*(px|pt)?\s*")


def svg_size(data: bytes) -> tuple[int, int]:
    """The size in CSS pixels at which an SVG document asks to be shown: its width and
    height (in pixels or points), or else those of its viewBox."""
    root = ElementTree.fromstring(data)
    lengths = [SVG_LENGTH.fullmatch(root.get(side) or "") for side in ("width", "height")]
    if all(lengths):
        return tuple(
            round(float(m.group(1)) * (4 / 3 if m.group(2) == "pt" else 1)) for m in lengths
        )
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) != 4:
        raise ValueError("an SVG image without a width and height in pixels or a viewBox")
    return round(float(box[2])), round(float(box[3]))


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
