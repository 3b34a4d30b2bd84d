"""The built site in a real browser (Debian's Chromium): what readers actually get."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import TUTORIALS, run_script, site_pages
from figure_export import contrast
from notebook_html import SAME_COLOUR
from PIL import Image, ImageStat
from tutorial_reader import read_tutorial

SCHEMES = ("light", "dark")


def pages(built_site: Path) -> list[str]:
    """Every page of the site, the page for a missing address included, as paths from its
    root."""
    return [
        path.relative_to(built_site).as_posix().removesuffix("index.html")
        for path in site_pages(built_site)
    ]


@pytest.fixture
def page_in(browser, site_url):
    """Open a page of the site in a new context with the given colour scheme."""
    contexts = []

    def open_page(path: str, scheme: str = "light", **options):
        context = browser.new_context(color_scheme=scheme, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        return page

    yield open_page
    for context in contexts:
        context.close()


def scroll_through(page) -> None:
    """Scroll to the bottom and back, so that lazy images load."""
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height + 800, 800):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(30)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(500)  # the header's tabs fade back in


def test_every_page_loads_cleanly_from_the_site_alone(browser, site_url, built_site):
    context = browser.new_context()
    problems, hosts = [], set()
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or urlparse(r.url).scheme))
    paths = pages(built_site)
    assert len(paths) >= 3
    for path in paths:
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response.status == 200
        scroll_through(page)
        broken = page.eval_on_selector_all(
            "img", "images => images.filter(i => i.checkVisibility() && !i.naturalWidth).length"
        )
        assert broken == 0, f"{path}: images that did not load"
    context.close()
    assert problems == []
    assert hosts <= {"127.0.0.1", "data"}


@pytest.mark.parametrize("width", [1280, 390], ids=["wide", "phone"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_accessibility_violations(page_in, built_site, scheme, width):
    for path in pages(built_site):
        page = page_in(path, scheme, viewport={"width": width, "height": 800})
        scroll_through(page)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{path} ({scheme}):\n{results.generate_report()}"


def into_view(block) -> None:
    """Scroll a code block into view, where Material gives it its copy button."""
    block.scroll_into_view_if_needed()
    block.locator("button[data-md-type=copy]").wait_for(state="attached")


BELOW_THE_FOLD = """() => [...document.querySelectorAll("article div.language-python.highlight")]
    .filter(block => block.getBoundingClientRect().top > 2 * innerHeight)"""


def test_code_blocks_get_their_copy_button_as_they_come_into_view(page_in):
    page = page_in("kmeans-from-scratch/", viewport={"width": 1280, "height": 800})
    below = page.evaluate_handle(BELOW_THE_FOLD)
    assert below.evaluate("blocks => blocks.length") >= 3
    assert below.evaluate("b => b.filter(x => x.querySelector('[data-md-type=copy]')).length") == 0
    last = page.locator("article div.language-python.highlight").last
    into_view(last)
    assert last.locator("button[data-md-type=copy]").count() == 1


WAITING_BLOCKS = """() => [...document.querySelectorAll(".md-content pre > code")]
    .filter(code => !code.parentElement.id.startsWith("__code_"))
    .map(code => [code.scrollWidth > code.offsetWidth, code.getAttribute("tabindex")])"""


def test_the_tab_key_reaches_code_blocks_that_scroll_before_they_come_into_view(page_in):
    """In a window narrower than the code, the blocks further down scroll sideways before
    Material has set them up: the first Tab makes those, and only those, focusable."""
    page = page_in("kmeans-clustering/", viewport={"width": 600, "height": 700})
    before = page.evaluate(WAITING_BLOCKS)
    assert sum(scrolls for scrolls, _ in before) >= 3
    assert {tabindex for _, tabindex in before} == {None}
    page.keyboard.press("Tab")
    after = page.evaluate(WAITING_BLOCKS)
    assert [tabindex == "0" for _, tabindex in after] == [scrolls for scrolls, _ in after]


def test_materials_script_finds_the_root_marked_as_it_would_mark_it(browser, site_url):
    """Each change to the root's attributes once the body exists restyles the whole page:
    the page's head makes the changes Material's script would make, and the script finds
    nothing left to change."""
    context = browser.new_context()
    context.add_init_script(ROOT_CHANGES)
    page = context.new_page()
    page.goto(site_url + "kmeans-from-scratch/", wait_until="networkidle")
    changes = page.evaluate("window.rootChanges")
    classes = page.evaluate("document.documentElement.className")
    context.close()
    assert classes == "js js-focus-visible"
    before = [c for c in changes if not c["body"]]
    after = [c for c in changes if c["body"] and c["old"] != c["new"]]
    assert {c["name"] for c in before} >= {"class", "data-js-focus-visible"}
    assert after == []


# Every change to an attribute of the root element: its name, its values before and after,
# and whether the page's body existed then.
ROOT_CHANGES = """
window.rootChanges = [];
new MutationObserver(records => {
    for (const record of records) {
        if (record.target !== document.documentElement) continue;
        const name = record.attributeName;
        window.rootChanges.push({name, old: record.oldValue, body: !!document.body});
    }
    for (const [i, change] of window.rootChanges.entries()) {
        const later = window.rootChanges.slice(i + 1).find(c => c.name === change.name);
        change.new = later ? later.old : document.documentElement.getAttribute(change.name);
    }
}).observe(document, {attributes: true, attributeOldValue: true, subtree: true});
"""


# The colour the browser gives its own canvas (behind the page, around its scroll bar),
# which follows the scheme the page declares to it.
CANVAS = """() => {
    const probe = document.createElement("div");
    probe.style.background = "Canvas";
    document.documentElement.append(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return colour;
}"""

# Each change to a <meta name="color-scheme"> in the page: added, or its content set.
SCHEME_CHANGES = """
window.schemeChanges = 0;
new MutationObserver(records => {
    const isScheme = node => node.nodeName === "META" && node.name === "color-scheme";
    for (const record of records) {
        if (isScheme(record.target) || [...record.addedNodes].some(isScheme)) {
            window.schemeChanges++;
        }
    }
}).observe(document, {attributes: true, childList: true, subtree: true});
"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_browser_is_told_the_scheme_without_restyling_a_light_page(browser, site_url, scheme):
    """The canvas follows the scheme, at the start and after each switch; a page that
    starts in the light scheme, which needs no declaration, changes none as it starts."""
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(SCHEME_CHANGES)
    page = context.new_page()
    page.goto(site_url + "kmeans-clustering/", wait_until="networkidle")
    white, dark = "rgb(255, 255, 255)", "rgb(18, 18, 18)"
    canvases = [page.evaluate(CANVAS)]
    changes = page.evaluate("window.schemeChanges")
    for _ in range(2):
        page.click("label.md-header__button[for^=__palette]:visible")
        page.wait_for_timeout(300)
        canvases.append(page.evaluate(CANVAS))
    context.close()
    assert canvases == ([white, dark, white] if scheme == "light" else [dark, white, dark])
    if scheme == "light":
        assert changes == 0


SEARCH_FILES = ("/workers/search.", "/search/search_index.json")


def search_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if any(part in url for part in SEARCH_FILES)]


