"""The REST API: the same access rules as the pages, versioned edits, an OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sounding.web.consultations.models import Consultation, Edit, Response, Theme

pytestmark = pytest.mark.django_db


def test_members_read_consultations_themes_and_responses(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    listed = client.get("/api/consultations").json()
    assert listed == [{"id": ready.pk, "name": "Demo", "state": "ready", "role": "viewer"}]
    questions = client.get(f"/api/consultations/{ready.pk}/questions").json()
    assert [q["key"] for q in questions] == list(ready.questions.values_list("key", flat=True))
    themes = client.get(f"/api/consultations/{ready.pk}/questions/{questions[0]['id']}/themes")
    assert themes.status_code == 200
    assert {t["key"] for t in themes.json()} == set(
        Theme.objects.filter(question_id=questions[0]["id"]).values_list("key", flat=True)
    )
    page = client.get(f"/api/consultations/{ready.pk}/responses", {"stance": "agree"}).json()
    assert page["count"] == Response.objects.filter(consultation=ready, stance="agree").count()
    one = page["items"][0]
    detail = client.get(f"/api/consultations/{ready.pk}/responses/{one['id']}").json()
    assert detail == one
    hostile = client.get(f"/api/consultations/{ready.pk}/responses", {"q": "<script>"}).json()
    assert hostile["items"][0]["text"].startswith("<script>")  # JSON: data, never markup
    assert (
        client.get(f"/api/consultations/{ready.pk}/responses/{one['id']}")
        .headers["Content-Type"]
        .startswith("application/json")
    )


def test_outsiders_and_signed_out_get_nothing(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    assert Client().get(f"/api/consultations/{ready.pk}").status_code == 401
    outsider = people.client("outsider")
    assert outsider.get("/api/consultations").json() == []
    assert outsider.get(f"/api/consultations/{ready.pk}").status_code == 404
    assert outsider.get(f"/api/consultations/{ready.pk}/responses").status_code == 404


def test_theme_edit_is_versioned_and_role_checked(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    theme = Theme.objects.filter(question__consultation=ready).first()
    url = f"/api/consultations/{ready.pk}/themes/{theme.pk}"
    body = {"label": "Via the API", "description": "", "stance": theme.stance, "version": 1}
    viewer = people.client("viewer")
    assert viewer.put(url, json.dumps(body), content_type="application/json").status_code == 403
    analyst = people.client("analyst")
    saved = analyst.put(url, json.dumps(body), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = analyst.put(url, json.dumps({**body, "label": "Lost"}), content_type="application/json")
    assert stale.status_code == 409 and "Someone else changed" in stale.json()["detail"]
    theme.refresh_from_db()
    assert theme.label == "Via the API"
    assert Edit.objects.filter(action="edit theme", user=people.analyst).count() == 1


def test_api_writes_need_csrf(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    theme = Theme.objects.filter(question__consultation=ready).first()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.analyst)
    body = {"label": "x", "description": "", "stance": theme.stance, "version": 1}
    answer = strict.put(
        f"/api/consultations/{ready.pk}/themes/{theme.pk}",
        json.dumps(body),
        content_type="application/json",
    )
    assert answer.status_code == 403


def test_openapi_schema_is_served_to_signed_in_users(people) -> None:  # type: ignore[no-untyped-def]
    assert Client().get("/api/openapi.json").status_code == 302
    schema = people.client("outsider").get("/api/openapi.json").json()
    assert "/api/consultations/{pk}/responses" in schema["paths"]
