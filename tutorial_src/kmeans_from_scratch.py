# ---
# title: k-means from scratch
# date: 2026-11-16
# updated: 2026-11-29
# description: >-
#   Lloyd's algorithm and k-means++ seeding in a few lines of NumPy, watched iteration by
#   iteration, then checked against scikit-learn: same start, same labels, same inertia.
# tags: [k-means, NumPy, algorithms, scikit-learn]
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
# # k-means from scratch
#
# The [previous post](kmeans_failure_modes.py) blamed KMeans' straight borders and round
# clusters on the way it works. Here we write that way down: Lloyd's algorithm, the loop
# inside KMeans, and k-means++, the way it picks its first centers. Each fits in a few lines
# of NumPy. We watch the loop converge on the blobs of the [first post](kmeans_clustering.py),
# then check that scikit-learn, started from the same centers, gives the same answer.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.colors import to_rgb
from scipy.optimize import linear_sum_assignment
from sklearn.datasets import make_blobs

plt.style.use("ggplot")
plt.rcParams["figure.titlesize"] = "xx-large"  # larger than panel titles
RANDOM_STATE = 4

X, y_true = make_blobs(
    n_samples=200, n_features=2, centers=4, cluster_std=1.8, random_state=101
)
K = 4

# %% [markdown]
# ## Lloyd's algorithm
#
# Given *k* centers, the algorithm repeats two steps until nothing changes:
#
# 1. **Assign**: put each point in the cluster of its nearest center.
# 2. **Update**: move each center to the mean of the points assigned to it.
#
# Neither step can raise the *inertia*, the sum of squared distances from the points to their
# centers: assigning a point to its nearest center never lengthens its distance, and a
# group's mean is the point with the smallest sum of squared distances to the group's points.
# It is the only such point, so an update that moves a center lowers the inertia strictly.
# While the loop runs, then, each new assignment scores lower than the one before, even when
# each is scored at its best centers, its groups' means. So no assignment ever comes back,
# and since there are finitely many ways to assign the points, the loop must stop.
#
# Step 1 is also why the borders are straight: the points nearer to one center than to
# another are all those on one side of a straight line, the perpendicular bisector of the
# segment joining the two centers. And the inertia measures distance the same way in every
# direction, so the clusters it favours are those packed evenly around their centers: round
# ones.


# %%
def assign(X, centers):
    """The index of the nearest center, for each point."""
    squared_distances = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(
        axis=2
    )
    return squared_distances.argmin(axis=1)


def update(X, labels, centers):
    """Each center moved to the mean of its points (kept if it has none)."""
    return np.array(
        [
            X[labels == j].mean(axis=0) if np.any(labels == j) else centers[j]
            for j in range(len(centers))
        ]
    )


def lloyd(X, centers, max_iter=300):
    """Run Lloyd's algorithm from `centers`; return every step's results."""
    labels = assign(X, centers)
    history = [(centers, labels)]
    for _ in range(max_iter):
        centers = update(X, labels, centers)
        previous, labels = labels, assign(X, centers)
        history.append((centers, labels))
        if np.array_equal(labels, previous):
            break
    return history


def inertia(X, centers, labels):
    """The sum of squared distances from each point to its center."""
    return float(((X - centers[labels]) ** 2).sum())


# %% [markdown]
# ## Watching it run
#
# We start from four points of the data drawn at random, with a fixed seed so that the page
# shows the same run at every build. The seed is 4 rather than the 0 of the other posts: we
# chose one whose run takes several steps to reach the best clustering, so that there is
# something to watch.

# %%
rng = np.random.default_rng(RANDOM_STATE)
initial = X[rng.choice(len(X), size=K, replace=False)]
history = lloyd(X, initial)
print(f"Converged after {len(history) - 1} updates of the centers.")
print("step  inertia  points moved  longest center move")
for step, (centers, labels) in enumerate(history):
    line = f"{step:>4}  {inertia(X, centers, labels):7.1f}"
    if step > 0:
        before_centers, before_labels = history[step - 1]
        changed = np.sum(labels != before_labels)
        moved = np.linalg.norm(centers - before_centers, axis=1).max()
        line += f"  {changed:>12}  {moved:>19.2f}"
    print(line)

# %% [markdown]
# The inertia falls at every step. Once a step leaves every point in its cluster, each center
# is already the mean of its points, and another step would change nothing: the loop stops
# there. Here is each step: the points coloured by cluster, the centers as crosses, and a
# ring where each center was before the step, with an arrow to where it moved (after the
# first step, no move is much longer than a cross is wide, and the marks hide the arrows).
#
# A center keeps its cluster's colour from step to step: the colour of the blob its cluster
# is paired with at the end, by the first post's pairing (the one that keeps the most points
# in agreement). So the last step shows each blob in the colour it had in the first post.

