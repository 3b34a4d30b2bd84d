"""Export a Matplotlib figure as the site shows it: one file per colour scheme, plus alt text.

The tutorial draws a figure once, in its own style. The light version is that figure; the dark
version is a copy whose neutral colours (backgrounds, text, axes, grid, black or white marks)
are mapped onto the dark scheme's background and text colours, while saturated data colours
keep their hue (lightened where they would stand out too little from a dark plot),
photographs keep their colours, and colour maps that fade to white fade to the dark
background instead. Each version is saved as SVG or as a 2x PNG, whichever is smaller once
compressed for the web, and named after a hash of its bytes. A whole-figure PNG is compressed
further without losing a pixel (``smaller_png``); an image inside an SVG becomes the smaller
of that PNG and a lossless WebP (``smaller_image``).
"""

from __future__ import annotations

import base64
import colorsys
import gzip
import hashlib
import io
import os
import pickle
import re
from functools import partial
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib._pylab_helpers import Gcf
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.collections import Collection, PathCollection, PolyCollection, QuadMesh
from matplotlib.colors import Colormap, ListedColormap, to_rgba
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Wedge
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from PIL import Image

# Material's slate scheme: page background and body text.
DARK_BACKGROUND = (0x1E / 255, 0x20 / 255, 0x29 / 255)
DARK_FOREGROUND = (0xE2 / 255, 0xE4 / 255, 0xE9 / 255)
NEUTRAL_CHROMA = 0.12  # at most this far from grey counts as a neutral colour
WHITE_LIGHTNESS = 0.9  # a neutral colour with every channel at least this high is white
MARK_CONTRAST = 3.0  # WCAG's least contrast for the marks of a graphic against their background
PNG_SCALE = 2  # pixels per CSS pixel: crisp on high-DPI screens
MAX_NAMED_COLOURS = 12  # more colours than this, and the points follow a colour scale
# Alt text gives the values of a line chart's lines when they are this few: the readers who
# cannot see the chart get what it plots.
MAX_LISTED_LINES = 4
MAX_LISTED_POINTS = 12
# Saved as the figure is drawn on the page: its own size and colours, whatever the
# tutorial's savefig settings (a tight box would change the size the page gives it).
SAVE_RC = {
    "svg.hashsalt": "tutorial-figures",
    "svg.fonttype": "path",
    "savefig.bbox": "standard",
    "savefig.facecolor": "auto",
    "savefig.edgecolor": "auto",
    "savefig.transparent": False,
}
EMBEDDED_IMAGE = re.compile(rb'xlink:href="data:image/png;base64,\s*([A-Za-z0-9+/=\s]+)"')
# Lossless WebP, at an effort that keeps nearly all of the gain for a tenth of the time of
# the highest one; "exact" keeps the colour of transparent pixels too.
WEBP_OPTIONS = {"lossless": True, "quality": 25, "method": 4, "exact": True}


def export(figure: Figure, directory: Path, *, preview: bool = False) -> dict:
    """Save both versions of `figure` in `directory`; describe them for the page.

    With `preview`, also save the light version as a PNG at the figure's own size: the
    picture that link previews (chat apps, social sites) show of the page, which must be
    a bitmap, at a size they accept (a few hundred pixels wide or more).
    """
    if not titled(figure):
        raise ValueError(
            "the figure has no title: give it one (fig.suptitle, or ax.set_title on a"
            " panel), which tells readers what it shows and starts its alt text"
        )
    dark = copy_figure(figure)
    to_dark_scheme(dark)
    svg = render(figure, ".svg")
    # The 1x PNG, drawn at the figure's own resolution, also lays the figure out as a
    # reader's would be shown: the check for cut-off text reuses that layout.
    small_png = render(figure, ".png", optimise=False, scale=1)
    cut = cut_off_text(figure, laid_out=True)
    if cut:
        shown = ", ".join(f"“{text}”" for text in cut) or "part of it"
        raise ValueError(
            f"{shown} runs past the figure's edge: lay the figure out with "
            'layout="constrained" (in plt.subplots or plt.figure), which keeps its text '
            "inside, make the figure larger, or make the text shorter"
        )
    light_bytes, suffix = smaller_of(figure, svg, small_png)
    dark_bytes = render(dark, suffix)
    width, height = (round(v) for v in figure.get_size_inches() * figure.dpi)
    exported = {
        "light": _store(light_bytes, suffix, directory),
        "dark": _store(dark_bytes, suffix, directory),
        "width": width,
        "height": height,
        "alt": describe(figure),
    }
    if preview:
        exported["preview"] = _store(smaller_png(small_png), ".png", directory)
    return exported


