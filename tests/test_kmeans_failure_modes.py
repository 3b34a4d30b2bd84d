"""The claims of "When k-means gets it wrong", on the objects the tutorial computes."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def tutorial(run_tutorial):
    return run_tutorial("kmeans_failure_modes.py")


@pytest.fixture(scope="module")
def agreement(tutorial):
    return tutorial["agreement"]


DATASETS = ["stretched blobs", "unequal spreads", "unequal sizes", "two moons"]
OTHERS = ["Gaussian mixture", "average linkage", "single linkage", "spectral"]


def test_kmeans_is_never_the_best_of_the_five(agreement):
    for name in DATASETS:
        assert max(agreement[name, m] for m in OTHERS) > agreement[name, "KMeans"] + 0.05


def test_the_measured_figures_of_the_issue_hold(agreement):
    # Measured with scikit-learn 1.9.1: anisotropic blobs 0.83 vs 1.00; moons 0.75 vs 1.00.
    assert agreement["stretched blobs", "KMeans"] == pytest.approx(0.83, abs=0.01)
    assert agreement["stretched blobs", "Gaussian mixture"] == 1.0
    assert agreement["two moons", "KMeans"] == pytest.approx(0.75, abs=0.01)
    assert agreement["two moons", "spectral"] == 1.0


def test_a_gaussian_mixture_fixes_stretched_blobs_and_unequal_spreads(agreement, tutorial):
    for name in ("stretched blobs", "unequal spreads"):
        assert agreement[name, "Gaussian mixture"] > agreement[name, "KMeans"]
        assert tutorial["best"][name] == "Gaussian mixture"


def test_kmeans_cuts_the_big_group_and_local_methods_keep_the_small_one(agreement):
    assert agreement["unequal sizes", "KMeans"] < 0.8
    for method in OTHERS:
        assert agreement["unequal sizes", method] > 0.95


def test_neighbour_methods_recover_both_moons_exactly(agreement):
    assert agreement["two moons", "single linkage"] == 1.0
    assert agreement["two moons", "spectral"] == 1.0
    assert agreement["two moons", "Gaussian mixture"] < 0.9, "ellipses do not fit moons"


def test_single_linkage_is_the_worst_on_two_blob_data_sets(agreement):
    worst = [
        name
        for name in ("stretched blobs", "unequal spreads", "unequal sizes")
        if agreement[name, "single linkage"] == min(agreement[name, m] for m in ["KMeans", *OTHERS])
    ]
    assert len(worst) == 2


def test_dbscan_finds_both_moons(tutorial):
    found = tutorial["found"]
    assert len(set(found) - {-1}) == 2
    assert tutorial["matched_agreement"](tutorial["y"], found) == 1.0


def test_the_figure_shows_kmeans_beside_the_best_other_method(tutorial):
    figure = tutorial["fig"]
    axes = figure.axes
    assert len(axes) == 8
    for row, name in enumerate(DATASETS):
        left, right = axes[2 * row], axes[2 * row + 1]
        assert left.get_ylabel() == name
        assert left.get_title().startswith("KMeans: ")
        assert right.get_title().startswith(f"{tutorial['best'][name]}: ")
