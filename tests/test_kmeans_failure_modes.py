"""The claims of "When k-means gets it wrong", on the objects the tutorial computes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import prose
from matplotlib.colors import to_rgba_array
from scipy.optimize import linear_sum_assignment, linprog
from sklearn.metrics.cluster import contingency_matrix


@pytest.fixture(scope="module")
def tutorial(run_tutorial):
    names = run_tutorial("kmeans_failure_modes.py")
    names["figures"] = [plt.figure(number) for number in plt.get_fignums()]
    return names


@pytest.fixture(scope="module")
def agreement(tutorial):
    return tutorial["accuracy"]


DATASETS = ["stretched blobs", "unequal spreads", "unequal sizes", "two moons"]
OTHERS = ["Gaussian mixture", "average linkage", "single linkage", "spectral"]


def test_kmeans_is_never_the_best_of_the_five(agreement):
    for name in DATASETS:
        assert max(agreement[name, m] for m in OTHERS) > agreement[name, "KMeans"]


def test_no_method_wins_everywhere(agreement):
    for method in ["KMeans", *OTHERS]:
        assert any(
            max(agreement[name, m] for m in OTHERS if m != method) > agreement[name, method]
            for name in DATASETS
        ), f"{method} is beaten somewhere"


def test_spectral_clustering_is_a_strong_default_here(agreement):
    worst = {m: min(agreement[name, m] for name in DATASETS) for m in ["KMeans", *OTHERS]}
    assert max(worst, key=worst.get) == "spectral", "the best worst case of the five"
    assert worst["spectral"] > 0.98


def test_spectral_clusterings_answer_depends_on_the_number_of_neighbours(tutorial, agreement):
    X, y = tutorial["datasets"]["two moons"]
    more = tutorial["SpectralClustering"](
        n_clusters=2,
        affinity="nearest_neighbors",
        n_neighbors=50,
        random_state=tutorial["RANDOM_STATE"],
    ).fit_predict(X)
    assert agreement["two moons", "spectral"] == 1.0
    assert tutorial["matched_accuracy"](y, more) < 0.95, "other neighbours, other moons"


def errors_by_group(y, labels) -> np.ndarray:
    """For each true group, how many of its points are not in the cluster paired with it."""
    table = contingency_matrix(y, labels)
    rows, cols = linear_sum_assignment(table, maximize=True)
    return table.sum(axis=1)[rows] - table[rows, cols]


def test_on_unequal_spreads_kmeans_errs_on_the_wide_blobs_outer_points(tutorial):
    X, y = tutorial["datasets"]["unequal spreads"]
    labels = tutorial["labels"]["unequal spreads", "KMeans"]
    spreads = [X[y == g].std() for g in range(3)]
    wide = int(np.argmax(spreads))
    errors = errors_by_group(y, labels)
    assert errors[wide] > 0
    assert errors[wide] >= 0.95 * errors.sum(), "the errors are the wide blob's points"
    table = contingency_matrix(y, labels)
    mine = table[wide].argmax()
    points = X[y == wide]
    spread_from_middle = np.linalg.norm(points - points.mean(axis=0), axis=1)
    lost = labels[y == wide] != mine
    assert spread_from_middle[lost].mean() > spread_from_middle[~lost].mean(), "outer points"
    tight = int(np.argmin(spreads))
    rows, cols = linear_sum_assignment(table, maximize=True)
    tights_cluster = cols[list(rows).index(tight)]
    to_tight = np.sum(labels[y == wide][lost] == tights_cluster)
    assert to_tight > lost.sum() / 2, "most of them go to the tight blob's cluster"


def test_on_unequal_spreads_a_mixture_gives_the_wide_blob_its_outer_points(tutorial):
    X, y = tutorial["datasets"]["unequal spreads"]
    wide = int(np.argmax([X[y == g].std() for g in range(3)]))
    by_kmeans = errors_by_group(y, tutorial["labels"]["unequal spreads", "KMeans"])
    by_mixture = errors_by_group(y, tutorial["labels"]["unequal spreads", "Gaussian mixture"])
    # The border moved toward the tight clusters: the wide blob keeps far more of its points.
    assert by_mixture[wide] < by_kmeans[wide] / 4


def within_group_squares(X, groups) -> float:
    return sum(((X[groups == g] - X[groups == g].mean(axis=0)) ** 2).sum() for g in set(groups))


def test_on_unequal_sizes_cutting_the_big_cloud_costs_less_than_the_true_split(tutorial):
    X, y = tutorial["datasets"]["unequal sizes"]
    labels = tutorial["labels"]["unequal sizes", "KMeans"]
    assert within_group_squares(X, labels) < within_group_squares(X, y)


def test_a_mixture_and_spectral_clustering_get_every_point_where_kmeans_misses_many(agreement):
    assert agreement["stretched blobs", "Gaussian mixture"] == 1.0
    assert agreement["two moons", "spectral"] == 1.0
    assert agreement["stretched blobs", "KMeans"] < 0.9
    assert agreement["two moons", "KMeans"] < 0.9


def test_a_gaussian_mixture_fixes_stretched_blobs_and_unequal_spreads(agreement, tutorial):
    for name in ("stretched blobs", "unequal spreads"):
        assert agreement[name, "Gaussian mixture"] > agreement[name, "KMeans"]
        assert tutorial["best"][name] == "Gaussian mixture"


def test_each_figure_row_shows_the_first_of_the_methods_that_score_highest(agreement, tutorial):
    others = [m for m in tutorial["METHOD_NAMES"] if m != "KMeans"]
    for name in tutorial["datasets"]:
        top = max(agreement[name, m] for m in others)
        tied = [m for m in others if agreement[name, m] == top]
        assert tutorial["best"][name] == tied[0]


def floor(tutorial, name):
    """The matched accuracy of one cluster for all points: the largest group's share."""
    _, y = tutorial["datasets"][name]
    return np.bincount(y).max() / len(y)


