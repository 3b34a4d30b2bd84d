# ---
# title: How many clusters? The elbow and the silhouette
# date: 2026-11-09
# updated: 2026-11-29
# description: >-
#   KMeans needs the number of clusters up front. Two classic ways to choose it, the elbow of
#   the inertia and the silhouette, read on the first post's blobs, and why they disagree.
# tags: [k-means, choosing k, silhouette, evaluation, scikit-learn]
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
# # How many clusters? The elbow and the silhouette
#
# In the [first post](kmeans_clustering.py) we told KMeans to look for four clusters, because
# we had made the data from four blobs. With real data nobody tells us. This post tries every
# number of clusters *k* from 1 to 10 on the same 200 points and reads two classic criteria: the *elbow*
# of the inertia and the *silhouette*. They do not agree, and seeing why teaches more than
# either number alone.

# %% [markdown]
# ## The same data as before
#
# We make the 200 points of the first post again: four blobs, one alone at the bottom left
# and three that touch.

# %%
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from sklearn.datasets import make_blobs

plt.style.use("ggplot")
plt.rcParams["figure.titlesize"] = "xx-large"  # larger than panel titles
RANDOM_STATE = 0

X, y_true = make_blobs(
    n_samples=200, n_features=2, centers=4, cluster_std=1.8, random_state=101
)

# %% [markdown]
# ## Fitting every k
#
# We fit KMeans for *k* from 1 to 10. Each fit starts ten times from different starting
# centers, picked by k-means++ (scikit-learn's default, which spreads them over the data),
# and keeps the best run (`n_init=10`): with a single start, an unlucky fit for one *k* would
# give it a worse score in the curves below than the data deserve.

# %%
from sklearn.cluster import KMeans

K_VALUES = range(1, 11)
models = {
    k: KMeans(n_clusters=k, n_init=10, random_state=RANDOM_STATE).fit(X)
    for k in K_VALUES
}

# %% [markdown]
# ## The elbow of the inertia
#
# *Inertia* is the sum of the squared distances from each point to its cluster's center. The
# best inertia that *k* clusters can reach falls as *k* grows, down to zero when every
# point is its own cluster, so its smallest value says nothing. What helps is where it stops
# falling fast: the "elbow" of the curve, after which one more cluster buys little. We plot
# it, and print how much each new cluster saves and the ratio of that saving to what the
# next cluster saves: the larger the ratio, the sharper the bend at that *k*.

# %%
inertias = np.array([models[k].inertia_ for k in K_VALUES])
savings = -np.diff(inertias)

fig, ax = plt.subplots(figsize=(8, 4.5))
ax.plot(list(K_VALUES), inertias, marker="o")
ax.set(
    title="Inertia of KMeans for each number of clusters",
    xlabel="number of clusters k",
    ylabel="inertia (sum of squared distances)",
    xticks=list(K_VALUES),
)
plt.show()

# "saved": how much the k-th cluster lowers the inertia; "ratio": that saving
# divided by what cluster k + 1 saves.
print(" k   inertia    saved   ratio")
for k, inertia in zip(K_VALUES, inertias, strict=True):
    line = f"{k:>2}  {inertia:8.1f}"
    if k > 1:
        saved = savings[k - 2]
        line += f"  {saved:7.1f}"
        if k < K_VALUES[-1]:
            line += f"  {saved / savings[k - 1]:6.1f}"
    print(line)

# %% [markdown]
# The curve bends sharply at two. Going from one cluster to two saves far more than going
# from two to three: an elbow at two, where the lone blob at the bottom left splits from the
# rest.
#
# The table shows a second bend at four. By the ratio it is nearly as sharp as the first,
# but the plot hides it, because the amounts saved there are several times smaller. The third
# and the fourth clusters save amounts of the same order; the fourth saves several times what
# the fifth does, and every cluster after it saves less than a quarter of what the fourth did.
#
# Past four, the savings are small and uneven. Nothing forces them to shrink as *k* grows,
# so one more cluster can save more than the one before it, and the ratios of such small
# amounts bounce around without marking an elbow. The elbow is a judgment call, and here it
# offers two answers.

# %% [markdown]
# ## The silhouette
#
# The silhouette looks at each point instead of the total. For a point, let *a* be its mean
# distance to the other points of its cluster and *b* its mean distance to the points of the
# nearest other cluster (the one with the smallest such mean). Its silhouette is (*b* − *a*)
# / max(*a*, *b*): near 1 when the point sits deep inside its cluster and far from the next
# one, near 0 on a border, negative when it is closer to another cluster than to its own. The
# mean over all points scores the clustering; it needs at least two clusters.