def titled(figure: Figure) -> bool:
    """Whether `figure`, or one of its panels, has a title: what its alt text starts with."""
    panels = [axes for axes in figure.axes if _is_plot(axes)]
    return bool(_suptitles(figure) or any(panel_title(p) for p in panels))


def panel_title(axes: Axes) -> str:
    """The title of `axes`: the centred one, else the one on the left, else on the right."""
    for loc in ("center", "left", "right"):
        title = axes.get_title(loc).strip()
        if title:
            return title
    return ""


def copy_figure(figure: Figure) -> Figure:
    """An independent copy of `figure`, so that the original is never changed.

    Unpickling a pyplot figure registers the copy with pyplot, which would show it too:
    the copy is unregistered at once.
    """
    copy = pickle.loads(pickle.dumps(figure))
    Gcf.destroy_fig(copy)
    return copy


def cut_off_text(figure: Figure, *, laid_out: bool = False) -> list[str] | None:
    """None if all that `figure` draws lies within it (to a pixel); else the texts that run
    past its edges, which a reader's own figure would cut off too (tick labels unnamed).

    `laid_out`: the figure was last drawn at its own resolution, and needs no new layout.
    """
    if not laid_out:
        figure.draw_without_rendering()  # lays it out at its own resolution, as shown
    width, height = (int(v) for v in figure.bbox.size)
    renderer = RendererAgg(width, height, figure.dpi)
    edges = figure.bbox.padded(1)
    drawn = figure.get_tightbbox(renderer).transformed(figure.dpi_scale_trans)
    if _inside(drawn, edges):
        return None
    ticks = {
        label for axes in figure.axes for label in axes.get_xticklabels() + axes.get_yticklabels()
    }
    return [
        text.get_text()
        for text in figure.findobj(Text)
        if text.get_visible()
        and text.get_text().strip()
        and text not in ticks
        and not _inside(text.get_window_extent(renderer), edges)
    ]


def smaller_of(figure: Figure, svg: bytes, small_png: bytes) -> tuple[bytes, str]:
    """`figure`'s `svg` if it is smaller than a 2x PNG once gzipped, else that PNG,
    compressed further.

    A 2x PNG has four times the pixels of the 1x PNG `small_png` and is never smaller, so an
    SVG no larger than the 1x PNG wins without drawing the 2x one.
    """
    svg_size = len(gzip.compress(svg, mtime=0))
    if svg_size <= len(small_png):
        return svg, ".svg"
    png = render(figure, ".png", optimise=False)
    if svg_size <= len(png):
        return svg, ".svg"
    return smaller_png(png), ".png"


def render(figure: Figure, suffix: str, *, optimise: bool = True, scale: int = PNG_SCALE) -> bytes:
    """The bytes of `figure` as SVG or as a losslessly compressed 2x PNG, without timestamps."""
    buffer = io.BytesIO()
    with mpl.rc_context(SAVE_RC):
        if suffix == ".svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None})
            return _with_smaller_images(buffer.getvalue())
        figure.savefig(buffer, format="png", dpi=figure.dpi * scale, metadata={"Software": None})
    return smaller_png(buffer.getvalue()) if optimise else buffer.getvalue()


def smaller_png(data: bytes) -> bytes:
    """The same pixels as the PNG `data`, in as few bytes as Pillow manages.

    Matplotlib writes RGBA at the fastest compression. An alpha channel that is opaque
    everywhere is dropped, and an image of at most 256 colours (a palette, a quantized
    photograph) is stored as indices into its own palette, before the strongest compression.
    """
    image = Image.open(io.BytesIO(data))
    image.load()
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    if image.mode == "RGB" and image.getcolors(maxcolors=256) is not None:
        image = _palette_image(image)
    optimised = io.BytesIO()
    image.save(optimised, format="png", optimize=True)
    return min(data, optimised.getvalue(), key=len)


