"""The built site: what a reader sees on the home page and on each post."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import importlib.metadata
import json
import platform
import re
import sys
import urllib.parse
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import numpy as np
import pytest
import sklearn
from bs4 import BeautifulSoup
from conftest import TUTORIALS
from feeds import without_empty_fields
from PIL import Image
from tutorial_posts import escaped_description
from tutorial_reader import ALLOW_WARNINGS_TAG, read_tutorial


@pytest.fixture(scope="module")
def tutorials():
    return [read_tutorial(path.name, path.read_text("utf-8")) for path in TUTORIALS]


@pytest.fixture(scope="module")
def home(built_site):
    return (built_site / "index.html").read_text("utf-8")


def post_html(site, tutorial):
    return (site / tutorial.slug / "index.html").read_text("utf-8")


def text_of(fragment: str) -> str:
    """The text a reader sees: no tags, scripts or styles."""
    fragment = re.sub(r"<(script|style)\b.*?</\1>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_the_site_builds_strictly_into_a_temporary_folder(built_site, tutorials):
    assert (built_site / "index.html").is_file()
    for tutorial in tutorials:
        assert (built_site / tutorial.slug / "index.html").is_file()


def test_home_lists_every_post_newest_first_with_title_date_and_description(home, tutorials):
    excerpts = re.findall(r'<article class="md-post md-post--excerpt">(.*?)</article>', home, re.S)
    assert len(excerpts) == len(tutorials)
    dates = [
        dt.date.fromisoformat(re.search(r'<time datetime="(\d{4}-\d\d-\d\d)', e).group(1))
        for e in excerpts
    ]
    assert dates == sorted(dates, reverse=True)
    by_date = sorted(tutorials, key=lambda t: t.date, reverse=True)
    for excerpt, tutorial in zip(excerpts, by_date, strict=True):
        assert f'href="{tutorial.slug}/"' in excerpt
        assert tutorial.title in text_of(excerpt)
        assert tutorial.description in text_of(excerpt)
        assert tutorial.date.strftime("%B %-d, %Y") in text_of(excerpt)
        update = re.findall(r"Updated\s+(\w+ \d+, \d{4})", text_of(excerpt))
        expected = [tutorial.updated.strftime("%B %-d, %Y")] if tutorial.updated else []
        assert update == expected, "a post updated since says so in the listing"


@pytest.mark.parametrize("index", range(len(TUTORIALS)), ids=[p.stem for p in TUTORIALS])
def test_post_shows_title_date_and_description(built_site, tutorials, index):
    tutorial = tutorials[index]
    page = post_html(built_site, tutorial)
    assert f"<title>{html.escape(tutorial.title, quote=False)} - " in page
    meta = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert html.unescape(meta) == tutorial.description
    heading = BeautifulSoup(page, "html.parser").select_one("article h1").get_text()
    assert heading.removesuffix("¶") == tutorial.title  # "¶": the heading's own link
    lead = re.search(r'<p class="post-description">(.*?)</p>', page).group(1)
    assert html.unescape(lead) == tutorial.description
    assert f'<time datetime="{tutorial.date.isoformat()}' in page
    narrow = BeautifulSoup(page, "html.parser").select_one(".post-meta-narrow")
    assert narrow.time["datetime"] == tutorial.date.isoformat()
    assert narrow.get_text().startswith(tutorial.date.strftime("%B %-d, %Y"))
    if tutorial.updated:  # worded as in the sidebar and on the home page
        assert f" · Updated {tutorial.updated:%B %-d, %Y} · " in narrow.get_text()
    assert re.search(r" · \d+ min read$", narrow.get_text())


@pytest.mark.parametrize("index", range(len(TUTORIALS)), ids=[p.stem for p in TUTORIALS])
def test_post_lists_its_sections_for_narrow_screens(built_site, tutorials, index):
    """The folded list of sections links to every section heading of the post, in order,
    under their own titles."""
    article = BeautifulSoup(post_html(built_site, tutorials[index]), "html.parser").article
    contents = article.select_one("details.post-contents")
    sections = article.find_all("h2")
    assert len(sections) >= 3
    links = [(a["href"], a.get_text()) for a in contents.find_all("a")]
    assert links == [(f"#{h['id']}", h.get_text().removesuffix("¶")) for h in sections]
    assert contents.has_attr("data-search-exclude"), "search finds the sections themselves"


@pytest.mark.parametrize("index", range(len(TUTORIALS)), ids=[p.stem for p in TUTORIALS])
def test_the_sidebar_says_which_date_is_the_update(built_site, tutorials, index):
    tutorial = tutorials[index]
    sidebar = BeautifulSoup(post_html(built_site, tutorial), "html.parser").select_one(
        ".md-post__meta"
    )
    dates = [time.get_text(" ", strip=True) for time in sidebar.find_all("time")]
    published = tutorial.date.strftime("%B %-d, %Y")
    if tutorial.updated is None:
        assert dates == [published]
    else:
        assert dates == [published, "Updated " + tutorial.updated.strftime("%B %-d, %Y")]


def open_graph(page: str) -> dict[str, list[str]]:
    """The Open Graph fields of a page, each with its values in order."""
    fields: dict[str, list[str]] = {}
    for meta in BeautifulSoup(page, "html.parser").head.find_all("meta", property=True):
        fields.setdefault(meta["property"], []).append(meta["content"])
    return fields


def test_a_post_previews_as_an_article_with_its_title_description_date_and_tags(
    built_site, tutorials
):
    for tutorial in tutorials:
        fields = open_graph(post_html(built_site, tutorial))
        assert fields["og:type"] == ["article"]
        assert fields["og:title"] == [tutorial.title]
        assert fields["og:description"] == [tutorial.description]
        assert fields["og:url"][0].endswith(f"/{tutorial.slug}/")
        assert fields["article:published_time"] == [tutorial.date.isoformat()]
        assert fields.get("article:tag", []) == list(tutorial.tags)


def test_the_home_page_introduces_the_first_post_as_older_and_brought_up_to_date(tutorials, home):
    """What the home page says of the post to start with: "written years before the others
    and brought up to date"."""
    first, second = sorted(tutorials, key=lambda tutorial: tutorial.date)[:2]
    intro = BeautifulSoup(home, "html.parser").find("a", string=first.title).parent
    assert "written years before the others and brought up to date" in " ".join(
        intro.get_text().split()
    )
    assert second.date.year - first.date.year >= 2, "years before"
    assert first.updated is not None, "brought up to date"
    assert first.updated >= second.date, "since the others began"


