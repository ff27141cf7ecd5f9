"""The REST API under /api/ (django-ninja, OpenAPI at /api/openapi.json), with the same access
rules as the pages: signed-in members only, analysts to edit, 404 for anything else.

This module holds the API and its reads; `review` holds the theme and response edits,
which go through `review` so they are versioned and audited exactly like the pages' edits.
Writes need the CSRF token as well as the session, like a form.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI
from ninja.security import django_auth

from sounding.web.consultations.access import signed_in_user
from sounding.web.consultations.api.base import (
    ConsultationOut,
    EditOut,
    QuestionOut,
    ResponseOut,
    ResponsePage,
    member,
    response_out,
)
from sounding.web.consultations.api.review import router as review_router
from sounding.web.consultations.models import Consultation, Membership
from sounding.web.consultations.queries import pages
from sounding.web.consultations.views.responses import PAGE_SIZE, filtered, list_key

HISTORY_PAGE = 100
#: Pages past this are empty anyway; the cap keeps the offset within what databases take.
MAX_PAGE = 1_000_000

api = NinjaAPI(
    title="Sounding",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url=None,  # Swagger UI needs scripts from a CDN; the schema is enough offline
    docs_decorator=login_required,
)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def _id_out_of_range(request: HttpRequest, error: Exception) -> HttpResponse:
    """An id beyond the database's integers names nothing: 404, not a server error."""
    return api.create_response(request, {"detail": "Not Found"}, status=404)


def _consultation_out(m: Membership) -> ConsultationOut:
    c = m.consultation
    return ConsultationOut(id=c.pk, name=c.name, state=c.state, role=m.role)


@api.get("/consultations", response=list[ConsultationOut])
def list_consultations(request: HttpRequest) -> list[ConsultationOut]:
    rows = Membership.objects.filter(user=signed_in_user(request)).select_related("consultation")
    return [_consultation_out(m) for m in rows.order_by("-consultation_id")]


@api.get("/consultations/{pk}", response=ConsultationOut)
def get_consultation(request: HttpRequest, pk: int) -> ConsultationOut:
    return _consultation_out(member(request, pk))


@api.get("/consultations/{pk}/questions", response=list[QuestionOut])
def list_questions(request: HttpRequest, pk: int) -> list[QuestionOut]:
    consultation = member(request, pk).consultation
    return [QuestionOut(id=q.pk, key=q.key, text=q.text) for q in consultation.questions.all()]


@api.get("/consultations/{pk}/responses", response=ResponsePage)
def list_responses(
    request: HttpRequest,
    pk: int,
    question: int | None = None,
    theme: int | None = None,
    stance: str | None = None,
    flagged: bool = False,
    q: str | None = None,
    page: int = 1,
) -> ResponsePage:
    """Responses filtered as on the Responses page, PAGE_SIZE at a time."""
    consultation: Consultation = member(request, pk).consultation
    given = {"question": question, "theme": theme, "stance": stance, "q": q}
    params = {k: str(v) for k, v in given.items() if v is not None}
    if flagged:
        params["flagged"] = "1"
    rows = filtered(consultation, params).prefetch_related("codings__theme")
    page = min(max(page, 1), MAX_PAGE)
    start = (page - 1) * PAGE_SIZE
    # As the Responses page pages them: counted once per filter and data version, and every
    # question's list sliced a question at a time.
    key = list_key(consultation, params)
    if question is None:
        listed = pages.ByQuestion(rows, [q.pk for q in consultation.questions.all()], key)
        items = [response_out(r) for r in listed[start : start + PAGE_SIZE]]
        return ResponsePage(count=len(listed), page=page, items=items)
    items = [response_out(r) for r in rows[start : start + PAGE_SIZE]]
    return ResponsePage(count=pages.cached(key, "count", rows.count), page=page, items=items)


@api.get("/consultations/{pk}/responses/{response_id}", response=ResponseOut)
def get_response(request: HttpRequest, pk: int, response_id: int) -> ResponseOut:
    consultation = member(request, pk).consultation
    response = get_object_or_404(consultation.responses.select_related("question"), pk=response_id)
    return response_out(response)


@api.get("/consultations/{pk}/history", response=list[EditOut])
def list_edits(request: HttpRequest, pk: int, page: int = 1) -> list[EditOut]:
    """The audit trail, newest first, HISTORY_PAGE edits at a time: who changed what."""
    consultation = member(request, pk).consultation
    start = (min(max(page, 1), MAX_PAGE) - 1) * HISTORY_PAGE
    edits = consultation.edits.select_related("user")[start : start + HISTORY_PAGE]
    return [
        EditOut(
            id=e.pk,
            at=e.at,
            user=e.user.get_username() if e.user else None,
            action=e.action,
            target=e.target,
            before=e.before,
            after=e.after,
        )
        for e in edits
    ]


api.add_router("", review_router)
