"""The claims of "Judging a clustering", on the objects the tutorial computes."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import assert_first_post_data, lone_blob, prose
from sklearn.metrics import (
    adjusted_mutual_info_score,
    adjusted_rand_score,
    mutual_info_score,
    normalized_mutual_info_score,
)
from sklearn.metrics.cluster import contingency_matrix


@pytest.fixture(scope="module")
def tutorial(run_tutorial):
    names = run_tutorial("judging_clusterings.py")
    names["figures"] = [plt.figure(number) for number in plt.get_fignums()]
    return names


@pytest.fixture(scope="module")
def table(tutorial):
    return tutorial["table"]


def test_the_data_and_clustering_are_the_first_posts(tutorial):
    assert_first_post_data(tutorial["X"], tutorial["y_true"])
    KMeans = tutorial["KMeans"]
    first_post = KMeans(n_clusters=4, random_state=0).fit(tutorial["X"])  # its seed, 0
    np.testing.assert_array_equal(tutorial["y_kmeans"], first_post.labels_)


def test_comparing_numbers_directly_calls_a_good_clustering_bad(tutorial):
    raw = np.mean(tutorial["y_kmeans"] == tutorial["y_true"])
    matched = tutorial["matched_accuracy"](tutorial["y_true"], tutorial["y_kmeans"])
    assert raw < 0.1
    assert matched > 0.95


def test_all_three_scores_call_the_kmeans_result_good(table):
    assert min(table["KMeans, k=4"].values()) > 0.85


def test_renaming_changes_no_score(table):
    assert table["blobs, renamed"] == {"matched accuracy": 1.0, "ARI": 1.0, "NMI": 1.0}


def test_the_heat_map_puts_the_pairing_on_its_diagonal_and_border_points_off_it(tutorial):
    counts, order, X, y = tutorial["counts"], tutorial["order"], tutorial["X"], tutorial["y_true"]
    (ax,) = [
        ax
        for figure in tutorial["figures"]
        for ax in figure.axes
        if ax.get_title() == "Contingency matrix, clusters paired with blobs"
    ]
    drawn = np.asarray(ax.collections[0].get_array()).reshape(counts.shape)
    np.testing.assert_array_equal(drawn, counts[:, order])
    assert [label.get_text() for label in ax.get_xticklabels()] == [f"cluster {c}" for c in order]
    assert np.all(np.diag(drawn) == drawn.max(axis=1)), "each blob's largest cell is diagonal"
    off = drawn - np.diag(np.diag(drawn))
    assert 0 < off.sum() < 0.1 * len(y), "a few points off the diagonal"
    lone = lone_blob(X, y)
    assert off[lone].sum() == off[:, lone].sum() == 0, "none from the blob that touches no other"


def test_over_splitting_hits_matched_accuracy_and_ari_and_spares_nmi(table):
    k4, k8 = table["KMeans, k=4"], table["KMeans, k=8"]
    drop = {score: k8[score] / k4[score] for score in k4}
    assert drop["NMI"] > drop["matched accuracy"] + 0.1
    assert drop["NMI"] > drop["ARI"] + 0.1
    assert abs(drop["ARI"] - drop["matched accuracy"]) < 0.1, "ARI falls about as much"
    assert drop["matched accuracy"] < 0.75, "matched accuracy falls sharply"


def test_too_few_clusters_nmi_stays_highest(tutorial, table):
    # With two clusters, three blobs share one: every blob falls whole (but for a few border
    # points) in one cluster, and one cluster holds three of them.
    table_k2 = contingency_matrix(tutorial["candidates"]["KMeans, k=2"], tutorial["y_true"])
    whole = table_k2 >= 0.9 * table_k2.sum(axis=0)
    assert np.all(whole.sum(axis=0) == 1), "no blob is split"
    assert sorted(whole.sum(axis=1)) == [1, 3], "one cluster holds three blobs"
    row = table["KMeans, k=2"]
    sizes = np.sort(np.bincount(tutorial["y_true"]))
    assert row["matched accuracy"] == sizes[-2:].sum() / sizes.sum(), "two blobs at best"
    assert row["NMI"] > row["matched accuracy"] > row["ARI"]


def test_one_cluster_scores_zero_but_for_matched_accuracy(tutorial, table):
    row = table["one cluster"]
    assert row["ARI"] == 0
    assert row["NMI"] == 0
    sizes = np.bincount(tutorial["y_true"])
    assert row["matched accuracy"] == sizes.max() / sizes.sum(), "the largest group's share"


def test_random_labels_beat_one_cluster_on_matched_accuracy_while_ari_stays_near_zero(table):
    assert table["random labels"]["matched accuracy"] > table["one cluster"]["matched accuracy"]
    assert abs(table["random labels"]["ARI"]) < 0.05


def test_random_labels_among_many_clusters_fool_nmi_but_not_the_adjusted_scores(tutorial):
    row, ami = tutorial["table"]["random, 50"], tutorial["ami"]
    clusters = len(np.unique(tutorial["candidates"]["random, 50"]))
    assert "Random labels among fifty clusters" in prose("judging_clusterings.py")
    assert clusters == 50
    assert len(tutorial["y_true"]) / clusters == 4, "four points per cluster on average"
    assert row["NMI"] > 0.1, "well above 0"
    assert abs(row["ARI"]) < 0.05
    assert abs(ami) < 0.05, "near 0"
    assert row["NMI"] > 4 * abs(ami)


def test_when_one_group_dominates_the_lazy_answer_wins_matched_accuracy_only(tutorial):
    scores, y, uneven = tutorial["scores"], tutorial["y_uneven"], tutorial["uneven"]
    lazy, kmeans = scores(y, uneven["one cluster"]), scores(y, uneven["KMeans, k=2"])
    assert lazy["matched accuracy"] == np.bincount(y).max() / len(y), "the big group's share"
    assert lazy["matched accuracy"] > kmeans["matched accuracy"]
    assert lazy["ARI"] == 0
    assert lazy["NMI"] == 0
    assert kmeans["ARI"] > 0.3
    assert kmeans["NMI"] > 0.3
    table = contingency_matrix(y, uneven["KMeans, k=2"])
    small = table[1].argmax()
    assert table[1, small] >= 0.9 * table[1].sum(), "nearly all the small group together"
    assert table[0, small] > table[1, small], "more of the big group's points than the small's"
    # Those are the big group's near edge: every one of them lies further toward the small
    # group than any point of the big group left out of that cluster.
    X, clusters = tutorial["X_uneven"], uneven["KMeans, k=2"]
    big_mean, small_mean = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
    toward_small = (X - big_mean) @ (small_mean - big_mean)
    taken = (y == 0) & (clusters == small)
    assert toward_small[taken].min() > toward_small[(y == 0) & ~taken].max()
    big, little = sorted(np.bincount(y), reverse=True)
    text = prose("judging_clusterings.py")
    assert f"{big} points come from one blob and {little} from a smaller one" in text


def test_ari_can_dip_below_zero(tutorial):
    """Below chance: two partitions that disagree on every pair they could agree on."""
    scores = tutorial["scores"]
    assert scores(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]))["ARI"] < 0


def test_nmi_is_one_only_for_the_same_partition_up_to_renaming(tutorial):
    scores, y = tutorial["scores"], tutorial["y_true"]
    halves = y * 2 + np.arange(len(y)) % 2  # every group cut in two: clusters determine groups
    assert scores(y, halves)["NMI"] < 0.9
    assert scores(y, (y + 1) % (y.max() + 1))["NMI"] == pytest.approx(1.0)


def test_random_labels_with_many_clusters_score_above_zero_on_nmi_but_not_once_adjusted(
    tutorial,
):
    # The prose: NMI is not adjusted for chance, adjusted_mutual_info_score is.
    y = tutorial["y_true"]
    many = np.random.default_rng(0).integers(0, 50, size=len(y))
    assert normalized_mutual_info_score(y, many) > 0.1
    assert abs(adjusted_mutual_info_score(y, many)) < 0.05


def test_nmi_divides_by_the_arithmetic_mean_of_the_two_entropies(tutorial):
    """As the page says of scikit-learn's default; the geometric mean gives another value."""
    y, y_kmeans = tutorial["y_true"], tutorial["y_kmeans"]

    def entropy(labels):
        shares = np.bincount(labels) / len(labels)
        shares = shares[shares > 0]
        return -np.sum(shares * np.log(shares))

    shared = mutual_info_score(y, y_kmeans)
    nmi = tutorial["scores"](y, y_kmeans)["NMI"]
    assert nmi == pytest.approx(shared / np.mean([entropy(y), entropy(y_kmeans)]), rel=1e-12)
    # Where the two entropies differ, as with two clusters for four groups, another mean
    # gives another value.
    merged = np.minimum(y, 1)
    arithmetic = tutorial["scores"](y, merged)["NMI"]
    geometric = normalized_mutual_info_score(y, merged, average_method="geometric")
    assert abs(geometric - arithmetic) > 0.02


def test_ari_subtracts_its_expected_count_under_shuffled_labels(tutorial):
    """Shuffled labels, the clusters keeping their sizes, score 0 on average."""
    y, y_kmeans = tutorial["y_true"], tutorial["y_kmeans"]
    rng = np.random.default_rng(0)
    shuffled = [adjusted_rand_score(y, rng.permutation(y_kmeans)) for _ in range(2000)]
    assert abs(np.mean(shuffled)) < 3 * np.std(shuffled) / np.sqrt(len(shuffled))
