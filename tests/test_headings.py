"""Hyphenated words in headings stay whole (the headings hook)."""

from __future__ import annotations

from headings import keep_hyphenated_words_whole


def test_hyphenated_words_of_a_heading_are_kept_on_one_line():
    html = '<h1 id="t">KMeans clustering with scikit-learn and k-means++</h1>'
    assert keep_hyphenated_words_whole(html) == (
        '<h1 id="t"><span>KMeans clustering with <span class="nowrap">scikit-learn</span> and '
        '<span class="nowrap">k-means</span>++</span></h1>'
    )


def test_attributes_and_nested_links_keep_their_hyphens():
    html = (
        '<h2 id="k-means-at-scale"><a class="toclink" href="colour-quantization/">'
        "Colour quantization, and k-means at scale</a></h2>"
    )
    assert keep_hyphenated_words_whole(html) == (
        '<h2 id="k-means-at-scale"><a class="toclink" href="colour-quantization/">'
        '<span>Colour quantization, and <span class="nowrap">k-means</span> at scale</span>'
        "</a></h2>"
    )


def test_text_outside_h1_to_h3_is_left_alone():
    html = "<p>k-means</p><h4>k-means</h4><pre>x = k-means</pre>"
    assert keep_hyphenated_words_whole(html) == html


def test_labels_in_the_table_of_contents_keep_their_hyphens():
    html = (
        '<a href="#k-means-a-better-start" class="md-nav__link">\n'
        '<span class="md-ellipsis">\n  k-means++: a better start\n</span>\n</a>'
    )
    assert keep_hyphenated_words_whole(html) == (
        '<a href="#k-means-a-better-start" class="md-nav__link">\n'
        '<span class="md-ellipsis"><span>\n  <span class="nowrap">k-means</span>++: a better '
        "start\n</span></span>\n</a>"
    )


def test_entries_of_a_posts_list_of_sections_keep_their_hyphens():
    html = (
        '<details class="post-contents" data-search-exclude><summary>Contents</summary><ul>'
        '<li><a href="#k-means-a-better-start">k-means++: a better start</a></li></ul></details>'
    )
    assert keep_hyphenated_words_whole(html) == html.replace(
        ">k-means++: a better start<",
        '><span><span class="nowrap">k-means</span>++: a better start</span><',
    )


def test_a_tag_keeps_its_words_one_item_of_its_flex_box():
    """Material's tag is a flex box: words and the space between them must stay together,
    or its gap parts them."""
    html = '<h2 id="tag:x"><span class="md-tag">mini-batch k-means</span></h2>'
    assert keep_hyphenated_words_whole(html) == (
        '<h2 id="tag:x"><span class="md-tag"><span><span class="nowrap">mini-batch</span> '
        '<span class="nowrap">k-means</span></span></span></h2>'
    )
