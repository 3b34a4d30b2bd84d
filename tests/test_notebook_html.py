"""mkdocs-jupyter's HTML for a notebook, rewritten in the site's markup (notebook_html)."""

from __future__ import annotations

import base64
import html
import io

import nbformat
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from mkdocs_jupyter import convert
from notebook_html import (
    COLOUR_OF,
    MAX_OUTPUT_CHARACTERS,
    MAX_OUTPUT_LINES,
    WIDE_FIGURE,
    OutputError,
    figure_html,
    link_preview,
    merge_same_colour_tokens,
    render,
    svg_size,
    text_output,
    toc_tokens,
)
from PIL import Image
from tutorial_kernel import marker

FIGURE = {"light": "l.svg", "dark": "d.svg", "width": 500, "height": 300, "alt": "A plot."}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), "red").save(buffer, format="png")
    return buffer.getvalue()


def html_output(html: str):
    return nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": ""})


@pytest.fixture(scope="module")
def notebook_html(tmp_path_factory) -> str:
    """mkdocs-jupyter's real rendering of an executed-looking notebook with every output kind."""
    cells = [
        nbformat.v4.new_markdown_cell("# Title\n\n## A section\n\nSome *prose*."),
        nbformat.v4.new_code_cell(
            "from sklearn.cluster import KMeans\nprint('hello')\nKMeans",
            outputs=[
                nbformat.v4.new_output("stream", name="stdout", text="hello\n"),
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": "<class 'KMeans'>"}, execution_count=1
                ),
            ],
        ),
        nbformat.v4.new_code_cell(
            "plot()",
            outputs=[html_output(marker("figure", FIGURE) + marker("reads", ["data/a.csv"]))],
        ),
        nbformat.v4.new_code_cell(
            "warn()", outputs=[html_output(marker("warning", _warning("FutureWarning")))]
        ),
        nbformat.v4.new_code_cell(
            "warn_on_purpose()",
            metadata={"tags": ["allow-warnings"]},
            outputs=[html_output(marker("warning", _warning("UserWarning")))],
        ),
        nbformat.v4.new_code_cell(
            "log()", outputs=[nbformat.v4.new_output("stream", name="stderr", text="oops\n")]
        ),
        nbformat.v4.new_code_cell(
            "show_image()",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={"image/png": base64.b64encode(png_bytes()).decode(), "text/plain": ""},
                )
            ],
        ),
        nbformat.v4.new_code_cell(
            "table()",
            outputs=[html_output("<table><tr><td>1</td></tr></table>")],
        ),
    ]
    return converted(tmp_path_factory.mktemp("notebook"), cells)


def converted(folder, cells: list) -> str:
    """mkdocs-jupyter's HTML for a notebook of `cells`, written into `folder`."""
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    path = folder / "example.ipynb"
    nbformat.write(notebook, path)
    return convert.nb2html(str(path), execute=False, no_prompt=True)


def _warning(category: str) -> dict:
    return {"category": category, "message": "it changes", "where": "t.py:3"}


@pytest.fixture(scope="module")
def rendered(notebook_html):
    links = {"KMeans": "https://scikit-learn.org/1.9/modules/generated/sklearn.cluster.KMeans.html"}
    return render(notebook_html, links)


def test_links_in_the_prose_can_be_pointed_elsewhere(tmp_path):
    prose = "See [the guide](https://example.org/stable/guide.html) and [below](#a-section)."
    code = nbformat.v4.new_code_cell("print('https://example.org/stable/')")
    html = converted(tmp_path, [nbformat.v4.new_markdown_cell(prose), code])
    content = render(html, prose_link=lambda url: url.replace("stable", "1.9")).content
    assert '<a href="https://example.org/1.9/guide.html">the guide</a>' in content
    assert '<a href="#a-section">below</a>' in content
    assert "https://example.org/stable/" in content, "code and its outputs stay as they are"


def test_headings_alike_get_ids_of_their_own_and_the_contents_link_to_them(tmp_path):
    prose = "# Title\n\n## Why `n_init=10`?\n\n## Results\n\n### Detail\n\n## Results"
    page = render(converted(tmp_path, [nbformat.v4.new_markdown_cell(prose)]))
    soup = BeautifulSoup(page.content, "html.parser")
    ids = [h["id"] for h in soup.select("h1, h2, h3")]
    assert ids[2:] == ["results", "detail", "results_1"]
    assert soup.select_one("#results_1 a.headerlink")["href"] == "#results_1"
    tokens, title = toc_tokens(page.content, depth=2)
    assert title == "Title"
    (top,) = tokens
    assert [(t["id"], t["name"]) for t in top["children"]] == [
        (ids[1], "Why n_init=10?"),
        ("results", "Results"),
        ("results_1", "Results"),
    ]
    assert all(t["children"] == [] for t in top["children"]), "level 3 is past the depth"


