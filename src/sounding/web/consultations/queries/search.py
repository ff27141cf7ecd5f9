"""Search by meaning in the responses list, through the service's `search_by_meaning`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from sounding.errors import SoundingError
from sounding.services.search import search_by_meaning
from sounding.web.consultations.background.analysis import sounding_settings
from sounding.web.consultations.models import Response

#: At most this many responses are ranked per search (filter by question to stay under it).
MAX_RANKED = 20_000


class SearchUnavailable(Exception):
    """The embedding model could not be loaded; keyword search still works."""


def by_meaning(rows: QuerySet[Response] | Iterable[Response], query: str) -> list[Response]:
    """`rows` that have text, most similar to `query` first, each with a `similarity`."""
    candidates = list(rows[:MAX_RANKED] if isinstance(rows, QuerySet) else rows)
    try:
        ranking = search_by_meaning([r.text for r in candidates], query, sounding_settings())
    except (SoundingError, OSError, ImportError) as error:
        raise SearchUnavailable(
            f"Search by meaning is unavailable: the embedding model could not be loaded ({error})."
        ) from error
    ranked = []
    for index, similarity in ranking:
        response = candidates[index]
        response.similarity = similarity
        ranked.append(response)
    return ranked
