"""Figures for both colour schemes, from one Matplotlib figure (the kernel's figure_export)."""

from __future__ import annotations

import base64
import colorsys
import io
import itertools
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from figure_export import (
    DARK_BACKGROUND,
    DARK_FOREGROUND,
    EMBEDDED_IMAGE,
    copy_figure,
    cut_off_text,
    dark_colour,
    dark_colour_map,
    describe,
    export,
    render,
    smaller_image,
    smaller_of,
    smaller_png,
    titled,
    to_dark_scheme,
)
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from PIL import Image
from seaborn.utils import relative_luminance

BLUE = to_rgba("#0173b2")


def scatter_figure() -> Figure:
    figure = Figure(figsize=(4, 3), layout="constrained")
    axes = figure.add_subplot()
    axes.set_facecolor("#e5e5e5")
    axes.scatter([1, 2, 3], [3, 1, 2], color=BLUE, label="blob 0")
    axes.scatter([2], [2], facecolors="none", edgecolors="black", label="disagrees")
    axes.set(title="Three points", xlabel="first", ylabel="second")
    axes.legend()
    return figure


def test_neutral_colours_flip_and_data_colours_stay():
    assert dark_colour("white") == pytest.approx((*DARK_BACKGROUND, 1))
    assert dark_colour("black") == pytest.approx((*DARK_FOREGROUND, 1))
    grey = dark_colour("#555555")
    assert DARK_BACKGROUND[0] < grey[0] < DARK_FOREGROUND[0]
    assert dark_colour(BLUE) == BLUE
    assert dark_colour((1, 1, 1, 0.5))[3] == 0.5
    assert dark_colour("none") == (0, 0, 0, 0)


def test_the_dark_copy_changes_chrome_not_data_and_leaves_the_original():
    figure = scatter_figure()
    axes = figure.axes[0]
    dark = copy_figure(figure)
    to_dark_scheme(dark)
    dark_axes = dark.axes[0]
    assert dark_axes.get_facecolor()[0] < 0.3, "the plot area is dark"
    assert to_rgba(dark_axes.title.get_color())[0] > 0.7, "the title is light"
    dark_blue = tuple(dark_axes.collections[0].get_facecolor()[0])
    assert contrast(dark_blue, dark_axes.get_facecolor()) == pytest.approx(3, abs=0.01), (
        "a blue too dark to read on the dark plot is lightened just enough"
    )
    assert hue_and_saturation(dark_blue) == pytest.approx(hue_and_saturation(BLUE))
    assert dark_axes.get_legend().legend_handles[0].get_facecolor()[0] == pytest.approx(
        dark_blue
    ), "the legend's mark keeps the colour of the marks it names"
    assert dark_axes.collections[1].get_edgecolor()[0][0] > 0.7, "black rings turn light"
    assert axes.get_facecolor() == to_rgba("#e5e5e5"), "the original is untouched"
    assert tuple(axes.collections[1].get_edgecolor()[0]) == (0, 0, 0, 1)


def test_data_colours_that_read_on_the_dark_plot_stay_and_arrows_turn_light():
    figure = Figure(figsize=(4, 3))
    axes = figure.add_subplot()
    orange = to_rgba("#de8f05")
    axes.scatter([1, 2], [1, 2], color=orange)
    axes.annotate("", xy=(2, 2), xytext=(1, 1), arrowprops={"arrowstyle": "->", "color": "k"})
    to_dark_scheme(figure)
    assert tuple(axes.collections[0].get_facecolor()[0]) == pytest.approx(orange)
    arrow = axes.texts[0].arrow_patch
    assert arrow.get_edgecolor() == pytest.approx((*DARK_FOREGROUND, 1))


def test_black_markers_turn_light_with_their_line():
    figure = Figure(figsize=(4, 3))
    axes = figure.add_subplot()
    (line,) = axes.plot([0, 1, 2], [1, 2, 1], "ko-")  # markers that follow the line's colour
    bars = axes.errorbar([0, 1], [1, 2], yerr=0.1, fmt="s", color="black", mfc="white")
    to_dark_scheme(figure)
    light, page = (*DARK_FOREGROUND, 1), (*DARK_BACKGROUND, 1)
    assert to_rgba(line.get_color()) == pytest.approx(light)
    assert to_rgba(line.get_markerfacecolor()) == pytest.approx(light)
    assert to_rgba(line.get_markeredgecolor()) == pytest.approx(light)
    assert to_rgba(bars.lines[0].get_markeredgecolor()) == pytest.approx(light)
    assert to_rgba(bars.lines[0].get_markerfacecolor()) == pytest.approx(page), "white: flips"


