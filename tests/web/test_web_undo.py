"""Every change to themes can be undone from History, which reads as sentences."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest
from django.urls import reverse

from sounding.web.consultations import review, undo
from sounding.web.consultations.models import (
    Consultation,
    Edit,
    Question,
    Response,
    ResponseTheme,
    Snapshot,
    Theme,
)
from sounding.web.consultations.queries import stats

pytestmark = pytest.mark.django_db


def _question(consultation: Consultation) -> Question:
    return max(consultation.questions.all(), key=lambda q: q.themes.count())


def _state(question: Question) -> dict[str, Any]:
    """What an analyst sees of a question: themes by id and each response's themes."""
    codings: dict[int, set[int]] = {}
    for response_id, theme_id in ResponseTheme.objects.filter(
        response__question=question
    ).values_list("response_id", "theme_id"):
        codings.setdefault(response_id, set()).add(theme_id)
    return {
        "themes": sorted(
            question.themes.values_list("pk", "key", "label", "description", "stance")
        ),
        "codings": codings,
        "statuses": dict(question.responses.values_list("pk", "status")),
    }


def _themes(question: Question) -> list[Theme]:
    return list(question.themes.order_by("-position", "pk"))


def test_each_theme_change_is_undone_back_to_exactly_what_was_there(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    question = _question(ready)
    user = people.analyst
    original = _state(question)
    a, b, c = _themes(question)[:3]
    changes = [
        lambda: review.edit_theme(a, a.version, user, "Renamed", "New words", "neutral"),
        lambda: review.merge_themes(a, a.version, b, b.version, user),
        lambda: review.delete_theme(c, c.version, user),
        lambda: review.add_theme(question, user, "Brand new", "", "neutral"),
    ]
    states = [original]
    for change in changes:
        change()
        states.append(_state(question))
    assert states[-1] != original
    # Undo the last change first, then the one before, ...: each step goes back one state.
    for back in range(len(changes), 0, -1):
        edit = Edit.objects.filter(consultation=ready, reverted_by=None).exclude(action="undo")
        undo.undo(edit.order_by("-pk").first(), people.analyst)  # type: ignore[arg-type]
        now = _state(question)
        assert now["themes"] == states[back - 1]["themes"]
        assert now["codings"] == states[back - 1]["codings"]
    assert _state(question) == original


def test_undoing_an_early_change_undoes_the_later_ones_on_that_question_only(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    questions = sorted(ready.questions.all(), key=lambda q: -q.themes.count())
    first, other = questions[0], questions[1]
    original, other_before = _state(first), _state(other)
    a, b = _themes(first)[:2]
    review.edit_theme(a, a.version, people.analyst, "Step one", "", "neutral")
    early = Edit.objects.latest("pk")
    x = _themes(other)[0]
    review.edit_theme(x, x.version, people.analyst, "Elsewhere", "", "neutral")
    b.refresh_from_db()
    review.edit_theme(b, b.version, people.analyst, "Step two", "", "neutral")
    assert [e.action for e in undo.later_changes(early)] == ["edit theme"]

    done = undo.undo(early, people.analyst)
    assert _state(first)["themes"] == original["themes"]
    assert Edit.objects.filter(reverted_by=done).count() == 2  # the early one and step two
    assert other.themes.filter(label="Elsewhere").exists()  # the other question kept its edit
    assert _state(other)["codings"] == other_before["codings"]
    with pytest.raises(undo.CannotUndo, match="already been undone"):
        undo.undo(early, people.analyst)


def test_an_undo_can_itself_be_undone(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = _question(ready)
    a = _themes(question)[0]
    review.edit_theme(a, a.version, people.analyst, "Changed", "", "neutral")
    changed = _state(question)
    done = undo.undo(Edit.objects.latest("pk"), people.analyst)
    assert not question.themes.filter(label="Changed").exists()
    undo.undo(done, people.analyst)
    assert _state(question)["themes"] == changed["themes"]


def test_a_page_loaded_before_an_undo_cannot_overwrite_it(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    question = _question(ready)
    a = _themes(question)[0]
    review.edit_theme(a, a.version, people.analyst, "Changed", "", "neutral")
    seen = Theme.objects.get(pk=a.pk).version
    undo.undo(Edit.objects.latest("pk"), people.analyst)
    with pytest.raises(review.StaleEdit):
        review.edit_theme(Theme.objects.get(pk=a.pk), seen, people.analyst, "Stale", "", "neutral")


def test_a_response_correction_and_a_flag_are_undone_alone(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    question = _question(ready)
    response = question.responses.filter(status=Response.Status.THEMED).first()
    assert response is not None
    before = set(response.codings.values_list("theme_id", flat=True))
    other = question.themes.exclude(pk__in=before).first()
    assert other is not None
    review.set_response_themes(response, [other.pk], people.analyst)
    correction = Edit.objects.latest("pk")
    review.set_flag(response, True, people.analyst)
    flag = Edit.objects.latest("pk")

    undo.undo(flag, people.analyst)
    assert not Response.objects.get(pk=response.pk).flagged
    undo.undo(correction, people.analyst)
    assert set(response.codings.values_list("theme_id", flat=True)) == before
    # ... as the machine's again, and no longer counted as a correction (a new user's
    # response had kept "(analyst)" and the dashboard's count of corrections).
    assert not response.codings.filter(by_analyst=True).exists()
    assert stats.agreement(question)["corrected"] == 0
    # A correction changed again since is not silently overwritten.
    review.set_response_themes(response, [other.pk], people.analyst)
    again = Edit.objects.latest("pk")
    review.set_response_themes(response, [], people.analyst)
    with pytest.raises(undo.CannotUndo, match="changed again"):
        undo.undo(again, people.analyst)


def test_history_reads_as_sentences_and_undo_asks_first(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    question = _question(ready)
    a, b = _themes(question)[:2]
    review.edit_theme(a, a.version, people.analyst, "Fares too high", "", a.stance)
    a.refresh_from_db()
    absorbed = b.pk
    review.merge_themes(a, a.version, b, b.version, people.analyst)
    merge = Edit.objects.latest("pk")
    client = people.client("analyst")
    page = client.get(reverse("consultations:history", kwargs={"pk": ready.pk}))
    body = page.content.decode()
    assert "analyst renamed “" in body and "to “Fares too high”" in body
    merged = f"analyst merged “{b.label}” into “Fares too high” in “{question.short_text}”"
    assert escape(merged) in body
    assert "{" not in body.split('id="history"')[1].split("</table>")[0]  # no raw values
    assert b.key not in body

    url = reverse("consultations:history_undo", kwargs={"pk": ready.pk, "edit_id": merge.pk})
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Undo this change?" in confirm.content.decode()
    assert question.themes.filter(pk=absorbed).count() == 0  # asking changed nothing
    assert client.post(url).status_code == 302
    assert question.themes.filter(pk=absorbed).exists()
    body = client.get(reverse("consultations:history", kwargs={"pk": ready.pk})).content.decode()
    assert "analyst undid a change: merged" in body and "Undone" in body
    assert "and can be undone" in body  # an undo of themes keeps what it replaced
    # Undoing the undo makes the merge again, and says so once (it had read "undid a
    # change: undid a change: merged…").
    again = Edit.objects.filter(action="undo").latest("pk")
    undo.undo(again, people.analyst)
    body = client.get(reverse("consultations:history", kwargs={"pk": ready.pk})).content.decode()
    assert "analyst made a change again: merged" in body
    assert "undid a change: undid a change" not in body
    assert not question.themes.filter(pk=absorbed).exists()

    # One response's correction, undone, is made again by hand: the page says so, rather
    # than promise an undo History does not offer.
    response = question.responses.filter(status=Response.Status.THEMED).first()
    review.set_response_themes(response, [], people.analyst)
    correction = Edit.objects.latest("pk")
    undo_url = reverse(
        "consultations:history_undo", kwargs={"pk": ready.pk, "edit_id": correction.pk}
    )
    done = client.post(undo_url, follow=True).content.decode()
    assert "to put the change back, make it again" in done

    viewer = people.client("viewer")
    assert viewer.post(url).status_code == 403


def test_restoring_a_whole_analysis_is_for_admins(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    before = {q.key: _state(q) for q in ready.questions.all()}
    rerun = Edit.objects.create(consultation=ready, action="re-run analysis", target=ready.name)
    undo.capture_analysis(ready).keep_for(rerun)
    ready.questions.all().delete()  # as a re-run replaces them
    url = reverse("consultations:history_undo", kwargs={"pk": ready.pk, "edit_id": rerun.pk})
    refused = people.client("analyst").post(url)
    assert refused.status_code == 302 and not ready.questions.exists()
    assert people.client("admin").post(url).status_code == 302
    after = {q.key: _state(q) for q in ready.questions.all()}
    assert after == before
    assert Snapshot.objects.filter(edit__action="undo", scope="analysis").exists()


def test_history_names_a_theme_deleted_since_by_its_label(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    question = _question(ready)
    gone = _themes(question)[0]
    response = Response.objects.filter(question=question).exclude(codings__theme=gone).first()
    review.set_response_themes(response, [gone.pk], people.analyst)
    review.delete_theme(gone, gone.version, people.analyst)
    client = people.client("analyst")
    body = client.get(reverse("consultations:history", kwargs={"pk": ready.pk})).content.decode()
    rows = body.split('id="history"')[1].split("</table>")[0]
    assert escape(f"set the themes of response {response.respondent_id}") in rows
    assert escape(f"to “{gone.label}”") in rows and gone.key not in rows
