"""Publish each tutorial script in tutorial_src/ as a post of Material's blog.

Material's blog plugin reads posts as Markdown files with YAML front matter; mkdocs-jupyter
executes notebooks and renders them. This hook is the blog's side of the bridge between the
two; ``tutorial_pages`` is the execution side. For each tutorial it:

1. ``on_files``, before both plugins: reads and checks the tutorial, then adds to the site a
   generated Markdown post holding its metadata and excerpt (in .cache/tutorial-posts/,
   outside the docs folder). The blog plugin makes it a post: URL, date, reading time,
   listing on the home page. The post's File carries the tutorial (``file.tutorial``) for
   ``tutorial_pages``, which has mkdocs-jupyter render the executed tutorial as its body.
2. ``on_page_content``: points links to other tutorials' scripts at their posts, and shows
   under the title the description, links to download the tutorial as a Python script and
   as a Jupyter notebook, and the versions of Python and of the libraries it ran with.
3. ``on_post_build``: writes those two downloads beside the page.
"""

from __future__ import annotations

import difflib
import ipaddress
import logging
import platform
import re
import urllib.parse
from html import escape, unescape
from pathlib import Path

from installed import versions_used
from material.plugins.tags import tag_name_casefold
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from site_files import write_if_changed
from tutorial_reader import (
    TUTORIAL_DIR,
    Tutorial,
    TutorialError,
    imported_modules,
    links_to_posts,
    local_modules,
    notebook_file,
    post_stub,
    read_tutorials,
    script_links_to_posts,
)

SCRIPT_LINK = re.compile(r'href="([\w-]+\.py)(#[^"]*)?"')
FIGURES = re.compile(r'<figure class="tutorial-figure"[^>]*>.*?</figure>', re.S)
# An element that loads what it shows from an address: an image, a frame, a video...
EMBEDDED = re.compile(
    r"<(img|iframe|frame|video|audio|source|track|embed|object|input)\b[^>]*?"
    r'\s(?:src|srcset|data|poster)="([^"]*)"',
    re.I,
)
GENERATED_DIR = ".cache/tutorial-posts"
POSTS_DIR = "posts"

# Posts added by this build, by the source URI of the post.
_posts: dict[str, Tutorial] = {}
# Their pages, once rendered, by the same URI.
_pages: dict[str, object] = {}
# The distribution (name, version) of each module the posts import, found in this build.
_distributions: dict[str, tuple[str, str] | None] = {}
# The modules of the tutorials' folder, which are no library (a helper module, say).
_local_modules: set[str] = set()
# Links from one post to a heading of another, checked once every page is written:
# (the linking tutorial, the linked script, the linked post's slug, the anchor).
_anchor_links: list[tuple[Tutorial, str, str, str]] = []


def on_config(config):
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _NoStubInErrors) for f in build_log.filters):
        build_log.addFilter(_NoStubInErrors())
    # The tags page lists a tag's posts newest first, as the home page does, and the tags
    # in alphabetical order whatever their case (by default, both sort capitals first, so
    # that "When k-means..." came before "k-means from scratch").
    tags = config.plugins.get("material/tags")
    if tags is not None:
        tags.config.listings_sort_by = date_and_title
        tags.config.listings_sort_reverse = True
        tags.config.listings_tags_sort_by = tag_name_casefold
    return config


def date_and_title(mapping) -> tuple:
    """Sort key of a page in a tag's listing: its date of creation, then its title."""
    date = mapping.item.meta.get("date")
    created = date.get("created") if isinstance(date, dict) else date
    return (str(created or ""), str(mapping.item.title).casefold())


@event_priority(100)  # before mkdocs-jupyter (0), tutorial_pages (90) and the blog (-50)
def on_files(files, config):
    _posts.clear()
    _pages.clear()
    _distributions.clear()
    _anchor_links.clear()
    root = Path(config.config_file_path).parent
    _local_modules.clear()
    _local_modules.update(local_modules(root / TUTORIAL_DIR))
    generated = root / GENERATED_DIR
    try:
        tutorials = read_tutorials(root, TUTORIAL_DIR)
    except TutorialError as error:
        raise PluginError(str(error)) from None
    for tutorial in tutorials:
        stem = Path(tutorial.path).stem
        stub = write_if_changed(generated / POSTS_DIR / f"{stem}.md", post_stub(tutorial))
        file = File.generated(config, f"{POSTS_DIR}/{stem}.md", abs_src_path=str(stub))
        file.tutorial = tutorial
        files.append(file)
        _posts[file.src_uri] = tutorial
    return files