# %%
from sklearn.metrics import silhouette_score

silhouettes = {k: silhouette_score(X, models[k].labels_) for k in K_VALUES[1:]}
best_k = max(silhouettes, key=silhouettes.get)

fig, ax = plt.subplots(figsize=(8, 4.5))
ax.plot(list(silhouettes), list(silhouettes.values()), marker="o")
ax.set(
    title="Mean silhouette of KMeans for each number of clusters",
    xlabel="number of clusters k",
    ylabel="mean silhouette",
    xticks=list(silhouettes),
)
plt.show()

for k, score in silhouettes.items():
    print(
        f"k={k:<2} mean silhouette {score:.3f}"
        + ("  <- highest" if k == best_k else "")
    )

# %% [markdown]
# The mean silhouette is highest at two clusters, not at the four the data were made with. It
# is not wrong: with two clusters, the lone blob forms one cluster far from everything else
# and every other point the second, so almost every point is far from the other cluster.
# Splitting the three touching blobs apart creates borders where points have neighbours on
# both sides, and each of those points lowers the mean.

# %% [markdown]
# ## Silhouette plots
#
# The mean hides the detail that the silhouette offers: one value per point. A *silhouette
# plot* draws them as horizontal bars, sorted within each cluster, one band per cluster: a
# band's height is the number of points in the cluster, and how far its bars reach to the
# right says how well those points sit in it. Bars that mostly stop short of the dashed line
# of the mean, or that fall below zero, mark a cluster that does not hold together. We draw
# it for two to five clusters, beside the clusters themselves, and print each cluster's
# size, its mean silhouette and how many of its points fall below zero. A cluster's number stands beside its band, and in a
# disc at the middle of its points.
#
# KMeans numbers its clusters in no particular order. So that a blob keeps its colour from
# one *k* to the next, and the colour it had in the first post, we number each cluster after
# the blob it is paired with, by the same pairing as in the first post: the one that keeps
# the most points in agreement. With fewer clusters than blobs, a cluster that gathers two
# blobs takes the number of the one it is paired with, and the other blob's number is left
# unused. With more clusters than blobs, a cluster paired with no blob takes the next free
# number, and is drawn in grey.

# %%
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import silhouette_samples
from sklearn.metrics.cluster import contingency_matrix

# The first post's four colours (numbers 0, 1, 2 and 4 of seaborn's
# colour-blind palette); for spare clusters, a grey darker than the
# palette's, to stand out from the background.
COLOURS = [
    *(sns.color_palette("colorblind")[i] for i in (0, 1, 2, 4)),
    "dimgrey",
]


def colour_of(cluster):
    """The colour of a cluster numbered after the blobs: its blob's, or grey
    for a spare one (numbered 4 and up)."""
    return COLOURS[min(cluster, 4)]


def numbered_after_blobs(labels):
    """Renumber clusters after the blobs (`y_true`) they are paired with.

    Clusters paired with no blob take the numbers after the blobs', in the
    order of KMeans' own numbers.
    """
    counts = contingency_matrix(y_true, labels)  # a row per blob
    blobs, clusters = linear_sum_assignment(counts, maximize=True)
    numbers = np.empty(counts.shape[1], dtype=int)
    numbers[clusters] = blobs
    spare = np.setdiff1d(np.arange(counts.shape[1]), clusters)
    numbers[spare] = counts.shape[0] + np.arange(len(spare))
    return numbers[labels]


def plot_silhouettes(ax, values, labels, mean):
    """Draw one band of sorted silhouette values per cluster on `ax`."""
    bottom = 0
    for cluster in np.unique(labels):
        band = np.sort(values[labels == cluster])
        top = bottom + len(band)
        colour = colour_of(cluster)
        ax.fill_betweenx(np.arange(bottom, top), 0, band, color=colour)
        ax.text(
            -0.08, (bottom + top) / 2, str(cluster), va="center", size="large"
        )
        bottom = top + 5
    ax.axvline(mean, color="black", linestyle="--", label="mean")
    # room above the bands for the legend, so that it hides none of them
    ax.set(ylim=(-5, 1.2 * bottom), xlim=(-0.15, 1), yticks=[])
    ax.set(xlabel="silhouette value")
    ax.legend(loc="upper right")


def number_clusters(ax, X, labels):
    """Write each cluster's number at the mean of its points, in a white
    disc ringed with the cluster's colour."""
    for cluster in np.unique(labels):
        x, y = X[labels == cluster].mean(axis=0)
        disc = dict(boxstyle="circle", fc="white", ec=colour_of(cluster), lw=2)
        ax.text(x, y, str(cluster), ha="center", va="center", bbox=disc)


