"""Reviewing responses one after another: themes in the list, next/previous within the
current filter, and a way back to the same list."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from sounding.web.consultations.models import Consultation, Response

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_responses_themes(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = ready.questions.first()
    page = people.client("viewer").get(
        reverse("consultations:responses", args=[ready.pk]), {"question": question.pk}
    )
    body = page.content.decode()
    shown = page.context["page"].object_list
    coded = [r for r in shown if r.codings.exists()]
    assert coded
    for response in coded[:5]:
        for coding in response.codings.select_related("theme"):
            assert escape(coding.theme.label) in body


def test_next_previous_and_back_keep_the_filter(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = ready.questions.first()
    theme = max(question.themes.all(), key=lambda t: t.codings.count())
    filters = {"question": question.pk, "theme": theme.pk, "page": 1}
    client = people.client("viewer")
    listed = client.get(reverse("consultations:responses", args=[ready.pk]), filters)
    order = [r.pk for r in listed.context["page"].paginator.object_list]
    assert len(order) >= 3
    expected = list(
        Response.objects.filter(question=question, codings__theme=theme)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    assert order == expected
    link = reverse("consultations:response", args=[ready.pk, order[0]]) + "?" + urlencode(filters)
    assert escape(link) in listed.content.decode()  # the list links with its filter

    seen = [order[0]]
    url = link
    while True:
        page = client.get(url)
        assert page.context["back"] == urlencode(filters)
        if page.context["next"] is None:
            break
        url = reverse("consultations:response", args=[ready.pk, page.context["next"]])
        url += "?" + urlencode(filters)
        seen.append(page.context["next"])
    assert seen == order  # every response of the filter, in the list's order, once
    last = client.get(url)
    assert last.context["previous"] == order[-2]
    back = last.content.decode()
    assert (
        escape(reverse("consultations:responses", args=[ready.pk]) + "?" + urlencode(filters))
        in back
    )


def test_next_follows_a_meaning_search(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = ready.questions.first()
    filters = {"question": question.pk, "meaning": "safety of children near schools"}
    client = people.client("viewer")
    listed = client.get(reverse("consultations:responses", args=[ready.pk]), filters)
    ranked = listed.context["page"].paginator.object_list.ids()
    page = client.get(reverse("consultations:response", args=[ready.pk, ranked[1]]), filters)
    assert (page.context["previous"], page.context["next"]) == (ranked[0], ranked[2])


def test_a_response_shows_the_language_it_was_written_in(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    answered = Response.objects.filter(question__consultation=ready).exclude(language="")
    assert answered.exists()  # the analysis told languages apart and the import kept them
    response = answered.first()
    client = people.client("viewer")
    url = reverse("consultations:response", args=[ready.pk, response.pk])
    assert '<dt class="govuk-summary-list__key">Language</dt>' in client.get(url).content.decode()
    Response.objects.filter(pk=response.pk).update(language="cy")
    assert "Welsh" in client.get(url).content.decode()