def smaller_image(data: bytes) -> tuple[bytes, str]:
    """The PNG `data` as the smaller of ``smaller_png`` and a lossless WebP, with its type.

    Photographs inside figures take a fifth less room as WebP, which every current browser
    shows inside an SVG; flat images are often smaller as palette PNGs.
    """
    png = smaller_png(data)
    image = Image.open(io.BytesIO(data))
    webp = io.BytesIO()
    try:
        image.save(webp, format="webp", **WEBP_OPTIONS)
    except (OSError, ValueError):  # WebP holds at most 16383 pixels a side
        return png, "image/png"
    if len(webp.getvalue()) < len(png):
        return webp.getvalue(), "image/webp"
    return png, "image/png"


def to_dark_scheme(figure: Figure) -> None:
    """Map the neutral colours of `figure` onto the dark scheme, in place.

    Other colours keep their hue, lightened only where they would stand out too little from
    the lightest panel of the dark figure (``dark_colour``): one mapping for the whole
    figure, so that a legend's marks keep the colour of the marks they name.

    A colour map that runs from (or through) white, as greys and most single-hue maps do,
    is flipped in lightness (``dark_colour_map``): its low values fade into the dark
    background as they faded into the white one. A grey annotation on one of its cells turns
    white or black, whichever reads better on the flipped cell: one of the two always has
    WCAG's contrast for text, where the scheme's own text and background colours, or the
    annotation flipped with its cell, fall short on cells of middling lightness. Other colour
    maps, and photographs, stay as they are, and so do the annotations on them.
    """
    panel = _lightest_dark_panel(figure)
    mapped_colours: dict[tuple, tuple] = {}  # a scatter plot repeats a few colours many times

    def dark(colour):
        rgba = to_rgba(colour)
        if rgba not in mapped_colours:
            mapped_colours[rgba] = dark_colour(rgba, against=panel)
        return mapped_colours[rgba]

    protected = set()
    flipped_meshes = []
    for axes in figure.axes:
        mapped = [a for a in (*axes.images, *axes.collections) if _colour_mapped(a)]
        kept = [a for a in mapped if not _flip_colour_map(a)]
        photographs = [image for image in axes.images if not _colour_mapped(image)]
        if kept or photographs:
            protected.update(axes.texts)  # annotations on a heatmap are chosen for its cells
        flipped_meshes += [a for a in mapped if a not in kept and isinstance(a, QuadMesh)]
    artists = figure.findobj()
    # An annotation's arrow, and the box around a text, are drawn by the text but are not
    # among its children.
    drawn_by_texts = [
        patch
        for artist in artists
        if isinstance(artist, Text) and artist not in protected
        for patch in (getattr(artist, "arrow_patch", None), artist.get_bbox_patch())
        if patch
    ]
    for artist in dict.fromkeys([*artists, *drawn_by_texts]):  # each once: a neutral maps back
        if artist in protected or isinstance(artist, AxesImage):
            continue
        if isinstance(artist, Text):
            artist.set_color(dark(artist.get_color()))
        elif isinstance(artist, Line2D):
            # The markers' colours first: those that follow the line's ("auto") read as it,
            # and would read as its new colour once it is set.
            face, edge = artist.get_markerfacecolor(), artist.get_markeredgecolor()
            artist.set_color(dark(artist.get_color()))
            for value, set_ in (
                (face, artist.set_markerfacecolor),
                (edge, artist.set_markeredgecolor),
            ):
                if not (isinstance(value, str) and value in ("none", "auto")):
                    set_(dark(value))
        elif isinstance(artist, Patch):
            artist.set_facecolor(dark(artist.get_facecolor()))
            artist.set_edgecolor(dark(artist.get_edgecolor()))
        elif isinstance(artist, Collection):
            if not _colour_mapped(artist):
                artist.set_facecolor([dark(c) for c in artist.get_facecolor()])
            if not _edges_follow_faces(artist):
                artist.set_edgecolor([dark(c) for c in artist.get_edgecolor()])
    for mesh in flipped_meshes:
        for text in mesh.axes.texts:
            cell = _cell_colour(mesh, text)
            if cell is not None and _is_neutral(to_rgba(text.get_color())):
                text.set_color(max((1, 1, 1), (0, 0, 0), key=partial(contrast, cell)))


