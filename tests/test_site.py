"""The built site: what a reader sees on the home page and on each post."""

from __future__ import annotations

import datetime as dt
import html
import re

import numpy as np
import pytest
from bs4 import BeautifulSoup
from conftest import TUTORIALS
from tutorial_reader import read_tutorial


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


@pytest.mark.parametrize("index", range(len(TUTORIALS)), ids=[p.stem for p in TUTORIALS])
def test_post_shows_title_date_and_description(built_site, tutorials, index):
    tutorial = tutorials[index]
    page = post_html(built_site, tutorial)
    assert f"<title>{html.escape(tutorial.title, quote=False)} - " in page
    meta = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert html.unescape(meta) == tutorial.description
    assert re.search(r"<h1[^>]*>" + re.escape(html.escape(tutorial.title, quote=False)), page)
    lead = re.search(r'<p class="post-description">(.*?)</p>', page).group(1)
    assert html.unescape(lead) == tutorial.description
    assert f'<time datetime="{tutorial.date.isoformat()}' in page


@pytest.mark.parametrize("index", range(len(TUTORIALS)), ids=[p.stem for p in TUTORIALS])
def test_post_outputs_have_no_noise_or_errors(built_site, tutorials, index):
    soup = BeautifulSoup(post_html(built_site, tutorials[index]), "html.parser")
    outputs = soup.select(".jp-OutputArea")
    assert outputs
    for output in outputs:
        text = output.get_text()
        for noise in ("<matplotlib.", "Traceback", "Error", "Warning", " at 0x"):
            assert noise not in text


# --- The KMeans post ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def kmeans_page(built_site):
    return (built_site / "kmeans-clustering" / "index.html").read_text("utf-8")


@pytest.fixture(scope="module")
def kmeans(run_tutorial):
    return run_tutorial("kmeans_clustering.py")["kmeans"]


def printed_arrays(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<pre>(array\(.*?\))</pre>", page, re.S)]


def test_kmeans_page_shows_both_figures(kmeans_page):
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', kmeans_page)) == 2


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
    assert f"KMeans puts {agreement:.0%} of the points in their own blob" in kmeans_page
