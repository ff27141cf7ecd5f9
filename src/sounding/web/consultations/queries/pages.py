"""Paging the responses list without reading every matching response for each page.

Two costs grow with the consultation: counting the rows a filter keeps (for "N responses"
and the page links), and sorting them all to cut one page out. At a million responses each
took hundreds of milliseconds, on every page. So:

- the count is kept in the cache under the list's filters and the data's version (the
  analysis and the last recorded edit, as for a meaning search's ranking), so turning pages
  or coming back to a list counts once;
- within one question the list's order (question, then position) is the index on
  (question, position, id), so a page is read off the index; a list of every question is
  sliced a question at a time (`ByQuestion`), from a count per question.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import TypeVar, overload

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet

from sounding.web.consultations.models import Response
from sounding.web.consultations.queries.stats import remember

T = TypeVar("T")

#: Cached counts are keyed by the data's version; this only bounds how long unused ones stay.
COUNT_SECONDS = 15 * 60


def cached(key: str, name: str, compute: Callable[[], T]) -> T:
    """`compute()` kept in the cache under `key` (filters and data version) and `name`; ""
    for `key` computes afresh every time."""
    if not key:
        return compute()
    stamp = "sounding:list:" + hashlib.sha256(f"{name}\n{key}".encode()).hexdigest()
    return remember(stamp, compute, COUNT_SECONDS)


def in_question_order(rows: QuerySet[Response]) -> QuerySet[Response]:
    """Rows of one question in the list's order, which the (question, position) index holds."""
    return rows.order_by("position", "pk")


class ByQuestion(Sequence[Response]):
    """The list's rows over several questions, in its order (question by question, then
    position): counted once per question, and sliced a question at a time, so a page reads
    the index of the questions it falls in rather than sorting every row."""

    def __init__(self, rows: QuerySet[Response], question_ids: list[int], key: str) -> None:
        self._rows, self._question_ids, self._key = rows, question_ids, key

    @cached_property
    def _counts(self) -> dict[int, int]:
        def compute() -> dict[int, int]:
            grouped = self._rows.order_by().values("question_id").annotate(n=Count("pk"))
            return {row["question_id"]: row["n"] for row in grouped}

        return cached(self._key, "per question", compute)

    def __len__(self) -> int:
        return sum(self._counts.get(q, 0) for q in self._question_ids)

    @overload
    def __getitem__(self, index: int) -> Response: ...
    @overload
    def __getitem__(self, index: slice) -> list[Response]: ...
    def __getitem__(self, index: int | slice) -> Response | list[Response]:
        if isinstance(index, int):
            found = self[index : index + 1] if index >= 0 else self[len(self) + index :][:1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop, step = index.indices(len(self))
        if step != 1:
            raise ValueError("ByQuestion slices have no step")
        page: list[Response] = []
        before = 0  # rows of the questions before this one
        for question_id in self._question_ids:
            n = self._counts.get(question_id, 0)
            low, high = max(start - before, 0), min(stop - before, n)
            if low < high:
                rows = in_question_order(self._rows.filter(question_id=question_id))
                page += list(rows[low:high])
            before += n
            if before >= stop:
                break
        return page

    def __iter__(self) -> Iterator[Response]:
        return iter(self[:])


class CountedPaginator(Paginator):  # type: ignore[type-arg]  # not subscriptable at run time
    """A paginator whose count is cached under `key` ("" counts every time)."""

    def __init__(self, rows: Sequence[Response] | QuerySet[Response], per_page: int, key: str):
        super().__init__(rows, per_page)
        self.key = key

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached(self.key, "count", self.object_list.count)
        return len(self.object_list)