@pytest.mark.parametrize("opening", ["shortcut", "button"])
def test_the_search_waits_for_the_reader_then_answers(browser, site_url, opening):
    """No search index nor worker while the reader only reads; once the search is opened,
    the query typed before the index is ready is answered."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "kmeans-clustering/", wait_until="networkidle")
    scroll_through(page)
    assert search_requests(requests) == []
    if opening == "shortcut":
        page.keyboard.press("/")
    else:
        page.click("label.md-header__button[for=__search]")
    page.keyboard.type("silhouette")
    assert first_result(page, "silhouette").endswith("/choosing-k/")
    assert len(search_requests(requests)) == 2
    context.close()


def test_a_page_opened_from_a_search_result_marks_the_terms_and_searches(page_in):
    page = page_in("choosing-k/?h=silhouette")
    marks = page.locator(".md-content mark[data-md-highlight]")
    marks.first.wait_for()
    assert {text.lower() for text in marks.all_inner_texts()} == {"silhouette"}
    page.keyboard.press("/")
    page.keyboard.type("digits")
    assert first_result(page, "digits").endswith("/digits/")


def first_result(page, query: str) -> str:
    """The path of the first result for `query`. With the index ready, the search answers
    as each key is typed: the results shown first may be those of the query's first letters,
    whose links carry those letters (``?h=d``)."""
    page.locator(f".md-search-result__item a[href*='?h={query}']").first.wait_for()
    first = page.locator(".md-search-result__item a").first
    return urlparse(first.get_attribute("href")).path


def test_the_copy_button_copies_exactly_the_code(page_in):
    tutorial = read_tutorial(TUTORIALS[0].name, TUTORIALS[0].read_text("utf-8"))
    sources = [c.source for c in tutorial.notebook.cells if c.cell_type == "code"]
    page = page_in(f"{tutorial.slug}/", permissions=["clipboard-read", "clipboard-write"])
    blocks = page.locator("article div.language-python.highlight")
    assert blocks.count() == len(sources)
    for index in (0, 2, len(sources) - 1):
        block = blocks.nth(index)
        into_view(block)
        block.hover()
        buttons = block.locator("button[data-md-type=copy]")
        assert buttons.count() == 1, "one copy button per code block"
        buttons.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.strip() == sources[index].strip()


# The colour of a token of each class, in a code block of the page; "" for the code's own.
TOKEN_COLOURS = """classes => {
    const code = document.querySelector("article .highlight code");
    return Object.fromEntries(classes.map(name => {
        const token = document.createElement("span");
        if (name) token.className = name;
        code.append(token);
        const colour = getComputedStyle(token).color;
        token.remove();
        return [name, colour];
    }));
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_tokens_merged_as_one_colour_are_drawn_in_one_colour(page_in, scheme):
    """The build merges tokens of these classes into one element, and leaves names,
    keyword constants and whitespace as the code's own text: the stylesheets must agree."""
    page = page_in("kmeans-clustering/", scheme)
    classes = ["", "n", "kc", "w", *(name for group in SAME_COLOUR for name in group)]
    colours = page.evaluate(TOKEN_COLOURS, classes)
    assert colours["n"] == colours["kc"] == colours["w"] == colours[""]
    for group in SAME_COLOUR:
        assert len({colours[name] for name in group}) == 1, sorted(group)
    assert len({colours[min(group)] for group in SAME_COLOUR}) > 4, "the groups differ"


# The colours of a code block's copy button and of the code's background, as [r, g, b, a].
BUTTON_COLOURS = """block => {
    const rgba = text => {
        const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number);
        return [r, g, b, a];
    };
    const button = block.querySelector("button[data-md-type=copy]");
    return [
        rgba(getComputedStyle(button).color),
        rgba(getComputedStyle(block.querySelector("code")).backgroundColor),
    ];
}"""


def blended_contrast(foreground: list[float], background: list[float]) -> float:
    """WCAG's contrast ratio of `foreground`, blended by its alpha, on an opaque
    `background` (both [r, g, b, a], channels from 0 to 255)."""
    alpha = foreground[3]
    front, back = np.array(foreground[:3]) / 255, np.array(background[:3]) / 255
    return contrast(alpha * front + (1 - alpha) * back, back)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_touch_screen_the_copy_button_shows_without_a_pointer_near(page_in, scheme):
    """No pointer ever comes near on a touch screen: the button must stand out on its own
    (3:1, as WCAG asks of the parts of a control), where a mouse user sees it faint until
    the pointer comes."""
    tutorial = read_tutorial(TUTORIALS[0].name, TUTORIALS[0].read_text("utf-8"))
    seen = {}
    for touch in (True, False):
        page = page_in(
            f"{tutorial.slug}/",
            scheme,
            viewport={"width": 390, "height": 900},
            has_touch=touch,
            is_mobile=touch,
        )
        block = page.locator("article div.language-python.highlight").first
        into_view(block)
        seen[touch] = blended_contrast(*block.evaluate(BUTTON_COLOURS))
    assert seen[True] >= 3
    assert seen[False] < 3, "on a screen with a pointer, Material's faint button stays"


# The code text of a block that lies under the block's copy button, if any.
CODE_UNDER_BUTTON = """block => {
    const button = block.querySelector("button[data-md-type=copy]").getBoundingClientRect();
    const walker = document.createTreeWalker(block.querySelector("code"), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.right > button.left && r.left < button.right
                && r.bottom > button.top && r.top < button.bottom) return node.textContent;
        }
    }
    return null;
}"""


@pytest.mark.parametrize("width", [1280, 390], ids=["wide", "phone"])
def test_no_code_hides_under_a_copy_button(page_in, width):
    for path in TUTORIALS:
        tutorial = read_tutorial(path.name, path.read_text("utf-8"))
        page = page_in(f"{tutorial.slug}/", viewport={"width": width, "height": 900})
        blocks = page.locator("article div.language-python.highlight")
        assert blocks.count() > 0
        for index in range(blocks.count()):
            into_view(blocks.nth(index))
            hidden = blocks.nth(index).evaluate(CODE_UNDER_BUTTON)
            assert hidden is None, f"{path.name}, code block {index + 1}: {hidden!r} is hidden"


def gray_levels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)