def dark_colour(colour, against=DARK_BACKGROUND) -> tuple[float, float, float, float]:
    """The dark-scheme counterpart of `colour`: neutrals flip; other colours keep their hue
    and saturation, lightened if need be until they stand out from the dark `against` with
    a contrast of MARK_CONTRAST."""
    r, g, b, a = to_rgba(colour)
    if a == 0:
        return (r, g, b, a)
    if not _is_neutral((r, g, b)):
        return (*_readable_on((r, g, b), against), a)
    lightness = colorsys.rgb_to_hls(r, g, b)[1]
    pairs = zip(DARK_BACKGROUND, DARK_FOREGROUND, strict=True)
    mixed = (bg + (1 - lightness) * (fg - bg) for bg, fg in pairs)
    return (*mixed, a)


def dark_colour_map(colour_map: Colormap) -> Colormap | None:
    """The dark-scheme counterpart of a colour map that runs from or through white: the
    lightness of each of its colours flipped onto the dark scheme, hues kept (neutral
    colours map as ``dark_colour`` maps them). None for a colour map without white, such
    as viridis, which reads on either background as it is."""
    colours = colour_map(np.linspace(0, 1, colour_map.N))
    if not any(_near_white(colour) for colour in colours):
        return None
    return ListedColormap([_flipped(colour) for colour in colours], f"{colour_map.name}_dark")


def describe(figure: Figure) -> str:
    """Alt text written from what the figure shows: titles, kinds of plot, axes, marks, legends
    (the panels' and the figure's own).

    Panels in a row that differ at most by their titles are described once ("Panels 5 to 7:
    Images titled “a”, “b”, “c”; ...").
    """
    parts = []
    suptitle = figure.get_suptitle().strip()
    if suptitle:
        parts.append(f"{suptitle}.")
    parts_titles = _suptitles(figure)[1 if suptitle else 0 :]  # of its subfigures
    if parts_titles:
        parts.append("Parts titled " + ", ".join(f"“{title}”" for title in parts_titles) + ".")
    panels = [_describe_axes(axes) for axes in figure.axes if _is_plot(axes)]
    runs = []  # [first panel number, kind, titles, details]
    for number, (kind, title, details) in enumerate(panels, 1):
        if runs and runs[-1][1:2] + runs[-1][3:] == [kind, details]:
            runs[-1][2].append(title)
        else:
            runs.append([number, kind, [title], details])
    for first, kind, titles, details in runs:
        plural = f"{kind}s" if len(titles) > 1 else kind
        if len(set(titles)) == 1:
            text = _titled(plural, titles[0]) + details
        else:
            text = f"{plural} titled " + ", ".join(f"“{title}”" for title in titles) + details
        last = first + len(titles) - 1
        if len(panels) == 1:
            parts.append(text)
        elif first == last:
            parts.append(f"Panel {first}: {text}")
        else:
            joint = "and" if last == first + 1 else "to"
            parts.append(f"Panels {first} {joint} {last}: {text}")
    axes_names = [(figure.get_supxlabel(), "x axis"), (figure.get_supylabel(), "y axis")]
    shared = "; ".join(f"{name} of every panel: {label}" for label, name in axes_names if label)
    if shared:
        parts.append(shared[0].upper() + shared[1:] + ".")
    for legend in figure.legends:
        labels = [text.get_text() for text in legend.get_texts() if text.get_text()]
        if labels:
            parts.append("Legend: " + "; ".join(labels) + ".")
    return " ".join(parts) or "A figure without titles or labels."


# ---------------------------------------------------------------------------------------------
# Private helpers


def _suptitles(figure) -> list[str]:
    """The titles of `figure` and of its subfigures, at any depth, in order."""
    titles = [figure.get_suptitle().strip()]
    for subfigure in figure.subfigs:
        titles.extend(_suptitles(subfigure))
    return [title for title in titles if title]


