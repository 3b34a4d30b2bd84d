"""The claims of "Colour quantization, and k-means at scale", on what the tutorial computes.

Fit times vary from run to run and machine to machine, so no test times anything: the claims
about speed are checked on the work each fit does (point visits), which is deterministic.
"""

from __future__ import annotations

import re

import jupytext
import numpy as np
import pytest
from conftest import TUTORIAL_DIR, figures_titled, prose
from sklearn.cluster import MiniBatchKMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import pairwise_distances_argmin
from tutorial_reader import PERCENT


@pytest.fixture(scope="module")
def tutorial(run_tutorial):
    return run_tutorial("colour_quantization.py")


def bluish(colour) -> bool:
    red, _, blue = colour
    return blue > red + 0.05


def test_four_colours_leave_a_single_blue_for_the_sky(tutorial):
    assert sum(bluish(c) for c in tutorial["palettes"][4]) == 1


def orange(colours) -> np.ndarray:
    """Which of `colours` (one per row) are orange: red above green above blue, and well
    above blue."""
    red, green, blue = np.asarray(colours).T
    return (red > green) & (green > blue) & (red - blue > 0.25)


def test_sixteen_colours_bring_back_the_orange_of_the_roofs(tutorial):
    roof, tiles = tutorial["roof"], tutorial["tiles"]
    painted = {k: tutorial["repainted"][k][roof].reshape(-1, 3)[tiles] for k in (4, 16)}
    assert not orange(painted[4]).any(), "four colours have no orange"
    assert orange(painted[16]).mean() > 0.8, "sixteen paint most of the tiles orange"


# The open sky right of the temple, above the trees: no part of the temple or the trees.
OPEN_SKY = (slice(0, 120), slice(380, 640))


def test_four_colours_turn_the_temple_brown_and_the_whole_sky_one_pale_blue(tutorial):
    photo, painted = tutorial["photo"], tutorial["repainted"][4]
    (sky,) = np.unique(painted[OPEN_SKY].reshape(-1, 3), axis=0)  # a single colour
    assert bluish(sky), "a blue"
    assert sky.mean() > 0.8, "a pale one"
    original = photo[OPEN_SKY].reshape(-1, 3)
    assert bluish(original.mean(axis=0)), "where the photograph has sky,"
    assert original.mean(axis=1).min() > 0.6, "bright everywhere"
    red, green, blue = np.moveaxis(photo, -1, 0)
    # The whole sky, not only that patch: nearly every bright bluish pixel of the photograph
    # is painted that one blue.
    sky_like = (blue > red + 0.05) & (photo.mean(axis=2) > 0.7)
    assert (painted[sky_like] == sky).all(axis=1).mean() > 0.9
    temple_red = (red > green + 0.15) & (red > blue + 0.15)  # the red of the temple's walls
    assert temple_red.sum() > 10_000
    colours, counts = np.unique(painted[temple_red], axis=0, return_counts=True)
    most = colours[counts.argmax()]
    assert most[0] > most[1] > most[2], "mostly a brown"
    assert most.mean() < 0.5, "a dark one"
    assert not orange(colours).any(), "and nothing red is left"


def test_sixteen_colours_give_the_sky_part_of_its_gradient(tutorial):
    """Where four colours paint the open sky one pale blue (above), sixteen paint it in
    several shades, a blue among them, and spend more than one colour of the palette on
    blues."""
    shades = np.unique(tutorial["repainted"][16][OPEN_SKY].reshape(-1, 3), axis=0)
    assert len(shades) > 1
    assert any(bluish(shade) for shade in shades)
    assert sum(bluish(c) for c in tutorial["palettes"][16]) > 1


def test_minibatch_kmeans_can_learn_one_chunk_at_a_time(tutorial):
    """What the page says lets it fit data that do not fit in memory: `partial_fit` takes
    one chunk per call, and chunk after chunk its palette nears KMeans' on the whole."""
    pixels = tutorial["pixels"]
    chunks = np.array_split(np.random.default_rng(0).permutation(pixels), 200)
    model = tutorial["MiniBatchKMeans"](n_clusters=16, random_state=0)
    for chunk in chunks:
        model.partial_fit(chunk)
    assert model.n_steps_ == len(chunks), "one step per chunk"
    whole = tutorial["KMeans"](n_clusters=16, n_init=1, random_state=0).fit(pixels)
    assert -model.score(pixels) < 1.05 * whole.inertia_


def test_the_roof_shown_pixel_by_pixel_is_the_top_roof(tutorial):
    rows, columns = tutorial["roof"]
    photo = tutorial["photo"]
    assert rows.stop - rows.start < photo.shape[0] / 3, "a detail, not the whole picture"
    assert columns.stop - columns.start < photo.shape[1] / 3
    assert tutorial["tiles"].sum() > 1000, "orange tiles enough to see"
    sky_rows, sky_columns = tutorial["sky"]
    assert rows.start <= sky_rows.start < sky_rows.stop <= rows.stop, "the sky shown is in it"
    assert columns.start <= sky_columns.start < sky_columns.stop <= columns.stop
    red, _, blue = np.moveaxis(photo[tutorial["sky"]], -1, 0)
    assert np.all(blue > red), "and is sky"
    assert photo[tutorial["sky"]].min() > 0.5, "all of it: no dark pixel of the roof"
    # The top one: no orange tiles (by the page's rule) higher in the photograph, but for
    # the tip of this roof, a few rows above the part shown.
    red, _, blue = np.moveaxis(photo, -1, 0)
    tile_rows = np.flatnonzero((red - blue > 0.35).any(axis=1))
    assert rows.start - photo.shape[0] / 20 < tile_rows[0] <= rows.start


