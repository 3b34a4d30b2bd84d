# ---
# title: Judging a clustering
# date: 2026-11-18
# updated: 2026-11-29
# description: >-
#   Why comparing cluster labels with true labels point by point fails, and three scores that
#   work instead (matched accuracy, adjusted Rand index, normalized mutual information), with
#   the cases where they disagree.
# tags: [evaluation, k-means, adjusted Rand index, mutual information, seaborn, scikit-learn]
# jupyter:
#   jupytext:
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Judging a clustering
#
# Several posts so far graded clusterings against known groups. This one looks at the grading
# itself: why the obvious comparison fails, what the usual scores measure, and where they
# disagree, so that a score on a page like these means something to you.

# %% [markdown]
# ## The obvious comparison fails
#
# We take the 200 points of the [first post](kmeans_clustering.py) and cluster them with
# KMeans, as there. Then we count the points whose cluster number equals their blob number.

# %%
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

plt.style.use("ggplot")
RANDOM_STATE = 0

X, y_true = make_blobs(
    n_samples=200, n_features=2, centers=4, cluster_std=1.8, random_state=101
)
y_kmeans = KMeans(n_clusters=4, random_state=RANDOM_STATE).fit_predict(X)

print(
    "cluster number == blob number for "
    f"{np.mean(y_kmeans == y_true):.0%} of points"
)

# %% [markdown]
# By that count the clustering is nearly all wrong, yet the first post showed it was nearly
# all right. KMeans numbers its clusters in whatever order they come out; nothing ties its
# cluster 0 to blob 0. A score for clusterings must not care about the names of the clusters:
# renaming them must not change it.

# %% [markdown]
# ## Matched accuracy
#
# The fix used throughout this series is to rename first. The *contingency matrix* counts,
# for each blob and each cluster, the points they share. The best renaming pairs clusters
# with blobs one to one so that the paired counts add up to as much as possible: an
# assignment problem that the Hungarian algorithm and its faster relatives (SciPy's
# `linear_sum_assignment`) solve exactly. The share of points in the paired cells is the
# *matched accuracy*.

# %%
from scipy.optimize import linear_sum_assignment
from sklearn.metrics.cluster import contingency_matrix


def best_pairing(groups, clusters):
    """The contingency matrix, and the rows and columns of the best pairing."""
    counts = contingency_matrix(groups, clusters)
    rows, cols = linear_sum_assignment(counts, maximize=True)
    return counts, rows, cols


def matched_accuracy(groups, clusters):
    """Share of points whose cluster is paired with their group."""
    counts, rows, cols = best_pairing(groups, clusters)
    return counts[rows, cols].sum() / counts.sum()


print(f"matched accuracy: {matched_accuracy(y_true, y_kmeans):.0%}")

# %% [markdown]
# Drawn as a heat map, with the clusters put in the order of their paired blobs, the
# contingency matrix shows the pairing on its diagonal and every mistake off it.

# %%
counts, rows, cols = best_pairing(y_true, y_kmeans)
order = cols[np.argsort(rows)]  # the clusters, in the order of their blobs

fig, ax = plt.subplots(figsize=(6, 5), layout="constrained")
sns.heatmap(
    counts[:, order],
    annot=True,
    fmt="d",
    cmap="Blues",
    cbar_kws={"label": "points"},
    xticklabels=[f"cluster {c}" for c in order],
    yticklabels=[f"blob {b}" for b in range(counts.shape[0])],
    ax=ax,
)
ax.set(
    title="Contingency matrix, clusters paired with blobs",
    xlabel="KMeans cluster",
    ylabel="true blob",
)
ax.tick_params(axis="y", labelrotation=0)  # seaborn stands them on end
plt.show()

# %% [markdown]
# Most points sit on the diagonal; the few off it come from the three blobs that touch and
# lie past a border between two of them, as in the first post.

