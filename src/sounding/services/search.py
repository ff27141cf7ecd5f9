"""Search by meaning: responses ranked by cosine similarity to a query.

Responses are embedded as the analysis embedded them (see `consult.embed_text`), so their
vectors come back from the vector cache under SOUNDING_HOME instead of being computed again.
The process's shared embedding model does the embedding: a search must not load it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sounding.config import Settings
from sounding.consult.embed_text import mean_vector, pieces_to_embed
from sounding.embeddings.base import normalise_rows
from sounding.services.embedding import open_embedder


def search_by_meaning(
    texts: Sequence[str], query: str, settings: Settings
) -> list[tuple[int, float]]:
    """(index into `texts`, cosine similarity) for each text with words in it, most similar
    to `query` first."""
    pieces = {i: pieces_to_embed(text, settings.max_embed_words) for i, text in enumerate(texts)}
    pieces = {i: group for i, group in pieces.items() if group != [""]}
    if not pieces or not query.strip():
        return []
    distinct = list(dict.fromkeys(p for group in pieces.values() for p in group))
    with open_embedder(settings, shared=True) as embedder:
        matrix = embedder.embed([*distinct, query])
    vectors = dict(zip(distinct, matrix, strict=False))
    means = np.array([mean_vector(group, vectors) for group in pieces.values()])
    scores = normalise_rows(means) @ matrix[-1]
    order = np.argsort(-scores, kind="stable")
    indices = list(pieces)
    return [(indices[i], float(scores[i])) for i in order]
