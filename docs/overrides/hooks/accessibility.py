"""Accessibility fixes to the theme's markup that CSS cannot make.

- Material's search is a ``role="dialog"`` element without an accessible name, so screen
  readers announce an unnamed dialog (axe rule ``aria-dialog-name``): it is named "Search",
  on every page and on the page for a missing address.
- On a blog post, the sidebar with the post's date and reading time holds navigation
  landmarks without names beside the named table of contents (axe rule ``landmark-unique``):
  the sidebar is named "Post", and each of its sections after its visible title
  ("Metadata").
"""

from __future__ import annotations

import re

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
POST_SIDEBAR = re.compile(
    r'(<div class="md-sidebar__inner md-post">\s*<nav class="md-nav md-nav--primary")>'
)
POST_SECTION = re.compile(
    r'(<div class="md-post__title">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>\s*'
    r'</div>\s*<nav class="md-nav")>'
)


def on_post_page(output, page, config):
    return name_post_sidebar(name_search_dialog(output))


def on_post_template(output_content, template_name, config):
    """The page for a missing address, which MkDocs renders as a template, not a page."""
    if template_name == "404.html":
        return name_search_dialog(output_content)
    return output_content


def name_search_dialog(html: str) -> str:
    """Give Material's search dialog an accessible name."""
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)


def name_post_sidebar(html: str) -> str:
    """Give the navigation landmarks of a post's sidebar accessible names."""
    html = POST_SIDEBAR.sub(r'\1 aria-label="Post">', html, count=1)
    return POST_SECTION.sub(lambda m: f'{m.group(1)} aria-label="{m.group(2)}">', html)