# %% [markdown]
# ## Two scores that need no renaming
#
# Two other scores sidestep the names entirely, and scikit-learn provides both. Each compares
# two *partitions* of the points, two ways of cutting them into groups: the clusters and the
# true groups.
#
# - The **adjusted Rand index** (ARI) looks at pairs of points. A pair is handled well when
#   the two points share a cluster exactly when they share a group. The index counts such
#   pairs, subtracts the count it would expect if the labels were shuffled at random (the
#   clusters keeping their sizes), and divides by a bound on what could be gained over that,
#   so that 0 means "no better than chance" and 1 means identical partitions; it can dip
#   below 0.
# - The **normalized mutual information** (NMI) asks how much knowing a point's cluster tells
#   about its group: their *mutual information*. To bring it between 0 and 1, it divides that
#   by the mean of the information that the clusters and the groups each carry on their own,
#   their *entropies* (scikit-learn takes the arithmetic mean by default; other means give
#   other values). It is 0 when clusters say nothing about groups, and 1 only when each
#   determines the other, that is, when the two partitions are the same up to renaming. It
#   is not adjusted for chance: random labels with many clusters score above 0.
#   scikit-learn's `adjusted_mutual_info_score` subtracts what chance would score, as the
#   ARI does.

# %%
from sklearn.metrics import (
    adjusted_mutual_info_score,
    adjusted_rand_score,
    normalized_mutual_info_score,
)


def scores(groups, clusters):
    """Matched accuracy, adjusted Rand index, normalized mutual information."""
    return {
        "matched accuracy": matched_accuracy(groups, clusters),
        "ARI": adjusted_rand_score(groups, clusters),
        "NMI": normalized_mutual_info_score(groups, clusters),
    }


print(
    ", ".join(
        f"{name} {value:.3f}"
        for name, value in scores(y_true, y_kmeans).items()
    )
)

# %% [markdown]
# All three call the KMeans result good. The numbers differ because they measure different
# things, and it is in other cases that the difference matters.

# %% [markdown]
# ## Where the scores disagree
#
# We score a few clusterings of the same points: the true blobs with every number shifted by
# one (blob 0 named 1, and so on), the KMeans result, KMeans asked for too many and for too
# few clusters, every point in one cluster, and labels drawn at random, among four clusters
# and among fifty.

# %%
rng = np.random.default_rng(RANDOM_STATE)
candidates = {
    "blobs, renamed": (y_true + 1) % 4,
    "KMeans, k=4": y_kmeans,  # as fitted above, like the first post
    # With more or fewer clusters than blobs, a single start can land badly:
    # keep the best of ten, so that the scores judge k, not a start's luck.
    "KMeans, k=8": KMeans(
        n_clusters=8, n_init=10, random_state=RANDOM_STATE
    ).fit_predict(X),
    "KMeans, k=2": KMeans(
        n_clusters=2, n_init=10, random_state=RANDOM_STATE
    ).fit_predict(X),
    "one cluster": np.zeros(len(X), dtype=int),
    "random labels": rng.integers(0, 4, size=len(X)),
    "random, 50": rng.integers(0, 50, size=len(X)),
}
table = {
    name: scores(y_true, clusters) for name, clusters in candidates.items()
}

print(f"{'clustering':<16}{'matched':>8}{'ARI':>8}{'NMI':>8}")
for name, row in table.items():
    print(f"{name:<16}" + "".join(f"{value:>8.3f}" for value in row.values()))

ami = adjusted_mutual_info_score(y_true, candidates["random, 50"])
print(f"\nrandom, 50: adjusted mutual information {ami:.3f}")