def test_the_box_around_a_text_turns_dark_with_it():
    figure = Figure(figsize=(4, 3))
    axes = figure.add_subplot()
    text = axes.text(0.5, 0.5, "boxed", bbox={"facecolor": "white", "edgecolor": "black"})
    to_dark_scheme(figure)
    assert to_rgba(text.get_color()) == pytest.approx((*DARK_FOREGROUND, 1))
    box = text.get_bbox_patch()
    assert box.get_facecolor() == pytest.approx((*DARK_BACKGROUND, 1))
    assert box.get_edgecolor() == pytest.approx((*DARK_FOREGROUND, 1))


def test_points_coloured_by_a_map_keep_edges_of_their_own_colour():
    figure = Figure(figsize=(4, 3))
    axes = figure.add_subplot()
    points = axes.scatter([0, 1, 2], [0, 1, 2], c=[0, 1, 2], cmap="viridis")
    to_dark_scheme(figure)
    FigureCanvasAgg(figure).draw()  # a mapped collection takes its colours as it is drawn
    assert np.array_equal(points.get_edgecolor(), points.get_facecolor())
    assert tuple(points.get_facecolor()[0]) == matplotlib.colormaps["viridis"](0.0), "mapped"


def test_the_tutorials_savefig_settings_do_not_change_the_saved_figure():
    figure = Figure(figsize=(4, 3))
    figure.add_subplot().set_title("Saved whole")
    to_dark_scheme(figure)
    settings = {"savefig.facecolor": "white", "savefig.bbox": "tight", "savefig.transparent": True}
    with matplotlib.rc_context(settings):
        svg = render(figure, ".svg")
    assert re.search(rb'width="288pt" height="216pt"', svg), "the size the page gives it"
    background = re.search(rb"fill: (#[0-9a-f]{6})", svg).group(1)  # the figure's, first
    assert background == b"#1e2029", "the dark scheme's page, not white, nor see-through"


@pytest.mark.parametrize("face", [(1, 1, 1, 0), "black"], ids=["see-through", "dark"])
def test_a_plot_that_does_not_turn_dark_leaves_data_colours_as_on_the_page(face):
    figure = Figure(figsize=(4, 3))
    figure.patch.set_alpha(0)
    axes = figure.add_subplot()
    axes.set_facecolor(face)
    yellow = to_rgba("#ece133")  # light: it reads on the dark page, not on white
    axes.scatter([1, 2], [1, 2], color=yellow)
    to_dark_scheme(figure)
    assert tuple(axes.collections[0].get_facecolor()[0]) == pytest.approx(yellow)


def contrast(first, second) -> float:
    """WCAG's contrast ratio, computed here apart from the exporter's own."""

    def luminance(colour):
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
        return np.dot([0.2126, 0.7152, 0.0722], channels)

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hue_and_saturation(colour) -> tuple[float, float]:
    hue, _, saturation = colorsys.rgb_to_hls(*colour[:3])
    return hue, saturation


def test_photographs_and_colour_maps_without_white_keep_their_colours():
    figure = Figure()
    photo_axes, mapped_axes = figure.subplots(1, 2)
    photo = np.random.default_rng(0).random((4, 4, 3))
    photo_axes.imshow(photo)
    photo_axes.text(0, 0, "a", color="black")
    mapped_axes.imshow(np.eye(3), cmap="viridis")
    mapped_axes.text(0, 0, "1", color="black")  # annotations chosen for the cells
    to_dark_scheme(figure)
    np.testing.assert_array_equal(photo_axes.images[0].get_array(), photo)
    assert mapped_axes.images[0].get_cmap().name == "viridis"
    assert [axes.texts[0].get_color() for axes in figure.axes] == ["black", "black"]


