"""Hybrid search over passages: BM25 and embeddings fused, weighted by document type, and
nothing returned that is not relevant enough.

Ranking and relevance are kept apart. The order comes from reciprocal rank fusion of the
word ranking and the meaning ranking (each over its own best `candidates`), multiplied by
the weight of the passage's document type. Whether a passage is relevant at all is a
separate, absolute test: its cosine similarity to the question, blended with how much of
the question's rarer wording it contains (`coverage`). Fusion scores are relative and say
nothing about whether the best passage answers anything; the absolute test is what lets
an out-of-scope question get no passages rather than the nearest ones.

The two rankings also vouch for each other. Where the documents best by words and those
best by meaning have one in common, the question's subject is where both look for it;
where they have none, the guidance tends to mention the subject in passing (a list of
rights, a link elsewhere) without covering it, and the test asks for more relevance
(`Relevance.unconfirmed_threshold`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
from threadpoolctl import ThreadpoolController

from sounding.retrieval.acronyms import defined_acronyms, spelled_out
from sounding.retrieval.fusion import reciprocal_rank_fusion
from sounding.retrieval.lexical import LexicalIndex, terms
from sounding.retrieval.names import NameCheck
from sounding.retrieval.passages import Passage
from sounding.retrieval.spelling import corrected, vocabulary


@dataclass(frozen=True)
class Relevance:
    """The absolute test a passage must pass to be returned.

    `relevance = (1 - coverage_weight) × similarity + coverage_weight × coverage` must reach
    `threshold`. Defaults were fitted on the train half of Ask's question set (see
    benchmarks/ask.py) for the built-in MiniLM model.
    """

    threshold: float = 0.5
    coverage_weight: float = 0.05
    #: The threshold instead where the rankings by words and by meaning share no document
    #: among their best `confirm_depth` (None: the same threshold either way). Meant for a
    #: collection of many documents: among two or three, the rankings always share one.
    unconfirmed_threshold: float | None = None
    confirm_depth: int = 3

    def score(self, similarity: np.ndarray, coverage: np.ndarray) -> np.ndarray:
        return (1 - self.coverage_weight) * similarity + self.coverage_weight * coverage

    def threshold_for(self, confirmed: bool) -> float:
        """The relevance a passage needs, given whether the two rankings agree."""
        if confirmed or self.unconfirmed_threshold is None:
            return self.threshold
        return max(self.threshold, self.unconfirmed_threshold)


@dataclass(frozen=True)
class Hit:
    """A passage found for a question, with the evidence for its place."""

    passage: Passage
    score: float
    similarity: float
    coverage: float
    relevance: float


@dataclass(frozen=True)
class Query:
    """A question as the index compares it: its stems and its (normalised) vector."""

    text: str
    terms: tuple[str, ...]
    vector: np.ndarray


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def similarities(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosine similarity of every passage to a question, on one BLAS thread. The product is
    small (a few milliseconds at 100,000 passages), and OpenBLAS's other threads stay
    spinning after it, taking the cores the embedding model needs for the next question:
    on 2 cores Ask's p50 per question was 44 ms with them and 16 ms without."""
    with _blas().limit(limits=1, user_api="blas"):
        product: np.ndarray = vectors @ query
    return product


def top(scores: np.ndarray, count: int) -> np.ndarray:
    """Indices of the `count` highest scores, best first (ties by index): a partial sort,
    which at 100,000 passages is several times quicker than sorting them all."""
    count = min(count, len(scores))
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    best = np.argpartition(-scores, count - 1)[:count]
    return best[np.lexsort((best, -scores[best]))]


