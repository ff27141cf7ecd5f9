"""Multi-label assignment of responses to themes by embedding similarity.

A response's score for a theme averages its cosine similarity to the theme's key point and
to the theme's centre: the key point keeps assignments faithful to the label an analyst
reads, the centre keeps them tolerant of other wordings. Every theme scoring above the
threshold and within a margin of the best is kept, so a response can make several points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sounding.consult.model import Stance


def compatible(theme: Stance, response: Stance) -> bool:
    """A response may take themes of its own side or neutral ones; neutral ones take any."""
    return response is Stance.NEUTRAL or theme is Stance.NEUTRAL or theme is response


@dataclass
class SimilarityAssigner:
    """threshold: lowest score to assign; margin: how far below the best a second theme may be;
    max_per_response: most themes given to one response."""

    threshold: float = 0.55
    margin: float = 0.06
    max_per_response: int = 3

    def scores(
        self,
        vectors: np.ndarray,
        centroids: np.ndarray,
        label_vectors: np.ndarray,
    ) -> np.ndarray:
        return 0.5 * (vectors @ centroids.T + vectors @ label_vectors.T)

    def assign(
        self,
        vectors: np.ndarray,
        stances: list[Stance],
        theme_stances: list[Stance],
        centroids: np.ndarray,
        label_vectors: np.ndarray,
        question_vector: np.ndarray | None = None,
    ) -> list[list[tuple[int, float]]]:
        """For each response, (theme index, score) pairs, best first; empty means "Other".

        `question_vector` is accepted for a uniform interface; similarity does not use it."""
        if len(theme_stances) == 0:
            return [[] for _ in range(len(vectors))]
        allowed = np.array(
            [
                [compatible(t, s) for t in theme_stances]
                for s in (Stance.AGREE, Stance.DISAGREE, Stance.NEUTRAL)
            ]
        )
        side = {Stance.AGREE: 0, Stance.DISAGREE: 1, Stance.NEUTRAL: 2}
        result: list[list[tuple[int, float]]] = []
        for start in range(0, len(vectors), 4096):
            block = self.scores(vectors[start : start + 4096], centroids, label_vectors)
            for row, stance in zip(block, stances[start : start + 4096], strict=True):
                row = np.where(allowed[side[stance]], row, -np.inf)
                order = np.argsort(-row, kind="stable")[: self.max_per_response]
                best = row[order[0]]
                chosen = [
                    (int(t), float(row[t]))
                    for t in order
                    if row[t] >= self.threshold and row[t] >= best - self.margin
                ]
                result.append(chosen)
        return result