def test_the_home_page_previews_as_the_site(built_site, home):
    fields = open_graph(home)
    assert fields["og:type"] == ["website"]
    assert fields["og:title"] == fields["og:site_name"] == ["Clustering with Python"]
    description = re.search(r'<meta name="description" content="([^"]*)"', home).group(1)
    assert fields["og:description"] == [html.unescape(description)]


def test_a_post_previews_with_its_first_figure_as_a_bitmap(built_site, tutorials, home):
    """Link previews show a post's first figure, light, as a PNG at the figure's size (they
    take no SVG), described by its alt text; the home page shows the first post's."""
    for tutorial in tutorials:
        soup = soup_of(built_site, tutorial)
        first = soup.select_one("figure.tutorial-figure")
        assert soup.select("figure[data-og-image]") == [first]
        fields = open_graph(str(soup))
        address = f"{fields['og:url'][0]}{first['data-og-image']}"
        assert fields["og:image"] == [address]
        with Image.open(built_site / tutorial.slug / first["data-og-image"]) as image:
            kind, size = image.format, image.size
        assert kind == "PNG"
        light = first.img
        assert size == (int(light["width"]), int(light["height"]))
        assert fields["og:image:width"] == [light["width"]]
        assert fields["og:image:height"] == [light["height"]]
        assert fields["og:image:alt"] == [light["alt"]]
        card = soup.select_one('meta[name="twitter:card"]')["content"]
        assert card == "summary_large_image"
    first_post = min(tutorials, key=lambda tutorial: tutorial.date)
    post_fields = open_graph(post_html(built_site, first_post))
    home_fields = open_graph(home)
    for field in ("og:image", "og:image:type", "og:image:width", "og:image:height", "og:image:alt"):
        assert home_fields[field] == post_fields[field]
    assert home_fields["og:image"][0].startswith(home_fields["og:url"][0] + first_post.slug + "/")
    assert '<meta name="twitter:card" content="summary_large_image">' in home