def _lightest_dark_panel(figure: Figure) -> tuple[float, float, float]:
    """The lightest background that marks of the dark `figure` are drawn on: its own, or
    one of its plots', once mapped onto the dark scheme. Only a light grey or white turns
    dark; a see-through background, or a dark one (which turns light), does not count."""
    faces = [figure.get_facecolor(), *(axes.get_facecolor() for axes in figure.axes)]
    dark = [
        dark_colour(face)[:3]
        for face in map(to_rgba, faces)
        if face[3] > 0 and _is_neutral(face) and colorsys.rgb_to_hls(*face[:3])[1] >= 0.5
    ]
    return max(dark, key=_luminance, default=DARK_BACKGROUND)


def _readable_on(colour: tuple, background: tuple) -> tuple[float, float, float]:
    """`colour`, as little lighter as it takes (same hue and saturation) to stand out from
    the dark `background` with a contrast of MARK_CONTRAST, or as far as white allows."""
    if contrast(colour, background) >= MARK_CONTRAST:
        return colour
    hue, low, saturation = colorsys.rgb_to_hls(*colour)
    high = 1.0
    for _ in range(24):  # lightness to well under a 255th
        middle = (low + high) / 2
        if contrast(colorsys.hls_to_rgb(hue, middle, saturation), background) >= MARK_CONTRAST:
            high = middle
        else:
            low = middle
    return colorsys.hls_to_rgb(hue, high, saturation)


def _luminance(colour: tuple) -> float:
    """WCAG's relative luminance of an sRGB colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: tuple, second: tuple) -> float:
    """WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black and white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _is_neutral(colour: tuple) -> bool:
    """Whether the RGB(A) `colour` is a grey, or near enough."""
    return max(colour[:3]) - min(colour[:3]) <= NEUTRAL_CHROMA


def _inside(box: Bbox, edges: Bbox) -> bool:
    return edges.x0 <= box.x0 and box.x1 <= edges.x1 and edges.y0 <= box.y0 and box.y1 <= edges.y1


def _with_smaller_images(svg: bytes) -> bytes:
    """`svg` with each embedded PNG image made smaller by ``smaller_image``."""

    def replace(match: re.Match) -> bytes:
        data, kind = smaller_image(base64.b64decode(match.group(1)))
        return b'xlink:href="data:%s;base64,%s"' % (kind.encode(), base64.b64encode(data))

    return EMBEDDED_IMAGE.sub(replace, svg)


def _palette_image(image: Image.Image) -> Image.Image:
    """An RGB image of at most 256 colours as the same pixels in palette mode, exactly."""
    rgb = np.asarray(image, dtype=np.uint32)
    packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    colours = np.unique(packed)
    indices = Image.fromarray(np.searchsorted(colours, packed).astype(np.uint8))
    palette = np.stack([colours >> 16, (colours >> 8) & 255, colours & 255], axis=1)
    indices.putpalette(palette.astype(np.uint8).tobytes())
    return indices


def _store(data: bytes, suffix: str, directory: Path) -> str:
    name = hashlib.sha256(data).hexdigest()[:20] + suffix
    path = directory / name
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{name}.{os.getpid()}.part")  # kernels run side by side
        temporary.write_bytes(data)
        temporary.replace(path)
    return name


def _colour_mapped(artist: Collection | AxesImage) -> bool:
    """Whether `artist` takes its colours from values through a colour map (an image of
    colours, a photograph, does not)."""
    values = artist.get_array()
    return values is not None and not (isinstance(artist, AxesImage) and values.ndim == 3)


def _flip_colour_map(artist: Collection | AxesImage) -> bool:
    """Give `artist` the dark counterpart of its colour map, if it has one; whether it did."""
    flipped = dark_colour_map(artist.get_cmap())
    if flipped is not None:
        artist.set_cmap(flipped)
    return flipped is not None


def _cell_colour(mesh: QuadMesh, text: Text) -> tuple | None:
    """The colour of the cell of `mesh` that `text` is anchored in, if it is anchored in one
    (in data coordinates, on a grid of rows and columns, as a heatmap's are)."""
    if text.get_transform() is not mesh.axes.transData:
        return None
    corners = mesh.get_coordinates()  # (rows + 1, columns + 1, 2)
    x, y = text.get_position()
    row, column = _cell_index(corners[:, 0, 1], y), _cell_index(corners[0, :, 0], x)
    if row is None or column is None:
        return None
    values = np.ma.asarray(mesh.get_array()).reshape(np.subtract(corners.shape[:2], 1))
    colour = mesh.to_rgba(values[row, column])
    return colour[:3] if colour[3] > 0 else None