def show_silhouettes(k):
    """Draw the silhouette plot of the fit with k clusters beside the
    clusters; print each cluster's size, mean silhouette and how many of
    its points fall below zero."""
    labels = numbered_after_blobs(models[k].labels_)
    fig, (ax_bars, ax_points) = plt.subplots(
        1, 2, figsize=(8.5, 3.8), layout="constrained"
    )
    values = silhouette_samples(X, labels)
    plot_silhouettes(ax_bars, values, labels, silhouettes[k])
    ax_bars.set(title="Silhouette of each point", ylabel="points, by cluster")
    ax_points.scatter(X[:, 0], X[:, 1], c=[colour_of(c) for c in labels], s=20)
    number_clusters(ax_points, X, labels)
    ax_points.set(
        title="Clusters", xlabel="first coordinate", ylabel="second coordinate"
    )
    fig.suptitle(f"k = {k}: mean silhouette {silhouettes[k]:.3f}")
    plt.show()
    print("cluster  points  mean silhouette  below zero")
    for cluster in np.unique(labels):
        mine = values[labels == cluster]
        print(
            f"{cluster:>7}  {len(mine):>6}  {mine.mean():>15.2f}"
            f"  {np.sum(mine < 0):>10}"
        )


show_silhouettes(2)

# %% [markdown]
# At two clusters, the lone blob makes the shorter band, whose bars reach furthest, and every
# value is positive.

# %%
show_silhouettes(3)

# %% [markdown]
# At three, one cluster holds two of the blobs that touch: it makes the tallest band, with
# the lowest values, and a few of them dip below zero.

# %%
show_silhouettes(4)

# %% [markdown]
# At four, the clusters match the blobs closely (all but a few points) and every value is
# positive, but the three blobs that touch all have points near zero along their borders.

# %%
show_silhouettes(5)

# %% [markdown]
# At five, no blob is split down the middle; instead a new cluster takes the edges of the
# touching blobs where they meet. It is the grey cluster, number 4: the pairing gave it no
# blob. We count what it takes of each blob (the blobs keep their numbers from the first
# post's legend).

# %%
labels = numbered_after_blobs(models[5].labels_)
new = 4  # the first number after the four blobs': the spare cluster
taken = [np.mean(labels[y_true == blob] == new) for blob in range(4)]
shares = ", ".join(f"{t:.0%} of blob {b}" for b, t in enumerate(taken) if t)
print(f"at k=5, cluster {new} is new; it takes {shares}")

# %% [markdown]
# It takes a share of each of the three blobs that touch, and leaves the lone blob alone. In
# the plot for five clusters above, its band has the lowest mean silhouette of the five, and
# a few points of its neighbours dip below zero. The plots say more than the scores: four
# clusters is a good reading of these data, with three of them in contact; two is the most
# clearly separated one.

# %% [markdown]
# ## What each criterion sees
#
# The two criteria answer different questions.
#
# - **The elbow** asks how much a cluster reduces the spread of points around their centers.
#   It sees the size of the improvement, and every bend is a candidate.
# - **The silhouette** asks how tight each cluster is compared with its distance to the next.
#   It rewards clusters with wide gaps between them, so it tends to favour a *k* that leaves
#   groups that touch in one cluster.
#
# Neither knows what the clusters are for. When the data come from overlapping groups, as
# here, the silhouette tends to favour the coarsest clean split, and the elbow points at both
# levels of structure. Look at both, look at the silhouette plots, and let the question you
# are asking choose: two clusters if you want groups that are clearly apart, four if you want
# to recover how the data were generated.
#
# ## Recap
#
# - The best inertia always falls as *k* grows: look for the elbow, not the minimum. There
#   may be more than one.
# - The mean silhouette peaks where clusters are best separated, which is not always the
#   number of groups that generated the data.
# - Silhouette plots show which clusters hold together and which share a border.
#
# ## Further reading
#
# - [Selecting the number of clusters with silhouette analysis](https://scikit-learn.org/stable/auto_examples/cluster/plot_kmeans_silhouette_analysis.html)
#   in the scikit-learn gallery.
# - [Clustering performance evaluation](https://scikit-learn.org/stable/modules/clustering.html#clustering-performance-evaluation)
#   in the scikit-learn user guide, for other criteria such as Calinski–Harabasz.
# - Next in this series: [when k-means gets it wrong](kmeans_failure_modes.py), even with
#   the right *k*.