def soup_of(site, tutorial) -> BeautifulSoup:
    return BeautifulSoup(post_html(site, tutorial), "html.parser")


each_tutorial = pytest.mark.parametrize(
    "index", range(len(TUTORIALS)), ids=[p.stem for p in TUTORIALS]
)


# An object's default repr, a traceback, an exception or a warning by its class's name.
NOISE = re.compile(
    r"<matplotlib\.| at 0x[0-9a-fA-F]+|Traceback \(most recent call last\)"
    r"|\b[A-Z]\w*(?:Error|Warning)\b"
)


@each_tutorial
def test_post_outputs_have_no_noise_or_errors(built_site, tutorials, index):
    """What the code printed holds no noise, no error and no warning, but the warnings
    that a cell tagged allow-warnings shows on purpose (and a word such as "Error" in
    a printed heading is no exception's name)."""
    tutorial = tutorials[index]
    allowed = {
        cell.source.strip()
        for cell in tutorial.notebook.cells
        if ALLOW_WARNINGS_TAG in cell.metadata.get("tags", [])
    }
    outputs = soup_of(built_site, tutorial).select(".cell-output")
    assert outputs
    for output in outputs:
        code = output.find_previous_sibling("div", class_="highlight").get_text().strip()
        if code in allowed:
            for shown in output.select(".admonition.warning"):
                shown.decompose()
        assert not output.select(".admonition"), code
        assert not NOISE.search(output.get_text()), code


@each_tutorial
def test_every_post_shows_printed_output_and_a_figure(built_site, tutorials, index):
    page = soup_of(built_site, tutorials[index])
    printed = [pre for pre in page.select(".cell-output pre") if pre.get_text().strip()]
    assert printed, "some printed output"
    assert page.select(".cell-output figure.tutorial-figure img"), "at least one figure"


@each_tutorial
def test_post_keeps_nothing_of_the_notebook_markup(built_site, tutorials, index):
    page = post_html(built_site, tutorials[index])
    soup = BeautifulSoup(page, "html.parser")
    article = soup.select_one("article")
    assert not article.select("style, script, clipboard-copy, [class*='jp-']")
    assert "data:image" not in page
    assert "In&nbsp;[" not in page


@each_tutorial
def test_code_cells_are_material_code_blocks(built_site, tutorials, index):
    tutorial = tutorials[index]
    soup = soup_of(built_site, tutorial)
    blocks = soup.select("article div.language-python.highlight > pre > code")
    code_cells = [c for c in tutorial.notebook.cells if c.cell_type == "code"]
    assert [block.get_text().strip() for block in blocks] == [
        cell.source.strip() for cell in code_cells if cell.source.strip()
    ]


@each_tutorial
def test_figures_come_in_a_light_and_a_dark_file(built_site, tutorials, index):
    tutorial = tutorials[index]
    figures = soup_of(built_site, tutorial).select("figure.tutorial-figure")
    assert figures
    for figure in figures:
        light, dark = figure.find_all("img")
        assert light["src"].endswith("#only-light")
        assert dark["src"].endswith("#only-dark")
        for image in (light, dark):
            assert image["alt"] == light["alt"]
            assert len(image["alt"]) > 40
            assert int(image["width"]) > 0
            assert int(image["height"]) > 0
            assert image["loading"] == "lazy"
            path = built_site / tutorial.slug / image["src"].split("#")[0]
            assert path.is_file()
            assert path.suffix in {".svg", ".png"}
        assert light["src"] != dark["src"]


