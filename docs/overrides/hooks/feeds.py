"""The RSS and JSON feeds, as feed readers expect them.

mkdocs-rss-plugin writes ``<image><url>None</url>...</image>`` when the site has no image for
its channel (its template tests whether the setting is defined, and ``null`` is): an address
that is no address, which strict feed readers reject. The channel's image is optional in RSS,
so the block goes.

Its JSON feeds have the same gaps as ``null`` (the feed's ``icon``, each post's ``image``) and
an empty list of ``authors``. JSON Feed 1.1 types those fields as a URL and a list of one
author or more, all optional: a field with nothing to say is left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

NO_IMAGE = re.compile(r"<image>\s*<url>None</url>.*?</image>\s*", re.S)


@event_priority(-100)  # after mkdocs-rss-plugin has written the feeds
def on_post_build(config):
    site = Path(config.site_dir)
    for path in site.glob("feed_rss_*.xml"):
        _rewrite(path, without_empty_image)
    for path in site.glob("feed_json_*.json"):
        _rewrite(path, lambda text: json.dumps(without_empty_fields(json.loads(text))))


def _rewrite(path: Path, fix) -> None:
    text = path.read_text("utf-8")
    fixed = fix(text)
    if fixed != text:
        path.write_text(fixed, "utf-8")


def without_empty_image(feed: str) -> str:
    """`feed` without a channel image whose address is missing."""
    return NO_IMAGE.sub("", feed)


def without_empty_fields(value):
    """`value` (a JSON feed, or part of one) without null fields and empty lists.

    ``items`` stays even when empty: it is the one list a JSON feed must have.
    """
    if isinstance(value, dict):
        return {
            key: without_empty_fields(item)
            for key, item in value.items()
            if item is not None and (item != [] or key == "items")
        }
    if isinstance(value, list):
        return [without_empty_fields(item) for item in value]
    return value
