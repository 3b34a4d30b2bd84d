"""The claims of the KMeans tutorial, checked on the objects the tutorial itself computes."""

from __future__ import annotations

import itertools

import jupytext
import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import TUTORIAL_DIR, assert_first_post_data, lone_blob
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import to_rgb
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist
from sklearn.datasets import make_blobs
from sklearn.metrics.cluster import contingency_matrix
from tutorial_reader import PERCENT

CLUSTER_STD = 1.8


@pytest.fixture(scope="module")
def tutorial(run_tutorial):
    names = run_tutorial("kmeans_clustering.py")
    names["figures"] = [plt.figure(number) for number in plt.get_fignums()]
    return names


@pytest.fixture(scope="module")
def match_labels(tutorial):
    return tutorial["match_labels"]


def test_uses_the_2020_data(tutorial):
    assert_first_post_data(tutorial["X"], tutorial["y_true"])


def test_agreement_with_the_true_blobs_is_high(tutorial):
    # The best of every renaming of the clusters, tried one by one, is what the page states.
    labels, y_true = tutorial["kmeans"].labels_, tutorial["y_true"]
    agreement = max(
        np.mean(np.asarray(renaming)[labels] == y_true)
        for renaming in itertools.permutations(range(4))
    )
    assert agreement == tutorial["agreement"]
    assert agreement >= 0.95


def test_renaming_moves_each_blobs_largest_count_onto_the_diagonal(tutorial):
    y_true = tutorial["y_true"]
    before = contingency_matrix(y_true, tutorial["kmeans"].labels_)
    after = contingency_matrix(y_true, tutorial["y_kmeans"])
    assert np.all(after.argmax(axis=1) == np.arange(4)), "on the diagonal"
    assert np.any(before.argmax(axis=1) != np.arange(4)), "it was not there before"
    assert sorted(map(tuple, after.T)) == sorted(map(tuple, before.T)), "the same columns"


def test_centers_are_near_the_true_blob_centers(tutorial):
    distances = cdist(true_centers(), tutorial["kmeans"].cluster_centers_)
    rows, cols = linear_sum_assignment(distances)
    # Each center is the mean of about 50 points spread by 1.8 (a standard error near 0.25),
    # pulled a little by the points the neighbouring blobs lend it: half a spread is ample.
    assert distances[rows, cols].max() < CLUSTER_STD / 2


def test_finds_the_2020_centers_and_labels(tutorial):
    """Today's fit against the centers and labels the 2020 post printed, paired here apart
    from the tutorial's own pairing, which must give the same figures."""
    kmeans, centers_2020 = tutorial["kmeans"], tutorial["centers_2020"]
    best = min(
        itertools.permutations(range(4)),
        key=lambda order: np.abs(kmeans.cluster_centers_[list(order)] - centers_2020).max(),
    )
    gap = np.abs(kmeans.cluster_centers_[list(best)] - centers_2020).max()
    # The post printed eight decimals: today's centers must round to the same numbers.
    assert gap < 5e-9
    renamed = np.argsort(best)[kmeans.labels_]  # today's cluster best[i] is 2020's i
    np.testing.assert_array_equal(renamed, tutorial["labels_2020"])
    assert tutorial["largest_gap"] == pytest.approx(gap, abs=1e-12)
    assert tutorial["same_labels"] == 1.0


def test_the_lone_blob_is_found_exactly_and_errors_lie_between_the_others(tutorial):
    X, y_true, wrong = tutorial["X"], tutorial["y_true"], tutorial["wrong"]
    centers = np.array([X[y_true == g].mean(axis=0) for g in range(4)])
    lone = lone_blob(X, y_true)
    assert centers[lone, 0] == centers[:, 0].min(), "the lone blob is the one on the left"
    assert centers[lone, 1] == centers[:, 1].min(), "... and at the bottom"
    assert wrong.any()
    assert not wrong[y_true == lone].any()
    assert set(y_true[wrong]) | set(tutorial["y_kmeans"][wrong]) <= set(range(4)) - {lone}