@each_tutorial
def test_posts_offer_the_tutorial_as_script_and_notebook(built_site, tutorials, index):
    tutorial = tutorials[index]
    links = soup_of(built_site, tutorial).select(".post-downloads a[download]")
    targets = [link["href"] for link in links]
    script = Path(tutorial.path).name
    assert targets == [script, Path(script).with_suffix(".ipynb").name]
    page_dir = built_site / tutorial.slug
    canonical = soup_of(built_site, tutorial).select_one('link[rel="canonical"]')["href"]
    site_url = canonical.removesuffix(f"{tutorial.slug}/")
    downloaded = read_tutorial(script, (page_dir / script).read_text("utf-8"))
    notebook = nbformat.read(page_dir / targets[1], as_version=4)
    nbformat.validate(notebook)
    for cells in (downloaded.notebook.cells, notebook.cells):
        assert [c.cell_type for c in cells] == [c.cell_type for c in tutorial.notebook.cells]
        code = [c.source for c in cells if c.cell_type == "code"]
        assert code == [c.source for c in tutorial.notebook.cells if c.cell_type == "code"]
        prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        assert not re.search(r"\](\(|:\s*)[\w-]+\.py", prose), "no link to a file beside it"
        # Every post links to another, and such a link leads to that post and its heading.
        links = re.findall(rf"\]\({re.escape(site_url)}([\w-]+)/(#[\w-]+)?\)", prose)
        assert links
        for slug, anchor in links:
            target = built_site / slug / "index.html"
            assert target.is_file(), slug
            assert not anchor or f'id="{anchor[1:]}"' in target.read_text("utf-8"), anchor


@each_tutorial
def test_posts_name_the_versions_their_outputs_come_from(built_site, tutorials, index):
    tutorial = tutorials[index]
    line = soup_of(built_site, tutorial).select_one(".post-versions").get_text()
    assert line.startswith("Ran at build time with ")
    pairs = re.findall(r"([\w-]+)\xa0([\w.+-]+?)(?=,| and|\.$)", line)
    assert pairs[0] == ("Python", platform.python_version())
    for name, version in pairs[1:]:
        assert importlib.metadata.version(name) == version
    # Every library the code imports is named, and nothing else: the oracle here reads the
    # import lines and knows the one name that differs from its distribution's.
    imported = set(re.findall(r"^(?:from|import) (\w+)", tutorial.source, re.M))
    libraries = {m for m in imported if m not in sys.stdlib_module_names}
    assert {name for name, _ in pairs[1:]} == {
        "scikit-learn" if m == "sklearn" else m for m in libraries
    }


