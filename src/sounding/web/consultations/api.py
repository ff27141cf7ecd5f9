"""The REST API under /api/ (django-ninja, OpenAPI at /api/openapi.json), with the same access
rules as the pages: signed-in members only, analysts to edit, 404 for anything else.

Reads reuse the pages' queries; the one write (editing a theme) goes through `review`, so
it is versioned and audited exactly like an edit in the browser.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from sounding.web.consultations import review
from sounding.web.consultations.access import membership
from sounding.web.consultations.models import Consultation, Membership, Role, Stance, Theme
from sounding.web.consultations.stats import theme_counts
from sounding.web.consultations.views.responses import PAGE_SIZE, filtered

api = NinjaAPI(
    title="Sounding",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url=None,  # Swagger UI needs scripts from a CDN; the schema is enough offline
    docs_decorator=login_required,
)


class ConsultationOut(Schema):
    id: int
    name: str
    state: str
    role: str


class QuestionOut(Schema):
    id: int
    key: str
    text: str


class ThemeOut(Schema):
    id: int
    key: str
    label: str
    description: str
    stance: str
    version: int
    count: int
    agree: int
    disagree: int
    neutral: int


class ThemeIn(Schema):
    label: str
    description: str = ""
    stance: Stance
    version: int


class ResponseOut(Schema):
    id: int
    respondent_id: str
    question: str
    text: str
    status: str
    stance: str
    flagged: bool
    metadata: dict[str, Any]
    themes: list[str]


class ResponsePage(Schema):
    count: int
    page: int
    items: list[ResponseOut]


class Problem(Schema):
    detail: str


def _member(request: HttpRequest, pk: int, role: Role = Role.VIEWER) -> Membership:
    member = membership(request.user, pk)  # 404 for non-members, as on the pages
    if not member.allows(role):
        raise HttpError(403, f"This needs the {role.label.lower()} role.")
    return member


def _consultation_out(m: Membership) -> ConsultationOut:
    c = m.consultation
    return ConsultationOut(id=c.pk, name=c.name, state=c.state, role=m.role)


@api.get("/consultations", response=list[ConsultationOut])
def list_consultations(request: HttpRequest) -> list[ConsultationOut]:
    rows = Membership.objects.filter(user=request.user).select_related("consultation")
    return [_consultation_out(m) for m in rows.order_by("-consultation_id")]


@api.get("/consultations/{pk}", response=ConsultationOut)
def get_consultation(request: HttpRequest, pk: int) -> ConsultationOut:
    return _consultation_out(_member(request, pk))


@api.get("/consultations/{pk}/questions", response=list[QuestionOut])
def list_questions(request: HttpRequest, pk: int) -> list[QuestionOut]:
    consultation = _member(request, pk).consultation
    return [QuestionOut(id=q.pk, key=q.key, text=q.text) for q in consultation.questions.all()]


@api.get("/consultations/{pk}/questions/{question_id}/themes", response=list[ThemeOut])
def list_themes(request: HttpRequest, pk: int, question_id: int) -> list[Any]:
    consultation = _member(request, pk).consultation
    question = get_object_or_404(consultation.questions, pk=question_id)
    return list(theme_counts(question))


@api.put(
    "/consultations/{pk}/themes/{theme_id}",
    response={200: ThemeOut, 409: Problem},
)
def edit_theme(request: HttpRequest, pk: int, theme_id: int, body: ThemeIn) -> Any:
    """Rename or re-describe a theme; `version` must be the one read, or 409 is returned."""
    consultation = _member(request, pk, Role.ANALYST).consultation
    theme = get_object_or_404(Theme, pk=theme_id, question__consultation=consultation)
    try:
        review.edit_theme(
            theme, body.version, request.user, body.label, body.description, str(body.stance)
        )
    except review.StaleEdit as stale:
        return Status(409, Problem(detail=str(stale)))
    return Status(200, theme_counts(theme.question).get(pk=theme.pk))


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
    consultation: Consultation = _member(request, pk).consultation
    params = {"question": question, "theme": theme, "stance": stance, "q": q}
    params = {k: str(v) for k, v in params.items() if v is not None}
    if flagged:
        params["flagged"] = "1"
    rows = filtered(consultation, params).prefetch_related("codings__theme")
    start = (max(page, 1) - 1) * PAGE_SIZE
    items = [_response_out(r) for r in rows[start : start + PAGE_SIZE]]
    return ResponsePage(count=rows.count(), page=max(page, 1), items=items)


@api.get("/consultations/{pk}/responses/{response_id}", response=ResponseOut)
def get_response(request: HttpRequest, pk: int, response_id: int) -> ResponseOut:
    consultation = _member(request, pk).consultation
    response = get_object_or_404(consultation.responses.select_related("question"), pk=response_id)
    return _response_out(response)


def _response_out(r: Any) -> ResponseOut:
    return ResponseOut(
        id=r.pk,
        respondent_id=r.respondent_id,
        question=r.question.key,
        text=r.text,
        status=r.status,
        stance=r.stance,
        flagged=r.flagged,
        metadata=r.metadata or {},
        themes=sorted(c.theme.key for c in r.codings.all()),
    )