def true_centers() -> np.ndarray:
    """The centers make_blobs drew the 2020 data around."""
    _, _, centers = make_blobs(
        n_samples=200, n_features=2, centers=4, cluster_std=CLUSTER_STD, random_state=101,
        return_centers=True,
    )  # fmt: skip
    return centers


def test_no_method_can_be_sure_of_the_circled_points(tutorial):
    # The best any method could do is to know how the data were made: four round Gaussian
    # blobs of one spread and one size. Even then, the odds that a circled point came from
    # its own blob are at best about even: nothing to be sure of, as the page says.
    X, y_true, wrong = tutorial["X"], tutorial["y_true"], tutorial["wrong"]
    assert wrong.any()
    log_likelihood = -(cdist(X, true_centers()) ** 2) / (2 * CLUSTER_STD**2)
    likelihood = np.exp(log_likelihood)  # equal blobs: proportional to the posterior
    posterior = likelihood / likelihood.sum(axis=1, keepdims=True)
    own = posterior[np.arange(len(X)), y_true]
    assert own[wrong].max() < 0.6


def test_three_blobs_touch_one_another_and_one_lies_apart(tutorial):
    X, y_true = tutorial["X"], tutorial["y_true"]
    means = np.array([X[y_true == g].mean(axis=0) for g in range(4)])
    nearer = cdist(X, means) < cdist(X, means)[np.arange(len(X)), y_true][:, None]

    def touch(a: int, b: int) -> bool:
        """Whether some point of one blob lies nearer the other blob's middle: a shared
        border, where a point could belong to either side."""
        return bool(nearer[y_true == a, b].any() or nearer[y_true == b, a].any())

    pairs = [(a, b) for a, b in itertools.combinations(range(4), 2) if touch(a, b)]
    apart = [g for g in range(4) if not any(g in pair for pair in pairs)]
    assert len(apart) == 1, "one blob touches none of the others"
    assert len(pairs) == 3, "the other three touch one another, each pair"
    assert means[apart[0], 0] == means[:, 0].min(), "the lone blob is the one on the left"
    assert means[apart[0], 1] == means[:, 1].min(), "... and at the bottom"


def test_some_points_lie_nearer_another_blobs_center_than_their_own(tutorial):
    # Even knowing the true centers, nearest-center assignment (the best possible for blobs of
    # equal spread and size) puts these points in the wrong blob: no method recovers them all.
    X, y_true = tutorial["X"], tutorial["y_true"]
    nearest = cdist(X, true_centers()).argmin(axis=1)
    assert np.sum(nearest != y_true) >= 3


def test_each_circled_point_is_nearer_the_center_placed_for_a_neighbour_than_its_own(tutorial):
    X, y_true, y_kmeans = tutorial["X"], tutorial["y_true"], tutorial["y_kmeans"]
    kmeans, wrong = tutorial["kmeans"], tutorial["wrong"]
    # The centers in the order of the blobs their clusters are paired with.
    blob_of = y_kmeans[[np.flatnonzero(kmeans.labels_ == c)[0] for c in range(4)]]
    assert sorted(blob_of) == list(range(4))
    centers = np.empty_like(kmeans.cluster_centers_)
    centers[blob_of] = kmeans.cluster_centers_
    distances = cdist(X[wrong], centers)
    rows = np.arange(wrong.sum())
    assert np.all(distances[rows, y_kmeans[wrong]] < distances[rows, y_true[wrong]])


def test_seed_101_alone_lands_in_a_worse_local_optimum(tutorial):
    KMeans, X = tutorial["KMeans"], tutorial["X"]
    inertia = {
        (seed, n_init): KMeans(n_clusters=4, n_init=n_init, random_state=seed).fit(X).inertia_
        for seed, n_init in [(0, "auto"), (101, "auto"), (101, 10)]
    }
    assert inertia[101, "auto"] > inertia[0, "auto"] * (1 + 1e-6)
    assert inertia[101, "auto"] < inertia[0, "auto"] * 1.01, "a little higher"
    assert inertia[101, 10] == pytest.approx(inertia[0, "auto"], rel=1e-12)
    assert tutorial["kmeans"].inertia_ == pytest.approx(inertia[0, "auto"], rel=1e-12)


