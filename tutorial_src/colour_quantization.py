# ---
# title: Colour quantization, and k-means at scale
# date: 2026-11-26
# updated: 2026-11-29
# description: >-
#   Repaint a photograph with 4, 16 or 64 colours chosen by KMeans, then compare KMeans with
#   MiniBatchKMeans on the photograph's pixels and on a larger set, to see when the
#   mini-batch version is worth it.
# tags: [k-means, mini-batch k-means, images, performance, scikit-learn]
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
# # Colour quantization, and k-means at scale
#
# A photograph stores a colour for every pixel, out of millions possible. *Colour
# quantization* repaints it with a few colours, a palette, chosen so that the picture still
# looks right. KMeans can choose that palette if we treat each pixel as a point in the space
# of colours: the cluster centers are the palette, and each pixel takes the colour of its
# center. This post, the newest of the series, uses that task to look at KMeans on more data
# than before, and at its faster sibling, MiniBatchKMeans.

# %% [markdown]
# ## The photograph as points
#
# scikit-learn ships two sample photographs; we take the one of a Chinese temple. Each pixel
# is three numbers, its red, green and blue levels, which we scale to lie between 0 and 1.

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_sample_image

plt.style.use("ggplot")
plt.rcParams["figure.titlesize"] = "xx-large"  # larger than panel titles
RANDOM_STATE = 0

photo = load_sample_image("china.jpg") / 255
pixels = photo.reshape(-1, 3)
distinct = len(np.unique(pixels, axis=0))
print(
    f"{photo.shape[1]} x {photo.shape[0]} pixels: "
    f"{len(pixels):,} points in 3 dimensions"
)
print(f"{distinct:,} distinct colours")

# %% [markdown]
# ## Repainting with k colours
#
# For each palette size we fit KMeans on all the pixels, then replace every pixel by its
# cluster's center. Each fit is a single run, KMeans' default with k-means++ starts (we will
# see what another seed would change). To keep the figure light, each picture is drawn from
# every second row and column of pixels, with `interpolation="none"`: otherwise Matplotlib
# smooths neighbouring pixels together when it scales an image, mixing shades that are not in
# the palette.

# %%
from sklearn.cluster import KMeans

SIZES = (4, 16, 64)
palettes, labels, repainted = {}, {}, {}
for k in SIZES:
    model = KMeans(n_clusters=k, random_state=RANDOM_STATE).fit(pixels)
    palettes[k], labels[k] = model.cluster_centers_, model.labels_
    repainted[k] = palettes[k][labels[k]].reshape(photo.shape)

fig, axes = plt.subplots(
    4,
    2,
    figsize=(6.4, 6.6),
    height_ratios=[4, 0.5, 4, 0.5],
    layout="constrained",
)
panels = [
    ("original", photo, None),
    *((f"{k} colours", repainted[k], k) for k in SIZES),
]
pictures_at = [axes[0, 0], axes[0, 1], axes[2, 0], axes[2, 1]]
palettes_at = [axes[1, 0], axes[1, 1], axes[3, 0], axes[3, 1]]
for (title, image, k), top, bottom in zip(
    panels, pictures_at, palettes_at, strict=True
):
    top.imshow(image[::2, ::2], interpolation="none")
    top.set(xticks=[], yticks=[])
    top.set_title(title, fontsize="large")
    bottom.set(xticks=[], yticks=[])
    if k is None:  # the photograph's own colours, too many to draw
        bottom.set_axis_off()
        bottom.text(
            0.5,
            0.5,
            f"palette: {distinct:,} colours",
            ha="center",
            va="center",
            # as the palettes' labels
            color=plt.rcParams["axes.labelcolor"],
            fontsize=plt.rcParams["axes.labelsize"],
        )
    else:
        ordered = palettes[k][np.argsort(palettes[k].sum(axis=1))]
        bottom.imshow(
            ordered[np.newaxis, :, :], aspect="auto", interpolation="none"
        )
        bottom.set_xlabel("palette, dark to light")

fig.suptitle("The photograph repainted with k colours")
plt.show()

# %% [markdown]
# Four colours keep the shapes but lose the colour: the temple turns brown and the whole sky
# becomes one pale blue. Sixteen bring back the orange of the roofs and part of the sky's
# gradient. With 64, the copy comes close to the original, but for the sky, where bands of
# flat colour replace the smooth gradient.
#
# Drawn from a quarter of their pixels, the pictures hide the details a palette loses. Here
# is the top roof, marked on the photograph, then with every pixel drawn: in the original and
# with the two larger palettes. A dashed frame marks a patch of the sky beside it.