def test_kmeans_cuts_the_big_group_and_three_methods_keep_the_small_one(agreement, tutorial):
    _, y = tutorial["datasets"]["unequal sizes"]
    assert agreement["unequal sizes", "KMeans"] < 0.8
    table = contingency_matrix(y, tutorial["labels"]["unequal sizes", "KMeans"])
    assert table[0].min() > 0.2 * table[0].sum(), "KMeans cuts the big group in two"
    for method in ("Gaussian mixture", "average linkage", "spectral"):
        table = contingency_matrix(y, tutorial["labels"]["unequal sizes", method])
        assert agreement["unequal sizes", method] > 0.98
        assert table[1].max() == table[1].sum(), "the small group whole in one cluster"
        assert table[0, table[1].argmax()] < 0.05 * table[0].sum(), "and kept apart"


def test_single_linkage_scores_the_one_cluster_floor_on_the_blob_data_sets(agreement, tutorial):
    for name in ("stretched blobs", "unequal spreads", "unequal sizes"):
        sizes = np.bincount(tutorial["labels"][name, "single linkage"])
        assert sizes.max() >= 0.99 * sizes.sum(), "one big cluster and a few stray points"
        strays = (sizes.sum() - sizes.max()) / sizes.sum()
        score = agreement[name, "single linkage"]
        assert floor(tutorial, name) - strays <= score <= floor(tutorial, name) + strays, (
            "the floor, give or take the stray points"
        )
    sizes = np.bincount(tutorial["labels"]["unequal sizes", "single linkage"])
    assert sizes.min() == 1, "on unequal sizes, every point but one in one cluster"


def test_kmeans_scores_below_the_floor_on_unequal_sizes_and_single_linkage_just_under(
    agreement, tutorial
):
    floor_sizes = floor(tutorial, "unequal sizes")
    assert agreement["unequal sizes", "KMeans"] < floor_sizes
    assert floor_sizes - 0.005 < agreement["unequal sizes", "single linkage"] < floor_sizes


