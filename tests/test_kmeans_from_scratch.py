"""The claims of "k-means from scratch", on the objects the tutorial computes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import assert_first_post_data, figures_titled, lone_blob, prose
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.metrics.cluster import contingency_matrix


@pytest.fixture(scope="module")
def tutorial(run_tutorial):
    return run_tutorial("kmeans_from_scratch.py")


def test_the_data_are_the_first_posts(tutorial):
    assert_first_post_data(tutorial["X"], tutorial["y_true"])


def test_lloyd_and_scikit_learn_agree_from_the_same_start(tutorial):
    centers, labels = tutorial["history"][-1]
    theirs = tutorial["theirs"]
    np.testing.assert_array_equal(labels, theirs.labels_)
    np.testing.assert_allclose(centers, theirs.cluster_centers_, rtol=0, atol=1e-10)
    assert tutorial["inertia"](tutorial["X"], centers, labels) == pytest.approx(
        theirs.inertia_, rel=1e-12
    )


@pytest.mark.parametrize("seed", range(5))
def test_they_agree_from_other_starts_too(tutorial, seed):
    X, lloyd, inertia = tutorial["X"], tutorial["lloyd"], tutorial["inertia"]
    start = X[np.random.default_rng(seed).choice(len(X), size=4, replace=False)]
    centers, labels = lloyd(X, start)[-1]
    theirs = KMeans(n_clusters=4, init=start, n_init=1, algorithm="lloyd", tol=0).fit(X)
    np.testing.assert_array_equal(labels, theirs.labels_)
    assert inertia(X, centers, labels) == pytest.approx(theirs.inertia_, rel=1e-12)


def test_the_inertia_never_increases_and_the_loop_stops_when_labels_do(tutorial):
    X, inertia, history = tutorial["X"], tutorial["inertia"], tutorial["history"]
    values = [inertia(X, c, labels) for c, labels in history]
    assert all(a > b for a, b in itertools.pairwise(values)), "it falls at every step"
    np.testing.assert_array_equal(history[-1][1], history[-2][1])
    assert len(history) > 3, "a few steps to watch"


def test_the_seed_shown_takes_several_steps_to_the_best_and_seed_zero_stops_at_once(tutorial):
    X, K, lloyd, inertia = tutorial["X"], tutorial["K"], tutorial["lloyd"], tutorial["inertia"]
    shown = tutorial["history"]
    assert inertia(X, *shown[-1]) == pytest.approx(tutorial["best_known"], rel=1e-12)
    rng = np.random.default_rng(0)
    from_zero = lloyd(X, X[rng.choice(len(X), size=K, replace=False)])
    assert len(from_zero) - 1 <= 2 < len(shown) - 1, "from seed 0, little to watch"
    seed = tutorial["RANDOM_STATE"]
    assert f"The seed is {seed} rather than the 0" in prose("kmeans_from_scratch.py")


def test_the_first_update_moves_a_center_most_then_the_moves_shrink(tutorial):
    history = tutorial["history"]
    moves = [np.linalg.norm(b[0] - a[0], axis=1).max() for a, b in itertools.pairwise(history)]
    assert all(a > b for a, b in itertools.pairwise(moves))


def test_after_the_first_move_the_crosses_hide_the_arrows(tutorial):
    (figure,) = figures_titled("Lloyd's algorithm, step by step", prefix=True)
    figure.canvas.draw()  # the constrained layout places the axes
    history = tutorial["history"]
    steps = [ax for ax in figure.axes if ax.get_title().startswith("step ")]
    assert len(steps) == len(history)
    moves, crosses = [], []  # on screen, in pixels, for each update
    for ax, ((before, _), (after, _)) in zip(steps[1:], itertools.pairwise(history), strict=True):
        (marks,) = [
            c
            for c in ax.collections
            if np.array_equal(c.get_offsets(), after) and np.any(c.get_facecolors()[:, 3])
        ]
        on_screen = ax.transData.transform(after) - ax.transData.transform(before)
        moves.append(np.linalg.norm(on_screen, axis=1).max())
        # A marker of size s spans sqrt(s) points; a point is dpi/72 pixels.
        crosses.append(np.sqrt(marks.get_sizes()[0]) * figure.dpi / 72)
    assert all(m < 1.1 * c for m, c in zip(moves[1:], crosses[1:], strict=True)), (
        "after the first step, no move is much longer than a cross is wide"
    )
    assert moves[0] > 2 * crosses[0], "the first move shows as an arrow"


def test_the_largest_first_move_takes_a_center_from_a_groups_edge_to_its_middle(tutorial):
    X, blobs, history = tutorial["X"], tutorial["y_true"], tutorial["history"]
    means = np.array([X[blobs == b].mean(axis=0) for b in range(4)])
    (before, _), (after, _) = history[:2]
    mover = np.argmax(np.linalg.norm(after - before, axis=1))
    group = cdist(before[mover][None], means).argmin()
    assert cdist(after[mover][None], means).argmin() == group, "it stays with its group"
    # At the edge: further from the group's middle than most of the group's points are.
    spread = np.linalg.norm(X[blobs == group] - means[group], axis=1)
    assert np.linalg.norm(before[mover] - means[group]) > np.quantile(spread, 0.9)
    assert np.linalg.norm(after[mover] - means[group]) < np.quantile(spread, 0.1)


def test_fewer_points_change_cluster_at_every_step_all_from_the_blobs_that_touch(tutorial):
    X, blobs, history = tutorial["X"], tutorial["y_true"], tutorial["history"]
    changed = [a[1] != b[1] for a, b in itertools.pairwise(history)]
    counts = [int(c.sum()) for c in changed]
    assert all(a > b for a, b in itertools.pairwise(counts))
    assert counts[-1] == 0
    lone = lone_blob(X, blobs)
    for points in changed[1:]:
        assert not np.any(points & (blobs == lone))


def test_kmeans_plus_plus_picks_data_points_and_starts_lower(tutorial):
    X, seeded, initial = tutorial["X"], tutorial["seeded"], tutorial["initial"]
    assert all(any(np.array_equal(center, point) for point in X) for center in seeded)
    inertia, assign = tutorial["inertia"], tutorial["assign"]
    assert inertia(X, seeded, assign(X, seeded)) < inertia(X, initial, assign(X, initial))


def test_the_starts_colour_each_point_as_its_starting_centers_cluster_ends(tutorial):
    X, assign, lloyd = (tutorial[n] for n in ("X", "assign", "lloyd"))
    (figure,) = figures_titled("Two ways to pick the four starting centers")
    for ax, start in zip(figure.axes, (tutorial["initial"], tutorial["seeded"]), strict=True):
        points, crosses = ax.collections
        np.testing.assert_array_equal(crosses.get_offsets(), start)
        assert to_hex(crosses.get_facecolors()[0]) == "#000000", "black crosses"
        palette = tutorial["colours_after_blobs"](lloyd(X, start)[-1][1])
        shown = points.get_facecolors()[:, :3]
        np.testing.assert_allclose(shown, palette[assign(X, start)])


def test_over_two_hundred_seeds_kmeans_plus_plus_starts_much_lower_but_ends_alike(tutorial):
    start, final, best = tutorial["start_inertia"], tutorial["end_inertia"], tutorial["best_known"]
    assert np.median(start["k-means++"]) < 0.7 * np.median(start["random"])
    share = {
        (name, end): np.mean(ends == end)
        for name, ends in tutorial["outcome"].items()
        for end in ("best", "near", "stuck")
    }
    assert 0.75 < share["k-means++", "stuck"] / share["random", "stuck"] < 4 / 3, "about as often"
    assert min(share["k-means++", "stuck"], share["random", "stuck"]) > 0.05, "both get stuck"
    assert share["k-means++", "best"] < share["random", "best"], "the best less often"
    assert share["random", "best"] - share["k-means++", "best"] < 0.1, "though only a little"
    assert f"over {tutorial['TRIALS']} seeds" in prose("kmeans_from_scratch.py")
    for name, values in final.items():
        values = np.asarray(values)
        assert len(values) == len(start[name]) == tutorial["TRIALS"]
        stuck = values > (1 + tutorial["NEAR"]) * best
        assert np.all(values[stuck] > 1.5 * best), "far above the best"


def test_scikit_learns_kmeans_plus_plus_gets_stuck_far_less_often_than_ours(tutorial):
    """Its few candidates per step keep most single runs out of the trap: one run is usually
    enough, as the first post found."""
    X, K, trials = tutorial["X"], tutorial["K"], tutorial["TRIALS"]
    greedy = tutorial["greedy"]
    assert len(greedy) == trials
    for seed in (0, trials - 1):  # the same single runs a reader would fit
        fitted = KMeans(n_clusters=K, n_init=1, random_state=seed).fit(X).inertia_
        assert greedy[seed] == pytest.approx(fitted, rel=1e-12)
    stuck = np.sum(greedy > (1 + tutorial["NEAR"]) * tutorial["best_known"])
    assert tutorial["greedy_stuck"] == stuck
    assert tutorial["ours_stuck"] == np.sum(tutorial["outcome"]["k-means++"] == "stuck")
    assert 2 * stuck < tutorial["ours_stuck"], "far less often"
    assert stuck < trials / 10, "one run is usually enough"


def test_the_candidates_are_what_keeps_scikit_learns_runs_out_of_the_trap(tutorial):
    """Given one candidate per step, as ours has, scikit-learn's k-means++ gets stuck about
    as often as ours: its few candidates make the difference, not the rest of its fit."""
    X, K, trials = tutorial["X"], tutorial["K"], tutorial["TRIALS"]
    one_candidate = [
        KMeans(n_clusters=K, init=kmeans_plusplus(X, K, random_state=seed, n_local_trials=1)[0])
        .fit(X)
        .inertia_
        for seed in range(trials)
    ]
    stuck = np.sum(np.asarray(one_candidate) > (1 + tutorial["NEAR"]) * tutorial["best_known"])
    assert 0.75 < stuck / tutorial["ours_stuck"] < 4 / 3, "about as often as ours"
    assert stuck > 2 * tutorial["greedy_stuck"], "far more often than with a few candidates"


def test_restarts_catch_the_runs_that_end_stuck(tutorial):
    """With n_init=10, a fit ends stuck only if all ten runs do: with fewer than one single
    run in ten stuck (as a test above holds), about one chance in ten billion per seed."""
    X, K, trials = tutorial["X"], tutorial["K"], tutorial["TRIALS"]
    restarted = [
        KMeans(n_clusters=K, n_init=10, random_state=seed).fit(X).inertia_ for seed in range(trials)
    ]
    assert max(restarted) <= (1 + tutorial["NEAR"]) * tutorial["best_known"]


@pytest.fixture(scope="module")
def runs(tutorial):
    """Every run of the 200-seed comparison: (start's name, final inertia, final labels)."""
    return [
        (name, value, labels)
        for name, values in tutorial["end_inertia"].items()
        for value, (_, labels) in zip(values, tutorial["end_fit"][name], strict=True)
    ]


def test_the_best_known_clustering_is_the_best_scikit_learn_finds(tutorial):
    """The runs' best is the best clustering of these points: a hundred restarts of
    scikit-learn's KMeans find no lower inertia."""
    X, K = tutorial["X"], tutorial["K"]
    restarted = KMeans(n_clusters=K, n_init=100, random_state=0).fit(X).inertia_
    assert tutorial["best_known"] == pytest.approx(restarted, rel=1e-9)


def test_near_is_within_the_share_the_prose_names(tutorial):
    near = tutorial["NEAR"]
    assert f"within {near:.1%} of its inertia (a point or two placed differently:" in prose(
        "kmeans_from_scratch.py"
    )


def test_the_first_posts_other_seed_ends_near_the_best_not_stuck(tutorial):
    # The first post's single run with random_state=101 lands in a local optimum that this
    # post counts as near the best, as its prose says.
    fit = KMeans(n_clusters=4, random_state=101).fit(tutorial["X"])
    best = tutorial["best_known"]
    assert best * (1 + 1e-9) < fit.inertia_ <= (1 + tutorial["NEAR"]) * best


def test_runs_near_the_best_place_a_point_or_two_differently(tutorial, runs):
    _, best, best_labels = min(runs, key=lambda run: run[1])
    limit = (1 + tutorial["NEAR"]) * best
    near = [labels for _, value, labels in runs if best < value <= limit]
    assert near, "some runs end near the best without reaching it"
    for labels in near:
        table = contingency_matrix(best_labels, labels)
        rows, cols = linear_sum_assignment(table, maximize=True)
        assert 1 <= len(labels) - table[rows, cols].sum() <= 2


def test_stuck_runs_nearly_all_share_one_blob_and_cover_two_that_touch(tutorial, runs):
    X, blobs = tutorial["X"], tutorial["y_true"]
    limit = (1 + tutorial["NEAR"]) * min(value for _, value, _ in runs)
    lone = lone_blob(X, blobs)
    shapes = []
    for _, value, labels in runs:
        if value > limit:
            table = contingency_matrix(labels, blobs)  # clusters by blobs
            shared = np.any(np.sum(table >= 10, axis=0) >= 2)
            covering = [row for row in table if np.sum(row >= 40) >= 2]
            covers_two_that_touch = bool(covering) and all(row[lone] < 40 for row in covering)
            shapes.append(shared and covers_two_that_touch)
    assert len(shapes) >= 20
    assert np.mean(shapes) > 0.9, "nearly all"
    printed = [tutorial["split_and_merged"](labels) for _, value, labels in runs if value > limit]
    assert printed == shapes, "the page counts the stuck runs of that shape"


def test_the_stuck_run_shown_has_that_shape_and_the_best_run_the_best_inertia(tutorial):
    X, inertia, shown = tutorial["X"], tutorial["inertia"], tutorial["shown"]
    (best_centers, best_labels), (stuck_centers, stuck_labels) = shown.values()
    assert inertia(X, best_centers, best_labels) == pytest.approx(tutorial["best_known"], rel=1e-9)
    assert inertia(X, stuck_centers, stuck_labels) > 1.5 * tutorial["best_known"]
    assert tutorial["split_and_merged"](stuck_labels)
    assert not tutorial["split_and_merged"](best_labels)
    # The blob that two clusters share is the lone one, at the bottom left, as the page says.
    blobs = tutorial["y_true"]
    lone = lone_blob(X, blobs)
    table = contingency_matrix(blobs, stuck_labels)  # blobs by clusters
    shared = np.flatnonzero(np.sum(table >= table.sum(axis=1, keepdims=True) / 4, axis=1) > 1)
    assert list(shared) == [lone]
    palette = tutorial["colours_after_blobs"](stuck_labels)
    (grey,) = np.flatnonzero((palette == tutorial["NO_BLOB"]).all(axis=1))
    assert np.bincount(blobs[stuck_labels == grey]).argmax() == lone, "grey: in the lone blob"
    means = np.array([X[blobs == b].mean(axis=0) for b in range(4)])
    assert all((means[lone] < means[b]).all() for b in range(4) if b != lone), "bottom left"


def test_lloyds_loop_cannot_leave_the_stuck_clustering(tutorial):
    X, (centers, labels) = tutorial["X"], tutorial["shown"]["stuck"]
    nearest = cdist(X, centers).argmin(axis=1)
    np.testing.assert_array_equal(nearest, labels, "every point nearest its own center")
    means = np.array([X[labels == j].mean(axis=0) for j in range(len(centers))])
    np.testing.assert_allclose(centers, means, rtol=0, atol=1e-12, err_msg="centers are means")


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=50, deadline=None)
def test_neither_step_raises_the_inertia_and_each_point_goes_to_its_nearest_center(tutorial, seed):
    X, assign, update, inertia = (tutorial[n] for n in ("X", "assign", "update", "inertia"))
    rng = np.random.default_rng(seed)
    centers = rng.uniform(X.min(axis=0), X.max(axis=0), size=(4, 2))
    labels = rng.integers(0, 4, size=len(X))  # any clustering at all
    assigned = assign(X, centers)
    np.testing.assert_array_equal(assigned, cdist(X, centers).argmin(axis=1))
    assert inertia(X, centers, assigned) <= inertia(X, centers, labels)
    updated = update(X, labels, centers)
    if np.allclose(updated, centers):
        assert inertia(X, updated, labels) == pytest.approx(inertia(X, centers, labels))
    else:  # the mean is the only point with the smallest sum: a move lowers it strictly
        assert inertia(X, updated, labels) < inertia(X, centers, labels)
    # Nearer one center than another: on that center's side of the perpendicular bisector
    # of the two, so the borders are straight lines.
    for i, j in itertools.permutations(range(4), 2):
        side = (X - (centers[i] + centers[j]) / 2) @ (centers[j] - centers[i])
        assert np.all(side[assigned == i] <= 1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_while_the_loop_runs_each_assignment_beats_the_last_at_their_best_centers(tutorial, seed):
    X, lloyd, update, inertia = (tutorial[n] for n in ("X", "lloyd", "update", "inertia"))
    start = X[np.random.default_rng(seed).choice(len(X), size=4, replace=False)]
    assignments = [labels for _, labels in lloyd(X, start)]
    # The last repeats the one before: that is how the loop knows to stop.
    np.testing.assert_array_equal(assignments[-1], assignments[-2])
    assignments = assignments[:-1]
    at_best = [inertia(X, update(X, labels, start), labels) for labels in assignments]
    assert all(a > b for a, b in itertools.pairwise(at_best)), "each does better"
    distinct = {labels.tobytes() for labels in assignments}
    assert len(distinct) == len(assignments), "none comes back"


def test_each_cluster_takes_the_colour_of_its_blob_or_grey_if_mostly_from_another(tutorial):
    colours, y, grey = tutorial["COLOURS"], tutorial["y_true"], tutorial["NO_BLOB"]
    history_end, (_, best), (_, stuck) = tutorial["history"][-1], *tutorial["shown"].values()
    for labels, greys in ((history_end[1], 0), (best, 0), (stuck, 1)):
        palette = tutorial["colours_after_blobs"](labels)
        # the pairing that agrees most: blob partner[c] for cluster c
        partner = max(
            itertools.permutations(range(4)),
            key=lambda blobs: np.sum(np.asarray(blobs)[labels] == y),
        )
        for cluster, blob in enumerate(partner):
            majority = np.bincount(y[labels == cluster], minlength=4).argmax()
            expected = colours[blob] if majority == blob else grey
            np.testing.assert_array_equal(palette[cluster], expected)
        assert np.sum((palette == grey).all(axis=1)) == greys, "as the page says"


def test_the_run_ends_with_each_blob_in_its_colour_from_the_first_post(tutorial, run_tutorial):
    first_post = run_tutorial("kmeans_clustering.py")
    blob_colours = np.array([first_post["PALETTE"][name] for name in first_post["BLOB_NAMES"]])
    np.testing.assert_array_equal(tutorial["COLOURS"], blob_colours)
    labels = tutorial["history"][-1][1]
    drawn = tutorial["colours_after_blobs"](labels)[labels]
    assert np.mean((drawn == blob_colours[tutorial["y_true"]]).all(axis=1)) > 0.95
