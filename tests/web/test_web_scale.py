"""What keeps the pages quick at a million responses must not change what they show: counts
by subquery, cached counts, a list sliced a question at a time, the importer's chunks and
the closed answers noted at import all give what the plain queries gave."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.core.cache import cache
from django.urls import reverse

from sounding.consult import model
from sounding.web.consultations import review
from sounding.web.consultations.files import importer
from sounding.web.consultations.models import (
    Consultation,
    Question,
    Response,
    ResponseTheme,
)
from sounding.web.consultations.queries import pages, stats
from sounding.web.consultations.views.responses import filtered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def test_counts_by_subquery_match_counting_every_response(ready: Consultation) -> None:
    for question in stats.with_counts(ready.questions.all()):
        rows = list(Response.objects.filter(question=question))
        coded = set(
            ResponseTheme.objects.filter(response__question=question).values_list(
                "response_id", flat=True
            )
        )
        counted = [r for r in rows if r.status in stats.COUNTED]
        assert question.total == len(rows)
        assert question.counted == len(counted)
        assert question.themed == sum(1 for r in counted if r.pk in coded)
        assert question.theme_count == question.themes.count()
        assert stats.counts(question) == stats.cached_counts(question)


def test_a_question_with_nothing_counts_zero(ready: Consultation) -> None:
    empty = Question.objects.create(consultation=ready, key="q-empty", text="Nothing", position=9)
    row = stats.with_counts(Question.objects.filter(pk=empty.pk)).get()
    assert (row.total, row.counted, row.themed, row.theme_count) == (0, 0, 0, 0)


def _list(client, consultation: Consultation, **params: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Every response id the list shows, page after page."""
    url = reverse("consultations:responses", kwargs={"pk": consultation.pk})
    shown: list[int] = []
    number = 1
    while True:
        page = client.get(url, {**params, "page": str(number)}).context["page"]
        shown += [r.pk for r in page.object_list]
        if not page.has_next():
            return shown
        number += 1


def _expected(consultation: Consultation, params: dict[str, str]) -> list[int]:
    rows = filtered(consultation, params).order_by("question__position", "position", "pk")
    return list(rows.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "themed"},
        {"stance": "agree"},
        {"q": "parking"},
        {"flagged": "1"},
    ],
)
def test_every_question_is_paged_as_one_sorted_list(ready: Consultation, people, params) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    assert _list(client, ready, **params) == _expected(ready, params)


def test_a_question_is_paged_in_its_order(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    for question in ready.questions.all():
        theme = question.themes.order_by("position").first()
        assert theme is not None
        for params in (
            {"question": str(question.pk)},
            {"question": str(question.pk), "theme": str(theme.pk)},
        ):
            assert _list(client, ready, **params) == _expected(ready, params)


def test_by_question_slices_like_the_sorted_rows(ready: Consultation) -> None:
    rows = filtered(ready, {})
    ids = list(rows.values_list("pk", flat=True))
    questions = [q.pk for q in ready.questions.all()]
    sliced = pages.ByQuestion(rows, questions, key="")
    assert len(sliced) == len(ids)
    for start, stop in [(0, 7), (5, 5), (len(ids) - 3, len(ids) + 10), (3, len(ids) - 2)]:
        assert [r.pk for r in sliced[start:stop]] == ids[start:stop]
    assert sliced[0].pk == ids[0] and sliced[-1].pk == ids[-1]
    with pytest.raises(IndexError):
        sliced[len(ids)]


def test_a_cached_count_follows_an_edit(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    question = ready.questions.first()
    assert question is not None
    theme = question.themes.order_by("position").first()
    assert theme is not None
    url = reverse("consultations:responses", kwargs={"pk": ready.pk})
    params = {"question": str(question.pk), "theme": str(theme.pk)}
    before = client.get(url, params).context["page"].paginator.count
    assert before == client.get(url, params).context["page"].paginator.count  # from the cache
    untagged = Response.objects.filter(question=question).exclude(codings__theme=theme).first()
    assert untagged is not None
    chosen = [*untagged.codings.values_list("theme_id", flat=True), theme.pk]
    review.set_response_themes(untagged, chosen, people.analyst)
    assert client.get(url, params).context["page"].paginator.count == before + 1
    everything = client.get(url).context["page"].paginator.count
    assert everything == Response.objects.filter(consultation=ready).count()


def test_the_closed_answers_are_distinct_and_noted_at_import(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    noted = ready.analysis_meta["closed_answers"]
    for question in ready.questions.all():
        stored = set(
            Response.objects.filter(question=question)
            .exclude(closed_answer="")
            .values_list("closed_answer", flat=True)
        )
        assert noted[question.key] == sorted(stored)
    client = people.client("viewer")
    url = reverse("consultations:responses", kwargs={"pk": ready.pk})
    offered = client.get(url).context["closed_answers"]
    assert offered == sorted(set(offered))
    assert set(offered) == {a for values in noted.values() for a in values}
    # An analysis stored before they were noted: asked of the database, the same answers.
    ready.analysis_meta = {k: v for k, v in ready.analysis_meta.items() if k != "closed_answers"}
    ready.save()
    assert client.get(url).context["closed_answers"] == offered


def test_the_importer_stores_the_same_in_small_chunks(
    ready: Consultation,
    demo_result: tuple[model.Consultation, model.Analysis],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def snapshot() -> tuple[list[tuple], Counter[tuple]]:
        responses = list(
            Response.objects.filter(consultation=ready)
            .order_by("question__position", "position")
            .values_list("question__key", "position", "respondent_id", "text", "status")
        )
        codings = Counter(
            ResponseTheme.objects.filter(response__consultation=ready).values_list(
                "response__question__key", "response__position", "theme__key", "score"
            )
        )
        return responses, codings

    whole = snapshot()
    source, analysis = demo_result
    monkeypatch.setattr(importer, "CHUNK", 7)
    importer.store_analysis(ready, source, analysis)
    assert snapshot() == whole
    assert sum(len(q.outcomes) for q in analysis.questions) == len(whole[0])


def test_threads_asking_for_the_same_counts_compute_them_once() -> None:
    calls = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(stats.remember("k-scale", slow, 60)))
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [42] * 5
    assert len(calls) == 1