def _cell_index(edges: np.ndarray, value: float) -> int | None:
    """Which of the intervals between the ordered `edges` holds `value`, if any."""
    ascending = edges[0] <= edges[-1]
    index = int(np.searchsorted(edges if ascending else edges[::-1], value)) - 1
    if not 0 <= index < len(edges) - 1:
        return None
    return index if ascending else len(edges) - 2 - index


def _edges_follow_faces(collection: Collection) -> bool:
    """Whether the edges of `collection` take the colour of its faces (edgecolor="face"),
    which mapping the faces maps too."""
    edges = collection._edgecolors  # no public getter tells "face" from its colours
    return isinstance(edges, str) and edges == "face"


def _near_white(colour) -> bool:
    return _is_neutral(colour) and min(colour[:3]) >= WHITE_LIGHTNESS


def _flipped(colour) -> tuple[float, float, float, float]:
    """`colour` with its lightness flipped onto the dark scheme, as ``dark_colour`` flips a
    grey, and its tint (how far each channel lies from that grey) kept."""
    r, g, b, a = colour
    lightness = (max(r, g, b) + min(r, g, b)) / 2
    grey = dark_colour((lightness, lightness, lightness))[:3]
    tinted = (base + c - lightness for base, c in zip(grey, (r, g, b), strict=True))
    return (*(min(1.0, max(0.0, channel)) for channel in tinted), a)


def _is_plot(axes: Axes) -> bool:
    """Colour bars and empty axes are part of a panel, not panels of their own."""
    return axes.get_label() != "<colorbar>" and axes.axison


def _titled(kind: str, title: str) -> str:
    return f"{kind} titled “{title}”" if title else kind


def _describe_axes(axes: Axes) -> tuple[str, str, str]:
    """The kind of plot on `axes`, its title, and the rest of its description."""
    sentence = ""
    xlabel, ylabel = axes.get_xlabel(), axes.get_ylabel()
    if xlabel and ylabel:
        sentence += f", {ylabel} against {xlabel}"
    elif xlabel:
        sentence += f"; x axis: {xlabel}"
    elif ylabel:
        sentence += f"; y axis: {ylabel}"
    marks = _describe_marks(axes)
    if marks:
        sentence += f"; {marks}"
    for part in _describe_lines(axes) + _describe_grid(axes):
        sentence += f"; {part}"
    legend = axes.get_legend()
    if isinstance(legend, Legend):
        labels = [text.get_text() for text in legend.get_texts() if text.get_text()]
        if labels:
            sentence += "; legend: " + ", ".join(labels)
    return _kind_of_plot(axes), panel_title(axes), sentence + "."


def _describe_marks(axes: Axes) -> str:
    """How many points, larger marks, hollow rings, filled areas and arrows `axes` shows.

    The scatter with the most points sets the size of a point; a mark four times its area
    or more (a cluster center, say) is counted apart, and so are marks without a fill,
    which circle points rather than add any.
    """
    scatters = [
        c for c in axes.collections if isinstance(c, PathCollection) and len(c.get_offsets())
    ]
    points = large = hollow = 0
    colours = set()
    mapped = False  # coloured by values through a colour map
    if scatters:
        biggest = max(scatters, key=lambda c: len(c.get_offsets()))
        point_size = _mark_size(biggest)
        for collection in scatters:
            count = len(collection.get_offsets())
            faces = collection.get_facecolors()
            if len(faces) == 0 or not np.any(faces[:, 3]):
                hollow += count
            elif _mark_size(collection) >= 4 * point_size:
                large += count
            else:
                points += count
                mapped = mapped or _colour_mapped(collection)
                colours.update(map(tuple, np.round(faces, 3)))
    areas = sum(isinstance(c, PolyCollection) and not _colour_mapped(c) for c in axes.collections)
    found = []
    if points:
        tint = f" in {len(colours)} colours" if 1 < len(colours) <= MAX_NAMED_COLOURS else ""
        if mapped or len(colours) > MAX_NAMED_COLOURS:
            tint = " coloured along a scale"
        found.append(f"{points} point{'s' * (points != 1)}{tint}")
    if large:
        found.append(f"{large} larger mark{'s' * (large != 1)}")
    if hollow:
        found.append(f"{hollow} hollow ring{'s' * (hollow != 1)}")
    if areas:
        found.append(f"{areas} filled area{'s' * (areas != 1)}")
    arrows = sum(isinstance(t, Annotation) and t.arrow_patch is not None for t in axes.texts)
    if arrows:
        found.append(f"{arrows} arrow{'s' * (arrows != 1)}")
    return ", ".join(found[:-1]) + " and " + found[-1] if len(found) > 1 else "".join(found)