def on_page_content(html, page, config, files):
    tutorial = _posts.get(page.file.src_uri)
    if tutorial is None:
        return html
    _pages[page.file.src_uri] = page
    readtime = getattr(getattr(page, "config", None), "readtime", None)  # the blog's
    lead = _lead(tutorial, readtime) + contents(page.toc)
    return _link_posts(html, tutorial).replace("</h1>", f"</h1>{lead}", 1)


def on_page_context(context, page, config, nav):
    """The home page leads to the first post, where its text says to start: its "Next"
    link does (by default, it would lead to the next page of the navigation, the tags),
    and a link to the site previews with the first post's picture (tutorial_pages sets
    each post's), addressed from the site's root."""
    if page.is_homepage and _pages:
        first = _pages[min(_pages, key=lambda uri: _posts[uri].date)]
        page.next_page = first
        preview = first.meta.get("link_preview")
        if preview and not page.meta.get("link_preview"):
            page.meta["link_preview"] = {**preview, "src": first.url + preview["src"]}
    return context


def on_post_page(output, page, config):
    output = escaped_description(output, page.meta.get("description"))
    tutorial = _posts.get(page.file.src_uri)
    if tutorial is None:
        updated = {t.slug: t.updated for t in _posts.values() if t.updated}
        return date_updates_in_listing(output, updated)
    if tutorial.updated is None:
        return output
    return label_updated_date(output)


def on_post_build(config):
    for tutorial, name, slug, anchor in _anchor_links:
        page = (Path(config.site_dir) / slug / "index.html").read_text("utf-8")
        headings = HEADING_ID.findall(page)
        if anchor not in headings:
            raise PluginError(
                f"{_link_place(tutorial, f'{name}#{anchor}')}: links to {name}#{anchor}, which "
                f"has no such heading{_did_you_mean(anchor, headings)}"
            )
    # The downloads: the text this build ran, its links to other tutorials pointed at their
    # posts, since a script downloaded on its own has no siblings.
    posts = {Path(t.path).name: t.slug for t in _posts.values()}

    site_url = config.site_url or ""

    def prose(text: str) -> str:
        return links_to_posts(text, posts, site_url) if site_url else text

    for _src_uri, tutorial in _posts.items():
        page_dir = Path(config.site_dir) / tutorial.slug
        name = Path(tutorial.path).name
        script = tutorial.source
        if site_url:
            script = script_links_to_posts(script, posts, site_url)
        (page_dir / name).write_text(script, "utf-8")
        notebook = notebook_file(tutorial, prose)
        (page_dir / Path(name).with_suffix(".ipynb")).write_text(notebook, "utf-8")


# ---------------------------------------------------------------------------------------------
# Private helpers


def _link_posts(content: str, tutorial: Tutorial) -> str:
    """Point links to other tutorials' scripts (``other.py``) at their posts.

    In the script and the notebook, a link to a sibling tutorial is its file name; on the
    site, it must lead to that tutorial's post. A link to a script that is no tutorial fails
    the build.
    """
    posts = {Path(t.path).name: t.slug for t in _posts.values()}
    _check_links(content, tutorial)

    def replace(match: re.Match) -> str:
        name, anchor = match.group(1), match.group(2) or ""
        if name not in posts:
            raise PluginError(
                f"{_link_place(tutorial, name + anchor)}: links to {name}, which is not a tutorial"
            )
        if anchor:
            _anchor_links.append((tutorial, name, posts[name], anchor[1:]))
        return f'href="../{posts[name]}/{anchor}"'

    return SCRIPT_LINK.sub(replace, content)