def test_no_method_is_best_everywhere_but_spectral_is_always_close(agreement, tutorial):
    methods, names = tutorial["METHOD_NAMES"], list(tutorial["datasets"])
    best = {name: max(agreement[name, m] for m in methods) for name in names}
    for method in methods:
        assert any(agreement[name, method] < best[name] for name in names)
    assert all(best[name] - agreement[name, "spectral"] < 0.005 for name in names)
    assert all(agreement[name, "KMeans"] < best[name] for name in names)


def test_the_floor_is_a_third_on_the_blobs_half_on_the_moons_most_on_unequal_sizes(tutorial):
    for name in ("stretched blobs", "unequal spreads"):
        assert floor(tutorial, name) == pytest.approx(1 / 3, abs=0.01)
    assert floor(tutorial, "two moons") == 0.5
    assert floor(tutorial, "unequal sizes") > 0.9


def test_kmeans_cuts_across_the_two_long_blobs_and_keeps_the_third_nearly_whole(tutorial):
    _, y = tutorial["datasets"]["stretched blobs"]
    table = contingency_matrix(y, tutorial["labels"]["stretched blobs", "KMeans"])
    whole = [g for g in range(3) if table[g].max() >= 0.95 * table[g].sum()]
    assert len(whole) == 1, "only one blob stays nearly whole"
    (apart,) = whole
    X = tutorial["datasets"]["stretched blobs"][0]
    gaps = [np.linalg.norm(X[y == g].mean(axis=0) - X[y != g].mean(axis=0)) for g in range(3)]
    assert apart == np.argmax(gaps), "it is the blob lying apart"
    assert table[apart].max() < table[apart].sum(), "even it loses a few points"
    cut = [g for g in range(3) if g != apart]
    shared = [c for c in range(3) if c != table[apart].argmax()]
    for g in cut:
        assert np.all(table[g, shared] >= 0.2 * table[g].sum()), "each long blob cut across"


def separable(X: np.ndarray, y: np.ndarray) -> bool:
    """Whether a straight line has the points of group 1 on one side, the rest on the other:
    whether some w and b give every point the sign of its group in w.x + b, with a margin of
    1 (which scaling w and b allows whenever any such line exists)."""
    sign = np.where(y == 1, 1.0, -1.0)
    # Variables w1, w2, b; constraints -sign * (w.x + b) <= -1; nothing to minimise.
    a_ub = -sign[:, None] * np.column_stack([X, np.ones(len(X))])
    result = linprog(np.zeros(3), A_ub=a_ub, b_ub=-np.ones(len(X)), bounds=(None, None))
    assert result.status in (0, 2), result.message  # solved, or proven infeasible
    return result.status == 0


def test_no_straight_border_separates_the_two_moons(tutorial):
    # Two centers split the plane along a straight line, halfway between them.
    X, y = tutorial["datasets"]["two moons"]
    assert not separable(X, y)
    lifted = X + np.where(y[:, None] == 1, 10.0, 0.0) * [0, 1]
    assert separable(lifted, y), "moved apart, a line does separate them"


def test_neighbour_methods_recover_both_moons_exactly(agreement):
    assert agreement["two moons", "single linkage"] == 1.0
    assert agreement["two moons", "spectral"] == 1.0
    assert agreement["two moons", "Gaussian mixture"] < 0.9, "ellipses do not fit moons"


def test_dbscan_finds_both_moons(tutorial):
    found = tutorial["found"]
    assert len(set(found) - {-1}) == 2
    assert tutorial["matched_accuracy"](tutorial["y"], found) == 1.0


