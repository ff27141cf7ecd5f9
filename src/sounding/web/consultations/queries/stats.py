"""Counts for the theme and dashboard pages, computed in the database where it can.

Counts follow the pipeline's rule: themed, other and duplicate responses count (a duplicate
under the themes of what it copies); blank and rejected ones do not.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from sounding.consult.group_order import NOT_GIVEN
from sounding.web.consultations.models import Edit, Question, Response, ResponseTheme, Theme

T = TypeVar("T")

#: Responses that count, on every page and in every share: each with words, duplicates
#: included (they count with their original's themes); not blanks or rejected rows.
COUNTED = [Response.Status.THEMED, Response.Status.OTHER, Response.Status.DUPLICATE]
#: What the counts mean, shown beside them wherever they appear.
COUNTS_MEANING = (
    "Responses: every row for the question. Counted: those with words, duplicates included "
    "(blanks and rejected rows are not); theme shares are of counted responses. Themed: "
    "counted responses with at least one theme."
)


def with_counts(questions: QuerySet[Question]) -> QuerySet[Question]:
    """`questions` with `total`, `counted`, `themed` and `theme_count`: the one definition
    every page and the API use.

    Each count is its own subquery: counting DISTINCT over one join of responses, codings
    and themes multiplied the rows (responses x codings x themes) and took seconds per
    question at a million responses; a subquery per count reads an index or two."""
    responses = Response.objects.filter(question=OuterRef("pk"))
    counted = responses.filter(status__in=COUNTED)
    coded = ResponseTheme.objects.filter(response=OuterRef("pk"))
    return questions.annotate(
        total=_count(responses),
        counted=_count(counted),
        themed=_count(counted.filter(Exists(coded))),
        theme_count=_count(Theme.objects.filter(question=OuterRef("pk"))),
    )


def _count(rows: QuerySet[Any]) -> Coalesce:
    """COUNT(*) of `rows` (correlated with the outer query) as a subquery, 0 for none."""
    grouped = rows.order_by().values("question").annotate(n=Count("pk"))
    return Coalesce(Subquery(grouped.values("n")[:1]), 0, output_field=IntegerField())


STANCES = ("agree", "disagree", "neutral")
#: Cached counts are keyed by `revision`, so this only bounds how long unused ones are kept.
CACHE_SECONDS = 15 * 60


@dataclass(frozen=True)
class Counts:
    total: int
    counted: int
    themed: int
    theme_count: int


def counts(question: Question) -> Counts:
    """One question's counts, as `with_counts` defines them."""
    annotated = with_counts(Question.objects.filter(pk=question.pk)).get()
    names = ("total", "counted", "themed", "theme_count")
    return Counts(*(int(getattr(annotated, name)) for name in names))


def theme_counts(question: Question) -> QuerySet[Theme]:
    """The question's themes with `count` and a count per response stance, biggest first."""
    counted = Q(codings__response__status__in=COUNTED)
    by_stance = {
        s: Count("codings", filter=counted & Q(codings__response__stance=s)) for s in STANCES
    }
    return question.themes.annotate(count=Count("codings", filter=counted), **by_stance).order_by(
        "-count", "label"
    )


