"""The default clusterer: average-linkage clustering on cosine distance.

Any object with `cluster(vectors) -> labels` can take its place (see `stages.Clusterer`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sounding.consult.union_find import UnionFind


@dataclass(frozen=True)
class AverageLinkage:
    """Cluster labels from average-linkage clustering on cosine distance, cut where merges
    reach `distance_threshold` (lower: more, tighter clusters): the partition
    scikit-learn's `AgglomerativeClustering(n_clusters=None, metric="cosine",
    linkage="average", distance_threshold=...)` gives (it builds the same scipy tree and
    undoes its last merges), without importing `sklearn.cluster`, which costs more start-up
    time than a small consultation's analysis."""

    distance_threshold: float = 0.85

    def cluster(self, vectors: np.ndarray) -> np.ndarray:
        n = len(vectors)
        if n < 2:
            return np.zeros(n, dtype=int)
        from scipy.cluster.hierarchy import linkage

        tree = linkage(vectors, method="average", metric="cosine")
        clusters = int(np.count_nonzero(tree[:, 2] >= self.distance_threshold)) + 1
        sets = UnionFind(n)
        # The tree numbers the cluster made by merge k as n + k; `leaf` maps each cluster to
        # one of its rows. Keep the first n - clusters merges (the cut undoes the others).
        leaf = list(range(n))
        for a, b in tree[: n - clusters, :2].astype(int):
            sets.union(leaf[a], leaf[b])
            leaf.append(leaf[a])
        labels = np.empty(n, dtype=int)
        for label, members in enumerate(sets.groups()):
            labels[members] = label
        return labels