def still_bright(light: np.ndarray, dark: np.ndarray) -> float:
    """The share of the light figure's white pixels (its background, blank cells, the
    paper of an image) that are not dark in the dark figure: what a reader in the dark
    scheme would see as a white plot. A photograph's own colours stay, but only its few
    white pixels count here."""
    white = light >= 245
    return float(np.mean(dark[white] > 100))


@pytest.mark.parametrize("source", TUTORIALS, ids=lambda path: path.stem)
def test_the_scheme_toggle_swaps_every_figure(page_in, source):
    tutorial = read_tutorial(source.name, source.read_text("utf-8"))
    page = page_in(f"{tutorial.slug}/", "light", viewport={"width": 1280, "height": 900})
    scroll_through(page)
    figures = page.locator("figure.tutorial-figure")
    assert figures.count() >= 1
    before = []
    for index in range(figures.count()):
        figures.nth(index).scroll_into_view_if_needed()
        before.append(gray_levels(figures.nth(index).screenshot()))
    page.locator("label[title='Switch to the dark scheme']").first.click()
    page.wait_for_timeout(300)
    scroll_through(page)
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        shown = figure.locator("img:visible")
        assert shown.count() == 1
        assert shown.get_attribute("src").endswith("#only-dark")
        link = figure.locator("a:visible")  # the light figure's link is gone with it
        assert link.count() == 1
        assert link.get_attribute("href") == shown.get_attribute("src")
        light, dark = before[index], gray_levels(figure.screenshot())
        assert light.shape == dark.shape
        assert np.mean(light >= 245) > 0.1, "the light figure stands on white"
        frame = np.concatenate([dark[:3].ravel(), dark[-3:].ravel(), dark[:, :3].ravel()])
        assert np.mean(frame > 100) < 0.05, "its margins are the dark page's"
        if "photograph" in (shown.get_attribute("alt") or ""):
            continue  # a photograph keeps its colours, its white sky too
        assert dark.mean() < light.mean() - 50, "the dark figure is darker"
        share = still_bright(light, dark)
        assert share < 0.01, f"figure {index + 1}: {share:.1%} of its white stays bright"


