"""Search by meaning: responses ranked by cosine similarity to a query.

Responses are embedded as the analysis embedded them (see `consult.embed_text`), so their
vectors come back from the vector cache under SOUNDING_HOME instead of being computed again
(an answer in Welsh may differ: the analysis leaves such answers' words as typed, and
search does not know their language).
The process's shared embedding model does the embedding: a search must not load it. A caller
that searches the same responses often keeps `response_vectors` and ranks against it, so
each query costs one embedding and one matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sounding.config import Settings
from sounding.consult.embed_text import mean_vector, pieces_to_embed
from sounding.embeddings.base import normalise_rows
from sounding.services.embedding import open_embedder


def response_vectors(texts: Sequence[str], settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    """(indices of the texts with words in them, their unit vectors, one row each); `texts`
    are one question's responses, all of them, as the analysis read each in the light of
    the others (see `consult.embed_text`)."""
    pieces = dict(enumerate(pieces_to_embed(texts, settings.max_embed_words)))
    pieces = {i: group for i, group in pieces.items() if group != [""]}
    if not pieces:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    distinct = list(dict.fromkeys(p for group in pieces.values() for p in group))
    with open_embedder(settings, shared=True) as embedder:
        matrix = embedder.embed(distinct)
    vectors = dict(zip(distinct, matrix, strict=True))
    means = np.array([mean_vector(group, vectors) for group in pieces.values()])
    return np.fromiter(pieces, dtype=np.int64), normalise_rows(means).astype(np.float32)


def query_vector(query: str, settings: Settings) -> np.ndarray:
    with open_embedder(settings, shared=True) as embedder:
        return np.asarray(embedder.embed([query])[0], dtype=np.float32)


def rank(vectors: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row order, most similar first; the similarities in that order)."""
    scores = vectors @ query
    order = np.argsort(-scores, kind="stable")
    return order, scores[order]


def search_by_meaning(
    texts: Sequence[str], query: str, settings: Settings
) -> list[tuple[int, float]]:
    """(index into `texts`, cosine similarity) for each text with words in it, most similar
    to `query` first."""
    if not query.strip():
        return []
    indices, vectors = response_vectors(texts, settings)
    if not len(indices):
        return []
    order, scores = rank(vectors, query_vector(query, settings))
    return [(int(indices[i]), float(s)) for i, s in zip(order, scores, strict=True)]
