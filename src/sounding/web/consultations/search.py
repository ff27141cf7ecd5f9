"""Search by meaning: rank responses by cosine similarity to a query, with the project's
embedding model (loaded once per process, see `embedding`).

Responses are embedded the way the analysis embedded them (cleaned, long ones in pieces),
so their vectors come back from the vector cache under SOUNDING_HOME instead of being
computed again; a long response's pieces are averaged.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from django.db.models import QuerySet

from sounding.consult.normalise import clean
from sounding.consult.pipeline import split_long
from sounding.embeddings.base import normalise_rows
from sounding.errors import SoundingError
from sounding.web.consultations.analysis_job import sounding_settings
from sounding.web.consultations.embedding import open_embedder
from sounding.web.consultations.models import Response

#: At most this many responses are ranked per search (filter by question to stay under it).
MAX_RANKED = 20_000


class SearchUnavailable(Exception):
    """The embedding model could not be loaded; keyword search still works."""


def by_meaning(rows: QuerySet[Response] | Iterable[Response], query: str) -> list[Response]:
    """`rows` that have text, most similar to `query` first, each with a `similarity`."""
    limited = rows[:MAX_RANKED] if isinstance(rows, QuerySet) else rows
    candidates = [r for r in limited if clean(r.text)]
    if not candidates or not query.strip():
        return []
    config = sounding_settings()
    pieces = [
        split_long(clean(r.text), config.max_embed_words) or [clean(r.text)] for r in candidates
    ]

    flat = [p for group in pieces for p in group]
    try:
        with open_embedder(config) as embedder:
            vectors = embedder.embed([*flat, query])
    except (SoundingError, OSError, ImportError) as error:
        raise SearchUnavailable(
            f"Search by meaning is unavailable: the embedding model could not be loaded ({error})."
        ) from error
    wanted, matrix = vectors[-1], vectors[:-1]
    starts = np.cumsum([0] + [len(g) for g in pieces[:-1]])
    means = np.add.reduceat(matrix, starts, axis=0) / np.array([len(g) for g in pieces])[:, None]
    scores = normalise_rows(means.astype(np.float32)) @ wanted
    order = np.argsort(-scores, kind="stable")
    ranked = []
    for index in order:
        response = candidates[int(index)]
        response.similarity = float(scores[index])  # type: ignore[attr-defined]
        ranked.append(response)
    return ranked
