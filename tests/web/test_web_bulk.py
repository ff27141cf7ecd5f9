"""Giving or taking a theme for every response a filter shows: asked first, one History
entry, undone as one, and respected by a later Re-assign."""

from __future__ import annotations

from html import escape

import pytest
from django.urls import reverse

from sounding.web.consultations import undo
from sounding.web.consultations.background.analysts_work import corrected_ids
from sounding.web.consultations.models import Consultation, Edit, Response, ResponseTheme, Theme

pytestmark = pytest.mark.django_db


def _codings(question_id: int) -> set[tuple[int, int]]:
    return set(
        ResponseTheme.objects.filter(response__question_id=question_id).values_list(
            "response_id", "theme_id"
        )
    )


def test_bulk_add_then_undo(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = max(ready.questions.all(), key=lambda q: q.themes.count())
    source, target = list(question.themes.order_by("position")[:2])
    filters = {"question": str(question.pk), "theme": str(source.pk)}
    client = people.client("analyst")
    listing = client.get(reverse("consultations:responses", args=[ready.pk]), filters)
    assert 'id="bulk"' in listing.content.decode()
    assert (
        'id="bulk"'
        not in people.client("viewer")
        .get(reverse("consultations:responses", args=[ready.pk]), filters)
        .content.decode()
    )
    before = _codings(question.pk)
    statuses = dict(question.responses.values_list("pk", "status"))
    url = reverse("consultations:responses_bulk", args=[ready.pk])
    form = {**filters, "bulk_action": "add", "bulk_theme": str(target.pk)}
    asked = client.post(url, form)
    members = source.codings.count()
    assert asked.status_code == 200
    assert f"to {members} response" in asked.content.decode()
    assert _codings(question.pk) == before  # asking changed nothing

    done = client.post(url, {**form, "confirmed": "1"})
    assert done.status_code == 302 and done["Location"].startswith(
        reverse("consultations:responses", args=[ready.pk])
    )
    holders = set(source.codings.values_list("response_id", flat=True))
    assert holders <= set(target.codings.values_list("response_id", flat=True))
    edit = Edit.objects.get(action="bulk add theme")
    history = client.get(reverse("consultations:history", args=[ready.pk])).content.decode()
    assert escape(f"added the theme “{target.label}”") in history
    assert escape(f"matching theme “{source.label}”") in history

    undo.undo(edit, people.analyst)
    assert _codings(question.pk) == before
    assert dict(question.responses.values_list("pk", "status")) == statuses


def test_bulk_remove_sends_bare_responses_to_other_and_reassign_keeps_it(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    question = max(ready.questions.all(), key=lambda q: q.themes.count())
    theme = max(question.themes.all(), key=lambda t: t.codings.count())
    holders = set(theme.codings.values_list("response_id", flat=True))
    only_this = {pk for pk in holders if ResponseTheme.objects.filter(response_id=pk).count() == 1}
    client = people.client("analyst")
    form = {
        "question": str(question.pk),
        "theme": str(theme.pk),
        "bulk_action": "remove",
        "bulk_theme": str(theme.pk),
        "confirmed": "1",
    }
    assert (
        client.post(reverse("consultations:responses_bulk", args=[ready.pk]), form).status_code
        == 302
    )
    assert not Theme.objects.get(pk=theme.pk).codings.exists()
    statuses = set(Response.objects.filter(pk__in=only_this).values_list("status", flat=True))
    assert statuses <= {"other"}
    assert holders <= corrected_ids(question)  # a Re-assign leaves these as the analyst left them


def test_bulk_is_refused_across_questions(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    first, second = list(ready.questions.all()[:2])
    theme = second.themes.first()
    form = {"question": str(first.pk), "bulk_action": "add", "bulk_theme": str(theme.pk)}
    client = people.client("analyst")
    answer = client.post(
        reverse("consultations:responses_bulk", args=[ready.pk]), {**form, "confirmed": "1"}
    )
    assert answer.status_code == 302
    assert not Edit.objects.filter(action__startswith="bulk").exists()
    viewer = people.client("viewer")
    assert (
        viewer.post(reverse("consultations:responses_bulk", args=[ready.pk]), form).status_code
        == 403
    )


def test_bulk_add_leaves_blank_answers_alone(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """ "Change all 420 responses" had given the theme to 66 blank answers, and its page had
    said "every response of this question every response of the question"."""
    question = max(ready.questions.all(), key=lambda q: q.themes.count())
    blank = question.responses.filter(status=Response.Status.BLANK)
    if not blank.exists():  # the demo may have none: make two
        for response in question.responses.filter(status=Response.Status.OTHER)[:2]:
            response.codings.all().delete()
            Response.objects.filter(pk=response.pk).update(status=Response.Status.BLANK)
    blanks = set(blank.values_list("pk", flat=True))
    assert blanks
    target = question.themes.order_by("position").first()
    client = people.client("analyst")
    url = reverse("consultations:responses_bulk", args=[ready.pk])
    form = {"question": str(question.pk), "bulk_action": "add", "bulk_theme": str(target.pk)}
    asked = client.post(url, form).content.decode()
    codable = question.responses.exclude(status__in=["blank", "rejected"]).count()
    assert f"to {codable} response" in asked
    assert "every response of the question" not in asked
    client.post(url, {**form, "confirmed": "1"})
    assert not set(target.codings.values_list("response_id", flat=True)) & blanks
