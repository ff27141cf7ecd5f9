"""Re-running an analysis is an admin's confirmed choice that never loses analysts' work."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sounding.web.consultations import review, undo
from sounding.web.consultations.background import analysis
from sounding.web.consultations.models import Consultation, Edit, Response, Snapshot
from sounding.web.jobs import queue, worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def codebooks(monkeypatch: pytest.MonkeyPatch, demo_result) -> list[Any]:  # type: ignore[no-untyped-def]
    """Stand in for the (slow) analysis with the session's result; note each codebook."""
    seen: list[Any] = []

    def analyse_source(source, use_llm, progress, codebook=None):  # type: ignore[no-untyped-def]
        seen.append(codebook)
        return demo_result[1]

    monkeypatch.setattr(analysis, "analyse_source", analyse_source)
    return seen


def _columns(consultation: Consultation) -> str:
    return reverse("consultations:columns", kwargs={"pk": consultation.pk})


def _rerun(client, consultation: Consultation, previous: str) -> int:  # type: ignore[no-untyped-def]
    """Post the columns page as shown (each column's role) with the choice made."""
    form = client.get(_columns(consultation)).context["form"]
    roles = {name: field.initial for name, field in form.fields.items() if name.startswith("role_")}
    return int(client.post(_columns(consultation), {**roles, "previous": previous}).status_code)


def _edited(ready: Consultation, people) -> tuple[str, Response, str]:  # type: ignore[no-untyped-def]
    """Rename a theme and hand-code one response, as an analyst would."""
    question = max(ready.questions.all(), key=lambda q: q.themes.count())
    theme = question.themes.order_by("position").first()
    assert theme is not None
    review.edit_theme(theme, theme.version, people.analyst, "Renamed by Sam", "", theme.stance)
    response = question.responses.filter(status=Response.Status.THEMED).first()
    other = question.themes.order_by("-position").first()
    assert response is not None and other is not None
    review.set_response_themes(response, [other.pk], people.analyst)
    return question.key, response, other.key


def test_only_an_admin_can_rerun_and_must_choose(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    analyst = people.client("analyst")
    page = analyst.get(_columns(ready)).content.decode()
    assert "Only an admin can re-run the analysis" in page and "Re-run the analysis" not in page
    assert analyst.post(_columns(ready), {}).status_code == 403
    detail = analyst.get(reverse("consultations:detail", kwargs={"pk": ready.pk})).content
    assert b"run the analysis" not in detail

    admin = people.client("admin")
    unchosen = admin.post(_columns(ready), {"previous": ""})
    assert unchosen.status_code == 200
    assert "Choose what happens to the current themes." in unchosen.content.decode()
    assert not queue.jobs_of(ready).exists()


def test_keep_recodes_against_the_analysts_themes_and_keeps_their_corrections(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
    codebooks: list[Any],
) -> None:
    question, response, theme_key = _edited(ready, people)
    assert _rerun(people.client("admin"), ready, "keep") == 302
    assert worker.run_next("test") is not None
    (book,) = codebooks
    assert "Renamed by Sam" in {t.label for t in book}
    rerun = Edit.objects.get(action="re-run analysis")
    assert Snapshot.objects.get(edit=rerun).scope == "analysis"
    again = Response.objects.get(
        consultation=ready, question__key=question, respondent_id=response.respondent_id
    )
    assert list(again.codings.values_list("theme__key", "by_analyst")) == [(theme_key, True)]
    history = people.client("viewer").get(reverse("consultations:history", kwargs={"pk": ready.pk}))
    assert "admin re-ran the analysis, keeping the analysts" in history.content.decode()


def test_fresh_start_keeps_the_old_analysis_restorable(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
    codebooks: list[Any],
) -> None:
    _edited(ready, people)
    before = sorted(ready.questions.values_list("pk", flat=True))
    assert _rerun(people.client("admin"), ready, "fresh") == 302
    assert worker.run_next("test") is not None
    assert codebooks == [None]
    ready.refresh_from_db()
    assert not ready.questions.filter(themes__label="Renamed by Sam").exists()
    assert sorted(ready.questions.values_list("pk", flat=True)) != before

    undo.undo(Edit.objects.get(action="re-run analysis"), people.admin)
    assert sorted(ready.questions.values_list("pk", flat=True)) == before
    assert ready.questions.filter(themes__label="Renamed by Sam").exists()


def test_keeping_the_work_under_another_id_column_is_refused(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
    codebooks: list[Any],
) -> None:
    """Corrections are found again by respondent id: a re-run keeping them with UserID in
    place of UserNo had dropped them without a word."""
    _edited(ready, people)
    admin = people.client("admin")
    form = admin.get(_columns(ready)).context["form"]
    roles = {name: field.initial for name, field in form.fields.items() if name.startswith("role_")}
    id_role = next(name for name, role in roles.items() if role == "id")
    refused = admin.post(_columns(ready), {**roles, id_role: "ignored", "previous": "keep"})
    assert refused.status_code == 200
    assert "they would be lost" in refused.content.decode()
    assert not queue.jobs_of(ready).exists()
    # From scratch, nothing is kept to lose.
    assert (
        admin.post(_columns(ready), {**roles, id_role: "ignored", "previous": "fresh"}).status_code
        == 302
    )
