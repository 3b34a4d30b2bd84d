"""Headings keep hyphenated words whole: "k-means" never breaks into "k-" and "means".

A browser may break a line after any hyphen. In the body that is fine; in a title set large
on a phone, or in the narrow table of contents beside it, "k-" alone at the end of a line
reads as a typo. Every hyphenated word in a heading, in the label of a navigation or table
of contents entry, and in a post's list of sections, is wrapped in ``<span class="nowrap">``,
which the site's stylesheet keeps on one line. Only the text between tags changes:
attributes (ids, links) stay as they are.
"""

from __future__ import annotations

import re

HEADING = re.compile(r"(<h([1-3])\b[^>]*>)(.*?)(</h\2>)", re.S)
# Material's label of an entry in the navigation and the table of contents; the label is
# text only (a heading's markup stays out of the table of contents).
NAV_LABEL = re.compile(r'(<span class="md-ellipsis">)([^<]*)(</span>)')
# A post's list of its sections, for narrow screens (tutorial_posts.contents).
CONTENTS = re.compile(r'(<details class="post-contents"[^>]*>)(.*?)(</details>)', re.S)
TEXT = re.compile(r"[^<>]+(?=<|$)")  # a run of text between tags, never inside one
HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def on_post_page(output, page, config):
    return keep_hyphenated_words_whole(output)


def keep_hyphenated_words_whole(html: str) -> str:
    """`html` with each hyphenated word of its h1, h2 and h3 headings, of its navigation
    labels and of a post's list of sections, kept on one line."""

    def wrapped(inner: str) -> str:  # the runs of text between its tags
        return TEXT.sub(lambda text: wrap_text(text.group(0)), inner)

    html = HEADING.sub(lambda m: m.group(1) + wrapped(m.group(3)) + m.group(4), html)
    html = CONTENTS.sub(lambda m: m.group(1) + wrapped(m.group(2)) + m.group(3), html)
    return NAV_LABEL.sub(lambda m: m.group(1) + wrapped(m.group(2)) + m.group(3), html)


def wrap_text(text: str) -> str:
    """`text` with its hyphenated words kept whole; changed, it is one ``span``: inside a
    flex box (Material's tags), the words and the spaces between them stay one item, rather
    than items a gap apart."""
    wrapped = HYPHENATED.sub(lambda w: f'<span class="nowrap">{w.group(0)}</span>', text)
    return text if wrapped == text else f"<span>{wrapped}</span>"