def test_the_worse_local_optimum_is_one_kmeans_stops_at(tutorial):
    """Every point nearest its own center and every center the mean of its points."""
    X = tutorial["X"]
    model = tutorial["KMeans"](n_clusters=4, random_state=101).fit(X)
    np.testing.assert_array_equal(cdist(X, model.cluster_centers_).argmin(axis=1), model.labels_)
    means = [X[model.labels_ == c].mean(axis=0) for c in range(4)]
    np.testing.assert_allclose(model.cluster_centers_, means, rtol=0, atol=1e-9)


def test_elkan_and_lloyd_reach_the_same_clusters_from_the_same_start(tutorial):
    """The note says the variant that "auto" ran in 2020 changes the speed, not the answer."""
    KMeans, X = tutorial["KMeans"], tutorial["X"]
    elkan, lloyd = (
        KMeans(n_clusters=4, algorithm=name, random_state=0).fit(X) for name in ("elkan", "lloyd")
    )
    assert np.array_equal(elkan.labels_, lloyd.labels_)
    assert elkan.cluster_centers_ == pytest.approx(lloyd.cluster_centers_, rel=1e-9)
    assert elkan.inertia_ == pytest.approx(lloyd.inertia_, rel=1e-9)


def test_the_settings_note_covers_every_change_since_2020(tutorial):
    """The prose explains n_jobs, precompute_distances, algorithm and n_init: exactly these."""
    then, now = tutorial["settings_2020"], tutorial["settings_now"]
    changed = {name for name, value in then.items() if name not in now or now[name] != value}
    assert changed == {"algorithm", "n_init", "n_jobs", "precompute_distances"}
    assert set(now) - set(then) == set(), "a new KMeans setting deserves a line in the note"
    notebook = jupytext.read(TUTORIAL_DIR / "kmeans_clustering.py", fmt=PERCENT)
    (note,) = [c.source for c in notebook.cells if c.source.startswith("- `n_jobs`")]
    for name in changed:
        assert f"`{name}`" in note or f"`{name}=" in note, f"the note explains {name}"


def test_the_note_gives_the_new_defaults_as_they_are(tutorial):
    """The note: "lloyd" is now the default algorithm, and n_init's default "auto" means a
    single run when the centers are picked with k-means++ (the default pick)."""
    KMeans, X, now = tutorial["KMeans"], tutorial["X"], tutorial["settings_now"]
    assert (now["algorithm"], now["n_init"], now["init"]) == ("lloyd", "auto", "k-means++")

    def inertia(seed, **settings):
        return KMeans(n_clusters=4, random_state=seed, **settings).fit(X).inertia_

    seeds = range(10)
    assert [inertia(seed) for seed in seeds] == [inertia(seed, n_init=1) for seed in seeds]
    # ... which is no tautology: for some of those seeds, ten runs find a better one
    assert [inertia(seed) for seed in seeds] != [inertia(seed, n_init=10) for seed in seeds]


def test_one_run_is_usually_as_good_as_ten_but_depends_more_on_the_seed(tutorial):
    """What the note says of n_init="auto": over fifty seeds, a single run of k-means++
    nearly always ends within 1% of the inertia of the best of ten, but where it ends varies
    more from seed to seed."""
    KMeans, X = tutorial["KMeans"], tutorial["X"]
    seeds = range(50)
    one, ten = (
        np.array([KMeans(n_clusters=4, n_init=n, random_state=s).fit(X).inertia_ for s in seeds])
        for n in (1, 10)
    )
    assert np.mean(one / ten < 1.01) > 0.8
    assert np.std(one) > 2 * np.std(ten)
    assert len(np.unique(one.round(6))) > len(np.unique(ten.round(6)))


def test_figures_are_titled_and_the_comparison_uses_the_post_titles(tutorial):
    figures = tutorial["figures"]
    assert len(figures) == 2
    for figure in figures:
        for ax in figure.axes:
            assert ax.get_title()
            assert ax.get_xlabel()
    blobs, comparison = figures
    assert "coloured by the blob" in blobs.axes[0].get_title()
    assert [ax.get_title() for ax in comparison.axes] == ["K Means", "Actual Data"]
    assert comparison.get_suptitle()


