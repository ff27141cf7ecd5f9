"""API writes: add, edit, merge, split and delete themes; correct and flag responses.

Each goes through the same `review` function as the page, so it needs the analyst role,
refuses a stale version with 409, and leaves the same history rows.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sounding.web.consultations.models import (
    Consultation,
    Edit,
    Question,
    Response,
    ResponseTheme,
    Theme,
)

pytestmark = pytest.mark.django_db


def _send(client: Client, method: str, url: str, body: Any = None) -> Any:
    data = json.dumps(body) if body is not None else ""
    return getattr(client, method)(url, data, content_type="application/json")


def _two_themes(consultation: Consultation) -> tuple[Theme, Theme]:
    """The two biggest themes of a question that has at least two."""
    for question in Question.objects.filter(consultation=consultation):
        themes = sorted(question.themes.all(), key=lambda t: -t.codings.count())
        if len(themes) >= 2 and themes[1].codings.exists():
            return themes[0], themes[1]
    raise AssertionError("the demo has a question with two themes")


def _base(consultation: Consultation) -> str:
    return f"/api/consultations/{consultation.pk}"


def test_add_theme(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = Question.objects.filter(consultation=ready).first()
    url = f"{_base(ready)}/questions/{question.pk}/themes"
    body = {"label": "  Cycle lanes  ", "description": "Safer routes.", "stance": "agree"}
    assert _send(people.client("viewer"), "post", url, body).status_code == 403
    added = _send(people.client("analyst"), "post", url, body)
    assert added.status_code == 201, added.content
    theme = Theme.objects.get(pk=added.json()["id"])
    assert (theme.label, theme.origin, theme.version) == ("Cycle lanes", "analyst", 1)
    # Its id is made as the machine's themes' are, not from the question's words.
    assert theme.key.startswith("T") and len(theme.key) == 7 and " " not in theme.key
    assert added.json()["count"] == 0
    edit = Edit.objects.get(action="add theme")
    assert edit.user == people.analyst and edit.after["label"] == "Cycle lanes"
    assert _send(people.client("analyst"), "post", url, {**body, "label": " "}).status_code == 422
    # A label another theme of the question has is refused, as on the pages.
    twin = _send(people.client("analyst"), "post", url, {**body, "label": "CYCLE LANES"})
    assert twin.status_code == 400 and "Another theme of this question" in twin.json()["detail"]


def test_delete_theme_needs_the_version_read(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    theme, _ = _two_themes(ready)
    url = f"{_base(ready)}/themes/{theme.pk}"
    analyst = people.client("analyst")
    assert analyst.delete(url).status_code == 422  # no version: refused before anything
    assert people.client("viewer").delete(f"{url}?version=1").status_code == 403
    stale = analyst.delete(f"{url}?version=7")
    assert stale.status_code == 409 and "Someone else changed" in stale.json()["detail"]
    assert Theme.objects.filter(pk=theme.pk).exists()
    responses = theme.codings.count()
    assert analyst.delete(f"{url}?version=1").status_code == 204
    assert not Theme.objects.filter(pk=theme.pk).exists()
    edit = Edit.objects.get(action="delete theme")
    assert edit.before["responses"] == responses and edit.after is None


def test_merge_themes(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    keep, absorb = _two_themes(ready)
    union = set(keep.codings.values_list("response_id", flat=True)) | set(
        absorb.codings.values_list("response_id", flat=True)
    )
    url = f"{_base(ready)}/themes/{keep.pk}/merge"
    analyst = people.client("analyst")
    body = {"version": 1, "absorb": absorb.pk, "absorb_version": 1}
    assert _send(people.client("viewer"), "post", url, body).status_code == 403
    stale = _send(analyst, "post", url, {**body, "absorb_version": 2})
    assert stale.status_code == 409
    assert Theme.objects.filter(pk=absorb.pk).exists()
    keep.refresh_from_db()
    assert keep.version == 1  # the refused merge changed nothing, not even the kept theme
    itself = _send(analyst, "post", url, {**body, "absorb": keep.pk})
    assert itself.status_code == 400 and "two different themes" in itself.json()["detail"]
    other_question = Theme.objects.filter(question__consultation=ready).exclude(
        question=keep.question
    )
    assert (
        _send(analyst, "post", url, {**body, "absorb": other_question.first().pk}).status_code
        == 400
    )
    merged = _send(analyst, "post", url, body)
    assert merged.status_code == 200, merged.content
    assert merged.json()["version"] == 2
    assert set(keep.codings.values_list("response_id", flat=True)) == union
    assert not Theme.objects.filter(pk=absorb.pk).exists()
    edit = Edit.objects.get(action="merge themes")
    assert edit.before["merged"]["key"] == absorb.key


def test_split_theme_moves_the_chosen_responses(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    theme, other = _two_themes(ready)
    coded = list(theme.codings.order_by("response_id").values_list("response_id", flat=True))
    chosen = coded[: max(1, len(coded) // 2)]
    url = f"{_base(ready)}/themes/{theme.pk}/split"
    body = {"label": "Split off", "stance": theme.stance, "version": 1, "responses": chosen}
    analyst = people.client("analyst")
    assert _send(people.client("viewer"), "post", url, body).status_code == 403
    stray = other.codings.exclude(response_id__in=coded).first().response_id
    refused = _send(analyst, "post", url, {**body, "responses": [*chosen, stray]})
    assert refused.status_code == 400 and str(stray) in refused.json()["detail"]
    assert _send(analyst, "post", url, {**body, "responses": []}).status_code == 422
    assert _send(analyst, "post", url, {**body, "version": 3}).status_code == 409
    split = _send(analyst, "post", url, body)
    assert split.status_code == 201, split.content
    new = Theme.objects.get(pk=split.json()["id"])
    assert sorted(new.codings.values_list("response_id", flat=True)) == chosen
    assert sorted(theme.codings.values_list("response_id", flat=True)) == coded[len(chosen) :]
    assert split.json()["count"] <= len(chosen)
    edit = Edit.objects.get(action="split theme")
    assert edit.after["responses_moved"] == len(chosen) and edit.user == people.analyst


def test_correct_a_responses_themes(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    coding = ResponseTheme.objects.filter(response__consultation=ready).first()
    response = coding.response
    others = Theme.objects.filter(question=response.question).exclude(pk=coding.theme_id)
    url = f"{_base(ready)}/responses/{response.pk}/themes"
    analyst = people.client("analyst")
    read = analyst.get(f"{_base(ready)}/responses/{response.pk}").json()
    assert read["version"] == 1 and coding.theme_id in read["theme_ids"]
    body = {"themes": [others.first().pk], "version": read["version"]}
    assert _send(people.client("viewer"), "put", url, body).status_code == 403
    foreign = Theme.objects.filter(question__consultation=ready).exclude(question=response.question)
    bad = _send(analyst, "put", url, {**body, "themes": [foreign.first().pk]})
    assert bad.status_code == 400 and "Not themes of this response" in bad.json()["detail"]
    saved = _send(analyst, "put", url, body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["theme_ids"] == [others.first().pk] and saved.json()["version"] == 2
    edit = Edit.objects.get(action="correct themes")
    assert edit.response_id == response.pk and edit.after == [others.first().key]
    # A second analyst who read version 1 cannot silently undo it.
    stale = _send(people.client("admin"), "put", url, {"themes": [], "version": 1})
    assert stale.status_code == 409 and "response" in stale.json()["detail"]
    assert list(response.codings.values_list("theme_id", flat=True)) == [others.first().pk]
    # Sending what is already there changes nothing and writes no history.
    again = _send(analyst, "put", url, {**body, "version": 2})
    assert again.status_code == 200 and again.json()["version"] == 2
    assert Edit.objects.filter(action="correct themes").count() == 1


def test_flag_a_response(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    response = Response.objects.filter(consultation=ready).first()
    url = f"{_base(ready)}/responses/{response.pk}/flag"
    analyst = people.client("analyst")
    viewer = _send(people.client("viewer"), "put", url, {"flagged": True, "version": 1})
    assert viewer.status_code == 403
    flagged = _send(analyst, "put", url, {"flagged": True, "version": 1})
    assert flagged.status_code == 200 and flagged.json()["flagged"] is True
    assert _send(analyst, "put", url, {"flagged": False, "version": 1}).status_code == 409
    assert _send(analyst, "put", url, {"flagged": False, "version": 2}).json()["version"] == 3
    assert list(Edit.objects.order_by("id").values_list("action", flat=True)) == ["flag", "unflag"]
    listed = analyst.get(f"{_base(ready)}/responses", {"flagged": True}).json()
    assert listed["count"] == 0


def test_api_and_page_leave_the_same_history(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """Flagging and correcting through the page and through the API record the same rows."""
    first, second = Response.objects.filter(consultation=ready).exclude(status="blank")[:2]
    analyst = people.client("analyst")
    flag = reverse("consultations:response_flag", kwargs={"pk": ready.pk, "response_id": first.pk})
    analyst.post(flag, {"flagged": "1"})
    _send(
        analyst,
        "put",
        f"{_base(ready)}/responses/{second.pk}/flag",
        {"flagged": True, "version": 1},
    )
    page_edit, api_edit = Edit.objects.filter(action="flag").order_by("id")
    for field in ("action", "before", "after", "user_id"):
        assert getattr(page_edit, field) == getattr(api_edit, field), field
    assert page_edit.target.startswith("response ") and api_edit.target.startswith("response ")
    history = people.client("viewer").get(f"{_base(ready)}/history").json()
    assert [h["action"] for h in history] == ["flag", "flag"]
    assert {h["user"] for h in history} == {"analyst"}


def test_writes_refuse_outsiders_and_need_csrf(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    theme, other = _two_themes(ready)
    response = Response.objects.filter(consultation=ready).first()
    merge = {"version": 1, "absorb": other.pk, "absorb_version": 1}
    split = {"label": "x", "stance": "agree", "version": 1, "responses": [response.pk]}
    writes = [
        ("post", f"/questions/{theme.question_id}/themes", {"label": "x", "stance": "agree"}),
        ("post", f"/themes/{theme.pk}/merge", merge),
        ("post", f"/themes/{theme.pk}/split", split),
        ("put", f"/responses/{response.pk}/themes", {"themes": [], "version": 1}),
        ("put", f"/responses/{response.pk}/flag", {"flagged": True, "version": 1}),
        ("delete", f"/themes/{theme.pk}?version=1", None),
    ]
    outsider = people.client("outsider")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.analyst)
    for method, path, body in writes:
        url = _base(ready) + path
        assert _send(outsider, method, url, body).status_code == 404, path
        assert _send(Client(), method, url, body).status_code == 401, path
        assert _send(strict, method, url, body).status_code == 403, path
    assert not Edit.objects.exists()
    assert Theme.objects.filter(pk=theme.pk, version=1).exists()
