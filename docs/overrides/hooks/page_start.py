"""Spare the reader's browser work that Material's script makes it do as a page starts.

Changing an attribute that some style rule depends on for "every element below" makes the
browser compute the style of every element on the page again; a tutorial page has thousands
of them (each code token is one), so each such change costs the page's whole style work,
at the moment Lighthouse counts as blocking. Material's script makes several as it starts:

- it swaps the root element's class ``no-js`` for ``js``, and its focus-visible polyfill
  adds the class ``js-focus-visible`` and the attribute ``data-js-focus-visible`` to the
  root: ``main.html`` makes these changes in the page's head instead, before any element of
  the body exists to be restyled, and the script's own then change nothing (a browser
  without scripts keeps ``no-js``, as before);
- it sets ``data-md-color-switching`` on the body while it applies the colour scheme, and
  clears it a frame later: the palette's stylesheet freezes the transitions of every element
  below that attribute, so both changes restyle the whole page. This hook drops that rule
  from the stylesheet the site publishes; without it, both changes cost nothing, and what
  the rule prevented (colours easing into the other scheme's for a fraction of a second,
  where an element has a transition) is harmless;
- it adds a ``<meta name="color-scheme">`` to the head, then sets it to the reader's scheme,
  and the browser restyles the whole page at each change of such an element, even one that
  changes nothing: ``main.html`` keeps that element out of the head until it names a scheme
  other than light, which a page without it is drawn in already.

Material's script also readies its search as it starts (downloads the index, starts the
worker that reads it), the longest part of its work at the start on a phone:
``partials/search-on-demand.html`` makes that wait until the reader turns to the search.

``main.html`` also loads the scripts, Material's and the site's, with ``defer``: they run
once the page is parsed, so the browser can draw the page before their work at start-up
rather than after it.

The script also sets up each code block as the page starts: it adds the block's copy button,
then measures the block to tell whether it scrolls, so the browser lays the page out again
for every block, in one long task. With the theme's feature ``content.lazy`` (``mkdocs.yml``),
the script does that for a block when it first comes into view instead: at the start, for
the few blocks on the screen, and later in short tasks of their own.
"""

from __future__ import annotations

import re

PALETTE_STYLESHEET = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")

# A whole rule, every selector of which starts with the attribute: what precedes it is the
# end of another rule or of a block's opening, so a rule that also styles other elements
# is never matched, and the stylesheet stays well formed.
SWITCHING_RULE = re.compile(
    r"(?<=[{}])(?:\[data-md-color-switching\][^,{}]*,)*"
    r"\[data-md-color-switching\][^,{}]*\{[^{}]*\}"
)


def on_files(files, config):
    for file in files:
        if PALETTE_STYLESHEET.fullmatch(file.src_uri):
            file.content_string = without_switching_rules(file.content_string)
    return files


def without_switching_rules(css: str) -> str:
    """`css` without the rules that apply only below ``[data-md-color-switching]``."""
    return SWITCHING_RULE.sub("", css)
