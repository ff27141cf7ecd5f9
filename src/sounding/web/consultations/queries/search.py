"""Search by meaning in the responses list, through the service's vectors and ranking.

A question's response vectors are gathered once per process (from the vector cache, so
nothing is embedded again) and kept for the next searches; each query then costs one
embedding and one matrix product, even over 100,000 responses. The ranking of a query under
the page's filters is cached too, so turning pages does not rank again.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet

from sounding.errors import SoundingError
from sounding.services.search import query_vector, rank, response_vectors
from sounding.web.consultations.models import Question, Response
from sounding.web.runtime import sounding_settings

#: Questions whose vectors stay in memory (each is 1.5 KB per response).
KEPT_QUESTIONS = 4
RANKING_SECONDS = 600


class SearchUnavailable(Exception):
    """The embedding model could not be loaded; keyword search still works."""


@functools.lru_cache(maxsize=KEPT_QUESTIONS)
def _question_index(question_id: int, stamp: str) -> tuple[np.ndarray, np.ndarray]:
    """(response ids with words, their unit vectors) of one question. `stamp` (when it was
    analysed, how many responses, the last id) changes whenever its responses can have
    changed, which retires the entry."""
    rows = list(Response.objects.filter(question_id=question_id).values_list("pk", "text"))
    indices, vectors = response_vectors([text for _, text in rows], sounding_settings())
    ids = np.array([rows[i][0] for i in indices], dtype=np.int64)
    return ids, vectors


_lock = threading.Lock()


def question_index(question: Question) -> tuple[np.ndarray, np.ndarray]:
    analysed = question.consultation.analysed_at
    size = question.responses.aggregate(n=Count("pk"), last=Max("pk"))
    stamp = f"{analysed.isoformat() if analysed else ''}:{size['n']}:{size['last']}"
    with _lock:  # one thread builds a question's index; the others wait and reuse it
        return _question_index(question.pk, stamp)


Ranking = tuple[np.ndarray, np.ndarray]  # (response ids, similarities), most similar first


def ranking(rows: QuerySet[Response], query: str, key: str, whole: bool = False) -> Ranking:
    """The responses of `rows` with text, most similar to `query` first; cached under `key`
    (what the filters and the data were) and the query. `whole`: `rows` are every response
    of their questions, so no filter needs applying to the questions' vectors."""
    stamp = "sounding:meaning:" + hashlib.sha256(f"{key}\n{query}".encode()).hexdigest()
    cached: Ranking | None = cache.get(stamp) if key else None
    if cached is not None:
        return cached
    if whole:
        wanted = None
        question_ids = set(rows.values_list("question_id", flat=True).distinct())
    else:
        allowed = list(rows.values_list("pk", "question_id"))
        wanted = np.fromiter((pk for pk, _ in allowed), dtype=np.int64, count=len(allowed))
        question_ids = {q for _, q in allowed}
    questions = Question.objects.filter(pk__in=question_ids).select_related("consultation")
    try:
        query_at = query_vector(query, sounding_settings())
        parts = [question_index(question) for question in questions]
    except (SoundingError, OSError, ImportError) as error:
        raise SearchUnavailable(
            f"Search by meaning is unavailable: the embedding model could not be loaded ({error})."
        ) from error
    found_ids, found_scores = [], []
    for ids, vectors in parts:
        if not len(ids):
            continue
        if wanted is not None:
            keep = np.isin(ids, wanted)
            ids, vectors = ids[keep], vectors[keep]
        found_ids.append(ids)
        found_scores.append(vectors @ query_at)
    if not found_ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    all_ids, all_scores = np.concatenate(found_ids), np.concatenate(found_scores)
    order = np.argsort(-all_scores, kind="stable")
    result = (all_ids[order], all_scores[order])
    if key:
        cache.set(stamp, result, RANKING_SECONDS)
    return result


class Ranked(Sequence[Response]):
    """A ranking the paginator slices: only the page's responses are read from the database,
    each with its `similarity` (None when the order is not by similarity)."""

    def __init__(self, ids: Sequence[int] | np.ndarray, scores: np.ndarray | None = None) -> None:
        self._ids, self._scores = ids, scores

    @classmethod
    def of(cls, pairs: Sequence[tuple[int, float | None]]) -> Ranked:
        """From (id, similarity or None) pairs."""
        scores = [s for _, s in pairs]
        ordered = bool(pairs) and all(s is not None for s in scores)
        return cls([pk for pk, _ in pairs], np.array(scores, dtype=np.float32) if ordered else None)

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Response: ...
    @overload
    def __getitem__(self, index: slice) -> list[Response]: ...
    def __getitem__(self, index: int | slice) -> Response | list[Response]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        ids = [int(pk) for pk in self._ids[index]]
        scores = (
            [float(s) for s in self._scores[index]]
            if self._scores is not None
            else [None] * len(ids)
        )
        rows = (
            Response.objects.select_related("question")
            .prefetch_related("codings__theme")
            .in_bulk(ids)
        )
        page = []
        for pk, similarity in zip(ids, scores, strict=True):
            if (response := rows.get(pk)) is not None:
                response.similarity = similarity
                page.append(response)
        return page

    def __iter__(self) -> Iterator[Response]:
        return iter(self[:])

    def ids(self) -> list[int]:
        return [int(pk) for pk in self._ids]


def similar_to(seed: Response, candidates: QuerySet[Response], top: int) -> list[tuple[int, float]]:
    """(id, similarity) of the `top` candidates (responses of the seed's question) most like
    `seed`, most similar first; [] when the seed has no words."""
    try:
        ids, vectors = question_index(seed.question)
    except (SoundingError, OSError, ImportError) as error:
        raise SearchUnavailable(
            f"Similar responses cannot be found: the embedding model could not be loaded ({error})."
        ) from error
    at = np.flatnonzero(ids == seed.pk)
    if not len(at):
        return []
    keep = np.isin(ids, np.fromiter(candidates.values_list("pk", flat=True), dtype=np.int64))
    order, scores = rank(vectors[keep], vectors[at[0]])
    chosen = ids[keep][order][:top]
    return [(int(pk), float(s)) for pk, s in zip(chosen, scores[:top], strict=True)]


def by_meaning(rows: QuerySet[Response], query: str, key: str = "", whole: bool = False) -> Ranked:
    """`rows` that have text, most similar to `query` first, each with a `similarity`;
    `key` names the rows' filters and data for the ranking cache ("" ranks afresh); `whole`
    as for `ranking`."""
    return Ranked(*ranking(rows, query, key, whole))