def _describe_lines(axes: Axes) -> list[str]:
    """The lines of data on `axes`, each with the points it joins where they are few
    ("a line “train” through (1, 0.5), (2, 0.25)"), or else how many it joins."""
    lines = [line for line in axes.lines if len(line.get_xdata()) and not _reference_line(line)]
    if len(lines) > MAX_LISTED_LINES:
        return [f"{len(lines)} lines"]
    found = []
    for line in lines:
        label = line.get_label()
        unjoined = line.get_linestyle() in ("None", "", " ")  # marks only
        kind, joins = ("marks", "at") if unjoined else ("a line", "through")
        name = kind if label.startswith("_") else f"{kind} “{label}”"
        x, y = line.get_xdata(), line.get_ydata()
        if len(x) > MAX_LISTED_POINTS:
            found.append(f"{name} of {len(x)} points")
        else:
            pairs = zip(map(_value, x), map(_value, y), strict=True)
            found.append(f"{name} {joins} " + ", ".join(f"({a}, {b})" for a, b in pairs))
    return found


def _describe_grid(axes: Axes) -> list[str]:
    """The size of a heat map's grid, and whether its cells are labelled with their values."""
    found = []
    for mesh in (c for c in axes.collections if isinstance(c, QuadMesh)):
        rows, columns = np.subtract(mesh.get_coordinates().shape[:2], 1)
        text = f"{rows} by {columns} cells"
        in_cells = sum(_cell_colour(mesh, label) is not None for label in axes.texts)
        if in_cells == rows * columns:
            text += ", each labelled with its value"
        found.append(text)
    return found


def _value(value) -> str:
    """A number as alt text gives it: three significant digits, and no thousands separator
    (in "(2, 3010)", a comma parts the two values)."""
    if not isinstance(value, (int, float, np.number)) or isinstance(value, (bool, np.bool_)):
        return str(value)
    rounded = float(f"{value:.3g}")
    return str(int(rounded)) if rounded.is_integer() and abs(rounded) < 1e15 else f"{rounded:g}"


def _mark_size(collection: PathCollection) -> float:
    sizes = collection.get_sizes()
    return float(np.median(sizes)) if len(sizes) else mpl.rcParams["lines.markersize"] ** 2


def _kind_of_plot(axes: Axes) -> str:
    """What `axes` draws, by its main marks: a line with a shaded band is a line chart, a
    band beside a reference line (a mean, say) an area chart."""
    polygons = [c for c in axes.collections if isinstance(c, PolyCollection)]
    if axes.images:
        return "Image"
    if any(isinstance(c, QuadMesh) for c in axes.collections) or any(
        _colour_mapped(c)
        for c in polygons  # hexbin
    ):
        return "Heat map"
    if any(isinstance(c, PathCollection) and len(c.get_offsets()) for c in axes.collections):
        return "Scatter plot"
    if axes.patches:
        return "Pie chart" if all(isinstance(p, Wedge) for p in axes.patches) else "Bar chart"
    if any(not _reference_line(line) for line in axes.lines):
        return "Line chart"
    if polygons:
        return "Area chart"
    if axes.lines:
        return "Line chart"
    return "Chart"


def _reference_line(line: Line2D) -> bool:
    """A line across the axes at one value (axvline, axhline), not a line of data."""
    x, y = (np.asarray(values, dtype=object) for values in line.get_data())
    return len(x) == 2 and (x[0] == x[1] or y[0] == y[1])
