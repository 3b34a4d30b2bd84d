"""Publish each tutorial script in tutorial_src/ as a post of Material's blog.

Material's blog plugin reads posts as Markdown files with YAML front matter; mkdocs-jupyter
executes notebooks and renders them. For each tutorial the bridge between the two is:

1. ``on_files``, before both plugins: read and check the tutorial, then add to the site a
   generated Markdown post holding its metadata and excerpt. The blog plugin makes it a post:
   URL, date, reading time, listing on the home page.
2. ``on_nav``, after the blog plugin has read that post: point the post's source at a copy of
   the tutorial without the post fields, so that mkdocs-jupyter executes and renders the
   tutorial as the body of the post.
3. ``on_pre_page``, after mkdocs-jupyter: a cell that raises fails the build with a message
   naming the tutorial, the cell and the error.

The generated files live in .cache/tutorial-posts/, outside the docs folder.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from tutorial_reader import (
    Tutorial,
    TutorialError,
    describe_cell_error,
    notebook_script,
    post_stub,
    read_tutorial,
)

TUTORIAL_DIR = "tutorial_src"
GENERATED_DIR = ".cache/tutorial-posts"
POSTS_DIR = "posts"

# Posts added by this build: the post's source URI -> (tutorial, executable copy).
_posts: dict[str, tuple[Tutorial, Path]] = {}


@event_priority(100)
def on_files(files, config):
    _posts.clear()
    root = Path(config.config_file_path).parent
    generated = root / GENERATED_DIR
    for source in sorted((root / TUTORIAL_DIR).glob("*.py")):
        tutorial = _read(source, root)
        stub = _write_if_changed(generated / POSTS_DIR / f"{source.stem}.md", post_stub(tutorial))
        script = _write_if_changed(generated / "notebooks" / source.name, notebook_script(tutorial))
        src_uri = f"{POSTS_DIR}/{source.stem}.md"
        files.append(File.generated(config, src_uri, abs_src_path=str(stub)))
        _posts[src_uri] = (tutorial, script)
    return files


@event_priority(-100)
def on_nav(nav, config, files):
    for src_uri, (_, script) in _posts.items():
        files.get_file_from_path(src_uri).abs_src_path = str(script)
    return nav


@event_priority(-100)
def on_pre_page(page, config, files):
    if page.file.src_uri in _posts:
        tutorial, _ = _posts[page.file.src_uri]
        page.render = _naming_failures(page.render, tutorial)
    return page


def on_page_content(html, page, config, files):
    if page.file.src_uri not in _posts:
        return html
    tutorial, _ = _posts[page.file.src_uri]
    return _insert_description(html, tutorial.description)


# ---------------------------------------------------------------------------------------------
# Private helpers


def _read(source: Path, root: Path) -> Tutorial:
    try:
        return read_tutorial(source.relative_to(root).as_posix(), source.read_text("utf-8"))
    except TutorialError as error:
        raise PluginError(str(error)) from None


def _write_if_changed(path: Path, text: str) -> Path:
    """Write `text` to `path` unless it already holds it, so unchanged files keep their mtime."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path


def _naming_failures(render, tutorial: Tutorial):
    """Wrap mkdocs-jupyter's `render` so that any failure names the tutorial."""

    def render_tutorial(config, files):
        try:
            render(config, files)
        except Exception as error:
            raise PluginError(describe_cell_error(tutorial, error)) from None

    return render_tutorial


def _insert_description(content: str, description: str) -> str:
    """Show the post's description under its title, as a lead paragraph."""
    lead = f'<p class="post-description">{escape(description)}</p>'
    return content.replace("</h1>", f"</h1>{lead}", 1)
