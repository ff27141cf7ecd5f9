"""The responses list: per-user unread marks, and search by meaning with the real model."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sounding.services import embedding
from sounding.web.consultations import review
from sounding.web.consultations.models import Consultation, Question, ReadMark, Response
from sounding.web.consultations.queries import search
from sounding.web.consultations.views import responses as responses_view

pytestmark = pytest.mark.django_db


def _list(client, consultation: Consultation, **params: object):  # type: ignore[no-untyped-def]
    return client.get(reverse("consultations:responses", args=[consultation.pk]), params)


def test_unread_filter_is_per_user(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    viewer, analyst = people.client("viewer"), people.client("analyst")
    total = Response.objects.filter(consultation=ready).count()
    assert _list(viewer, ready, unread=1).context["page"].paginator.count == total
    opened = list(Response.objects.filter(consultation=ready)[:3])
    for response in opened:
        page = viewer.get(reverse("consultations:response", args=[ready.pk, response.pk]))
        assert page.status_code == 200
    viewer.get(reverse("consultations:response", args=[ready.pk, opened[0].pk]))  # twice: one mark
    assert ReadMark.objects.filter(user=people.viewer).count() == 3
    unread = _list(viewer, ready, unread=1)
    assert unread.context["page"].paginator.count == total - 3
    shown = {r.pk for r in unread.context["page"].paginator.object_list}
    assert not shown & {r.pk for r in opened}
    assert b'id="f-unread" name="unread" value="1" checked' in unread.content
    # Another user's reading changes nothing for the analyst; outsiders mark nothing.
    assert _list(analyst, ready, unread=1).context["page"].paginator.count == total
    outsider = people.client("outsider")
    assert (
        outsider.get(reverse("consultations:response", args=[ready.pk, opened[1].pk])).status_code
        == 404
    )
    assert not ReadMark.objects.filter(user=people.outsider).exists()
    # Combined with another filter.
    question = ready.questions.first()
    count = _list(viewer, ready, unread=1, question=question.pk).context["page"].paginator.count
    read_here = sum(1 for r in opened if r.question_id == question.pk)
    assert count == question.responses.count() - read_here


def _parking_question(ready: Consultation) -> Question:
    """The question whose responses include the hostile row's parking complaint."""
    return Response.objects.get(consultation=ready, text__contains="<script>").question


def test_search_by_meaning_ranks_the_question_by_similarity(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    question = _parking_question(ready)
    viewer = people.client("viewer")
    # No shared keyword with the hostile row's "charging for parking on my street is unfair".
    query = "fees to leave a car outside your home"
    page = _list(viewer, ready, question=question.pk, meaning=query)
    assert page.status_code == 200
    ranked = page.context["page"].paginator.object_list
    with_text = question.responses.exclude(text="").count()
    assert len(ranked) == with_text
    scores = [r.similarity for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(-1.01 <= s <= 1.01 for s in scores)
    top = [r.text for r in ranked[:5]]
    assert any("parking" in t.lower() for t in top), top
    # Response text stays escaped in the ranked list; the scores are shown.
    assert b"<script>alert" not in page.content
    assert b"Similarity" in page.content
    # Keyword search is unchanged and combines with meaning.
    both = _list(viewer, ready, question=question.pk, q="parking", meaning=query)
    assert all("parking" in r.text.lower() for r in both.context["page"].paginator.object_list)
    # The model is loaded once per process: a second search reuses it.
    model = embedding.shared_model(search.sounding_settings())
    _list(viewer, ready, question=question.pk, meaning="bus fares")
    assert embedding.shared_model(search.sounding_settings()) is model
    settings = search.sounding_settings()
    assert sum(key[0] == settings.embedding_model for key in embedding._SHARED) == 1


def test_search_by_meaning_says_when_the_model_is_missing(
    ready: Consultation,
    people,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    def broken(rows, query, key="", whole=False):  # type: ignore[no-untyped-def]
        raise search.SearchUnavailable("Search by meaning is unavailable: no model.")

    monkeypatch.setattr(search, "by_meaning", broken)
    page = _list(people.client("viewer"), ready, meaning="anything")
    assert page.status_code == 200
    assert b"Search by meaning is unavailable" in page.content
    assert (
        page.context["page"].paginator.count == Response.objects.filter(consultation=ready).count()
    )


def test_a_query_is_ranked_once_and_again_only_when_the_data_changes(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    question = _parking_question(ready)
    rankings: list[str] = []
    real = search.query_vector
    monkeypatch.setattr(search, "query_vector", lambda q, s: rankings.append(q) or real(q, s))
    monkeypatch.setattr(responses_view, "PAGE_SIZE", 5)
    viewer = people.client("viewer")
    first = _list(viewer, ready, question=question.pk, meaning="parking fees")
    second = _list(viewer, ready, question=question.pk, meaning="parking fees", page=2)
    assert rankings == ["parking fees"]  # page two came from the cached ranking
    assert first.context["page"].number == 1 and second.context["page"].number == 2
    top = first.context["page"].object_list[0]
    # An analyst's edit changes what the filters may return: the next search ranks again.
    theme = question.themes.first()
    review.edit_theme(theme, theme.version, people.analyst, "Renamed", "", theme.stance)
    _list(viewer, ready, question=question.pk, meaning="parking fees")
    assert rankings == ["parking fees"] * 2
    again = _list(viewer, ready, question=question.pk, meaning="parking fees")
    assert again.context["page"].object_list[0].pk == top.pk