def test_the_roof_figure_frames_the_roof_on_the_photograph_and_the_sky_on_each_crop(tutorial):
    (figure,) = figures_titled("The photograph's top roof, pixel by pixel")
    where, *crops = figure.axes

    def framed(ax):
        (frame,) = ax.patches
        (x0, y0), (x1, y1) = frame.get_bbox().get_points()
        return (slice(round(y0), round(y1)), slice(round(x0), round(x1)))

    assert framed(where) == tutorial["roof"]
    for ax in crops:
        assert framed(ax) == tutorial["sky"]
        (image,) = ax.images
        rows, columns = tutorial["roof"]
        # the crop is drawn at the photograph's own pixel numbers, as the frame is
        assert image.get_extent() == [columns.start, columns.stop, rows.stop, rows.start]


def test_sixteen_colours_turn_the_ridges_grey_and_sixty_four_bring_them_back(tutorial):
    green_blue = tutorial["green_blue"]
    assert tutorial["ridges"].sum() > 500, "ridges enough to see"
    assert green_blue["16 colours"] < 0.05, "grey"
    assert green_blue["64 colours"] > 0.9, "green-blue again"
    for title in ("16 colours", "64 colours"):  # grey: red, green and blue alike
        after = tutorial["pictures"][title][tutorial["roof"]].reshape(-1, 3)
        ridges = after[tutorial["ridges"]]
        spread = ridges.max(axis=1) - ridges.min(axis=1)
        assert (np.median(spread) < 0.1) == (title == "16 colours")


def test_the_tiles_keep_a_handful_of_shades_then_twice_as_many(tutorial):
    shades, tiles, roof = tutorial["shades"], tutorial["tiles"], tutorial["roof"]
    count = {
        title: shades(image[roof].reshape(-1, 3)[tiles])
        for title, image in tutorial["pictures"].items()
    }
    assert count["original"] > 100, "many shades"
    assert count["16 colours"] <= 10, "a handful"
    assert 2 * count["16 colours"] <= count["64 colours"] <= 20, "twice as many, still few"


def test_the_sky_is_painted_in_a_few_bands_with_either_palette(tutorial):
    shades, sky = tutorial["shades"], tutorial["sky"]
    original = shades(tutorial["photo"][sky].reshape(-1, 3))
    for k in (16, 64):
        bands = shades(tutorial["repainted"][k][sky].reshape(-1, 3))
        assert 2 <= bands < original / 5, "a few flat colours, with steps between them"


def test_the_palette_follows_the_spread_of_the_colours_not_only_their_number(tutorial):
    palette, pixels = tutorial["palette_share"], tutorial["pixel_share"]
    for k in (16, 64):
        assert pixels[k, "muted"] > 0.5, "most of the picture"
        assert abs(palette[k, "muted"] - pixels[k, "muted"]) < 0.1, "about their share"
        assert palette[k, "blue"] < pixels[k, "blue"], "the sky gets less than its share"
        assert palette[k, "warm"] > pixels[k, "warm"], "the warm colours get more"
        assert pixels[k, "warm"] < 0.1, "though they paint a small part of the picture"
    ratio = {k: palette[k, "warm"] / pixels[k, "warm"] for k in (16, 64)}
    assert ratio[64] > ratio[16], "the larger the palette, the more so"
    in_photo = tutorial["photo_share"]
    assert pixels[16, "blue"] < in_photo["blue"], "fewer pixels painted blue than are blue"
    assert pixels[16, "muted"] > in_photo["muted"]


def test_each_larger_palette_shrinks_the_error_three_to_four_times(tutorial):
    errors = tutorial["errors"]
    assert 3 < errors[4] / errors[16] < 4
    assert 3 < errors[16] / errors[64] < 4


def test_the_seed_moves_the_inertia_by_a_few_percent_and_a_pixels_error_by_little(tutorial):
    errors, seed_errors, spread = tutorial["errors"], tutorial["seed_errors"], tutorial["spread"]
    assert seed_errors[0] == pytest.approx(errors[16], rel=1e-9), "the first is the one above"
    assert len(set(seed_errors)) == len(seed_errors) == 5
    assert spread == pytest.approx(max(seed_errors) / min(seed_errors) - 1)
    assert 0.01 < spread < 0.1, "a few percent"
    # A typical pixel's error, the root of the mean squared error, moves by under 3%.
    assert np.sqrt(1 + spread) < 1.03
    assert spread > 0.02, "so a gap of a percent or two between single runs may be the seed's"


