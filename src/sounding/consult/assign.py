"""Multi-label assignment of responses to themes by embedding similarity.

A response's score for a theme averages its cosine similarity to the theme's key point and
to the theme's centre: the key point keeps assignments faithful to the label an analyst
reads, the centre keeps them tolerant of other wordings. Every theme scoring above the
threshold and within a margin of the best is kept, so a response can make several points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sounding.consult.matcher import LearnedMatcher
from sounding.consult.model import Stance
from sounding.consult.stages import Coding, Codings, Discovery, QuestionData


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
        scores: np.ndarray = 0.5 * (vectors @ centroids.T + vectors @ label_vectors.T)
        return scores

    def assign(self, data: QuestionData, discovery: Discovery) -> Coding:
        seeds = discovery.seeds
        if not seeds:
            return Coding([[] for _ in data.texts])
        return Coding(
            self.assign_vectors(
                data.vectors,
                data.stances,
                [s.stance for s in seeds],
                np.vstack([s.centroid for s in seeds]),
                np.vstack([s.label_vector for s in seeds]),
            )
        )

    def assign_vectors(
        self,
        vectors: np.ndarray,
        stances: list[Stance],
        theme_stances: list[Stance],
        centroids: np.ndarray,
        label_vectors: np.ndarray,
    ) -> Codings:
        """`assign`'s codings on bare vectors, for assigners that score a subset of responses."""
        if len(theme_stances) == 0:
            return [[] for _ in range(len(vectors))]
        allowed = np.array(
            [
                [compatible(t, s) for t in theme_stances]
                for s in (Stance.AGREE, Stance.DISAGREE, Stance.NEUTRAL)
            ]
        )
        side = {Stance.AGREE: 0, Stance.DISAGREE: 1, Stance.NEUTRAL: 2}
        result: Codings = []
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


class LearnedAssigner:
    """Assignment with the learned matcher, for themes given by an analyst (a codebook).

    Same interface as `SimilarityAssigner`. The matcher's features compare each response
    with the others of its side, so responses are scored in groups by stance against the
    themes open to that side. Groups too small for those comparisons to mean anything fall
    back to `fallback`.
    """

    def __init__(
        self,
        matcher: LearnedMatcher | None = None,
        fallback: SimilarityAssigner | None = None,
        min_group: int = 10,
    ) -> None:
        self.matcher = matcher or LearnedMatcher.load()
        self.fallback = fallback or SimilarityAssigner()
        self.min_group = min_group

    def assign(self, data: QuestionData, discovery: Discovery) -> Coding:
        vectors, stances, seeds = data.vectors, data.stances, discovery.seeds
        theme_stances = [s.stance for s in seeds]
        if not seeds:
            return Coding([[] for _ in data.texts])
        centroids = np.vstack([s.centroid for s in seeds])
        label_vectors = np.vstack([s.label_vector for s in seeds])
        result: Codings = [[] for _ in range(len(vectors))]
        for side in sorted(set(stances)):
            rows = np.array([i for i, s in enumerate(stances) if s == side], dtype=int)
            cols = np.array([t for t, ts in enumerate(theme_stances) if compatible(ts, side)])
            if len(cols) == 0:
                continue
            if len(rows) < self.min_group or len(cols) < 2:
                picks = self.fallback.assign_vectors(
                    vectors[rows],
                    [side] * len(rows),
                    [theme_stances[c] for c in cols],
                    centroids[cols],
                    label_vectors[cols],
                )
                for r, chosen in zip(rows, picks, strict=True):
                    result[r] = [(int(cols[t]), score) for t, score in chosen]
                continue
            p = self.matcher.probabilities(vectors[rows], label_vectors[cols], data.question_vector)
            keep = self.matcher.decide(p)
            for k, r in enumerate(rows):
                order = np.argsort(-p[k], kind="stable")
                result[r] = [(int(cols[t]), float(p[k, t])) for t in order if keep[k, t]]
        return Coding(result)
