"""Links from scikit-learn names in code to the reference of the installed version."""

from __future__ import annotations

import sklearn
from api_links import docs_version, public_names, sklearn_links, versioned

VERSION = ".".join(sklearn.__version__.split(".")[:2])
BASE = f"https://scikit-learn.org/{VERSION}/modules/generated/"


def test_public_imports_link_to_their_reference_pages():
    links = sklearn_links(
        [
            "from sklearn.cluster import KMeans, DBSCAN as Density\n",
            "from sklearn.metrics.cluster import contingency_matrix\n",
        ]
    )
    assert links == {
        "KMeans": BASE + "sklearn.cluster.KMeans.html",
        "Density": BASE + "sklearn.cluster.DBSCAN.html",
        "contingency_matrix": BASE + "sklearn.metrics.cluster.contingency_matrix.html",
    }


def test_private_names_other_libraries_and_broken_code_are_ignored():
    sources = [
        "from sklearn.cluster._kmeans import _labels_inertia\n",
        "from sklearn.cluster import not_a_thing\n",
        "from scipy.optimize import linear_sum_assignment\n",
        "from . import local\n",
        "def broken(:\n",
    ]
    assert sklearn_links(sources) == {}


def test_the_docs_version_is_the_installed_one():
    assert docs_version() == VERSION


def test_public_names_come_from_all():
    assert "KMeans" in public_names("sklearn.cluster")
    assert "_kmeans" not in public_names("sklearn.cluster")
    assert public_names("sklearn.no_such_module") == frozenset()


def test_links_to_the_stable_docs_point_at_the_installed_version():
    stable = "https://scikit-learn.org/stable/modules/clustering.html#k-means"
    assert (
        versioned(stable) == f"https://scikit-learn.org/{VERSION}/modules/clustering.html#k-means"
    )
    for other in ("https://scikit-learn.org/1.2/index.html", "https://numpy.org/stable/", "#a"):
        assert versioned(other) == other