# %%
from matplotlib.patches import Rectangle

roof = (slice(40, 150), slice(110, 290))  # rows and columns of the top roof
sky = (slice(40, 80), slice(250, 290))  # the sky right of the roof's tip
pictures = {
    "original": photo,
    "16 colours": repainted[16],
    "64 colours": repainted[64],
}


def outline(ax, part, **style):
    """Frame the rows and columns `part` of the photograph on `ax`."""
    rows, columns = part
    corner = (columns.start, rows.start)
    size = (columns.stop - columns.start, rows.stop - rows.start)
    ax.add_patch(
        Rectangle(corner, *size, fill=False, edgecolor="red", **style)
    )


rows, columns = roof
fig, axes = plt.subplots(2, 2, figsize=(6.4, 4.6), layout="constrained")
where, *crops = axes.flat
# The top of the photograph, cut to the shape of the crops so that all four
# panels line up.
width = photo.shape[1]
crop_height, crop_width = rows.stop - rows.start, columns.stop - columns.start
height = round(width * crop_height / crop_width)
where.imshow(
    photo[:height:4, ::4], extent=(0, width, height, 0), interpolation="none"
)
outline(where, roof, linewidth=2)
where.set_title("where it is", fontsize="large")
# The crops keep the photograph's pixel numbers, to frame the sky alike (on
# their right edge: unclipped, so that the frame shows whole).
extent = (columns.start, columns.stop, rows.stop, rows.start)
for ax, (title, image) in zip(crops, pictures.items(), strict=True):
    ax.imshow(image[roof], extent=extent, interpolation="none")
    outline(ax, sky, linestyle="--", linewidth=1.5, clip_on=False)
    ax.set_title(title, fontsize="large")

for ax in axes.flat:
    ax.set(xticks=[], yticks=[])

fig.suptitle("The photograph's top roof, pixel by pixel")
plt.show()

# %% [markdown]
# To put numbers on what the eye sees, we pick out two parts of the roof by their colour in
# the photograph, the green-blue ridges and the orange tiles, and the framed patch of sky by
# its place in the picture, and count how the palettes paint them.


# %%
def shades(colours):
    """How many distinct colours there are among `colours` (one per row)."""
    return len(np.unique(colours, axis=0))


red, green, blue = photo[roof].reshape(-1, 3).T
# Green and blue above red, but darker than the sky: the ridges.
ridges = (green > red + 0.05) & (blue > red + 0.05) & (blue < 0.75)
tiles = red - blue > 0.35  # orange: red much higher than blue
green_blue = {}
print(" " * 10 + "      ridges   tiles     sky")
print(" " * 10 + "  green-blue  shades  shades")
for title, image in pictures.items():
    after = image[roof].reshape(-1, 3)
    green_blue[title] = np.mean(after[ridges, 1] > after[ridges, 0] + 0.05)
    print(
        f"{title:<10}  {green_blue[title]:>10.0%}"
        f"  {shades(after[tiles]):>6}  {shades(image[sky].reshape(-1, 3)):>6}"
    )

# %% [markdown]
# With 16 colours, the green-blue ridges turn grey, and the photograph's many shades of
# orange shrink to a handful. With 64, the ridges are green-blue again and the tiles get
# twice as many shades, though still few. In both, the sky, a smooth gradient in the
# photograph, is painted in a few bands of flat colour: steps that the eye catches at once.
#
# Which colours make the palette? KMeans moves each center to lower the squared error of the
# pixels it takes, so colours go where they save most: where pixels are many, but also where
# they differ. To see it, we sort each palette's colours into three families, blues, warm
# colours (red well above blue) and the muted rest, and compare each family's share of the
# palette with the share of the pixels painted in its colours:


# %%
def family(colours):
    """The family of each RGB colour (values from 0 to 1)."""
    red, blue = colours[:, 0], colours[:, 2]
    return np.where(
        blue > red + 0.05, "blue", np.where(red - blue > 0.25, "warm", "muted")
    )


FAMILIES = ("muted", "blue", "warm")
palette_share, pixel_share = {}, {}
for k in SIZES[1:]:
    names = family(palettes[k])
    print(f"{k} colours  colours  of the palette  of the pixels")
    for name in FAMILIES:
        palette_share[k, name] = np.mean(names == name)
        pixel_share[k, name] = np.mean(names[labels[k]] == name)
        print(
            f"  {name:<8}  {np.sum(names == name):>7}"
            f"  {palette_share[k, name]:>14.1%}  {pixel_share[k, name]:>13.1%}"
        )