def _check_links(content: str, tutorial: Tutorial) -> None:
    """Fail on a link in the tutorial that the build cannot vouch for.

    A tutorial is read in three places (the site, the script, the notebook), so its links
    take forms that work in all three: another tutorial by its file name (``other.py``,
    with an optional ``#heading``), a heading of the same page (``#heading``, which must
    exist), or a full address that readers can open (not a file or a server on the
    author's machine).
    """
    ids = set(re.findall(r'(?<![\w-])id="([^"]+)"', content))
    prose = FIGURES.sub("", content)  # figures link to their own files
    embedded = EMBEDDED.search(prose)
    if embedded:
        element, address = embedded.group(1).lower(), embedded.group(2)
        raise PluginError(
            f"{tutorial.path}: its page would load {address!r} into <{element}>, in its prose "
            "or an output: the site does not publish it, and no page loads anything from "
            "elsewhere; draw figures with code, and the page shows what the code makes"
        )
    for href in re.findall(r'href="([^"]*)"', prose):
        if re.match(r"[a-z][a-z0-9+.-]*:", href, re.I):
            if reason := unreachable(href):
                raise PluginError(f"{_link_place(tutorial, href)}: links to {href!r}, {reason}")
            continue
        if SCRIPT_LINK.fullmatch(f'href="{href}"'):
            continue
        if href.startswith("#"):
            if href[1:] in ids:
                continue
            raise PluginError(
                f"{_link_place(tutorial, href)}: links to {href!r}, a heading it does not "
                f"have{_did_you_mean(href[1:], HEADING_ID.findall(content))}"
            )
        raise PluginError(
            f"{_link_place(tutorial, href)}: links to {href!r}, which the build cannot check: "
            "link to another tutorial by its file name (other.py#heading), to a heading of the "
            "same tutorial (#heading), or to a full address (https://...)"
        )


HEADING_ID = re.compile(r'<h[1-6][^>]*\sid="([^"]+)"')


def _did_you_mean(anchor: str, headings: list[str]) -> str:
    """A hint that names the heading of `headings` closest to the missing `anchor` if one
    is close, or else lists them all, in page order."""
    near = difflib.get_close_matches(anchor, headings, n=1)
    if near:
        return f": did you mean #{near[0]}?"
    return f"; its headings: {', '.join(f'#{h}' for h in headings)}" if headings else ""


def _link_place(tutorial: Tutorial, href: str) -> str:
    """The tutorial's path and the line of its script where the link to `href` (as the page
    writes it) is, as messages start; the path alone if the script does not hold it (a link
    that an output makes)."""
    target = unescape(href)
    for number, line in enumerate(tutorial.source.splitlines(), 1):
        if f"]({target}" in line or f'"{target}"' in line or f"<{target}>" in line:
            return f"{tutorial.path}:{number}"
    return tutorial.path


def escaped_description(output: str, description: object) -> str:
    """`output` with the page's `description` escaped in its meta tag, where Material's
    template writes it as it is: a double quote in it would end the attribute there."""
    if not isinstance(description, str):
        return output
    written = f'<meta name="description" content="{description}">'
    escaped = f'<meta name="description" content="{escape(description)}">'
    return output.replace(written, escaped, 1)


def unreachable(address: str) -> str | None:
    """Why readers could not open the full `address`, or None if they can."""
    parts = urllib.parse.urlsplit(address)
    if parts.scheme == "mailto":
        return None
    if parts.scheme not in ("http", "https"):
        return f"which readers cannot open: use an http or https address, not {parts.scheme}:"
    host = parts.hostname or ""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        local = host in ("", "localhost") or host.endswith((".localhost", ".local"))
    else:
        local = ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified
    if local:
        return "a server on the author's machine or network, which readers cannot reach"
    return None