# %%
# The first post's colours for blobs 0 to 3, and a grey for no blob.
COLOURS = np.array(sns.color_palette("colorblind"))[[0, 1, 2, 4]]
NO_BLOB = to_rgb("dimgrey")


def colours_after_blobs(labels):
    """A colour per cluster of `labels`: that of the blob it is paired with,
    or NO_BLOB if most of its points come from another blob."""
    # a row per blob, a column per cluster
    counts = np.zeros((K, K), dtype=int)
    np.add.at(counts, (y_true, labels), 1)
    blobs, clusters = linear_sum_assignment(counts, maximize=True)
    colours = np.empty_like(COLOURS)
    colours[clusters] = COLOURS[blobs]
    partner = np.empty(K, dtype=int)
    partner[clusters] = blobs
    colours[counts.argmax(axis=0) != partner] = NO_BLOB
    return colours


palette = colours_after_blobs(history[-1][1])

columns = 3
rows = math.ceil(len(history) / columns)
fig, axes = plt.subplots(
    rows,
    columns,
    figsize=(9, 3 * rows),
    sharex=True,
    sharey=True,
    layout="constrained",
)
for step, ax in enumerate(axes.flat):
    if step >= len(history):
        ax.set_axis_off()
        continue
    centers, labels = history[step]
    ax.scatter(X[:, 0], X[:, 1], c=palette[labels], s=12)
    if step > 0:  # where each center was, and an arrow to where it moved
        previous = history[step - 1][0]
        ax.scatter(
            *previous.T, marker="o", s=260, fc="none", ec="black", lw=1.2
        )
        arrow = {"arrowstyle": "->", "lw": 1.5, "color": "black"}
        for start, end in zip(previous, centers, strict=True):
            ax.annotate("", xy=end, xytext=start, arrowprops=arrow)
    ax.scatter(centers[:, 0], centers[:, 1], marker="X", s=150, c="black")
    ax.set_title(f"step {step}: inertia {inertia(X, centers, labels):.0f}")

fig.suptitle("Lloyd's algorithm, step by step, from four random data points")
fig.supxlabel("first coordinate")
fig.supylabel("second coordinate")
plt.show()

# %% [markdown]
# The first update makes the largest move, as a center drawn at the edge of a group jumps to
# its middle. After it, fewer points change cluster at every step, all of them from the three
# blobs that touch, and the centers' moves shrink, until a step where no point changes side.

# %% [markdown]
# ## Checking against scikit-learn
#
# scikit-learn's `KMeans` runs the same loop, in compiled code. Given our starting centers
# (`init=initial`, a single run with `n_init=1`, and `tol=0` so that it also stops only when
# the labels stop changing), it should reach the same clusters.

# %%
from sklearn.cluster import KMeans

ours_centers, ours_labels = history[-1]
theirs = KMeans(
    n_clusters=K, init=initial, n_init=1, algorithm="lloyd", tol=0
).fit(X)

print("same labels:", np.array_equal(ours_labels, theirs.labels_))
gap = np.abs(ours_centers - theirs.cluster_centers_).max()
print(f"largest difference between the centers: {gap:.1e}")
ours_inertia = inertia(X, ours_centers, ours_labels)
print(
    f"inertia: ours {ours_inertia:.6f}, scikit-learn's {theirs.inertia_:.6f}"
)

# %% [markdown]
# The labels are identical, and the centers and the inertia agree up to the last digits of
# floating-point arithmetic. scikit-learn adds speed (compiled loops, blocks of points,
# several cores) and a few refinements, such as the `elkan` variant that skips distances it
# can prove unnecessary, but the answer is the one these few lines give.

# %% [markdown]
# ## k-means++: a better start
#
# Lloyd's algorithm only goes downhill from where it starts, so a poor start can leave it in
# a poor local optimum. *k-means++* picks the starting centers one at a time: the first is a
# random point, and each next one is a point drawn with probability proportional to its
# squared distance to the nearest center already chosen. Points far from every chosen center
# are likely picks, so the centers spread out over the data.