in_photo = family(pixels)
photo_share = {name: np.mean(in_photo == name) for name in FAMILIES}
print(
    "in the photograph: "
    + ", ".join(f"{name} {share:.1%}" for name, share in photo_share.items())
)

# %% [markdown]
# Compare the last two columns. The muted shades of the trees and the temple, most of the
# picture, hold about the same share of the palette as of the painted pixels. The blues,
# mostly the sky's, paint a large but smooth area with few colours: a smaller share of the
# palette than of the pixels. The warm colours of the roofs and pillars paint a small part of
# the picture, but in many different hues: a larger share of the palette than of the pixels,
# and the larger the palette, the more so. The last line sorts the photograph's own pixels
# into the same families: repainting also moves pixels from one family to another. With 16
# colours, fewer pixels are painted blue than are blue in the photograph, and more are
# painted in muted colours, as the ridges were.
#
# The inertia measures how good each palette is: the sum of squared colour errors over all
# pixels, the lower the better. Each time the palette grows four times, the error shrinks
# three to four times over:

# %%
# The inertia from its definition (each fit's inertia_ holds the same).
errors = {
    k: ((pixels - repainted[k].reshape(-1, 3)) ** 2).sum() for k in SIZES
}
for k in SIZES:
    print(f"{k:>2} colours: inertia {errors[k]:8.1f}")

# %% [markdown]
# Each of these palettes comes from a single run, from one seed. How much does the seed
# matter? We fit the 16 colours from five seeds, the first the one above:

# %%
seeds = range(5)  # 0, the seed above, and four more
seed_errors = [
    KMeans(n_clusters=16, random_state=seed).fit(pixels).inertia_
    for seed in seeds
]
print(f"16 colours, seeds {seeds[0]} to {seeds[-1]}:")
print("  inertia " + ", ".join(f"{e:.1f}" for e in seed_errors))
spread = max(seed_errors) / min(seed_errors) - 1
print(f"the highest inertia is {spread:.1%} above the lowest")

# %% [markdown]
# A few percent apart: for the picture, restarts would change little. Keep that spread in
# mind below: on the photograph, two single runs whose inertias differ by less than it may
# differ by their seeds alone.

# %% [markdown]
# ## A faster variant: MiniBatchKMeans
#
# Each iteration of KMeans assigns every point to its nearest center, then moves the centers:
# one full pass over the data per iteration, and it iterates until the centers (almost) stop
# moving. `MiniBatchKMeans` updates the centers from a small random batch of points at a time
# (1,024 by default), so each step costs a fraction of a pass, and it stops once a running
# estimate of its inertia has not improved for several batches in a row
# (`max_no_improvement`). The price can be a little accuracy: the centers follow samples,
# not all the data. At the end, it makes one full pass to give every point its label and to
# compute the inertia on all the data, comparable with KMeans'.
#
# To compare the two independently of the machine, we count their work in *point visits*:
# KMeans visits every point at each iteration, MiniBatchKMeans the points of each batch, then
# every point once more in its final pass. Neither count includes the choice of the starting
# centers. We fit both on the photograph's pixels with 16 colours, and on a larger generated
# data set, 200,000 points in 20 dimensions drawn from 100 overlapping blobs, with 100
# clusters.

# %%
import time

from sklearn.cluster import MiniBatchKMeans
from sklearn.datasets import make_blobs

n_blobs = 100
X_large, _ = make_blobs(
    n_samples=200_000,
    n_features=20,
    centers=n_blobs,
    cluster_std=8.0,
    random_state=RANDOM_STATE,
)
problems = {
    "photograph, 16 colours": (pixels, 16),
    f"generated, {n_blobs} clusters": (X_large, n_blobs),
}


def visits(model, n_points):
    """How many points the fit assigned to centers, seeding aside."""
    if isinstance(model, MiniBatchKMeans):
        # every batch, then the final pass over all the points
        return model.n_steps_ * model.batch_size + n_points
    return model.n_iter_ * n_points


fits, seconds = {}, {}
for name, (data, k) in problems.items():
    for method in (KMeans, MiniBatchKMeans):
        started = time.perf_counter()
        fits[name, method.__name__] = method(
            n_clusters=k, n_init=1, random_state=RANDOM_STATE
        ).fit(data)
        seconds[name, method.__name__] = time.perf_counter() - started