# %% [markdown]
# - **Renamed blobs** score 1 everywhere: the three scores ignore names, as they must.
# - **Too many clusters.** With eight clusters, the blobs are cut into pieces. Matched
#   accuracy pairs only four clusters with blobs and counts the points of the other four as
#   wrong, so it falls sharply, and ARI falls about as much. NMI falls least: each piece
#   still tells a lot about the blob its points come from. Over-splitting is cheap under NMI.
# - **Too few clusters.** With two clusters, three blobs share one. Matched accuracy can only
#   pair two of the four blobs; NMI again stays higher than the others.
# - **One cluster** says nothing, and ARI and NMI score it 0. Matched accuracy gives it the
#   share of the largest group: not 0.
# - **Random labels** also get a matched accuracy above that of one cluster, because the
#   best pairing picks whichever random coincidences help. ARI, adjusted for chance, stays
#   near 0.
# - **Random labels among fifty clusters** say nothing either, yet their NMI is well above
#   0: with four points per cluster on average, chance alone makes each cluster lean toward
#   some blob. ARI stays near 0, and so does the adjusted mutual information printed below
#   the table, which subtracts what chance would score.

# %% [markdown]
# ## When one group dominates
#
# Matched accuracy gives credit to a clustering that says nothing, as one cluster showed
# above; that matters most when groups are of very different sizes. Here 180 points come
# from one blob and 20 from a smaller one next to it. We score KMeans with two clusters, and
# the lazy answer that puts every point in one cluster.

# %%
X_uneven, y_uneven = make_blobs(
    n_samples=[180, 20], centers=[[0, 0], [3, 0]], random_state=RANDOM_STATE
)
uneven = {
    "KMeans, k=2": KMeans(n_clusters=2, random_state=RANDOM_STATE).fit_predict(
        X_uneven
    ),
    "one cluster": np.zeros(len(X_uneven), dtype=int),
}
print(f"{'clustering':<12}{'matched':>8}{'ARI':>8}{'NMI':>8}")
for name, clusters in uneven.items():
    row = scores(y_uneven, clusters)
    print(f"{name:<12}" + "".join(f"{value:>8.3f}" for value in row.values()))

in_clusters = contingency_matrix(y_uneven, uneven["KMeans, k=2"])
print("\npoints in KMeans' clusters 0 and 1:")
for group, row in zip(["big group", "small group"], in_clusters, strict=True):
    print(f"  {group:<12}" + "".join(f"{count:6}" for count in row))

# %% [markdown]
# By matched accuracy, the lazy answer beats KMeans: it is right about the 180 points of the
# big group and wrong only about the 20 others. ARI and NMI see that it separates nothing
# and give it 0, while KMeans scores well above 0: one of its clusters holds nearly all of
# the small group. That cluster also takes in the near edge of the big group: more points of
# the big group than of the small one. KMeans draws its border halfway between its two
# centers, whatever the size of the groups behind them.
# Accuracy-like scores reward agreeing with the majority; chance-adjusted scores do not.

# %% [markdown]
# ## Recap
#
# - Never compare cluster numbers with group numbers directly: cluster numbers are arbitrary.
# - Matched accuracy (Hungarian pairing on the contingency matrix) reads like a percentage
#   and suits clusterings with the right number of clusters. Like ARI it punishes
#   over-splitting hard, and unlike ARI it flatters lazy answers when one group dominates.
# - The adjusted Rand index is 0 for chance and 1 for a perfect match: a sound default.
# - Normalized mutual information forgives over-splitting; use its adjusted version when
#   chance matters.
# - A heat map of the contingency matrix shows what the scores summarize.
#
# ## Further reading
#
# - [Clustering performance evaluation](https://scikit-learn.org/stable/modules/clustering.html#clustering-performance-evaluation)
#   in the scikit-learn user guide, for these scores and others (homogeneity, completeness,
#   V-measure, Fowlkes–Mallows).
# - [Adjustment for chance in clustering performance evaluation](https://scikit-learn.org/stable/auto_examples/cluster/plot_adjusted_for_chance_measures.html)
#   in the scikit-learn gallery.
# - Next in this series: [clustering handwritten digits](digits.py), real data where the
#   clusters are not blobs.
