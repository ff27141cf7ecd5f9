"""Re-assigning a question's responses to its edited themes, with the real embedding model."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sounding.web.consultations import review
from sounding.web.consultations.models import (
    Consultation,
    Edit,
    Question,
    Response,
    ResponseTheme,
    Theme,
)
from sounding.web.consultations.queries.stats import COUNTED
from sounding.web.jobs import worker
from sounding.web.jobs.models import Job

pytestmark = pytest.mark.django_db


def _question(consultation: Consultation) -> Question:
    return max(consultation.questions.all(), key=lambda q: q.themes.count())


def _codings(question: Question) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for response_id, theme_id in ResponseTheme.objects.filter(
        response__question=question
    ).values_list("response_id", "theme_id"):
        found.setdefault(response_id, set()).add(theme_id)
    return found


def test_reassign_recodes_against_edited_themes_and_keeps_corrections(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    question = _question(ready)
    themes = list(question.themes.all())
    assert len(themes) >= 3
    analyst = people.analyst
    # The biggest theme is deleted and added again under a new key, as an analyst might
    # rebuild it: its former responses must find it again by meaning.
    gone = max(themes, key=lambda t: t.codings.count())
    members = set(gone.codings.values_list("response_id", flat=True))
    assert len(members) >= 3
    label, description, stance = gone.label, gone.description, gone.stance
    review.delete_theme(gone, gone.version, analyst)
    rebuilt = review.add_theme(question, analyst, f"{label} (rebuilt)", description, stance)
    # One theme is renamed, and two responses are corrected by hand (one to no theme).
    other = next(t for t in question.themes.exclude(pk=rebuilt.pk))
    review.edit_theme(other, other.version, analyst, f"{other.label}!", "Edited", other.stance)
    corrected = Response.objects.filter(question=question, pk__in=members).first()
    cleared = (
        Response.objects.filter(question=question, codings__isnull=False)
        .exclude(pk=corrected.pk)
        .first()
    )
    review.set_response_themes(corrected, [other.pk], analyst)
    review.set_response_themes(cleared, [], analyst)
    before_edits = Edit.objects.filter(consultation=ready).count()
    before = _codings(question)

    url = reverse("consultations:question_reassign", args=[ready.pk, question.pk])
    assert people.client("viewer").post(url).status_code == 403
    client = people.client("analyst")
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a second click while queued adds no job
    job = Job.objects.get(kind="reassign")
    assert job.payload == {"question_id": question.pk, "user_id": analyst.pk}
    page = client.get(reverse("consultations:themes", args=[ready.pk, question.pk]))
    assert b"waiting for a worker" in page.content
    assert _codings(question) == before  # nothing changes until the job is complete

    assert worker.run_next("reassigner") is not None
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error

    after = _codings(question)
    # Corrections are kept exactly.
    assert after.get(corrected.pk) == {other.pk}
    assert cleared.pk not in after
    assert ResponseTheme.objects.get(response=corrected).by_analyst
    # Everything else is the machine's, against current themes only.
    current = set(question.themes.values_list("pk", flat=True))
    assert all(ids <= current for ids in after.values())
    machine = ResponseTheme.objects.filter(response__question=question, by_analyst=False)
    assert machine.exists() and machine.filter(score__isnull=False).exists()
    # The rebuilt theme found most of the deleted theme's responses again, by meaning.
    found = set(rebuilt.codings.values_list("response_id", flat=True))
    left = members - {corrected.pk, cleared.pk}
    assert found and len(found & left) >= len(left) // 2, (found, left)
    # Statuses follow the coding; one audit row for the whole job.
    for response in Response.objects.filter(question=question, status__in=["themed", "other"]):
        if response.pk not in (corrected.pk, cleared.pk):
            assert (response.status == "themed") == (response.pk in after), response.pk
    edits = Edit.objects.filter(consultation=ready)
    assert edits.count() == before_edits + 1
    audit = edits.get(action="reassign responses")
    assert audit.user == analyst and audit.after["corrections_kept"] == 2
    page = client.get(reverse("consultations:themes", args=[ready.pk, question.pk]))
    assert b"last re-assigned" in page.content
    shown = {t.pk: t.count for t in page.context["themes"]}  # no stale cached counts
    assert shown[rebuilt.pk] == rebuilt.codings.filter(response__status__in=COUNTED).count()
    assert b"waiting for a worker" not in page.content


def test_reassign_without_edits_takes_no_theme_from_a_response(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    """A bin consultation's re-assign, with nothing edited, had moved clearly coded answers
    to Other ("If it saves money that can go to social care then I support it")."""
    question = _question(ready)
    before = _codings(question)
    url = reverse("consultations:question_reassign", args=[ready.pk, question.pk])
    assert people.client("analyst").post(url).status_code == 302
    assert worker.run_next("reassigner") is not None
    after = _codings(question)
    assert before and all(themes <= after.get(pk, set()) for pk, themes in before.items())


def test_reassign_needs_a_finished_analysis(uploaded: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = Question.objects.create(consultation=uploaded, key="q1", text="Q?")
    Theme.objects.create(question=question, key="t", label="T")
    url = reverse("consultations:question_reassign", args=[uploaded.pk, question.pk])
    assert people.client("analyst").post(url).status_code == 302
    assert not Job.objects.filter(kind="reassign").exists()
