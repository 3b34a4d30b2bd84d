"""Accessibility fixes to the theme's markup that CSS cannot make.

Material's search is a ``role="dialog"`` element without an accessible name, so screen
readers announce an unnamed dialog (axe rule ``aria-dialog-name``). The hook names it after
its input's placeholder.
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config):
    return name_search_dialog(output)


def name_search_dialog(html: str) -> str:
    """Give Material's search dialog an accessible name."""
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)