def test_dbscan_runs_with_the_scale_and_the_default_neighbourhood_the_prose_names(tutorial):
    from sklearn.cluster import DBSCAN

    dbscan, text = tutorial["dbscan"], prose("kmeans_failure_modes.py")
    assert dbscan.min_samples == DBSCAN().min_samples
    assert f"(`min_samples`, {dbscan.min_samples} by default)" in text
    assert f"this run with a scale of {dbscan.eps} shows" in text


def test_the_figure_shows_kmeans_beside_the_best_other_method(tutorial):
    figure = tutorial["fig"]
    axes = figure.axes
    assert len(axes) == 8
    for row, name in enumerate(DATASETS):
        left, right = axes[2 * row], axes[2 * row + 1]
        assert left.get_ylabel() == name
        assert left.get_title().startswith("KMeans: ")
        assert right.get_title().startswith(f"{tutorial['best'][name]}: ")


def test_spectral_clustering_links_each_point_to_as_many_neighbours_as_the_prose_says(tutorial):
    neighbours = tutorial["methods"](2)["spectral"].n_neighbors
    assert f"link each point to its {neighbours} nearest neighbours" in prose(
        "kmeans_failure_modes.py"
    )


def test_a_ring_in_the_colour_of_its_true_group_marks_each_miss(tutorial):
    (figure,) = [f for f in tutorial["figures"] if f.get_suptitle().startswith("KMeans (left)")]
    rows = np.array(figure.axes).reshape(len(DATASETS), 2)
    colours = to_rgba_array(tutorial["COLOURS"])
    for row, name in zip(rows, DATASETS, strict=True):
        X, y = tutorial["datasets"][name]  # groups numbered from 0
        for ax, method in zip(row, ["KMeans", tutorial["best"][name]], strict=True):
            clusters = np.unique(tutorial["labels"][name, method], return_inverse=True)[1]
            groups, paired = linear_sum_assignment(contingency_matrix(y, clusters), maximize=True)
            group_of = dict(zip(paired, groups, strict=True))
            wrong = np.array([group_of.get(c, -1) for c in clusters]) != y
            dots, rings = ax.collections
            assert dots.get_zorder() > rings.get_zorder(), "a miss shows its cluster's colour"
            assert ax.get_title().startswith(method)
            assert rings.get_facecolor().size == 0, "hollow"
            np.testing.assert_array_equal(rings.get_offsets(), X[wrong])
            np.testing.assert_array_equal(rings.get_edgecolor(), colours[y[wrong]])


def test_the_first_two_data_sets_start_from_the_same_three_blobs(tutorial):
    X_blobs, y_blobs = tutorial["X_blobs"], tutorial["y_blobs"]
    stretched, y_stretched = tutorial["datasets"]["stretched blobs"]
    np.testing.assert_array_equal(y_stretched, y_blobs)
    np.testing.assert_allclose(stretched, X_blobs @ np.array(tutorial["STRETCH"]))
    spread, y_spread = tutorial["datasets"]["unequal spreads"]
    for group in range(3):  # the same centers: group means within a fraction of a unit
        gap = X_blobs[y_blobs == group].mean(axis=0) - spread[y_spread == group].mean(axis=0)
        assert np.linalg.norm(gap) < 0.3
    assert np.ptp([spread[y_spread == g].std() for g in range(3)]) > 1, "spread unevenly"


def test_a_cluster_paired_with_no_group_is_drawn_grey_not_in_a_groups_colour(tutorial):
    """A reader's own clustering may find more clusters than there are groups."""
    X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])
    y = np.array([0, 0, 1, 1])
    clusters = np.array([0, 0, 1, 2])  # cluster 2 is left without a group
    figure, ax = plt.subplots()
    tutorial["plot_clustering"](ax, X, y, clusters, "three clusters, two groups")
    dots = ax.collections[0].get_facecolors()[:, :3]
    colours = tutorial["COLOURS"]
    np.testing.assert_allclose(dots[:3], colours[[0, 0, 1]])
    np.testing.assert_allclose(dots[3], tutorial["NO_GROUP"])
    plt.close(figure)