def status_counts(question: Question) -> dict[str, int]:
    rows = question.responses.values("status").annotate(n=Count("id"))
    counts = {s: 0 for s in Response.Status.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def _group_value(value: object) -> str:
    """A respondent attribute's value as a group is named; "(not given)" for none."""
    return str(value or NOT_GIVEN)


def group_counts(question: Question, dimension: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Responses per theme within each value of a respondent attribute: (values, rows)."""
    # The column's name goes into the query as a JSON key, never as an alias: a real
    # column is named "Overall rating" or "How satisfied are you?", which no alias may be.
    rows = (
        ResponseTheme.objects.filter(theme__question=question, response__status__in=COUNTED)
        .annotate(group=KeyTextTransform(dimension, "response__metadata"))
        .values("theme_id", "group")
        .annotate(n=Count("id"))
    )
    table: dict[int, dict[str, int]] = defaultdict(dict)
    values: set[str] = set()
    for row in rows:
        value = _group_value(row["group"])
        values.add(value)
        table[row["theme_id"]][value] = row["n"]
    ordered = sorted(values)
    themes = theme_counts(question)
    return ordered, [
        {"theme": t, "cells": [table[t.pk].get(v, 0) for v in ordered]} for t in themes
    ]


def group_sizes(question: Question, dimension: str) -> dict[str, int]:
    """Counted responses in each value of a respondent attribute: how large each group is,
    which decides whether a report may publish its figures (small-cell suppression)."""
    rows = (
        question.responses.filter(status__in=COUNTED)
        .annotate(group=KeyTextTransform(dimension, "metadata"))
        .values("group")
        .annotate(n=Count("id"))
    )
    sizes: dict[str, int] = defaultdict(int)
    for row in rows:
        sizes[_group_value(row["group"])] += row["n"]
    return dict(sizes)


def agreement(question: Question) -> dict[str, Any]:
    """How far analysts' corrections agree with the machine's coding, per response.

    For every response an analyst corrected, compare the themes it had before its first
    correction (the machine's) with its themes now: F1 = 2|M ∩ H| / (|M| + |H|), averaged.
    """
    first: dict[int, list[str]] = {}
    # Corrections undone are none: an undone one had still been counted.
    edits = Edit.objects.filter(
        action="correct themes", response__question=question, reverted_by__isnull=True
    )
    for response_id, before in edits.order_by("at", "id").values_list("response_id", "before"):
        first.setdefault(response_id, list(before or []))
    if not first:
        # Themes analysts gave before a re-run, put back on its responses: no correction of
        # this analysis's coding, but "no corrections yet" beside them had read as work lost.
        kept = (
            ResponseTheme.objects.filter(response__question=question, by_analyst=True)
            .values("response_id")
            .distinct()
            .count()
        )
        return {"corrected": 0, "f1": None, "kept": kept}
    now: dict[int, set[str]] = defaultdict(set)
    for response_id, key in ResponseTheme.objects.filter(response_id__in=first).values_list(
        "response_id", "theme__key"
    ):
        now[response_id].add(key)
    scores = []
    for response_id, before in first.items():
        machine, human = set(before), now[response_id]
        total = len(machine) + len(human)
        scores.append(1.0 if total == 0 else 2 * len(machine & human) / total)
    return {"corrected": len(scores), "f1": sum(scores) / len(scores)}


def campaigns(question: Question, most: int = 10) -> list[dict[str, Any]]:
    """The biggest campaigns (template letters, copy-paste groups) of the question."""
    return sorted(question.campaigns, key=lambda c: -int(c.get("size", 0)))[:most]


def revision(question: Question) -> str:
    """A stamp that changes whenever the question's counts may: every change to themes,
    codings or responses in the app is audited (an `Edit`), saving a theme touches its
    `updated_at`, and a new analysis replaces the questions (new ids) and `analysed_at`."""
    consultation = question.consultation
    last_edit = (
        Edit.objects.filter(consultation_id=question.consultation_id)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    themes = question.themes.aggregate(n=Count("id"), last=Max("id"), at=Max("updated_at"))
    analysed = consultation.analysed_at.isoformat() if consultation.analysed_at else ""
    return f"{question.pk}:{analysed}:{last_edit}:{themes['n']}:{themes['last']}:{themes['at']}"


def _cached(question: Question, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept in the cache until the question's `revision` changes: the counts
    join every coding to its response, which takes a while on 100,000 responses."""
    stamp = hashlib.sha256(f"{name}\n{revision(question)}".encode()).hexdigest()
    # hashed: a dimension or a timestamp may hold spaces
    return remember(f"sounding:stats:{stamp}", compute, CACHE_SECONDS)


_guard = threading.Lock()
_computing: dict[str, threading.Lock] = {}


def remember(key: str, compute: Callable[[], T], seconds: int) -> T:
    """The cached value under `key`, or `compute()` kept there for `seconds`.

    One thread of the process computes a missing value; the others asking for it meanwhile
    wait and take it from the cache. At a million responses a question's counts take
    seconds, and a server's threads all computing them at once (the first requests after a
    start or an edit) slowed every page on the machine."""
    value: T | None = cache.get(key)
    if value is not None:
        return value
    with _guard:
        lock = _computing.setdefault(key, threading.Lock())
    try:
        with lock:
            value = cache.get(key)
            if value is None:
                value = compute()
                cache.set(key, value, seconds)
            return value
    finally:
        with _guard:
            if not lock.locked():
                _computing.pop(key, None)


def cached_theme_counts(question: Question) -> list[Theme]:
    """`theme_counts(question)` as a list, from the cache when nothing has changed."""
    return _cached(question, "themes", lambda: list(theme_counts(question)))


def cached_counts(question: Question) -> Counts:
    """`counts(question)`, from the cache when nothing has changed."""
    return _cached(question, "counts", lambda: counts(question))


def has_stance(question: Question) -> bool:
    """Whether any response of the question has a stance (a stance column, or a model's)."""
    return question.responses.exclude(stance="").exists()


def cached_has_stance(question: Question) -> bool:
    """`has_stance(question)` from the cache: where no response has a stance, finding out
    reads every response of the question."""
    return _cached(question, "has_stance", lambda: has_stance(question))


def cached_status_counts(question: Question) -> dict[str, int]:
    return _cached(question, "status", lambda: status_counts(question))


def cached_group_sizes(question: Question, dimension: str) -> dict[str, int]:
    return _cached(question, f"sizes:{dimension}", lambda: group_sizes(question, dimension))


def cached_group_counts(
    question: Question, dimension: str
) -> tuple[list[str], list[dict[str, Any]]]:
    return _cached(question, f"groups:{dimension}", lambda: group_counts(question, dimension))