def lightness(colour) -> float:
    return (max(colour[:3]) + min(colour[:3])) / 2


def test_a_colour_map_that_fades_to_white_fades_to_the_dark_background_instead():
    greys = dark_colour_map(matplotlib.colormaps["gray_r"])
    assert greys(0.0) == pytest.approx((*DARK_BACKGROUND, 1)), "no ink: the page"
    assert greys(1.0) == pytest.approx((*DARK_FOREGROUND, 1)), "full ink: the text colour"
    blues = dark_colour_map(matplotlib.colormaps["Blues"])
    steps = [blues(value) for value in np.linspace(0, 1, 11)]
    assert lightness(steps[0]) < lightness(DARK_BACKGROUND) + 0.05
    assert all(lightness(a) < lightness(b) for a, b in itertools.pairwise(steps)), "in order"
    assert all(c[2] >= c[0] for c in steps), "blue stays blue"
    assert dark_colour_map(matplotlib.colormaps["viridis"]) is None


def test_a_heatmap_on_such_a_map_flips_with_its_annotations():
    figure = Figure()
    axes = figure.add_subplot()
    axes.pcolormesh(np.eye(3), cmap="Blues")
    axes.text(0.5, 0.5, "1", color="white")  # white on the darkest cell
    axes.text(1.5, 0.5, "0", color="black")  # black on the lightest
    to_dark_scheme(figure)
    mesh = axes.collections[0]
    assert mesh.get_cmap()(0.0)[:3] == pytest.approx(DARK_BACKGROUND, abs=0.05)
    np.testing.assert_array_equal(mesh.get_array(), np.eye(3))
    on_high, on_low = (to_rgba(text.get_color()) for text in axes.texts)
    assert lightness(on_high) < 0.3, "the darkest cell is now the lightest"
    assert lightness(on_low) > 0.7


def test_each_annotation_of_a_flipped_heatmap_reads_on_its_cell():
    figure = Figure()
    axes = figure.add_subplot()
    values = np.linspace(0, 1, 21).reshape(3, 7)
    mesh = axes.pcolormesh(values, cmap="Blues")
    for (row, column), value in np.ndenumerate(values):
        # as seaborn's heatmap picks them: dark text on light cells, white on dark ones
        light_cell = relative_luminance(mesh.to_rgba(value)) > 0.408
        axes.text(column + 0.5, row + 0.5, f"{value:.2f}", color=".15" if light_cell else "w")
    axes.text(0.5, 3.5, "above the cells", color="black")
    to_dark_scheme(figure)
    for text in axes.texts[:-1]:
        row, column = (int(c) for c in np.floor(text.get_position()[::-1]))
        cell = mesh.to_rgba(values[row, column])
        assert contrast(to_rgba(text.get_color()), cell) >= 4.5, text.get_text()
    assert to_rgba(axes.texts[-1].get_color())[:3] == pytest.approx(DARK_FOREGROUND, abs=0.01)


def test_export_writes_one_file_per_scheme_named_by_content(tmp_path):
    figure = scatter_figure()
    first = export(figure, tmp_path)
    again = export(scatter_figure(), tmp_path)
    assert first == again, "the same figure gives the same files: reproducible bytes"
    assert first["light"] != first["dark"]
    assert (first["width"], first["height"]) == (400, 300)
    for name in (first["light"], first["dark"]):
        data = (tmp_path / name).read_bytes()
        assert b"<dc:date>" not in data
        assert b"tIME" not in data
    assert len(list(tmp_path.iterdir())) == 2


def test_only_a_preview_export_adds_a_bitmap_of_the_light_figure_at_its_own_size(tmp_path):
    plain = export(scatter_figure(), tmp_path / "plain")
    assert "preview" not in plain
    exported = export(scatter_figure(), tmp_path / "preview", preview=True)
    assert {k: v for k, v in exported.items() if k != "preview"} == plain
    assert len(list((tmp_path / "preview").iterdir())) == 3
    with Image.open(tmp_path / "preview" / exported["preview"]) as preview:
        assert preview.format == "PNG"
        assert preview.size == (exported["width"], exported["height"])
        pixels = np.asarray(preview.convert("RGBA"))
    drawn = Image.open(io.BytesIO(render(scatter_figure(), ".png", scale=1))).convert("RGBA")
    assert np.array_equal(pixels, np.asarray(drawn)), "the light version, pixel for pixel"
    assert b"tIME" not in (tmp_path / "preview" / exported["preview"]).read_bytes()


