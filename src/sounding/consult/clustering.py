"""The default clusterer: average-linkage clustering on cosine distance.

Any object with `cluster(vectors) -> labels` can take its place (see `stages.Clusterer`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sounding.consult.union_find import UnionFind
from sounding.embeddings.base import normalise_rows


@dataclass(frozen=True)
class AverageLinkage:
    """Cluster labels from average-linkage clustering on cosine distance, cut where merges
    reach `distance_threshold` (lower: more, tighter clusters): the partition
    scikit-learn's `AgglomerativeClustering(n_clusters=None, metric="cosine",
    linkage="average", distance_threshold=...)` gives (it builds the same scipy tree and
    undoes its last merges), without importing `sklearn.cluster`, which costs more start-up
    time than a small consultation's analysis."""

    distance_threshold: float = 0.85

    def cluster(self, vectors: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Labels per row; a fixed cut has no use for `weights`."""
        n = len(vectors)
        if n < 2:
            return np.zeros(n, dtype=int)
        tree = average_tree(vectors)
        clusters = int(np.count_nonzero(tree[:, 2] >= self.distance_threshold)) + 1
        return labels_after(tree, n, n - clusters)  # the cut undoes the other merges


def average_tree(vectors: np.ndarray) -> np.ndarray:
    """scipy's average-linkage merge tree on cosine distance (merge k makes cluster n + k)."""
    from scipy.cluster.hierarchy import linkage

    tree: np.ndarray = linkage(vectors, method="average", metric="cosine")
    return tree


def labels_after(tree: np.ndarray, n: int, merges: int) -> np.ndarray:
    """Cluster labels of `n` rows once the tree's first `merges` merges are made."""
    sets = UnionFind(n)
    # The tree numbers the cluster made by merge k as n + k; `leaf` maps each cluster to one
    # of its rows.
    leaf = list(range(n))
    for a, b in tree[:merges, :2].astype(int):
        sets.union(leaf[a], leaf[b])
        leaf.append(leaf[a])
    labels = np.empty(n, dtype=int)
    for label, members in enumerate(sets.groups()):
        labels[members] = label
    return labels


def split_by_residual(
    vectors: np.ndarray,
    weights: np.ndarray,
    min_size: float,
    min_share: float,
    distance_threshold: float = 0.85,
) -> np.ndarray | None:
    """Sub-cluster labels for one cluster's rows once what they all share is removed, or None
    where that shows no two groups of at least `min_size` (in `weights`: the respondents
    each row stands for) holding `min_share` of the cluster.

    Centring on the question takes out what every answer says; a cluster can still be held
    together by a subject only its own members mention ("Cleaner buses", "Evening buses",
    "More buses"). Taking out the members' own mean leaves the points they make: if those
    form separate groups at the question's cut, the cluster was a bucket, not a theme. Noise
    left by a tight cluster has no such groups (its rows stay apart), so it is kept whole.
    """
    residual = vectors - vectors.mean(axis=0)
    if (np.linalg.norm(residual, axis=1) < 1e-6).any():
        return None  # a row at the members' mean (all alike: one clause said by several)
    residual = normalise_rows(residual, in_place=True)
    labels = AverageLinkage(distance_threshold).cluster(residual)
    sizes = np.bincount(labels, weights=weights)
    themed = sizes >= min_size
    if themed.sum() < 2 or sizes[themed].sum() < min_share * weights.sum():
        return None
    return labels


def split_by_lean(leans: np.ndarray, weights: np.ndarray, min_share: float) -> np.ndarray | None:
    """One cluster's rows in two groups by the sign of their tone (`leans`, from -1 to 1:
    0 positive, 1 negative), or None unless the smaller group holds `min_share` of the
    cluster (in `weights`: the respondents each row stands for).

    One row's lean is a guess (about 5 in 6 right on short feedback), so a cluster of one
    tone still has a few rows that lean the other way; `min_share` asks for more of them
    than those errors make."""
    labels = (leans < 0).astype(int)
    sizes = np.bincount(labels, weights=weights, minlength=2)
    if sizes.min() < min_share * sizes.sum():
        return None
    return labels


def min_theme_size(responses: float, largest: int = 3) -> int:
    """Fewest responses a theme needs on a question of `responses`: `largest` on most
    questions, 2 on small ones (under about 64 answers), where three like-minded answers are
    rare and two already make a point that recurs."""
    return max(2, min(largest, math.ceil(math.sqrt(max(responses, 1.0)) / 4)))


@dataclass(frozen=True)
class AdaptiveLinkage:
    """Average linkage on cosine distance, cut where the question's own answers allow.

    It cuts at `distance_threshold`, then, merge by merge up to `max_distance`, goes on
    merging while more than `max_straggler_share` of the respondents would sit in clusters
    too small to become a theme (`min_theme_size`). A large or tight question already
    clusters at the first cut and is left as it is; a small or spread one (25 answers, each
    worded its own way) merges further instead of leaving half its answers in clusters of
    one. A merge that would make one cluster hold over `max_cluster_share` of the
    respondents is never taken, so no question collapses into a single theme. Respondents
    are counted by the weights given (a distinct answer stands for all who gave it).
    """

    distance_threshold: float = 0.85
    max_distance: float = 1.0
    max_straggler_share: float = 0.1
    max_cluster_share: float = 0.34
    largest_min_size: int = 3

    def cluster(self, vectors: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Labels per row; `weights`: the respondents each row stands for (a distinct answer
        given by eleven is no straggler), one each by default."""
        n = len(vectors)
        if n < 2:
            return np.zeros(n, dtype=int)
        tree = average_tree(vectors)
        own = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
        total = float(own.sum())
        min_size = min_theme_size(total, self.largest_min_size)
        sizes = [*own.tolist(), *[0.0] * (n - 1)]
        stragglers = sum(s for s in sizes[:n] if s < min_size)
        keep = 0
        for k, (a, b, height, _) in enumerate(tree):
            a, b = int(a), int(b)
            size = sizes[a] + sizes[b]
            if height >= self.distance_threshold and (
                stragglers <= self.max_straggler_share * total
                or height >= self.max_distance
                or size > self.max_cluster_share * total
            ):
                break
            stragglers -= sum(s for s in (sizes[a], sizes[b]) if s < min_size)
            sizes[n + k] = size
            stragglers += size if size < min_size else 0
            keep = k + 1
        return labels_after(tree, n, keep)