class PassageIndex:
    """Passages with their vectors, searchable by words and meaning together."""

    def __init__(
        self,
        passages: Sequence[Passage],
        vectors: np.ndarray,
        *,
        kind_weights: Mapping[str, float] | None = None,
    ) -> None:
        if len(passages) != len(vectors):
            raise ValueError(f"{len(passages)} passages but {len(vectors)} vectors")
        self.passages = list(passages)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        texts = [self._words_of(p) for p in self.passages]
        self.lexical = LexicalIndex(texts)
        self.names = NameCheck(self.lexical.idf, self._best_by_words)
        self.acronyms = defined_acronyms(texts)
        self._stems = [frozenset(words) for words in terms(texts)]
        self.kind_weights = dict(kind_weights or {})
        self._weights = np.array([self.kind_weights.get(p.kind, 1.0) for p in self.passages])

    def __len__(self) -> int:
        return len(self.passages)

    @staticmethod
    def _words_of(passage: Passage) -> str:
        """What word search reads of a passage: its title, headings and text."""
        return f"{passage.title} {' '.join(passage.headings)} {passage.text}"

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word the passages use: what a misspelt word of a question is put right to
        (read on the first question, so loading an index does not pay for it)."""
        return vocabulary(self._words_of(p) for p in self.passages)

    def spelled_out(self, text: str) -> str:
        """`text` with misspellings put right from the passages' words ("jury servise" →
        "jury service") and the acronyms the passages define spelled out ("SSP (Statutory
        Sick Pay)"): what a question is searched as."""
        return spelled_out(corrected(text, self.words), self.acronyms)

    def _best_by_words(self, stems: Sequence[str], count: int) -> list[str]:
        """What word search reads of the `count` passages best by BM25 for `stems` (only
        passages holding one of them)."""
        scores = self.lexical.scores(stems)
        rows = top(scores, min(count, int(np.count_nonzero(scores))))
        return [self._words_of(self.passages[row]) for row in rows]

    def unmentioned(self, text: str) -> list[str]:
        """Names in `text` (acronyms, capitalised phrases) that no passage mentions: a
        question about one is not answered here, however near the nearest passage."""
        return self.names.unmentioned(text)

    def query(self, text: str, vector: np.ndarray) -> Query:
        return Query(text, tuple(terms([text])[0]), np.asarray(vector, dtype=np.float32))

    def coverage(self, query: Query, rows: np.ndarray) -> np.ndarray:
        """Share of the question's stems (weighted by rarity) found in each passage."""
        unique = set(query.terms)
        total = sum(self.lexical.weight(t) for t in unique)
        if not total:
            return np.zeros(len(rows))
        return np.array(
            [sum(self.lexical.weight(t) for t in unique & self._stems[row]) / total for row in rows]
        )

    def _fused(
        self, query: Query, candidates: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Cosine similarity and BM25 score of every passage, the fused score (0 outside
        both rankings' best `candidates`), and the rows either ranking offered."""
        similarity = similarities(self.vectors, query.vector)
        lexical = self.lexical.scores(query.terms)
        by_meaning = top(similarity, candidates)
        by_words = top(lexical, candidates)
        by_words = by_words[lexical[by_words] > 0]
        fused = reciprocal_rank_fusion([by_meaning, by_words], len(self.passages))
        return similarity, lexical, fused, np.union1d(by_meaning, by_words)

    def confirmed(self, query: Query, depth: int = 3) -> bool:
        """Whether the `depth` passages best by words (BM25) and the `depth` best by meaning
        (cosine), each weighted by document type, come from at least one document in common.
        A question whose words hit nothing is not confirmed."""
        similarity = similarities(self.vectors, query.vector)
        return self._confirmed(similarity, self.lexical.scores(query.terms), depth)

    def _confirmed(self, similarity: np.ndarray, lexical: np.ndarray, depth: int) -> bool:
        by_words = top(lexical * self._weights, depth)
        by_words = by_words[lexical[by_words] > 0]
        by_meaning = top(similarity * self._weights, depth)
        documents = {self.passages[row].document for row in by_words}
        return any(self.passages[row].document in documents for row in by_meaning)

    def search(
        self,
        query: Query,
        *,
        limit: int = 5,
        candidates: int = 80,
        relevance: Relevance | None = None,
    ) -> list[Hit]:
        """The best `limit` relevant passages, best first ([] when none is relevant)."""
        if not self.passages:
            return []
        relevance = relevance or Relevance()
        similarity, lexical, fused, rows = self._fused(query, candidates)
        coverage = self.coverage(query, rows)
        kept = relevance.score(similarity[rows], coverage)
        confirmed = relevance.unconfirmed_threshold is None or self._confirmed(
            similarity, lexical, relevance.confirm_depth
        )
        passing = kept >= relevance.threshold_for(confirmed)
        rows, coverage, kept = rows[passing], coverage[passing], kept[passing]
        score = fused[rows] * self._weights[rows]
        order = np.lexsort((rows, -score))[:limit]
        return [
            Hit(
                passage=self.passages[rows[i]],
                score=float(score[i]),
                similarity=float(similarity[rows[i]]),
                coverage=float(coverage[i]),
                relevance=float(kept[i]),
            )
            for i in order
        ]

    def rank(self, query: Query, method: str, limit: int, candidates: int = 80) -> list[Passage]:
        """The top `limit` passages by "words" (BM25), "meaning" (cosine) or "hybrid"
        (fused), each weighted by document type, with no relevance test: what the
        benchmark compares."""
        if method == "words":
            score = self.lexical.scores(query.terms)
        elif method == "meaning":
            score = similarities(self.vectors, query.vector)
        elif method == "hybrid":
            score = self._fused(query, candidates)[2]
        else:
            raise ValueError(f"unknown method {method!r}")
        order = np.lexsort((np.arange(len(score)), -score * self._weights))
        return [self.passages[i] for i in order[:limit]]
