"""The claims of "How many clusters?", on the objects the tutorial computes."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import assert_first_post_data, figures_titled
from matplotlib.colors import to_rgb
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_samples


@pytest.fixture(scope="module")
def tutorial(run_tutorial):
    return run_tutorial("choosing_k.py")


def test_the_data_are_the_first_posts(tutorial):
    assert_first_post_data(tutorial["X"], tutorial["y_true"])


def test_inertia_only_falls_as_k_grows(tutorial):
    assert np.all(np.diff(tutorial["inertias"]) < 0)


def test_the_elbow_bends_twice_at_two_and_at_four(tutorial):
    savings = tutorial["savings"]  # savings[i] is what cluster number i + 2 saves
    ratio = savings[:-1] / savings[1:]
    assert ratio[0] > 4, "the second cluster saves several times what the third does"
    assert 0.5 < ratio[1] < 2, "the third and the fourth save amounts of the same order"
    assert ratio[2] > 4, "the fourth saves several times what the fifth does"
    assert 0.75 * ratio[0] < ratio[2] < ratio[0], "by the ratio, nearly as sharp at four as at two"
    assert np.all(savings[3:] < savings[2] / 4), "after four, each saves under a quarter"
    past_four = savings[3:]  # what the fifth cluster saves, and each one after it
    assert np.any(past_four[1:] > past_four[:-1]), "one can save more than the one before"
    assert savings[0] > 5 * savings[2], "on the plot, the bend at four is dwarfed by the first"
    # No ratio past four comes near the two bends: none of them marks an elbow.
    assert np.all(ratio[3:] < min(ratio[0], ratio[2]) / 2)


def test_the_mean_silhouette_is_highest_at_two_not_four(tutorial):
    silhouettes = tutorial["silhouettes"]
    assert tutorial["best_k"] == 2
    assert max(silhouettes, key=silhouettes.get) == 2
    assert silhouettes[4] < silhouettes[2], "not at the four the data were made with"


@pytest.fixture(scope="module")
def silhouette_values(tutorial):
    X = tutorial["X"]
    return {
        k: (tutorial["models"][k].labels_, silhouette_samples(X, tutorial["models"][k].labels_))
        for k in range(2, 6)
    }


def test_negative_silhouettes_appear_at_three_and_five_but_not_two_or_four(silhouette_values):
    negatives = {k: int((values < 0).sum()) for k, (_, values) in silhouette_values.items()}
    assert negatives[2] == 0
    assert negatives[3] > 0
    assert negatives[4] == 0
    assert negatives[5] > 0


def _clusters(tutorial, silhouette_values, k):
    """Per cluster of the fit with k: its size, mean silhouette and points of each blob."""
    labels, values = silhouette_values[k]
    blobs = tutorial["y_true"]
    return [
        (
            int(np.sum(labels == c)),
            values[labels == c].mean(),
            np.bincount(blobs[labels == c], minlength=4),
        )
        for c in np.unique(labels)
    ]


def test_at_two_the_lone_blob_is_the_shorter_band_reaching_furthest(tutorial, silhouette_values):
    (size_a, mean_a, blobs_a), (size_b, mean_b, _) = sorted(
        _clusters(tutorial, silhouette_values, 2), key=lambda c: c[0]
    )
    assert size_a < size_b
    assert mean_a > mean_b
    assert np.count_nonzero(blobs_a) == 1, "the shorter band is one whole blob"
    lone = blobs_a.argmax()
    assert blobs_a[lone] == np.sum(tutorial["y_true"] == lone)
    labels, values = silhouette_values[2]
    lone_cluster = np.bincount(labels).argmin()
    assert values[labels == lone_cluster].max() > values[labels != lone_cluster].max(), (
        "its bars reach furthest"
    )


def test_at_two_almost_every_point_is_far_from_the_other_cluster(silhouette_values):
    """A silhouette of 0.4 or more: the other cluster at least 1.67 times as far as its own."""
    _, values = silhouette_values[2]
    assert np.mean(values >= 0.4) > 0.95


def test_at_three_the_cluster_of_two_blobs_is_tallest_with_the_lowest_values(
    tutorial, silhouette_values
):
    clusters = _clusters(tutorial, silhouette_values, 3)
    tallest = max(clusters, key=lambda c: c[0])
    assert tallest[1] == min(c[1] for c in clusters)
    assert np.sum(tallest[2] >= 40) == 2, "it holds two blobs"
    lone = min(_clusters(tutorial, silhouette_values, 2), key=lambda c: c[0])[2].argmax()
    assert tallest[2][lone] == 0, "two of the blobs that touch, not the lone one"
    labels, values = silhouette_values[3]
    tallest_label = np.unique(labels)[clusters.index(tallest)]
    assert np.all(values[labels != tallest_label] >= 0), "only that one dips below zero"
    below = values[labels == tallest_label] < 0
    assert 0 < below.sum() <= 0.1 * below.size, "a few of its values, not many"


def test_at_five_no_blob_is_cut_and_a_fifth_cluster_forms_between_three(
    tutorial, silhouette_values
):
    clusters = _clusters(tutorial, silhouette_values, 5)
    blobs = np.array([c[2] for c in clusters])
    assert np.all(blobs.max(axis=0) >= 35), "each blob keeps most of its points together"
    assert len(set(blobs.argmax(axis=0))) == 4, "in four different clusters"
    fifth = [c for c in range(5) if c not in set(blobs.argmax(axis=0))]
    assert len(fifth) == 1
    (extra,) = fifth
    assert np.sum(blobs[extra] >= 5) == 3, "made of a few points of three blobs"
    assert clusters[extra][1] == min(c[1] for c in clusters), "with the lowest mean"
    labels, values = silhouette_values[5]
    extra_label = np.unique(labels)[extra]
    assert np.all(values[labels == extra_label] >= 0)
    assert np.any(values[labels != extra_label] < 0), "its neighbours dip below zero"
    renamed = tutorial["numbered_after_blobs"](labels)
    (new,) = set(renamed[labels == extra_label])
    assert tutorial["new"] == new == 4, "the cluster the page names as new, in grey"
    lone_cluster = min(_clusters(tutorial, silhouette_values, 2), key=lambda c: c[0])
    lone_blob = np.argmax(lone_cluster[2])
    assert blobs[extra][lone_blob] == 0, "it leaves the lone blob alone"
    assert tutorial["taken"][lone_blob] == 0
    X, y = tutorial["X"], tutorial["y_true"]
    touching = [X[y == blob].mean(axis=0) for blob in range(4) if blob != lone_blob]
    corner = touching[2]
    weights = np.linalg.solve(
        np.column_stack([touching[0] - corner, touching[1] - corner]),
        X[renamed == new].mean(axis=0) - corner,
    )
    assert min(*weights, 1 - weights.sum()) > 0, "where they meet: between their three means"
    # The edges: what each touching blob gives the new cluster lies nearer the other two
    # touching blobs than what it keeps.
    others = [blob for blob in range(4) if blob != lone_blob]
    for blob in others:
        means = [X[y == other].mean(axis=0) for other in others if other != blob]
        nearest_other = np.min([np.linalg.norm(X - m, axis=1) for m in means], axis=0)
        given = (y == blob) & (renamed == new)
        kept = (y == blob) & (renamed != new)
        assert nearest_other[given].mean() < nearest_other[kept].mean()


def test_clusters_are_numbered_and_coloured_after_the_blobs_they_are_paired_with(tutorial):
    numbered, y = tutorial["numbered_after_blobs"], tutorial["y_true"]
    for k in range(2, 6):
        labels = tutorial["models"][k].labels_
        renamed = numbered(labels)
        pairs = set(zip(labels.tolist(), renamed.tolist(), strict=True))
        assert len(pairs) == len(set(renamed)) == k, "one number per cluster"
        expected = set(range(k)) if k > 4 else set(range(4))
        assert set(renamed) <= expected, "blob numbers, then the next free ones"
        best = max(  # of every way to give the clusters distinct numbers
            np.sum(np.asarray(numbers)[labels] == y)
            for numbers in itertools.permutations(range(max(k, 4)), k)
        )
        assert np.sum(renamed == y) == best, f"the pairing that agrees most, k={k}"
    assert np.mean(numbered(tutorial["models"][4].labels_) == y) > 0.95, "the first post's"


def test_at_four_the_clusters_are_the_blobs(tutorial):
    labels = tutorial["models"][4].labels_
    y = tutorial["y_true"]
    agreement = max(
        np.mean(np.asarray(permutation)[labels] == y)
        for permutation in itertools.permutations(range(4))
    )
    assert agreement > 0.95


def test_at_four_the_three_blobs_that_touch_have_points_near_zero(tutorial, silhouette_values):
    labels, values = silhouette_values[4]
    lone_cluster = min(_clusters(tutorial, silhouette_values, 2), key=lambda c: c[0])
    lone_blob = np.argmax(lone_cluster[2])
    lowest = {
        np.bincount(tutorial["y_true"][labels == c]).argmax(): values[labels == c].min()
        for c in np.unique(labels)
    }
    assert sorted(lowest) == [0, 1, 2, 3], "one cluster per blob"
    assert all(0 <= lowest[b] < 0.1 for b in range(4) if b != lone_blob), "near zero"
    assert lowest[lone_blob] > 0.4, "the lone blob has no border with another"


def test_every_fit_keeps_the_best_of_its_ten_starts(tutorial):
    X, models = tutorial["X"], tutorial["models"]
    # With the same seed, the first of the ten starts is the single start: ten can never do
    # worse, and for some k they must do better, or the restarts would be for nothing.
    single = {
        k: KMeans(n_clusters=k, n_init=1, random_state=tutorial["RANDOM_STATE"]).fit(X).inertia_
        for k in tutorial["K_VALUES"]
    }
    assert all(models[k].inertia_ <= single[k] + 1e-9 for k in single)
    assert any(models[k].inertia_ < 0.97 * single[k] for k in single)


def test_one_silhouette_figure_per_k_from_two_to_five(tutorial):
    titles = [plt.figure(n).get_suptitle() for n in plt.get_fignums()]
    assert [t for t in titles if t.startswith("k = ")] == [
        f"k = {k}: mean silhouette {tutorial['silhouettes'][k]:.3f}" for k in range(2, 6)
    ]


def test_each_silhouette_plot_draws_a_band_per_cluster_as_tall_as_it_and_the_mean(tutorial):
    figures = figures_titled("k = ", prefix=True)
    for k, figure in zip(range(2, 6), figures, strict=True):
        (ax,) = [a for a in figure.axes if a.get_title() == "Silhouette of each point"]
        labels = tutorial["numbered_after_blobs"](tutorial["models"][k].labels_)
        values = silhouette_samples(tutorial["X"], labels)
        clusters = np.unique(labels)
        assert len(ax.collections) == len(clusters)
        for band, cluster in zip(ax.collections, clusters, strict=True):
            x, y = band.get_paths()[0].vertices.T
            mine = values[labels == cluster]
            assert np.ptp(y) == len(mine) - 1, "a bar per point, one unit apart"
            reach = [min(mine.min(), 0), max(mine.max(), 0)]  # from the axis at zero
            np.testing.assert_allclose([x.min(), x.max()], reach)
        (mean,) = [line for line in ax.lines if line.get_linestyle() == "--"]
        np.testing.assert_allclose(mean.get_xdata(), tutorial["silhouettes"][k])
        figure.canvas.draw()
        legend = ax.get_legend().get_window_extent()
        for band in ax.collections:
            assert not legend.overlaps(band.get_window_extent()), "the legend hides no band"


def test_the_clusters_panels_write_each_number_at_the_mean_of_its_points(tutorial):
    X = tutorial["X"]
    figures = figures_titled("k = ", prefix=True)
    for k, figure in zip(range(2, 6), figures, strict=True):
        (ax,) = [a for a in figure.axes if a.get_title() == "Clusters"]
        labels = tutorial["numbered_after_blobs"](tutorial["models"][k].labels_)
        (points,) = ax.collections
        written = {int(text.get_text()): text.get_position() for text in ax.texts}
        assert sorted(written) == sorted(np.unique(labels))
        for cluster, position in written.items():
            np.testing.assert_allclose(position, X[labels == cluster].mean(axis=0))
            colour = points.get_facecolors()[labels == cluster][0]
            ring = ax.texts[list(written).index(cluster)].get_bbox_patch().get_edgecolor()
            np.testing.assert_allclose(ring, colour, err_msg="ringed in the cluster's colour")


def test_each_blob_keeps_the_colour_it_had_in_the_first_post(tutorial, run_tutorial):
    first_post = run_tutorial("kmeans_clustering.py")
    blob_colours = [first_post["PALETTE"][name] for name in first_post["BLOB_NAMES"]]
    np.testing.assert_array_equal(tutorial["COLOURS"][:4], blob_colours)
    spare = to_rgb(tutorial["COLOURS"][4])
    assert np.ptp(spare) < 0.05, "the spare cluster is grey"


def test_more_clusters_than_blobs_draw_every_spare_one_grey(tutorial, capsys):
    """A reader may ask for any k: the spare clusters, numbered 4 and up, are all grey."""
    before = set(plt.get_fignums())
    tutorial["show_silhouettes"](7)
    capsys.readouterr()
    (new,) = set(plt.get_fignums()) - before
    figure = plt.figure(new)
    try:
        (ax,) = [a for a in figure.axes if a.get_title() == "Clusters"]
        labels = tutorial["numbered_after_blobs"](tutorial["models"][7].labels_)
        assert set(labels) == set(range(7))
        dots = ax.collections[0].get_facecolors()[:, :3]
        grey = to_rgb(tutorial["COLOURS"][4])
        np.testing.assert_allclose(dots[labels >= 4], [grey] * np.sum(labels >= 4))
    finally:
        plt.close(figure)  # the other tests find the page's figures only