def test_a_code_block_of_the_prose_becomes_a_material_code_block(tmp_path):
    prose = "Install it:\n\n```bash\npip install scikit-learn\n```"
    page = render(converted(tmp_path, [nbformat.v4.new_markdown_cell(prose)]))
    expected = "<pre><span></span><code>pip install scikit-learn\n</code></pre>"
    assert f'<div class="highlight">{expected}</div>' in page.content


def test_nothing_of_jupyterlab_is_left(rendered):
    content = rendered.content
    for gone in ("jp-", "<style", "<script", "clipboard", "data:image", "In&nbsp;["):
        assert gone not in content


def test_headings_keep_their_ids_with_material_permalinks(rendered):
    assert '<h2 id="a-section">A section<a class="headerlink"' in rendered.content
    assert 'title="Permanent link"' in rendered.content


def test_code_becomes_a_material_code_block_with_api_links(rendered):
    assert '<div class="language-python highlight"><pre><span></span><code>' in rendered.content
    assert (
        '<a class="api-link" href="https://scikit-learn.org/1.9/modules/generated/'
        'sklearn.cluster.KMeans.html">KMeans</a>'
    ) in rendered.content


def test_code_tokens_drawn_as_plain_text_have_no_element_of_their_own(rendered):
    code = BeautifulSoup(rendered.content, "html.parser").select_one(".highlight code")
    classes = {name for span in code.find_all("span") for name in span.get("class", [])}
    assert {"kn", "nn", "nb", "s1", "p"} <= classes, "coloured tokens keep their elements"
    assert not classes & {"n", "w"}, "names and whitespace are plain text"
    assert code.get_text().strip() == "from sklearn.cluster import KMeans\nprint('hello')\nKMeans"


def test_tokens_in_one_colour_with_whitespace_between_become_one_element():
    code = BeautifulSoup(
        '<code><span class="p">(</span><span class="mi">1</span><span class="p">,</span> '
        '<span class="mf">2.5</span><span class="p">))</span> <span class="o">&lt;</span> '
        '<span class="s2">"a</span><span class="si">{</span>b<span class="si">}</span>'
        '<span class="s2">"</span>\n<span class="c1"># c</span>\n<span class="k">if</span>'
        '<span class="x">?</span><span class="k">in</span></code>',
        "html.parser",
    ).code
    merge_same_colour_tokens(code)
    assert str(code) == (
        '<code><span class="p">(</span><span class="mi">1</span><span class="p">,</span> '
        '<span class="mf">2.5</span><span class="p">)) &lt;</span> '
        '<span class="s2">"a{</span>b<span class="si">}"</span>'
        '\n<span class="c1"># c</span>\n<span class="k">if</span>'
        '<span class="x">?</span><span class="k">in</span></code>'
    )


TOKEN_CLASSES = ["p", "o", "c1", "s2", "si", "mi", "k", "nb", "nf", "x"]


@given(
    st.lists(
        st.one_of(
            st.tuples(st.sampled_from(TOKEN_CLASSES), st.text("ab(<&", min_size=1, max_size=3)),
            st.sampled_from([" ", "\n", "  ", "name", "<a>"]),
        ),
        max_size=12,
    )
)
def test_merging_tokens_keeps_the_text_and_leaves_no_two_of_a_colour_side_by_side(parts):
    markup = "".join(
        part if isinstance(part, str) else f'<span class="{part[0]}">{html.escape(part[1])}</span>'
        for part in parts
    )
    code = BeautifulSoup(f"<code>{markup}</code>", "html.parser").code
    text = code.get_text()
    merge_same_colour_tokens(code)
    assert code.get_text() == text
    previous = None
    for node in code.children:
        if isinstance(node, str) and not node.strip():
            continue  # whitespace: the colours on either side may not be merged across it
        colour = COLOUR_OF.get(node.get("class", [""])[0]) if node.name == "span" else None
        assert colour is None or colour is not previous, str(code)
        previous = colour


def test_text_outputs_become_output_blocks(rendered):
    expected = (
        '<pre tabindex="0" class="cell-output__prose"><span>hello</span>\n</pre>'
        '<pre tabindex="0" class="cell-output__prose"><span>&lt;class \'KMeans\'&gt;</span></pre>'
    )
    assert f'<div class="cell-output">{expected}' in rendered.content