def _lead(tutorial: Tutorial, readtime: int | None) -> str:
    """What goes under the post's title: its date and reading time (for narrow screens,
    where the stylesheet hides the blog's sidebar that shows them), its description, links
    to download it, and what it ran with."""
    script = Path(tutorial.path).name
    notebook = Path(script).with_suffix(".ipynb").name
    modules = imported_modules([tutorial.source], _local_modules)
    libraries = versions_used(modules, _distributions)
    dates = [_time(tutorial.date)]
    if tutorial.updated:
        dates.append(f"Updated {_time(tutorial.updated)}")  # as the sidebar says
    if readtime:
        dates.append(f"{readtime} min read")
    return (
        f'<p class="post-meta-narrow">{" · ".join(dates)}</p>'
        f'<p class="post-description">{escape(tutorial.description)}</p>'
        '<p class="post-downloads">Download this tutorial: '
        f'<a href="{script}" download>Python script (.py)</a> · '
        f'<a href="{notebook}" download>Jupyter notebook (.ipynb)</a></p>'
        '<p class="post-versions">'
        f"{escape(ran_with(platform.python_version(), libraries))}</p>"
    )


def contents(toc) -> str:
    """The post's sections as a folded list of links, for screens too narrow for the table
    of contents beside the text (the stylesheet shows it there only); nothing for a post
    without sections. Titles come escaped, as the table of contents shows them."""
    sections = [item for title in toc for item in title.children]  # under the h1
    if not sections:
        return ""
    links = "".join(f'<li><a href="{item.url}">{item.title}</a></li>' for item in sections)
    return (
        '<details class="post-contents" data-search-exclude>'
        f"<summary>Contents</summary><ul>{links}</ul></details>"
    )


# In the post's sidebar, the second date: the blog draws it with its own icon only.
SIDEBAR_UPDATED = re.compile(
    r'(<ul class="md-post__meta[^"]*">(?:(?!</ul>).)*?<time\b(?:(?!</ul>).)*?'
    r'<time\b[^>]*class="md-ellipsis">)',
    re.DOTALL,
)


def label_updated_date(html: str) -> str:
    """Say "Updated" before the second date of a post's sidebar, as the narrow screens'
    line under the title does: two dates side by side do not say which is which."""
    return SIDEBAR_UPDATED.sub(r"\1Updated ", html, count=1)


# A post's excerpt in a listing of posts (the home page), with the link to the post.
EXCERPT = re.compile(
    r'<article class="md-post md-post--excerpt">.*?</article>',
    re.DOTALL,
)
EXCERPT_LINK = re.compile(r'<a class="toclink" href="(?:\.\./)*([\w-]+)/"')
EXCERPT_DATE = re.compile(r"</time>\s*</li>")


def date_updates_in_listing(html: str, updated: dict) -> str:
    """Add to each excerpt of a listing of posts (the home page) the date its post was
    updated, if it was (`updated`: by slug), after the date it was published: a post
    rewritten last week should not pass for an old one."""

    def add_update(match: re.Match) -> str:
        excerpt = match.group(0)
        link = EXCERPT_LINK.search(excerpt)
        date = updated.get(link.group(1)) if link else None
        if date is None:
            return excerpt
        item = f'\n        <li class="md-meta__item">Updated {_time(date)}</li>'
        return EXCERPT_DATE.sub(lambda end: end.group(0) + item, excerpt, count=1)

    return EXCERPT.sub(add_update, html)


def _time(date) -> str:
    """`date` as the blog shows dates (January 14, 2020), for people and for machines."""
    return f'<time datetime="{date.isoformat()}">{date:%B} {date.day}, {date.year}</time>'


def ran_with(python: str, libraries: list[tuple[str, str]]) -> str:
    """The sentence that tells readers which versions the page's outputs come from.

    A no-break space keeps each name on the same line as its version.
    """
    pairs = [("Python", python), *libraries]
    names = [f"{name}\N{NO-BREAK SPACE}{version}" for name, version in pairs]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"Ran at build time with {listed}."


class _NoStubInErrors(logging.Filter):
    """When a page fails with a build error, MkDocs logs "Error reading page '<path>':" and
    leaves the error to be printed next. For a tutorial's post, that path is this hook's
    generated post, which no author has seen, and the error that follows names the
    tutorial: that line is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        reading = re.fullmatch(r"Error reading page '(.+)':", record.getMessage())
        return reading is None or reading[1] not in _posts
