"""Multi-label assignment of responses to themes by embedding similarity.

A response's score for a theme averages its cosine similarity to the theme's key point and
to the theme's centre: the key point keeps assignments faithful to the label an analyst
reads, the centre keeps them tolerant of other wordings. A discovered theme also has member
responses, and a response as close to its nearest members as they are to each other fits
too: a one-word answer ("cost") is far from a long label but near the members that said it
in a few words. Every theme scoring above the threshold and within a margin of the best is
kept, so a response can make several points.

A response of several sentences often makes several points, and its one vector is an
average that sits near none of them. Where the pipeline gives sentence vectors
(`QuestionData.sentence_rows`), each sentence is scored too, and the best theme of each
sentence that clears the threshold joins its response's themes: a comment praising the
staff and complaining of the wait is coded to both.

The threshold of discovered themes is also the question's own: a response fits when it
scores as well as all but the worst-fitting of the themes' own members (a low quantile), so
a question of short, spread answers draws its line where its members lie, below the
absolute threshold that suits long answers. Themes given by an analyst have no members, and
only the absolute threshold.

Responses are scored in blocks (`BLOCK` at a time, on any `Engine`) against the themes and
their members. Members come from the clustered sample, a bounded set, so the nearest ones
are found exactly, by one matrix product per block, and a million responses need no
all-pairs step and no approximate index.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from sounding.consult.matcher import LearnedMatcher
from sounding.consult.model import Stance
from sounding.consult.stages import Coding, Codings, Discovery, QuestionData, ThemeSeed
from sounding.consult.word_overlap import word_evidence
from sounding.engines.base import Engine, LocalEngine


def compatible(theme: Stance, response: Stance) -> bool:
    """A response may take themes of its own side or neutral ones; neutral ones take any."""
    return response is Stance.NEUTRAL or theme is Stance.NEUTRAL or theme is response


#: Responses scored at once: bounds the score matrices (rows × members) at any question size.
BLOCK = 4096


def most_themes(limit: int, sentences: int) -> int:
    """The most themes a response of `sentences` point sentences is given: `limit`, or one
    for each sentence where that is more. An organisation's letter of ten sentences makes
    more points than a line does: held to three themes, a holiday-lets consultation's
    letters had lost most of theirs; at two for every three sentences, a local plan's
    campaign letter of six points in six sentences kept four (its wildlife and
    infrastructure points, each its sentence's best theme, lost to a second theme of the
    whole letter's): one for each, that file's F1 0.533 -> 0.548, the benchmarks within
    0.0013 (gambling_XS 0.4268 -> 0.4281, the others unchanged or +0.0001)."""
    return max(limit, sentences)


def with_sentence_points(
    codings: Codings, rows: np.ndarray, best: Codings, limit: int
) -> tuple[Codings, set[tuple[int, int]]]:
    """Each response's themes joined by the best theme of each of its sentences (`best`, one
    list per sentence, whose response is `rows`), best first and at most `most_themes`;
    and the (response, theme) pairs only a sentence earned. A theme the whole response
    already has keeps its score."""
    result = list(codings)
    extra: dict[int, dict[int, float]] = {}
    for row, picks in zip(rows.tolist(), best, strict=True):
        for theme, score in picks[:1]:
            found = extra.setdefault(row, {})
            found[theme] = max(score, found.get(theme, score))
    added: set[tuple[int, int]] = set()
    sentences = Counter(rows.tolist())
    for row, found in extra.items():
        themes = dict(result[row])
        own = set(themes)
        themes.update((t, score) for t, score in found.items() if t not in own)
        most = most_themes(limit, sentences[row])
        result[row] = sorted(themes.items(), key=lambda pick: -pick[1])[:most]
        added.update((row, t) for t, _ in result[row] if t not in own)
    return result, added


@dataclass(frozen=True)
class ThemeVectors:
    """What scoring needs of a question's themes, shipped once to wherever blocks are
    scored: centres, key-point vectors, and each discovered theme's member rows and vectors
    (none for an analyst's theme, unless given with the responses it holds)."""

    centroids: np.ndarray
    label_vectors: np.ndarray
    members: list[np.ndarray]
    member_vectors: list[np.ndarray]

    @classmethod
    def of(cls, seeds: list[ThemeSeed], vectors: np.ndarray) -> ThemeVectors:
        members = [
            np.array(sorted(s.members) if s.id is None or s.by_example else [], dtype=np.int64)
            for s in seeds
        ]
        return cls(
            np.vstack([s.centroid for s in seeds]),
            np.vstack([s.label_vector for s in seeds]),
            members,
            [vectors[m] for m in members],
        )


def _code_block(
    assigner: SimilarityAssigner,
    themes: ThemeVectors,
    theme_stances: list[Stance],
    threshold: float,
    block: tuple[np.ndarray, np.ndarray, list[Stance]],
) -> Codings:
    """The codings of one block of responses: (row numbers, vectors, stances)."""
    rows, vectors, stances = block
    # Only discovered themes are taken across sides: an analyst's codebook says which side
    # each of its stance themes is for.
    crossable = [len(m) > 0 for m in themes.members]
    return assigner.choose(
        assigner.block_scores(themes, rows, vectors), stances, theme_stances, threshold, crossable
    )


@dataclass
class SimilarityAssigner:
    """threshold: lowest score to assign to themes with no members (an analyst's); margin:
    how far below the best a second theme may be; max_per_response: most themes given to one
    response; member_quantile: for discovered themes, a score this quantile of the members'
    scores for their own theme also assigns, where it is under `threshold`; nearest_members:
    how many of a theme's members a response is compared with."""

    threshold: float = 0.55
    margin: float = 0.06
    max_per_response: int = 3
    member_quantile: float = 0.1
    nearest_members: int = 3
    #: How far above `threshold` a theme of the other side must score to take a response
    #: that fits none of its own side (see `choose`).
    cross_side_margin: float = 0.1
    #: Where blocks of responses are scored (this process, or Ray workers).
    engine: Engine = field(default_factory=LocalEngine)

    def scores(
        self,
        vectors: np.ndarray,
        centroids: np.ndarray,
        label_vectors: np.ndarray,
    ) -> np.ndarray:
        scores: np.ndarray = 0.5 * (vectors @ centroids.T + vectors @ label_vectors.T)
        return scores

    def member_scores(
        self, vectors: np.ndarray, rows: np.ndarray, themes: ThemeVectors
    ) -> np.ndarray:
        """Per response (`vectors`, whose row numbers in the question are `rows`; a
        response's sentences share its row) and theme, its mean similarity to the theme's
        `nearest_members` nearest members other than itself (-1 for a theme with none)."""
        result = np.full((len(vectors), len(themes.members)), -1.0, dtype=np.float32)
        for t, members in enumerate(themes.members):
            if not len(members):
                continue
            sims = vectors @ themes.member_vectors[t].T
            # A member is not its own neighbour, nor are its sentences its neighbours.
            sims[rows[:, None] == members[None, :]] = -np.inf
            k = min(self.nearest_members, len(members))
            nearest = -np.partition(-sims, k - 1, axis=1)[:, :k]
            valid = np.isfinite(nearest)
            counts = valid.sum(axis=1)
            total = np.where(valid, nearest, 0.0).sum(axis=1)
            result[:, t] = np.where(counts > 0, total / np.maximum(counts, 1), -1.0)
        return result

    def block_scores(
        self, themes: ThemeVectors, rows: np.ndarray, vectors: np.ndarray
    ) -> np.ndarray:
        """Scores of the responses `rows` (sorted row numbers, with their `vectors`) for every
        theme: the better of the label-and-centre score and the nearest-members score."""
        scores = self.scores(vectors, themes.centroids, themes.label_vectors)
        if any(len(m) for m in themes.members):
            scores = np.maximum(scores, self.member_scores(vectors, rows, themes))
        return scores

    def threshold_for(self, data: QuestionData, themes: ThemeVectors) -> float:
        """The lowest score to assign: `threshold`, or lower where the discovered themes' own
        members score lower for their own theme (the `member_quantile` of those scores)."""
        if not any(len(m) for m in themes.members):
            return self.threshold
        rows = np.unique(np.concatenate([m for m in themes.members if len(m)]))
        scores = self.block_scores(themes, rows, data.vectors[rows])
        position = {int(r): i for i, r in enumerate(rows)}
        own = [float(scores[position[int(r)], t]) for t, m in enumerate(themes.members) for r in m]
        return min(self.threshold, float(np.quantile(own, self.member_quantile)))

    def assign(self, data: QuestionData, discovery: Discovery) -> Coding:
        seeds = discovery.seeds
        if not seeds:
            return Coding([[] for _ in data.texts])
        themes = ThemeVectors.of(seeds, data.vectors)
        threshold = self.threshold_for(data, themes)
        # The assigner travels to the workers without the engine that sends it.
        scorer = replace(self, engine=LocalEngine())
        code = partial(_code_block, scorer, themes, [s.stance for s in seeds], threshold)

        def coded(rows: np.ndarray, vectors: np.ndarray, stances: list[Stance]) -> Codings:
            blocks = (
                (rows[at : at + BLOCK], vectors[at : at + BLOCK], stances[at : at + BLOCK])
                for at in range(0, len(rows), BLOCK)
            )
            return [picks for block in self.engine.map(code, blocks) for picks in block]

        codings = coded(np.arange(len(data.vectors)), data.vectors, data.stances)
        if data.sentence_rows is not None and data.sentence_vectors is not None:
            rows = data.sentence_rows
            best = coded(rows, data.sentence_vectors, [data.stances[r] for r in rows])
            codings, added = with_sentence_points(codings, rows, best, self.max_per_response)
            return Coding(codings, by_sentence=frozenset(added))
        return Coding(codings)

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
        result: Codings = []
        for start in range(0, len(vectors), 4096):
            block = self.scores(vectors[start : start + 4096], centroids, label_vectors)
            result.extend(
                self.choose(block, stances[start : start + 4096], theme_stances, self.threshold)
            )
        return result

    def choose(
        self,
        scores: np.ndarray,
        stances: list[Stance],
        theme_stances: list[Stance],
        threshold: float,
        crossable: list[bool] | None = None,
    ) -> Codings:
        """Per row of `scores`, the themes of a compatible stance scoring at least
        `threshold` and within `margin` of the row's best, best first. A response that fits
        no theme of its side takes the best `crossable` theme of the other side's where
        that scores `cross_side_margin` above `threshold`: a local plan's respondents who
        ticked the plan sound and wrote "Too much traffic" had been left in Other beside
        the objectors' theme of traffic, as analysts code what an answer says."""
        allowed = np.array(
            [
                [compatible(t, s) for t in theme_stances]
                for s in (Stance.AGREE, Stance.DISAGREE, Stance.NEUTRAL)
            ]
        )
        side = {Stance.AGREE: 0, Stance.DISAGREE: 1, Stance.NEUTRAL: 2}
        result: Codings = []
        for whole, stance in zip(scores, stances, strict=True):
            row = np.where(allowed[side[stance]], whole, -np.inf)
            order = np.argsort(-row, kind="stable")[: self.max_per_response]
            best = row[order[0]]
            picks = [
                (int(t), float(row[t]))
                for t in order
                if row[t] >= threshold and row[t] >= best - self.margin
            ]
            if not picks and crossable is not None:
                across = np.where(crossable, whole, -np.inf)
                other = int(np.argmax(across))
                if across[other] >= threshold + self.cross_side_margin:
                    picks = [(other, float(across[other]))]
            result.append(picks)
        return result


class LearnedAssigner:
    """Assignment with the learned matcher, for themes given by an analyst (a codebook).

    Same interface as `SimilarityAssigner`. The matcher's features compare each response
    with the others of its side, so responses are scored in groups by stance against the
    themes open to that side. Groups too small for those comparisons to mean anything fall
    back to `fallback`. Sentences of responses that make several points
    (`QuestionData.sentence_rows`) are scored in their response's group, alongside the
    responses, and the best theme the matcher accepts for each joins its response's themes.
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
        sentence_rows = data.sentence_rows if data.sentence_rows is not None else np.zeros(0, int)
        sentence_best: Codings = [[] for _ in sentence_rows]
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
            sentences = np.flatnonzero(np.isin(sentence_rows, rows))
            scored, groups = vectors[rows], rows
            texts = [data.texts[r] for r in rows]
            if len(sentences):
                assert data.sentence_vectors is not None and data.sentence_texts is not None
                scored = np.vstack([scored, data.sentence_vectors[sentences]])
                groups = np.concatenate([rows, sentence_rows[sentences]])
                texts += [data.sentence_texts[i] for i in sentences]
            # Labels only, as the matcher was trained: a description's many words would
            # lower every response's coverage of the theme.
            words = word_evidence(texts, [seeds[c].label for c in cols])
            p = self.matcher.probabilities(
                scored, label_vectors[cols], data.question_vector, words, groups
            )
            keep = self.matcher.decide(p)
            for k, r in enumerate(rows):
                order = np.argsort(-p[k], kind="stable")
                result[r] = [(int(cols[t]), float(p[k, t])) for t in order if keep[k, t]]
            for k, i in enumerate(sentences, start=len(rows)):
                t = int(np.argmax(p[k]))
                if keep[k, t]:
                    sentence_best[i] = [(int(cols[t]), float(p[k, t]))]
        if len(sentence_rows):
            limit = self.fallback.max_per_response
            result, added = with_sentence_points(result, sentence_rows, sentence_best, limit)
            return Coding(result, by_sentence=frozenset(added))
        return Coding(result)