def smallest_rendering(figure: Figure) -> tuple[bytes, str]:
    """The format and bytes ``export`` chooses for the light version of `figure`."""
    small_png = render(figure, ".png", optimise=False, scale=1)
    return smaller_of(figure, render(figure, ".svg"), small_png)


def test_a_dense_plot_is_saved_as_a_2x_png_and_a_sparse_one_as_svg():
    sparse = scatter_figure()
    dense = Figure(figsize=(4, 3))
    rng = np.random.default_rng(0)
    dense.add_subplot().scatter(*rng.normal(size=(2, 20_000)), s=2)
    assert smallest_rendering(sparse)[1] == ".svg"
    data, suffix = smallest_rendering(dense)
    assert suffix == ".png"
    assert Image.open(io.BytesIO(data)).size == (800, 600)


def test_text_that_runs_past_the_edge_of_a_figure_is_named():
    figure = Figure(figsize=(3, 2), layout="constrained")
    axes = figure.add_subplot()
    axes.plot([1, 2])
    axes.set(xlabel="x", ylabel="y")
    assert cut_off_text(figure) is None
    figure.suptitle("A title far too long for a figure only three inches wide")
    assert cut_off_text(figure) == ["A title far too long for a figure only three inches wide"]
    with pytest.raises(ValueError, match="runs past the figure's edge"):
        export(figure, Path("unused"))


def test_a_figure_without_any_title_is_refused():
    figure = Figure(figsize=(3, 2))
    axes = figure.add_subplot()
    axes.plot([1, 2])
    axes.set(xlabel="x", ylabel="y")
    figure.suptitle(" ")
    assert not titled(figure), "blank"
    with pytest.raises(ValueError, match="the figure has no title"):
        export(figure, Path("unused"))
    figure.add_subplot(2, 2, 4).set_axis_off()
    figure.axes[-1].set_title("An empty slot's title")
    assert not titled(figure), "a panel that shows nothing is no panel"


@pytest.mark.parametrize("where", ["left", "center", "right", "figure"])
def test_any_title_of_a_panel_or_of_the_figure_starts_the_alt_text(where):
    figure = Figure(figsize=(3, 2))
    axes = figure.add_subplot()
    axes.plot([1, 2])
    if where == "figure":
        figure.suptitle("A rising line")
    else:
        axes.set_title("A rising line", loc=where)
    assert titled(figure)
    assert describe(figure).startswith(("A rising line.", "Line chart titled “A rising line”"))


def test_the_titles_of_subfigures_title_the_figure():
    figure = Figure(figsize=(6, 2))
    for part, title in zip(figure.subfigures(1, 2), ["Before", "After"], strict=True):
        part.suptitle(title)
        part.add_subplot().plot([1, 2])
    assert titled(figure)
    assert describe(figure).startswith("Parts titled “Before”, “After”. Panels 1 and 2:")


def test_alt_text_calls_a_pie_a_pie_chart():
    figure = Figure(figsize=(3, 3))
    axes = figure.add_subplot()
    axes.pie([1, 2, 3])
    axes.set_title("Shares")
    assert describe(figure).startswith("Pie chart titled “Shares”")


def test_svg_rendering_is_deterministic():
    assert render(scatter_figure(), ".svg") == render(scatter_figure(), ".svg")


def test_alt_text_says_what_the_figure_shows():
    text = describe(scatter_figure())
    assert text == (
        "Scatter plot titled “Three points”, second against first; 3 points and 1 hollow ring; "
        "legend: blob 0, disagrees."
    )
    figure = Figure()
    figure.suptitle("Two views")
    figure.add_subplot(1, 2, 1).plot([1, 2], label="a")
    figure.add_subplot(1, 2, 2).imshow(np.eye(2))
    line = "Line chart; a line “a” through (0, 1), (1, 2)"
    assert describe(figure) == f"Two views. Panel 1: {line}. Panel 2: Image."
    figure.supxlabel("time in UTC")
    figure.supylabel("height")
    dot = figure.axes[0].scatter([], [], label="a dot")
    figure.legend([dot], ["a dot"])
    assert describe(figure) == (
        f"Two views. Panel 1: {line}. Panel 2: Image. X axis of every panel: time in UTC; "
        "y axis of every panel: height. Legend: a dot."
    )