# %%
def kmeans_plus_plus(X, k, rng):
    """Pick `k` starting centers among the points of `X` with k-means++."""
    centers = [X[rng.integers(len(X))]]
    for _ in range(k - 1):
        nearest = (
            ((X[:, None, :] - np.array(centers)[None]) ** 2)
            .sum(axis=2)
            .min(axis=1)
        )
        centers.append(X[rng.choice(len(X), p=nearest / nearest.sum())])
    return np.array(centers)


seeded = kmeans_plus_plus(X, K, np.random.default_rng(RANDOM_STATE))

fig, axes = plt.subplots(
    1, 2, figsize=(8.5, 3.8), sharex=True, sharey=True, layout="constrained"
)
for ax, centers, title in zip(
    axes, [initial, seeded], ["random points", "k-means++"], strict=True
):
    labels = assign(X, centers)
    palette = colours_after_blobs(lloyd(X, centers)[-1][1])  # as they end
    ax.scatter(X[:, 0], X[:, 1], c=palette[labels], s=12)
    ax.scatter(centers[:, 0], centers[:, 1], marker="X", s=150, c="black")
    ax.set(
        title=f"Start from {title}: inertia {inertia(X, centers, labels):.0f}"
    )

fig.suptitle("Two ways to pick the four starting centers")
fig.supxlabel("first coordinate")
fig.supylabel("second coordinate")
plt.show()

# %% [markdown]
# The black crosses are the starting centers; each point has the colour of the one it is
# nearest to, in the colour that center's cluster ends with, as in the steps above. So a
# colour that spreads over parts of two blobs shows what the loop still has to undo.
#
# From the same seed, k-means++ starts at a lower inertia than the random points. It favours
# points far from the centers chosen so far, but it is still random: nothing promises one
# center per blob. One seed proves little, so we compare the two starts over 200 seeds. For
# each, we record the inertia at the start and where the loop ends: at the best clustering we
# know of on these data, or within 0.1% of its inertia (a point or two placed differently: a
# local optimum too, like the one that the
# [first post](kmeans_clustering.py#the-seed) met when it seeded KMeans with
# `random_state=101`, but barely worse), or stuck in a worse one.

# %%
from sklearn.metrics.cluster import contingency_matrix

TRIALS = 200
start_inertia = {"random": [], "k-means++": []}
end_inertia = {"random": [], "k-means++": []}
end_fit = {"random": [], "k-means++": []}
for seed in range(TRIALS):
    rng = np.random.default_rng(seed)
    starts = {
        "random": X[rng.choice(len(X), size=K, replace=False)],
        "k-means++": kmeans_plus_plus(X, K, rng),
    }
    for name, centers in starts.items():
        start_inertia[name].append(inertia(X, centers, assign(X, centers)))
        end_centers, end_labels = lloyd(X, centers)[-1]
        end_inertia[name].append(inertia(X, end_centers, end_labels))
        end_fit[name].append((end_centers, end_labels))


def split_and_merged(labels):
    """Whether `labels` split one blob between two clusters and gather two
    other blobs in one (a quarter of the points or more on each side)."""
    table = contingency_matrix(y_true, labels)  # blobs by clusters
    split = table >= table.sum(axis=1, keepdims=True) / 4
    merged = table >= table.sum(axis=0, keepdims=True) / 4
    return (split.sum(axis=1) > 1).sum() == 1 and (
        merged.sum(axis=0) > 1
    ).sum() == 1


NEAR = 0.001  # within 0.1% of the best inertia: a point or two elsewhere
best_known = min(min(values) for values in end_inertia.values())
outcome = {}
for name in start_inertia:
    values = np.asarray(end_inertia[name])
    outcome[name] = np.where(
        values <= best_known * (1 + 1e-9),
        "best",
        np.where(values <= (1 + NEAR) * best_known, "near", "stuck"),
    )
    stuck = outcome[name] == "stuck"
    shapes = [
        split_and_merged(end_fit[name][i][1]) for i in np.flatnonzero(stuck)
    ]
    median_start = np.median(start_inertia[name])
    print(f"{name}: median inertia at the start {median_start:.1f}")
    count = {kind: np.sum(outcome[name] == kind) for kind in ("best", "near")}
    print(
        f"  of {len(values)} runs, {count['best']} end at the best,"
        f" {count['near']} within {NEAR:.1%} of it, {stuck.sum()} stuck"
    )
    print(
        f"  stuck runs: median inertia {np.median(values[stuck]):.0f},"
        f" {np.mean(shapes):.0%} of them split one blob and merge two"
    )

# %% [markdown]
# k-means++ starts much lower. Yet on these small, easy data, it gets stuck about as often as
# a random start, and on these seeds it reaches the very best clustering a little less
# often. Stuck runs end far above the best inertia, and nearly all the same way. Here is the
# first stuck run from a random start, beside the best.