def test_both_panels_circle_exactly_the_points_kmeans_puts_in_another_blob(tutorial):
    X, y_true, labels = tutorial["X"], tutorial["y_true"], tutorial["kmeans"].labels_
    best = max(
        itertools.permutations(range(4)), key=lambda p: np.sum(np.array(p)[labels] == y_true)
    )
    wrong = np.array(best)[labels] != y_true
    comparison = tutorial["figures"][1]
    for ax in comparison.axes:
        (rings,) = [c for c in ax.collections if c.get_label() == "KMeans disagrees"]
        assert rings.get_facecolor().size == 0, "hollow, so the point's colour shows"
        np.testing.assert_array_equal(rings.get_offsets(), X[wrong])


# --- match_labels, on constructed cases -----------------------------------------------------


@given(
    labels=st.lists(st.integers(0, 5), min_size=1, max_size=60),
    seed=st.randoms(use_true_random=False),
)
def test_any_renaming_of_correct_labels_agrees_fully(match_labels, labels, seed):
    ids = sorted(set(labels))
    shuffled = ids[:]
    seed.shuffle(shuffled)
    renaming = dict(zip(ids, (i + 10 for i in shuffled), strict=True))
    predicted = [renaming[label] for label in labels]
    matched, agreement = match_labels(labels, predicted)
    assert agreement == 1.0
    np.testing.assert_array_equal(matched, labels)


def test_every_permutation_of_three_groups_agrees_fully(match_labels):
    reference = np.repeat([0, 1, 2], [3, 5, 7])
    for permutation in itertools.permutations(range(3)):
        _, agreement = match_labels(reference, np.array(permutation)[reference])
        assert agreement == 1.0


def test_a_known_confusion_gives_the_known_agreement(match_labels):
    # Cluster 7 holds blob 0's four points and one of blob 1's; cluster 3 holds the other
    # three of blob 1; cluster 5 holds blob 2's two points and one of blob 1's.
    reference = [0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]
    predicted = [7, 7, 7, 7, 7, 3, 3, 3, 5, 5, 5]
    matched, agreement = match_labels(reference, predicted)
    assert agreement == 9 / 11
    np.testing.assert_array_equal(matched, [0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2])


def test_surplus_clusters_count_as_disagreement(match_labels):
    matched, agreement = match_labels([0, 0, 1, 1], [4, 4, 5, 6])
    assert sorted(matched.tolist()) == [-1, 0, 0, 1]
    assert agreement == 3 / 4


@pytest.mark.parametrize(
    ("reference", "predicted", "message"),
    [
        ([0, 1, 1], [0, 1], "same length"),
        ([], [], "empty"),
        ([[0, 1]], [[0, 1]], "1-D"),
    ],
)
def test_bad_inputs_raise_a_clear_error(match_labels, reference, predicted, message):
    with pytest.raises(ValueError, match=message):
        match_labels(reference, predicted)


def test_the_printout_the_prose_quotes_is_the_models(tutorial):
    printout = repr(tutorial["kmeans"])
    assert printout == "KMeans(n_clusters=4, random_state=0)"
    text = (TUTORIAL_DIR / "kmeans_clustering.py").read_text("utf-8")
    assert f"which is why we saw `{printout}` above" in " ".join(text.replace("# ", "").split())


def test_points_of_a_cluster_paired_with_no_blob_are_grey_and_named_so(tutorial):
    """With five clusters, match_labels leaves one without a blob (-1): not blob 3's colour."""
    X, y_true = tutorial["X"], tutorial["y_true"]
    five = tutorial["KMeans"](n_clusters=5, random_state=0).fit(X).labels_
    matched, _ = tutorial["match_labels"](y_true, five)
    assert np.sum(matched == -1) > 0
    figure, ax = plt.subplots()
    tutorial["plot_groups"](ax, X, matched, "five clusters")
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [*tutorial["BLOB_NAMES"], "no blob"]
    (dots,) = ax.collections
    grey = to_rgb(tutorial["PALETTE"]["no blob"])
    np.testing.assert_allclose(
        dots.get_facecolors()[matched == -1, :3], [grey] * (matched == -1).sum()
    )
    plt.close(figure)