for name, (data, _) in problems.items():
    full, mini = fits[name, "KMeans"], fits[name, "MiniBatchKMeans"]
    ratio = visits(full, len(data)) / visits(mini, len(data))
    print(f"{name}:")
    print(f"{'':<17}  {'inertia':>11}  {'steps':>11}  {'visits':>10}")
    for fit, steps in [
        (full, f"{full.n_iter_} passes"),
        (mini, f"{mini.n_steps_} batches"),
    ]:
        print(
            f"  {type(fit).__name__:<15}  {fit.inertia_:>11,.0f}  {steps:>11}"
            f"  {visits(fit, len(data)):>10,}"
        )
    change = mini.inertia_ / full.inertia_ - 1
    direction = "higher" if change > 0 else "lower"
    print(f"  MiniBatchKMeans: {ratio:.0f} times fewer visits than KMeans,")
    print(f"  for an inertia {abs(change):.2%} {direction}")

# %% [markdown]
# On the photograph, KMeans settles within a few dozen passes, and MiniBatchKMeans reaches
# the same inertia with many times fewer point visits. On the larger set, with many clusters
# that overlap, KMeans needs far more passes, and the saving grows, for an inertia a few
# percent higher.
#
# Counting work leaves out how the work is done, and time depends on both. The loop above
# also timed each fit; here are the times, from the run that made this page:

# %% tags=["volatile-output"]
from threadpoolctl import threadpool_info

threads = max(pool["num_threads"] for pool in threadpool_info())
plural = "" if threads == 1 else "s"
print(f"Fit times, compiled code running on up to {threads} thread{plural}:")
for name in problems:
    full, mini = seconds[name, "KMeans"], seconds[name, "MiniBatchKMeans"]
    ratio = max(full, mini) / min(full, mini)
    quicker = "KMeans" if full < mini else "MiniBatchKMeans"
    verdict = (
        f"{quicker} {ratio:.1f} times quicker" if ratio > 1.1 else "a tie"
    )
    print(f"  {name}:")
    print(f"    KMeans {full:.2f} s, MiniBatchKMeans {mini:.2f} s: {verdict}")

# %% [markdown]
# Time follows work only roughly. Each pass of KMeans is one sweep of compiled code over all
# the points, while MiniBatchKMeans pays a fixed cost for each of its many small batches,
# even on a single thread. So the fewer passes KMeans needs, as on the photograph, the better
# it does against the mini-batch version, whatever the count of visits says. The times above
# come from the build that made this page, which runs several tutorials at once and limits
# each to the number of threads that the output's first line shows. Run alone on your
# machine, KMeans spreads each pass over one thread per core, so your times, and perhaps the
# verdicts, will differ: run the cell to see where your machine stands.
#
# So MiniBatchKMeans is worth it when the data are large and KMeans would need many passes,
# or when the data do not fit in memory at once: its `partial_fit` method learns from one
# chunk at a time. When KMeans needs few passes, as on the photograph, plain KMeans is the
# better choice. And when the last percent of inertia matters, one run of either is not
# enough: on the photograph, the seed alone moved it by a few percent, so give it several
# runs (`n_init`) and keep the best.

# %% [markdown]
# ## Recap
#
# - Treat pixels as points in colour space, and KMeans' centers make a palette: colour
#   quantization in a few lines. The palette spends its colours where they cut the error
#   most: on varied hues more than on large, smooth areas.
# - KMeans makes a full pass over the data per iteration; MiniBatchKMeans updates from small
#   batches, doing much less work when many passes would be needed, for an inertia that can
#   be slightly higher.
# - Measure work, then time, on your own data before choosing: KMeans, in compiled code, is
#   often faster than its reputation.
#
# ## Further reading
#
# - [Color Quantization using K-Means](https://scikit-learn.org/stable/auto_examples/cluster/plot_color_quantization.html)
#   and [Comparison of the K-Means and MiniBatchKMeans clustering algorithms](https://scikit-learn.org/stable/auto_examples/cluster/plot_mini_batch_kmeans.html)
#   in the scikit-learn gallery.
# - D. Sculley, [Web-scale k-means clustering](https://dl.acm.org/doi/10.1145/1772690.1772862),
#   2010, the paper behind the mini-batch algorithm.
# - This is the newest post of the series. To read the series from the start, begin with
#   [the first post](kmeans_clustering.py).
