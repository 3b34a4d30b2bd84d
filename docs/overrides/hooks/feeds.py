"""The RSS feeds, as feed readers expect them.

mkdocs-rss-plugin writes ``<image><url>None</url>...</image>`` when the site has no image for
its channel (its template tests whether the setting is defined, and ``null`` is): an address
that is no address, which strict feed readers reject. The channel's image is optional in RSS,
so the block goes.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import event_priority

NO_IMAGE = re.compile(r"<image>\s*<url>None</url>.*?</image>\s*", re.S)


@event_priority(-100)  # after mkdocs-rss-plugin has written the feeds
def on_post_build(config):
    for path in Path(config.site_dir).glob("feed_rss_*.xml"):
        text = path.read_text("utf-8")
        fixed = without_empty_image(text)
        if fixed != text:
            path.write_text(fixed, "utf-8")


def without_empty_image(feed: str) -> str:
    """`feed` without a channel image whose address is missing."""
    return NO_IMAGE.sub("", feed)