def test_sentences_are_marked_to_wrap_and_columns_are_not():

    table = "k  inertia\n1  1200.5\n2   300.1"
    assert text_output(table) == (
        f'<pre tabindex="0" class="cell-output__table" style="--columns: 10">{table}</pre>'
    )
    arrays = {
        "[2 0 1 3 2]": 11,
        "labels:\n[[1, 2], [3, 4]]": 16,
        "array([2, 0, 1,\n       3, 2])": 15,
    }
    for array, columns in arrays.items():
        style = f"--columns: {columns}"
        expected = f'<pre tabindex="0" class="cell-output__table" style="{style}">{array}</pre>'
        assert text_output(array) == expected, "an array"
    sentences = "Fitted in 3 passes.\n  inertia: 1.5 < 2\n\nDone."
    pre = BeautifulSoup(text_output(sentences), "html.parser").pre
    assert pre["class"] == ["cell-output__prose"]
    assert pre.get_text() == sentences, "the text itself is unchanged"
    spans = pre.find_all("span")
    assert [s.get_text() for s in spans] == ["Fitted in 3 passes.", "  inertia: 1.5 < 2", "Done."]
    assert [s.get("style") for s in spans] == [None, "--indent: 2ch", None]


def test_figure_markers_become_a_light_and_a_dark_image(rendered):
    assert (
        '<figure class="tutorial-figure">'
        '<a href="figures/l.svg#only-light">'
        '<img src="figures/l.svg#only-light" alt="A plot." width="500" height="300" '
        'loading="lazy" decoding="async"></a>'
        '<a href="figures/d.svg#only-dark">'
        '<img src="figures/d.svg#only-dark" alt="A plot." width="500" height="300" '
        'loading="lazy" decoding="async"></a></figure>'
    ) in rendered.content


def test_only_a_wide_figure_says_it_opens_full_size():
    caption = '<figcaption class="figure-zoom-hint">Tap the figure to open it alone and zoom in.'
    assert caption in figure_html({**FIGURE, "width": WIDE_FIGURE})
    assert "figcaption" not in figure_html({**FIGURE, "width": WIDE_FIGURE - 1})


def test_the_figure_with_a_preview_gives_the_page_its_link_preview():
    first = figure_html({**FIGURE, "alt": 'A "plot" & more.', "preview": "p.png"})
    assert first.startswith('<figure class="tutorial-figure" data-og-image="figures/p.png">')
    content = "<p>Text.</p>" + first + figure_html({**FIGURE, "preview": "q.png"})
    assert link_preview(content) == {
        "src": "figures/p.png",
        "width": "500",
        "height": "300",
        "alt": 'A "plot" & more.',
    }
    assert link_preview("<p>Text.</p>" + figure_html(FIGURE)) is None


def test_files_read_are_collected_and_not_shown(rendered):
    assert list(rendered.reads) == ["data/a.csv"]
    assert "a.csv" not in rendered.content


def test_each_file_read_is_named_with_the_first_cell_that_read_it(tmp_path):
    cells = [
        nbformat.v4.new_code_cell(source, outputs=[html_output(marker("reads", files))])
        for source, files in [("load()", ["b.csv", "a.csv"]), ("again()", ["a.csv", "c.csv"])]
    ]
    assert rendered_cells(tmp_path, cells).reads == {
        "a.csv": "cell 1 ('load()')",
        "b.csv": "cell 1 ('load()')",
        "c.csv": "cell 2 ('again()')",
    }


def test_warnings_and_stderr_are_problems_unless_the_cell_allows_them(rendered):
    assert rendered.problems == [
        "cell 4 ('warn()') warned FutureWarning: it changes (from t.py:3)",
        "cell 6 ('log()') wrote to standard error: oops",
    ]
    assert '<p class="admonition-title">UserWarning</p><p>it changes</p>' in rendered.content


def test_other_images_become_files_with_their_size(rendered):
    ((name, data),) = rendered.images.items()
    assert data == png_bytes()
    assert f'<img src="figures/{name}"' in rendered.content
    assert 'width="3" height="2"' in rendered.content


def rendered_cells(tmp_path, cells: list):
    """The page of a notebook of `cells`."""
    return render(converted(tmp_path, cells), {})


def rendered_output(tmp_path, data: dict):
    """The page of a notebook whose one code cell displayed `data` (by MIME type)."""
    output = nbformat.v4.new_output("display_data", data={"text/plain": "", **data})
    return rendered_cells(tmp_path, [nbformat.v4.new_code_cell("show()", outputs=[output])])


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="30pt" height="15pt"><rect/></svg>'