# --- The KMeans post ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def kmeans_page(built_site):
    return (built_site / "kmeans-clustering" / "index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def kmeans(run_tutorial):
    return run_tutorial("kmeans_clustering.py")["kmeans"]


def printed_arrays(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<pre[^>]*>(array\(.*?\))</pre>", page, re.S)]


def test_kmeans_page_shows_both_figures(kmeans_page):
    soup = BeautifulSoup(kmeans_page, "html.parser")
    alts = [figure.img["alt"] for figure in soup.select("figure.tutorial-figure")]
    assert len(alts) == 2
    assert alts[0].startswith("Scatter plot titled “The 200 points, coloured by the blob")
    assert "200 points in 4 colours; legend: blob 0, blob 1, blob 2, blob 3" in alts[0]
    assert "Panels 1 and 2: Scatter plots titled “K Means”, “Actual Data”" in alts[1]
    assert "200 points in 4 colours and " in alts[1]  # and the misses, ringed


def test_kmeans_page_states_the_scikit_learn_version_its_kernel_printed(kmeans_page):
    soup = BeautifulSoup(kmeans_page, "html.parser")
    outputs = "\n".join(output.get_text() for output in soup.select(".cell-output"))
    printed = re.search(r"^scikit-learn (\S+)$", outputs, re.M).group(1)
    assert f"scikit-learn\xa0{printed}" in soup.select_one(".post-versions").get_text()


def test_kmeans_page_links_scikit_learn_names_to_the_installed_version(kmeans_page):
    version = ".".join(sklearn.__version__.split(".")[:2])
    soup = BeautifulSoup(kmeans_page, "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select("code a.api-link")}
    base = f"https://scikit-learn.org/{version}/modules/generated/"
    assert links["KMeans"] == base + "sklearn.cluster.KMeans.html"
    assert links["make_blobs"] == base + "sklearn.datasets.make_blobs.html"
    assert links["contingency_matrix"] == base + "sklearn.metrics.cluster.contingency_matrix.html"


def test_kmeans_page_shows_the_fitted_centers(kmeans_page, kmeans):
    (centers,) = [a for a in printed_arrays(kmeans_page) if a.startswith("array([[")]
    numbers = np.array([float(x) for x in re.findall(r"-?\d+\.\d+", centers)]).reshape(4, 2)
    np.testing.assert_allclose(numbers, kmeans.cluster_centers_, atol=5e-9)


def test_kmeans_page_shows_the_200_labels(kmeans_page, kmeans):
    (labels,) = [a for a in printed_arrays(kmeans_page) if "dtype=int32" in a]
    numbers = [int(x) for x in re.findall(r"\d+", labels.removesuffix("dtype=int32)"))]
    assert numbers == kmeans.labels_.tolist()
    assert len(numbers) == 200


def test_kmeans_page_states_the_computed_agreement(kmeans_page, run_tutorial):
    agreement = run_tutorial("kmeans_clustering.py")["agreement"]
    assert f"KMeans agrees with the blobs on {agreement:.0%} of the points" in kmeans_page


# --- The blog around the posts --------------------------------------------------------------


def test_the_tags_page_lists_every_post_under_each_of_its_tags(built_site, tutorials):
    soup = BeautifulSoup((built_site / "tags" / "index.html").read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    listed: dict[str, list[str]] = {}
    for heading in article.find_all(["h2", "h3"]):
        items = heading.find_next("ul")
        listed[heading.get_text(" ", strip=True).rstrip("¶").strip()] = [
            a.get_text(strip=True) for a in items.find_all("a")
        ]
    for tutorial in tutorials:
        for tag in tutorial.tags:
            assert tutorial.title in listed[tag], (tag, tutorial.title)
    assert list(listed) == sorted(listed, key=str.casefold), "tags in alphabetical order"
    date_of = {t.title: t.date for t in tutorials}
    for tag, titles in listed.items():
        dates = [date_of[title] for title in titles]
        assert dates == sorted(dates, reverse=True), f"{tag}: newest first, as on the home page"


def test_the_feed_lists_every_post_with_its_date_and_description(built_site, tutorials):
    channel = ElementTree.parse(built_site / "feed_rss_created.xml").getroot().find("channel")
    items = {item.findtext("title"): item for item in channel.findall("item")}
    assert set(items) == {t.title for t in tutorials}
    for tutorial in tutorials:
        item = items[tutorial.title]
        published = email.utils.parsedate_to_datetime(item.findtext("pubDate")).date()
        assert published == tutorial.date
        assert item.findtext("description").strip() == tutorial.description
        assert item.findtext("link").endswith(f"/{tutorial.slug}/")
    dates = [email.utils.parsedate_to_datetime(i.findtext("pubDate")) for i in items.values()]
    assert dates == sorted(dates, reverse=True), "newest first"


def test_the_feed_of_updates_dates_each_post_by_its_last_revision(built_site, tutorials):
    channel = ElementTree.parse(built_site / "feed_rss_updated.xml").getroot().find("channel")
    revised = {t.title: t.updated or t.date for t in tutorials}
    items = channel.findall("item")
    assert {item.findtext("title") for item in items} == set(revised)
    for item in items:
        dated = email.utils.parsedate_to_datetime(item.findtext("pubDate")).date()
        assert dated == revised[item.findtext("title")], "not the time of the build"


@pytest.mark.parametrize("name", ["feed_rss_created.xml", "feed_rss_updated.xml"])
def test_the_feeds_have_no_empty_image_and_no_stylesheet(built_site, name):
    text = (built_site / name).read_text("utf-8")
    assert "None" not in text
    assert "xml-stylesheet" not in text, "browsers are dropping XSLT"
    channel = ElementTree.fromstring(text).find("channel")
    assert channel.find("image") is None


@pytest.mark.parametrize("name", ["feed_json_created.json", "feed_json_updated.json"])
def test_the_json_feeds_list_every_post_and_no_empty_field(built_site, tutorials, name):
    text = (built_site / name).read_text("utf-8")
    feed = json.loads(text)
    items = {item["title"]: item for item in feed["items"]}
    assert set(items) == {t.title for t in tutorials}
    for tutorial in tutorials:
        item = items[tutorial.title]
        assert dt.datetime.fromisoformat(item["date_published"]).date() == tutorial.date
        assert item["content_html"] == tutorial.description
        assert item["url"].endswith(f"/{tutorial.slug}/")
    assert re.findall(r'"(\w+)": (?:null|\[\])', text) == []


def test_json_feed_fields_with_nothing_in_them_are_left_out():
    feed = {"title": "t", "description": "", "icon": None, "authors": [], "items": []}
    assert without_empty_fields(feed) == {"title": "t", "description": "", "items": []}
    item = {"url": "u", "image": None, "tags": ["a"], "authors": [{"name": None, "url": "v"}]}
    assert without_empty_fields({"items": [item]}) == {
        "items": [{"url": "u", "tags": ["a"], "authors": [{"url": "v"}]}]
    }


def test_posts_link_to_the_previous_and_next_post_of_the_series(built_site, tutorials):
    series = sorted(tutorials, key=lambda t: t.date)
    for index, tutorial in enumerate(series):
        soup = soup_of(built_site, tutorial)
        previous = soup.select_one("a.md-footer__link--prev")
        following = soup.select_one("a.md-footer__link--next")
        if index > 0:
            assert previous["href"] == f"../{series[index - 1].slug}/"
        else:
            assert previous is None, "the first post has no previous one"
        if index < len(series) - 1:
            assert following["href"] == f"../{series[index + 1].slug}/"
        else:
            assert following is None, "the last post has no next one"
    home = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    start = home.select_one("a.md-footer__link--next")
    assert start["href"] == f"{series[0].slug}/", "the home page leads on to the first post"
    assert start["aria-label"] == f"Next: {series[0].title}"


@each_tutorial
def test_posts_show_their_reading_time(built_site, tutorials, index):
    sidebar = soup_of(built_site, tutorials[index]).select_one(".md-post__meta")
    assert re.search(r"\d+ min read", sidebar.get_text())


def test_search_leads_to_the_posts_not_to_the_table_of_computation_times(built_site, tutorials):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    entries = {entry["location"]: entry for entry in index["docs"]}
    times = entries["computation-times/"]
    assert "executed when the site is built" in times["text"], "the page itself is found"
    for tutorial in tutorials:
        assert html.escape(tutorial.title) not in times["text"]
        assert entries[f"{tutorial.slug}/"]["title"] == tutorial.title


def test_every_link_between_pages_of_the_site_resolves(built_site):
    for page in built_site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for element in soup.find_all(["a", "link", "img", "script"]):
            target = element.get("href") or element.get("src")
            if not target or re.match(r"^(https?:|mailto:|data:|#)", target):
                continue
            target_path = target.split("#")[0].split("?")[0]
            base = built_site if target_path.startswith("/") else page.parent
            path = (base / target_path.lstrip("/")).resolve()
            if path.is_dir():
                path = path / "index.html"
            assert path.is_file(), f"{page.relative_to(built_site)} links to {target}"


def test_the_not_found_page_leads_back_to_the_posts(built_site):
    page = BeautifulSoup((built_site / "404.html").read_text("utf-8"), "html.parser")
    article = page.find("article")
    assert article.h1.get_text() == "Page not found"
    home = BeautifulSoup((built_site / "index.html").read_text("utf-8"), "html.parser")
    canonical = home.find("link", rel="canonical")["href"]
    # The path of the home page, without a host: the link works wherever the site is served.
    assert [a["href"] for a in article.find_all("a")] == [urllib.parse.urlsplit(canonical).path]


def test_a_description_with_quotes_keeps_its_meta_tag_whole():
    description = 'The "elbow" & the silhouette'
    page = f'<head><meta name="description" content="{description}"></head>'
    fixed = escaped_description(page, description)
    tag = BeautifulSoup(fixed, "html.parser").find("meta", attrs={"name": "description"})
    assert tag["content"] == description
    assert escaped_description(page, None) == page