def test_with_sixty_four_colours_the_copy_is_close_to_the_original(tutorial):
    """Close: a typical pixel is off by under 3% of the range in each of red, green and
    blue, about 8 levels of 255 (the sky's bands are checked above)."""
    errors, pixels = tutorial["errors"], tutorial["pixels"]
    per_channel = np.sqrt(errors[64] / pixels.size)  # root mean square, over every channel
    assert per_channel < 0.03
    assert np.sqrt(errors[16] / pixels.size) > per_channel * 1.5, "closer than with sixteen"


def test_the_repainted_image_uses_only_its_palette(tutorial):
    for k in (4, 16, 64):
        colours = np.unique(tutorial["repainted"][k].reshape(-1, 3), axis=0)
        palette = tutorial["palettes"][k]
        assert len(colours) == len(palette) == k
        assert {tuple(c) for c in colours} == {tuple(c) for c in palette}


def test_minibatch_does_far_less_work_and_loses_a_little_on_the_larger_set(tutorial):
    fits, visits, problems = tutorial["fits"], tutorial["visits"], tutorial["problems"]
    for name, (data, _) in problems.items():
        full, mini = fits[name, "KMeans"], fits[name, "MiniBatchKMeans"]
        assert visits(full, len(data)) > 10 * visits(mini, len(data))
    photo = (
        fits["photograph, 16 colours", "MiniBatchKMeans"].inertia_
        / fits["photograph, 16 colours", "KMeans"].inertia_
    )
    large = (
        fits["generated, 100 clusters", "MiniBatchKMeans"].inertia_
        / fits["generated, 100 clusters", "KMeans"].inertia_
    )
    assert abs(photo - 1) < 0.01, "the same inertia on the photograph"
    assert 1.01 < large < 1.1, "a few percent higher on the larger set"


def test_the_saving_in_work_grows_on_the_larger_set(tutorial):
    fits, visits, problems = tutorial["fits"], tutorial["visits"], tutorial["problems"]
    saving = {}
    for name, (data, _) in problems.items():
        full, mini = fits[name, "KMeans"], fits[name, "MiniBatchKMeans"]
        saving[name] = visits(full, len(data)) / visits(mini, len(data))
    assert saving["generated, 100 clusters"] > 2 * saving["photograph, 16 colours"]


def test_minibatch_ends_with_a_full_pass_that_the_visits_count(tutorial):
    fits, visits, problems = tutorial["fits"], tutorial["visits"], tutorial["problems"]
    for name, (data, _) in problems.items():
        mini = fits[name, "MiniBatchKMeans"]
        errors = data - mini.cluster_centers_[mini.labels_]
        assert mini.inertia_ == pytest.approx((errors**2).sum(), rel=1e-6), "on all the data"
        assert len(mini.labels_) == len(data)
        # scikit-learn counts the passes over the data its batches made (n_iter_): the visits
        # are those passes, the last one possibly partial, and one more full pass.
        passes = (visits(mini, len(data)) - len(data)) / len(data)
        assert mini.n_iter_ - 1 < passes <= mini.n_iter_


def test_kmeans_needs_a_few_dozen_passes_on_the_photograph_and_more_on_the_larger_set(tutorial):
    fits = tutorial["fits"]
    photo = fits["photograph, 16 colours", "KMeans"].n_iter_
    large = fits["generated, 100 clusters", "KMeans"].n_iter_
    assert 24 <= photo <= 60, "a few dozen"
    assert large > 2 * photo


def test_the_timing_cell_is_marked_volatile():
    notebook = jupytext.read(TUTORIAL_DIR / "colour_quantization.py", fmt=PERCENT)
    reads_times = re.compile(r"seconds\[[^]]*\](?!\s*=)")  # not where they are stored
    timing = [c for c in notebook.cells if c.cell_type == "code" and reads_times.search(c.source)]
    assert len(timing) == 1
    assert "volatile-output" in timing[0].metadata["tags"]


def test_the_larger_set_and_the_batches_are_what_the_prose_says(tutorial):
    text = prose("colour_quantization.py")
    (generated,) = [name for name in tutorial["problems"] if name.startswith("generated")]
    data, k = tutorial["problems"][generated]
    points, dimensions = data.shape
    assert f"{points:,} points in {dimensions} dimensions drawn from {k} overlapping" in text
    assert f"with {k} clusters" in text
    default = MiniBatchKMeans().batch_size
    assert f"a small random batch of points at a time ({default:,} by default)" in text
    for name in tutorial["problems"]:
        assert tutorial["fits"][name, "MiniBatchKMeans"].batch_size == default


def test_the_blobs_of_the_larger_set_overlap(tutorial):
    # Even the centers the blobs were drawn around put many points in another blob's cluster.
    X, n_blobs = tutorial["X_large"], tutorial["n_blobs"]
    same, blobs, centers = make_blobs(
        n_samples=len(X),
        n_features=X.shape[1],
        centers=n_blobs,
        cluster_std=8.0,
        random_state=tutorial["RANDOM_STATE"],
        return_centers=True,
    )
    np.testing.assert_array_equal(same, X)
    assert np.mean(pairwise_distances_argmin(X, centers) == blobs) < 0.9