def test_an_svg_image_becomes_a_file_with_its_size_in_pixels(tmp_path):
    page = rendered_output(tmp_path, {"image/svg+xml": SVG})
    ((name, data),) = page.images.items()
    assert name.endswith(".svg")
    assert data == SVG.encode()
    assert f'<img src="figures/{name}"' in page.content
    assert 'width="40" height="20"' in page.content


def test_svg_size_falls_back_on_the_view_box():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 64 48"/>'
    assert svg_size(svg) == (64, 48)
    with pytest.raises(ValueError, match="viewBox"):
        svg_size(b'<svg xmlns="http://www.w3.org/2000/svg"/>')


def test_an_image_that_cannot_be_read_names_its_cell(tmp_path):
    broken = base64.b64encode(b"not a picture").decode()
    with pytest.raises(OutputError, match=r"^cell 1 \('show\(\)'\) displayed an image"):
        rendered_output(tmp_path, {"image/png": broken})


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        ({"text/plain": "[<matplotlib.lines.Line2D at 0x7f3a2c1b9d50>]"}, "<matplotlib"),
        ({"text/plain": "<generator object <genexpr> at 0x7F96D5F7>"}, "<generator"),
        ({"text/html": "<p>&lt;function &lt;lambda&gt; at 0x7f96d5f7&gt;</p>"}, "<function"),
    ],
    ids=["plain", "nested", "html"],
)
def test_an_output_showing_a_memory_address_names_its_cell(tmp_path, data, shown):
    with pytest.raises(OutputError, match=rf"^cell 1 \('show\(\)'\) shows {shown}"):
        rendered_output(tmp_path, data)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("<module 'x' from '/srv/site/.venv/lib/x.py'>", "/srv/site"),
        ("data: /srv/site", "/srv/site"),
        ('File "/tmp/ipykernel_4242/123.py", line 2', "/tmp/ipykernel_"),
    ],
)
def test_an_output_showing_a_path_of_the_building_machine_names_its_cell(tmp_path, text, path):
    paths = ["/srv/site", "/tmp/ipykernel_"]

    def page(printed: str):
        output = nbformat.v4.new_output("stream", name="stdout", text=printed)
        cell = nbformat.v4.new_code_cell("show()", outputs=[output])
        return render(converted(tmp_path, [cell]), machine_paths=paths)

    with pytest.raises(OutputError, match=rf"^cell 1 \('show\(\)'\) shows {path}, a path"):
        page(text)
    other = text.replace("/srv/site", "/srv/site2").replace("/tmp/ipykernel_", "/tmp/kernel")
    assert page(other).content, "another folder that only starts alike"


def test_an_output_too_long_for_a_page_names_its_cell(tmp_path):
    lines = "\n".join(map(str, range(MAX_OUTPUT_LINES)))
    assert rendered_output(tmp_path, {"text/plain": lines}).content
    with pytest.raises(OutputError, match=r"^cell 1 \('show\(\)'\) prints 1,001 lines"):
        rendered_output(tmp_path, {"text/plain": lines + "\nlast"})


def test_standard_error_too_long_for_a_page_names_its_cell_and_html_is_not_counted_in_lines(
    tmp_path,
):
    lines = "\n".join(map(str, range(MAX_OUTPUT_LINES + 1)))
    stderr = nbformat.v4.new_output("stream", name="stderr", text=lines)
    cell = nbformat.v4.new_code_cell("show()", outputs=[stderr])
    cell.metadata["tags"] = ["allow-warnings"]
    with pytest.raises(OutputError, match=r"^cell 1 \('show\(\)'\) prints 1,001 lines"):
        rendered_cells(tmp_path, [cell])
    paragraphs = "\n".join(f"<p>{n}</p>" for n in range(MAX_OUTPUT_LINES + 1))
    assert rendered_output(tmp_path, {"text/html": paragraphs}).content


def test_carriage_returns_rewrite_a_line_as_in_a_terminal(tmp_path):
    counter = "".join(f"\rstep {step:>4} of {MAX_OUTPUT_LINES * 3}" for step in range(3000))
    text = f"{counter}\rdone\nnext line\r\nlast"
    stream = nbformat.v4.new_output("stream", name="stdout", text=text)
    page = rendered_cells(tmp_path, [nbformat.v4.new_code_cell("run()", outputs=[stream])])
    lines = (
        BeautifulSoup(page.content, "html.parser")
        .select_one(".cell-output pre")
        .get_text()
        .split("\n")
    )
    assert lines == ["done 2999 of 3000", "next line", "last"], "what a terminal leaves"


