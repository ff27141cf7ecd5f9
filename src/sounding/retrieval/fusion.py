"""Reciprocal rank fusion: one ranking from several, without calibrating their scores.

BM25 scores and cosine similarities live on different scales; adding ranks' reciprocals
(Cormack et al., 2009) needs no scaling and rewards passages that both rankings place high.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: The usual constant: it damps the difference between the very first ranks.
RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[np.ndarray], size: int, k: int = RRF_K) -> np.ndarray:
    """Fused score per item (0..size-1) from rankings given as item indices, best first;
    an item missing from a ranking gets nothing from it."""
    fused = np.zeros(size, dtype=np.float64)
    for ranking in rankings:
        fused[ranking] += 1.0 / (k + 1 + np.arange(len(ranking)))
    return fused