def test_the_date_and_contents_show_under_the_title_only_where_the_sidebars_are_folded(page_in):
    """On a phone, the date under the title, not again at the end of the post (where the
    blog folds its sidebar), and the sections in a folded list; on a wide screen, the
    sidebars show both."""
    tutorial = read_tutorial(TUTORIALS[0].name, TUTORIALS[0].read_text("utf-8"))
    for width, narrow in ((390, True), (1280, False)):
        page = page_in(f"{tutorial.slug}/", viewport={"width": width, "height": 900})
        assert page.locator(".post-meta-narrow").is_visible() == narrow, width
        assert page.locator(".md-post__meta time").first.is_visible() != narrow, width
        assert page.locator(".post-contents").is_visible() == narrow, width
        assert page.locator(".md-sidebar--secondary").is_visible() != narrow, width
    page = page_in(f"{tutorial.slug}/", viewport={"width": 390, "height": 900})
    page.locator(".post-contents summary").click()
    section = page.locator(".post-contents a").nth(1)
    target = section.get_attribute("href")
    section.click()
    page.wait_for_function(f"location.hash === {target!r}")
    assert page.locator(target).is_visible(), "a link takes the reader to its section"


def edge_shades(png: bytes) -> tuple[float, float]:
    """How far the leftmost and rightmost columns of pixels are from the page's colour,
    taken at the middle of the top row."""
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    column = [ImageStat.Stat(image.crop((x, 0, x + 1, height))).mean[0] for x in (0, width - 1)]
    page = image.getpixel((width // 2, 1))
    return abs(column[0] - page), abs(column[1] - page)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    "scroller", [".cell-output pre", ".highlight pre > code"], ids=["output", "code"]
)
def test_a_block_wider_than_a_phone_shades_the_edge_it_scrolls_past(page_in, scheme, scroller):
    page = page_in("kmeans-clustering/", scheme, viewport={"width": 390, "height": 800})
    wide = page.evaluate_handle(
        f"[...document.querySelectorAll('article {scroller}')]"
        ".find(block => block.scrollWidth > block.clientWidth)"
    ).as_element()
    assert wide is not None, "a block wider than a phone"
    wide.scroll_into_view_if_needed()
    left, right = edge_shades(wide.screenshot())
    assert left < 3 < right, "at first, more lies to the right only"
    wide.evaluate("block => { block.scrollLeft = block.scrollWidth; }")
    left, right = edge_shades(wide.screenshot())
    assert right < 3 < left, "at the end, more lies to the left only"


def test_on_a_phone_a_wide_figure_takes_the_whole_width_of_the_screen(page_in):
    page = page_in("kmeans-clustering/", viewport={"width": 390, "height": 800})
    edges = page.eval_on_selector_all(
        "article .tutorial-figure img",
        "all => all.filter(img => img.offsetParent && img.width > 0)"
        ".map(img => [img.getBoundingClientRect().left, img.getBoundingClientRect().right])",
    )
    assert edges
    assert all(left == 0 and right == 390 for left, right in edges), edges


# For each line of an output made of sentences that wraps: where its first and its last
# piece of text start, in pixels from the output's left edge.
WRAPPED_LINES = """pre => [...pre.querySelectorAll(":scope > span")].map(span => {
    const range = document.createRange();
    range.selectNodeContents(span);
    const pieces = [...range.getClientRects()];
    const left = pre.getBoundingClientRect().left;
    return [pieces[0].left - left, pieces[pieces.length - 1].left - left, pieces.length];
}).filter(([first, last, count]) => count > 1)"""


def test_on_a_phone_sentences_wrap_under_their_start_and_tables_scroll(page_in):
    page = page_in("kmeans-clustering/", viewport={"width": 390, "height": 800})
    prose = page.locator("article pre.cell-output__prose")
    assert prose.count() > 0
    wrapped = []
    for index in range(prose.count()):
        pre = prose.nth(index)
        assert pre.evaluate("pre => pre.scrollWidth <= pre.clientWidth"), "nothing to scroll"
        wrapped += pre.evaluate(WRAPPED_LINES)
    assert wrapped, "some line is longer than a phone is wide"
    for first, last, _ in wrapped:
        assert last > first + 5, "the wrapped part stands in from where its line starts"
    tables = page.locator("article pre.cell-output__table")
    scrolling = tables.evaluate_all(
        "all => all.filter(p => p.scrollWidth > p.clientWidth).map(p => p.textContent)"
    )
    assert [text[:7] for text in scrolling] == ["array(["], "the 200 labels keep their rows"


# For each table a page prints: its first line, whether it fits the screen's width, and
# its font size in pixels.
TABLES = """all => all.map(pre => [
    pre.textContent.split("\\n")[0],
    pre.scrollWidth <= pre.clientWidth,
    parseFloat(getComputedStyle(pre).fontSize),
])"""


def test_on_a_phone_every_table_shows_whole_in_print_still_easy_to_read(page_in):
    """A table narrower than a phone keeps its size; a wider one gets smaller to show its
    rows whole, down to about 10 px. The tutorials print no table wider than that, but the
    arrays of NumPy, which scroll."""
    sizes = {}
    for tutorial in TUTORIALS:
        slug = read_tutorial(tutorial.name, tutorial.read_text("utf-8")).slug
        for width in (390, 1280):
            page = page_in(f"{slug}/", viewport={"width": width, "height": 800})
            tables = page.locator("article pre.cell-output__table").evaluate_all(TABLES)
            for first_line, fits, size in tables:
                assert fits or first_line.startswith("array(["), (slug, width, first_line)
                assert size >= 9.5, (slug, width, first_line)
                sizes.setdefault(width, set()).add(size)
    assert len(sizes[1280]) == 1, "on a wide screen, every table at the outputs' one size"
    assert min(sizes[390]) < max(sizes[390]) == max(sizes[1280]), "on a phone, some smaller"


ALONE_ON_ITS_LINE = """headings => headings.filter(heading => {
    const link = heading.querySelector(":scope > .headerlink");
    if (!link) return false;
    const text = document.createRange();
    text.setStart(heading, 0);
    text.setEndBefore(link);
    const lines = text.getClientRects();
    return link.getBoundingClientRect().top >= lines[lines.length - 1].bottom - 1;
}).map(heading => heading.textContent)"""


def test_no_heading_leaves_its_hidden_permalink_on_a_line_of_its_own(page_in, built_site):
    """The permalink after a heading is invisible until pointed at: alone on a line, it
    would leave an empty line under the heading on a phone."""
    for width in (360, 390, 412):
        for path in pages(built_site):
            page = page_in(path, viewport={"width": width, "height": 800})
            alone = page.eval_on_selector_all("article :is(h1, h2, h3)", ALONE_ON_ITS_LINE)
            assert alone == [], (path, width)
            page.context.close()


def test_code_lines_fit_without_scrolling_sideways(page_in, built_site):
    for path in pages(built_site):
        page = page_in(path, viewport={"width": 1280, "height": 900})
        overflowing = page.eval_on_selector_all(
            "article pre",
            "blocks => blocks.filter(b => b.scrollWidth > b.clientWidth).map(b => b.innerText)",
        )
        assert overflowing == [], path


def test_the_downloads_answer_and_the_script_runs(site_url, tmp_path):
    tutorial = read_tutorial(TUTORIALS[0].name, TUTORIALS[0].read_text("utf-8"))
    script = Path(tutorial.path).name
    for name in (script, Path(script).with_suffix(".ipynb").name):
        with urllib.request.urlopen(f"{site_url}{tutorial.slug}/{name}") as response:
            assert response.status == 200
            (tmp_path / name).write_bytes(response.read())
    result = run_script(tmp_path / script)
    assert result.returncode == 0, result.stderr