# %%
first_best = list(outcome["random"]).index("best")
first_stuck = list(outcome["random"]).index("stuck")
shown = {
    "at the best clustering": end_fit["random"][first_best],
    "stuck": end_fit["random"][first_stuck],
}

fig, axes = plt.subplots(
    1, 2, figsize=(8.5, 3.8), sharex=True, sharey=True, layout="constrained"
)
for ax, (title, (centers, labels)) in zip(axes, shown.items(), strict=True):
    palette = colours_after_blobs(labels)
    ax.scatter(X[:, 0], X[:, 1], c=palette[labels], s=12)
    ax.scatter(centers[:, 0], centers[:, 1], marker="X", s=150, c="black")
    ax.set_title(f"Ends {title}: inertia {inertia(X, centers, labels):.0f}")

fig.suptitle("Where Lloyd's algorithm ends, from two random starts")
fig.supxlabel("first coordinate")
fig.supylabel("second coordinate")
plt.show()

# %% [markdown]
# In the stuck run, two centers share the blob that lies alone at the bottom left, and a
# single center covers two of the blobs that touch. The colours pair each cluster with one
# blob, as in the first post, so one pairing is bound to be wrong: the cluster that covers
# two blobs takes the colour of one of them, and one of the two clusters in the lone blob
# is paired with the other, although most of its points come from the lone blob. That
# cluster is drawn in grey: it is no blob's cluster. Lloyd's loop cannot leave such a
# clustering: every point is already nearest to its own center, and every center is already
# the mean of its points.
#
# k-means++ comes with a guarantee on average: the expected inertia of its starting centers
# is at most 8 (ln *k* + 2) times the optimum (a bound proven for the plain version, ours).
# It promises neither the optimum nor even a good start to any one run, which is why restarts
# still help: with `n_init` set above one, scikit-learn's `KMeans` runs that many times and
# keeps the best (since version 1.4 it runs once by default with k-means++). Its k-means++ is
# a greedy variant: it draws a few candidates at each step and keeps the one that lowers the
# inertia most (the bound above is not proven for it). How much does that help? We fit
# scikit-learn's `KMeans` once with each of the same seeds as its `random_state` (it draws
# its own starts from them, not ours), and count the runs that end stuck, by the same measure
# as ours.

# %%
greedy = np.array(
    [
        KMeans(n_clusters=K, n_init=1, random_state=seed).fit(X).inertia_
        for seed in range(TRIALS)
    ]
)
greedy_stuck = int(np.sum(greedy > (1 + NEAR) * best_known))
ours_stuck = int(np.sum(outcome["k-means++"] == "stuck"))
print(f"runs stuck, of {TRIALS} from k-means++ starts")
for name, count in [
    ("ours, one candidate per step", ours_stuck),
    ("scikit-learn's, a few per step", greedy_stuck),
]:
    print(f"  {name:<30}  {count:>3}")

# %% [markdown]
# Choosing among a few candidates makes the trap far rarer than one candidate does: on data
# like these, fewer than one run of scikit-learn's `KMeans` in ten ends stuck, so one run is
# usually enough, and restarts with `n_init` catch the rest.

# %% [markdown]
# ## Recap
#
# - Lloyd's algorithm alternates two steps, assign to the nearest center and move each center
#   to its points' mean, until the labels stop changing; the inertia never increases.
# - Nearest-center assignment is what makes the borders straight and the clusters convex:
#   the straight line between any two points of a cluster's region stays inside it.
# - k-means++ spreads the starting centers out, but a better start is not always a better
#   end: on these data, our plain k-means++ ended stuck about as often as random starts.
#   scikit-learn's greedy k-means++ ends stuck far less often, and restarts (`n_init`) guard
#   against the local optima that remain.
# - From the same start, our four small NumPy functions and scikit-learn's `KMeans` give the
#   same labels and the same inertia.
#
# ## Further reading
#
# - The [K-means section of the scikit-learn user guide](https://scikit-learn.org/stable/modules/clustering.html#k-means),
#   on Lloyd's and Elkan's algorithms and on k-means++.
# - David Arthur and Sergei Vassilvitskii,
#   [k-means++: the advantages of careful seeding](https://dl.acm.org/doi/10.5555/1283383.1283494),
#   2007, where the seeding and its guarantee come from.
# - Next in this series: [judging a clustering](judging_clusterings.py), or how to score a
#   clustering against the truth, and what each score forgives.