def test_a_display_the_page_cannot_show_names_its_cell(tmp_path):
    with pytest.raises(
        OutputError, match=r"^cell 1 \('show\(\)'\) shows <IPython.core.display.JSON"
    ):
        rendered_output(
            tmp_path,
            {"application/json": {"a": 1}, "text/plain": "<IPython.core.display.JSON object>"},
        )


def test_backspaces_take_back_a_character_and_other_controls_are_dropped(tmp_path):
    text = "Loading...\b\b\b done\x07\x00\tnext"
    stream = nbformat.v4.new_output("stream", name="stdout", text=text)
    page = rendered_cells(tmp_path, [nbformat.v4.new_code_cell("run()", outputs=[stream])])
    shown = BeautifulSoup(page.content, "html.parser").select_one(".cell-output pre").get_text()
    assert shown == "Loading done\tnext"


def test_an_output_table_is_styled_as_the_prose_tables(tmp_path):
    """Without the style that pandas puts before a DataFrame's table, leaving no trace."""
    style = "<style scoped>\n    .dataframe tbody tr th { vertical-align: top; }\n</style>\n"
    table = '<table border="1" class="dataframe"><tr><th>a</th></tr><tr><td>1</td></tr></table>'
    page = rendered_output(tmp_path, {"text/html": f"<div>\n{style}{table}\n</div>"})
    assert "<table><tr><th>a</th></tr><tr><td>1</td></tr></table>" in page.content
    assert "style" not in page.content


@pytest.mark.parametrize("mime", ["text/plain", "text/html"])
def test_an_output_of_few_but_endless_lines_names_its_cell_too(tmp_path, mime):
    line = "x" * MAX_OUTPUT_CHARACTERS
    assert rendered_output(tmp_path, {mime: line}).content
    with pytest.raises(OutputError, match=r"^cell 1 \('show\(\)'\) prints 100,001 characters"):
        rendered_output(tmp_path, {mime: line + "x"})


@pytest.mark.parametrize(
    "data",
    [
        {"text/html": "<div id='plot'></div><script>draw('plot')</script>"},
        {"application/javascript": "element.text('hello')"},
    ],
    ids=["html-with-a-script", "javascript"],
)
def test_an_output_that_needs_javascript_names_its_cell(tmp_path, data):
    with pytest.raises(OutputError, match=r"^cell 1 \('show\(\)'\) shows HTML that needs"):
        rendered_output(tmp_path, data)


def test_a_script_in_the_prose_names_its_cell(tmp_path):
    prose = nbformat.v4.new_markdown_cell("Some prose.\n\n<script>alert(1)</script>")
    with pytest.raises(OutputError, match=r"^cell 1 has a script in its prose"):
        rendered_cells(tmp_path, [prose])


def test_a_style_in_the_prose_names_its_cell(tmp_path):
    prose = nbformat.v4.new_markdown_cell("Some prose.\n\n<style>p { color: red }</style>")
    with pytest.raises(OutputError, match=r"^cell 1 has a <style> in its prose, which the page"):
        rendered_cells(tmp_path, [prose])


@pytest.mark.parametrize(
    ("prose", "displayed", "fault"),
    [
        ('Prose.\n\n<div class="note">\n\nA box never closed.', None, "leaves a <div> open"),
        ("Prose.</div></div>", None, "closes a <div> that it did not open"),
        ("Prose.", "</div></div>Done", "closes a <div> that it did not open"),
    ],
    ids=["prose-opens", "prose-closes", "output-closes"],
)
def test_html_that_would_lose_the_cells_after_it_names_its_cell(tmp_path, prose, displayed, fault):
    """Unbalanced, a cell's HTML would take the cells after it into itself, or out of the
    notebook, and the page would end there without an error."""
    output = nbformat.v4.new_output("display_data", data={"text/html": displayed or "<p>x</p>"})
    cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_markdown_cell(prose),
        nbformat.v4.new_code_cell("show()", outputs=[output]),
        nbformat.v4.new_markdown_cell("More prose."),
        nbformat.v4.new_code_cell("print(1)"),
    ]
    number = 3 if displayed else 2
    with pytest.raises(OutputError, match=rf"^cell {number} {fault}, .* would be missing"):
        rendered_cells(tmp_path, cells)


def test_html_outputs_are_kept(rendered):
    assert '<div class="cell-output__html"><table><tr><td>1</td></tr></table></div>' in (
        rendered.content
    )


def test_html_that_is_not_from_mkdocs_jupyter_is_refused():
    with pytest.raises(ValueError, match="jp-Notebook"):
        render("<p>not a notebook</p>")
