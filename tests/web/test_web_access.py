"""Every URL, walked as someone signed out and as a signed-in outsider, gives nothing away."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sounding.web.consultations.models import Consultation, Edit, Membership, Response, Theme

PUBLIC = {"accounts:login", "accounts:signup", "accounts:logout", "home"}
# Pages about no consultation in particular: an outsider may see them, empty.
PERSONAL = {
    "consultations:list",
    "consultations:create",
    "api:list_consultations",
    "api:openapi-json",
    "api:openapi-view",
    "ask:page",  # each user's own conversations
    "assist:collections",  # each user's own document collections
}


def _names(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, list[str]]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _names(entry, space)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", list(entry.pattern.converters)


def all_urls(consultation: Consultation) -> list[tuple[str, str]]:
    """Every named URL, with arguments pointing into `consultation`."""
    theme = Theme.objects.filter(question__consultation=consultation).first()
    response = Response.objects.filter(consultation=consultation).first()
    values = {
        "pk": consultation.pk,
        "question_id": theme.question_id,
        "theme_id": theme.pk,
        "response_id": response.pk,
        "member_id": Membership.objects.filter(consultation=consultation).first().pk,
        "name": "report.xlsx",
        "edit_id": Edit.objects.create(consultation=consultation, action="test", target="").pk,
        "user_id": consultation.created_by_id,
        "doc_id": "0123456789abcdef",
    }
    urls = []
    for name, params in _names(get_resolver()):
        urls.append((name, reverse(name, kwargs={p: values[p] for p in params})))
    return urls


def _secrets(consultation: Consultation) -> list[bytes]:
    texts = [consultation.name]
    texts += list(
        Theme.objects.filter(question__consultation=consultation).values_list("label", flat=True)[
            :5
        ]
    )
    texts += [
        r.text[:40] for r in Response.objects.filter(consultation=consultation)[:20] if r.text
    ]
    return [t.encode() for t in texts if len(t) > 8]


@pytest.mark.django_db
def test_every_url_refuses_outsiders(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    urls = all_urls(ready)
    assert len(urls) >= 25
    assert any(name.startswith("api:") for name, _ in urls)
    secrets = _secrets(ready)
    anonymous, outsider = Client(), people.client("outsider")
    checked = 0
    for name, url in urls:
        if name in PUBLIC:
            continue
        api = name.startswith("api:")
        methods = ("get", "post", "put", "delete") if api else ("get", "post")
        for method in methods:
            signed_out = getattr(anonymous, method)(url)
            if api and signed_out.status_code != 302:
                assert signed_out.status_code in (401, 404, 405), (name, method)
            else:
                assert signed_out.status_code == 302, (name, method)
                assert "/accounts/sign-in/" in signed_out["Location"], (name, method)
            assert not [s for s in secrets if s in signed_out.content], (name, method)
            seen = getattr(outsider, method)(url)
            if name in PERSONAL:
                # A form sent empty is refused (422) like anyone's.
                assert seen.status_code in (200, 302, 405, 422), (name, method)
            else:
                # The API may refuse a missing or malformed body (400, 422) before looking
                # anything up.
                allowed = (400, 403, 404, 405, 422) if api else (403, 404, 405)
                assert seen.status_code in allowed, (name, method, seen.status_code)
            body = seen.content
            leaked = [s for s in secrets if s in body]
            assert not leaked, (name, method, leaked)
            checked += 1
    assert checked >= 2 * 18
    # Nothing changed on the way.
    assert Theme.objects.filter(question__consultation=ready).count() > 0
    assert list(ready.edits.values_list("action", flat=True)) == ["test"]  # all_urls' own


@pytest.mark.django_db
def test_viewers_cannot_change_anything(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    viewer = people.client("viewer")
    theme = Theme.objects.filter(question__consultation=ready).first()
    response = Response.objects.filter(consultation=ready).first()
    posts = {
        "consultations:theme_edit": {"pk": ready.pk, "theme_id": theme.pk},
        "consultations:theme_delete": {"pk": ready.pk, "theme_id": theme.pk},
        "consultations:theme_merge": {"pk": ready.pk, "question_id": theme.question_id},
        "consultations:theme_add": {"pk": ready.pk, "question_id": theme.question_id},
        "consultations:question_reassign": {"pk": ready.pk, "question_id": theme.question_id},
        "consultations:response_flag": {"pk": ready.pk, "response_id": response.pk},
        "consultations:response": {"pk": ready.pk, "response_id": response.pk},
        "consultations:upload": {"pk": ready.pk},
        "consultations:columns": {"pk": ready.pk},
        "consultations:members": {"pk": ready.pk},
    }
    for name, kwargs in posts.items():
        answer = viewer.post(reverse(name, kwargs=kwargs), {"label": "x", "version": 1})
        assert answer.status_code == 403, name
    assert (
        viewer.get(
            reverse(
                "consultations:themes", kwargs={"pk": ready.pk, "question_id": theme.question_id}
            )
        ).status_code
        == 200
    )
    assert ready.edits.count() == 0


@pytest.mark.django_db
def test_ids_from_another_consultation_are_not_found(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    other = Consultation.objects.create(name="Other one")
    Membership.objects.create(user=people.outsider, consultation=other, role="admin")
    theme = Theme.objects.filter(question__consultation=ready).first()
    client = people.client("outsider")
    url = reverse("consultations:theme_edit", kwargs={"pk": other.pk, "theme_id": theme.pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_ids_too_large_or_not_ascii_are_not_found_never_an_error(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    client = people.client("admin")
    huge = "9" * 25
    checked = 0
    for name, url in all_urls(ready):
        if name in PUBLIC:
            continue
        parts = url.split("/")
        for index, part in enumerate(parts):
            if part.isdigit():
                answer = client.get("/".join([*parts[:index], huge, *parts[index + 1 :]]))
                assert answer.status_code in (404, 405), (name, answer.status_code)
                checked += 1
                break
    assert checked >= 20
    assert client.get(f"/api/consultations/{2**70}").status_code == 404
    responses = reverse("consultations:responses", args=[ready.pk])
    for value in (huge, "²", "-1"):  # filters that are not ids are ignored
        assert client.get(responses, {"question": value, "theme": value}).status_code == 200
    dashboard = reverse("consultations:dashboard", args=[ready.pk])
    assert client.get(dashboard, {"by": "²"}).status_code == 200


@pytest.mark.django_db
def test_signed_in_answers_are_never_cached_and_error_titles_say_so(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    client = people.client("viewer")
    for url in (
        reverse("consultations:detail", args=[ready.pk]),
        reverse("consultations:download", args=[ready.pk, "themes.csv"]),
        f"/api/consultations/{ready.pk}",
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url
    missing = client.get(reverse("consultations:detail", args=[ready.pk + 1000]))
    assert missing.status_code == 404 and b"<title>Error:" in missing.content