def test_alt_text_counts_points_apart_from_larger_marks_and_names_their_colours():
    figure = Figure()
    axes = figure.add_subplot()
    axes.scatter(range(6), range(6), c=["red", "blue", "green"] * 2, s=12)
    axes.scatter([1, 4], [2, 3], marker="X", s=150, c="black")
    axes.set(xlabel="bold numbers mark the centers")
    assert describe(figure) == (
        "Scatter plot; x axis: bold numbers mark the centers; "
        "6 points in 3 colours and 2 larger marks."
    )


def test_alt_text_describes_filled_bands_and_alike_panels_once():
    figure = Figure()
    bands = figure.add_subplot(1, 6, 1)
    bands.fill_betweenx([0, 1, 2], 0, [0.2, 0.5, 0.4])
    bands.fill_betweenx([4, 5], 0, [0.7, 0.6])
    bands.axvline(0.5, label="mean")  # a reference line does not make it a line chart
    bands.set(title="Silhouettes", ylabel="points")
    for number in (2, 3):
        figure.add_subplot(1, 6, number).imshow(np.eye(3))
    for number, title in zip((4, 5, 6), "abc", strict=True):
        figure.add_subplot(1, 6, number).imshow(np.eye(3)).axes.set(title=title, xlabel="x")
    assert describe(figure) == (
        "Panel 1: Area chart titled “Silhouettes”; y axis: points; 2 filled areas. "
        "Panels 2 and 3: Images. "
        "Panels 4 to 6: Images titled “a”, “b”, “c”; x axis: x."
    )


def test_alt_text_counts_arrows_but_not_plain_annotations():
    figure = Figure()
    axes = figure.add_subplot()
    axes.scatter(range(3), range(3))
    for start in range(2):
        axes.annotate("", xy=(start + 1, 1), xytext=(start, 0), arrowprops={"arrowstyle": "->"})
    axes.annotate("a note", xy=(0, 0))
    assert describe(figure) == "Scatter plot; 3 points and 2 arrows."


def test_alt_text_calls_a_line_with_a_band_a_line_chart_and_names_a_colour_scale():
    figure = Figure()
    line = figure.add_subplot(1, 2, 1)
    line.plot([1, 2, 3], [1, 2, 1])
    line.fill_between([1, 2, 3], [0, 1, 0], [2, 3, 2], alpha=0.3)
    points = figure.add_subplot(1, 2, 2)
    points.scatter(range(30), range(30), c=range(30))
    assert describe(figure) == (
        "Panel 1: Line chart; 1 filled area; a line through (1, 1), (2, 2), (3, 1). "
        "Panel 2: Scatter plot; 30 points coloured along a scale."
    )


def test_alt_text_gives_the_values_of_a_few_short_lines():
    figure = Figure()
    axes = figure.add_subplot()
    axes.plot([2, 3, 4], [9832.4, 3012.0, 0.0051234], marker="o", label="inertia")
    axes.plot(["a", "b"], [0.5, -1.25], linestyle="none", marker="x")
    axes.plot(np.arange(13), np.arange(13) ** 2, label="_hidden")
    axes.axhline(0.5)  # a reference line, not data
    axes.set(xlabel="k", ylabel="score")
    assert describe(figure) == (
        "Line chart, score against k; a line “inertia” through (2, 9830), (3, 3010), "
        "(4, 0.00512); marks at (a, 0.5), (b, -1.25); a line of 13 points."
    )
    for _ in range(3):
        axes.plot([0, 1], [1, 0])
    assert describe(figure) == "Line chart, score against k; 6 lines."


def test_alt_text_gives_the_size_of_a_heat_maps_grid_and_whether_its_cells_say_their_values():
    figure = Figure()
    axes = figure.add_subplot()
    values = np.arange(6).reshape(2, 3)
    axes.pcolormesh(values)
    assert describe(figure) == "Heat map; 2 by 3 cells."
    for row, column in np.ndindex(values.shape):
        axes.text(column + 0.5, row + 0.5, str(values[row, column]))
    assert describe(figure) == "Heat map; 2 by 3 cells, each labelled with its value."


def png_bytes(pixels: np.ndarray) -> bytes:
    """`pixels` (uint8 RGBA) as Matplotlib writes PNG: RGBA, fast compression."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def pixels_of(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def few_colours(rng: np.random.Generator, colours: int = 16) -> np.ndarray:
    palette = rng.integers(0, 256, size=(colours, 4), dtype=np.uint8)
    palette[:, 3] = 255
    return palette[rng.integers(0, colours, size=(60, 80))]


def test_a_few_coloured_png_becomes_a_palette_png_with_the_same_pixels():
    pixels = few_colours(np.random.default_rng(0))
    data = png_bytes(pixels)
    smaller = smaller_png(data)
    assert len(smaller) < len(data)
    assert Image.open(io.BytesIO(smaller)).mode == "P"
    assert np.array_equal(pixels_of(smaller), pixels)


def test_a_png_with_transparency_or_many_colours_keeps_every_pixel():
    rng = np.random.default_rng(1)
    for pixels in (
        rng.integers(0, 256, size=(60, 80, 4), dtype=np.uint8),  # alpha varies
        np.dstack(
            [
                rng.integers(0, 256, size=(60, 80, 3), dtype=np.uint8),
                np.full((60, 80), 255, np.uint8),
            ]
        ),
    ):
        data = png_bytes(pixels)
        smaller = smaller_png(data)
        assert len(smaller) <= len(data)
        assert np.array_equal(pixels_of(smaller), pixels)


def photograph() -> np.ndarray:
    """A corner of the photograph the colour quantization tutorial uses, as RGBA."""
    from sklearn.datasets import load_sample_image

    corner = load_sample_image("china.jpg")[:120, :160]
    return np.dstack([corner, np.full(corner.shape[:2], 255, np.uint8)])


def test_a_photograph_is_smaller_as_lossless_webp_with_the_same_pixels():
    data = png_bytes(photograph())
    smaller, kind = smaller_image(data)
    assert kind == "image/webp"
    assert Image.open(io.BytesIO(smaller)).format == "WEBP"
    assert len(smaller) < len(smaller_png(data))
    assert np.array_equal(pixels_of(smaller), pixels_of(data))


def test_an_image_with_transparent_pixels_keeps_their_colours_as_webp():
    pixels = photograph()
    pixels[::3, ::3, 3] = 0  # transparent, over colours that must survive
    smaller, kind = smaller_image(png_bytes(pixels))
    assert kind == "image/webp"
    assert np.array_equal(pixels_of(smaller), pixels)


def test_an_image_too_wide_for_webp_stays_a_png():
    data = png_bytes(np.zeros((1, 17_000, 4), np.uint8))
    smaller, kind = smaller_image(data)
    assert kind == "image/png"
    assert np.array_equal(pixels_of(smaller), pixels_of(data))


def embedded_images(svg: bytes) -> list[bytes]:
    found = re.findall(rb'xlink:href="data:image/(?:png|webp);base64,\s*([A-Za-z0-9+/=\s]+)"', svg)
    return [base64.b64decode(data) for data in found]


@pytest.mark.parametrize("kind", ["few colours", "photograph"])
def test_images_inside_an_svg_are_compressed_without_losing_a_pixel(kind):
    pixels = few_colours(np.random.default_rng(2)) if kind == "few colours" else photograph()
    figure = Figure(figsize=(4, 3))
    figure.add_subplot().imshow(pixels, interpolation="none")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    plain = [base64.b64decode(m.group(1)) for m in EMBEDDED_IMAGE.finditer(buffer.getvalue())]
    smaller = embedded_images(render(figure, ".svg"))
    assert len(plain) == len(smaller) == 1
    assert len(smaller[0]) < len(plain[0])
    assert np.array_equal(pixels_of(smaller[0]), pixels_of(plain[0]))
